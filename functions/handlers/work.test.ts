// GET /api/me/work: the caller's projects and due milestones, found through their person.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Milestone, Person } from '../../plan/model.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { openapiRoutes } from './openapi.ts';
import { planRoutes } from './plans.ts';
import { projectRoutes } from './projects.ts';
import { structureRoutes } from './structure.ts';
import { addDays, workRoutes, type MyWork } from './work.ts';

let rt: TestRuntime;
const api = client([...planRoutes, ...structureRoutes, ...projectRoutes, ...workRoutes, ...openapiRoutes]);

// testRuntime's day: late means before it, due means up to 2025-07-15.
const TODAY = '2025-06-15';
const CLAIRE = 'claire.martin@ville.fr';

beforeEach(() => {
  rt = testRuntime({ today: TODAY });
});
afterEach(async () => {
  await rt.dispose();
});

async function addPeople(tenantId = 't1') {
  const now = rt.now().toISOString();
  const person = (id: string, displayName: string, ids: Partial<Pick<Person, 'email' | 'entraObjectId' | 'teamsUserId'>> = {}) =>
    ({
      op: 'create',
      kind: 'person',
      item: Person.parse({
        id,
        tenantId,
        etag: '',
        createdAt: now,
        updatedAt: now,
        displayName,
        email: null,
        entraObjectId: null,
        teamsUserId: null,
        source: 'test',
        linkedAt: null,
        ...ids,
      }),
    }) as const;
  await rt.store.commit(tenantId, [
    person('p-claire', 'Claire Martin', { email: CLAIRE }),
    person('p-paul', 'Paul Faure', { email: 'paul.faure@ville.fr', entraObjectId: 'oid-paul', teamsUserId: '29:paul' }),
    person('p-zoe', 'Zoé Petit', { email: 'zoe.petit@ville.fr' }),
  ]);
}

async function plan(title: string, tenant?: string): Promise<string> {
  const res = await api.post('plans', { title }, tenant ? { tenant } : {});
  expect(res.status).toBe(201);
  return res.body.id;
}

