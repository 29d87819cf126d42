// The PlanStore port on Azure Cosmos DB (NoSQL API), for Jalon in Azure. The same
// contract suite as the SQLite store proves it (plan/store/contract.ts).
//
// One container, `records`, partitioned by /tenantId: every access path names the tenant,
// a collectivité's plan stays far below a logical partition's 20 GB, and one partition is
// what a transactional batch needs to write a project, its milestones, the people they
// name and the roll-up sums all or nothing. A hierarchical key (tenant, then plan) would
// split what a commit must write together, so it does not pay here.
//
// What is in the container (`id` is the Cosmos id; `rec` the record as the domain knows it,
// whose etag is the document's _etag):
//   tenant                            the tenant record
//   person|<id>                       a person (pendingImport while an import is staged)
//   plan|<id>                         a plan record
//   head|<planId>                     the pointer to the plan's current generation
//   <kind>|<id>|<gen>                 an ambition, objective, project or milestone
//   sums|<planId>|<gen>|<level>       the roll-up sums of one level (plan/rollup-docs.ts)
//   import|<gen>                      a large commit being staged, or published and not yet tidied
//
// Readers see a plan's records of the head's generation only. A commit that fits in one
// transactional batch (100 operations) writes the current generation, with the head
// replaced under If-Match first: writers of one plan are serialised by it, so the roll-up
// sums they adjust never lose an update. A larger commit (an import) stages a whole new
// generation, invisible to readers, then publishes it by replacing the head with If-Match;
// a failed or abandoned one leaves only staged documents, which cleanupStaged removes.
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { CosmosClient, type Container, type OperationInput, type SqlParameter } from '@azure/cosmos';
import type { EntityByKind, EntityKind, Milestone, Objective, Person, Plan, PlanTree, Project, Tenant } from '../model.ts';
import {
  applyContribution,
  isZeroSums,
  planLevelSums,
  planStructure,
  programmeContribution,
  projectContribution,
  unattachedContribution,
  type Contribution,
  type LevelKey,
  type LevelSums,
  type Structure,
} from '../rollup-docs.ts';
import { checkWrite, clampLimit, decodeToken, encodeToken, isPlanChildKind, PLAN_CHILD_KINDS, type SortKey } from './common.ts';
import { ConflictError, DuplicateError, NotFoundError, StoreConfigError, StoreUnavailableError } from './errors.ts';
import type { CommitResult, Page, PageOptions, PeopleQuery, PlanChildKind, PlanStore, PlanSummary, Unsaved, Write } from './ports.ts';

/** A transactional batch holds at most 100 operations (Cosmos DB service limit). */
export const BATCH_LIMIT = 100;
/** Staged imports older than this, never published, are abandoned: cleanupStaged removes them. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface CosmosStoreOptions {
  endpoint: string;
  /** The account key; without one, managed identity (DefaultAzureCredential). */
  key?: string;
  /** Default `jalon`. */
  database?: string;
  /** Default `records`. */
  container?: string;
  /** Accept a self-signed certificate: refused unless the endpoint is on loopback (an emulator). */
  disableTlsVerify?: boolean;
  /** Create the database and container when missing (default true). */
  createIfMissing?: boolean;
}

