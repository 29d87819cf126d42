// The SQLite store on a real file in a temp directory: what only this adapter has (the
// file, WAL, its migrations, one transaction for thousands of writes), then the port's
// contract (contract.ts) on one file for the whole run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Plan } from '../model.ts';
import { describeStoreContract } from './contract.ts';
import { create, milestone, plan, project, replace } from './fixtures.ts';
import type { PlanStore, Write } from './ports.ts';
import { DB_FILE_NAME, MIGRATIONS, SqliteStore, defaultDataDir, migrate, openSqliteStore, type Migration } from './sqlite.ts';

const A = 'tenant-a';

// ───────────────────────── the port's contract ─────────────────────────

const contractDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jalon-sqlite-contract-'));
describeStoreContract('SQLite', async () => openSqliteStore({ dataDir: contractDir }));
afterAll(() => fs.rmSync(contractDir, { recursive: true, force: true }));

// ───────────────────────── this adapter ─────────────────────────

describe('the SQLite store', () => {
  let dataDir: string;
  let store: PlanStore;

  /** Commits, and types the saved records as the test knows them to be. */
  async function commitAs<T>(tenantId: string, writes: Write[]): Promise<T[]> {
    return (await store.commit(tenantId, writes)).saved as T[];
  }

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jalon-sqlite-'));
    store = openSqliteStore({ dataDir });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

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
