// /api/plans/{planId}/roadmap, and the pure roadmapOf behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanTree } from '../../plan/model.ts';
import { loadTenant, tenantWrite } from '../../plan/settings.ts';
import { ambition, milestone, objective, plan, project } from '../../plan/store/fixtures.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { dashboardRoutes } from './dashboard.ts';
import { planRoutes } from './plans.ts';
import { projectRoutes } from './projects.ts';
import { roadmapDate, roadmapOf, roadmapRoutes, type Roadmap } from './roadmap.ts';
import { structureRoutes } from './structure.ts';

let rt: TestRuntime; // today: 2025-06-15
const api = client([...planRoutes, ...structureRoutes, ...projectRoutes, ...dashboardRoutes, ...roadmapRoutes]);
let planId: string;
beforeEach(async () => {
  rt = testRuntime();
  planId = (await api.post('plans', { title: 'Plan' })).body.id;
});
afterEach(async () => {
  await rt.dispose();
});

async function setUpDirections() {
  const tenant = await loadTenant(rt.store, 't1', rt.now().toISOString());
  tenant.settings.directions = [
    { id: 'dir-voirie', name: 'Voirie', code: 'DVD', directorIds: [] },
    { id: 'dir-sante', name: 'Santé', code: null, directorIds: [] },
    { id: 'dir-culture', name: 'Culture', code: null, directorIds: [] },
  ];
  await rt.store.commit('t1', [tenantWrite(tenant)]);
}

/** Two ambitions (the second first in the plan's order), four projects, milestones of every kind. */
async function setUpPlan() {
  await setUpDirections();
  const a1 = (await api.post(`plans/${planId}/ambitions`, { title: 'Cadre de vie', order: 2 })).body;
  const a2 = (await api.post(`plans/${planId}/ambitions`, { title: 'Santé', order: 1 })).body;
  const o = (await api.post(`plans/${planId}/objectives`, { title: 'Rues', ambitionId: a1.id })).body;
  const make = async (title: string, fields: object) => (await api.post(`plans/${planId}/projects`, { title, ...fields })).body.id as string;
  const p1 = await make('Rue piétonne', { objectiveId: o.id, leadDirectionId: 'dir-voirie' });
  const p2 = await make('Centre de santé', { ambitionId: a2.id, leadDirectionId: 'dir-sante', coDirectionIds: ['dir-voirie'] });
  const p3 = await make('Jardins', {});
  const p4 = await make('Kiosque', { ambitionId: a1.id, leadDirectionId: 'dir-voirie', status: 'Abandonné' });
  const m = async (projectId: string, title: string, fields: object = {}) =>
    (await api.post(`projects/${projectId}/milestones`, { title, ...fields })).body.id as string;
  const ids = {
    pastDue: await m(p1, 'Études', { baselineDate: '2025-06-01' }),
    dueToday: await m(p1, 'Travaux', { baselineDate: '2025-06-15' }),
    missedBaseline: await m(p1, 'Concertation', { baselineDate: '2025-05-01', forecastDate: '2025-07-01' }),
    reached: await m(p1, 'Permis', { baselineDate: '2025-01-31', state: 'Atteint', actualDate: '2025-03-10' }),
    undatedLate: await m(p1, 'Marché', { state: 'En retard' }),
    notStrategic: await m(p1, 'Réunion', { baselineDate: '2026-01-01', strategic: false }),
    saysLate: await m(p2, 'Ouverture', { baselineDate: '2026-09-30', state: 'En retard' }),
    early: await m(p2, 'Recrutement', { baselineDate: '2025-02-28', forecastDate: '2025-09-30' }),
    noAmbition: await m(p3, 'Plantation', { forecastDate: '2025-04-01' }),
    abandoned: await m(p4, 'Pose', { baselineDate: '2024-12-31' }),
  };
  return { a1, a2, p1, p2, p3, p4, ids };
}

