// An admin's change to the tenant's profile and settings: what a PATCH may say, the
// checks the schemas cannot make alone (time zone, locale, references to people, plans
// and directions), and the one guarded write. Reading, defaults and the write itself go
// through settings.ts, the one module for the tenant record.
import { z } from 'zod';
import {
  ChannelRef,
  Direction,
  ReminderRules,
  RoleAssignment,
  Tenant,
  TenantProfile,
  TenantSettings,
} from './model.ts';
import { loadTenant, tenantWrite } from './settings.ts';
import { ConflictError, DuplicateError } from './store/errors.ts';
import type { PlanStore } from './store/ports.ts';

/**
 * The If-Match value that stands for "the tenant record does not exist yet": GET answers
 * etag null until the first write, and the first PATCH sends `If-Match: new`. Against a
 * tenant that exists it is stale like any other old etag (412).
 */
export const NEW_TENANT_ETAG = 'new';

// ───────────────────────── what a PATCH may say ─────────────────────────

type Undefaulted<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodOptional<Undefaulted<S[K]>> };

/**
 * Every field optional and none defaulted: a field left out keeps its value. (zod's own
 * `.partial()` keeps the defaults, which would reset every field not sent.) Unknown
 * fields are refused, so that a misspelt one is not silently dropped.
 */
function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
    ]),
  );
  return z.strictObject(shape as unknown as PatchShape<S>);
}

export const TenantProfilePatch = patchOf(TenantProfile).meta({
  description: 'Les champs du profil à changer ; un champ absent garde sa valeur.',
});

export const TenantSettingsPatch = z
  .strictObject({
    /** Replaces the whole list. */
    directions: z.array(Direction.strict()).optional(),
    /** Replaces the whole list. */
    roles: z.array(RoleAssignment.strict()).optional(),
    /** Only the rules given change. */
    reminders: patchOf(ReminderRules).optional(),
    defaultPlanId: z.string().min(1).nullable().optional(),
    /** Replaces the whole list. */
    channels: z.array(ChannelRef.strict()).optional(),
  })
  .meta({
    description:
      'Les réglages à changer. directions, roles et channels remplacent la liste entière ; reminders ne change que les règles données ; defaultPlanId est un plan de la collectivité ou null.',
  });

export const TenantPatch = z.strictObject({
  profile: TenantProfilePatch.optional(),
  settings: TenantSettingsPatch.optional(),
});
export type TenantPatch = z.infer<typeof TenantPatch>;

/** What GET /api/settings answers: defaults and etag null before the first write. */
export const TenantSettingsView = z.object({
  profile: TenantProfile,
  settings: TenantSettings,
  etag: z.string().nullable(),
});
export type TenantSettingsView = z.infer<typeof TenantSettingsView>;

// ───────────────────────── errors ─────────────────────────

export interface SettingsIssue {
  /** Dotted path in the PATCH body: `settings.directions.1.directorIds.0`. */
  path: string;
  fr: string;
  en: string;
}

/** The change is refused as a whole, nothing is written: the API answers 400. */
export class SettingsRejectedError extends Error {
  readonly code = 'invalid-settings' as const;
  constructor(readonly issues: SettingsIssue[]) {
    super(issues.map((i) => `${i.path} : ${i.fr}`).join(' ; '));
    this.name = 'SettingsRejectedError';
  }
}

// ───────────────────────── reading ─────────────────────────

export async function readSettings(store: PlanStore, tenantId: string, now: Date = new Date()): Promise<TenantSettingsView> {
  const tenant = await loadTenant(store, tenantId, now.toISOString());
  return { profile: tenant.profile, settings: tenant.settings, etag: tenant.etag ?? null };
}

// ───────────────────────── checks ─────────────────────────

