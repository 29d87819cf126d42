// What the domain needs from a store, and nothing more. The SQLite adapter (embedded
// default) and the Cosmos DB adapter (Azure) both implement it; one contract suite
// proves them. Every call names the tenant: no call can read across tenants.
import type { Ambition, EntityByKind, EntityKind, Objective, Person, Plan, PlanTree, Tenant } from '../model.ts';
import type { LevelKey, LevelSums } from '../rollup-docs.ts';

export type PlanChildKind = 'ambition' | 'objective' | 'project' | 'milestone';

/** A record as handed to the store: the store assigns the etag. */
export type Unsaved<T> = Omit<T, 'etag'> & { etag?: string };

/**
 * One write of a unit of work. `replace` and `delete` carry the etag the caller read
 * (If-Match): a stale one makes the whole commit fail with ConflictError.
 */
export type Write =
  { [K in EntityKind]:
      | { op: 'create'; kind: K; item: Unsaved<EntityByKind[K]> }
      | { op: 'replace'; kind: K; item: Unsaved<EntityByKind[K]>; ifMatch: string }
      | { op: 'delete'; kind: K; id: string; ifMatch?: string };
  }[EntityKind];

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. Pass it back unchanged to get the next page. */
  continuation: string | null;
}

export interface PageOptions {
  /** 1..1000, default 100. */
  limit?: number;
  continuation?: string | null;
}

export interface PeopleQuery {
  /** Only people with neither an Entra object id nor a Teams user id. */
  unlinked?: boolean;
  /** Exact, case-insensitive. */
  email?: string;
}

export interface CommitResult {
  /** The records as stored, with their new etags, in the order of the writes (deletes left out). */
  saved: Array<EntityByKind[EntityKind]>;
}

/**
 * What a plan's dashboard is drawn from (dashboardFromSums): its structure and the sums
 * of its levels, never its projects or milestones, so that its cost follows the number
 * of ambitions and objectives, not the size of the plan.
 */
export interface PlanSummary {
  plan: Plan;
  ambitions: Ambition[];
  objectives: Objective[];
  levels: Partial<Record<LevelKey, LevelSums>>;
}

export interface PlanStore {
  getTenant(tenantId: string): Promise<Tenant | null>;
  get<K extends EntityKind>(tenantId: string, kind: K, id: string): Promise<EntityByKind[K] | null>;
  /** Plans of the tenant, oldest first. */
  listPlans(tenantId: string, page?: PageOptions): Promise<Page<Plan>>;
  /** Records of one kind in one plan, by `order` then id. */
  listInPlan<K extends PlanChildKind>(
    tenantId: string,
    kind: K,
    planId: string,
    page?: PageOptions,
  ): Promise<Page<EntityByKind[K]>>;
  /** The whole plan at once (roll-up, import, dashboard); null when there is no such plan. */
  loadPlan(tenantId: string, planId: string): Promise<PlanTree | null>;
  /** The plan's structure and level sums (plan/rollup-docs.ts); null when there is no such plan. */
  loadPlanSummary(tenantId: string, planId: string): Promise<PlanSummary | null>;
  /** People by display name then id. */
  listPeople(tenantId: string, query?: PeopleQuery, page?: PageOptions): Promise<Page<Person>>;
  /**
   * All writes or none. Throws ConflictError on a stale etag, NotFoundError on a replace
   * of a missing record, DuplicateError on a create of an existing id. Deleting a record
   * that is already gone succeeds when no ifMatch is given.
   */
  commit(tenantId: string, writes: Write[]): Promise<CommitResult>;
  /**
   * Tidies what interrupted large commits left behind, in every tenant: absent where a
   * commit is one transaction (SQLite). Run by the `tidyStagedImports` timer.
   */
  tidy?(now: Date): Promise<{ finished: number; removed: number }>;
  close(): Promise<void>;
}
