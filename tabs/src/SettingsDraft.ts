// The Réglages page's data, without React: the tenant's settings as GET /api/settings
// answers them, the form being edited, the PATCH that carries only what the user changed,
// and, after a 412, what changed meanwhile and the user's changes re-applied on top of it.
import type { Translate } from './i18n.tsx';
import { normalizeLabel } from '../../plan/vocab.ts';

export const TENANT_KINDS = ['commune', 'intercommunalité', 'département', 'région', 'autre'] as const;
export const ROLES = ['plan-admin', 'director', 'contributor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export interface Profile {
  name: string;
  kind: string;
  locale: string;
  timeZone: string;
}

export interface DirectionDraft {
  /** '' for a direction added on the page and not saved yet (given an id when sent). */
  id: string;
  /** The list's key for a direction not saved yet. */
  localKey?: string;
  name: string;
  /** As typed; blank means none. */
  code: string;
  directorIds: string[];
}

export interface RoleDraft {
  role: Role;
  personId: string | null;
  groupId: string | null;
  scope: string | null;
}

export const REMINDER_NUMBERS = ['weekday', 'hour', 'dueWithinDays', 'staleAfterDays', 'escalateAfterDays'] as const;
export type ReminderNumber = (typeof REMINDER_NUMBERS)[number];
/** Numbers as typed: the API words what is wrong with them. */
export type RemindersDraft = { enabled: boolean } & Record<ReminderNumber, string>;

/** What the page edits. */
export interface SettingsForm {
  profile: Profile;
  directions: DirectionDraft[];
  roles: RoleDraft[];
  reminders: RemindersDraft;
  defaultPlanId: string | null;
}

/** The settings as stored, with the version to send back in If-Match (null: never stored). */
export interface SettingsDoc {
  form: SettingsForm;
  etag: string | null;
}

// ───────────────────────── reading ─────────────────────────

const rec = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const strOrNull = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const REMINDER_DEFAULTS: Record<ReminderNumber, number> = { weekday: 1, hour: 9, dueWithinDays: 14, staleAfterDays: 30, escalateAfterDays: 14 };

/** GET /api/settings's answer, or the `current` tenant of a 412 (same profile and settings). */
export function readSettingsDoc(raw: unknown): SettingsDoc {
  const r = rec(raw);
  const profile = rec(r.profile);
  const settings = rec(r.settings);
  const reminders = rec(settings.reminders);
  return {
    etag: strOrNull(r.etag),
    form: {
      profile: {
        name: str(profile.name),
        kind: str(profile.kind) || 'commune',
        locale: str(profile.locale) || 'fr-FR',
        timeZone: str(profile.timeZone) || 'Europe/Paris',
      },
      directions: arr(settings.directions).map((d) => {
        const dr = rec(d);
        return { id: str(dr.id), name: str(dr.name), code: str(dr.code), directorIds: arr(dr.directorIds).filter((x): x is string => typeof x === 'string') };
      }),
      roles: arr(settings.roles).map((x) => {
        const rr = rec(x);
        const role = (ROLES as readonly string[]).includes(str(rr.role)) ? (rr.role as Role) : 'reader';
        return { role, personId: strOrNull(rr.personId), groupId: strOrNull(rr.groupId), scope: strOrNull(rr.scope) };
      }),
      reminders: {
        enabled: reminders.enabled !== false,
        ...(Object.fromEntries(
          REMINDER_NUMBERS.map((k) => [k, String(typeof reminders[k] === 'number' ? reminders[k] : REMINDER_DEFAULTS[k])]),
        ) as Record<ReminderNumber, string>),
      },
      defaultPlanId: strOrNull(settings.defaultPlanId),
    },
  };
}

// ───────────────────────── the PATCH ─────────────────────────