const roadmap = async (query = '') => {
  const res = await api.get<Roadmap>(`plans/${planId}/roadmap${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const titlesOf = (r: Roadmap) => r.rows.map((row) => [row.title, row.items.map((m) => m.title)]);

describe('GET /api/plans/{planId}/roadmap', () => {
  it('groups the strategic milestones by ambition in the plan’s order, « Sans ambition » last, each placed by its date', async () => {
    const { a1, a2, ids } = await setUpPlan();
    const r = await roadmap();
    expect(r.today).toBe('2025-06-15');
    expect(r.rows.map((row) => row.id)).toEqual([a2.id, a1.id, null]);
    expect(titlesOf(r)).toEqual([
      ['Santé', ['Recrutement', 'Ouverture']],
      // by date: Permis (reached, its actual date 03-10), Études 06-01, Travaux 06-15, Concertation (forecast 07-01), Pose 2024-12-31 first
      ['Cadre de vie', ['Pose', 'Permis', 'Études', 'Travaux', 'Concertation']],
      ['Sans ambition', ['Plantation']],
    ]);
    const en = await api.get<Roadmap>(`plans/${planId}/roadmap`, { lang: 'en' });
    expect(en.body.rows.at(-1)?.title).toBe('No ambition');
    const byId = new Map(r.rows.flatMap((row) => row.items).map((m) => [m.id, m]));
    expect(byId.get(ids.reached)).toMatchObject({ date: '2025-03-10', state: 'Atteint', late: false });
    expect(byId.get(ids.missedBaseline)).toMatchObject({ date: '2025-07-01', baselineDate: '2025-05-01', late: true });
    expect(byId.get(ids.early)).toMatchObject({ date: '2025-09-30', late: true });
    expect(byId.get(ids.pastDue)?.late).toBe(true);
    expect(byId.get(ids.dueToday)?.late).toBe(false);
    expect(byId.get(ids.saysLate)?.late).toBe(true);
    expect(byId.get(ids.abandoned)?.late).toBe(false); // its project is abandoned
    expect(byId.get(ids.noAmbition)?.late).toBe(true);
    expect(byId.has(ids.notStrategic)).toBe(false);
    expect(r.nonStrategic).toBe(1);
    expect(r.rows.map((row) => [row.milestones, row.late, row.reached])).toEqual([
      [2, 2, 0],
      [5, 2, 1],
      [1, 1, 0],
    ]);
    expect(r.undated).toEqual({ milestones: 1, late: 1, items: [expect.objectContaining({ id: ids.undatedLate, ambitionId: a1.id, date: null, late: true })] });
    expect(r.projects.map((p) => p.title)).toEqual(['Rue piétonne', 'Centre de santé', 'Jardins', 'Kiosque']);
    expect(r.projects[0]).toEqual({ id: expect.any(String), title: 'Rue piétonne', status: 'À venir', leadDirectionId: 'dir-voirie' });
  });

  it('counts late milestones as the dashboard does (the non-strategic one here is not late)', async () => {
    await setUpPlan();
    const r = await roadmap();
    const dashboard = (await api.get(`plans/${planId}/dashboard`)).body;
    const late = r.rows.reduce((n, row) => n + row.late, 0) + r.undated.late;
    expect(late).toBe(6);
    expect(late).toBe(dashboard.totals.late);
  });

  it('follows the day: a milestone due today is late tomorrow', async () => {
    const { ids } = await setUpPlan();
    rt.setToday('2025-06-16');
    const r = await roadmap();
    expect(r.today).toBe('2025-06-16');
    expect(r.rows.flatMap((row) => row.items).find((m) => m.id === ids.dueToday)?.late).toBe(true);
  });

  it('filters by ambition (none: « Sans ambition ») and by direction, lead or co-direction (none: no lead direction)', async () => {
    const { a1, a2 } = await setUpPlan();
    expect(titlesOf(await roadmap(`?ambition=${a1.id}`))).toEqual([['Cadre de vie', ['Pose', 'Permis', 'Études', 'Travaux', 'Concertation']]]);
    expect(titlesOf(await roadmap(`?ambition=${a2.id},none`))).toEqual([
      ['Santé', ['Recrutement', 'Ouverture']],
      ['Sans ambition', ['Plantation']],
    ]);
    expect(titlesOf(await roadmap('?ambition=none'))).toEqual([['Sans ambition', ['Plantation']]]);
    const voirie = await roadmap('?direction=dir-voirie');
    expect(titlesOf(voirie)).toEqual([
      ['Santé', ['Recrutement', 'Ouverture']],
      ['Cadre de vie', ['Pose', 'Permis', 'Études', 'Travaux', 'Concertation']],
    ]);
    expect(voirie.undated.milestones).toBe(1);
    expect(titlesOf(await roadmap('?direction=dir-sante'))).toEqual([
      ['Santé', ['Recrutement', 'Ouverture']],
      ['Cadre de vie', []],
    ]);
    expect(titlesOf(await roadmap('?direction=none'))).toEqual([
      ['Santé', []],
      ['Cadre de vie', []],
      ['Sans ambition', ['Plantation']],
    ]);
    const sante = await roadmap(`?direction=dir-sante&ambition=${a1.id}`);
    expect([sante.rows.length, sante.rows[0]!.milestones, sante.undated.milestones, sante.projects]).toEqual([1, 0, 0, []]);
    // A direction of the tenant that leads nothing is a filter with no result, not an error.
    expect((await roadmap('?direction=dir-culture')).rows.every((row) => row.milestones === 0)).toBe(true);
  });

  it('refuses an unknown ambition or direction with a clear French or English message', async () => {
    await setUpPlan();
    const fr = await api.get(`plans/${planId}/roadmap?ambition=nope`);
    expect([fr.status, fr.body.error.message]).toEqual([
      400,
      'Ambition « nope » inconnue dans ce plan : donnez l’id d’une de ses ambitions, ou none pour « Sans ambition ».',
    ]);
    const en = await api.get(`plans/${planId}/roadmap?direction=dir-x`, { lang: 'en' });
    expect([en.status, en.body.error.message]).toEqual([
      400,
      'Unknown direction "dir-x": give the id of one of the tenant\'s directions, or none for “no direction”.',
    ]);
    // Another plan's ambition is not this plan's.
    const other = (await api.post('plans', { title: 'Autre' })).body.id;
    const foreign = (await api.post(`plans/${other}/ambitions`, { title: 'Ailleurs' })).body.id;
    expect((await api.get(`plans/${planId}/roadmap?ambition=${foreign}`)).status).toBe(400);
  });

  it('answers 404 for an unknown plan or another tenant’s, 401 without sign-in', async () => {
    expect((await api.get('plans/nope/roadmap')).body.error.message).toBe('Plan nope introuvable.');
    expect((await api.get(`plans/${planId}/roadmap`, { tenant: 't2' })).status).toBe(404);
    expect((await api.get(`plans/${planId}/roadmap`, { anonymous: true })).status).toBe(401);
  });

  it('answers an empty plan with its ambitions and no milestone', async () => {
    await api.post(`plans/${planId}/ambitions`, { title: 'Seule' });
    const r = await roadmap();
    expect(r.rows.map((row) => [row.title, row.milestones])).toEqual([['Seule', 0]]);
    expect([r.undated.milestones, r.projects, r.programmes, r.nonStrategic]).toEqual([0, [], [], 0]);
  });
});

describe('roadmapOf', () => {
  const T = 't1';
  const P = 'p1';

  it('puts a programme’s own milestones under its objective’s ambition, inherited from the parent objective', () => {
    const a = ambition(T, P, 'a');
    const parent = objective(T, P, 'o', 0, { ambitionId: a.id });
    const sub = objective(T, P, 'o1', 1, { parentId: parent.id, kind: 'programme', title: 'Programme vélo' });
    const loose = objective(T, P, 'o2', 2, { kind: 'programme' });
    const tree: PlanTree = {
      plan: plan(T, P),
      ambitions: [a],
      objectives: [parent, sub, loose],
      projects: [project(T, P, 'x', 0, 'Projet perdu', { ambitionId: 'gone' })],
      milestones: [
        milestone(T, P, 'm1', 0, { objectiveId: sub.id, baselineDate: '2025-01-01' }),
        milestone(T, P, 'm2', 1, { objectiveId: loose.id, baselineDate: '2025-01-01' }),
        milestone(T, P, 'm3', 2, { projectId: 'x', baselineDate: '2026-01-01' }), // names an ambition not in the plan
        milestone(T, P, 'm4', 3, { projectId: 'deleted', baselineDate: '2026-01-01' }), // its project is gone
      ],
    };
    const r = roadmapOf(tree, '2025-06-15');
    expect(r.rows.map((row) => [row.id, row.items.map((m) => m.id)])).toEqual([
      ['a', ['m1']],
      [null, ['m2', 'm3', 'm4']],
    ]);
    expect(r.rows[0]!.items[0]).toMatchObject({ projectId: null, objectiveId: 'o1', late: true });
    expect(r.programmes).toEqual([
      { id: 'o1', title: 'Programme vélo' },
      { id: 'o2', title: 'Objectif o2' },
    ]);
    expect(r.projects.map((p) => p.id)).toEqual(['x']);
    // A programme has no lead direction: it is under « none », as are projects without one.
    const none = roadmapOf(tree, '2025-06-15', { ambitions: null, directions: new Set(['none']) });
    expect(none.rows.flatMap((row) => row.items.map((m) => m.id))).toEqual(['m1', 'm2', 'm3', 'm4']);
    const voirie = roadmapOf(tree, '2025-06-15', { ambitions: null, directions: new Set(['dir-voirie']) });
    expect(voirie.rows.map((row) => row.items.length)).toEqual([0]);
  });

  it('places a milestone at its actual date once reached, else its forecast, else its baseline', () => {
    expect(roadmapDate({ state: 'Atteint', actualDate: '2025-03-01', forecastDate: '2025-04-01', baselineDate: '2025-05-01' })).toBe('2025-03-01');
    expect(roadmapDate({ state: 'Atteint', actualDate: null, forecastDate: '2025-04-01', baselineDate: '2025-05-01' })).toBe('2025-04-01');
    expect(roadmapDate({ state: 'En cours', actualDate: '2025-03-01', forecastDate: '2025-04-01', baselineDate: '2025-05-01' })).toBe('2025-04-01');
    expect(roadmapDate({ state: 'En cours', actualDate: null, forecastDate: null, baselineDate: '2025-05-01' })).toBe('2025-05-01');
    expect(roadmapDate({ state: 'À venir', actualDate: null, forecastDate: null, baselineDate: null })).toBeNull();
  });
});
