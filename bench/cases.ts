// The benchmark's cases. The import cases read or generate their input once, untimed, then
// measure a bare read of the same bytes (their baseline) and the import's steps over those
// bytes. The dashboard cases import a plan once, untimed, then measure a raw SQL read of the
// plan's rows (their baseline) beside the store's loadPlan and the API's dashboard call.
// The Cosmos DB dashboard cases import the same plan into SQLite and into Cosmos DB's
// emulator, then measure the dashboard call on SQLite (their baseline) beside the same call
// and loadPlan on Cosmos DB, counting the requests each call makes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { importPlan, type ImportOutcome } from '../plan/import/index.ts';
import { readWorkbook, type Workbook } from '../plan/import/read/index.ts';
import { tempStore, type TempStore } from '../plan/import/testing.ts';
import Database from 'better-sqlite3';
import { dashboardRoutes } from '../functions/handlers/dashboard.ts';
import { setRuntime } from '../functions/runtime.ts';
import { call, testRuntime, type TestRuntime, type TestResponse } from '../functions/testing.ts';
import type { PlanTree } from '../plan/model.ts';
import type { Dashboard } from '../plan/dashboard.ts';
import { DB_FILE_NAME } from '../plan/store/sqlite.ts';
import type { CosmosStore } from '../plan/store/cosmos.ts';
import { CITY_MILESTONES, CITY_PROJECTS, CITY_ROWS, CITY, writeCityPlan } from './city-plan.ts';
import { comparable, firstDifference, startBenchEmulator } from './cosmos.ts';
import type { BenchCase, Figures, Step, Trial } from './harness.ts';

/** The real file, read where it lives (the repository's sibling shared/), never copied. */
export const PARIS_CSV = fileURLToPath(new URL('../../shared/data/real/paris_budget_participatif_projets_laureats.csv', import.meta.url));
const PARIS_ROWS = 1214;
const TENANT = 'bench';

// ---------------------------------------------------------------------------------------
// Checks: a step that does not do the work it claims would give a flattering figure.

function fail(caseId: string, message: string): never {
  throw new Error(`[${caseId}] sanity check failed: ${message}`);
}

function expectSheetRows(caseId: string, workbook: Workbook, sheetRows: number): void {
  const rows = workbook.sheets.reduce((n, s) => n + s.rows.length, 0);
  if (rows < sheetRows) fail(caseId, `readWorkbook gave ${rows} rows, expected at least ${sheetRows}`);
}

interface Expected {
  ambitions: number;
  objectives: number;
  projects: number;
  milestones: number;
}

