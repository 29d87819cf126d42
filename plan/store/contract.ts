// The PlanStore contract: what every adapter of the port must do, proved by one suite that
// each adapter's test file runs on its own store:
//
//   describeStoreContract('SQLite', async () => openSqliteStore({ dataDir }));
//   describeStoreContract('Cosmos DB', () => emulator.open(), { timeout: 120_000 });
//
// `open` is called once for the file and the store closed after it. Every test works in
// tenants of its own (fresh random ids), so tests need no wiping between them and a store
// shared by every test (an emulator, a real account) is fine. Each test must be able to
// fail: a store that skips a rule fails the test that names it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoutes } from '../../functions/handlers/projects.ts';
import { setRuntime, type Caller, type Runtime } from '../../functions/runtime.ts';
import { client, type TestResponse } from '../../functions/testing.ts';
import type { EntityByKind, EntityKind, Milestone, Person, Plan, PlanTree, Project, Tenant } from '../model.ts';
import { planLevelSums } from '../rollup-docs.ts';
import { ConflictError, DuplicateError, NotFoundError } from './errors.ts';
import {
  LATER,
  NOW,
  WHOLE_PLAN,
  allPages,
  ambition,
  byKey,
  byOrderThenId,
  create,
  freshId,
  milestone,
  objective,
  pad,
  person,
  plan,
  project,
  remove,
  replace,
  targetOf,
  tenant,
  tenantWithSettings,
  treeOf,
  wholePlanWrites,
  type WholePlanSizes,
} from './fixtures.ts';
import type { Page, PlanChildKind, PlanStore, Write } from './ports.ts';

export interface StoreContractOptions {
  /**
   * Multiplies the size of the large commits (the whole-plan imports: 150 projects, 300
   * milestones, 30 people at 1, the default). Below 1 for a slow adapter; whatever the
   * scale, they stay above 100 writes, beyond one Cosmos DB transactional batch.
   */
  scale?: number;
  /** Timeout of each test, and of opening and closing the store, in ms (default: the runner's). */
  timeout?: number;
}

type AnyRecord = EntityByKind[EntityKind];
const CHILD_KINDS = ['ambition', 'objective', 'project', 'milestone'] as const satisfies readonly PlanChildKind[];
const TREE_KEY = { ambition: 'ambitions', objective: 'objectives', project: 'projects', milestone: 'milestones' } as const;

/** What one aggregate kind needs for the tests that run over every kind. */
interface KindCase {
  kind: EntityKind;
  /** How test names call it. */
  name: string;
  /** Writes the record needs first (its plan, the records it points to). */
  setup(t: string, planId: string): Write[];
  /** The record, with values that differ from the schema's defaults. */
  make(t: string, planId: string): AnyRecord;
  /** The record after an edit of several of its fields. */
  change(record: AnyRecord): AnyRecord;
  /** Every way the port lists or loads it, reduced to the records of `id`. */
  views(t: string, planId: string, id: string): Promise<AnyRecord[][]>;
}

/**
 * Declares, with vitest's describe and it, the tests every PlanStore adapter must pass.
 * `open` is called once (beforeAll); the store is closed after the last test (afterAll).
 */
