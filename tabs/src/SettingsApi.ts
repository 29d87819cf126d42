// GET and PATCH /api/settings for the Réglages page: the whole settings with their version,
// and a save whose refusals are outcomes to show (412: the stored version; 400: each field).
import { call, readBody, toError } from './api.ts';
import { readIssues, readSettingsDoc, type FieldIssue, type SettingsDoc, type SettingsPatch } from './SettingsDraft.ts';

export async function loadSettings(signal?: AbortSignal): Promise<SettingsDoc> {
  const res = await call('/settings', signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  return readSettingsDoc(body);
}

export type SaveOutcome =
  | { kind: 'saved'; doc: SettingsDoc }
  /** Someone saved since the page read: `current` is what is stored now (null if unknown). */
  | { kind: 'conflict'; message: string; current: SettingsDoc | null }
  | { kind: 'invalid'; message: string; issues: FieldIssue[] };

/** PATCH with If-Match: the version read (`new` while the settings were never stored). */
export async function saveSettings(etag: string | null, patch: SettingsPatch): Promise<SaveOutcome> {
  const res = await call('/settings', {
    method: 'PATCH',
    body: JSON.stringify(patch),
    headers: { 'Content-Type': 'application/json', 'If-Match': etag ? `"${etag}"` : 'new' },
  });
  const body = await readBody(res);
  if (res.ok) return { kind: 'saved', doc: readSettingsDoc(body) };
  const error = toError(res, body);
  if (res.status === 412) {
    const current = (body as { error?: { current?: unknown } } | null)?.error?.current;
    return { kind: 'conflict', message: error.message, current: current && typeof current === 'object' ? readSettingsDoc(current) : null };
  }
  if (res.status === 400) return { kind: 'invalid', message: error.message, issues: readIssues(error.details) };
  throw error;
}
