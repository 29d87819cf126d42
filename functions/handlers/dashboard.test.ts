// GET /api/plans/{planId}/dashboard on the two real files, imported as the import does it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../../plan/dashboard.ts';
import { importPlan } from '../../plan/import/index.ts';
import { REAL, readBytes } from '../../plan/import/testing.ts';
import type { PlanTree, Project } from '../../plan/model.ts';
import { ROLLUP_FORMULA } from '../../plan/rollup.ts';
import { ambition, create, milestone, objective, plan as planRecord, project as projectRecord } from '../../plan/store/fixtures.ts';
import { normalizeLabel, PROJECT_STATUSES } from '../../plan/vocab.ts';
import { client, testRuntime, type TestResponse, type TestRuntime } from '../testing.ts';
import { DashboardFilterValues, dashboardRoutes } from './dashboard.ts';
import { projectRoutes, type ProjectWithFigures } from './projects.ts';

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

// ───────────────────────── filters ─────────────────────────

/** Every project of the list for `query`, with its figures, page after page. */
async function listed(name: 'cls' | 'paris', query: string): Promise<ProjectWithFigures[]> {
  const out: ProjectWithFigures[] = [];
  let continuation: string | null = null;
  do {
    const res: TestResponse<{ items: ProjectWithFigures[]; continuation: string | null }> = await api.get(
      `plans/${plans[name]}/projects?${query}&limit=1000${continuation ? `&continuation=${continuation}` : ''}`,
    );
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    continuation = res.body.continuation;
  } while (continuation);
  return out;
}