async function project(planId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.post(`plans/${planId}/projects`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function milestone(projectId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api.post(`projects/${projectId}/milestones`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** MyWork on success, `{ error }` otherwise. */
type Answer = MyWork & { error: { code: string; message: string } };
const work = (query = '', user = CLAIRE, extra: Record<string, unknown> = {}) => api.get<Answer>(`me/work${query}`, { user, ...extra });
const titles = (xs: Array<{ title: string }>) => xs.map((x) => x.title).sort();

/** One plan where Claire owns one project, co-owns another, and has milestones of every kind around today. */
async function claireInOnePlan() {
  await addPeople();
  const planId = await plan('Plan de mandat');
  const owned = await project(planId, { title: 'Maison de santé', ownerId: 'p-claire', coOwnerIds: ['p-zoe'] });
  const coOwned = await project(planId, { title: 'Pistes cyclables', ownerId: 'p-paul', coOwnerIds: ['p-claire'] });
  const other = await project(planId, { title: 'Piscine', ownerId: 'p-paul' });
  const abandoned = await project(planId, { title: 'Patinoire', ownerId: 'p-claire', status: 'Abandonné' });
  const ids = {
    // Hers through the project: no owner of its own.
    dueToday: await milestone(owned, { title: 'Permis déposé', baselineDate: TODAY }),
    lastDay: await milestone(owned, { title: 'Appel d’offres', forecastDate: addDays(TODAY, 30) }),
    late: await milestone(owned, { title: 'Étude de faisabilité', baselineDate: '2025-06-14' }),
    lateByState: await milestone(owned, { title: 'Plan de financement', state: 'En retard', baselineDate: '2025-12-01' }),
    // Baseline missed, forecast pushed away: still late.
    lateBaseline: await milestone(owned, { title: 'Accord ARS', baselineDate: '2025-05-01', forecastDate: '2025-09-01' }),
    // Hers as its owner, on a project of someone else.
    ownedElsewhere: await milestone(other, { title: 'Choix du site', forecastDate: '2025-07-01', ownerId: 'p-claire' }),
  };
  // Not hers, not due, or nothing left to do.
  await milestone(owned, { title: 'Recrutement', baselineDate: '2025-06-20', ownerId: 'p-zoe' });
  await milestone(owned, { title: 'Inauguration', baselineDate: addDays(TODAY, 31) });
  await milestone(owned, { title: 'Sans date', baselineDate: null });
  await milestone(owned, { title: 'Pose de la première pierre', baselineDate: '2025-06-01', state: 'Atteint' });
  await milestone(owned, { title: 'Variante écartée', baselineDate: '2025-06-01', state: 'Abandonné' });
  await milestone(coOwned, { title: 'Marquage au sol', baselineDate: '2025-06-20' }); // co-owner: the owner's
  await milestone(other, { title: 'Vidange', baselineDate: '2025-06-20' });
  await milestone(abandoned, { title: 'Dalle', baselineDate: '2025-06-01' });
  return { planId, owned, coOwned, other, abandoned, ids };
}

describe('GET /api/me/work', () => {
  it('lists the caller’s projects (owner and co-owner) and their milestones due within 30 days or late', async () => {
    const { planId, owned, coOwned, abandoned, ids } = await claireInOnePlan();
    const res = await work();
    expect(res.status).toBe(200);
    expect(res.body.person).toEqual({ id: 'p-claire', displayName: 'Claire Martin' });
    expect(res.body.today).toBe(TODAY);
    expect(res.body.until).toBe('2025-07-15');

    expect(res.body.projects.map((p) => [p.id, p.role])).toEqual([
      [owned, 'owner'],
      [coOwned, 'co-owner'],
      [abandoned, 'owner'],
    ]);
    expect(res.body.projects.every((p) => p.planId === planId && p.planTitle === 'Plan de mandat')).toBe(true);

    const ms = res.body.milestones;
    expect(ms.map((m) => m.id).sort()).toEqual(Object.values(ids).sort());
    // Late first (by date), then the nearest due date.
    expect(ms.map((m) => m.title)).toEqual([
      'Accord ARS', // late by its baseline 2025-05-01 (forecast 2025-09-01)
      'Étude de faisabilité', // 2025-06-14
      'Plan de financement', // state « En retard », baseline 2025-12-01
      'Permis déposé',
      'Choix du site',
      'Appel d’offres',
    ]);
    expect(ms.filter((m) => m.late).map((m) => m.id).sort()).toEqual([ids.late, ids.lateByState, ids.lateBaseline].sort());
    const byId = new Map(ms.map((m) => [m.id, m]));
    expect(byId.get(ids.dueToday)).toMatchObject({ late: false, via: 'project', projectTitle: 'Maison de santé', objectiveTitle: null });
    expect(byId.get(ids.ownedElsewhere)).toMatchObject({ via: 'milestone', projectTitle: 'Piscine', planTitle: 'Plan de mandat' });
    // The milestone as stored, with its version, so that the portal can send If-Match.
    const stored = await api.get(`milestones/${ids.dueToday}`);
    expect(byId.get(ids.dueToday)).toMatchObject({ ...stored.body });
  });

  it('gives each project the figures GET /api/projects/{id} gives', async () => {
    const { owned } = await claireInOnePlan();
    const res = await work();
    const mine = res.body.projects.find((p) => p.id === owned)!;
    const direct = await api.get(`projects/${owned}`);
    expect(mine.figures).toEqual(direct.body.figures);
    expect(mine.figures.late).toBe(3);
    expect(mine.etag).toBe(direct.body.etag);
  });

  it('finds the caller by e-mail whatever its case', async () => {
    await claireInOnePlan();
    const res = await work('', 'Claire.Martin@Ville.FR');
    expect(res.body.person?.id).toBe('p-claire');
    expect(res.body.milestones).toHaveLength(6);
  });

  it('finds the caller by Entra object id or Teams user id when the user id is no e-mail', async () => {
    const { other } = await claireInOnePlan();
    for (const user of ['oid-paul', '29:paul']) {
      const res = await work('', user);
      expect(res.status).toBe(200);
      expect(res.body.person).toEqual({ id: 'p-paul', displayName: 'Paul Faure' });
      expect(res.body.projects.map((p) => p.role)).toEqual(['owner', 'owner']);
      expect(titles(res.body.projects)).toEqual(['Piscine', 'Pistes cyclables']);
      // Vidange and Marquage au sol through the projects; « Choix du site » is Claire's.
      expect(titles(res.body.milestones)).toEqual(['Marquage au sol', 'Vidange']);
      expect(res.body.milestones.find((m) => m.title === 'Vidange')?.projectId).toBe(other);
    }
  });

  it('gathers the work of every name carrying the caller’s ids (spellings of one person)', async () => {
    const { planId } = await claireInOnePlan();
    // « P. FAURE » of another sheet, said to be Paul: same Entra and Teams ids, no e-mail.
    const now = rt.now().toISOString();
    await rt.store.commit('t1', [
      {
        op: 'create',
        kind: 'person',
        item: Person.parse({ id: 'p-paul-2', tenantId: 't1', etag: '', createdAt: now, updatedAt: now, displayName: 'P. FAURE', email: null, entraObjectId: 'oid-paul', teamsUserId: '29:paul', source: 'autre.xlsx', linkedAt: now }),
      },
    ]);
    await project(planId, { title: 'Skatepark', coOwnerIds: ['p-paul-2'] });
    const res = await work('', 'oid-paul');
    expect(res.body.person).toEqual({ id: 'p-paul', displayName: 'Paul Faure' });
    expect(res.body.projects.map((p) => [p.title, p.role])).toEqual([
      ['Pistes cyclables', 'owner'],
      ['Piscine', 'owner'],
      ['Skatepark', 'co-owner'],
    ]);
    // Found by e-mail (dev mode, or no ids in the token): Paul's record carries his ids, so
    // the other spelling linked to him counts too.
    const byEmail = await work('', 'paul.faure@ville.fr');
    expect(byEmail.body.person).toEqual({ id: 'p-paul', displayName: 'Paul Faure' });
    expect(titles(byEmail.body.projects)).toEqual(['Piscine', 'Pistes cyclables', 'Skatepark']);
  });

  it('answers person null and empty lists, not an error, for a caller who is no person of the tenant', async () => {
    await claireInOnePlan();
    for (const user of ['inconnu@ville.fr', 'oid-nobody']) {
      const res = await work('', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ person: null, today: TODAY, until: '2025-07-15', projects: [], milestones: [] });
    }
  });

  it('answers empty lists for a person who owns nothing', async () => {
    await claireInOnePlan();
    const res = await work('', 'zoe.petit@ville.fr');
    expect(res.status).toBe(200);
    expect(res.body.person).toEqual({ id: 'p-zoe', displayName: 'Zoé Petit' });
    // Zoé co-owns « Maison de santé » and owns « Recrutement »: that much is hers.
    expect(titles(res.body.projects)).toEqual(['Maison de santé']);
    expect(titles(res.body.milestones)).toEqual(['Recrutement']);
    const none = await work('', 'paul.faure@ville.fr', { tenant: 't2' });
    expect(none.body).toMatchObject({ person: null, projects: [], milestones: [] });
  });

  it('spans the tenant’s plans, or one with ?plan=', async () => {
    const { planId } = await claireInOnePlan();
    // A plan created later: plans come oldest first.
    rt.setToday(TODAY, new Date(`${TODAY}T09:00:00.000Z`));
    const second = await plan('Contrat local de santé');
    const p = await project(second, { title: 'Centre de vaccination', ownerId: 'p-claire' });
    await milestone(p, { title: 'Convention signée', forecastDate: '2025-06-30' });

    const all = await work();
    expect(titles(all.body.projects)).toEqual(['Centre de vaccination', 'Maison de santé', 'Patinoire', 'Pistes cyclables']);
    expect(all.body.projects.at(-1)).toMatchObject({ title: 'Centre de vaccination', planId: second, planTitle: 'Contrat local de santé' });
    expect(all.body.milestones).toHaveLength(7);

    const one = await work(`?plan=${second}`);
    expect(one.status).toBe(200);
    expect(one.body.projects.map((x) => x.title)).toEqual(['Centre de vaccination']);
    expect(one.body.milestones.map((x) => x.title)).toEqual(['Convention signée']);
    const first = await work(`?plan=${encodeURIComponent(planId)}`);
    expect(first.body.milestones).toHaveLength(6);
    // A blank ?plan= is no filter.
    expect((await work('?plan=')).body.milestones).toHaveLength(7);
  });

  it('counts a programme’s own milestone for the programme’s owner', async () => {
    await addPeople();
    const planId = await plan('Plan');
    const o = await api.post(`plans/${planId}/objectives`, { title: 'Programme vélo', kind: 'programme', ownerId: 'p-claire' });
    expect(o.status).toBe(201);
    const now = rt.now().toISOString();
    await rt.store.commit('t1', [
      {
        op: 'create',
        kind: 'milestone',
        item: Milestone.parse({ id: 'm-prog', tenantId: 't1', etag: '', createdAt: now, updatedAt: now, planId, projectId: null, objectiveId: o.body.id, title: 'Schéma directeur', baselineDate: '2025-07-01' }),
      },
    ]);
    const res = await work();
    expect(res.body.milestones).toEqual([
      expect.objectContaining({ id: 'm-prog', via: 'programme', projectTitle: null, objectiveTitle: 'Programme vélo', late: false }),
    ]);
  });

  it('follows the day: tomorrow a milestone due today is late', async () => {
    const { ids } = await claireInOnePlan();
    rt.setToday('2025-06-16');
    const res = await work();
    expect(res.body.milestones.find((m) => m.id === ids.dueToday)?.late).toBe(true);
    expect(res.body.until).toBe('2025-07-16');
  });

  it('answers 404 for a plan that does not exist or is another tenant’s, in the caller’s language', async () => {
    await claireInOnePlan();
    const res = await work('?plan=nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not-found', message: 'Plan nope introuvable.' });
    const en = await work('?plan=nope', CLAIRE, { lang: 'en' });
    expect(en.status).toBe(404);
    expect(en.body.error.message).toBe('Plan nope not found.');
    const theirs = await plan('Autre collectivité', 't2');
    expect((await work(`?plan=${theirs}`)).status).toBe(404);
    // Even for a caller who is nobody: the plan is checked first.
    expect((await work('?plan=nope', 'inconnu@ville.fr')).status).toBe(404);
  });

  it('refuses a caller with no identity: 401', async () => {
    const res = await work('', CLAIRE, { anonymous: true });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await api.get('openapi.json')).body;
    const op = doc.paths['/api/me/work'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('plan');
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '404']));
    const schema = op.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['person', 'projects', 'milestones']));
  });
});
