// GET /api/plans/{planId}/dashboard on the two real files, imported as the import does it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../../plan/dashboard.ts';
import { importPlan } from '../../plan/import/index.ts';
import { REAL, readBytes } from '../../plan/import/testing.ts';
import type { PlanTree } from '../../plan/model.ts';
import { ROLLUP_FORMULA } from '../../plan/rollup.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { dashboardRoutes } from './dashboard.ts';
import { projectRoutes } from './projects.ts';

let rt: TestRuntime;
const api = client([...dashboardRoutes, ...projectRoutes]);
const plans: Record<'cls' | 'paris', string> = { cls: '', paris: '' };

beforeAll(async () => {
  rt = testRuntime();
  for (const name of ['cls', 'paris'] as const) {
    const outcome = await importPlan(rt.store, { tenantId: 't1', bytes: readBytes(REAL[name]), fileName: REAL[name] });
    expect(outcome.errors).toEqual([]);
    plans[name] = outcome.planId!;
  }
});
afterAll(async () => {
  await rt.dispose();
});

const dashboardOf = async (name: 'cls' | 'paris', lang?: 'en'): Promise<Dashboard> => {
  const res = await api.get(`plans/${plans[name]}/dashboard`, lang ? { lang } : {});
  expect(res.status).toBe(200);
  return Dashboard.parse(res.body);
};
const treeOf = async (name: 'cls' | 'paris'): Promise<PlanTree> => (await rt.store.loadPlan('t1', plans[name]))!;
const plannedSum = (tree: PlanTree) => tree.projects.reduce((s, p) => s + (p.budget.planned ?? 0), 0);

/** What every dashboard must add up to, whatever the plan. */
function checkSums(d: Dashboard) {
  const byAmbition = d.ambitions.reduce((n, a) => n + a.projects, 0) + (d.unassigned?.projects ?? 0);
  expect(byAmbition).toBe(d.totals.projects);
  expect(d.matrix.cells.reduce((n, c) => n + c.projects, 0)).toBe(d.totals.projects);
  expect(d.directions.reduce((n, x) => n + x.projects, 0)).toBe(d.totals.projects);
  expect(Object.values(d.plan.statuses).reduce((n, x) => n + x, 0)).toBe(d.totals.projects);
  for (const c of d.matrix.cells) {
    expect(d.matrix.rows.some((r) => r.id === c.ambitionId)).toBe(true);
    expect(d.matrix.columns.some((col) => col.id === c.directionId)).toBe(true);
  }
}

describe('the dashboard of the Contrat Local de Santé', () => {
  it('matches the figures of the import: 5 ambitions, 16 objectives, 29 projects, 0 milestones', async () => {
    const d = await dashboardOf('cls');
    const tree = await treeOf('cls');
    expect(d.totals).toMatchObject({ ambitions: 5, objectives: 16, projects: 29, milestones: 0, late: 0 });
    expect(d.totals.budget).toBeCloseTo(plannedSum(tree), 6);
    expect(d.plan.budget).toBe(d.totals.budget);
    expect(d.plan.title).toBe('Contrat Local de Santé 2025-2030');
    expect(d.formula).toEqual(ROLLUP_FORMULA);
    expect(d.today).toBe('2025-06-15');
    checkSums(d);
  });

  it('nests the objectives under their ambitions, each counted once', async () => {
    const d = await dashboardOf('cls');
    const ids: string[] = [];
    const walk = (nodes: Dashboard['ambitions'][number]['objectives']) => {
      for (const o of nodes) {
        ids.push(o.id);
        walk(o.objectives);
      }
    };
    for (const a of d.ambitions) walk(a.objectives);
    walk(d.unassigned?.objectives ?? []);
    expect(ids).toHaveLength(16);
    expect(new Set(ids).size).toBe(16);
    const axe3 = d.ambitions.find((a) => a.title.startsWith('Axe 3.'))!;
    expect([axe3.projects, axe3.objectives.length]).toEqual([12, 4]);
  });

  it('names directions from the tenant’s settings', async () => {
    const d = await dashboardOf('cls');
    const tenant = (await rt.store.getTenant('t1'))!;
    for (const x of d.directions) {
      if (x.id === 'none') expect(x.name).toBe('Sans direction');
      else expect(x.name).toBe(tenant.settings.directions.find((s) => s.id === x.id)!.name);
    }
    expect(d.directions.map((x) => x.name)).toContain('COM L1');
  });
});

