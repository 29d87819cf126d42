// /api/plans/{planId}/ambitions, /api/ambitions/{id}, and the same for objectives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('ambitions', () => {
  it('are created (201 with ETag), listed in their order and paged', async () => {
    const created = [];
    for (const title of ['Santé', 'Mobilités', 'Climat']) {
      const res = await api.post(`plans/${planId}/ambitions`, { title });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe(`"${res.body.etag}"`);
      created.push(res.body);
    }
    expect(created.map((a) => a.order)).toEqual([0, 1, 2]);
    const first = await api.get(`plans/${planId}/ambitions?limit=2`);
    expect(first.body.items.map((a: { title: string }) => a.title)).toEqual(['Santé', 'Mobilités']);
    const second = await api.get(`plans/${planId}/ambitions?limit=2&continuation=${first.body.continuation}`);
    expect(second.body).toMatchObject({ items: [{ title: 'Climat' }], continuation: null });
  });

  it('refuse a missing title (400 fr/en) and an unknown plan (404), storing nothing', async () => {
    const fr = await api.post(`plans/${planId}/ambitions`, { description: 'x' });
    expect([fr.status, fr.body.error.message]).toEqual([400, 'Requête invalide : title : champ requis']);
    const en = await api.post(`plans/${planId}/ambitions`, { title: 4 }, { lang: 'en' });
    expect(en.body.error.message).toBe('Invalid request: title: Invalid input: expected string, received number');
    expect((await api.post('plans/nope/ambitions', { title: 'x' })).status).toBe(404);
    expect((await api.post(`plans/${planId}/ambitions`, { title: 'x' }, { tenant: 't2' })).status).toBe(404);
    expect((await api.get(`plans/${planId}/ambitions`, { tenant: 't2' })).status).toBe(404);
    expect((await api.get(`plans/${planId}/ambitions`)).body.items).toEqual([]);
  });

  it('are read, changed with If-Match (428, 412 with the current version) and 404 for another tenant', async () => {
    const a = (await api.post(`plans/${planId}/ambitions`, { title: 'Santé' })).body;
    expect((await api.get(`ambitions/${a.id}`)).body.title).toBe('Santé');
    expect((await api.get(`ambitions/${a.id}`, { tenant: 't2' })).status).toBe(404);
    expect((await api.patch(`ambitions/${a.id}`, { title: 'x' })).status).toBe(428);
    const changed = await api.patch(`ambitions/${a.id}`, { title: 'Santé pour tous', order: 5 }, { ifMatch: a.etag });
    expect([changed.status, changed.body.title, changed.body.order]).toEqual([200, 'Santé pour tous', 5]);
    const stale = await api.patch(`ambitions/${a.id}`, { title: 'x' }, { ifMatch: a.etag });
    expect([stale.status, stale.body.error.current.title]).toEqual([412, 'Santé pour tous']);
    expect((await api.patch(`ambitions/${a.id}`, { planId: 'other' }, { ifMatch: changed.body.etag })).status).toBe(400);
    expect((await api.patch('ambitions/nope', { title: 'x' }, { ifMatch: 'e' })).status).toBe(404);
  });

  it('are not deleted while objectives or projects hang on them: 409 saying what to do', async () => {
    const a = (await api.post(`plans/${planId}/ambitions`, { title: 'Santé' })).body;
    const p = (await api.post(`plans/${planId}/projects`, { title: 'Projet', ambitionId: a.id })).body;
    const refused = await api.delete(`ambitions/${a.id}`, { ifMatch: a.etag });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'has-children',
      message: 'L’ambition « Santé » a encore 1 projet : déplacez-les ou supprimez-les d’abord.',
    });
    expect((await api.delete(`ambitions/${a.id}`, { ifMatch: a.etag, lang: 'en' })).body.error.message).toBe(
      'Ambition "Santé" still has 1 project: move or delete them first.',
    );
    await api.delete(`projects/${p.id}`, { ifMatch: p.etag });
    expect((await api.delete(`ambitions/${a.id}`)).status).toBe(428);
    expect((await api.delete(`ambitions/${a.id}`, { ifMatch: 'old' })).status).toBe(412);
    expect((await api.delete(`ambitions/${a.id}`, { ifMatch: a.etag, tenant: 't2' })).status).toBe(404);
    expect((await api.delete(`ambitions/${a.id}`, { ifMatch: a.etag })).status).toBe(204);
    expect((await api.get(`ambitions/${a.id}`)).status).toBe(404);
  });
});

