// /api/plans/{planId}/projects, /api/projects/{id}, and milestones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Person } from '../../plan/model.ts';
import { loadTenant, tenantWrite } from '../../plan/settings.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { planRoutes } from './plans.ts';
import { projectRoutes } from './projects.ts';
import { structureRoutes } from './structure.ts';

let rt: TestRuntime;
const api = client([...planRoutes, ...structureRoutes, ...projectRoutes]);
let planId: string;
beforeEach(async () => {
  rt = testRuntime();
  planId = (await api.post('plans', { title: 'Plan' })).body.id;
});
afterEach(async () => {
  await rt.dispose();
});

async function setUpTenant() {
  const now = rt.now().toISOString();
  const tenant = await loadTenant(rt.store, 't1', now);
  tenant.settings.directions = [
    { id: 'dir-voirie', name: 'Voirie', code: 'DVD', directorIds: [] },
    { id: 'dir-sante', name: 'Santé', code: null, directorIds: [] },
  ];
  const person = (id: string, displayName: string) =>
    ({
      op: 'create',
      kind: 'person',
      item: Person.parse({ id, tenantId: 't1', etag: '', createdAt: now, updatedAt: now, displayName, email: null, entraObjectId: null, teamsUserId: null, source: 'test', linkedAt: null }),
    }) as const;
  await rt.store.commit('t1', [tenantWrite(tenant), person('elu-1', 'Lucie Bernier'), person('elu-2', 'Paul Faure')]);
}

type Item = { id: string; title: string };
async function listAll(query: string, limit = 100): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let continuation: string | null = null;
  let pages = 0;
  do {
    const sep = query.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: Item[]; continuation: string | null } } = await api.get(
      `${query}${sep}limit=${limit}${continuation ? `&continuation=${continuation}` : ''}`,
    );
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((p) => p.id));
    continuation = res.body.continuation;
    pages++;
  } while (continuation);
  return { ids, pages };
}

