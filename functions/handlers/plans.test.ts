// /api/plans through the real @azure/functions handlers, on a fresh SQLite store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { planRoutes } from './plans.ts';
import { structureRoutes } from './structure.ts';

let rt: TestRuntime;
const api = client([...planRoutes, ...structureRoutes]);
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  await rt.dispose();
});

const newPlan = async (title = 'Plan de mandat') => (await api.post('plans', { title })).body;
const storedPlans = async () => (await rt.store.listPlans('t1')).items;

describe('POST /api/plans', () => {
  it('creates an empty plan: 201, the record, its ETag and where to find it', async () => {
    const res = await api.post('plans', { title: 'Plan de mandat 2026', description: 'Feuille de route' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Plan de mandat 2026', description: 'Feuille de route', tenantId: 't1', source: null });
    expect(res.headers.etag).toBe(`"${res.body.etag}"`);
    expect(res.headers.location).toBe(`/api/plans/${res.body.id}`);
    expect(res.body.createdAt).toBe('2025-06-15T08:00:00.000Z');
  });

  it('makes the tenant’s first plan its default plan', async () => {
    const first = await newPlan();
    await newPlan('Second');
    expect((await rt.store.getTenant('t1'))!.settings.defaultPlanId).toBe(first.id);
  });

  it('refuses a plan without a title, in French by default and in English on request, and stores nothing', async () => {
    const fr = await api.post('plans', { description: 'x' });
    expect(fr.status).toBe(400);
    expect(fr.body.error).toMatchObject({ code: 'bad-request', message: 'Requête invalide : title : champ requis' });
    expect(fr.body.error.details).toEqual([{ path: 'title', message: 'champ requis' }]);
    const en = await api.post('plans', { title: '   ' }, { lang: 'en' });
    expect(en.body.error.message).toBe('Invalid request: title: must not be empty');
    expect(await storedPlans()).toEqual([]);
    expect(await rt.store.getTenant('t1')).toBeNull();
  });

  it('refuses a body that is not JSON, or fields that cannot be set', async () => {
    expect((await api.post('plans', '{oops')).body.error.message).toBe('Le corps de la requête n’est pas du JSON valide.');
    expect((await api.post('plans', undefined)).body.error.message).toBe('Corps de requête JSON attendu.');
    const res = await api.post('plans', { title: 'x', id: 'mine', tenantId: 't2' });
    expect([res.status, res.body.error.message]).toEqual([400, 'Requête invalide : corps : champ inconnu ou non modifiable : id, tenantId']);
    expect(await storedPlans()).toEqual([]);
  });

  it('answers 401 to a request without identity', async () => {
    const res = await api.post('plans', { title: 'x' }, { anonymous: true });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/plans', () => {
  it('pages with a continuation token, with no duplicate and no gap', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      rt.setToday('2025-06-15', new Date(Date.UTC(2025, 5, 15, 8, i)));
      ids.push((await newPlan(`Plan ${i}`)).id);
    }
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: Array<{ id: string }>; continuation: string | null } } = await api.get(
        `plans?limit=2${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p) => p.id));
      continuation = res.body.continuation;
      pages++;
    } while (continuation);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('shows only the caller’s tenant’s plans', async () => {
    await newPlan();
    expect((await api.get('plans', { tenant: 't2' })).body).toEqual({ items: [], continuation: null });
  });

  it('refuses a bad limit or a forged token with 400', async () => {
    expect((await api.get('plans?limit=0')).status).toBe(400);
    const res = await api.get('plans?continuation=nope!', { lang: 'en' });
    expect([res.status, res.body.error.message]).toEqual([400, 'Invalid continuation token: list again from the start.']);
  });
});

describe('GET /api/plans/{planId}', () => {
  it('answers the plan with its ETag', async () => {
    const plan = await newPlan();
    const res = await api.get(`plans/${plan.id}`);
    expect([res.status, res.body.id, res.headers.etag]).toEqual([200, plan.id, `"${plan.etag}"`]);
  });

  it('answers 404 for an unknown id and for another tenant’s, in the caller’s language', async () => {
    const plan = await newPlan();
    const res = await api.get('plans/nope');
    expect([res.status, res.body.error.message]).toEqual([404, 'Plan nope introuvable.']);
    const other = await api.get(`plans/${plan.id}`, { tenant: 't2', lang: 'en' });
    expect([other.status, other.body.error.message]).toEqual([404, `Plan ${plan.id} not found.`]);
  });
});

describe('PATCH /api/plans/{planId}', () => {
  it('changes the title with the current version, and answers the new one', async () => {
    const plan = await newPlan();
    const res = await api.patch(`plans/${plan.id}`, { title: 'Nouveau titre' }, { ifMatch: plan.etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: plan.id, title: 'Nouveau titre', createdAt: plan.createdAt });
    expect(res.body.etag).not.toBe(plan.etag);
    expect(res.headers.etag).toBe(`"${res.body.etag}"`);
  });

  it('needs If-Match: 428 without it, nothing changed', async () => {
    const plan = await newPlan();
    const res = await api.patch(`plans/${plan.id}`, { title: 'x' });
    expect([res.status, res.body.error.code]).toEqual([428, 'if-match-required']);
    expect(res.body.error.message).toContain('If-Match');
    expect((await rt.store.get('t1', 'plan', plan.id))!.title).toBe('Plan de mandat');
  });

  it('refuses a stale version with 412 and the current version in the body', async () => {
    const plan = await newPlan();
    const changed = (await api.patch(`plans/${plan.id}`, { title: 'Première' }, { ifMatch: plan.etag })).body;
    const res = await api.patch(`plans/${plan.id}`, { title: 'Seconde' }, { ifMatch: plan.etag });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('modifié par quelqu’un d’autre');
    expect(res.body.error.current).toMatchObject({ title: 'Première', etag: changed.etag });
  });

  it('refuses read-only fields and wrong types with 400 and stores nothing', async () => {
    const plan = await newPlan();
    const res = await api.patch(`plans/${plan.id}`, { etag: 'x', createdAt: 'y', title: 3 }, { ifMatch: plan.etag });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('champ inconnu ou non modifiable : etag, createdAt');
    expect(res.body.error.message).toContain('title : Entrée invalide');
    expect((await api.patch(`plans/${plan.id}`, {}, { ifMatch: plan.etag, lang: 'en' })).body.error.message).toBe(
      'Invalid request: body: nothing to change',
    );
    expect((await rt.store.get('t1', 'plan', plan.id))!.etag).toBe(plan.etag);
  });

  it('answers 404 for another tenant’s plan', async () => {
    const plan = await newPlan();
    expect((await api.patch(`plans/${plan.id}`, { title: 'x' }, { ifMatch: plan.etag, tenant: 't2' })).status).toBe(404);
  });
});

describe('DELETE /api/plans/{planId}', () => {
  it('deletes the plan and everything in it: 204', async () => {
    const plan = await newPlan();
    const ambition = (await api.post(`plans/${plan.id}/ambitions`, { title: 'Santé' })).body;
    const res = await api.delete(`plans/${plan.id}`, { ifMatch: plan.etag });
    expect([res.status, res.body]).toEqual([204, undefined]);
    expect((await api.get(`plans/${plan.id}`)).status).toBe(404);
    expect((await api.get(`ambitions/${ambition.id}`)).status).toBe(404);
    expect((await rt.store.getTenant('t1'))!.settings.defaultPlanId).toBeNull();
  });

  it('needs If-Match (428), refuses a stale one (412), and 404s another tenant’s plan', async () => {
    const plan = await newPlan();
    expect((await api.delete(`plans/${plan.id}`)).status).toBe(428);
    const changed = (await api.patch(`plans/${plan.id}`, { title: 'x' }, { ifMatch: plan.etag })).body;
    const stale = await api.delete(`plans/${plan.id}`, { ifMatch: plan.etag });
    expect([stale.status, stale.body.error.current.etag]).toEqual([412, changed.etag]);
    expect((await api.delete(`plans/${plan.id}`, { ifMatch: changed.etag, tenant: 't2' })).status).toBe(404);
    expect((await api.get(`plans/${plan.id}`)).status).toBe(200);
  });
});
