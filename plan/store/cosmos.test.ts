// The Cosmos DB store against the real @azure/cosmos client and @vercel/cosmosdb-server
// started in this process: what only this adapter has to prove (generations, staged
// imports and their tidying, the roll-up documents kept on each write, the cost of a
// dashboard), then the whole app on it. The port's contract is proved by contract.ts.
import type { OperationInput } from '@azure/cosmos';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../import/index.ts';
import { REAL, readBytes } from '../import/testing.ts';
import { Milestone, Person, Plan, Project, type PlanTree } from '../model.ts';
import { dashboardFromSums, planLevelSums } from '../rollup-docs.ts';
import { describeStoreContract } from './contract.ts';
import { CosmosStore, isLoopbackEndpoint } from './cosmos.ts';
import { startCosmosEmulator, type CosmosEmulator } from './emulator.ts';
import { ConflictError, StoreUnavailableError } from './errors.ts';
import { planRoutes } from '../../functions/handlers/plans.ts';
import { call, testRuntime } from '../../functions/testing.ts';
import type { PlanStore, Write } from './ports.ts';
import { openSqliteStore } from './sqlite.ts';

let emulator: CosmosEmulator;
let store: CosmosStore;

beforeAll(async () => {
  emulator = await startCosmosEmulator();
  store = await emulator.open();
});
afterAll(async () => {
  await emulator?.close();
});

