// The SQLite store on a real file in a temp directory: what the port promises, plus what
// only this adapter has (the file, its migrations).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Ambition,
  Milestone,
  Objective,
  Person,
  Plan,
  Project,
  Tenant,
  type EntityByKind,
  type EntityKind,
} from '../model.ts';
import { ConflictError, DuplicateError, NotFoundError } from './errors.ts';
import type { Page, PlanStore, Unsaved, Write } from './ports.ts';
import { DB_FILE_NAME, MIGRATIONS, SqliteStore, defaultDataDir, migrate, openSqliteStore, type Migration } from './sqlite.ts';

// ───────────────────────── factories ─────────────────────────

const A = 'tenant-a';
const B = 'tenant-b';
const NOW = '2025-03-01T08:00:00.000Z';

const stored = (tenantId: string, id: string) => ({ id, tenantId, etag: '', createdAt: NOW, updatedAt: NOW });

const tenant = (tenantId: string, name = 'Ville de Test') =>
  Tenant.parse({ ...stored(tenantId, tenantId), profile: { name }, settings: {} });

const plan = (tenantId: string, id: string, title = 'Plan de mandat', createdAt = NOW) =>
  Plan.parse({ ...stored(tenantId, id), createdAt, title });

const ambition = (tenantId: string, planId: string, id: string, order = 0) =>
  Ambition.parse({ ...stored(tenantId, id), planId, order, title: `Ambition ${id}` });

const objective = (tenantId: string, planId: string, id: string, order = 0) =>
  Objective.parse({ ...stored(tenantId, id), planId, order, ambitionId: null, title: `Objectif ${id}` });

const project = (tenantId: string, planId: string, id: string, order = 0, title = `Projet ${id}`) =>
  Project.parse({ ...stored(tenantId, id), planId, order, ambitionId: null, objectiveId: null, title, budget: {} });

const milestone = (tenantId: string, planId: string, id: string, order = 0) =>
  Milestone.parse({ ...stored(tenantId, id), planId, order, projectId: null, baselineDate: null, title: `Jalon ${id}` });

const person = (tenantId: string, id: string, displayName: string, extra: Partial<Person> = {}) =>
  Person.parse({
    ...stored(tenantId, id),
    displayName,
    email: null,
    entraObjectId: null,
    teamsUserId: null,
    source: 'test',
    linkedAt: null,
    ...extra,
  });

// The casts: TypeScript cannot tie a generic K to one member of the Write union.
const create = <K extends EntityKind>(kind: K, item: Unsaved<EntityByKind[K]>): Write =>
  ({ op: 'create', kind, item }) as unknown as Write;
const replace = <K extends EntityKind>(kind: K, item: Unsaved<EntityByKind[K]>, ifMatch: string): Write =>
  ({ op: 'replace', kind, item, ifMatch }) as unknown as Write;
const remove = (kind: EntityKind, id: string, ifMatch?: string): Write =>
  (ifMatch === undefined ? { op: 'delete', kind, id } : { op: 'delete', kind, id, ifMatch }) as Write;

/** Commits, and types the saved records as the test knows them to be. */
async function commitAs<T>(tenantId: string, writes: Write[]): Promise<T[]> {
  return (await store.commit(tenantId, writes)).saved as T[];
}

/** Follows continuations to the end, keeping every page to check their shape. */
async function allPages<T>(fetch: (continuation: string | null) => Promise<Page<T>>): Promise<Array<Page<T>>> {
  const pages: Array<Page<T>> = [];
  let continuation: string | null = null;
  do {
    const page: Page<T> = await fetch(continuation);
    pages.push(page);
    continuation = page.continuation;
  } while (continuation !== null && pages.length < 100);
  return pages;
}

