// The tenant's people for the Personnes and Réglages pages: the names not linked yet, a
// search among the known people, names for the ids the settings hold, and the link.
import { useEffect, useState } from 'react';
import { ApiError, call, readBody, toError, type PersonRecord } from './api.ts';

export type Person = PersonRecord;

/** Linked to a Teams identity: what the API's `unlinked` leaves out. */
export const isLinked = (p: Pick<Person, 'entraObjectId' | 'teamsUserId'>) => p.entraObjectId !== null || p.teamsUserId !== null;

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await call(path, signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  return body as T;
}

interface PeoplePage {
  items: Person[];
  continuation: string | null;
}

const pagePath = (params: Record<string, string | null>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `/people?${q.toString()}`;
};

/** Every page of a list of people, following the continuation (tenants have hundreds). */
async function allPeople(params: Record<string, string>, signal?: AbortSignal): Promise<Person[]> {
  const people: Person[] = [];
  let continuation: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: PeoplePage = await getJson<PeoplePage>(pagePath({ ...params, limit: '500', continuation }), signal);
    people.push(...(Array.isArray(res?.items) ? res.items : []));
    continuation = res?.continuation ?? null;
    if (!continuation) break;
  }
  return people;
}

/** The names no Teams identity is linked to yet (GET /api/people?unlinked=true, every page). */
export const listUnlinked = (signal?: AbortSignal) => allPeople({ unlinked: 'true' }, signal);

/**
 * People whose name or e-mail contains `text`, `max` at most: with `linkedOnly`, the known
 * people (linked to a Teams identity). The API may answer short pages when filtering:
 * they are followed until enough are found.
 */
export async function searchPeople(text: string, options: { linkedOnly: boolean; max?: number }, signal?: AbortSignal): Promise<Person[]> {
  const max = options.max ?? 20;
  const found: Person[] = [];
  let continuation: string | null = null;
  for (let page = 0; page < 20 && found.length < max; page++) {
    const res: PeoplePage = await getJson<PeoplePage>(
      pagePath({ q: text.trim(), linked: options.linkedOnly ? 'true' : null, limit: String(max - found.length), continuation }),
      signal,
    );
    found.push(...(Array.isArray(res?.items) ? res.items : []));
    continuation = res?.continuation ?? null;
    if (!continuation) break;
  }
  return found;
}

export const getPerson = (id: string, signal?: AbortSignal) => getJson<Person>(`/people/${encodeURIComponent(id)}`, signal);

/** What PATCH /api/people/{id} takes (functions/handlers/people.ts, PersonLinkBody). */
export interface LinkChange {
  email?: string | null;
  entraObjectId?: string | null;
  teamsUserId?: string | null;
  /** A person linked to a Teams identity whom this one is another name of. */
  sameAs?: string;
}

export type LinkOutcome =
  | { kind: 'linked'; person: Person }
  /** Changed by someone else since read: `current` is the person now. */
  | { kind: 'conflict'; message: string; current: Person | null }
  /** 400 (a malformed e-mail…) or 409 (the identity is someone else's), as the API words it. */
  | { kind: 'refused'; message: string };

/** PATCH /api/people/{id} with If-Match. */
export async function linkPerson(person: Pick<Person, 'id' | 'etag'>, change: LinkChange): Promise<LinkOutcome> {
  const res = await call(`/people/${encodeURIComponent(person.id)}`, {
    method: 'PATCH',
    body: JSON.stringify(change),
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${person.etag}"` },
  });
  const body = await readBody(res);
  if (res.ok) return { kind: 'linked', person: body as Person };
  const error = toError(res, body);
  if (res.status === 412) {
    const current = (body as { error?: { current?: unknown } } | null)?.error?.current;
    return { kind: 'conflict', message: error.message, current: current && typeof current === 'object' ? (current as Person) : null };
  }
  if (res.status === 400 || res.status === 409) return { kind: 'refused', message: error.message };
  throw error;
}

// ───────────────────────── names for ids ─────────────────────────

/** Names already read, shared by the pages: a person's name does not change under a page. */
const known = new Map<string, Person | null>();

/** Remembers people read elsewhere (a search, a link), so their names need no call. */
export function rememberPeople(people: readonly Person[]): void {
  for (const p of people) known.set(p.id, p);
}

/**
 * The people these ids name, read once each (GET /api/people/{id}); null for an id the
 * tenant does not have, undefined while it loads.
 */
export function usePeople(ids: readonly string[]): Map<string, Person | null | undefined> {
  const key = [...new Set(ids)].sort().join('\n');
  const [, setVersion] = useState(0);
  useEffect(() => {
    const missing = key.split('\n').filter((id) => id !== '' && !known.has(id));
    if (missing.length === 0) return;
    const controller = new AbortController();
    void Promise.all(
      missing.map((id) =>
        getPerson(id, controller.signal).then(
          (p) => known.set(id, p),
          (e: unknown) => {
            if (e instanceof ApiError && e.status === 404) known.set(id, null);
          },
        ),
      ),
    ).then(() => {
      if (!controller.signal.aborted) setVersion((v) => v + 1);
    });
    return () => controller.abort();
  }, [key]);
  return new Map(ids.map((id) => [id, known.get(id)]));
}
