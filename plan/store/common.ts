// What both store adapters share: the checks every write passes whatever the store, and
// the keyset continuation tokens (the last row's sort key and id, never an offset), so
// that a token means the same thing on SQLite and on Cosmos DB.
import type { EntityByKind, EntityKind } from '../model.ts';
import type { PlanChildKind, Unsaved, Write } from './ports.ts';

export const PLAN_CHILD_KINDS: readonly EntityKind[] = ['ambition', 'objective', 'project', 'milestone'];

export const isPlanChildKind = (kind: EntityKind): kind is PlanChildKind => PLAN_CHILD_KINDS.includes(kind);

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const INVALID_TOKEN = 'jeton de continuation invalide';

export type SortKey = string | number;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The last row's sort key and id: the next page starts strictly after them. */
export function encodeToken(sortKey: SortKey, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id]), 'utf8').toString('base64url');
}

export function decodeToken(token: unknown, sortType: 'string' | 'number'): [SortKey, string] {
  // Node's base64url decoder skips characters it does not know, so check the alphabet
  // first: garbage must fail loudly, not decode into some other position.
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token)) throw new Error(INVALID_TOKEN);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new Error(INVALID_TOKEN);
  }
  // The key's type must be the list's: a number compared with text sort keys would
  // silently skip or repeat rows instead of failing.
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[1] !== 'string' ||
    typeof value[0] !== sortType ||
    (sortType === 'number' && !Number.isFinite(value[0]))
  ) {
    throw new Error(INVALID_TOKEN);
  }
  return [value[0] as SortKey, value[1]];
}

/** What the store refuses whatever the data: writes that would land in the wrong place. */
export function checkWrite(tenantId: string, write: Write): void {
  if (!tenantId) throw new Error('Écriture refusée : aucun locataire (tenantId) indiqué.');
  if (write.op === 'delete') {
    if (!write.id) throw new Error(`Écriture refusée : suppression de ${write.kind} sans identifiant.`);
    return;
  }
  const { item, kind } = write;
  if (!item.id) throw new Error(`Écriture refusée : ${kind} sans identifiant.`);
  if (item.tenantId !== tenantId) {
    throw new Error(
      `Écriture refusée : ${kind} ${item.id} appartient au locataire ${String(item.tenantId)}, pas à ${tenantId}.`,
    );
  }
  // getTenant reads the tenant record at id = tenantId; any other id would be unreachable.
  if (kind === 'tenant' && item.id !== tenantId) {
    throw new Error(`Écriture refusée : l’enregistrement du locataire ${tenantId} doit avoir l’identifiant ${tenantId}.`);
  }
  // A record in a plan without its plan would be invisible to every list and to loadPlan.
  if (PLAN_CHILD_KINDS.includes(kind) && !(item as Unsaved<EntityByKind[PlanChildKind]>).planId) {
    throw new Error(`Écriture refusée : ${kind} ${item.id} sans planId.`);
  }
}