const NOW = '2025-06-01T08:00:00.000Z';
let counter = 0;
const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`;
const base = (tenantId: string, id: string) => ({ id, tenantId, etag: '', createdAt: NOW, updatedAt: NOW });
const plan = (tenantId: string, id: string) => Plan.parse({ ...base(tenantId, id), title: `Plan ${id}` });
const project = (tenantId: string, planId: string, id: string, order: number, over: Partial<Project> = {}) =>
  Project.parse({ ...base(tenantId, id), planId, order, ambitionId: null, objectiveId: null, title: `Projet ${id}`, budget: { planned: 1000 + order }, ...over });
const milestone = (tenantId: string, planId: string, id: string, projectId: string, order: number, over: Partial<Milestone> = {}) =>
  Milestone.parse({ ...base(tenantId, id), planId, order, projectId, title: `Jalon ${id}`, baselineDate: '2025-03-01', ...over });
const person = (tenantId: string, id: string) => Person.parse({ ...base(tenantId, id), displayName: `Personne ${id}`, email: null, entraObjectId: null, teamsUserId: null, source: 'test', linkedAt: null });

/** A plan of `projects` projects with two milestones each, and `people` new people: one large commit. */
function bigPlan(tenantId: string, planId: string, projects: number, people = 20): Write[] {
  const writes: Write[] = [{ op: 'create', kind: 'plan', item: plan(tenantId, planId) }];
  for (let i = 0; i < people; i++) writes.push({ op: 'create', kind: 'person', item: person(tenantId, `${planId}-person-${i}`) });
  for (let i = 0; i < projects; i++) {
    const pid = `${planId}-p${i}`;
    writes.push({ op: 'create', kind: 'project', item: project(tenantId, planId, pid, i, { leadDirectionId: `d${i % 3}`, status: i % 5 === 0 ? 'En cours' : 'À venir' }) });
    writes.push({ op: 'create', kind: 'milestone', item: milestone(tenantId, planId, `${pid}-m1`, pid, 2 * i, { state: 'Atteint' }) });
    writes.push({ op: 'create', kind: 'milestone', item: milestone(tenantId, planId, `${pid}-m2`, pid, 2 * i + 1, { completion: 0.5 }) });
  }
  return writes;
}

/** Every document of a tenant, staged and tidied ones included, straight from the container. */
async function rawDocs(tenantId: string): Promise<Array<{ id: string; kind: string; gen?: string; pendingImport?: string }>> {
  const container = await store.ready();
  const { resources } = await container.items
    .query({ query: 'SELECT c.id, c.kind, c.gen, c.pendingImport FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: tenantId }] }, { partitionKey: tenantId })
    .fetchAll();
  return resources;
}

/** The level documents must always equal a recount of the whole plan. */
async function expectSumsInStep(tenantId: string, planId: string) {
  const tree = (await store.loadPlan(tenantId, planId))!;
  const summary = (await store.loadPlanSummary(tenantId, planId))!;
  expect(summary.levels).toEqual(planLevelSums(tree));
}

/**
 * A Cosmos store whose connection drops after `okBatches` batches: for `failures` batches
 * (a blip), or for good (Infinity); with `failTidy`, the process dies before it tidies.
 */
class FailingStore extends CosmosStore {
  okBatches = Infinity;
  failures = Infinity;
  failTidy = false;
  protected override async batch(tenantId: string, ops: OperationInput[]) {
    if (this.okBatches-- <= 0 && this.failures-- > 0) throw new Error('connexion perdue (test)');
    return super.batch(tenantId, ops);
  }
  protected override async removeStaged(...args: Parameters<CosmosStore['removeStaged']>) {
    if (this.failTidy) throw new Error('arrêt brutal (test)');
    return super.removeStaged(...args);
  }
}

describe('the Cosmos DB store: generations and staged imports', () => {
  let failing: FailingStore;
  beforeAll(async () => {
    failing = new FailingStore({ endpoint: emulator.endpoint, key: 'émulateur', disableTlsVerify: true });
    await failing.ready();
  });
  afterEach(() => {
    failing.okBatches = Infinity;
    failing.failures = Infinity;
    failing.failTidy = false;
  });
  afterAll(async () => {
    await failing.close();
  });

  it('writes a plan too large for one batch as a staged generation, then publishes it whole', async () => {
    const t = fresh('t');
    const writes = bigPlan(t, 'big', 120);
    const before = store.stats.requests;
    const { saved } = await store.commit(t, writes);
    expect(saved).toHaveLength(writes.length);
    // Batches of 100, not one request per record.
    expect(store.stats.requests - before).toBeLessThan(writes.length / 10);
    const tree = (await store.loadPlan(t, 'big'))!;
    expect(tree.projects).toHaveLength(120);
    expect(tree.milestones).toHaveLength(240);
    expect((await store.listPeople(t)).items).toHaveLength(20);
    // Every etag handed back works for the next write.
    const p = saved.find((r) => r.id === 'big-p7') as Project;
    await store.commit(t, [{ op: 'replace', kind: 'project', item: { ...p, title: 'Renommé' }, ifMatch: p.etag }]);
    expect((await store.get(t, 'project', 'big-p7'))!.title).toBe('Renommé');
    // Nothing staged is left: no import record, no person still hidden.
    const docs = await rawDocs(t);
    expect(docs.filter((d) => d.kind === 'import' || d.pendingImport)).toEqual([]);
    await expectSumsInStep(t, 'big');
  });

  it('re-publishes a whole plan on a large re-import, keeps edits made elsewhere, and drops the old generation', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 're', 60, 0));
    const tree = (await store.loadPlan(t, 're'))!;
    const gensBefore = new Set((await rawDocs(t)).filter((d) => d.kind === 'project').map((d) => d.gen));
    expect(gensBefore.size).toBe(1);
    const writes: Write[] = tree.projects.map((p) => ({ op: 'replace', kind: 'project', item: { ...p, title: `${p.title} (2)` }, ifMatch: p.etag }));
    writes.push(...tree.milestones.slice(0, 50).map((m): Write => ({ op: 'replace', kind: 'milestone', item: { ...m, state: 'Atteint' }, ifMatch: m.etag })));
    await store.commit(t, writes);
    const after = (await store.loadPlan(t, 're'))!;
    expect(after.projects.every((p) => p.title.endsWith('(2)'))).toBe(true);
    expect(after.milestones).toHaveLength(120);
    const gensAfter = new Set((await rawDocs(t)).filter((d) => d.gen).map((d) => d.gen));
    expect(gensAfter.size).toBe(1);
    expect([...gensAfter][0]).not.toBe([...gensBefore][0]);
    await expectSumsInStep(t, 're');
  });

  it('shows nothing of an import whose connection is lost halfway, and removes what it staged', async () => {
    const t = fresh('t');
    failing.okBatches = 3; // three batches of staged records, then one lost
    failing.failures = 1;
    await expect(failing.commit(t, bigPlan(t, 'cut', 200))).rejects.toThrow(/connexion perdue/);
    failing.okBatches = Infinity;
    expect(await store.loadPlan(t, 'cut')).toBeNull();
    expect((await store.listPlans(t)).items).toEqual([]);
    expect((await store.listPeople(t)).items).toEqual([]);
    expect(await store.get(t, 'project', 'cut-p1')).toBeNull();
    expect(await rawDocs(t)).toEqual([]);
  });

  it('hides what a crashed import staged, and cleanupStaged removes it once it is abandoned', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 'live', 10, 2));
    const liveBefore = await store.loadPlan(t, 'live');
    failing.okBatches = 1;
    failing.failTidy = true; // the process dies before it can remove what it staged
    const reimport = (await store.loadPlan(t, 'live'))!;
    const writes: Write[] = [];
    for (let i = 0; i < 150; i++) writes.push({ op: 'create', kind: 'project', item: project(t, 'live', `live-new-${i}`, 100 + i) });
    for (let i = 0; i < 5; i++) writes.push({ op: 'create', kind: 'person', item: person(t, `live-newperson-${i}`) });
    writes.push({ op: 'replace', kind: 'project', item: { ...reimport.projects[0]!, title: 'Jamais publié' }, ifMatch: reimport.projects[0]!.etag });
    await expect(failing.commit(t, writes)).rejects.toThrow(/connexion perdue/);
    failing.okBatches = Infinity;
    failing.failTidy = false;

    // Staged documents are there, and no reader sees them.
    const staged = (await rawDocs(t)).filter((d) => d.kind === 'import' || d.pendingImport);
    expect(staged.length).toBeGreaterThan(0);
    expect(await store.loadPlan(t, 'live')).toEqual(liveBefore);
    expect((await store.listInPlan(t, 'project', 'live')).items).toHaveLength(10);
    expect(await store.get(t, 'project', 'live-new-3')).toBeNull();
    expect((await store.listPeople(t)).items).toHaveLength(2);
    expect(await store.get(t, 'person', 'live-newperson-0')).toBeNull();

    // Not yet abandoned: left alone. Once it is: removed whole.
    expect(await store.cleanupStaged(t)).toEqual({ finished: 0, removed: 0 });
    expect(await store.cleanupStaged(t, { olderThanMs: 0 })).toEqual({ finished: 0, removed: 1 });
    const left = await rawDocs(t);
    expect(left.filter((d) => d.kind === 'import' || d.pendingImport)).toEqual([]);
    expect(new Set(left.filter((d) => d.gen).map((d) => d.gen)).size).toBe(1);
    expect(await store.loadPlan(t, 'live')).toEqual(liveBefore);
    // The ids the crashed import meant to create are free again.
    await store.commit(t, [{ op: 'create', kind: 'person', item: person(t, 'live-newperson-0') }]);
    expect(await store.get(t, 'person', 'live-newperson-0')).not.toBeNull();
  });

  it('finishes the tidying of a published import that the process could not finish', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 'pub', 10, 0));
    // Let the publish through, then cut every batch after it (the tidying).
    const tree = (await store.loadPlan(t, 'pub'))!;
    const writes: Write[] = [];
    for (let i = 0; i < 120; i++) writes.push({ op: 'create', kind: 'milestone', item: milestone(t, 'pub', `pub-new-${i}`, tree.projects[0]!.id, 500 + i) });
    for (let i = 0; i < 3; i++) writes.push({ op: 'create', kind: 'person', item: person(t, `pub-person-${i}`) });
    // import record (not a batch) + 2 staging batches + publish = 3 batches, then the tidying fails.
    failing.okBatches = 3;
    const { saved } = await failing.commit(t, writes);
    failing.okBatches = Infinity;
    expect(saved).toHaveLength(123);
    expect((await store.loadPlan(t, 'pub'))!.milestones).toHaveLength(140);
    // The people are still hidden, the old generation still there: the timer finishes it.
    expect((await store.listPeople(t)).items).toHaveLength(0);
    expect(await store.tidy(new Date())).toMatchObject({ finished: expect.any(Number) });
    expect((await store.listPeople(t)).items).toHaveLength(3);
    expect(new Set((await rawDocs(t)).filter((d) => d.gen).map((d) => d.gen)).size).toBe(1);
    expect((await rawDocs(t)).filter((d) => d.kind === 'import')).toEqual([]);
    await expectSumsInStep(t, 'pub');
  });

  it('serialises writers of one plan on its head: twelve concurrent edits of different projects all land, sums in step', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 'conc', 12, 0));
    const tree = (await store.loadPlan(t, 'conc'))!;
    const others = await Promise.all(Array.from({ length: 4 }, () => emulator.open()));
    await Promise.all(
      tree.projects.map((p, i) =>
        others[i % others.length]!.commit(t, [
          { op: 'replace', kind: 'project', item: { ...p, status: 'Terminé', budget: { ...p.budget, planned: 12.34 * (i + 1) } }, ifMatch: p.etag },
        ]),
      ),
    );
    const after = (await store.loadPlan(t, 'conc'))!;
    expect(after.projects.every((p) => p.status === 'Terminé')).toBe(true);
    await expectSumsInStep(t, 'conc');
  });

  it('keeps the roll-up documents equal to a recount through every kind of small edit', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 'edit', 12, 0));
    const get = async () => (await store.loadPlan(t, 'edit'))!;
    let tree = await get();
    const m = tree.milestones[3]!;
    await store.commit(t, [{ op: 'replace', kind: 'milestone', item: { ...m, state: 'En retard' }, ifMatch: m.etag }]);
    await expectSumsInStep(t, 'edit');
    tree = await get();
    const p = tree.projects[2]!;
    await store.commit(t, [{ op: 'replace', kind: 'project', item: { ...p, leadDirectionId: null, status: 'Abandonné' }, ifMatch: p.etag }]);
    await expectSumsInStep(t, 'edit');
    await store.commit(t, [
      { op: 'create', kind: 'ambition', item: { ...base(t, 'edit-a1'), planId: 'edit', order: 0, title: 'Ambition', description: '' } as never },
    ]);
    tree = await get();
    const q = tree.projects[4]!;
    await store.commit(t, [{ op: 'replace', kind: 'project', item: { ...q, ambitionId: 'edit-a1' }, ifMatch: q.etag }]);
    await expectSumsInStep(t, 'edit');
    tree = await get();
    const gone = tree.milestones.find((x) => x.projectId === q.id)!;
    await store.commit(t, [
      { op: 'delete', kind: 'milestone', id: gone.id, ifMatch: gone.etag },
      { op: 'create', kind: 'milestone', item: milestone(t, 'edit', 'edit-new', q.id, 99, { baselineDate: '2030-01-01' }) },
    ]);
    await expectSumsInStep(t, 'edit');
    tree = await get();
    const a = tree.ambitions[0]!;
    await store.commit(t, [{ op: 'delete', kind: 'ambition', id: a.id, ifMatch: a.etag }]);
    await expectSumsInStep(t, 'edit');
    const last = (await get()).projects[0]!;
    await store.commit(t, [{ op: 'delete', kind: 'project', id: last.id, ifMatch: last.etag }]);
    await expectSumsInStep(t, 'edit');
  });

  it('refuses a stale etag in a large commit before it stages anything', async () => {
    const t = fresh('t');
    await store.commit(t, bigPlan(t, 'stale', 60, 0));
    const tree = (await store.loadPlan(t, 'stale'))!;
    const first = tree.projects[0]!;
    await store.commit(t, [{ op: 'replace', kind: 'project', item: { ...first, title: 'Changé entre-temps' }, ifMatch: first.etag }]);
    const writes: Write[] = tree.projects.map((p) => ({ op: 'replace', kind: 'project', item: { ...p, title: 'Réimport' }, ifMatch: p.etag }));
    writes.push(...tree.milestones.map((x): Write => ({ op: 'replace', kind: 'milestone', item: x, ifMatch: x.etag })));
    const docsBefore = (await rawDocs(t)).length;
    await expect(store.commit(t, writes)).rejects.toBeInstanceOf(ConflictError);
    expect((await rawDocs(t)).length).toBe(docsBefore);
    expect((await store.get(t, 'project', first.id))!.title).toBe('Changé entre-temps');
  });
});

// The port's contract, as the SQLite store passes it, on an emulator of its own: the
// emulator scans every document on each query, so it is kept apart from the real plans,
// and the large commits are smaller (still beyond one batch of 100).
let contractEmulator: CosmosEmulator | undefined;
afterAll(async () => {
  await contractEmulator?.close();
});
describeStoreContract(
  'Cosmos DB',
  async () => {
    contractEmulator = await startCosmosEmulator();
    return contractEmulator.open();
  },
  { scale: 0.3, timeout: 120_000 },
);

// ───────────────────────── the real plans ─────────────────────────

describe('the Cosmos DB store on the real plans', () => {
  const sqlite = openSqliteStore({ file: ':memory:' });
  const ids: Record<'cls' | 'paris', { sqlite: string; cosmos: string }> = { cls: { sqlite: '', cosmos: '' }, paris: { sqlite: '', cosmos: '' } };
  const t = 'reel';
  beforeAll(async () => {
    for (const name of ['cls', 'paris'] as const) {
      for (const [key, s] of [['sqlite', sqlite], ['cosmos', store]] as const) {
        const outcome = await importPlan(s, { tenantId: t, bytes: readBytes(REAL[name]), fileName: REAL[name], now: new Date(NOW) });
        expect(outcome.errors).toEqual([]);
        ids[name][key] = outcome.planId!;
      }
    }
  }, 120_000);
  afterAll(async () => {
    await sqlite.close();
  });

  /** The same plan read from both stores, with the ids each import drew replaced by their position. */
  const comparable = async (s: PlanStore, tree: PlanTree) => {
    const names = new Map<string, string>();
    const name = (id: string) => names.get(id) ?? (names.set(id, `#${names.size}`), names.get(id)!);
    name(tree.plan.id);
    for (const p of (await s.listPeople(t, {}, { limit: 1000 })).items) names.set(p.id, `person:${p.displayName}`);
    for (const list of [tree.ambitions, tree.objectives, tree.projects, tree.milestones]) for (const r of list) name(r.id);
    return (value: unknown) =>
      JSON.parse(JSON.stringify(value), (k, v) => (k === 'etag' || k === 'createdAt' || k === 'updatedAt' ? '' : typeof v === 'string' && names.has(v) ? names.get(v) : v));
  };

  for (const name of ['cls', 'paris'] as const) {
    it(`imports the real ${name === 'cls' ? 'Contrat Local de Santé' : 'Paris file'} into the same plan as SQLite, with the same dashboard`, async () => {
      const a = (await sqlite.loadPlan(t, ids[name].sqlite))!;
      const b = (await store.loadPlan(t, ids[name].cosmos))!;
      const [ca, cb] = [await comparable(sqlite, a), await comparable(store, b)];
      expect(cb(b)).toEqual(ca(a));
      // The dashboard as the API draws it on each store: from the level documents kept on
      // each write (Cosmos DB), from a recount of the whole plan (SQLite).
      const today = '2025-06-15';
      const dashboard = async (s: PlanStore, planId: string) => {
        const summary = (await s.loadPlanSummary(t, planId))!;
        return dashboardFromSums(summary, summary.levels, { directions: [] }, { today });
      };
      expect(cb(await dashboard(store, ids[name].cosmos))).toEqual(ca(await dashboard(sqlite, ids[name].sqlite)));
    });
  }

  it('loads a dashboard in the same few requests whatever the plan’s size', async () => {
    const cost = async (planId: string) => {
      const before = { ...store.stats };
      await store.loadPlanSummary(t, planId);
      return { requests: store.stats.requests - before.requests };
    };
    const cls = await cost(ids.cls.cosmos);
    const paris = await cost(ids.paris.cosmos);
    // The plan record, the head twice, one query of structure and sums.
    expect(cls.requests).toBeLessThanOrEqual(5);
    expect(paris.requests).toBe(cls.requests);
  });
});