export function describeStoreContract(name: string, open: () => Promise<PlanStore>, options: StoreContractOptions = {}): void {
  const timeout = options.timeout;
  const scale = options.scale !== undefined && options.scale > 0 ? options.scale : 1;
  const sizes: WholePlanSizes = {
    ...WHOLE_PLAN,
    projects: Math.max(40, Math.round(WHOLE_PLAN.projects * scale)),
    people: Math.max(10, Math.round(WHOLE_PLAN.people * scale)),
  };
  const test = (title: string, fn: () => Promise<void>) => it(title, fn, timeout);

  describe(`the ${name} store, by the PlanStore contract`, () => {
    let store: PlanStore;
    /** Two tenants of this test alone. */
    let A: string;
    let B: string;

    beforeAll(async () => {
      store = await open();
    }, timeout);
    afterAll(async () => {
      await store?.close();
    }, timeout);
    beforeEach(() => {
      A = freshId('tenant-a');
      B = freshId('tenant-b');
    });

    // ───────────────────────── helpers ─────────────────────────

    /** Commits, and types the saved records as the test knows them to be. */
    async function commitAs<T>(tenantId: string, writes: Write[]): Promise<T[]> {
      return (await store.commit(tenantId, writes)).saved as T[];
    }

    /** What a promise rejected with (fails the test when it resolved). */
    async function failure(promise: Promise<unknown>): Promise<unknown> {
      return promise.then(
        (value) => {
          throw new Error(`attendu un refus, reçu ${JSON.stringify(value)?.slice(0, 200)}`);
        },
        (error: unknown) => error,
      );
    }

    /** Every item of a list, following continuations. */
    async function everything<T>(fetch: (continuation: string | null) => Promise<Page<T>>): Promise<T[]> {
      return (await allPages(fetch)).flatMap((p) => p.items);
    }

    /** `get` of every record the writes are about, in chunks: the ones found. */
    async function found(tenantId: string, writes: Write[]): Promise<AnyRecord[]> {
      const targets = writes.map(targetOf);
      const out: AnyRecord[] = [];
      for (let i = 0; i < targets.length; i += 50) {
        const chunk = await Promise.all(targets.slice(i, i + 50).map(({ kind, id }) => store.get(tenantId, kind, id)));
        for (const r of chunk) if (r) out.push(r);
      }
      return out;
    }

    /** What a tenant shows of itself, whole: its plans with their trees, its people. */
    async function snapshot(tenantId: string) {
      const plans = await everything((continuation) => store.listPlans(tenantId, { continuation }));
      const trees = await Promise.all(plans.map((p) => store.loadPlan(tenantId, p.id)));
      const people = await everything((continuation) => store.listPeople(tenantId, {}, { continuation, limit: 1000 }));
      return { tenant: await store.getTenant(tenantId), plans, trees, people };
    }

    /** Nothing of `writes` shows anywhere in the tenant, and the tenant is as `before`. */
    async function expectNothingOf(
      tenantId: string,
      planId: string,
      writes: Write[],
      before: Awaited<ReturnType<typeof snapshot>>,
    ): Promise<void> {
      expect(await found(tenantId, writes)).toEqual([]);
      expect(await store.loadPlan(tenantId, planId)).toBeNull();
      expect(await store.loadPlanSummary(tenantId, planId)).toBeNull();
      for (const kind of CHILD_KINDS) {
        expect(await store.listInPlan(tenantId, kind, planId)).toEqual({ items: [], continuation: null });
      }
      expect(await snapshot(tenantId)).toEqual(before);
    }

    /** One record of every kind in one tenant, as the tenant-isolation tests use them. */
    async function seedEveryKind(tenantId: string, planId: string) {
      const saved = await commitAs<AnyRecord>(tenantId, [
        create('tenant', tenantWithSettings(tenantId)),
        create('plan', plan(tenantId, planId, 'Plan A')),
        create('ambition', ambition(tenantId, planId, 'a1')),
        create('objective', objective(tenantId, planId, 'o1', 0, { ambitionId: 'a1' })),
        create('project', project(tenantId, planId, 'x1', 0, 'Projet A', { ambitionId: 'a1', objectiveId: 'o1', ownerId: 'u1' })),
        create('milestone', milestone(tenantId, planId, 'm1', 0, { projectId: 'x1', baselineDate: '2026-01-15' })),
        create('person', person(tenantId, 'u1', 'Alice Sans Lien', { email: 'alice@ville-a.fr' })),
        create('person', person(tenantId, 'u2', 'Bruno Lié', { email: 'bruno@ville-a.fr', entraObjectId: 'oid-2' })),
      ]);
      const kinds: EntityKind[] = ['tenant', 'plan', 'ambition', 'objective', 'project', 'milestone', 'person', 'person'];
      return saved.map((record, i) => ({ kind: kinds[i]!, record }));
    }

    // ───────────────────────── every kind ─────────────────────────

    const withPlan = (t: string, planId: string) => [create('plan', plan(t, planId))];
    const withAmbition = (t: string, planId: string) => [...withPlan(t, planId), create('ambition', ambition(t, planId, 'a-parent'))];
    const withObjective = (t: string, planId: string) => [
      ...withAmbition(t, planId),
      create('objective', objective(t, planId, 'o-parent', 0, { ambitionId: 'a-parent' })),
    ];
    const withProject = (t: string, planId: string) => [
      ...withObjective(t, planId),
      create('project', project(t, planId, 'x-parent', 0, 'Projet parent', { ambitionId: 'a-parent', objectiveId: 'o-parent' })),
    ];
    const only = (id: string, records: AnyRecord[]) => records.filter((r) => r.id === id);
    const nonNull = (records: Array<AnyRecord | null>) => records.filter((r): r is AnyRecord => r !== null);
    const childViews = (kind: PlanChildKind) => async (t: string, planId: string, id: string) => {
      const tree = await store.loadPlan(t, planId);
      return [
        only(id, await everything((continuation) => store.listInPlan(t, kind, planId, { continuation }))),
        only(id, tree ? (tree[TREE_KEY[kind]] as AnyRecord[]) : []),
      ];
    };

    const KINDS: KindCase[] = [
      {
        kind: 'tenant',
        name: 'a tenant, with its settings',
        setup: () => [],
        make: (t) => tenantWithSettings(t),
        change: (r) => {
          const t = r as Tenant;
          return {
            ...t,
            updatedAt: LATER,
            profile: { ...t.profile, name: 'Communauté d’agglomération du Val' },
            settings: {
              ...t.settings,
              directions: [...t.settings.directions, { id: 'dir-culture', name: 'Culture', code: 'DAC', directorIds: [] }],
              reminders: { ...t.settings.reminders, enabled: true, weekday: 5 },
              defaultPlanId: null,
            },
          };
        },
        views: async (t, _planId, id) => [
          only(id, nonNull([await store.getTenant(t)])),
          only(id, nonNull([await store.get(t, 'tenant', t)])),
        ],
      },
      {
        kind: 'person',
        name: 'a person',
        setup: () => [],
        make: (t) =>
          person(t, 'u-crud', 'Camille Martin', {
            email: 'camille.martin@ville.fr',
            entraObjectId: null,
            teamsUserId: null,
            source: 'import:plan.xlsx',
          }),
        change: (r) => ({
          ...(r as Person),
          updatedAt: LATER,
          displayName: 'Camille Martin-Durand',
          entraObjectId: 'oid-camille',
          teamsUserId: '29:camille',
          linkedAt: LATER,
        }),
        views: async (t, _planId, id) => [
          only(id, await everything((continuation) => store.listPeople(t, {}, { continuation }))),
          only(id, (await store.listPeople(t, { email: 'Camille.Martin@ville.fr' })).items),
        ],
      },
      {
        kind: 'plan',
        name: 'a plan',
        setup: () => [],
        make: (t) => ({
          ...plan(t, 'p-crud', 'Plan climat'),
          description: 'Le plan climat-air-énergie territorial',
          source: { fileName: 'pcaet.xlsx', format: 'territoires-en-transitions', importedAt: NOW },
        }),
        change: (r) => ({ ...(r as Plan), updatedAt: LATER, title: 'Plan climat 2026', source: null }),
        views: async (t, _planId, id) => {
          const tree = await store.loadPlan(t, id);
          return [only(id, await everything((continuation) => store.listPlans(t, { continuation }))), tree ? [tree.plan] : []];
        },
      },
      {
        kind: 'ambition',
        name: 'an ambition',
        setup: withPlan,
        make: (t, planId) =>
          ambition(t, planId, 'a-crud', 3, { description: 'Une ville plus verte', key: 'A3', imported: { title: 'Ambition a-crud' } }),
        change: (r) => ({ ...(r as EntityByKind['ambition']), updatedAt: LATER, title: 'Une ville verte', order: 7, key: null }),
        views: childViews('ambition'),
      },
      {
        kind: 'objective',
        name: 'an objective',
        setup: withObjective,
        make: (t, planId) =>
          objective(t, planId, 'o-crud', 2, {
            ambitionId: 'a-parent',
            parentId: 'o-parent',
            kind: 'programme',
            ownerId: 'u-owner',
            description: 'Un programme',
          }),
        change: (r) => ({ ...(r as EntityByKind['objective']), updatedAt: LATER, parentId: null, kind: 'objective', ownerId: null }),
        views: childViews('objective'),
      },
      {
        kind: 'project',
        name: 'a project',
        setup: withObjective,
        make: (t, planId) =>
          project(t, planId, 'x-crud', 4, 'Maison de santé', {
            ambitionId: 'a-parent',
            objectiveId: 'o-parent',
            description: 'Une maison de santé pluriprofessionnelle',
            leadDirectionId: 'dir-sante',
            coDirectionIds: ['dir-voirie'],
            ownerId: 'u-owner',
            coOwnerIds: ['u-co-1', 'u-co-2'],
            eluId: 'u-elu',
            partners: 'ARS, CPAM',
            budget: { planned: 250000, funders: [{ name: 'ARS', amount: 100000 }, { name: 'Région', amount: null }] },
            startDate: '2025-01-01',
            endDate: '2026-12-31',
            status: 'En cours',
            phase: 'Étude',
            priority: 'Élevée',
            meteo: { value: 'nuageux', comment: 'Foncier à trouver', date: '2025-02-01', byId: 'u-owner' },
            meteoHistory: [{ value: 'soleil', comment: '', date: '2025-01-01', byId: null }],
            tags: ['santé', 'prévention'],
            progressOverride: { value: 0.4, comment: 'Étude rendue', byId: 'u-owner', at: NOW },
            extra: { 'Code opération': 'OP-42' },
            key: 'P4',
            imported: { title: 'Maison de santé', status: 'En cours' },
          }),
        change: (r) => {
          const p = r as Project;
          return {
            ...p,
            updatedAt: LATER,
            status: 'Bloqué',
            meteo: { value: 'orage', comment: 'Recours', date: '2025-03-15', byId: 'u-owner' },
            meteoHistory: [...p.meteoHistory, p.meteo!],
            budget: { planned: 300000, funders: [] },
            progressOverride: null,
            tags: [],
          };
        },
        views: childViews('project'),
      },
      {
        kind: 'milestone',
        name: 'a milestone',
        setup: withProject,
        make: (t, planId) =>
          milestone(t, planId, 'm-crud', 5, {
            projectId: 'x-parent',
            objectiveId: 'o-parent',
            title: 'Permis de construire',
            baselineDate: '2025-09-30',
            forecastDate: '2025-10-15',
            weight: 3,
            strategic: false,
            state: 'En cours',
            completion: 0.5,
            ownerId: 'u-owner',
            lastUpdate: { byId: 'u-owner', at: NOW, comment: 'Dossier déposé' },
          }),
        change: (r) => ({
          ...(r as Milestone),
          updatedAt: LATER,
          state: 'Atteint',
          completion: 1,
          actualDate: '2025-10-01',
          lastUpdate: { byId: 'u-owner', at: LATER, comment: 'Permis obtenu' },
        }),
        views: childViews('milestone'),
      },
    ];

    // ───────────────────────── round trips ─────────────────────────

    describe('records of every kind', () => {
      test('reads back a created record of every kind, with the etag the store gave it', async () => {
        const records: Array<[EntityKind, AnyRecord]> = [
          ['tenant', tenant(A)],
          ['plan', plan(A, 'p1')],
          ['ambition', ambition(A, 'p1', 'a1')],
          ['objective', objective(A, 'p1', 'o1')],
          ['project', project(A, 'p1', 'x1')],
          ['milestone', milestone(A, 'p1', 'm1')],
          ['person', person(A, 'u1', 'Camille Martin', { email: 'camille.martin@ville.fr' })],
        ];
        const { saved } = await store.commit(A, records.map(([kind, item]) => create(kind, item)));

        expect(saved).toHaveLength(records.length);
        for (const [i, [kind, item]] of records.entries()) {
          const back = await store.get(A, kind, item.id);
          expect(back).toEqual({ ...item, etag: saved[i]!.etag });
          expect(back).toEqual(saved[i]);
          expect(saved[i]!.etag).not.toBe('');
        }
        expect(await store.getTenant(A)).toEqual(saved[0]);
      });

      test('answers null for a record that does not exist', async () => {
        expect(await store.get(A, 'project', 'nope')).toBeNull();
        expect(await store.getTenant(A)).toBeNull();
        expect(await store.loadPlan(A, 'nope')).toBeNull();
      });

      test('gives a new etag on every create and every replace', async () => {
        const [created] = await commitAs<Plan>(A, [create('plan', plan(A, 'p1'))]);
        const [first] = await commitAs<Plan>(A, [replace('plan', { ...created!, title: 'Deux' }, created!.etag)]);
        const [second] = await commitAs<Plan>(A, [replace('plan', { ...first!, title: 'Trois' }, first!.etag)]);
        const etags = new Set([created!.etag, first!.etag, second!.etag]);
        expect(etags.size).toBe(3);
        expect(await store.get(A, 'plan', 'p1')).toMatchObject({ title: 'Trois', etag: second!.etag });
      });

      test('returns the saved records in the order of the writes, deletes left out', async () => {
        await store.commit(A, [create('plan', plan(A, 'p1')), create('ambition', ambition(A, 'p1', 'gone'))]);
        const { saved } = await store.commit(A, [
          create('project', project(A, 'p1', 'x2')),
          remove('ambition', 'gone'),
          create('project', project(A, 'p1', 'x1')),
        ]);
        expect(saved.map((r) => r.id)).toEqual(['x2', 'x1']);
      });

      test('lets the same id live in two kinds', async () => {
        await store.commit(A, [create('project', project(A, 'p1', 'same')), create('milestone', milestone(A, 'p1', 'same'))]);
        expect(await store.get(A, 'project', 'same')).toMatchObject({ title: 'Projet same' });
        expect(await store.get(A, 'milestone', 'same')).toMatchObject({ title: 'Jalon same' });
      });

      for (const c of KINDS) {
        test(`creates, reads, replaces with If-Match and deletes ${c.name}`, async () => {
          const planId = 'p-crud';
          const setup = c.setup(A, planId);
          if (setup.length) await store.commit(A, setup);
          const item = c.make(A, planId);
          const id = item.id;

          // Create: stored as given, with an etag of the store's.
          const [created] = await commitAs<AnyRecord>(A, [create(c.kind, item)]);
          expect(created!.etag).toEqual(expect.any(String));
          expect(created!.etag).not.toBe('');
          expect(created).toEqual({ ...item, etag: created!.etag });
          expect(await store.get(A, c.kind, id)).toEqual(created);
          for (const view of await c.views(A, planId, id)) expect(view).toEqual([created]);

          // Replace with the etag read: the new version everywhere, with a new etag.
          const edited = c.change(created!);
          expect(edited).not.toEqual(created);
          const [replaced] = await commitAs<AnyRecord>(A, [replace(c.kind, edited, created!.etag)]);
          expect(replaced).toEqual({ ...edited, etag: replaced!.etag });
          expect(replaced!.etag).not.toBe(created!.etag);
          expect(await store.get(A, c.kind, id)).toEqual(replaced);
          for (const view of await c.views(A, planId, id)) expect(view).toEqual([replaced]);

          // A replace or a delete with the first etag is refused with the record as it is.
          const staleReplace = await failure(store.commit(A, [replace(c.kind, created!, created!.etag)]));
          expect(staleReplace).toBeInstanceOf(ConflictError);
          expect(staleReplace).toMatchObject({ kind: c.kind, id });
          expect((staleReplace as ConflictError).current).toEqual(replaced);
          const staleDelete = await failure(store.commit(A, [remove(c.kind, id, created!.etag)]));
          expect(staleDelete).toBeInstanceOf(ConflictError);
          expect((staleDelete as ConflictError).current).toEqual(replaced);
          expect(await store.get(A, c.kind, id)).toEqual(replaced);

          // Delete with the etag read: gone from every read.
          await expect(store.commit(A, [remove(c.kind, id, replaced!.etag)])).resolves.toEqual({ saved: [] });
          expect(await store.get(A, c.kind, id)).toBeNull();
          for (const view of await c.views(A, planId, id)) expect(view).toEqual([]);
          // What it pointed to is still there.
          expect(await found(A, setup)).toHaveLength(setup.length);
        });
      }
    });

    // ───────────────────────── commit rules ─────────────────────────

    describe('commit rules', () => {
      test('commits all writes or none: a batch whose third write conflicts leaves nothing of the first two', async () => {
        const [p1] = await commitAs<Plan>(A, [create('plan', plan(A, 'p1', 'Avant'))]);
        await store.commit(A, [replace('plan', { ...p1!, title: 'Changé ailleurs' }, p1!.etag)]);

        await expect(
          store.commit(A, [
            create('ambition', ambition(A, 'p1', 'a1')),
            create('project', project(A, 'p1', 'x1')),
            replace('plan', { ...p1!, title: 'Mon changement' }, p1!.etag),
          ]),
        ).rejects.toBeInstanceOf(ConflictError);

        expect(await store.get(A, 'ambition', 'a1')).toBeNull();
        expect(await store.get(A, 'project', 'x1')).toBeNull();
        expect(await store.get(A, 'plan', 'p1')).toMatchObject({ title: 'Changé ailleurs' });
      });

      test('commits all writes or none when the failing write is a duplicate create', async () => {
        await store.commit(A, [create('plan', plan(A, 'p1'))]);
        await expect(
          store.commit(A, [create('ambition', ambition(A, 'p1', 'a1')), create('plan', plan(A, 'p1'))]),
        ).rejects.toBeInstanceOf(DuplicateError);
        expect(await store.get(A, 'ambition', 'a1')).toBeNull();
      });

      test('refuses a replace with a stale etag and hands back the record as it is now', async () => {
        const [x1] = await commitAs<Project>(A, [create('project', project(A, 'p1', 'x1'))]);
        const [now] = await commitAs<Project>(A, [replace('project', { ...x1!, status: 'En cours' }, x1!.etag)]);

        const error = await store.commit(A, [replace('project', { ...x1!, status: 'Bloqué' }, x1!.etag)]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ kind: 'project', id: 'x1', current: now });
      });

      test('refuses to replace a record that does not exist', async () => {
        const error = await store.commit(A, [replace('project', project(A, 'p1', 'ghost'), 'some-etag')]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ kind: 'project', id: 'ghost' });
      });

      test('refuses to create a record that already exists', async () => {
        await store.commit(A, [create('person', person(A, 'u1', 'Camille Martin'))]);
        const error = await store.commit(A, [create('person', person(A, 'u1', 'Autre'))]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateError);
        expect(error).toMatchObject({ kind: 'person', id: 'u1' });
        expect(await store.get(A, 'person', 'u1')).toMatchObject({ displayName: 'Camille Martin' });
      });

      test('deletes idempotently when no etag is given', async () => {
        await store.commit(A, [create('milestone', milestone(A, 'p1', 'm1'))]);
        await store.commit(A, [remove('milestone', 'm1')]);
        expect(await store.get(A, 'milestone', 'm1')).toBeNull();
        await expect(store.commit(A, [remove('milestone', 'm1')])).resolves.toEqual({ saved: [] });
      });

      test('checks the etag of a delete that carries one', async () => {
        const [m1] = await commitAs<Milestone>(A, [create('milestone', milestone(A, 'p1', 'm1'))]);
        const [now] = await commitAs<Milestone>(A, [replace('milestone', { ...m1!, completion: 0.5 }, m1!.etag)]);

        const stale = await store.commit(A, [remove('milestone', 'm1', m1!.etag)]).catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(ConflictError);
        expect(stale).toMatchObject({ current: now });
        expect(await store.get(A, 'milestone', 'm1')).not.toBeNull();

        await store.commit(A, [remove('milestone', 'm1', now!.etag)]);
        expect(await store.get(A, 'milestone', 'm1')).toBeNull();

        const gone = await store.commit(A, [remove('milestone', 'm1', now!.etag)]).catch((e: unknown) => e);
        expect(gone).toBeInstanceOf(NotFoundError);
      });

      test('refuses a tenant record whose id is not the tenant id', async () => {
        await expect(store.commit(A, [create('tenant', { ...tenant(A), id: 'autre' })])).rejects.toThrow(/locataire/);
      });
    });

    // ───────────────────────── concurrent writers ─────────────────────────

    describe('concurrent writers', () => {
      for (const c of KINDS) {
        test(`lets one of two concurrent replaces of ${c.name} with the same etag win, and refuses the other with the winner’s version`, async () => {
          const planId = 'p-race';
          const setup = c.setup(A, planId);
          if (setup.length) await store.commit(A, setup);
          const [read] = await commitAs<AnyRecord>(A, [create(c.kind, c.make(A, planId))]);
          const mine = { ...c.change(read!), updatedAt: '2025-05-01T10:00:00.000Z' };
          const theirs = { ...c.change(read!), updatedAt: '2025-05-01T10:00:01.000Z' };

          const outcomes = await Promise.allSettled([
            store.commit(A, [replace(c.kind, mine, read!.etag)]),
            store.commit(A, [replace(c.kind, theirs, read!.etag)]),
          ]);

          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o) => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          const winner = won[0]!.value.saved[0]!;
          expect([mine, theirs].map((r) => ({ ...r, etag: winner.etag }))).toContainEqual(winner);
          expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
          expect((lost[0]!.reason as ConflictError).current).toEqual(winner);
          expect(await store.get(A, c.kind, read!.id)).toEqual(winner);
        });

        test(`lets a delete and a replace of ${c.name} with the same etag race: one wins, the other is refused`, async () => {
          // Twice, the delete sent first then second, so that a store that serialises
          // calls in their order proves both outcomes.
          for (const deleteFirst of [true, false]) {
            // Each round in a tenant of its own: records of one kind have fixed ids.
            const t = deleteFirst ? A : B;
            const planId = 'p-race';
            const setup = c.setup(t, planId);
            if (setup.length) await store.commit(t, setup);
            const [read] = await commitAs<AnyRecord>(t, [create(c.kind, c.make(t, planId))]);
            const id = read!.id;
            const doReplace = () => store.commit(t, [replace(c.kind, c.change(read!), read!.etag)]);
            const doDelete = () => store.commit(t, [remove(c.kind, id, read!.etag)]);

            const settled = await Promise.allSettled(deleteFirst ? [doDelete(), doReplace()] : [doReplace(), doDelete()]);
            const [deleted, replaced] = deleteFirst ? [settled[0]!, settled[1]!] : [settled[1]!, settled[0]!];

            expect([deleted!.status, replaced!.status].sort()).toEqual(['fulfilled', 'rejected']);
            if (replaced!.status === 'fulfilled') {
              const winner = replaced!.value.saved[0]!;
              expect(deleted!.status === 'rejected' && deleted!.reason).toBeInstanceOf(ConflictError);
              expect(deleted!.status === 'rejected' && (deleted!.reason as ConflictError).current).toEqual(winner);
              expect(await store.get(t, c.kind, id)).toEqual(winner);
            } else {
              // The delete won: the record is gone, so the replace finds nothing to replace.
              expect(replaced!.reason).toBeInstanceOf(NotFoundError);
              expect(await store.get(t, c.kind, id)).toBeNull();
            }
          }
        });
      }

      test('lets one of two concurrent deletes with the same etag win, and tells the other the record is gone', async () => {
        const [, x1] = await commitAs<AnyRecord>(A, [create('plan', plan(A, 'p1')), create('project', project(A, 'p1', 'x1'))]);
        const outcomes = await Promise.allSettled([
          store.commit(A, [remove('project', 'x1', x1!.etag)]),
          store.commit(A, [remove('project', 'x1', x1!.etag)]),
        ]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(NotFoundError);
        expect(await store.get(A, 'project', 'x1')).toBeNull();
      });
    });

    // ───────────────────────── tenants ─────────────────────────

    describe('tenants', () => {
      test('keeps tenants apart: the same ids in two tenants never show through', async () => {
        await store.commit(A, [
          create('tenant', tenant(A, 'Ville A')),
          create('plan', plan(A, 'p1', 'Plan A')),
          create('project', project(A, 'p1', 'x1', 0, 'Projet A')),
          create('person', person(A, 'u1', 'Alice', { email: 'shared@example.fr' })),
        ]);
        const { saved: inB } = await store.commit(B, [
          create('tenant', tenant(B, 'Ville B')),
          create('plan', plan(B, 'p1', 'Plan B')),
          create('project', project(B, 'p1', 'x1', 0, 'Projet B')),
          create('project', project(B, 'p1', 'x2', 1, 'Projet B2')),
          create('person', person(B, 'u1', 'Bob', { email: 'shared@example.fr' })),
        ]);

        expect(await store.getTenant(A)).toMatchObject({ profile: { name: 'Ville A' } });
        expect(await store.get(A, 'plan', 'p1')).toMatchObject({ title: 'Plan A', tenantId: A });
        expect((await store.listPlans(A)).items.map((p) => p.title)).toEqual(['Plan A']);
        expect((await store.listInPlan(A, 'project', 'p1')).items.map((p) => p.title)).toEqual(['Projet A']);
        expect((await store.listPeople(A)).items.map((p) => p.displayName)).toEqual(['Alice']);
        expect((await store.listPeople(A, { email: 'shared@example.fr' })).items.map((p) => p.displayName)).toEqual(['Alice']);
        const tree = await store.loadPlan(A, 'p1');
        expect(tree?.projects.map((p) => p.title)).toEqual(['Projet A']);

        // Writes in B, even with B's fresh etags, leave A as it was.
        const projectB = inB[2]!;
        await store.commit(B, [remove('project', 'x1'), remove('person', 'u1')]);
        expect(await store.get(A, 'project', 'x1')).toMatchObject({ title: 'Projet A' });
        expect(await store.get(A, 'person', 'u1')).not.toBeNull();
        await expect(store.commit(A, [replace('project', project(A, 'p1', 'x1', 0, 'Volé'), projectB.etag)])).rejects.toBeInstanceOf(
          ConflictError,
        );
      });

      test('refuses a write whose record belongs to another tenant than the call', async () => {
        const attempt = store.commit(A, [create('plan', plan(A, 'p1')), create('plan', plan(B, 'p2'))]);
        await expect(attempt).rejects.toThrow(new RegExp(`Écriture refusée.*${B.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        expect(await store.get(A, 'plan', 'p1')).toBeNull();
        expect(await store.get(A, 'plan', 'p2')).toBeNull();
        expect(await store.get(B, 'plan', 'p2')).toBeNull();
      });

      test('shows tenant B nothing of tenant A: get, getTenant, listPlans, listInPlan, loadPlan, listPeople', async () => {
        const inA = await seedEveryKind(A, 'p-a');
        // B has records of its own, under other ids, so that its lists are not empty by accident.
        const inB = await commitAs<AnyRecord>(B, [
          create('tenant', tenant(B, 'Ville B')),
          create('plan', plan(B, 'p-b', 'Plan B')),
          create('project', project(B, 'p-b', 'x-b', 0, 'Projet B')),
          create('person', person(B, 'u-b', 'Berthe', { email: 'berthe@ville-b.fr' })),
        ]);

        for (const { kind, record } of inA) expect(await store.get(B, kind, record.id)).toBeNull();
        expect(await store.get(B, 'tenant', A)).toBeNull();
        expect(await store.getTenant(B)).toEqual(inB[0]);
        expect(await everything((continuation) => store.listPlans(B, { continuation }))).toEqual([inB[1]]);
        for (const kind of CHILD_KINDS) {
          expect(await store.listInPlan(B, kind, 'p-a')).toEqual({ items: [], continuation: null });
        }
        expect((await store.listInPlan(B, 'project', 'p-b')).items).toEqual([inB[2]]);
        expect(await store.loadPlan(B, 'p-a')).toBeNull();
        expect(await store.loadPlanSummary(B, 'p-a')).toBeNull();
        expect(await everything((continuation) => store.listPeople(B, {}, { continuation }))).toEqual([inB[3]]);
        expect((await store.listPeople(B, { unlinked: true })).items).toEqual([inB[3]]);
        expect((await store.listPeople(B, { email: 'alice@ville-a.fr' })).items).toEqual([]);
        expect((await store.listPeople(B, { email: 'bruno@ville-a.fr' })).items).toEqual([]);
        expect((await store.listPeople(B, { email: 'alice@ville-a.fr', unlinked: true })).items).toEqual([]);

        // And A sees all of its own: the test above did not pass by reading nothing.
        for (const { kind, record } of inA) expect(await store.get(A, kind, record.id)).toEqual(record);
        expect((await store.listPeople(A, { email: 'alice@ville-a.fr' })).items.map((p) => p.id)).toEqual(['u1']);
        expect((await store.listPeople(A, { unlinked: true })).items.map((p) => p.id)).toEqual(['u1']);
        expect((await store.loadPlan(A, 'p-a'))?.milestones.map((m) => m.id)).toEqual(['m1']);
      });

      test('never lets tenant B replace or delete tenant A’s records through its own tenant id', async () => {
        const inA = await seedEveryKind(A, 'p-a');
        const before = await snapshot(A);

        for (const { kind, record } of inA) {
          if (kind === 'tenant') {
            // A tenant record lives at its tenant's id: B cannot even name A's.
            await expect(store.commit(B, [replace('tenant', { ...(record as Tenant), tenantId: B }, record.etag)])).rejects.toThrow(
              /Écriture refusée/,
            );
            const asB = { ...(record as Tenant), id: B, tenantId: B };
            await expect(store.commit(B, [replace('tenant', asB, record.etag)])).rejects.toBeInstanceOf(NotFoundError);
          } else {
            // With A's own etag, as a caller that read A's record would hold it.
            const error = await failure(store.commit(B, [replace(kind, { ...record, tenantId: B }, record.etag)]));
            expect(error).toBeInstanceOf(NotFoundError);
          }
          await expect(store.commit(B, [remove(kind, record.id, record.etag)])).rejects.toBeInstanceOf(NotFoundError);
          // Without an etag, B's delete is of B's record of that id, which does not exist.
          await expect(store.commit(B, [remove(kind, record.id)])).resolves.toEqual({ saved: [] });
        }

        expect(await snapshot(A)).toEqual(before);
        for (const { kind, record } of inA) expect(await store.get(A, kind, record.id)).toEqual(record);
        // A's etags still work: nothing B did touched them.
        const project = inA.find((r) => r.kind === 'project')!.record as Project;
        await expect(store.commit(A, [replace('project', { ...project, title: 'Toujours à A' }, project.etag)])).resolves.toBeTruthy();
      });
    });

    // ───────────────────────── lists and paging ─────────────────────────

    describe('lists and paging', () => {
      test('pages through 50 milestones 7 at a time with no duplicate, no gap, and null after the last', async () => {
        // Orders repeat (five milestones per order) so the id tie-break is paged across too.
        const items = Array.from({ length: 50 }, (_, i) => milestone(A, 'p1', `m-${String(49 - i).padStart(2, '0')}`, i % 10));
        await store.commit(A, [create('plan', plan(A, 'p1')), ...items.map((m) => create('milestone', m))]);
        // Another plan's milestones must not leak into p1's pages.
        await store.commit(A, [create('milestone', milestone(A, 'p2', 'm-other', 3))]);
        const expected = items
          .map((m): [number, string] => [m.order, m.id])
          .sort(byKey)
          .map(([, id]) => id);

        const pages = await allPages((continuation) => store.listInPlan(A, 'milestone', 'p1', { limit: 7, continuation }));

        expect(pages.map((p) => p.items.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
        const ids = pages.flatMap((p) => p.items.map((m) => m.id));
        expect(ids).toEqual(expected);
        expect(new Set(ids).size).toBe(50);
        expect(pages.slice(0, -1).every((p) => typeof p.continuation === 'string')).toBe(true);
        expect(pages.at(-1)!.continuation).toBeNull();
      });

      test('pages through 50 people 7 at a time by display name then id', async () => {
        // Three people share each name, so ties are broken by id across page boundaries.
        const people = Array.from({ length: 50 }, (_, i) =>
          person(A, `u-${String(i).padStart(2, '0')}`, `Agent ${String.fromCharCode(90 - Math.floor(i / 3))}`),
        );
        await store.commit(A, people.map((p) => create('person', p)));
        const expected = people
          .map((p): [string, string] => [p.displayName, p.id])
          .sort(byKey)
          .map(([, id]) => id);

        const pages = await allPages((continuation) => store.listPeople(A, {}, { limit: 7, continuation }));

        const ids = pages.flatMap((p) => p.items.map((x) => x.id));
        expect(ids).toEqual(expected);
        expect(new Set(ids).size).toBe(50);
        expect(pages).toHaveLength(8);
        expect(pages.at(-1)!.continuation).toBeNull();
      });

      /** Pages of 10 over 25 records: the shape every list must have. */
      function expectTenTenFive<T extends { id: string }>(pages: Array<Page<T>>, expected: T[]) {
        expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
        expect(pages.map((p) => typeof p.continuation)).toEqual(['string', 'string', 'object']);
        expect(pages[2]!.continuation).toBeNull();
        const ids = pages.flatMap((p) => p.items.map((r) => r.id));
        expect(new Set(ids).size).toBe(25);
        expect(ids).toEqual(expected.map((r) => r.id));
        expect(pages.flatMap((p) => p.items)).toEqual(expected);
      }

      test('pages 25 records of each kind of a plan 10 at a time: 10, 10, 5, no duplicate, no gap, null after the last', async () => {
        await store.commit(A, [create('plan', plan(A, 'p1')), create('plan', plan(A, 'p2'))]);
        const builders = {
          ambition: (id: string, order: number) => ambition(A, 'p1', id, order),
          objective: (id: string, order: number) => objective(A, 'p1', id, order),
          project: (id: string, order: number) => project(A, 'p1', id, order),
          milestone: (id: string, order: number) => milestone(A, 'p1', id, order),
        };
        for (const kind of CHILD_KINDS) {
          // Orders 0..8 repeat, with ids out of order, so that ties fall across pages.
          const items = Array.from({ length: 25 }, (_, i) => builders[kind](`${kind}-${pad(24 - i)}`, i % 9));
          const saved = await commitAs<AnyRecord>(A, [
            ...items.map((r) => create(kind, r)),
            // Records of another plan must not show in p1's pages.
            create(kind, { ...builders[kind](`${kind}-other`, 4), planId: 'p2' }),
          ]);
          const expected = (saved.slice(0, 25) as Array<EntityByKind[PlanChildKind]>).sort(byOrderThenId);
          expectTenTenFive(await allPages((continuation) => store.listInPlan(A, kind, 'p1', { limit: 10, continuation })), expected);
        }
      });

      test('pages 25 people 10 at a time: 10, 10, 5, no duplicate, no gap, null after the last', async () => {
        const people = Array.from({ length: 25 }, (_, i) => person(A, `u-${pad(24 - i)}`, `Agent ${String.fromCharCode(65 + (i % 7))}`));
        const saved = await commitAs<Person>(A, people.map((p) => create('person', p)));
        await store.commit(B, [create('person', person(B, 'u-b', 'Agent A'))]);
        const expected = [...saved].sort((a, b) => byKey([a.displayName, a.id], [b.displayName, b.id]));
        expectTenTenFive(await allPages((continuation) => store.listPeople(A, {}, { limit: 10, continuation })), expected);
        // The same through a query: the unlinked people are all of them here.
        expectTenTenFive(await allPages((continuation) => store.listPeople(A, { unlinked: true }, { limit: 10, continuation })), expected);
      });

      test('pages 25 plans 10 at a time: 10, 10, 5, no duplicate, no gap, null after the last', async () => {
        // Five plans share each creation instant, so the id breaks ties across pages.
        const plans = Array.from({ length: 25 }, (_, i) =>
          plan(A, `p-${pad(24 - i)}`, `Plan ${i}`, `2025-01-0${1 + (i % 5)}T00:00:00.000Z`),
        );
        const saved = await commitAs<Plan>(A, plans.map((p) => create('plan', p)));
        await store.commit(B, [create('plan', plan(B, 'p-b', 'Plan B', '2025-01-01T00:00:00.000Z'))]);
        const expected = [...saved].sort((a, b) => byKey([a.createdAt, a.id], [b.createdAt, b.id]));
        expectTenTenFive(await allPages((continuation) => store.listPlans(A, { limit: 10, continuation })), expected);
      });

      test('never hands out a continuation that leads to an empty page', async () => {
        await store.commit(A, Array.from({ length: 14 }, (_, i) => create('project', project(A, 'p1', `x${i}`, i))));
        const first = await store.listInPlan(A, 'project', 'p1', { limit: 7 });
        const second = await store.listInPlan(A, 'project', 'p1', { limit: 7, continuation: first.continuation });
        expect(second.items).toHaveLength(7);
        expect(second.continuation).toBeNull();
        expect(await store.listInPlan(A, 'project', 'nothing-here', { limit: 7 })).toEqual({ items: [], continuation: null });
      });

      test('orders records in a plan by order as a number, not as text', async () => {
        await store.commit(A, [9, 10, 2, -1].map((order) => create('ambition', ambition(A, 'p1', `a${order}`, order))));
        const { items } = await store.listInPlan(A, 'ambition', 'p1');
        expect(items.map((a) => a.order)).toEqual([-1, 2, 9, 10]);
      });

      test('lists plans oldest first, then by id', async () => {
        await store.commit(A, [
          create('plan', plan(A, 'p-c', 'C', '2025-01-02T00:00:00.000Z')),
          create('plan', plan(A, 'p-b', 'B', '2025-01-01T00:00:00.000Z')),
          create('plan', plan(A, 'p-a', 'A', '2025-01-02T00:00:00.000Z')),
        ]);
        const pages = await allPages((continuation) => store.listPlans(A, { limit: 2, continuation }));
        expect(pages.flatMap((p) => p.items.map((x) => x.id))).toEqual(['p-b', 'p-a', 'p-c']);
      });

      test('clamps the page size between 1 and 1000, 100 by default', async () => {
        await store.commit(A, Array.from({ length: 1001 }, (_, i) => create('milestone', milestone(A, 'p1', `m${i}`, i))));
        expect((await store.listInPlan(A, 'milestone', 'p1')).items).toHaveLength(100);
        expect((await store.listInPlan(A, 'milestone', 'p1', { limit: 0 })).items).toHaveLength(1);
        expect((await store.listInPlan(A, 'milestone', 'p1', { limit: -5 })).items).toHaveLength(1);
        expect((await store.listInPlan(A, 'milestone', 'p1', { limit: 5000 })).items).toHaveLength(1000);
      });

      test('rejects a malformed continuation token in French', async () => {
        await store.commit(A, [create('person', person(A, 'u1', 'Alice'))]);
        const notBase64 = 'pas un jeton !';
        const notJson = Buffer.from('bonjour').toString('base64url');
        const wrongShape = Buffer.from(JSON.stringify({ after: 1 })).toString('base64url');
        // A people token (text key) handed to a list ordered by number.
        const wrongList = Buffer.from(JSON.stringify(['Alice', 'u1'])).toString('base64url');

        for (const continuation of [notBase64, notJson, wrongShape, '']) {
          await expect(store.listPeople(A, {}, { continuation })).rejects.toThrow('jeton de continuation invalide');
        }
        await expect(store.listInPlan(A, 'project', 'p1', { continuation: wrongList })).rejects.toThrow('jeton de continuation invalide');
      });
    });

    // ───────────────────────── people ─────────────────────────

    describe('people', () => {
      test('lists only unlinked people when asked: neither an Entra id nor a Teams id', async () => {
        await store.commit(A, [
          create('person', person(A, 'u1', 'Aucun lien')),
          create('person', person(A, 'u2', 'Entra seul', { entraObjectId: 'oid-2' })),
          create('person', person(A, 'u3', 'Teams seul', { teamsUserId: '29:abc' })),
          create('person', person(A, 'u4', 'Autre sans lien')),
        ]);
        const { items } = await store.listPeople(A, { unlinked: true });
        expect(items.map((p) => p.id)).toEqual(['u1', 'u4']);
        expect((await store.listPeople(A, { unlinked: false })).items).toHaveLength(4);
      });

      test('finds a person by e-mail whatever its case, and only by the whole address', async () => {
        await store.commit(A, [
          create('person', person(A, 'u1', 'Camille', { email: 'Camille.Martin@Ville.fr' })),
          create('person', person(A, 'u2', 'Dominique', { email: 'dominique@ville.fr' })),
          create('person', person(A, 'u3', 'Sans adresse')),
        ]);
        expect((await store.listPeople(A, { email: 'camille.martin@ville.FR' })).items.map((p) => p.id)).toEqual(['u1']);
        expect((await store.listPeople(A, { email: 'camille' })).items).toEqual([]);
        expect((await store.listPeople(A, { email: 'CAMILLE.MARTIN@VILLE.FR', unlinked: true })).items.map((p) => p.id)).toEqual([
          'u1',
        ]);
      });

      test('finds people again by their new e-mail after a replace', async () => {
        const [u1] = await commitAs<Person>(A, [create('person', person(A, 'u1', 'Camille', { email: 'old@ville.fr' }))]);
        await store.commit(A, [replace('person', { ...u1!, email: 'new@ville.fr' }, u1!.etag)]);
        expect((await store.listPeople(A, { email: 'old@ville.fr' })).items).toEqual([]);
        expect((await store.listPeople(A, { email: 'NEW@ville.fr' })).items.map((p) => p.id)).toEqual(['u1']);
      });
    });

    // ───────────────────────── whole plans ─────────────────────────

    describe('whole plans', () => {
      test('loads a whole plan, each kind sorted by order then id', async () => {
        await store.commit(A, [
          create('plan', plan(A, 'p1')),
          create('ambition', ambition(A, 'p1', 'a2', 1)),
          create('ambition', ambition(A, 'p1', 'a1', 1)),
          create('objective', objective(A, 'p1', 'o1', 5)),
          create('project', project(A, 'p1', 'x1', 2)),
          create('project', project(A, 'p1', 'x0', 3)),
          create('milestone', milestone(A, 'p1', 'm1')),
          create('milestone', milestone(A, 'p2', 'elsewhere')),
        ]);
        const tree = await store.loadPlan(A, 'p1');
        expect(tree?.plan.id).toBe('p1');
        expect(tree?.ambitions.map((r) => r.id)).toEqual(['a1', 'a2']);
        expect(tree?.objectives.map((r) => r.id)).toEqual(['o1']);
        expect(tree?.projects.map((r) => r.id)).toEqual(['x1', 'x0']);
        expect(tree?.milestones.map((r) => r.id)).toEqual(['m1']);
      });

      test('summarises a plan from its structure and the sums of a recount, and answers null for a plan that does not exist', async () => {
        const writes = wholePlanWrites(A, 'p1', { ambitions: 2, objectivesPerAmbition: 2, projects: 12, milestonesPerProject: 2, people: 2 });
        await store.commit(A, writes);
        const tree = (await store.loadPlan(A, 'p1'))!;
        const summary = await store.loadPlanSummary(A, 'p1');
        expect(summary).toEqual({ plan: tree.plan, ambitions: tree.ambitions, objectives: tree.objectives, levels: planLevelSums(tree) });
        expect(Object.keys(summary!.levels).length).toBeGreaterThan(1);
        expect(await store.loadPlanSummary(A, 'nope')).toBeNull();
      });
    });

    // ───────────────────────── large commits ─────────────────────────

    describe('large commits, all or nothing', () => {
      /** A tenant that already has a person the import names, and another plan. */
      async function existingTenant() {
        const saved = await commitAs<AnyRecord>(A, [
          create('tenant', tenantWithSettings(A)),
          create('plan', plan(A, 'p-old', 'Ancien plan', '2024-01-01T00:00:00.000Z')),
          create('project', project(A, 'p-old', 'x-old', 0, 'Projet ancien')),
          create('person', person(A, 'u-known', 'Dominique Connu', { email: 'dominique@ville.fr' })),
        ]);
        return { known: saved[3] as Person, before: await snapshot(A) };
      }

      /** The import commits again without its bad write: it is stored, exactly. */
      async function expectStoredWhole(planId: string, writes: Write[], before: Awaited<ReturnType<typeof snapshot>>) {
        const { saved } = await store.commit(A, writes);
        expect(saved).toHaveLength(writes.length);
        const expected = treeOf(writes, saved, planId);
        expect(await store.loadPlan(A, planId)).toEqual(expected);
        const people = saved.filter((_, i) => writes[i]!.kind === 'person') as Person[];
        expect(await everything((continuation) => store.listPeople(A, {}, { continuation, limit: 1000 }))).toEqual(
          [...before.people, ...people].sort((a, b) => byKey([a.displayName, a.id], [b.displayName, b.id])),
        );
        expect((await everything((continuation) => store.listPlans(A, { continuation }))).map((p) => p.id)).toEqual(['p-old', planId]);
      }

      test('leaves nothing behind of an import of more than 100 writes whose last write creates an id that exists, then stores it whole without that write', async () => {
        const { known, before } = await existingTenant();
        const writes = wholePlanWrites(A, 'p-new', sizes);
        expect(writes.length).toBeGreaterThan(100);
        const bad = create('person', person(A, known.id, 'Dominique Homonyme', { source: 'import' }));

        const error = await failure(store.commit(A, [...writes, bad]));
        expect(error).toBeInstanceOf(DuplicateError);
        expect(error).toMatchObject({ kind: 'person', id: known.id });

        await expectNothingOf(A, 'p-new', writes, before);
        expect(await store.get(A, 'person', known.id)).toEqual(known);
        await expectStoredWhole('p-new', writes, before);
      });

      test('leaves nothing behind of an import of more than 100 writes whose last write replaces with a stale etag, then stores it whole without that write', async () => {
        const { known } = await existingTenant();
        // The import read the person, then someone else changed it.
        const [changed] = await commitAs<Person>(A, [replace('person', { ...known, teamsUserId: '29:dominique' }, known.etag)]);
        const before = await snapshot(A);
        const writes = wholePlanWrites(A, 'p-new', sizes);
        expect(writes.length).toBeGreaterThan(100);
        const bad = replace('person', { ...known, displayName: 'Dominique (import)' }, known.etag);

        const error = await failure(store.commit(A, [...writes, bad]));
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ kind: 'person', id: known.id });
        expect((error as ConflictError).current).toEqual(changed);

        await expectNothingOf(A, 'p-new', writes, before);
        expect(await store.get(A, 'person', known.id)).toEqual(changed);
        await expectStoredWhole('p-new', writes, before);
      });

      test('leaves a plan exactly as it was when a re-import of more than 100 replaces carries one stale etag', async () => {
        await store.commit(A, wholePlanWrites(A, 'p1', sizes));
        const read = (await store.loadPlan(A, 'p1'))!;
        // After the import read the plan, a tab saved one milestone: one that comes after
        // more than 100 of the re-import's writes, so that a store committing them in
        // batches would have written some before it met the stale one.
        const stale = read.milestones[Math.floor((read.milestones.length * 3) / 4)]!;
        await store.commit(A, [replace('milestone', { ...stale, completion: 0.75, state: 'En cours' }, stale.etag)]);
        const before = await snapshot(A);

        const writes: Write[] = [
          replace('plan', { ...read.plan, title: 'Plan réimporté' }, read.plan.etag),
          ...read.ambitions.map((r) => replace('ambition', { ...r, title: `${r.title} (2)` }, r.etag)),
          ...read.objectives.map((r) => replace('objective', { ...r, title: `${r.title} (2)` }, r.etag)),
          ...read.projects.map((r) => replace('project', { ...r, title: `${r.title} (2)` }, r.etag)),
          ...read.milestones.map((r) => replace('milestone', { ...r, state: 'Atteint', completion: 1 }, r.etag)),
          create('project', project(A, 'p1', 'x-added', 999, 'Ajouté par le réimport')),
        ];
        expect(writes.length).toBeGreaterThan(100);
        const at = writes.findIndex((w) => w.kind === 'milestone' && targetOf(w).id === stale.id);
        expect(at).toBeGreaterThan(100);
        expect(at).toBeLessThan(writes.length - 1);

        const error = await failure(store.commit(A, writes));
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ kind: 'milestone', id: stale.id });

        expect(await snapshot(A)).toEqual(before);
        expect(await store.get(A, 'project', 'x-added')).toBeNull();
        expect(await store.get(A, 'milestone', stale.id)).toMatchObject({ completion: 0.75, state: 'En cours' });
      });

      test('makes a large commit readable everywhere at once, and every etag it hands back good for the next replace', async () => {
        const writes = wholePlanWrites(A, 'p1', sizes);
        expect(writes.length).toBeGreaterThan(100);
        const { saved } = await store.commit(A, writes);
        expect(saved).toHaveLength(writes.length);
        const expected = treeOf(writes, saved, 'p1');

        // get
        expect(await found(A, writes)).toEqual(saved);
        // listInPlan
        for (const kind of CHILD_KINDS) {
          const items = await everything((continuation) => store.listInPlan(A, kind, 'p1', { continuation }));
          expect(items).toEqual(expected[TREE_KEY[kind]]);
        }
        // loadPlan, listPlans, listPeople
        expect(await store.loadPlan(A, 'p1')).toEqual(expected);
        expect((await store.listPlans(A)).items).toEqual([expected.plan]);
        const people = saved.filter((_, i) => writes[i]!.kind === 'person');
        expect(await everything((continuation) => store.listPeople(A, {}, { continuation }))).toEqual(people);

        // One small replace of a record of each kind with the etag the commit handed back…
        const latest = new Map(saved.map((r, i) => [`${writes[i]!.kind}|${r.id}`, r]));
        for (const kind of ['plan', 'person', ...CHILD_KINDS] as const) {
          const i = writes.findIndex((w) => w.kind === kind);
          const record = saved[i]!;
          const [after] = await commitAs<AnyRecord>(A, [replace(kind, { ...record, updatedAt: LATER }, record.etag)]);
          latest.set(`${kind}|${record.id}`, after!);
        }
        // …then one large commit replacing every record with the etag it was last given.
        const again: Write[] = writes.map((w) => {
          const { kind, id } = targetOf(w);
          const record = latest.get(`${kind}|${id}`)!;
          return replace(kind, { ...record, updatedAt: '2025-05-01T00:00:00.000Z' }, record.etag);
        });
        const { saved: replaced } = await store.commit(A, again);
        expect(replaced).toHaveLength(writes.length);
        const tree = (await store.loadPlan(A, 'p1'))!;
        expect(tree).toEqual(treeOf(again, replaced, 'p1'));
        const records = [tree.plan, ...tree.ambitions, ...tree.objectives, ...tree.projects, ...tree.milestones];
        expect(records.every((r) => r.updatedAt === '2025-05-01T00:00:00.000Z')).toBe(true);
      });
    });

    // ───────────────────────── through the API ─────────────────────────

    describe('the project list through the API', () => {
      const api = client(projectRoutes);
      const runtimeFor = (tenantId: string): Runtime => {
        const caller: Caller = { tenantId, userId: 'u-api', displayName: 'Appelante de test' };
        return {
          store,
          identify: async () => caller,
          today: () => '2025-06-15',
          now: () => new Date('2025-06-15T08:00:00.000Z'),
        };
      };
      /** Calls as the caller of `tenantId` (A unless told). */
      const as = (tenantId: string) => setRuntime(runtimeFor(tenantId));

      beforeEach(() => as(A));
      afterEach(() => setRuntime(undefined));

      /** The ids of every page of a list, following continuations, and the pages' sizes. */
      async function listAll(path: string, limit?: number): Promise<{ ids: string[]; sizes: number[]; last: unknown }> {
        const ids: string[] = [];
        const sizes: number[] = [];
        let continuation: string | null = null;
        let last: unknown;
        do {
          const params: string[] = [];
          if (limit) params.push(`limit=${limit}`);
          if (continuation) params.push(`continuation=${encodeURIComponent(continuation)}`);
          const url: string = params.length ? `${path}${path.includes('?') ? '&' : '?'}${params.join('&')}` : path;
          const res: TestResponse<{ items: Array<{ id: string }>; continuation: string | null }> = await api.get(url);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          ids.push(...res.body.items.map((p) => p.id));
          sizes.push(res.body.items.length);
          continuation = res.body.continuation;
          last = continuation;
        } while (continuation && sizes.length < 100);
        return { ids, sizes, last };
      }

      /** A plan of six projects that differ by ambition, direction, status and text, and a decoy plan. */
      async function seedFilters(tenantId: string, planId: string) {
        const p = (id: string, order: number, title: string, over: Partial<Project>) =>
          create('project', project(tenantId, planId, id, order, title, over));
        await store.commit(tenantId, [
          create('tenant', tenantWithSettings(tenantId)),
          create('plan', plan(tenantId, planId)),
          create('ambition', ambition(tenantId, planId, 'a1', 0)),
          create('ambition', ambition(tenantId, planId, 'a2', 1)),
          create('objective', objective(tenantId, planId, 'o1', 0, { ambitionId: 'a1' })),
          create('objective', objective(tenantId, planId, 'o2', 1, { ambitionId: 'a2' })),
          p('x-ecole', 0, 'Rénovation de l’école Jules-Ferry', {
            ambitionId: 'a1',
            objectiveId: 'o1',
            leadDirectionId: 'dir-voirie',
            status: 'En cours',
          }),
          p('x-sante', 1, 'Maison de santé', {
            ambitionId: 'a2',
            objectiveId: 'o2',
            leadDirectionId: 'dir-sante',
            coDirectionIds: ['dir-voirie'],
            status: 'À venir',
            description: 'Pôle de soins',
          }),
          p('x-jardins', 2, 'Jardins partagés', { status: 'Bloqué' }),
          p('x-media', 3, 'Médiathèque', {
            ambitionId: 'a1',
            objectiveId: 'o1',
            leadDirectionId: 'dir-culture',
            status: 'Terminé',
            description: 'Un lieu pour lire',
          }),
          p('x-pasteur', 4, 'Centre de prévention', {
            ambitionId: 'a2',
            objectiveId: 'o2',
            leadDirectionId: 'dir-sante',
            status: 'En cours',
            description: 'Près de l’ÉCOLE Pasteur',
          }),
          p('x-pistes', 5, 'Pistes cyclables', { ambitionId: 'a1', coDirectionIds: ['dir-voirie'], status: 'En pause' }),
          create('milestone', milestone(tenantId, planId, 'm-ecole', 0, { projectId: 'x-ecole', baselineDate: '2025-01-31', completion: 0.5 })),
          // Another plan of the tenant whose project matches every filter: it must never show.
          create('plan', plan(tenantId, `${planId}-autre`)),
          create(
            'project',
            project(tenantId, `${planId}-autre`, 'x-decoy', 0, 'École et santé', {
              ambitionId: 'a1',
              leadDirectionId: 'dir-voirie',
              coDirectionIds: ['dir-sante', 'dir-culture'],
              status: 'En cours',
            }),
          ),
        ]);
      }

      const projects = (query: string) => listAll(`plans/p1/projects?${query}`).then((r) => r.ids);

      test('filters a plan’s projects by ambition through GET /api/plans/{planId}/projects?ambition=', async () => {
        await seedFilters(A, 'p1');
        expect(await projects('ambition=a1')).toEqual(['x-ecole', 'x-media', 'x-pistes']);
        expect(await projects('ambition=a2')).toEqual(['x-sante', 'x-pasteur']);
        expect(await projects('ambition=none')).toEqual(['x-jardins']);
        expect(await projects('ambition=a2,none')).toEqual(['x-sante', 'x-jardins', 'x-pasteur']);
        expect(await projects('ambition=a9')).toEqual([]);
      });

      test('filters a plan’s projects by lead or co-lead direction through ?direction=', async () => {
        await seedFilters(A, 'p1');
        expect(await projects('direction=dir-voirie')).toEqual(['x-ecole', 'x-sante', 'x-pistes']);
        expect(await projects('direction=dir-sante')).toEqual(['x-sante', 'x-pasteur']);
        expect(await projects('direction=dir-culture')).toEqual(['x-media']);
        expect(await projects('direction=none')).toEqual(['x-jardins', 'x-pistes']);
      });

      test('filters a plan’s projects by status through ?status=', async () => {
        await seedFilters(A, 'p1');
        expect(await projects(`status=${encodeURIComponent('En cours')}`)).toEqual(['x-ecole', 'x-pasteur']);
        expect(await projects(`status=${encodeURIComponent('Bloqué,Terminé')}`)).toEqual(['x-jardins', 'x-media']);
        expect(await projects(`status=${encodeURIComponent('Abandonné')}`)).toEqual([]);
        // Filters combine.
        expect(await projects(`ambition=a1&direction=dir-voirie&status=${encodeURIComponent('En cours')}`)).toEqual(['x-ecole']);
      });

      test('finds a plan’s projects by text in their title or description through ?q=', async () => {
        await seedFilters(A, 'p1');
        expect(await projects('q=ecole')).toEqual(['x-ecole', 'x-pasteur']);
        expect(await projects(`q=${encodeURIComponent('SANTÉ')}`)).toEqual(['x-sante']);
        expect(await projects('q=lire')).toEqual(['x-media']);
        expect(await projects('q=piscine')).toEqual([]);
      });

      test('pages through a plan’s projects 10 at a time through the API: 10, 10, 5, no duplicate, no gap', async () => {
        await store.commit(A, [
          create('plan', plan(A, 'p1')),
          // 30 projects, orders repeating, 25 of them led by the voirie.
          ...Array.from({ length: 30 }, (_, i) =>
            create(
              'project',
              project(A, 'p1', `x-${pad(29 - i)}`, i % 7, `Projet ${i}`, { leadDirectionId: i % 6 === 5 ? 'dir-sante' : 'dir-voirie' }),
            ),
          ),
        ]);
        const all = (await store.loadPlan(A, 'p1'))!.projects;
        const expected = all.filter((p) => p.leadDirectionId === 'dir-voirie').map((p) => p.id);
        expect(expected).toHaveLength(25);

        const filtered = await listAll('plans/p1/projects?direction=dir-voirie', 10);
        expect(filtered.sizes).toEqual([10, 10, 5]);
        expect(filtered.ids).toEqual(expected);
        expect(new Set(filtered.ids).size).toBe(25);
        expect(filtered.last).toBeNull();

        const everyProject = await listAll('plans/p1/projects', 10);
        expect(everyProject.sizes).toEqual([10, 10, 10]);
        expect(everyProject.ids).toEqual(all.map((p) => p.id));
      });

      test('answers another tenant 404 for the plan, and only its own projects for a plan of the same id', async () => {
        await seedFilters(A, 'p1');
        as(B);
        const missing = await api.get('plans/p1/projects');
        expect(missing.status).toBe(404);
        await store.commit(B, [
          create('plan', plan(B, 'p1')),
          create('project', project(B, 'p1', 'x-b', 0, 'École de B', { ambitionId: 'a1', leadDirectionId: 'dir-voirie', status: 'En cours' })),
        ]);
        expect(await projects('ambition=a1')).toEqual(['x-b']);
        expect(await projects('direction=dir-voirie')).toEqual(['x-b']);
        expect(await projects(`status=${encodeURIComponent('En cours')}`)).toEqual(['x-b']);
        expect(await projects('q=ecole')).toEqual(['x-b']);
        as(A);
        expect(await projects('q=ecole')).toEqual(['x-ecole', 'x-pasteur']);
      });
    });
  });
}