describe('POST /api/plans/{planId}/projects', () => {
  it('creates a project: 201, its ETag, its figures, the objective’s ambition', async () => {
    await setUpTenant();
    const a = (await api.post(`plans/${planId}/ambitions`, { title: 'Santé' })).body;
    const o = (await api.post(`plans/${planId}/objectives`, { title: 'Prévenir', ambitionId: a.id })).body;
    const res = await api.post(`plans/${planId}/projects`, {
      title: 'Maison de santé',
      objectiveId: o.id,
      leadDirectionId: 'dir-sante',
      coDirectionIds: ['dir-voirie'],
      eluId: 'elu-1',
      budget: { planned: 250000, funders: [{ name: 'ARS', amount: 100000 }] },
      startDate: '2025-01-01',
      endDate: '2026-12-31',
      status: 'En cours',
      tags: ['santé', ' ', 'santé'],
      meteo: { value: 'nuageux', comment: 'Foncier à trouver' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe(`"${res.body.etag}"`);
    expect(res.headers.location).toBe(`/api/projects/${res.body.id}`);
    expect(res.body).toMatchObject({
      ambitionId: a.id,
      objectiveId: o.id,
      tags: ['santé'],
      budget: { planned: 250000, funders: [{ name: 'ARS', amount: 100000 }] },
      meteo: { value: 'nuageux', date: '2025-06-15', byId: 'u1' },
    });
    expect(res.body.meteoHistory).toHaveLength(1);
    expect(res.body.figures).toMatchObject({ progress: 0, computed: null, source: 'status', milestones: 0 });
  });

  it('refuses unknown references with a clear French (or English) message, and stores nothing', async () => {
    await setUpTenant();
    const cases: Array<[object, string, string]> = [
      [{ title: 'x', ambitionId: 'a-x' }, 'Requête invalide : ambitionId : L’ambition « a-x » n’existe pas dans ce plan.', 'Invalid request: ambitionId: Ambition "a-x" does not exist in this plan.'],
      [{ title: 'x', objectiveId: 'o-x' }, 'Requête invalide : objectiveId : L’objectif « o-x » n’existe pas dans ce plan.', 'Invalid request: objectiveId: Objective "o-x" does not exist in this plan.'],
      [
        { title: 'x', leadDirectionId: 'dir-x' },
        'Requête invalide : leadDirectionId : la direction « dir-x » n’existe pas : les directions se déclarent dans les paramètres de la collectivité.',
        'Invalid request: leadDirectionId: direction "dir-x" does not exist: directions are declared in the tenant\'s settings.',
      ],
      [{ title: 'x', eluId: 'p-x' }, 'Requête invalide : eluId : La personne « p-x » n’existe pas dans cette collectivité.', 'Invalid request: eluId: Person "p-x" does not exist in this tenant.'],
      [{ title: 'x', status: 'Fini' }, 'Requête invalide : status : Option invalide', 'Invalid request: status: Invalid option'],
      [{ title: 'x', startDate: '2025-13-01' }, 'Requête invalide : startDate : date attendue au format AAAA-MM-JJ, et qui existe', 'Invalid request: startDate: a real date is expected, as YYYY-MM-DD'],
      [{ title: 'x', startDate: '2026-01-01', endDate: '2025-01-01' }, 'Requête invalide : endDate : la date de fin (2025-01-01) précède la date de début', 'Invalid request: endDate: the end date (2025-01-01) is before the start date'],
      [{ description: 'x' }, 'Requête invalide : title : champ requis', 'Invalid request: title: required'],
    ];
    for (const [body, fr, en] of cases) {
      const r1 = await api.post(`plans/${planId}/projects`, body);
      expect(r1.status).toBe(400);
      expect(r1.body.error.message).toContain(fr);
      const r2 = await api.post(`plans/${planId}/projects`, body, { lang: 'en' });
      expect(r2.body.error.message).toContain(en);
    }
    expect((await rt.store.listInPlan('t1', 'project', planId)).items).toEqual([]);
  });

  it('answers 404 for an unknown plan or another tenant’s', async () => {
    expect((await api.post('plans/nope/projects', { title: 'x' })).status).toBe(404);
    expect((await api.post(`plans/${planId}/projects`, { title: 'x' }, { tenant: 't2' })).status).toBe(404);
    expect((await api.get(`plans/${planId}/projects`, { tenant: 't2' })).status).toBe(404);
  });
});

describe('GET /api/plans/{planId}/projects', () => {
  it('pages 25 projects 7 by 7 with no duplicate and no gap', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await api.post(`plans/${planId}/projects`, { title: `Projet ${i}` })).body.id);
    const { ids: seen, pages } = await listAll(`plans/${planId}/projects`, 7);
    expect(pages).toBe(4);
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(25);
  });

  it('keeps its place when projects are added or removed between two pages', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await api.post(`plans/${planId}/projects`, { title: `Projet ${i}` })).body.id);
    const first = await api.get(`plans/${planId}/projects?limit=3`);
    const removed = (await api.get(`projects/${ids[0]}`)).body;
    await api.delete(`projects/${removed.id}`, { ifMatch: removed.etag });
    const added = (await api.post(`plans/${planId}/projects`, { title: 'Nouveau' })).body.id;
    const second = await api.get(`plans/${planId}/projects?limit=10&continuation=${first.body.continuation}`);
    expect(second.body.items.map((p: Item) => p.id)).toEqual([...ids.slice(3), added]);
  });

  it('filters by ambition, objective (sub-objectives included), direction, status, élu, tag and text; filters combine', async () => {
    await setUpTenant();
    const a1 = (await api.post(`plans/${planId}/ambitions`, { title: 'A1' })).body;
    const a2 = (await api.post(`plans/${planId}/ambitions`, { title: 'A2' })).body;
    const o = (await api.post(`plans/${planId}/objectives`, { title: 'O', ambitionId: a1.id })).body;
    const sub = (await api.post(`plans/${planId}/objectives`, { title: 'O.1', parentId: o.id })).body;
    const make = async (title: string, fields: object) => (await api.post(`plans/${planId}/projects`, { title, ...fields })).body.id as string;
    const p1 = await make('Rénovation de l’école Jean Jaurès', { objectiveId: o.id, leadDirectionId: 'dir-voirie', status: 'En cours', eluId: 'elu-1', tags: ['Écoles'] });
    const p2 = await make('Piste cyclable', { objectiveId: sub.id, coDirectionIds: ['dir-voirie'], status: 'Terminé', tags: ['mobilité'] });
    const p3 = await make('Centre de santé', { ambitionId: a2.id, leadDirectionId: 'dir-sante', coDirectionIds: ['dir-voirie'], status: 'En cours', eluId: 'elu-2', description: 'Une ECOLE de sages-femmes' });
    const p4 = await make('Jardins partagés', { status: 'Abandonné', tags: ['ecoles'] });

    const ids = async (query: string) => (await listAll(`plans/${planId}/projects?${query}`)).ids;
    expect(await ids(`ambition=${a1.id}`)).toEqual([p1, p2]);
    expect(await ids(`ambition=${a2.id},none`)).toEqual([p3, p4]);
    expect(await ids(`objective=${o.id}`)).toEqual([p1, p2]);
    expect(await ids(`objective=${sub.id}`)).toEqual([p2]);
    expect(await ids('direction=dir-voirie')).toEqual([p1, p2, p3]);
    expect(await ids('direction=dir-sante')).toEqual([p3]);
    expect(await ids('direction=none')).toEqual([p2, p4]);
    expect(await ids(`status=${encodeURIComponent('En cours')}`)).toEqual([p1, p3]);
    expect(await ids('status=termine&status=abandonne')).toEqual([p2, p4]);
    expect(await ids('elu=elu-1')).toEqual([p1]);
    expect(await ids('elu=none')).toEqual([p2, p4]);
    expect(await ids('tag=ecoles')).toEqual([p1, p4]);
    expect(await ids('q=ECOLE')).toEqual([p1, p3]);
    expect(await ids(`q=${encodeURIComponent('école jean')}`)).toEqual([p1]);
    expect(await ids(`q=ecole&direction=dir-voirie&status=${encodeURIComponent('En cours')}&ambition=${a2.id}`)).toEqual([p3]);
    expect(await ids('q=introuvable')).toEqual([]);
    const bad = await api.get(`plans/${planId}/projects?status=inconnu`, { lang: 'en' });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('Unknown status "inconnu"')]);
  });

  it('pages a filtered list too', async () => {
    const kept: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = (await api.post(`plans/${planId}/projects`, { title: `Projet ${i}`, tags: i % 2 ? ['pair'] : [] })).body.id;
      if (i % 2) kept.push(id);
    }
    const { ids, pages } = await listAll(`plans/${planId}/projects?tag=pair`, 3);
    expect([ids, pages]).toEqual([kept, 4]);
  });

  it('refuses a forged continuation token', async () => {
    const res = await api.get(`plans/${planId}/projects?continuation=abc`);
    expect([res.status, res.body.error.message]).toEqual([400, 'Jeton de continuation invalide : reprenez la liste depuis le début.']);
  });
});