describe('the Cosmos DB store out of reach', () => {
  it('answers 503 with Retry-After and a French message through the API, never 500', async () => {
    const down = new CosmosStore({ endpoint: 'https://127.0.0.1:9/', key: 'k', disableTlsVerify: true });
    await expect(down.listPlans('t')).rejects.toBeInstanceOf(StoreUnavailableError);
    const rt = testRuntime({ store: down });
    try {
      const fr = await call(planRoutes, 'GET', 'plans');
      expect(fr.status).toBe(503);
      expect(fr.headers['retry-after']).toMatch(/^\d+$/);
      expect(fr.body.error.message).toMatch(/Réessayez dans un instant/);
      const en = await call(planRoutes, 'GET', 'plans', { lang: 'en' });
      expect(en.body.error.message).toMatch(/Try again shortly/);
    } finally {
      await rt.dispose();
    }
  });
});

describe('the Cosmos DB store when its emulator restarts empty', () => {
  it('answers 503 once, then opens the container again and works', async () => {
    const first = await startCosmosEmulator();
    const port = Number(new URL(first.endpoint).port);
    const s = new CosmosStore({ endpoint: first.endpoint, key: 'k', disableTlsVerify: true });
    await s.commit('t', [{ op: 'create', kind: 'plan', item: plan('t', 'p1') }]);
    await first.close();
    const second = await startCosmosEmulator(port);
    try {
      await expect(s.listPlans('t')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect((await s.listPlans('t')).items).toEqual([]);
      await s.commit('t', [{ op: 'create', kind: 'plan', item: plan('t', 'p2') }]);
      expect((await s.listPlans('t')).items.map((p) => p.id)).toEqual(['p2']);
    } finally {
      await s.close();
      await second.close();
    }
  });
});

describe('the Cosmos DB store’s settings', () => {
  it('accepts COSMOS_DISABLE_TLS_VERIFY only for an emulator on loopback', () => {
    expect(isLoopbackEndpoint('https://localhost:8081/')).toBe(true);
    expect(isLoopbackEndpoint('https://127.0.0.1:8081/')).toBe(true);
    expect(isLoopbackEndpoint('https://[::1]:8081/')).toBe(true);
    expect(isLoopbackEndpoint('https://jalon.documents.azure.com:443/')).toBe(false);
    expect(isLoopbackEndpoint('https://localhost.evil.example/')).toBe(false);
    expect(() => new CosmosStore({ endpoint: 'https://jalon.documents.azure.com:443/', key: 'k', disableTlsVerify: true })).toThrow(
      /COSMOS_DISABLE_TLS_VERIFY n’est accepté que pour un émulateur local/,
    );
  });
});