/** The IANA name as Intl spells it (`europe/paris` → `Europe/Paris`), or null when unknown. */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('fr', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A language and a country (`fr-FR`, `en-US`), as BCP 47 spells it, or null. */
export function canonicalLocale(locale: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.trim());
    return canonical && /^[a-z]{2,3}-[A-Z]{2}$/.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

// ───────────────────────── the change ─────────────────────────

/**
 * Applies `patch` to the tenant read at `ifMatch` (NEW_TENANT_ETAG when it has never been
 * written) and stores it. Throws ConflictError when the tenant changed since (or was
 * created meanwhile), SettingsRejectedError when the result would not hold.
 */
export async function patchSettings(
  store: PlanStore,
  tenantId: string,
  patch: TenantPatch,
  ifMatch: string,
  now: Date = new Date(),
): Promise<Tenant> {
  const at = now.toISOString();
  const stored = await store.getTenant(tenantId);
  // Checked first: a stale read is answered 412 whatever the change says.
  if ((stored?.etag ?? NEW_TENANT_ETAG) !== ifMatch) throw new ConflictError('tenant', tenantId, stored);

  const base = await loadTenant(store, tenantId, at);
  const issues: SettingsIssue[] = [];
  const profile = { ...base.profile, ...patch.profile };
  const settings: TenantSettings = structuredClone(base.settings);

  if (patch.profile?.name !== undefined) {
    profile.name = patch.profile.name.replace(/\s+/g, ' ').trim();
    if (!profile.name)
      issues.push({ path: 'profile.name', fr: 'le nom ne peut pas être vide.', en: 'the name cannot be empty.' });
  }
  if (patch.profile?.timeZone !== undefined) {
    const zone = canonicalTimeZone(patch.profile.timeZone);
    if (zone) profile.timeZone = zone;
    else
      issues.push({
        path: 'profile.timeZone',
        fr: `« ${patch.profile.timeZone} » n’est pas un fuseau horaire connu (exemple : Europe/Paris, America/Cayenne).`,
        en: `"${patch.profile.timeZone}" is not a known time zone (e.g. Europe/Paris, America/Cayenne).`,
      });
  }
  if (patch.profile?.locale !== undefined) {
    const locale = canonicalLocale(patch.profile.locale);
    if (locale) profile.locale = locale;
    else
      issues.push({
        path: 'profile.locale',
        fr: `« ${patch.profile.locale} » n’est pas une langue suivie d’un pays (exemple : fr-FR, en-US).`,
        en: `"${patch.profile.locale}" is not a language followed by a country (e.g. fr-FR, en-US).`,
      });
  }

  const p = patch.settings ?? {};
  if (p.directions !== undefined) settings.directions = p.directions;
  if (p.roles !== undefined) settings.roles = p.roles;
  if (p.channels !== undefined) settings.channels = p.channels;
  if (p.reminders !== undefined) settings.reminders = ReminderRules.parse({ ...settings.reminders, ...p.reminders });
  if (p.defaultPlanId !== undefined) settings.defaultPlanId = p.defaultPlanId;

  // People named by the change must be people of the tenant; each is read once.
  const known = new Map<string, boolean>();
  const isPerson = async (id: string) => {
    if (!known.has(id)) known.set(id, (await store.get(tenantId, 'person', id)) !== null);
    return known.get(id)!;
  };
  const unknownPerson = (path: string, id: string): SettingsIssue => ({
    path,
    fr: `la personne ${id} n’existe pas dans la collectivité.`,
    en: `person ${id} does not exist in the tenant.`,
  });

  if (p.directions !== undefined) {
    const seen = new Set<string>();
    for (const [i, direction] of settings.directions.entries()) {
      direction.id = direction.id.trim();
      direction.name = direction.name.replace(/\s+/g, ' ').trim();
      direction.code = direction.code?.trim() || null;
      direction.directorIds = [...new Set(direction.directorIds)];
      if (seen.has(direction.id))
        issues.push({
          path: `settings.directions.${i}.id`,
          fr: `l’identifiant de direction « ${direction.id} » figure deux fois.`,
          en: `direction id "${direction.id}" appears twice.`,
        });
      seen.add(direction.id);
      if (!direction.id || !direction.name)
        issues.push({
          path: `settings.directions.${i}`,
          fr: 'une direction a besoin d’un identifiant et d’un nom.',
          en: 'a direction needs an id and a name.',
        });
      for (const [j, id] of direction.directorIds.entries())
        if (!(await isPerson(id))) issues.push(unknownPerson(`settings.directions.${i}.directorIds.${j}`, id));
    }
  }

  if (p.roles !== undefined || p.directions !== undefined) {
    // Roles name directions: a change of either is checked against the other.
    const directionIds = new Set(settings.directions.map((d) => d.id));
    for (const [i, role] of settings.roles.entries()) {
      if ((role.personId === null) === (role.groupId === null))
        issues.push({
          path: `settings.roles.${i}`,
          fr: 'un rôle est donné soit à une personne (personId), soit à un groupe Entra (groupId), pas aux deux ni à personne.',
          en: 'a role is given either to a person (personId) or to an Entra group (groupId), not both and not neither.',
        });
      if (role.personId !== null && p.roles !== undefined && !(await isPerson(role.personId)))
        issues.push(unknownPerson(`settings.roles.${i}.personId`, role.personId));
      if (role.scope !== null && !directionIds.has(role.scope))
        issues.push({
          path: `settings.roles.${i}.scope`,
          fr: `la direction « ${role.scope} » n’existe pas dans les réglages.`,
          en: `direction "${role.scope}" does not exist in the settings.`,
        });
    }
  }

  if (p.defaultPlanId !== undefined && p.defaultPlanId !== null) {
    if (!(await store.get(tenantId, 'plan', p.defaultPlanId)))
      issues.push({
        path: 'settings.defaultPlanId',
        fr: `le plan ${p.defaultPlanId} n’existe pas dans la collectivité.`,
        en: `plan ${p.defaultPlanId} does not exist in the tenant.`,
      });
  }

  if (issues.length > 0) throw new SettingsRejectedError(issues);

  const next = Tenant.omit({ etag: true }).parse({ ...base, profile, settings, updatedAt: at });
  try {
    const { saved } = await store.commit(tenantId, [tenantWrite(stored ? { ...next, etag: stored.etag } : next)]);
    return saved[0] as Tenant;
  } catch (e) {
    // Two first writes racing: the second finds the record the first created.
    if (e instanceof DuplicateError) throw new ConflictError('tenant', tenantId, await store.getTenant(tenantId));
    throw e;
  }
}
