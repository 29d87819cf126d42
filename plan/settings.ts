// The one module through which a tenant's profile and settings are read and changed.
// Later features (bot, ideas, roles) add fields to TenantSettings in model.ts and read
// them here, so that every default lives in one place.
import { Tenant, TenantProfile, TenantSettings, type Direction } from './model.ts';
import type { PlanStore, Unsaved, Write } from './store/ports.ts';
import { normalizeLabel } from './vocab.ts';

export const DEFAULT_PROFILE_NAME = 'Ma collectivité';

/** A tenant not stored yet: what a first sign-in or a first import starts from. */
export function newTenant(tenantId: string, now: string, name = DEFAULT_PROFILE_NAME): Unsaved<Tenant> {
  return {
    id: tenantId,
    tenantId,
    createdAt: now,
    updatedAt: now,
    profile: TenantProfile.parse({ name }),
    settings: TenantSettings.parse({}),
  };
}

/** The tenant as stored, with defaults filled in for settings added since it was written. */
export async function loadTenant(store: PlanStore, tenantId: string, now: string): Promise<Unsaved<Tenant>> {
  const stored = await store.getTenant(tenantId);
  if (!stored) return newTenant(tenantId, now);
  return Tenant.parse(stored);
}

/** The write that stores `next`: a create for a new tenant, a replace guarded by its etag otherwise. */
export function tenantWrite(next: Unsaved<Tenant>): Write {
  return next.etag
    ? { op: 'replace', kind: 'tenant', item: next, ifMatch: next.etag }
    : { op: 'create', kind: 'tenant', item: next };
}

/** A direction by its name or its code, as sheets write them (« COM L1 », « Direction de la Voirie »). */
export function findDirection(settings: TenantSettings, text: string): Direction | undefined {
  const wanted = normalizeLabel(text);
  return settings.directions.find(
    (d) => normalizeLabel(d.name) === wanted || (d.code !== null && normalizeLabel(d.code) === wanted),
  );
}

export function directionId(name: string): string {
  return `dir-${normalizeLabel(name).replace(/ /g, '-').slice(0, 60)}`;
}
