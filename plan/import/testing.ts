// Helpers shared by the import tests and the benchmark: where the shared real files
// are, and a store in a fresh temporary folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../store/sqlite.ts';
import type { PlanStore } from '../store/ports.ts';

/** ../shared/data beside the repository: tests read the real files there, never a copy. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export const REAL = {
  cls: join(SHARED_DATA, 'real/ccbdp_contrat_local_sante_2025-2030_plan_actions.xlsx'),
  paris: join(SHARED_DATA, 'real/paris_budget_participatif_projets_laureats.csv'),
  oneFiche: join(SHARED_DATA, 'peer-tet/one_fiche_plan.xlsx'),
  sansAxes: join(SHARED_DATA, 'peer-tet/plan_sans_axes.xlsx'),
  budgetIssue: join(SHARED_DATA, 'peer-tet/plan_budget_issue.xlsx'),
};

export const readBytes = (path: string) => new Uint8Array(readFileSync(path));

export interface TempStore {
  store: PlanStore;
  dir: string;
  dispose(): Promise<void>;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-'));
  const store = openSqliteStore({ dataDir: dir });
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