function expectOutcome(caseId: string, outcome: ImportOutcome, expected: Expected, dryRun: boolean): void {
  if (outcome.errors.length > 0) {
    fail(caseId, `import refused the file: ${outcome.errors.slice(0, 3).map((e) => e.message).join(' | ')}`);
  }
  const got = { ambitions: outcome.ambitions, objectives: outcome.objectives, projects: outcome.projects, milestones: outcome.milestones };
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    fail(caseId, `import gave ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  if (outcome.dryRun !== dryRun) fail(caseId, `dryRun came back ${outcome.dryRun}`);
  if (!dryRun && outcome.planId === null) fail(caseId, 'the import stored no plan');
  const created = outcome.summary.created;
  const records = expected.ambitions + expected.objectives + expected.projects + expected.milestones;
  if (created < records) fail(caseId, `${created} records created, expected at least ${records}`);
}

/** After a real import, the store must hold the plan: counted straight from the store. */
async function expectStored(caseId: string, ts: TempStore, outcome: ImportOutcome, expected: Expected): Promise<void> {
  const tree = await ts.store.loadPlan(TENANT, outcome.planId!);
  if (!tree) fail(caseId, 'plan not found in the store after the import');
  const stored = { projects: tree.projects.length, milestones: tree.milestones.length };
  if (stored.projects !== expected.projects || stored.milestones !== expected.milestones) {
    fail(caseId, `store holds ${JSON.stringify(stored)} after the import`);
  }
}

// ---------------------------------------------------------------------------------------
// Steps shared by the file cases

interface FileInput {
  caseId: string;
  bytes: Uint8Array;
  fileName: string;
  /** Non-empty rows readWorkbook must give (data rows, headers, titles). */
  sheetRows: number;
  expected: Expected;
}

function readStep({ caseId, bytes, fileName, sheetRows }: FileInput): Step {
  return {
    label: 'readWorkbook: read + decode + clean cells',
    trial: (): Trial<Workbook> => ({
      run: () => readWorkbook({ bytes, fileName }),
      done: (workbook) => expectSheetRows(caseId, workbook, sheetRows),
    }),
  };
}

/**
 * importPlan into a fresh store in a fresh temp folder (a real SQLite file, migrations
 * applied), created and removed outside the timing. A first import: every record is a create.
 */
function importStep(input: FileInput, dryRun: boolean, maxIterations?: number): Step {
  const { caseId, bytes, fileName, expected } = input;
  return {
    label: dryRun ? 'importPlan, dry run: read + parse + merge' : 'importPlan: read + parse + merge + SQLite commit',
    ...(maxIterations === undefined ? {} : { maxIterations }),
    trial: (): Trial<ImportOutcome> => {
      const ts = tempStore();
      return {
        run: () => importPlan(ts.store, { tenantId: TENANT, bytes, fileName, dryRun }),
        async done(outcome) {
          try {
            expectOutcome(caseId, outcome, expected, dryRun);
            if (!dryRun) await expectStored(caseId, ts, outcome, expected);
          } finally {
            await ts.dispose();
          }
        },
      };
    },
  };
}

/** The bytes as exceljs gets them from readWorkbook: a stream of 64 KiB chunks, no copy. */
function chunked(bytes: Uint8Array): Readable {
  function* chunks() {
    for (let at = 0; at < bytes.length; at += 64 * 1024) {
      yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(64 * 1024, bytes.length - at));
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

// ---------------------------------------------------------------------------------------
// Paris: the real participatory-budget csv, 1,214 projects through its built-in profile.

const paris: BenchCase = {
  id: 'paris',
  title: 'Paris csv (1,214 rows)',
  rows: PARIS_ROWS,
  async setup() {
    const bytes = new Uint8Array(readFileSync(PARIS_CSV));
    const input: FileInput = {
      caseId: 'paris',
      bytes,
      fileName: 'paris_budget_participatif_projets_laureats.csv',
      sheetRows: PARIS_ROWS + 1,
      expected: { ambitions: 11, objectives: 0, projects: PARIS_ROWS, milestones: 4446 },
    };
    const bare: Step = {
      label: 'bare csv-parse/sync of the bytes (baseline)',
      baseline: true,
      trial: (): Trial<string[][]> => ({
        run: async () =>
          parseCsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { delimiter: ';', bom: true, relax_column_count: true }) as string[][],
        done: (records) => {
          if (records.length !== PARIS_ROWS + 1) fail('paris', `csv-parse gave ${records.length} records, expected ${PARIS_ROWS + 1}`);
        },
      }),
    };
    return { steps: [bare, readStep(input), importStep(input, true), importStep(input, false)] };
  },
};

// ---------------------------------------------------------------------------------------
// City scale: a generated Territoires en Transitions workbook, 3,000 projects and 30,000
// milestones (see city-plan.ts), generated once per run.

let cityBytes: Promise<Uint8Array> | undefined;

/** The generated workbook's bytes, generated on first use and shared by every case that wants them. */
export function cityPlanBytes(): Promise<Uint8Array> {
  cityBytes ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-bench-'));
    try {
      const file = join(dir, 'plan_climat_ville.xlsx');
      await writeCityPlan(file);
      return new Uint8Array(readFileSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return cityBytes;
}

/** Title, header and hint rows above the data. */
const CITY_SHEET_ROWS = CITY_ROWS + 3;

const city: BenchCase = {
  id: 'city',
  title: `City-scale plan xlsx (${CITY_PROJECTS.toLocaleString('en-US')} projects + ${CITY_MILESTONES.toLocaleString('en-US')} milestones)`,
  rows: CITY_ROWS,
  async setup() {
    const bytes = await cityPlanBytes();
    const input: FileInput = {
      caseId: 'city',
      bytes,
      fileName: 'plan_climat_ville.xlsx',
      sheetRows: CITY_SHEET_ROWS,
      expected: {
        ambitions: CITY.axes,
        objectives: CITY.axes * CITY.sousAxesPerAxe,
        projects: CITY_PROJECTS,
        milestones: CITY_MILESTONES,
      },
    };
    const bare: Step = {
      label: 'bare exceljs stream read of the bytes (baseline)',
      baseline: true,
      trial: (): Trial<number> => ({
        async run() {
          // The options readWorkbook uses, so that the ratio is what Jalon adds to exceljs.
          const reader = new ExcelJS.stream.xlsx.WorkbookReader(chunked(bytes), {
            sharedStrings: 'cache',
            hyperlinks: 'ignore',
            styles: 'cache',
            worksheets: 'emit',
            entries: 'emit',
          });
          let rows = 0;
          for await (const sheet of reader) {
            for await (const row of sheet) {
              if (Array.isArray(row.values) && row.values.length > 0) rows++;
            }
          }
          return rows;
        },
        done: (rows) => {
          if (rows < CITY_SHEET_ROWS) fail('city', `exceljs gave ${rows} rows, expected at least ${CITY_SHEET_ROWS}`);
        },
      }),
    };
    return { steps: [bare, readStep(input), importStep(input, true), importStep(input, false)] };
  },
};

// ---------------------------------------------------------------------------------------
// Dashboards: the plan imported once (untimed) into a real SQLite file, then what a tab
// waits for when it opens the plan's dashboard.

interface DashboardInput {
  id: string;
  title: string;
  bytes: () => Promise<Uint8Array>;
  fileName: string;
  expected: Expected;
  /** loadPlan takes long where it runs (on the emulator, the city-scale plan): fewer timed runs. */
  slowLoadPlan?: boolean;
}

function dashboardCase({ id, title, bytes, fileName, expected }: DashboardInput): BenchCase {
  const records = 1 + expected.ambitions + expected.objectives + expected.projects + expected.milestones;
  return {
    id,
    title,
    rows: records,
    async setup() {
      const rt = testRuntime({ tenantId: TENANT, today: '2026-06-15' });
      const outcome = await importPlan(rt.store, { tenantId: TENANT, bytes: await bytes(), fileName });
      expectOutcome(id, outcome, expected, false);
      const planId = outcome.planId!;
      // A second connection on the same file, read-only: the floor any store of these
      // rows pays (find them by index, hand over their JSON, parse it).
      const raw = new Database(join(rt.dir, DB_FILE_NAME), { readonly: true });
      const rows = raw.prepare('SELECT doc FROM records WHERE tenant_id = ? AND (plan_id = ? OR (kind = ? AND id = ?))');
      const baseline: Step = {
        label: 'raw SQL read + JSON.parse of the plan’s rows (baseline)',
        baseline: true,
        trial: (): Trial<number> => ({
          run: async () => (rows.all(TENANT, planId, 'plan', planId) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc)).length,
          done: (n) => {
            if (n !== records) fail(id, `raw read gave ${n} records, expected ${records}`);
          },
        }),
      };
      const load: Step = {
        label: 'store.loadPlan: the plan tree',
        trial: (): Trial<PlanTree | null> => ({
          run: () => rt.store.loadPlan(TENANT, planId),
          done: (tree) => {
            if (tree?.milestones.length !== expected.milestones) fail(id, 'loadPlan did not give every milestone');
          },
        }),
      };
      const api: Step = {
        label: 'GET /api/plans/{id}/dashboard: load + roll-up + JSON',
        trial: (): Trial<TestResponse<Dashboard>> => ({
          run: () => call<Dashboard>(dashboardRoutes, 'GET', `plans/${planId}/dashboard`),
          done: (res) => {
            if (res.status !== 200) fail(id, `dashboard answered ${res.status}`);
            if (res.body.totals.projects !== expected.projects || res.body.totals.milestones !== expected.milestones) {
              fail(id, `dashboard totals ${JSON.stringify(res.body.totals)}`);
            }
          },
        }),
      };
      return {
        steps: [baseline, load, api],
        async dispose() {
          raw.close();
          await rt.dispose();
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------
// Dashboards on Cosmos DB: the same plan imported once (untimed) into a SQLite file and into
// Cosmos DB's emulator, started for the case; the dashboard call on SQLite is the baseline.
// Every Cosmos DB step counts the requests its call made (store.stats), the figure that
// holds on Azure: the emulator keeps everything in memory and scans every document on each
// query, so its times say nothing of Azure's.

/** The Cosmos DB requests and request units a call made: the store's counters before and after it. */
function cosmosCounter(store: CosmosStore): () => Figures {
  const before = { ...store.stats };
  return () => ({ requests: store.stats.requests - before.requests, RU: store.stats.requestCharge - before.requestCharge });
}

/** Imports the plan into `rt`'s store and checks the outcome; answers the plan's id. */
async function importInto(id: string, rt: TestRuntime, input: DashboardInput, bytes: Uint8Array): Promise<string> {
  const outcome = await importPlan(rt.store, { tenantId: TENANT, bytes, fileName: input.fileName });
  expectOutcome(id, outcome, input.expected, false);
  return outcome.planId!;
}

function cosmosDashboardCase(input: DashboardInput): BenchCase {
  const { id, title, expected } = input;
  const records = 1 + expected.ambitions + expected.objectives + expected.projects + expected.milestones;
  /** loadPlan reads the plan's records a page of 1,000 documents at a time (CosmosStore.query). */
  const loadPlanPages = Math.ceil((records - 1) / 1000);
  return {
    id,
    title,
    rows: records,
    async setup() {
      const bytes = await input.bytes();
      const emulator = await startBenchEmulator();
      const runtimes: TestRuntime[] = [];
      try {
        const store = await emulator.open({ database: 'jalon-bench' });
        const cosmos = testRuntime({ tenantId: TENANT, today: '2026-06-15', store });
        runtimes.push(cosmos);
        const sqlite = testRuntime({ tenantId: TENANT, today: '2026-06-15' });
        runtimes.push(sqlite);
        const importStart = performance.now();
        const cosmosPlanId = await importInto(id, cosmos, input, bytes);
        const importMs = performance.now() - importStart;
        const sqlitePlanId = await importInto(id, sqlite, input, bytes);
        process.stderr.write(`  imported into the emulator in ${Math.round(importMs)} ms, ${store.stats.requests} requests\n`);

        // The handler finds its store in the runtime installed: install `rt` (untimed, when a
        // trial is prepared), answer the call to time.
        const dashboard = (rt: TestRuntime, planId: string) => {
          setRuntime(rt);
          return () => call<Dashboard>(dashboardRoutes, 'GET', `plans/${planId}/dashboard`);
        };
        const expectDashboard = (res: TestResponse<Dashboard>, where: string) => {
          if (res.status !== 200) fail(id, `dashboard on ${where} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
          if (res.body.totals.projects !== expected.projects || res.body.totals.milestones !== expected.milestones) {
            fail(id, `dashboard on ${where}: totals ${JSON.stringify(res.body.totals)}`);
          }
        };
        // The dashboard as SQLite draws it, ids replaced: what every Cosmos DB call must give.
        const first = await dashboard(sqlite, sqlitePlanId)();
        expectDashboard(first, 'SQLite');
        const reference = comparable(first.body);

        const onSqlite: Step = {
          label: 'GET /api/plans/{id}/dashboard on SQLite (baseline)',
          baseline: true,
          trial: (): Trial<TestResponse<Dashboard>> => ({
            run: dashboard(sqlite, sqlitePlanId),
            done: (res) => expectDashboard(res, 'SQLite'),
          }),
        };
        const onCosmos: Step = {
          label: 'GET /api/plans/{id}/dashboard on Cosmos DB (emulator)',
          trial: (): Trial<TestResponse<Dashboard>> => {
            const counted = cosmosCounter(store);
            return {
              run: dashboard(cosmos, cosmosPlanId),
              done: (res) => {
                const figures = counted();
                expectDashboard(res, 'Cosmos DB');
                const difference = firstDifference(comparable(res.body), reference);
                if (difference) fail(id, `the dashboard on Cosmos DB differs from SQLite's at ${difference}`);
                // The plan, its head twice around one query of the structure and sums, the tenant.
                if (figures.requests! < 5) fail(id, `the dashboard made ${figures.requests} Cosmos DB requests, expected at least 5`);
                return figures;
              },
            };
          },
        };
        const loadOnCosmos: Step = {
          label: 'store.loadPlan on Cosmos DB (emulator): the whole plan tree',
          trial: (): Trial<PlanTree | null> => {
            const counted = cosmosCounter(store);
            return {
              run: () => store.loadPlan(TENANT, cosmosPlanId),
              done: (tree) => {
                const figures = counted();
                if (tree?.projects.length !== expected.projects || tree.milestones.length !== expected.milestones) {
                  fail(id, `loadPlan on Cosmos DB gave ${tree?.projects.length} projects and ${tree?.milestones.length} milestones`);
                }
                // The plan, its head twice, and a page per 1,000 documents.
                if (figures.requests! < loadPlanPages + 3) fail(id, `loadPlan made ${figures.requests} Cosmos DB requests, expected at least ${loadPlanPages + 3}`);
                return figures;
              },
            };
          },
          // Each of its pages has the emulator scan the whole container again.
          ...(input.slowLoadPlan ? { maxIterations: 3 } : {}),
        };
        return {
          steps: [onSqlite, onCosmos, loadOnCosmos],
          async dispose() {
            for (const rt of runtimes) await rt.dispose();
            await emulator.close();
          },
        };
      } catch (error) {
        for (const rt of runtimes) await rt.dispose();
        await emulator.close();
        throw error;
      }
    },
  };
}