/** What the store has asked of Cosmos DB since it opened: for the bench and the docs' RU figures. */
export interface CosmosStats {
  requests: number;
  requestCharge: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/**
 * The container's indexing: only the copies the store filters and orders on (the record
 * itself, under /rec, is never indexed, which keeps writes cheap), and the composite index
 * that keyset paging orders by.
 */
export const INDEXING_POLICY = {
  indexingMode: 'consistent' as const,
  includedPaths: ['kind', 'rid', 'planId', 'gen', 'sortKey', 'email', 'unlinked', 'projectId', 'objectiveId', 'level', 'pendingImport', 'state'].map(
    (p) => ({ path: `/${p}/?` }),
  ),
  excludedPaths: [{ path: '/*' }],
  compositeIndexes: [
    [
      { path: '/sortKey', order: 'ascending' as const },
      { path: '/rid', order: 'ascending' as const },
    ],
  ],
};

export async function openCosmosStore(options: CosmosStoreOptions): Promise<CosmosStore> {
  const store = new CosmosStore(options);
  await store.ready();
  return store;
}

// ───────────────────────── documents ─────────────────────────

type DocKind = EntityKind | 'head' | 'sums' | 'import';

interface Doc {
  id: string;
  tenantId: string;
  kind: DocKind;
  /** The record's own id (kinds of the domain). */
  rid?: string;
  planId?: string | null;
  gen?: string;
  sortKey?: SortKey | null;
  email?: string | null;
  unlinked?: boolean;
  projectId?: string | null;
  objectiveId?: string | null;
  pendingImport?: string;
  rec?: Record<string, unknown>;
  // head
  seq?: number;
  // sums
  level?: string;
  sums?: LevelSums;
  // import
  state?: 'staging' | 'published';
  previousGen?: string | null;
  startedAt?: string;
  _etag?: string;
}

/** An id made safe for Cosmos (which forbids / \ ? # and is picky with %): kept when plain, else base64url behind a `~`. */
function safe(id: string): string {
  return /^[A-Za-z0-9_.:-]{1,180}$/.test(id) ? id : `~${Buffer.from(id, 'utf8').toString('base64url')}`;
}

const docId = {
  tenant: () => 'tenant',
  person: (id: string) => `person|${safe(id)}`,
  plan: (id: string) => `plan|${safe(id)}`,
  head: (planId: string) => `head|${safe(planId)}`,
  child: (kind: PlanChildKind, id: string, gen: string) => `${kind}|${safe(id)}|${gen}`,
  sums: (planId: string, gen: string, level: string) => `sums|${safe(planId)}|${gen}|${safe(level)}`,
  import: (gen: string) => `import|${gen}`,
};

const newGen = (): string => `g${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;

type AnyRecord = EntityByKind[EntityKind];

function recordOf<T = AnyRecord>(doc: Doc): T {
  return { ...(doc.rec as object), etag: doc._etag ?? '' } as T;
}

/** The document of a record: the record (etag left out: it is the document's _etag) and the copies queries need. */
function docOf(tenantId: string, kind: EntityKind, item: Unsaved<AnyRecord>, gen: string | null): Doc {
  const { etag: _ignored, ...rec } = item as Unsaved<AnyRecord> & { etag?: string };
  const base = { tenantId, kind, rid: item.id, rec: rec as Record<string, unknown> };
  switch (kind) {
    case 'tenant':
      return { ...base, id: docId.tenant() };
    case 'plan':
      return { ...base, id: docId.plan(item.id), sortKey: (item as Plan).createdAt ?? '' };
    case 'person': {
      const p = item as Person;
      return {
        ...base,
        id: docId.person(item.id),
        sortKey: p.displayName ?? '',
        email: p.email ? p.email.toLowerCase() : null,
        unlinked: !p.entraObjectId && !p.teamsUserId,
      };
    }
    default: {
      const child = item as Unsaved<EntityByKind[PlanChildKind]>;
      const doc: Doc = { ...base, id: docId.child(kind as PlanChildKind, item.id, gen!), planId: child.planId, gen: gen!, sortKey: child.order ?? 0 };
      if (kind === 'milestone') {
        const m = item as Milestone;
        doc.projectId = m.projectId;
        doc.objectiveId = m.objectiveId ?? null;
      }
      return doc;
    }
  }
}

/** Cosmos's own fields, never written back. */
function clean(doc: Doc): Doc {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v;
  return out as unknown as Doc;
}

const byOrderThenId = (a: { order: number; id: string }, b: { order: number; id: string }) =>
  a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// ───────────────────────── errors ─────────────────────────

/** The head moved between our read and our batch: another writer of the plan won; start again. */
class HeadMoved extends Error {
  constructor(readonly planId: string) {
    super(`plan ${planId}: head moved`);
  }
}

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'number'
    ? (error as { code: number }).code
    : undefined;

/** Statuses the SDK has already retried (429, 503) or that mean "not now" (408, 449), and network failures. */
const TRANSIENT = new Set([408, 429, 449, 503]);
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up/;

/** Runs one call to Cosmos DB; what is still transient after the SDK's retries becomes StoreUnavailableError. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    const message = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : '';
    const name = error instanceof Error ? error.name : '';
    if (name === 'AggregateAuthenticationError' || name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError') {
      throw new StoreConfigError(
        'Cosmos DB : aucune identité pour se connecter. Définissez COSMOS_KEY, ou donnez une identité managée (ou `az login` sur un poste) ayant un rôle de données Cosmos DB sur le compte.',
        { cause: error },
      );
    }
    if ((status !== undefined && TRANSIENT.has(status)) || NETWORK.test(message)) {
      const ms = (error as { retryAfterInMs?: number }).retryAfterInMs;
      throw new StoreUnavailableError(Math.max(1, Math.ceil((ms ?? 1000) / 1000)), error);
    }
    throw error;
  }
}

// ───────────────────────── the store ─────────────────────────

/** The state of one record across a commit: as read, then as each write leaves it. */
interface Slot {
  kind: EntityKind;
  id: string;
  /** As stored before the commit (null: absent). */
  before: Doc | null;
  /** As the commit leaves it (null: deleted or absent). */
  after: Unsaved<AnyRecord> | null;
  /** Written by this commit. */
  touched: boolean;
  created: boolean;
}

interface PlanState {
  planId: string;
  head: Doc | null;
  gen: string;
}

export class CosmosStore implements PlanStore {
  readonly stats: CosmosStats = { requests: 0, requestCharge: 0 };
  private readonly client: CosmosClient;
  private readonly databaseId: string;
  private readonly containerId: string;
  private readonly createIfMissing: boolean;
  private containerPromise: Promise<Container> | null = null;

  constructor(options: CosmosStoreOptions) {
    const loopback = isLoopbackEndpoint(options.endpoint);
    if (options.disableTlsVerify && !loopback) {
      throw new Error(
        `COSMOS_DISABLE_TLS_VERIFY n’est accepté que pour un émulateur local (localhost, 127.0.0.1, ::1), pas pour ${options.endpoint}.`,
      );
    }
    this.databaseId = options.database || 'jalon';
    this.containerId = options.container || 'records';
    this.createIfMissing = options.createIfMissing ?? true;
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: new DefaultAzureCredential() }),
      ...(options.disableTlsVerify ? { agent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }) } : {}),
      connectionPolicy: {
        // An emulator answers only at its own address: do not look for other regions.
        enableEndpointDiscovery: !loopback,
        // 429 (throttled) and 503 are retried by the SDK, honouring retry-after, within these bounds.
        retryOptions: { maxRetryAttemptCount: 9, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 30 },
      },
    });
  }

  /** Opens (creating when allowed) the database and the container; every call waits for it. */
  ready(): Promise<Container> {
    this.containerPromise ??= guarded(async () => {
      if (!this.createIfMissing) return this.client.database(this.databaseId).container(this.containerId);
      const { database } = await this.client.databases.createIfNotExists({ id: this.databaseId });
      const { container } = await database.containers.createIfNotExists({
        id: this.containerId,
        partitionKey: { paths: ['/tenantId'] },
        indexingPolicy: INDEXING_POLICY,
      });
      return container;
    }).catch((error) => {
      this.containerPromise = null; // try again on the next call rather than failing forever
      throw error;
    });
    return this.containerPromise;
  }

  /**
   * A query or a batch answered 404: the container (or the database) is gone — deleted, or
   * an emulator restarted empty. Forget it, so that the next call opens (and, when allowed,
   * creates) it again, and answer 503 for this one rather than a wrong answer.
   */
  private async lostContainer<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await guarded(call);
    } catch (error) {
      if (statusOf(error) === 404) {
        this.containerPromise = null;
        throw new StoreUnavailableError(1, error);
      }
      throw error;
    }
  }

  private count(charge: number | undefined): void {
    this.stats.requests += 1;
    this.stats.requestCharge += charge ?? 0;
  }

  // ── low-level reads ──

  private async read(tenantId: string, id: string): Promise<Doc | null> {
    const container = await this.ready();
    try {
      const response = await guarded(() => container.item(id, tenantId).read<Doc>());
      this.count(response.requestCharge);
      return response.resource ?? null;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  /** Every page of a query, in one partition; every query also filters on tenantId in its text. */
  private async query(tenantId: string, text: string, parameters: SqlParameter[] = []): Promise<Doc[]> {
    const container = await this.ready();
    const iterator = container.items.query<Doc>(
      { query: text, parameters: [{ name: '@tenant', value: tenantId }, ...parameters] },
      { partitionKey: tenantId, maxItemCount: 1000 },
    );
    const out: Doc[] = [];
    while (iterator.hasMoreResults()) {
      const response = await this.lostContainer(() => iterator.fetchNext());
      this.count(response.requestCharge);
      out.push(...(response.resources ?? []));
    }
    return out;
  }

  private async head(tenantId: string, planId: string): Promise<Doc | null> {
    return this.read(tenantId, docId.head(planId));
  }

  /** The current generation's document of a record in a plan, wherever its plan is. */
  private async readChild(tenantId: string, kind: PlanChildKind, id: string): Promise<Doc | null> {
    const docs = await this.query(tenantId, 'SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = @kind AND c.rid = @id', [
      { name: '@kind', value: kind },
      { name: '@id', value: id },
    ]);
    if (docs.length === 0) return null;
    const heads = new Map<string, Doc | null>();
    for (const doc of docs) {
      const planId = doc.planId ?? '';
      if (!heads.has(planId)) heads.set(planId, await this.head(tenantId, planId));
      if (heads.get(planId)?.gen === doc.gen) return doc;
    }
    return null;
  }

  private async readRecordDoc(tenantId: string, kind: EntityKind, id: string): Promise<Doc | null> {
    switch (kind) {
      case 'tenant':
        return id === tenantId ? this.read(tenantId, docId.tenant()) : null;
      case 'plan':
        return this.read(tenantId, docId.plan(id));
      case 'person': {
        const doc = await this.read(tenantId, docId.person(id));
        return doc && doc.pendingImport === undefined ? doc : null;
      }
      default:
        return this.readChild(tenantId, kind as PlanChildKind, id);
    }
  }

  // ── the port: reads ──

  async getTenant(tenantId: string): Promise<Tenant | null> {
    const doc = await this.read(tenantId, docId.tenant());
    return doc ? recordOf<Tenant>(doc) : null;
  }

  async get<K extends EntityKind>(tenantId: string, kind: K, id: string): Promise<EntityByKind[K] | null> {
    const doc = await this.readRecordDoc(tenantId, kind, id);
    return doc ? recordOf<EntityByKind[K]>(doc) : null;
  }

  /** One keyset page, ordered by (sortKey, rid), as the SQLite store pages. */
  private async page<T>(
    tenantId: string,
    where: string,
    parameters: SqlParameter[],
    sortType: 'string' | 'number',
    options: PageOptions | undefined,
  ): Promise<Page<T>> {
    const limit = clampLimit(options?.limit);
    const token = options?.continuation;
    const after = token === undefined || token === null ? null : decodeToken(token, sortType);
    const params = [...parameters];
    let text = `SELECT TOP ${limit + 1} * FROM c WHERE c.tenantId = @tenant AND ${where}`;
    if (after) {
      text += ' AND (c.sortKey > @afterKey OR (c.sortKey = @afterKey AND c.rid > @afterId))';
      params.push({ name: '@afterKey', value: after[0] }, { name: '@afterId', value: after[1] });
    }
    text += ' ORDER BY c.sortKey, c.rid';
    const docs = await this.query(tenantId, text, params);
    const items = docs.length > limit ? docs.slice(0, limit) : docs;
    const last = items[items.length - 1];
    return {
      items: items.map((d) => recordOf<T>(d)),
      continuation: docs.length > limit && last ? encodeToken(last.sortKey as SortKey, last.rid!) : null,
    };
  }

  async listPlans(tenantId: string, page?: PageOptions): Promise<Page<Plan>> {
    return this.page<Plan>(tenantId, "c.kind = 'plan'", [], 'string', page);
  }

  async listInPlan<K extends PlanChildKind>(tenantId: string, kind: K, planId: string, page?: PageOptions): Promise<Page<EntityByKind[K]>> {
    const head = await this.head(tenantId, planId);
    if (!head) {
      // A plan never written has no records; a bad token is still refused, as everywhere.
      if (page?.continuation !== undefined && page.continuation !== null) decodeToken(page.continuation, 'number');
      return { items: [], continuation: null };
    }
    return this.page<EntityByKind[K]>(
      tenantId,
      'c.kind = @kind AND c.planId = @plan AND c.gen = @gen',
      [
        { name: '@kind', value: kind },
        { name: '@plan', value: planId },
        { name: '@gen', value: head.gen! },
      ],
      'number',
      page,
    );
  }

  async listPeople(tenantId: string, query: PeopleQuery = {}, page?: PageOptions): Promise<Page<Person>> {
    let where = "c.kind = 'person' AND NOT IS_DEFINED(c.pendingImport)";
    const params: SqlParameter[] = [];
    if (query.email !== undefined) {
      where += ' AND c.email = @email';
      params.push({ name: '@email', value: query.email.toLowerCase() });
    }
    if (query.unlinked) where += ' AND c.unlinked = true';
    return this.page<Person>(tenantId, where, params, 'string', page);
  }

  /**
   * The records of one generation of a plan, read whole. The head is read again after:
   * when an import was published meanwhile, the read starts over, so that a reader never
   * mixes two generations.
   */
  private async readGeneration(tenantId: string, planId: string, kinds: readonly DocKind[]): Promise<{ head: Doc | null; docs: Doc[] }> {
    for (let attempt = 0; ; attempt++) {
      const head = await this.head(tenantId, planId);
      if (!head) return { head: null, docs: [] };
      const docs = await this.query(
        tenantId,
        `SELECT * FROM c WHERE c.tenantId = @tenant AND c.planId = @plan AND c.gen = @gen AND c.kind IN (${kinds.map((k) => `'${k}'`).join(', ')})`,
        [
          { name: '@plan', value: planId },
          { name: '@gen', value: head.gen! },
        ],
      );
      const again = await this.head(tenantId, planId);
      if (again?.gen === head.gen || attempt >= 3) return { head, docs };
    }
  }

  async loadPlan(tenantId: string, planId: string): Promise<PlanTree | null> {
    const planDoc = await this.read(tenantId, docId.plan(planId));
    if (!planDoc) return null;
    const { docs } = await this.readGeneration(tenantId, planId, PLAN_CHILD_KINDS);
    return treeOf(recordOf<Plan>(planDoc), docs);
  }

  async loadPlanSummary(tenantId: string, planId: string): Promise<PlanSummary | null> {
    const planDoc = await this.read(tenantId, docId.plan(planId));
    if (!planDoc) return null;
    const { docs } = await this.readGeneration(tenantId, planId, ['ambition', 'objective', 'sums']);
    const tree = treeOf(recordOf<Plan>(planDoc), docs);
    const levels: Partial<Record<LevelKey, LevelSums>> = {};
    for (const doc of docs) if (doc.kind === 'sums') levels[doc.level as LevelKey] = doc.sums!;
    return { plan: tree.plan, ambitions: tree.ambitions, objectives: tree.objectives, levels };
  }

  // ── the port: commit ──

  async commit(tenantId: string, writes: Write[]): Promise<CommitResult> {
    for (const write of writes) checkWrite(tenantId, write);
    if (writes.length === 0) return { saved: [] };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryCommit(tenantId, writes);
      } catch (error) {
        if (!(error instanceof HeadMoved)) throw error;
        // Another writer of the same plan committed between our reads and our batch.
        // Reading again either succeeds or finds the caller's own etag stale.
        if (attempt >= 24) {
          const plan = await this.get(tenantId, 'plan', error.planId);
          throw new ConflictError('plan', error.planId, plan);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 10 * 2 ** attempt)));
      }
    }
  }

  private async tryCommit(tenantId: string, writes: Write[]): Promise<CommitResult> {
    // 1. Read what the writes name, and check them all before anything is written: a
    //    refused commit writes nothing, even where a batch is not atomic (the emulator).
    const slots = new Map<string, Slot>();
    const plans = new Map<string, PlanState>();
    const planOf = async (planId: string): Promise<PlanState> => {
      let state = plans.get(planId);
      if (!state) {
        const head = await this.head(tenantId, planId);
        state = { planId, head, gen: head?.gen ?? newGen() };
        plans.set(planId, state);
      }
      return state;
    };
    const known = await this.prefetch(tenantId, writes);
    const slotOf = async (kind: EntityKind, id: string): Promise<Slot> => {
      const key = `${kind}|${id}`;
      let slot = slots.get(key);
      if (!slot) {
        const before = known.has(key) ? known.get(key)! : await this.readRecordDoc(tenantId, kind, id);
        // A person hidden by an unpublished import is absent to the caller; its document is reused.
        const visible = before !== null && before.pendingImport === undefined;
        slot = { kind, id, before, after: visible ? (recordOf(before!) as Unsaved<AnyRecord>) : null, touched: false, created: false };
        slots.set(key, slot);
      }
      return slot;
    };

    const order: Slot[] = [];
    for (const write of writes) {
      const id = write.op === 'delete' ? write.id : write.item.id;
      const slot = await slotOf(write.kind, id);
      const current = slot.after;
      const currentEtag = slot.touched ? null : (slot.before?._etag ?? null);
      if (write.op === 'create') {
        if (current !== null) throw new DuplicateError(write.kind, id);
        slot.after = write.item as Unsaved<AnyRecord>;
        slot.created = slot.before === null;
      } else if (write.op === 'replace') {
        if (current === null) throw new NotFoundError(write.kind, id);
        if (currentEtag !== write.ifMatch) throw new ConflictError(write.kind, id, slot.touched ? current : recordOf(slot.before!));
        if (isPlanChildKind(write.kind)) {
          const before = current as Unsaved<EntityByKind[PlanChildKind]>;
          if (before.planId !== (write.item as Unsaved<EntityByKind[PlanChildKind]>).planId) {
            throw new Error(`Écriture refusée : ${write.kind} ${id} ne peut pas changer de plan.`);
          }
        }
        slot.after = write.item as Unsaved<AnyRecord>;
      } else {
        if (write.ifMatch !== undefined && write.ifMatch !== null) {
          if (current === null) throw new NotFoundError(write.kind, id);
          if (currentEtag !== write.ifMatch) throw new ConflictError(write.kind, id, slot.touched ? current : recordOf(slot.before!));
        }
        slot.after = null;
      }
      if (!slot.touched) order.push(slot);
      slot.touched = true;
      if (isPlanChildKind(write.kind)) {
        const planId = ((slot.after ?? (slot.before ? recordOf(slot.before) : null)) as { planId: string } | null)?.planId;
        if (planId) await planOf(planId);
      } else if (write.kind === 'plan') {
        await planOf(id);
      }
    }
    const changed = order.filter((s) => s.before !== null || s.after !== null);
    if (changed.length === 0) return { saved: [] };
    // A record read in one generation while the head already names another: an import
    // was published between the two reads. Start again on the new generation.
    for (const slot of changed) {
      if (slot.before?.gen !== undefined) {
        const planId = slot.before.planId ?? '';
        if (plans.get(planId)?.gen !== slot.before.gen) throw new HeadMoved(planId);
      }
    }

    // 2. The roll-up sums each touched plan's commit moves, then the operations.
    const childSlots = (planId: string) =>
      changed.filter((s) => isPlanChildKind(s.kind) && ((s.after ?? recordOf(s.before!)) as { planId: string }).planId === planId);
    const sumOps: OperationInput[] = [];
    for (const state of plans.values()) {
      const mine = childSlots(state.planId);
      if (mine.length > 0) sumOps.push(...(await this.sumsOperations(tenantId, state, mine)));
    }
    const ops: OperationInput[] = [];
    for (const state of plans.values()) ops.push(this.headOperation(tenantId, state, state.gen));
    const writeIndex: Array<{ slot: Slot; op: number }> = [];
    for (const slot of changed) {
      const op = this.recordOperation(tenantId, slot, plans);
      if (op) {
        writeIndex.push({ slot, op: ops.length });
        ops.push(op);
      }
    }
    ops.push(...sumOps);

    if (ops.length > BATCH_LIMIT) return this.stagedCommit(tenantId, writes, changed, plans);

    // 3. One transactional batch.
    const results = await this.batch(tenantId, ops);
    const failed = results.findIndex((r) => r.statusCode >= 400);
    if (failed >= 0) {
      if (failed < plans.size) throw new HeadMoved([...plans.keys()][failed]!);
      const hit = writeIndex.find((w) => w.op === failed);
      if (hit) throw await this.failure(tenantId, hit.slot, results[failed]!.statusCode);
      // A sums document moved: only a writer that skipped the head could do that.
      throw new HeadMoved([...plans.keys()][0] ?? '');
    }
    const bodies = new Map(writeIndex.map((w) => [w.slot, results[w.op]!.resourceBody as Doc | undefined]));
    return { saved: savedInOrder(writes, slots, bodies) };
  }

  /**
   * The stored documents of the records a commit names, by `kind|id`, in a few queries
   * rather than one read per write (an import names thousands): people as stored, staged
   * ones included; records in a plan in their plan's current generation (null when absent).
   */
  private async prefetch(tenantId: string, writes: Write[]): Promise<Map<string, Doc | null>> {
    const ids = new Map<EntityKind, Set<string>>();
    for (const write of writes) {
      if (write.kind !== 'person' && !isPlanChildKind(write.kind)) continue;
      const set = ids.get(write.kind) ?? new Set<string>();
      set.add(write.op === 'delete' ? write.id : write.item.id);
      ids.set(write.kind, set);
    }
    const known = new Map<string, Doc | null>();
    const heads = new Map<string, Doc | null>();
    for (const [kind, set] of ids) {
      const all = [...set];
      for (let i = 0; i < all.length; i += 1000) {
        const chunk = all.slice(i, i + 1000);
        for (const id of chunk) known.set(`${kind}|${id}`, null);
        const docs = await this.query(tenantId, 'SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = @kind AND ARRAY_CONTAINS(@ids, c.rid)', [
          { name: '@kind', value: kind },
          { name: '@ids', value: chunk },
        ]);
        for (const doc of docs) {
          if (kind !== 'person') {
            const planId = doc.planId ?? '';
            if (!heads.has(planId)) heads.set(planId, await this.head(tenantId, planId));
            if (heads.get(planId)?.gen !== doc.gen) continue; // staged, or left by an import being tidied
          }
          known.set(`${kind}|${doc.rid}`, doc);
        }
      }
    }
    return known;
  }

  /** The error a failed write answers, with the record as it is now for a conflict. */
  private async failure(tenantId: string, slot: Slot, status: number): Promise<Error> {
    if (status === 409) return new DuplicateError(slot.kind, slot.id);
    const now = await this.readRecordDoc(tenantId, slot.kind, slot.id);
    if (status === 404 || !now) return new NotFoundError(slot.kind, slot.id);
    if (status === 412) return new ConflictError(slot.kind, slot.id, recordOf(now));
    return new Error(`Cosmos DB a refusé l’écriture de ${slot.kind} ${slot.id} (statut ${status}).`);
  }

  private headOperation(tenantId: string, state: PlanState, gen: string): OperationInput {
    const body: Doc = { id: docId.head(state.planId), tenantId, kind: 'head', planId: state.planId, gen, seq: (state.head?.seq ?? 0) + 1 };
    return state.head
      ? { operationType: 'Replace', partitionKey: tenantId, id: body.id, ifMatch: state.head._etag, resourceBody: body as never }
      : { operationType: 'Create', partitionKey: tenantId, resourceBody: body as never };
  }

  /** The write of one record in the current generation; null when nothing is to be done. */
  private recordOperation(tenantId: string, slot: Slot, plans: Map<string, PlanState>, gen?: string): OperationInput | null {
    const genOf = (rec: { planId: string }) => gen ?? plans.get(rec.planId)!.gen;
    if (slot.after === null) {
      if (!slot.before) return null;
      return deleteOp(tenantId, slot.before.id, slot.before._etag);
    }
    const doc = docOf(tenantId, slot.kind, slot.after, isPlanChildKind(slot.kind) ? genOf(slot.after as never) : null);
    if (slot.before && slot.before.id === doc.id) {
      return { operationType: 'Replace', partitionKey: tenantId, id: doc.id, ifMatch: slot.before._etag, resourceBody: doc as never };
    }
    // A person staged by an abandoned import: creating over it replaces it.
    if (slot.before && slot.kind === 'person') {
      return { operationType: 'Replace', partitionKey: tenantId, id: doc.id, ifMatch: slot.before._etag, resourceBody: doc as never };
    }
    return { operationType: 'Create', partitionKey: tenantId, resourceBody: doc as never };
  }

  protected async batch(tenantId: string, ops: OperationInput[]): Promise<Array<{ statusCode: number; resourceBody?: unknown }>> {
    const container = await this.ready();
    const response = await this.lostContainer(() => container.items.batch(ops, tenantId));
    this.count(Number(response.headers?.['x-ms-request-charge'] ?? 0));
    const results = (response.result ?? []) as Array<{ statusCode: number; resourceBody?: unknown }>;
    if (results.length !== ops.length) throw new Error(`Cosmos DB : lot incomplet (${results.length} réponses pour ${ops.length} opérations).`);
    return results;
  }

  // ── roll-up sums ──

  /**
   * The operations that bring a plan's level documents in step with the commit. A write
   * of the structure that can move contributions (an ambition or objective created,
   * deleted, or given another parent) recomputes every level from the whole plan; any
   * other write subtracts, then adds, the contributions of the projects and programmes it
   * touches, read with their milestones alone.
   */
  private async sumsOperations(tenantId: string, state: PlanState, slots: Slot[]): Promise<OperationInput[]> {
    if (!state.head) {
      // A new plan: nothing stored, every level is what the commit's records add.
      const levels = planLevelSums(applySlots(emptyTree(state.planId, tenantId), slots));
      return levelOperations(tenantId, state, new Map(), levels);
    }
    const structural = slots.some((s) => {
      if (s.kind !== 'ambition' && s.kind !== 'objective') return false;
      if (!s.before || !s.after) return true;
      const a = recordOf(s.before) as unknown as Objective;
      const b = s.after as unknown as Objective;
      return a.ambitionId !== b.ambitionId || (s.kind === 'objective' && a.parentId !== b.parentId);
    });
    if (structural) {
      const { docs } = await this.readGenerationAt(tenantId, state, [...PLAN_CHILD_KINDS, 'sums']);
      const stored = new Map(docs.filter((d) => d.kind === 'sums').map((d) => [d.level!, d]));
      const tree = treeOf(emptyTree(state.planId, tenantId).plan, docs);
      return levelOperations(tenantId, state, stored, planLevelSums(applySlots(tree, slots)));
    }

    // Incremental: the projects and programmes the writes touch, before and after.
    const { docs: structureDocs } = await this.readGenerationAt(tenantId, state, ['ambition', 'objective']);
    const structureBefore = treeOf(emptyTree(state.planId, tenantId).plan, structureDocs);
    const structureAfter = applySlots(structureBefore, slots.filter((s) => s.kind === 'ambition' || s.kind === 'objective'));
    const before = planStructure(structureBefore);
    const after = planStructure(structureAfter);

    const projectIds = new Set<string>();
    const objectiveIds = new Set<string>();
    const note = (rec: unknown, kind: EntityKind) => {
      if (!rec) return;
      if (kind === 'project') projectIds.add((rec as Project).id);
      if (kind === 'milestone') {
        const m = rec as Milestone;
        if (m.projectId !== null) projectIds.add(m.projectId);
        else if (m.objectiveId !== null) objectiveIds.add(m.objectiveId);
        else objectiveIds.add(''); // unattached: the plan's own level
      }
    };
    for (const s of slots) {
      note(s.before ? recordOf(s.before) : null, s.kind);
      note(s.after, s.kind);
    }
    const idList = (ids: Set<string>) => [...ids].filter(Boolean);
    const [projectDocs, milestoneDocs] = await Promise.all([
      projectIds.size
        ? this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = 'project' AND c.planId = @plan AND c.gen = @gen AND ARRAY_CONTAINS(@ids, c.rid)", [
            { name: '@plan', value: state.planId },
            { name: '@gen', value: state.gen },
            { name: '@ids', value: idList(projectIds) },
          ])
        : Promise.resolve([]),
      this.query(
        tenantId,
        "SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = 'milestone' AND c.planId = @plan AND c.gen = @gen AND " +
          `(ARRAY_CONTAINS(@projects, c.projectId) OR (c.projectId = null AND (ARRAY_CONTAINS(@objectives, c.objectiveId)${objectiveIds.has('') ? ' OR c.objectiveId = null' : ''})))`,
        [
          { name: '@plan', value: state.planId },
          { name: '@gen', value: state.gen },
          { name: '@projects', value: idList(projectIds) },
          { name: '@objectives', value: idList(objectiveIds) },
        ],
      ),
    ]);
    const partBefore = treeOf(emptyTree(state.planId, tenantId).plan, [...projectDocs, ...milestoneDocs]);
    const partAfter = applySlots(partBefore, slots.filter((s) => s.kind === 'project' || s.kind === 'milestone'));
    const contributions = (part: PlanTree, structure: Structure, unattachedIds: ReadonlySet<string>): Contribution[] => {
      const out: Contribution[] = [];
      const projects = new Map(part.projects.map((p) => [p.id, p]));
      for (const id of projectIds) {
        const ms = part.milestones.filter((m) => m.projectId === id);
        const project = projects.get(id);
        out.push(project ? projectContribution(project, ms, structure) : unattachedContribution(ms));
      }
      for (const id of objectiveIds) {
        if (id === '') continue;
        const ms = part.milestones.filter((m) => m.projectId === null && m.objectiveId === id);
        const objective = structure.objectives.get(id);
        out.push(objective ? programmeContribution(objective, ms, structure) : unattachedContribution(ms));
      }
      if (unattachedIds.has('')) out.push(unattachedContribution(part.milestones.filter((m) => m.projectId === null && m.objectiveId === null)));
      return out;
    };
    const minus = contributions(partBefore, before, objectiveIds);
    const plus = contributions(partAfter, after, objectiveIds);
    const keys = new Set<string>();
    for (const c of [...minus, ...plus]) for (const k of c.levels) keys.add(k);
    const storedDocs = await this.query(
      tenantId,
      "SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = 'sums' AND c.planId = @plan AND c.gen = @gen AND ARRAY_CONTAINS(@levels, c.level)",
      [
        { name: '@plan', value: state.planId },
        { name: '@gen', value: state.gen },
        { name: '@levels', value: [...keys] },
      ],
    );
    const stored = new Map(storedDocs.map((d) => [d.level!, d]));
    const levels: Partial<Record<LevelKey, LevelSums>> = {};
    for (const d of storedDocs) levels[d.level as LevelKey] = structuredClone(d.sums!);
    for (const c of minus) applyContribution(levels, c, -1);
    for (const c of plus) applyContribution(levels, c, 1);
    // Levels the commit did not reach are left out of the comparison, so they stay as they are.
    return levelOperations(tenantId, state, stored, levels, keys);
  }

  private async readGenerationAt(tenantId: string, state: PlanState, kinds: readonly DocKind[]): Promise<{ docs: Doc[] }> {
    const docs = await this.query(
      tenantId,
      `SELECT * FROM c WHERE c.tenantId = @tenant AND c.planId = @plan AND c.gen = @gen AND c.kind IN (${kinds.map((k) => `'${k}'`).join(', ')})`,
      [
        { name: '@plan', value: state.planId },
        { name: '@gen', value: state.gen },
      ],
    );
    return { docs };
  }

  // ── large commits: stage, publish, tidy ──

  /**
   * A commit too large for one batch: the whole plan, as the commit leaves it, is written
   * as a new generation that no reader looks at, then the head is switched to it with
   * If-Match in one batch with the plan record and the tenant's records. Until then the
   * staged documents are invisible; if anything fails they are removed, and whatever a
   * crash leaves is removed by cleanupStaged.
   */
  private async stagedCommit(tenantId: string, writes: Write[], changed: Slot[], plans: Map<string, PlanState>): Promise<CommitResult> {
    if (plans.size > 1) throw new Error('Écriture refusée : une écriture de plus de 100 enregistrements ne peut toucher qu’un seul plan.');
    const state = [...plans.values()][0];
    const gen = newGen();
    const startedAt = new Date().toISOString();
    const importDoc: Doc = {
      id: docId.import(gen),
      tenantId,
      kind: 'import',
      planId: state?.planId ?? null,
      gen,
      previousGen: state?.head ? state.gen : null,
      state: 'staging',
      startedAt,
    };
    const container = await this.ready();
    const created = await this.lostContainer(() => container.items.create(importDoc));
    this.count(created.requestCharge);

    const bodies = new Map<Slot, Doc | undefined>();
    try {
      // The records of the new generation: the whole plan as the commit leaves it.
      const staged: Array<{ doc: Doc; slot?: Slot }> = [];
      if (state) {
        const childSlots = changed.filter((s) => isPlanChildKind(s.kind));
        const current = state.head ? (await this.readGenerationAt(tenantId, state, PLAN_CHILD_KINDS)).docs : [];
        const touched = new Set(childSlots.map((s) => `${s.kind}|${s.id}`));
        for (const doc of current) {
          if (!touched.has(`${doc.kind}|${doc.rid}`)) staged.push({ doc: { ...clean(doc), id: docId.child(doc.kind as PlanChildKind, doc.rid!, gen), gen } });
        }
        for (const slot of childSlots) {
          if (slot.after) staged.push({ doc: docOf(tenantId, slot.kind, slot.after, gen), slot });
        }
        const tree = treeOf(emptyTree(state.planId, tenantId).plan, staged.map((s) => s.doc));
        for (const [level, sums] of Object.entries(planLevelSums(tree))) {
          staged.push({ doc: sumsDoc(tenantId, state.planId, gen, level, sums!) });
        }
      }
      // New people, hidden until the import is published.
      for (const slot of changed) {
        if (slot.kind === 'person' && slot.after && (!slot.before || slot.before.pendingImport !== undefined)) {
          staged.push({ doc: { ...docOf(tenantId, 'person', slot.after, null), pendingImport: gen }, slot });
        }
      }
      for (let i = 0; i < staged.length; i += BATCH_LIMIT) {
        const chunk = staged.slice(i, i + BATCH_LIMIT);
        const ops: OperationInput[] = chunk.map(({ doc, slot }) =>
          slot?.kind === 'person' && slot.before
            ? { operationType: 'Upsert', partitionKey: tenantId, resourceBody: doc as never }
            : { operationType: 'Create', partitionKey: tenantId, resourceBody: doc as never },
        );
        const results = await this.batch(tenantId, ops);
        const bad = results.find((r) => r.statusCode >= 400);
        if (bad) throw new Error(`Cosmos DB a refusé un lot de l’import (statut ${bad.statusCode}).`);
        chunk.forEach(({ slot }, j) => {
          if (slot) bodies.set(slot, results[j]!.resourceBody as Doc);
        });
      }

      // Publish: the head, the plan record, the tenant's records and the import's state, at once.
      const publish: OperationInput[] = [];
      if (state) publish.push(this.headOperation(tenantId, state, gen));
      const publishIndex: Array<{ slot: Slot; op: number }> = [];
      for (const slot of changed) {
        if (isPlanChildKind(slot.kind) || bodies.has(slot)) continue;
        const op = this.recordOperation(tenantId, slot, plans, gen);
        if (op) {
          publishIndex.push({ slot, op: publish.length });
          publish.push(op);
        }
      }
      publish.push({
        operationType: 'Replace',
        partitionKey: tenantId,
        id: importDoc.id,
        ifMatch: created.resource!._etag,
        resourceBody: { ...importDoc, state: 'published' } as never,
      });
      if (publish.length > BATCH_LIMIT) {
        throw new Error('Écriture refusée : trop d’enregistrements hors du plan (personnes, locataire) dans une seule écriture.');
      }
      const results = await this.batch(tenantId, publish);
      const failed = results.findIndex((r) => r.statusCode >= 400);
      if (failed >= 0) {
        if (state && failed === 0) throw new HeadMoved(state.planId);
        const hit = publishIndex.find((w) => w.op === failed);
        throw hit ? await this.failure(tenantId, hit.slot, results[failed]!.statusCode) : new HeadMoved(state?.planId ?? '');
      }
      for (const { slot, op } of publishIndex) bodies.set(slot, results[op]!.resourceBody as Doc);
    } catch (error) {
      await this.removeStaged(tenantId, importDoc).catch(() => undefined); // cleanupStaged finishes what this leaves
      throw error;
    }
    // Published: what follows only tidies, and cleanupStaged redoes it if it is cut short.
    const revealed = await this.finishImport(tenantId, { ...importDoc, state: 'published' }).catch(() => new Map<string, Doc>());
    for (const [slot, body] of bodies) {
      if (slot.kind === 'person' && body) bodies.set(slot, revealed.get(body.id) ?? body);
    }
    return { saved: savedInOrder(writes, new Map([...changed].map((s) => [`${s.kind}|${s.id}`, s])), bodies) };
  }

  /** Removes what an unpublished import staged: its generation, its people, its record. */
  protected async removeStaged(tenantId: string, importDoc: Doc): Promise<number> {
    const docs = await this.query(
      tenantId,
      'SELECT c.id FROM c WHERE c.tenantId = @tenant AND ((c.gen = @gen AND c.planId = @plan) OR c.pendingImport = @gen)',
      [
        { name: '@gen', value: importDoc.gen! },
        { name: '@plan', value: importDoc.planId ?? null },
      ],
    );
    await this.deleteAll(tenantId, [...docs.map((d) => d.id), importDoc.id]);
    return docs.length;
  }

  /** After a publish: the new people shown, the previous generation deleted, the import's record removed. Returns the people as shown. */
  private async finishImport(tenantId: string, importDoc: Doc): Promise<Map<string, Doc>> {
    const people = await this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = 'person' AND c.pendingImport = @gen", [
      { name: '@gen', value: importDoc.gen! },
    ]);
    const revealed = new Map<string, Doc>();
    for (let i = 0; i < people.length; i += BATCH_LIMIT) {
      const chunk = people.slice(i, i + BATCH_LIMIT);
      const results = await this.batch(
        tenantId,
        chunk.map((p) => {
          const { pendingImport: _staged, ...rest } = clean(p);
          return { operationType: 'Replace', partitionKey: tenantId, id: p.id, ifMatch: p._etag, resourceBody: rest as never } as OperationInput;
        }),
      );
      results.forEach((r, j) => {
        if (r.statusCode < 400) revealed.set(chunk[j]!.id, r.resourceBody as Doc);
      });
    }
    if (importDoc.previousGen && importDoc.planId) {
      const old = await this.query(tenantId, 'SELECT c.id FROM c WHERE c.tenantId = @tenant AND c.planId = @plan AND c.gen = @gen', [
        { name: '@plan', value: importDoc.planId },
        { name: '@gen', value: importDoc.previousGen },
      ]);
      await this.deleteAll(tenantId, old.map((d) => d.id));
    }
    await this.deleteAll(tenantId, [importDoc.id]);
    return revealed;
  }

  private async deleteAll(tenantId: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
      const results = await this.batch(
        tenantId,
        ids.slice(i, i + BATCH_LIMIT).map((id) => ({ operationType: 'Delete', partitionKey: tenantId, id }) as OperationInput),
      );
      // 404: already gone (another tidy-up got there first): fine; anything else stops here.
      const bad = results.find((r) => r.statusCode >= 400 && r.statusCode !== 404 && r.statusCode !== 424);
      if (bad) throw new Error(`Cosmos DB a refusé une suppression (statut ${bad.statusCode}).`);
      if (results.some((r) => r.statusCode === 424)) {
        // A batch stops at its first failure: delete the rest one by one.
        for (const id of ids.slice(i, i + BATCH_LIMIT)) await this.deleteOne(tenantId, id);
      }
    }
  }

  private async deleteOne(tenantId: string, id: string): Promise<void> {
    const container = await this.ready();
    try {
      const response = await guarded(() => container.item(id, tenantId).delete());
      this.count(response.requestCharge);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  /**
   * Tidies what large commits left behind in a tenant: a published import whose old
   * generation or hidden people remain is finished; an import still staging after
   * `olderThanMs` (a crashed or abandoned one) is removed whole. Answers what it did.
   */
  async cleanupStaged(tenantId: string, options: { olderThanMs?: number; now?: Date } = {}): Promise<{ finished: number; removed: number }> {
    const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? ABANDONED_AFTER_MS);
    const imports = await this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenant AND c.kind = 'import'");
    let finished = 0;
    let removed = 0;
    for (const doc of imports) {
      const head = doc.planId ? await this.head(tenantId, doc.planId) : null;
      if (doc.state === 'published' || (head !== null && head.gen === doc.gen)) {
        await this.finishImport(tenantId, doc);
        finished += 1;
      } else if (Date.parse(doc.startedAt ?? '') <= cutoff) {
        await this.removeStaged(tenantId, doc);
        removed += 1;
      }
    }
    return { finished, removed };
  }

  /** cleanupStaged in every tenant that has a large commit on record (one cross-partition query to find them). */
  async tidy(now: Date = new Date()): Promise<{ finished: number; removed: number }> {
    const container = await this.ready();
    const response = await container.items
      .query<{ tenantId: string }>("SELECT c.tenantId FROM c WHERE c.kind = 'import'", { maxItemCount: 1000 })
      .fetchAll();
    this.count(response.requestCharge);
    const total = { finished: 0, removed: 0 };
    for (const tenantId of new Set(response.resources.map((r) => r.tenantId))) {
      const done = await this.cleanupStaged(tenantId, { now });
      total.finished += done.finished;
      total.removed += done.removed;
    }
    return total;
  }

  async close(): Promise<void> {
    this.client.dispose();
  }
}

// ───────────────────────── pure helpers ─────────────────────────

function emptyTree(planId: string, tenantId: string): PlanTree {
  return { plan: { id: planId, tenantId } as Plan, ambitions: [], objectives: [], projects: [], milestones: [] };
}

/** A plan from documents of one generation, each kind by order then id. */
function treeOf(plan: Plan, docs: Doc[]): PlanTree {
  const tree: PlanTree = { plan, ambitions: [], objectives: [], projects: [], milestones: [] };
  for (const doc of docs) {
    const rec = recordOf(doc);
    if (doc.kind === 'ambition') tree.ambitions.push(rec as never);
    else if (doc.kind === 'objective') tree.objectives.push(rec as never);
    else if (doc.kind === 'project') tree.projects.push(rec as never);
    else if (doc.kind === 'milestone') tree.milestones.push(rec as never);
  }
  tree.ambitions.sort(byOrderThenId);
  tree.objectives.sort(byOrderThenId);
  tree.projects.sort(byOrderThenId);
  tree.milestones.sort(byOrderThenId);
  return tree;
}

/** The tree as the commit's slots leave it (records in a plan only). */
function applySlots(tree: PlanTree, slots: Slot[]): PlanTree {
  const lists = {
    ambition: new Map(tree.ambitions.map((r) => [r.id, r])),
    objective: new Map(tree.objectives.map((r) => [r.id, r])),
    project: new Map(tree.projects.map((r) => [r.id, r])),
    milestone: new Map(tree.milestones.map((r) => [r.id, r])),
  } as Record<PlanChildKind, Map<string, unknown>>;
  for (const slot of slots) {
    if (!isPlanChildKind(slot.kind)) continue;
    if (slot.after) lists[slot.kind].set(slot.id, { ...slot.after, etag: '' });
    else lists[slot.kind].delete(slot.id);
  }
  return {
    plan: tree.plan,
    ambitions: [...lists.ambition.values()] as never,
    objectives: [...lists.objective.values()] as never,
    projects: [...lists.project.values()] as never,
    milestones: [...lists.milestone.values()] as never,
  };
}

/**
 * A delete in a batch, If-Match when an etag is given: the service honours ifMatch on
 * every batch operation, though the SDK's type lists it only for writes with a body.
 */
function deleteOp(tenantId: string, id: string, ifMatch?: string): OperationInput {
  return { operationType: 'Delete', partitionKey: tenantId, id, ...(ifMatch ? { ifMatch } : {}) } as OperationInput;
}

function sumsDoc(tenantId: string, planId: string, gen: string, level: string, sums: LevelSums): Doc {
  return { id: docId.sums(planId, gen, level), tenantId, kind: 'sums', planId, gen, level, sums };
}

/**
 * The writes that make the stored level documents hold `levels`: replaced (If-Match) when
 * they changed, created when new, deleted when they came back to zero. With `only`, the
 * levels outside it are left alone.
 */
function levelOperations(
  tenantId: string,
  state: PlanState,
  stored: Map<string, Doc>,
  levels: Partial<Record<LevelKey, LevelSums>>,
  only?: ReadonlySet<string>,
): OperationInput[] {
  const ops: OperationInput[] = [];
  const keys = new Set<string>([...(only ?? stored.keys()), ...Object.keys(levels)]);
  for (const level of keys) {
    const sums = levels[level as LevelKey];
    const doc = stored.get(level);
    if (!sums || isZeroSums(sums)) {
      if (doc) ops.push(deleteOp(tenantId, doc.id, doc._etag));
      continue;
    }
    const body = sumsDoc(tenantId, state.planId, state.gen, level, sums);
    if (!doc) ops.push({ operationType: 'Create', partitionKey: tenantId, resourceBody: body as never });
    else if (JSON.stringify(doc.sums) !== JSON.stringify(sums)) {
      ops.push({ operationType: 'Replace', partitionKey: tenantId, id: doc.id, ifMatch: doc._etag, resourceBody: body as never });
    }
  }
  return ops;
}

/** The records as stored, in the order of the writes, deletes left out (a record written twice appears at each write, as last stored). */
function savedInOrder(writes: Write[], slots: Map<string, Slot>, bodies: Map<Slot, Doc | undefined>): AnyRecord[] {
  const saved: AnyRecord[] = [];
  for (const write of writes) {
    if (write.op === 'delete') continue;
    const slot = slots.get(`${write.kind}|${write.item.id}`)!;
    const body = bodies.get(slot);
    if (body) saved.push(recordOf(body));
  }
  return saved;
}

