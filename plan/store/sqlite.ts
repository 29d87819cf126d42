// The embedded store: the PlanStore port on one SQLite file. It is the default for a
// single-server install and what the tests run on. It keeps documents, the way the
// Cosmos DB adapter will, so that both behave alike under the one contract suite: the
// record's JSON is the truth, and the few columns beside it exist only to find, order
// and page records without reading every document.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { EntityByKind, EntityKind, Person, Plan, PlanTree, Tenant } from '../model.ts';
import { planLevelSums } from '../rollup-docs.ts';
import { checkWrite, clampLimit, decodeToken, encodeToken, type SortKey } from './common.ts';
import { ConflictError, DuplicateError, NotFoundError } from './errors.ts';
import type {
  CommitResult,
  Page,
  PageOptions,
  PeopleQuery,
  PlanChildKind,
  PlanStore,
  PlanSummary,
  Unsaved,
  Write,
} from './ports.ts';

export const DB_FILE_NAME = 'jalon.sqlite';

/** Where the embedded store keeps its file unless told otherwise. */
export function defaultDataDir(): string {
  // `||` rather than `??`: an empty DATA_DIR (a blank line in a .env file) means "unset",
  // not "the current directory".
  return process.env.DATA_DIR || './.data';
}

/**
 * Opens (creating and migrating if needed) the store at `file`, or else at
 * `<dataDir>/jalon.sqlite`; `file` is a path used as given (`:memory:` works).
 */
export function openSqliteStore(options: { dataDir?: string; file?: string } = {}): PlanStore {
  const file = options.file ?? path.join(options.dataDir ?? defaultDataDir(), DB_FILE_NAME);
  return new SqliteStore(file);
}

// ───────────────────────── schema ─────────────────────────

export interface Migration {
  /** 1, 2, 3…: the position in MIGRATIONS, recorded in schema_migrations once applied. */
  version: number;
  description: string;
  up: (db: Database.Database) => void;
}

/**
 * Append only: a migration that has shipped is never edited, since files in the field
 * already recorded it as applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'records: one table of JSON documents',
    up: (db) =>
      db.exec(`
        -- One table for every kind, as one Cosmos container will be. doc is the record's
        -- JSON and the only source of truth; the other columns are copies of what the
        -- store must filter, order or page on, written from doc on every write:
        --   plan_id   the plan of an ambition, objective, project or milestone (else NULL)
        --   sort_key  what the kind's list is ordered by: createdAt for a plan, order
        --             for a record in a plan, displayName for a person. Declared ANY
        --             (STRICT keeps values as given) so that orders compare as numbers:
        --             a TEXT column would put 10 before 9.
        --   email     a person's e-mail, lower-cased, for case-insensitive lookup
        --   etag      copy of doc.etag, compared on If-Match without parsing doc
        -- A rowid table, not WITHOUT ROWID: documents are far larger than the few
        -- hundred bytes a WITHOUT ROWID row should stay under.
        CREATE TABLE records (
          tenant_id TEXT NOT NULL,
          kind      TEXT NOT NULL,
          id        TEXT NOT NULL,
          plan_id   TEXT,
          sort_key  ANY,
          email     TEXT,
          etag      TEXT NOT NULL,
          doc       TEXT NOT NULL,
          PRIMARY KEY (tenant_id, kind, id)
        ) STRICT;

        -- Every list and loadPlan: equality on the first three columns (plan_id IS NULL
        -- for plans and people), then the index already holds the order, so keyset
        -- paging is a range scan that reads only the page.
        CREATE INDEX records_list ON records (tenant_id, kind, plan_id, sort_key, id);

        -- People by e-mail. Partial: only people have an e-mail, and records in plans
        -- outnumber them by far.
        CREATE INDEX records_person_email ON records (tenant_id, email) WHERE email IS NOT NULL;
      `),
  },
];

/**
 * Brings the file up to the last of `migrations`, all pending ones in one transaction:
 * a failure leaves the file as it was. Returns the versions it applied (none when the
 * file is current). Refuses a file written by a newer Jalon, which this code would
 * misread.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.version} à la position ${i + 1} : les versions doivent se suivre depuis 1.`);
  });
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > migrations.length) {
      throw new Error(
        `Le fichier de données est au schéma ${current}, plus récent que ce code (schéma ${migrations.length}) : mettez Jalon à jour.`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    const applied: number[] = [];
    for (const m of migrations.slice(current)) {
      m.up(db);
      record.run(m.version, new Date().toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  // IMMEDIATE takes the write lock before reading the version: two processes opening
  // the same new file cannot both decide to apply migration 1.
  return run.immediate();
}

// ───────────────────────── store ─────────────────────────

interface Columns {
  planId: string | null;
  sortKey: SortKey | null;
  email: string | null;
}

/** The columns copied out of a document; see the comment on the records table. */
function columnsOf(kind: EntityKind, item: Unsaved<EntityByKind[EntityKind]>): Columns {
  // The `??` fallbacks matter: a NULL sort key never compares greater than a token's,
  // so a record with one would be skipped by every page after the first.
  switch (kind) {
    case 'plan':
      return { planId: null, sortKey: (item as Plan).createdAt ?? '', email: null };
    case 'person': {
      const person = item as Person;
      return { planId: null, sortKey: person.displayName ?? '', email: person.email ? person.email.toLowerCase() : null };
    }
    case 'tenant':
      return { planId: null, sortKey: null, email: null };
    default: {
      const child = item as EntityByKind[PlanChildKind];
      return { planId: child.planId, sortKey: child.order ?? 0, email: null };
    }
  }
}

