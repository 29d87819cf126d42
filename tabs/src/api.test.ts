// The tabs read the dashboard the API builds (plan/dashboard.ts): checked on real plans,
// one with axes (CLS) and one without (« Sans ambition »).
import { afterEach, describe, expect, it } from 'vitest';
import { planDashboard } from '../../plan/dashboard.ts';
import { importPlan } from '../../plan/import/index.ts';
import { REAL, readBytes, tempStore, type TempStore } from '../../plan/import/testing.ts';
import { readDashboard } from './api.ts';

let temp: TempStore | undefined;
afterEach(async () => {
  await temp?.dispose();
  temp = undefined;
});

async function dashboardOf(file: string) {
  temp = tempStore();
  const outcome = await importPlan(temp.store, { tenantId: 't', bytes: readBytes(file), fileName: file });
  expect(outcome.errors).toEqual([]);
  const tree = (await temp.store.loadPlan('t', outcome.planId!))!;
  const tenant = (await temp.store.getTenant('t'))!;
  // Through JSON, as the browser gets it.
  return JSON.parse(JSON.stringify(planDashboard(tree, tenant.settings, { today: '2026-01-15' }))) as unknown;
}

describe('readDashboard', () => {
  it('reads the CLS plan: five ambitions, the matrix adding up to every project', async () => {
    const d = readDashboard(await dashboardOf(REAL.cls));
    expect(d.ambitions.map((a) => a.title)).toEqual([
      'Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL',
      'Axe 2. ACCES AUX SOINS',
      'Axe 3. PARCOURS DE SANTÉ',
      'Axe 4. SANTE ENVIRONNEMENT',
      'Axe 5. SANTE MENTALE',
    ]);
    expect(d.totals.projects).toBe(29);
    expect(d.totals.ambitions).toBe(5);
    expect(d.matrix.rows.map((r) => r.id)).toEqual(d.ambitions.map((a) => a.id));
    expect(d.matrix.cells.reduce((n, c) => n + c.projects, 0)).toBe(d.totals.projects);
    expect(Object.keys(d.formula.fr).length).toBeGreaterThan(5);
    // Columns are directions (never null here: every CLS project has a lead direction).
    expect(d.matrix.columns.every((c) => c.id !== null)).toBe(true);
  });

  it('reads a plan without axes: « Sans ambition » as a card and a row, « Sans direction » last', async () => {
    const d = readDashboard(await dashboardOf(REAL.sansAxes));
    expect(d.ambitions.map((a) => [a.id, a.title])).toEqual([[null, 'Sans ambition']]);
    expect(d.ambitions[0]!.projects).toBe(d.totals.projects);
    expect(d.matrix.rows).toEqual([{ id: null, title: 'Sans ambition' }]);
    expect(d.matrix.columns.at(-1)).toEqual({ id: null, name: 'Sans direction' });
    expect(d.matrix.cells.reduce((n, c) => n + c.projects, 0)).toBe(d.totals.projects);
  });

  it('tolerates a bare list of cells and missing figures', () => {
    const d = readDashboard({
      plan: { id: 'p', title: 'P' },
      totals: { projects: 2 },
      ambitions: [{ id: 'a', title: 'A' }],
      directions: [{ id: 'none', name: 'x', projects: 2 }],
      matrix: [{ ambitionId: 'a', directionId: null, projects: 2, health: 'watch' }],
    });
    expect(d.ambitions[0]!.progress).toBeNull();
    expect(d.ambitions[0]!.meteo).toEqual({ soleil: 0, nuageux: 0, orage: 0, none: 0 });
    expect(d.matrix.columns).toEqual([{ id: null, name: 'Sans direction' }]);
    expect(d.matrix.cells[0]!.health).toBe('watch');
  });
});