describe('/api/projects/{projectId}', () => {
  it('reads a project with its figures, and 404s another tenant’s', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const res = await api.get(`projects/${p.id}`);
    expect([res.status, res.headers.etag, res.body.figures.source]).toEqual([200, `"${p.etag}"`, 'status']);
    expect((await api.get(`projects/${p.id}`, { tenant: 't2' })).status).toBe(404);
    expect((await api.get('projects/nope')).body.error.message).toBe('Projet nope introuvable.');
  });

  it('changes a project with If-Match: 428 without, 412 stale with the current version, read-only fields refused', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    expect((await api.patch(`projects/${p.id}`, { status: 'En cours' })).status).toBe(428);
    const ok = await api.patch(`projects/${p.id}`, { status: 'En cours', budget: { planned: 1000 } }, { ifMatch: p.etag });
    expect([ok.status, ok.body.status, ok.body.budget]).toEqual([200, 'En cours', { planned: 1000, funders: [] }]);
    const stale = await api.patch(`projects/${p.id}`, { status: 'Terminé' }, { ifMatch: p.etag });
    expect([stale.status, stale.body.error.current.status]).toEqual([412, 'En cours']);
    const ro = await api.patch(`projects/${p.id}`, { id: 'x', tenantId: 't2', meteoHistory: [] }, { ifMatch: ok.body.etag });
    expect([ro.status, ro.body.error.message]).toEqual([400, 'Requête invalide : corps : champ inconnu ou non modifiable : id, tenantId, meteoHistory']);
    expect((await api.patch(`projects/${p.id}`, { status: 'Terminé' }, { ifMatch: ok.body.etag, tenant: 't2' })).status).toBe(404);
  });

  it('refuses an override of the progress without a comment, and keeps the computed value beside one with a comment', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const m = (await api.post(`projects/${p.id}/milestones`, { title: 'J', completion: 0.25 })).body;
    expect(m.completion).toBe(0.25);
    const noComment = await api.patch(`projects/${p.id}`, { progressOverride: { value: 0.9 } }, { ifMatch: p.etag });
    expect([noComment.status, noComment.body.error.message]).toEqual([400, 'Requête invalide : progressOverride.comment : champ requis']);
    const blank = await api.patch(`projects/${p.id}`, { progressOverride: { value: 0.9, comment: ' ' } }, { ifMatch: p.etag, lang: 'en' });
    expect(blank.body.error.message).toBe('Invalid request: progressOverride.comment: a comment is required to override the progress');
    const ok = await api.patch(`projects/${p.id}`, { progressOverride: { value: 0.9, comment: 'Validé en comité' } }, { ifMatch: p.etag });
    expect(ok.body.progressOverride).toMatchObject({ value: 0.9, comment: 'Validé en comité', byId: 'u1' });
    expect(ok.body.figures).toMatchObject({ progress: 0.9, computed: 0.25, overridden: true, source: 'override' });
  });

  it('appends each météo declaration to the history', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const q = (await api.patch(`projects/${p.id}`, { meteo: { value: 'soleil' } }, { ifMatch: p.etag })).body;
    rt.setToday('2025-07-01');
    const r = (await api.patch(`projects/${p.id}`, { meteo: { value: 'orage', comment: 'Recours' } }, { ifMatch: q.etag, user: 'u2' })).body;
    expect(r.meteo).toEqual({ value: 'orage', comment: 'Recours', date: '2025-07-01', byId: 'u2' });
    expect(r.meteoHistory.map((x: { value: string; date: string }) => [x.value, x.date])).toEqual([
      ['soleil', '2025-06-15'],
      ['orage', '2025-07-01'],
    ]);
    expect((await api.patch(`projects/${p.id}`, { meteo: { value: 'grêle' } }, { ifMatch: r.etag })).status).toBe(400);
  });

  it('deletes a project with its milestones: 204; 428 without If-Match, 412 stale', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const m = (await api.post(`projects/${p.id}/milestones`, { title: 'J' })).body;
    expect((await api.delete(`projects/${p.id}`)).status).toBe(428);
    expect((await api.delete(`projects/${p.id}`, { ifMatch: 'old' })).status).toBe(412);
    expect((await api.delete(`projects/${p.id}`, { ifMatch: p.etag, tenant: 't2' })).status).toBe(404);
    expect((await api.delete(`projects/${p.id}`, { ifMatch: p.etag })).status).toBe(204);
    expect((await api.get(`milestones/${m.id}`)).status).toBe(404);
  });
});