const PARIS_DASHBOARD: DashboardInput = {
  id: 'paris-dashboard',
  title: 'Paris plan dashboard (5,672 records)',
  bytes: async () => new Uint8Array(readFileSync(PARIS_CSV)),
  fileName: 'paris_budget_participatif_projets_laureats.csv',
  expected: { ambitions: 11, objectives: 0, projects: PARIS_ROWS, milestones: 4446 },
};

const CITY_RECORDS = (1 + CITY.axes * (1 + CITY.sousAxesPerAxe) + CITY_ROWS).toLocaleString('en-US');

const CITY_DASHBOARD: DashboardInput = {
  id: 'city-dashboard',
  title: `City-scale plan dashboard (${CITY_RECORDS} records)`,
  bytes: cityPlanBytes,
  fileName: 'plan_climat_ville.xlsx',
  expected: { ambitions: CITY.axes, objectives: CITY.axes * CITY.sousAxesPerAxe, projects: CITY_PROJECTS, milestones: CITY_MILESTONES },
};

const parisDashboard = dashboardCase(PARIS_DASHBOARD);
const cityDashboard = dashboardCase(CITY_DASHBOARD);

const parisDashboardCosmos = cosmosDashboardCase({
  ...PARIS_DASHBOARD,
  id: 'paris-dashboard-cosmos',
  title: 'Paris plan dashboard on Cosmos DB (5,672 records)',
});

const cityDashboardCosmos = cosmosDashboardCase({
  ...CITY_DASHBOARD,
  id: 'city-dashboard-cosmos',
  title: `City-scale plan dashboard on Cosmos DB (${CITY_RECORDS} records)`,
  slowLoadPlan: true,
});

/** Run in this order; `--only <id>` picks one. */
export const CASES: BenchCase[] = [paris, city, parisDashboard, cityDashboard, parisDashboardCosmos, cityDashboardCosmos];