describe('objectives', () => {
  it('are created under an ambition or a parent, whose ambition a sub-objective takes', async () => {
    const a = (await api.post(`plans/${planId}/ambitions`, { title: 'Santé' })).body;
    const o = await api.post(`plans/${planId}/objectives`, { title: 'Prévenir', ambitionId: a.id });
    expect([o.status, o.body.ambitionId, o.body.kind]).toEqual([201, a.id, 'objective']);
    const sub = await api.post(`plans/${planId}/objectives`, { title: 'Dépister', parentId: o.body.id, kind: 'programme' });
    expect([sub.body.ambitionId, sub.body.parentId, sub.body.kind]).toEqual([a.id, o.body.id, 'programme']);
    const list = await api.get(`plans/${planId}/objectives`);
    expect(list.body.items.map((x: { title: string }) => x.title)).toEqual(['Prévenir', 'Dépister']);
  });

  it('refuse an unknown ambition or parent with a clear message, and store nothing', async () => {
    const res = await api.post(`plans/${planId}/objectives`, { title: 'x', ambitionId: 'nope' });
    expect([res.status, res.body.error.message]).toEqual([400, 'Requête invalide : ambitionId : L’ambition « nope » n’existe pas dans ce plan.']);
    const en = await api.post(`plans/${planId}/objectives`, { title: 'x', parentId: 'nope' }, { lang: 'en' });
    expect(en.body.error.message).toBe('Invalid request: parentId: Objective "nope" does not exist in this plan.');
    expect((await api.post(`plans/${planId}/objectives`, { title: 'x', kind: 'axe' })).status).toBe(400);
    expect((await api.get(`plans/${planId}/objectives`)).body.items).toEqual([]);
  });

  it('are changed with If-Match, and a cycle of parents is refused', async () => {
    const o = (await api.post(`plans/${planId}/objectives`, { title: 'O' })).body;
    const sub = (await api.post(`plans/${planId}/objectives`, { title: 'O.1', parentId: o.id })).body;
    expect((await api.patch(`objectives/${o.id}`, { title: 'x' })).status).toBe(428);
    const cycle = await api.patch(`objectives/${o.id}`, { parentId: sub.id }, { ifMatch: o.etag });
    expect([cycle.status, cycle.body.error.message]).toEqual([
      400,
      'Requête invalide : parentId : un objectif ne peut pas être rangé sous lui-même ni sous l’un de ses sous-objectifs.',
    ]);
    const renamed = await api.patch(`objectives/${o.id}`, { title: 'Objectif' }, { ifMatch: o.etag });
    expect(renamed.body.title).toBe('Objectif');
    expect((await api.patch(`objectives/${o.id}`, { title: 'y' }, { ifMatch: o.etag })).status).toBe(412);
    expect((await api.get(`objectives/${o.id}`, { tenant: 't2' })).status).toBe(404);
  });

  it('are not deleted while sub-objectives hang on them', async () => {
    const o = (await api.post(`plans/${planId}/objectives`, { title: 'O' })).body;
    const sub = (await api.post(`plans/${planId}/objectives`, { title: 'O.1', parentId: o.id })).body;
    const refused = await api.delete(`objectives/${o.id}`, { ifMatch: o.etag });
    expect([refused.status, refused.body.error.message]).toEqual([
      409,
      'L’objectif « O » a encore 1 sous-objectif : déplacez-les ou supprimez-les d’abord.',
    ]);
    expect((await api.delete(`objectives/${sub.id}`, { ifMatch: sub.etag })).status).toBe(204);
    expect((await api.delete(`objectives/${o.id}`, { ifMatch: o.etag })).status).toBe(204);
  });
});