const countBy = <T>(xs: readonly T[], key: (x: T) => string) => {
  const m: Record<string, number> = {};
  for (const x of xs) m[key(x)] = (m[key(x)] ?? 0) + 1;
  return m;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * A filtered dashboard holds the figures of `matching` (the projects the test picked from
 * the store) and theirs alone: counts, budget, statuses, each ambition's and direction's
 * share, and the progress, late milestones and météo of those projects as the project
 * list answers them.
 */
async function expectFiguresOf(d: Dashboard, tree: PlanTree, matching: Project[], listedProjects: ProjectWithFigures[]) {
  const ids = new Set(matching.map((p) => p.id));
  expect(new Set(listedProjects.map((p) => p.id))).toEqual(ids);
  expect(d.totals.projects).toBe(matching.length);
  expect(d.totals.milestones).toBe(tree.milestones.filter((m) => m.projectId !== null && ids.has(m.projectId)).length);
  expect(d.totals.budget).toBeCloseTo(matching.reduce((s, p) => s + (p.budget.planned ?? 0), 0), 2);
  expect(d.totals).toMatchObject({ ambitions: tree.ambitions.length, objectives: tree.objectives.length });
  expect(d.plan.statuses).toEqual(Object.fromEntries(PROJECT_STATUSES.map((s) => [s, matching.filter((p) => p.status === s).length])));
  for (const a of d.ambitions) expect([a.id, a.projects]).toEqual([a.id, matching.filter((p) => p.ambitionId === a.id).length]);
  const byLead = countBy(matching, (p) => p.leadDirectionId ?? 'none');
  expect(Object.fromEntries(d.directions.map((x) => [x.id, x.projects]))).toEqual(byLead);
  const active = listedProjects.filter((p) => p.status !== 'Abandonné');
  const progress = mean(active.map((p) => p.figures.progress!));
  if (progress === null) expect(d.plan.progress).toBeNull();
  else expect(d.plan.progress!).toBeCloseTo(progress, 9);
  expect(d.plan.late).toBe(listedProjects.reduce((s, p) => s + p.figures.late, 0));
  expect(d.plan.meteo).toEqual({
    soleil: active.filter((p) => p.meteo?.value === 'soleil').length,
    nuageux: active.filter((p) => p.meteo?.value === 'nuageux').length,
    orage: active.filter((p) => p.meteo?.value === 'orage').length,
    none: active.filter((p) => !p.meteo).length,
  });
  checkSums(d);
}

async function filtered(name: 'cls' | 'paris', query: string, lang?: 'en'): Promise<Dashboard> {
  const res = await api.get(`plans/${plans[name]}/dashboard?${query}`, lang ? { lang } : {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Dashboard.parse(res.body);
}

/** A direction some projects name (lead or co-pilot) and others do not, from the store. */
function partialDirection(tree: PlanTree): { id: string; matching: Project[] } {
  const ids = [...new Set(tree.projects.flatMap((p) => [p.leadDirectionId, ...p.coDirectionIds]).filter((x): x is string => x !== null))];
  for (const id of ids) {
    const matching = tree.projects.filter((p) => p.leadDirectionId === id || p.coDirectionIds.includes(id));
    if (matching.length > 0 && matching.length < tree.projects.length) return { id, matching };
  }
  throw new Error('no direction splits the plan');
}

describe('the dashboard filtered by direction, status, élu and tag', () => {
  it('by direction (lead or co-pilot), on both plans', async () => {
    for (const name of ['cls', 'paris'] as const) {
      const tree = await treeOf(name);
      const { id, matching } = partialDirection(tree);
      const d = await filtered(name, `direction=${id}`);
      await expectFiguresOf(d, tree, matching, await listed(name, `direction=${id}`));
    }
  });

  it('by « Sans direction »: the projects no direction leads', async () => {
    const tree = await treeOf('paris');
    const matching = tree.projects.filter((p) => p.leadDirectionId === null || p.coDirectionIds.includes('none'));
    expect(matching.length).toBeGreaterThan(0);
    const d = await filtered('paris', 'direction=none');
    await expectFiguresOf(d, tree, matching, await listed('paris', 'direction=none'));
    expect(d.matrix.columns.some((c) => c.id === 'none')).toBe(true);
  });

  it('by status, one or several (accents and case aside)', async () => {
    const cls = await treeOf('cls');
    await expectFiguresOf(
      await filtered('cls', `status=${encodeURIComponent('En cours')}`),
      cls,
      cls.projects.filter((p) => p.status === 'En cours'),
      await listed('cls', `status=${encodeURIComponent('En cours')}`),
    );
    const paris = await treeOf('paris');
    const done = paris.projects.filter((p) => p.status === 'Terminé' || p.status === 'Abandonné');
    const d = await filtered('paris', 'status=termine&status=ABANDONNE');
    await expectFiguresOf(d, paris, done, await listed('paris', 'status=termine,abandonne'));
    expect(d.plan.statuses).toMatchObject({ Terminé: 683, Abandonné: 47, 'En cours': 0 });
  });

  it('by élu, and by « none » for the projects with none', async () => {
    const tree = await treeOf('cls');
    const elu = tree.projects.find((p) => p.eluId !== null)!.eluId!;
    await expectFiguresOf(await filtered('cls', `elu=${elu}`), tree, tree.projects.filter((p) => p.eluId === elu), await listed('cls', `elu=${elu}`));
    await expectFiguresOf(await filtered('cls', 'elu=none'), tree, tree.projects.filter((p) => p.eluId === null), await listed('cls', 'elu=none'));
  });

  it('by tag, values of one filter alternating, filters combining', async () => {
    const tree = await treeOf('paris');
    const tagged = (p: Project, ...tags: string[]) => p.tags.some((t) => tags.includes(normalizeLabel(t)));
    await expectFiguresOf(await filtered('paris', 'tag=2016'), tree, tree.projects.filter((p) => tagged(p, '2016')), await listed('paris', 'tag=2016'));
    await expectFiguresOf(
      await filtered('paris', 'tag=2016&tag=2017'),
      tree,
      tree.projects.filter((p) => tagged(p, '2016', '2017')),
      await listed('paris', 'tag=2016&tag=2017'),
    );
    const { id } = partialDirection(tree);
    const combined = `direction=${id}&tag=2016&status=${encodeURIComponent('Terminé')}`;
    const matching = tree.projects.filter(
      (p) => (p.leadDirectionId === id || p.coDirectionIds.includes(id)) && tagged(p, '2016') && p.status === 'Terminé',
    );
    expect(matching.length).toBeGreaterThan(0);
    await expectFiguresOf(await filtered('paris', combined), tree, matching, await listed('paris', combined));
  });

  it('with every status, is the unfiltered dashboard; an empty filter is no filter', async () => {
    for (const name of ['cls', 'paris'] as const) {
      const whole = await dashboardOf(name);
      const all = await filtered(name, PROJECT_STATUSES.map((s) => `status=${encodeURIComponent(s)}`).join('&'));
      expect(all.totals).toMatchObject({ ...whole.totals, budget: expect.closeTo(whole.totals.budget, 2) });
      expect(all.plan.progress!).toBeCloseTo(whole.plan.progress!, 9);
      expect(all.matrix.cells.map((c) => [c.ambitionId, c.directionId, c.projects, c.health])).toEqual(
        whole.matrix.cells.map((c) => [c.ambitionId, c.directionId, c.projects, c.health]),
      );
      expect(await filtered(name, 'direction=&tag=')).toEqual(whole);
    }
  });

  it('ignores parameters that are not the dashboard’s filters', async () => {
    const whole = await dashboardOf('cls');
    const tree = await treeOf('cls');
    expect(await filtered('cls', `ambition=${tree.ambitions[0]!.id}&q=xyz`)).toEqual(whole);
  });

  it('answers empty figures, not an error, for a value no project has', async () => {
    for (const query of ['direction=dir-inconnue', 'elu=personne-inconnue', 'tag=aucune-etiquette', 'status=Bloqué']) {
      const d = await filtered('cls', query);
      expect(d.totals).toMatchObject({ ambitions: 5, objectives: 16, projects: 0, milestones: 0, budget: 0, late: 0 });
      expect(d.plan.progress).toBeNull();
      expect(d.ambitions.map((a) => a.projects)).toEqual([0, 0, 0, 0, 0]);
      expect([d.directions, d.matrix.cells, d.matrix.columns]).toEqual([[], [], []]);
    }
  });

  it('refuses a malformed value with a 400, in French and in English', async () => {
    const status = await api.get(`plans/${plans.cls}/dashboard?status=inconnu`);
    expect([status.status, status.body.error.message]).toEqual([400, `Statut inconnu « inconnu » : attendu ${PROJECT_STATUSES.join(', ')}.`]);
    const statusEn = await api.get(`plans/${plans.cls}/dashboard?direction=x&status=inconnu`, { lang: 'en' });
    expect([statusEn.status, statusEn.body.error.message]).toEqual([400, `Unknown status "inconnu": expected ${PROJECT_STATUSES.join(', ')}.`]);
    const long = await api.get(`plans/${plans.cls}/dashboard?tag=${'x'.repeat(201)}`);
    expect([long.status, long.body.error.message]).toEqual([
      400,
      'Filtre tag invalide : une valeur de 200 caractères au plus, sans caractère de contrôle, est attendue.',
    ]);
    const control = await api.get(`plans/${plans.cls}/dashboard?elu=a%0Ab`, { lang: 'en' });
    expect([control.status, control.body.error.message]).toEqual([
      400,
      'Invalid elu filter: a value of at most 200 characters, with no control character, is expected.',
    ]);
  });

  it('answers 404 for an unknown plan, filtered or not, and says « No direction » in English', async () => {
    expect((await api.get('plans/nope/dashboard?status=termine')).status).toBe(404);
    expect((await api.get(`plans/${plans.paris}/dashboard?tag=2016`, { tenant: 't2' })).status).toBe(404);
    const d = await filtered('paris', 'direction=none', 'en');
    expect(d.directions.map((x) => x.name)).toEqual(['No direction']);
  });

  it('leaves programmes out: they are no project', async () => {
    // A plan of one ambition with a programme (an objective with milestones of its own) and one project.
    const tenantId = 't1';
    const planId = 'plan-programme';
    const reached = { state: 'Atteint' as const, completion: 1, baselineDate: '2025-01-10' };
    await rt.store.commit(tenantId, [
      create('plan', planRecord(tenantId, planId, 'Plan à programme')),
      create('ambition', ambition(tenantId, planId, 'a1')),
      create('objective', objective(tenantId, planId, 'o1', 0, { ambitionId: 'a1', kind: 'programme' })),
      create('milestone', milestone(tenantId, planId, 'm-prog', 0, { objectiveId: 'o1', ...reached })),
      create('project', projectRecord(tenantId, planId, 'p1', 0, 'Projet', { ambitionId: 'a1', objectiveId: 'o1', status: 'En cours' })),
      create('milestone', milestone(tenantId, planId, 'm-p1', 0, { projectId: 'p1', baselineDate: '2025-12-01' })),
    ]);
    const whole = Dashboard.parse((await api.get(`plans/${planId}/dashboard`)).body);
    expect([whole.plan.programmes, whole.totals.milestones, whole.plan.progress]).toEqual([1, 2, 0.5]);
    const only = Dashboard.parse((await api.get(`plans/${planId}/dashboard?status=${encodeURIComponent('En cours')}`)).body);
    expect([only.plan.programmes, only.plan.projects, only.totals.milestones, only.plan.progress]).toEqual([0, 1, 1, 0]);
    expect(only.ambitions[0]!.objectives[0]).toMatchObject({ id: 'o1', programmes: 0, projects: 1, programmeProgress: null });
  });
});

describe('GET /api/plans/{planId}/dashboard/filters', () => {
  const values = async (name: 'cls' | 'paris', lang?: 'en') => {
    const res = await api.get(`plans/${plans[name]}/dashboard/filters`, lang ? { lang } : {});
    expect(res.status).toBe(200);
    return DashboardFilterValues.parse(res.body);
  };

  it('gives each value the number of projects its filter keeps', async () => {
    for (const name of ['cls', 'paris'] as const) {
      const v = await values(name);
      const d = await dashboardOf(name);
      for (const x of v.directions) expect([x.id, x.projects]).toEqual([x.id, (await filtered(name, `direction=${x.id}`)).totals.projects]);
      for (const x of v.statuses) expect([x.status, x.projects]).toEqual([x.status, d.plan.statuses[x.status]]);
      for (const x of v.elus) expect([x.id, x.projects]).toEqual([x.id, (await filtered(name, `elu=${x.id}`)).totals.projects]);
      for (const x of v.tags.slice(0, 12))
        expect([x.tag, x.projects]).toEqual([x.tag, (await filtered(name, `tag=${encodeURIComponent(x.tag)}`)).totals.projects]);
      expect(v.directions.at(-1)?.id === 'none').toBe(d.directions.some((x) => x.id === 'none'));
    }
  });

  it('names directions from the settings, élus from the people, tags as the plan spells them', async () => {
    const cls = await values('cls');
    const tree = await treeOf('cls');
    const elu = tree.projects.find((p) => p.eluId !== null)!.eluId!;
    const person = (await rt.store.get('t1', 'person', elu))!;
    expect(cls.elus).toEqual([
      { id: elu, name: person.displayName, projects: 1 },
      { id: 'none', name: 'Sans élu', projects: 28 },
    ]);
    expect(cls.directions.map((x) => x.name)).toContain('COM L1');
    expect(cls.tags).toEqual([]);
    const paris = await values('paris', 'en');
    expect(paris.tags.find((x) => x.tag === '2016')?.projects).toBe(219);
    expect(paris.directions.at(-1)).toMatchObject({ id: 'none', name: 'No direction' });
    expect(paris.elus).toEqual([{ id: 'none', name: 'No elected official', projects: 1214 }]);
  });

  it('answers 404 for an unknown plan and another tenant’s', async () => {
    expect((await api.get('plans/nope/dashboard/filters')).status).toBe(404);
    const other = await api.get(`plans/${plans.cls}/dashboard/filters`, { tenant: 't2', lang: 'en' });
    expect([other.status, other.body.error.message]).toEqual([404, `Plan ${plans.cls} not found.`]);
  });
});