export interface SettingsPatch {
  profile?: Partial<Profile>;
  settings?: {
    directions?: Array<{ id: string; name: string; code: string | null; directorIds: string[] }>;
    roles?: RoleDraft[];
    reminders?: Partial<Record<ReminderNumber, number | string> & { enabled: boolean }>;
    defaultPlanId?: string | null;
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A whole number as typed becomes a number; anything else goes as typed, for the API to refuse in its words. */
function asNumber(text: string): number | string {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** An id for a direction added on the page, from its name, unlike the others'. */
export function newDirectionId(name: string, taken: ReadonlySet<string>): string {
  const base = `dir-${normalizeLabel(name).replace(/ /g, '-').slice(0, 60) || 'nouvelle'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Directions as the API takes them: new ones given an id, blank codes as null. */
function directionsToSend(form: SettingsForm): NonNullable<SettingsPatch['settings']>['directions'] {
  const taken = new Set(form.directions.map((d) => d.id).filter(Boolean));
  return form.directions.map((d) => {
    const id = d.id || newDirectionId(d.name, taken);
    taken.add(id);
    return { id, name: d.name, code: d.code.trim() || null, directorIds: d.directorIds };
  });
}

/** What the user changed from `base`, as PATCH /api/settings takes it; null when nothing changed. */
export function patchFrom(base: SettingsForm, form: SettingsForm): SettingsPatch | null {
  const patch: SettingsPatch = {};
  const profile: Partial<Profile> = {};
  for (const k of ['name', 'kind', 'locale', 'timeZone'] as const) if (form.profile[k] !== base.profile[k]) profile[k] = form.profile[k];
  if (Object.keys(profile).length > 0) patch.profile = profile;

  const settings: NonNullable<SettingsPatch['settings']> = {};
  if (!same(base.directions, form.directions)) settings.directions = directionsToSend(form);
  if (!same(base.roles, form.roles))
    settings.roles = form.roles.map((r) => ({ role: r.role, personId: r.personId, groupId: r.groupId?.trim() || null, scope: r.scope }));
  const reminders: NonNullable<NonNullable<SettingsPatch['settings']>['reminders']> = {};
  if (form.reminders.enabled !== base.reminders.enabled) reminders.enabled = form.reminders.enabled;
  for (const k of REMINDER_NUMBERS) if (form.reminders[k] !== base.reminders[k]) reminders[k] = asNumber(form.reminders[k]);
  if (Object.keys(reminders).length > 0) settings.reminders = reminders;
  if (form.defaultPlanId !== base.defaultPlanId) settings.defaultPlanId = form.defaultPlanId;
  if (Object.keys(settings).length > 0) patch.settings = settings;

  return Object.keys(patch).length > 0 ? patch : null;
}

// ───────────────────────── after a 412 ─────────────────────────

const roleKey = (r: RoleDraft) => JSON.stringify([r.role, r.personId, r.groupId, r.scope]);

/**
 * The user's changes (from `base` to `mine`) re-applied on what is stored now (`current`):
 * fields the user changed take the user's value, the others keep the current one;
 * directions are merged by id (the user's additions, removals and edits, everybody
 * else's kept), roles by value. The user then reviews the result and saves it again.
 */
export function reapply(base: SettingsForm, mine: SettingsForm, current: SettingsForm): SettingsForm {
  const next: SettingsForm = structuredClone(current);
  for (const k of ['name', 'kind', 'locale', 'timeZone'] as const) if (mine.profile[k] !== base.profile[k]) next.profile[k] = mine.profile[k];
  if (mine.reminders.enabled !== base.reminders.enabled) next.reminders.enabled = mine.reminders.enabled;
  for (const k of REMINDER_NUMBERS) if (mine.reminders[k] !== base.reminders[k]) next.reminders[k] = mine.reminders[k];
  if (mine.defaultPlanId !== base.defaultPlanId) next.defaultPlanId = mine.defaultPlanId;

  if (!same(base.directions, mine.directions)) {
    const before = new Map(base.directions.filter((d) => d.id).map((d) => [d.id, d]));
    const kept = new Map(mine.directions.filter((d) => d.id).map((d) => [d.id, d]));
    const merged = next.directions
      .filter((d) => !(before.has(d.id) && !kept.has(d.id)))
      .map((d) => {
        const edited = kept.get(d.id);
        return edited && before.has(d.id) && !same(edited, before.get(d.id)) ? structuredClone(edited) : d;
      });
    const present = new Set(merged.map((d) => d.id));
    for (const d of mine.directions) {
      const edited = d.id !== '' && before.has(d.id) && !same(d, before.get(d.id));
      // New on the page, or edited by the user and removed by someone else: the user's wins.
      if (d.id === '' || (!before.has(d.id) && !present.has(d.id)) || (edited && !present.has(d.id))) merged.push(structuredClone(d));
    }
    next.directions = merged;
  }

  if (!same(base.roles, mine.roles)) {
    const before = new Set(base.roles.map(roleKey));
    const kept = new Set(mine.roles.map(roleKey));
    const merged = next.roles.filter((r) => !(before.has(roleKey(r)) && !kept.has(roleKey(r))));
    const present = new Set(merged.map(roleKey));
    for (const r of mine.roles) if (!before.has(roleKey(r)) && !present.has(roleKey(r))) merged.push({ ...r });
    next.roles = merged;
  }
  return next;
}

export interface Names {
  person(id: string): string;
  plan(id: string): string;
  weekday(n: number): string;
  kind(kind: string): string;
  role(role: Role): string;
}

const quote = (t: Translate, s: string) => t(`« ${s} »`, `“${s}”`);

/** What differs from `before` to `after`, one line each, for the user to read after a 412. */
export function describeChanges(before: SettingsForm, after: SettingsForm, t: Translate, names: Names): string[] {
  const lines: string[] = [];
  const arrow = (label: string, a: string, b: string) => lines.push(`${label} : ${a} → ${b}`);
  const p = { a: before.profile, b: after.profile };
  if (p.a.name !== p.b.name) arrow(t('Nom de la collectivité', 'Name of the organisation'), quote(t, p.a.name), quote(t, p.b.name));
  if (p.a.kind !== p.b.kind) arrow(t('Type', 'Kind'), names.kind(p.a.kind), names.kind(p.b.kind));
  if (p.a.locale !== p.b.locale) arrow(t('Langue et pays', 'Language and country'), p.a.locale, p.b.locale);
  if (p.a.timeZone !== p.b.timeZone) arrow(t('Fuseau horaire', 'Time zone'), p.a.timeZone, p.b.timeZone);

  const old = new Map(before.directions.map((d) => [d.id, d]));
  const now = new Map(after.directions.map((d) => [d.id, d]));
  for (const d of after.directions) {
    const o = old.get(d.id);
    if (!o) {
      lines.push(`${t('Direction ajoutée', 'Direction added')} : ${quote(t, d.name)}`);
      continue;
    }
    if (o.name !== d.name) arrow(t('Direction renommée', 'Direction renamed'), quote(t, o.name), quote(t, d.name));
    if (o.code !== d.code) arrow(`${t('Code de la direction', 'Code of direction')} ${quote(t, d.name)}`, o.code || '—', d.code || '—');
    if (!same(o.directorIds, d.directorIds)) {
      const list = (ids: string[]) => (ids.length ? ids.map(names.person).join(', ') : '—');
      arrow(`${t('Direction', 'Direction')} ${quote(t, d.name)}, ${t('direction assurée par', 'directed by')}`, list(o.directorIds), list(d.directorIds));
    }
  }
  for (const d of before.directions) if (!now.has(d.id)) lines.push(`${t('Direction supprimée', 'Direction removed')} : ${quote(t, d.name)}`);

  const oldRoles = new Set(before.roles.map(roleKey));
  const newRoles = new Set(after.roles.map(roleKey));
  const who = (r: RoleDraft) => {
    const holder = r.personId ? names.person(r.personId) : `${t('groupe', 'group')} ${r.groupId ?? ''}`;
    const scope = r.scope ? ` (${after.directions.find((d) => d.id === r.scope)?.name ?? before.directions.find((d) => d.id === r.scope)?.name ?? r.scope})` : '';
    return `${names.role(r.role)}${scope} : ${holder}`;
  };
  for (const r of after.roles) if (!oldRoles.has(roleKey(r))) lines.push(`${t('Rôle donné', 'Role given')} — ${who(r)}`);
  for (const r of before.roles) if (!newRoles.has(roleKey(r))) lines.push(`${t('Rôle retiré', 'Role removed')} — ${who(r)}`);

  const r = { a: before.reminders, b: after.reminders };
  if (r.a.enabled !== r.b.enabled) lines.push(r.b.enabled ? t('Rappels activés', 'Reminders turned on') : t('Rappels désactivés', 'Reminders turned off'));
  if (r.a.weekday !== r.b.weekday) arrow(t('Jour des rappels', 'Reminder day'), names.weekday(Number(r.a.weekday)), names.weekday(Number(r.b.weekday)));
  const reminderLabels: Record<Exclude<ReminderNumber, 'weekday'>, string> = {
    hour: t('Heure des rappels', 'Reminder hour'),
    dueWithinDays: t('Jalons à échéance dans (jours)', 'Milestones due within (days)'),
    staleAfterDays: t('Projet sans mise à jour depuis (jours)', 'Project not updated for (days)'),
    escalateAfterDays: t('Prévenir la direction après (jours)', 'Tell the direction after (days)'),
  };
  for (const k of ['hour', 'dueWithinDays', 'staleAfterDays', 'escalateAfterDays'] as const)
    if (r.a[k] !== r.b[k]) arrow(reminderLabels[k], r.a[k], r.b[k]);

  if (before.defaultPlanId !== after.defaultPlanId) {
    const plan = (id: string | null) => (id ? quote(t, names.plan(id)) : t('aucun', 'none'));
    arrow(t('Plan affiché par défaut', 'Plan shown by default'), plan(before.defaultPlanId), plan(after.defaultPlanId));
  }
  return lines;
}

// ───────────────────────── a 400, field by field ─────────────────────────

export interface FieldIssue {
  /** Dotted path in the PATCH body (`settings.directions.1.name`), '' for the body. */
  path: string;
  message: string;
}

/** The details of a 400 (`[{ path, message }]`), as the API worded them. */
export function readIssues(details: unknown): FieldIssue[] {
  return arr(details)
    .map((d) => ({ path: str(rec(d).path), message: str(rec(d).message) }))
    .filter((i) => i.message !== '');
}

/** The messages for one field: its path exactly, or anything under it when `under`. */
export function issuesAt(issues: readonly FieldIssue[], path: string, under = false): string | undefined {
  const found = issues.filter((i) => i.path === path || (under && i.path.startsWith(`${path}.`))).map((i) => i.message);
  return found.length ? found.join(' ') : undefined;
}