describe('milestones', () => {
  it('are created under a project (201), listed per project and per plan, paged', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const q = (await api.post(`plans/${planId}/projects`, { title: 'Q' })).body;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.post(`projects/${p.id}/milestones`, { title: `J${i}`, baselineDate: '2025-09-30' });
      expect([res.status, res.headers.etag]).toEqual([201, `"${res.body.etag}"`]);
      ids.push(res.body.id);
      await api.post(`projects/${q.id}/milestones`, { title: `K${i}` });
    }
    expect((await listAll(`projects/${p.id}/milestones`, 2)).ids).toEqual(ids);
    expect((await listAll(`plans/${planId}/milestones`, 4)).ids).toHaveLength(10);
    expect((await api.get(`projects/${p.id}/milestones`, { tenant: 't2' })).status).toBe(404);
    expect((await api.post(`projects/${p.id}/milestones`, { title: 'x' }, { tenant: 't2' })).status).toBe(404);
    expect((await api.post('projects/nope/milestones', { title: 'x' })).status).toBe(404);
  });

  it('refuse bad input with 400 and store nothing', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const res = await api.post(`projects/${p.id}/milestones`, { title: 'J', completion: 1.5, weight: 0 }, { lang: 'en' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['weight', 'completion']);
    expect((await api.post(`projects/${p.id}/milestones`, { title: 'J', ownerId: 'ghost' })).body.error.message).toBe(
      'Requête invalide : ownerId : La personne « ghost » n’existe pas dans cette collectivité.',
    );
    expect((await rt.store.listInPlan('t1', 'milestone', planId)).items).toEqual([]);
  });

  it('are updated with If-Match; « Atteint » completes them; the update is recorded; the baseline never moves', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const m = (await api.post(`projects/${p.id}/milestones`, { title: 'J', baselineDate: '2025-06-30' })).body;
    expect((await api.patch(`milestones/${m.id}`, { state: 'Atteint' })).status).toBe(428);
    const moved = await api.patch(`milestones/${m.id}`, { baselineDate: '2025-09-30' }, { ifMatch: m.etag });
    expect([moved.status, moved.body.error.message]).toEqual([
      400,
      'Requête invalide : baselineDate : la date de référence (2025-06-30) ne bouge jamais une fois fixée : changez plutôt la date prévisionnelle (forecastDate).',
    ]);
    const forecast = await api.patch(`milestones/${m.id}`, { forecastDate: '2025-09-30', comment: 'Décalé' }, { ifMatch: m.etag, user: 'u7' });
    expect(forecast.body).toMatchObject({ baselineDate: '2025-06-30', forecastDate: '2025-09-30', lastUpdate: { byId: 'u7', comment: 'Décalé' } });
    const done = await api.patch(`milestones/${m.id}`, { state: 'Atteint' }, { ifMatch: forecast.body.etag });
    expect(done.body).toMatchObject({ state: 'Atteint', completion: 1, actualDate: '2025-06-15', lastUpdate: { byId: 'u1', comment: '' } });
    // Reached « in 2099 » is no date a user can know: 400, nothing stored.
    const future = await api.patch(`milestones/${m.id}`, { actualDate: '2099-01-01' }, { ifMatch: done.body.etag });
    expect([future.status, future.body.error.message]).toEqual([400, expect.stringContaining('est après aujourd’hui (2025-06-15)')]);
    expect((await api.patch(`milestones/${m.id}`, { actualDate: '2099-01-01' }, { ifMatch: done.body.etag, lang: 'en' })).body.error.message).toContain('is after today');
    expect((await api.get(`milestones/${m.id}`)).body.etag).toBe(done.body.etag);
    const stale = await api.patch(`milestones/${m.id}`, { completion: 0.5 }, { ifMatch: m.etag });
    expect([stale.status, stale.body.error.current.state]).toEqual([412, 'Atteint']);
    expect((await api.patch(`milestones/${m.id}`, { projectId: 'other' }, { ifMatch: done.body.etag })).status).toBe(400);
    expect((await api.patch(`milestones/${m.id}`, { completion: 0.5 }, { ifMatch: done.body.etag, tenant: 't2' })).status).toBe(404);
    expect((await api.get(`projects/${p.id}`)).body.figures).toMatchObject({ progress: 1, computed: 1, milestones: 1 });
  });

  it('are deleted with If-Match: 204', async () => {
    const p = (await api.post(`plans/${planId}/projects`, { title: 'P' })).body;
    const m = (await api.post(`projects/${p.id}/milestones`, { title: 'J' })).body;
    expect((await api.delete(`milestones/${m.id}`)).status).toBe(428);
    expect((await api.delete(`milestones/${m.id}`, { ifMatch: 'old' })).status).toBe(412);
    expect((await api.delete(`milestones/${m.id}`, { ifMatch: m.etag, tenant: 't2' })).status).toBe(404);
    expect((await api.delete(`milestones/${m.id}`, { ifMatch: m.etag })).status).toBe(204);
    expect((await api.delete(`milestones/${m.id}`, { ifMatch: m.etag })).status).toBe(404);
  });
});
