// The dashboard as a pure function of the plan, the tenant's settings and today.
import { describe, expect, it } from 'vitest';
import { Dashboard, planDashboard } from './dashboard.ts';
import { Ambition, Milestone, Objective, Plan, Project, TenantSettings, type PlanTree } from './model.ts';
import { ROLLUP_FORMULA, rollUp } from './rollup.ts';

const NOW = '2025-06-01T08:00:00.000Z';
const TODAY = '2025-06-15';
const base = (id: string) => ({ id, tenantId: 't1', etag: 'e', createdAt: NOW, updatedAt: NOW, planId: 'plan' });

const plan = Plan.parse({ id: 'plan', tenantId: 't1', etag: 'e', createdAt: NOW, updatedAt: NOW, title: 'Plan de mandat' });
const ambition = (id: string, order: number) => Ambition.parse({ ...base(id), order, title: `Ambition ${id}` });
const objective = (id: string, ambitionId: string | null, parentId: string | null = null) =>
  Objective.parse({ ...base(id), ambitionId, parentId, title: `Objectif ${id}` });
const project = (id: string, fields: Partial<Project> = {}) =>
  Project.parse({ ...base(id), ambitionId: null, objectiveId: null, title: `Projet ${id}`, budget: {}, ...fields });
const milestone = (id: string, projectId: string, fields: Partial<Milestone> = {}) =>
  Milestone.parse({ ...base(id), projectId, title: `Jalon ${id}`, baselineDate: null, ...fields });

const settings = TenantSettings.parse({
  directions: [
    { id: 'dir-voirie', name: 'Direction de la voirie', code: 'DVD' },
    { id: 'dir-sante', name: 'Santé publique' },
  ],
});

// A2 comes first by order; O1.1 hangs under O1; P4 and P5 hang on no ambition (P5 on an
// objective without one); P3 leads from a direction the settings no longer have.
const tree: PlanTree = {
  plan,
  ambitions: [ambition('A1', 2), ambition('A2', 1)],
  objectives: [objective('O1', 'A1'), objective('O1.1', null, 'O1'), objective('O9', null)],
  projects: [
    project('P1', { ambitionId: 'A1', objectiveId: 'O1', leadDirectionId: 'dir-sante', budget: { planned: 100, funders: [] }, status: 'En cours' }),
    project('P2', { ambitionId: 'A1', objectiveId: 'O1.1', leadDirectionId: 'dir-voirie', budget: { planned: 300, funders: [] }, status: 'Terminé' }),
    project('P3', { ambitionId: 'A2', leadDirectionId: 'dir-ancienne', status: 'Abandonné', budget: { planned: 50, funders: [] } }),
    project('P4', { status: 'En cours', meteo: { value: 'orage', comment: '', date: TODAY, byId: null } }),
    project('P5', { objectiveId: 'O9', status: 'Terminé' }),
  ],
  milestones: [
    milestone('M1', 'P1', { completion: 0.5, state: 'En cours' }),
    milestone('M2', 'P1', { state: 'En retard' }),
    milestone('M3', 'P4', { baselineDate: '2025-01-01' }),
  ],
};

describe('the dashboard of a plan', () => {
  const d = planDashboard(tree, settings, { today: TODAY });

  it('answers the shape it documents', () => {
    expect(() => Dashboard.parse(d)).not.toThrow();
    expect(d.formula).toBe(ROLLUP_FORMULA);
    expect(d.today).toBe(TODAY);
  });

  it('counts everything in the totals, and its plan figures are the roll-up’s', () => {
    expect(d.totals).toEqual({ ambitions: 2, objectives: 3, projects: 5, milestones: 3, budget: 450, late: 2 });
    const r = rollUp(tree, { today: TODAY });
    expect(d.plan).toMatchObject({ id: 'plan', title: 'Plan de mandat', progress: r.plan.progress, statuses: r.plan.statuses });
  });

  it('lists ambitions in their order, objectives nested with sub-objectives under their parent', () => {
    expect(d.ambitions.map((a) => a.id)).toEqual(['A2', 'A1']);
    const a1 = d.ambitions[1]!;
    expect(a1.projects).toBe(2);
    expect(a1.progress).toBeCloseTo((0.25 + 1) / 2);
    expect(a1.objectives.map((o) => o.id)).toEqual(['O1']);
    expect(a1.objectives[0]!.projects).toBe(2);
    expect(a1.objectives[0]!.objectives.map((o) => [o.id, o.projects, o.progress])).toEqual([['O1.1', 1, 1]]);
  });

  it('gathers what hangs on no ambition under « Sans ambition », so that ambitions and it add up to the total', () => {
    expect(d.unassigned).toMatchObject({ title: 'Sans ambition', projects: 2, progress: 0.5, late: 1 });
    expect(d.unassigned!.objectives.map((o) => o.id)).toEqual(['O9']);
    expect(d.ambitions.reduce((n, a) => n + a.projects, 0) + d.unassigned!.projects).toBe(d.totals.projects);
    expect(planDashboard({ ...tree, objectives: tree.objectives.slice(0, 2), projects: tree.projects.slice(0, 3), milestones: [] }, settings, { today: TODAY }).unassigned).toBeNull();
  });

  it('names directions from the settings, in their order, with « Sans direction » last', () => {
    expect(d.directions.map((x) => [x.id, x.name, x.code, x.projects])).toEqual([
      ['dir-voirie', 'Direction de la voirie', 'DVD', 1],
      ['dir-sante', 'Santé publique', null, 1],
      ['dir-ancienne', 'dir-ancienne', null, 1],
      ['none', 'Sans direction', null, 2],
    ]);
    expect(planDashboard(tree, settings, { today: TODAY, lang: 'en' }).directions.at(-1)!.name).toBe('No direction');
  });

  it('lays the matrix out with a « Sans direction » column and a row for no ambition; cells add up to the total', () => {
    expect(d.matrix.rows).toEqual([
      { id: 'A2', title: 'Ambition A2' },
      { id: 'A1', title: 'Ambition A1' },
      { id: null, title: 'Sans ambition' },
    ]);
    expect(d.matrix.columns.map((c) => c.id)).toEqual(['dir-voirie', 'dir-sante', 'dir-ancienne', 'none']);
    expect(d.matrix.cells.reduce((n, c) => n + c.projects, 0)).toBe(5);
    const stormy = d.matrix.cells.find((c) => c.ambitionId === null && c.directionId === 'none')!;
    expect([stormy.projects, stormy.health]).toEqual([2, 'critical']);
    expect(d.matrix.cells.find((c) => c.ambitionId === 'A2')!.health).toBe('none');
  });

  it('works on an empty plan', () => {
    const empty = planDashboard({ plan, ambitions: [], objectives: [], projects: [], milestones: [] }, settings, { today: TODAY });
    expect(empty.totals).toEqual({ ambitions: 0, objectives: 0, projects: 0, milestones: 0, budget: 0, late: 0 });
    expect([empty.plan.progress, empty.unassigned, empty.directions, empty.matrix.cells]).toEqual([null, null, [], []]);
  });
});