const byKey = (a: [number | string, string], b: [number | string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

// ───────────────────────── fixture ─────────────────────────

let dataDir: string;
let store: PlanStore;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jalon-sqlite-'));
  store = openSqliteStore({ dataDir });
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

// ───────────────────────── round trips ─────────────────────────

describe('the SQLite store', () => {
  it('keeps its file at <dataDir>/jalon.sqlite, in WAL mode', () => {
    const file = path.join(dataDir, DB_FILE_NAME);
    expect(fs.existsSync(file)).toBe(true);
    // WAL is a property of the file, so a second connection sees it.
    const db = new Database(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('creates the data directory when it does not exist yet', async () => {
    const nested = path.join(dataDir, 'sous', 'dossier');
    const other = openSqliteStore({ dataDir: nested });
    await other.close();
    expect(fs.existsSync(path.join(nested, DB_FILE_NAME))).toBe(true);
  });

  it('takes its default data directory from DATA_DIR, else ./.data', () => {
    vi.stubEnv('DATA_DIR', '/srv/jalon');
    expect(defaultDataDir()).toBe('/srv/jalon');
    vi.stubEnv('DATA_DIR', '');
    expect(defaultDataDir()).toBe('./.data');
  });

  it('reads back a created record of every kind, with the etag the store gave it', async () => {
    const records: Array<[EntityKind, Unsaved<EntityByKind[EntityKind]>]> = [
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

  it('answers null for a record that does not exist', async () => {
    expect(await store.get(A, 'project', 'nope')).toBeNull();
    expect(await store.getTenant(A)).toBeNull();
    expect(await store.loadPlan(A, 'nope')).toBeNull();
  });

  it('gives a new etag on every create and every replace', async () => {
    const [created] = await commitAs<Plan>(A, [create('plan', plan(A, 'p1'))]);
    const [first] = await commitAs<Plan>(A, [replace('plan', { ...created!, title: 'Deux' }, created!.etag)]);
    const [second] = await commitAs<Plan>(A, [replace('plan', { ...first!, title: 'Trois' }, first!.etag)]);
    const etags = new Set([created!.etag, first!.etag, second!.etag]);
    expect(etags.size).toBe(3);
    expect(await store.get(A, 'plan', 'p1')).toMatchObject({ title: 'Trois', etag: second!.etag });
  });

  it('returns the saved records in the order of the writes, deletes left out', async () => {
    await store.commit(A, [create('plan', plan(A, 'p1')), create('ambition', ambition(A, 'p1', 'gone'))]);
    const { saved } = await store.commit(A, [
      create('project', project(A, 'p1', 'x2')),
      remove('ambition', 'gone'),
      create('project', project(A, 'p1', 'x1')),
    ]);
    expect(saved.map((r) => r.id)).toEqual(['x2', 'x1']);
  });

  // ───────────────────────── commit rules ─────────────────────────

  it('commits all writes or none: a batch whose third write conflicts leaves nothing of the first two', async () => {
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

  it('commits all writes or none when the failing write is a duplicate create', async () => {
    await store.commit(A, [create('plan', plan(A, 'p1'))]);
    await expect(
      store.commit(A, [create('ambition', ambition(A, 'p1', 'a1')), create('plan', plan(A, 'p1'))]),
    ).rejects.toBeInstanceOf(DuplicateError);
    expect(await store.get(A, 'ambition', 'a1')).toBeNull();
  });

  it('refuses a replace with a stale etag and hands back the record as it is now', async () => {
    const [x1] = await commitAs<Project>(A, [create('project', project(A, 'p1', 'x1'))]);
    const [now] = await commitAs<Project>(A, [replace('project', { ...x1!, status: 'En cours' }, x1!.etag)]);

    const error = await store.commit(A, [replace('project', { ...x1!, status: 'Bloqué' }, x1!.etag)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ kind: 'project', id: 'x1', current: now });
  });

  it('refuses to replace a record that does not exist', async () => {
    const error = await store
      .commit(A, [replace('project', project(A, 'p1', 'ghost'), 'some-etag')])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ kind: 'project', id: 'ghost' });
  });

  it('refuses to create a record that already exists', async () => {
    await store.commit(A, [create('person', person(A, 'u1', 'Camille Martin'))]);
    const error = await store.commit(A, [create('person', person(A, 'u1', 'Autre'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ kind: 'person', id: 'u1' });
    expect(await store.get(A, 'person', 'u1')).toMatchObject({ displayName: 'Camille Martin' });
  });

  it('lets the same id live in two kinds', async () => {
    await store.commit(A, [create('project', project(A, 'p1', 'same')), create('milestone', milestone(A, 'p1', 'same'))]);
    expect(await store.get(A, 'project', 'same')).toMatchObject({ title: 'Projet same' });
    expect(await store.get(A, 'milestone', 'same')).toMatchObject({ title: 'Jalon same' });
  });

  it('deletes idempotently when no etag is given', async () => {
    await store.commit(A, [create('milestone', milestone(A, 'p1', 'm1'))]);
    await store.commit(A, [remove('milestone', 'm1')]);
    expect(await store.get(A, 'milestone', 'm1')).toBeNull();
    await expect(store.commit(A, [remove('milestone', 'm1')])).resolves.toEqual({ saved: [] });
  });

  it('checks the etag of a delete that carries one', async () => {
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

  it('refuses a tenant record whose id is not the tenant id', async () => {
    await expect(store.commit(A, [create('tenant', { ...tenant(A), id: 'autre' })])).rejects.toThrow(/locataire/);
  });

  // ───────────────────────── tenants ─────────────────────────

  it('keeps tenants apart: the same ids in two tenants never show through', async () => {
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
    await expect(
      store.commit(A, [replace('project', project(A, 'p1', 'x1', 0, 'Volé'), projectB.etag)]),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a write whose record belongs to another tenant than the call', async () => {
    const attempt = store.commit(A, [create('plan', plan(A, 'p1')), create('plan', plan(B, 'p2'))]);
    await expect(attempt).rejects.toThrow(/Écriture refusée.*tenant-b/);
    expect(await store.get(A, 'plan', 'p1')).toBeNull();
    expect(await store.get(A, 'plan', 'p2')).toBeNull();
    expect(await store.get(B, 'plan', 'p2')).toBeNull();
  });

  // ───────────────────────── lists and paging ─────────────────────────

  it('pages through 50 milestones 7 at a time with no duplicate, no gap, and null after the last', async () => {
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

  it('pages through 50 people 7 at a time by display name then id', async () => {
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

  it('never hands out a continuation that leads to an empty page', async () => {
    await store.commit(A, Array.from({ length: 14 }, (_, i) => create('project', project(A, 'p1', `x${i}`, i))));
    const first = await store.listInPlan(A, 'project', 'p1', { limit: 7 });
    const second = await store.listInPlan(A, 'project', 'p1', { limit: 7, continuation: first.continuation });
    expect(second.items).toHaveLength(7);
    expect(second.continuation).toBeNull();
    expect(await store.listInPlan(A, 'project', 'nothing-here', { limit: 7 })).toEqual({ items: [], continuation: null });
  });

  it('orders records in a plan by order as a number, not as text', async () => {
    await store.commit(A, [9, 10, 2, -1].map((order) => create('ambition', ambition(A, 'p1', `a${order}`, order))));
    const { items } = await store.listInPlan(A, 'ambition', 'p1');
    expect(items.map((a) => a.order)).toEqual([-1, 2, 9, 10]);
  });

  it('lists plans oldest first, then by id', async () => {
    await store.commit(A, [
      create('plan', plan(A, 'p-c', 'C', '2025-01-02T00:00:00.000Z')),
      create('plan', plan(A, 'p-b', 'B', '2025-01-01T00:00:00.000Z')),
      create('plan', plan(A, 'p-a', 'A', '2025-01-02T00:00:00.000Z')),
    ]);
    const pages = await allPages((continuation) => store.listPlans(A, { limit: 2, continuation }));
    expect(pages.flatMap((p) => p.items.map((x) => x.id))).toEqual(['p-b', 'p-a', 'p-c']);
  });

  it('clamps the page size between 1 and 1000, 100 by default', async () => {
    await store.commit(A, Array.from({ length: 1001 }, (_, i) => create('milestone', milestone(A, 'p1', `m${i}`, i))));
    expect((await store.listInPlan(A, 'milestone', 'p1')).items).toHaveLength(100);
    expect((await store.listInPlan(A, 'milestone', 'p1', { limit: 0 })).items).toHaveLength(1);
    expect((await store.listInPlan(A, 'milestone', 'p1', { limit: -5 })).items).toHaveLength(1);
    expect((await store.listInPlan(A, 'milestone', 'p1', { limit: 5000 })).items).toHaveLength(1000);
  });

  it('rejects a malformed continuation token in French', async () => {
    await store.commit(A, [create('person', person(A, 'u1', 'Alice'))]);
    const notBase64 = 'pas un jeton !';
    const notJson = Buffer.from('bonjour').toString('base64url');
    const wrongShape = Buffer.from(JSON.stringify({ after: 1 })).toString('base64url');
    // A people token (text key) handed to a list ordered by number.
    const wrongList = Buffer.from(JSON.stringify(['Alice', 'u1'])).toString('base64url');

    for (const continuation of [notBase64, notJson, wrongShape, '']) {
      await expect(store.listPeople(A, {}, { continuation })).rejects.toThrow('jeton de continuation invalide');
    }
    await expect(store.listInPlan(A, 'project', 'p1', { continuation: wrongList })).rejects.toThrow(
      'jeton de continuation invalide',
    );
  });

  it('lists only unlinked people when asked: neither an Entra id nor a Teams id', async () => {
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

  it('finds a person by e-mail whatever its case, and only by the whole address', async () => {
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

  it('finds people again by their new e-mail after a replace', async () => {
    const [u1] = await commitAs<Person>(A, [create('person', person(A, 'u1', 'Camille', { email: 'old@ville.fr' }))]);
    await store.commit(A, [replace('person', { ...u1!, email: 'new@ville.fr' }, u1!.etag)]);
    expect((await store.listPeople(A, { email: 'old@ville.fr' })).items).toEqual([]);
    expect((await store.listPeople(A, { email: 'NEW@ville.fr' })).items.map((p) => p.id)).toEqual(['u1']);
  });

  it('loads a whole plan, each kind sorted by order then id', async () => {
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

  it('commits 6,000 writes in one quick transaction', async () => {
    const writes: Write[] = [create('plan', plan(A, 'big'))];
    for (let i = 0; i < 1000; i++) {
      writes.push(create('project', project(A, 'big', `x${i}`, i)));
      for (let j = 0; j < 5; j++) writes.push(create('milestone', milestone(A, 'big', `m${i}-${j}`, j)));
    }
    const started = performance.now();
    const { saved } = await store.commit(A, writes);
    const elapsed = performance.now() - started;

    expect(saved).toHaveLength(6001);
    const tree = await store.loadPlan(A, 'big');
    expect(tree?.projects).toHaveLength(1000);
    expect(tree?.milestones).toHaveLength(5000);
    // Generous, to stay green on a slow CI runner; row-per-transaction would take far longer.
    expect(elapsed).toBeLessThan(5000);
  });

  // ───────────────────────── the file ─────────────────────────

  it('keeps the data when the store is closed and the same file opened again', async () => {
    const [p1] = await commitAs<Plan>(A, [create('plan', plan(A, 'p1')), create('project', project(A, 'p1', 'x1'))]);
    await store.close();

    store = openSqliteStore({ dataDir });
    expect(await store.get(A, 'plan', 'p1')).toEqual(p1);
    expect((await store.listInPlan(A, 'project', 'p1')).items.map((p) => p.id)).toEqual(['x1']);
    // The etag read back is the one to write with.
    await expect(store.commit(A, [replace('plan', { ...p1!, title: 'Suite' }, p1!.etag)])).resolves.toBeTruthy();
  });

  it('applies no migration when a migrated file is opened again', async () => {
    await store.close();
    store = openSqliteStore({ dataDir });
    await store.close();

    const db = new Database(path.join(dataDir, DB_FILE_NAME));
    try {
      expect(migrate(db)).toEqual([]);
      expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
    store = openSqliteStore({ dataDir });
  });

  it('brings a version-1 file to version 2 on open, once, keeping its data', async () => {
    const [p1] = await commitAs<Plan>(A, [create('plan', plan(A, 'p1'))]);
    await store.close();

    const up = vi.fn((db: Database.Database) => db.exec('CREATE INDEX records_etag ON records (etag)'));
    const v2: Migration[] = [...MIGRATIONS, { version: 2, description: 'test: an index on etag', up }];
    const file = path.join(dataDir, DB_FILE_NAME);

    store = new SqliteStore(file, v2);
    await store.close();
    store = new SqliteStore(file, v2);
    expect(up).toHaveBeenCalledTimes(1);
    expect(await store.get(A, 'plan', 'p1')).toEqual(p1);
    await store.close();

    const db = new Database(file);
    try {
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([{ version: 1 }, { version: 2 }]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'records_etag'").get()).toBeTruthy();
    } finally {
      db.close();
    }

    // This code only knows version 1: it must not write into a version-2 file.
    expect(() => openSqliteStore({ dataDir })).toThrow(/plus récent que ce code/);
    store = new SqliteStore(file, v2);
  });

  it('rolls a failed migration back whole', async () => {
    await store.close();
    const file = path.join(dataDir, DB_FILE_NAME);
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: 2,
        description: 'test: fails halfway',
        up: (db) => {
          db.exec('CREATE TABLE half_done (x TEXT)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => new SqliteStore(file, broken)).toThrow('boom');

    const db = new Database(file);
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
      expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
    } finally {
      db.close();
    }
    store = openSqliteStore({ dataDir });
  });
});