describe('the dashboard of the Paris participatory budget', () => {
  it('matches the figures of the import: 11 ambitions, 0 objectives, 1,214 projects, 4,446 milestones', async () => {
    const d = await dashboardOf('paris');
    const tree = await treeOf('paris');
    expect(d.totals).toMatchObject({ ambitions: 11, objectives: 0, projects: 1214, milestones: 4446 });
    expect(d.totals.budget).toBeCloseTo(plannedSum(tree), 2);
    expect(d.totals.budget).toBeGreaterThan(0);
    expect(d.totals.late).toBe(d.plan.late);
    checkSums(d);
  });

  it('counts the statuses the sheet’s codes give: FIN 683 → Terminé, ABANDONNÉ 47 → Abandonné', async () => {
    const d = await dashboardOf('paris');
    expect(d.plan.statuses['Terminé']).toBe(683);
    expect(d.plan.statuses['Abandonné']).toBe(47);
    expect(d.plan.activeProjects).toBe(1214 - 47);
    expect(d.plan.progress).toBeGreaterThan(0);
    expect(d.plan.progress).toBeLessThanOrEqual(1);
  });

  it('says « No direction » in English', async () => {
    const d = await dashboardOf('paris', 'en');
    expect(d.directions.find((x) => x.id === 'none')?.name).toBe('No direction');
  });

  it('answers 404 for an unknown plan and for another tenant’s', async () => {
    expect((await api.get('plans/nope/dashboard')).status).toBe(404);
    const other = await api.get(`plans/${plans.paris}/dashboard`, { tenant: 't2', lang: 'en' });
    expect([other.status, other.body.error.message]).toEqual([404, `Plan ${plans.paris} not found.`]);
  });
});

describe('the dashboard of a plan without axes', () => {
  it('counts its 46 projects in the totals, under « Sans ambition » and in a matrix row of no ambition', async () => {
    const outcome = await importPlan(rt.store, { tenantId: 't1', bytes: readBytes(REAL.sansAxes), fileName: REAL.sansAxes });
    const res = await api.get(`plans/${outcome.planId}/dashboard`);
    const d = Dashboard.parse(res.body);
    expect(d.totals).toMatchObject({ ambitions: 0, objectives: 0, projects: 46 });
    expect(d.ambitions).toEqual([]);
    expect(d.unassigned).toMatchObject({ title: 'Sans ambition', projects: 46 });
    expect(d.matrix.rows).toEqual([{ id: null, title: 'Sans ambition' }]);
    checkSums(d);
  });
});

describe('an overridden progress', () => {
  it('needs a comment, then shows in the dashboard while the computed value stays in the project’s figures', async () => {
    // A project under way, whose milestones give a computed progress strictly between 0 and 1.
    const before = await dashboardOf('paris');
    const candidates = (await api.get(`plans/${plans.paris}/projects?status=${encodeURIComponent('En cours')}&limit=50`)).body.items as Array<{
      id: string;
      etag: string;
      ambitionId: string;
      figures: { progress: number; computed: number | null };
    }>;
    const project = candidates.find((p) => p.figures.computed !== null && p.figures.computed > 0 && p.figures.computed < 1)!;
    expect(project).toBeDefined();
    const computed = project.figures.computed!;

    const refused = await api.patch(`projects/${project.id}`, { progressOverride: { value: 0 } }, { ifMatch: project.etag });
    expect([refused.status, refused.body.error.message]).toEqual([400, 'Requête invalide : progressOverride.comment : champ requis']);
    const blank = await api.patch(`projects/${project.id}`, { progressOverride: { value: 0, comment: '' } }, { ifMatch: project.etag });
    expect(blank.body.error.message).toBe(
      'Requête invalide : progressOverride.comment : un commentaire est requis pour forcer l’avancement',
    );
    expect((await rt.store.get('t1', 'project', project.id))!.progressOverride).toBeNull();

    const ok = await api.patch(
      `projects/${project.id}`,
      { progressOverride: { value: 0, comment: 'Chantier arrêté, en attente du recours' } },
      { ifMatch: project.etag },
    );
    expect(ok.status).toBe(200);
    const after = await dashboardOf('paris');
    const active = before.plan.activeProjects;
    expect(after.plan.progress!).toBeCloseTo(before.plan.progress! - computed / active, 10);
    const ambitionBefore = before.ambitions.find((a) => a.id === project.ambitionId)!;
    const ambitionAfter = after.ambitions.find((a) => a.id === project.ambitionId)!;
    expect(ambitionAfter.progress!).toBeCloseTo(ambitionBefore.progress! - computed / ambitionBefore.activeProjects, 10);

    const read = await api.get(`projects/${project.id}`);
    expect(read.body.figures).toMatchObject({ progress: 0, computed, overridden: true, source: 'override' });
    expect(read.body.progressOverride).toMatchObject({ value: 0, comment: 'Chantier arrêté, en attente du recours', byId: 'u1' });
  });
});