interface DocRow {
  doc: string;
}
interface ListRow {
  sort_key: SortKey;
  id: string;
  doc: string;
}

export class SqliteStore implements PlanStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly commitAll: (tenantId: string, writes: Write[]) => Array<EntityByKind[EntityKind]>;
  private readonly loadAll: (tenantId: string, planId: string) => PlanTree | null;

  constructor(file: string, migrations: readonly Migration[] = MIGRATIONS) {
    this.file = file;
    if (file !== ':memory:' && !file.startsWith('file:')) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    }
    this.db = new Database(file);
    try {
      // busy_timeout first: switching to WAL itself needs the lock another process may hold.
      this.db.pragma('busy_timeout = 5000');
      // WAL: readers (tabs, bot) never wait for the writer (an import).
      this.db.pragma('journal_mode = WAL');
      // Safe with WAL (a power cut may lose the last commits, never corrupt the file),
      // and it spares an fsync per commit.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db, migrations);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.commitAll = this.db.transaction((tenantId: string, writes: Write[]) => this.applyWrites(tenantId, writes));
    // A transaction for reads too: under WAL it pins one snapshot, so a plan being
    // re-imported by another process is read wholly before or wholly after.
    this.loadAll = this.db.transaction((tenantId: string, planId: string) => this.readPlan(tenantId, planId));
  }

  /** Statements are compiled once per distinct SQL text; the texts are few and fixed. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private readDoc(tenantId: string, kind: EntityKind, id: string): unknown | null {
    const row = this.sql('SELECT doc FROM records WHERE tenant_id = ? AND kind = ? AND id = ?').get(tenantId, kind, id) as
      | DocRow
      | undefined;
    return row ? JSON.parse(row.doc) : null;
  }

  async getTenant(tenantId: string): Promise<Tenant | null> {
    return this.readDoc(tenantId, 'tenant', tenantId) as Tenant | null;
  }

  async get<K extends EntityKind>(tenantId: string, kind: K, id: string): Promise<EntityByKind[K] | null> {
    return this.readDoc(tenantId, kind, id) as EntityByKind[K] | null;
  }

  /**
   * One keyset page: rows strictly after the token's (sort_key, id), one more than the
   * limit fetched to learn whether another page exists, so the last page says null and
   * no token ever leads to an empty page.
   */
  private page<T>(where: string, params: unknown[], sortType: 'string' | 'number', options: PageOptions | undefined): Page<T> {
    const limit = clampLimit(options?.limit);
    const token = options?.continuation;
    const after = token === undefined || token === null ? null : decodeToken(token, sortType);
    const text =
      `SELECT sort_key, id, doc FROM records WHERE ${where}` +
      (after ? ' AND (sort_key, id) > (?, ?)' : '') +
      ' ORDER BY sort_key, id LIMIT ?';
    const rows = this.sql(text).all(...params, ...(after ?? []), limit + 1) as ListRow[];
    const items = rows.length > limit ? rows.slice(0, limit) : rows;
    const last = items[items.length - 1];
    return {
      items: items.map((row) => JSON.parse(row.doc) as T),
      continuation: rows.length > limit && last ? encodeToken(last.sort_key, last.id) : null,
    };
  }

  async listPlans(tenantId: string, page?: PageOptions): Promise<Page<Plan>> {
    return this.page<Plan>("tenant_id = ? AND kind = 'plan' AND plan_id IS NULL", [tenantId], 'string', page);
  }

  async listInPlan<K extends PlanChildKind>(
    tenantId: string,
    kind: K,
    planId: string,
    page?: PageOptions,
  ): Promise<Page<EntityByKind[K]>> {
    return this.page<EntityByKind[K]>('tenant_id = ? AND kind = ? AND plan_id = ?', [tenantId, kind, planId], 'number', page);
  }

  async listPeople(tenantId: string, query: PeopleQuery = {}, page?: PageOptions): Promise<Page<Person>> {
    let where: string;
    const params: unknown[] = [tenantId];
    if (query.email !== undefined) {
      // No plan_id term here, so that records_person_email is the index that fits best
      // (checked with EXPLAIN QUERY PLAN); the few matches are then sorted.
      where = "tenant_id = ? AND kind = 'person' AND email = ?";
      params.push(query.email.toLowerCase());
    } else {
      where = "tenant_id = ? AND kind = 'person' AND plan_id IS NULL";
    }
    if (query.unlinked) {
      // Read from the document, as Cosmos would: an absent key and a JSON null both
      // come out as SQL NULL.
      where += " AND json_extract(doc, '$.entraObjectId') IS NULL AND json_extract(doc, '$.teamsUserId') IS NULL";
    }
    return this.page<Person>(where, params, 'string', page);
  }

  async loadPlan(tenantId: string, planId: string): Promise<PlanTree | null> {
    return this.loadAll(tenantId, planId);
  }

  async loadPlanSummary(tenantId: string, planId: string): Promise<PlanSummary | null> {
    // One read of the whole plan: on one machine that is a few milliseconds even for a
    // city's plan (npm run bench), so SQLite keeps no level documents.
    const tree = this.loadAll(tenantId, planId);
    if (!tree) return null;
    return { plan: tree.plan, ambitions: tree.ambitions, objectives: tree.objectives, levels: planLevelSums(tree) };
  }

  private readPlan(tenantId: string, planId: string): PlanTree | null {
    const plan = this.readDoc(tenantId, 'plan', planId) as Plan | null;
    if (!plan) return null;
    const children = <K extends PlanChildKind>(kind: K): Array<EntityByKind[K]> =>
      (
        this.sql('SELECT doc FROM records WHERE tenant_id = ? AND kind = ? AND plan_id = ? ORDER BY sort_key, id').all(
          tenantId,
          kind,
          planId,
        ) as DocRow[]
      ).map((row) => JSON.parse(row.doc) as EntityByKind[K]);
    return {
      plan,
      ambitions: children('ambition'),
      objectives: children('objective'),
      projects: children('project'),
      milestones: children('milestone'),
    };
  }

  async commit(tenantId: string, writes: Write[]): Promise<CommitResult> {
    // Checked before the transaction opens: a refused batch costs no lock.
    for (const write of writes) checkWrite(tenantId, write);
    if (writes.length === 0) return { saved: [] };
    return { saved: this.commitAll(tenantId, writes) };
  }

  /** Runs inside the commit transaction: any throw rolls every write back. */
  private applyWrites(tenantId: string, writes: Write[]): Array<EntityByKind[EntityKind]> {
    const insert = this.sql(
      `INSERT INTO records (tenant_id, kind, id, plan_id, sort_key, email, etag, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, kind, id) DO NOTHING`,
    );
    // The If-Match test is in the WHERE: the happy path is one statement; only a miss
    // pays a second read to tell "gone" from "changed".
    const update = this.sql(
      `UPDATE records SET plan_id = ?, sort_key = ?, email = ?, etag = ?, doc = ?
       WHERE tenant_id = ? AND kind = ? AND id = ? AND etag = ?`,
    );
    const remove = this.sql('DELETE FROM records WHERE tenant_id = ? AND kind = ? AND id = ?');
    const removeIfMatch = this.sql('DELETE FROM records WHERE tenant_id = ? AND kind = ? AND id = ? AND etag = ?');

    const saved: Array<EntityByKind[EntityKind]> = [];
    for (const write of writes) {
      if (write.op === 'delete') {
        if (write.ifMatch === undefined || write.ifMatch === null) {
          remove.run(tenantId, write.kind, write.id);
        } else if (removeIfMatch.run(tenantId, write.kind, write.id, write.ifMatch).changes === 0) {
          this.failIfMatch(tenantId, write.kind, write.id);
        }
        continue;
      }
      const { item, kind } = write;
      // A fresh UUID per write: unique without a counter to keep in step across processes.
      const etag = randomUUID();
      const json = JSON.stringify({ ...item, etag });
      const columns = columnsOf(kind, item);
      if (write.op === 'create') {
        const result = insert.run(tenantId, kind, item.id, columns.planId, columns.sortKey, columns.email, etag, json);
        if (result.changes === 0) throw new DuplicateError(kind, item.id);
      } else {
        const result = update.run(
          columns.planId,
          columns.sortKey,
          columns.email,
          etag,
          json,
          tenantId,
          kind,
          item.id,
          write.ifMatch ?? null,
        );
        if (result.changes === 0) this.failIfMatch(tenantId, kind, item.id);
      }
      // Parsed back from the stored text rather than the caller's object: what commit
      // returns is exactly what a later read returns, and shares nothing with the input.
      saved.push(JSON.parse(json) as EntityByKind[EntityKind]);
    }
    return saved;
  }

  /** An If-Match write that touched nothing: the record is gone, or has moved on. */
  private failIfMatch(tenantId: string, kind: EntityKind, id: string): never {
    const current = this.readDoc(tenantId, kind, id);
    if (current === null) throw new NotFoundError(kind, id);
    throw new ConflictError(kind, id, current);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    this.statements.clear();
  }
}
