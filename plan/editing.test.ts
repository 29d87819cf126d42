// The editing operations on a real SQLite store, without HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkInput,
  createAmbition,
  createMilestone,
  createObjective,
  createPlan,
  createProject,
  deleteAmbition,
  deleteObjective,
  deletePlan,
  deleteProject,
  EditRefused,
  MilestonePatchBody,
  ProjectPatchBody,
  updateMilestone,
  updateObjective,
  updatePlan,
  updateProject,
  type EditContext,
} from './editing.ts';
import { Person } from './model.ts';
import { loadTenant, tenantWrite } from './settings.ts';
import { ConflictError, NotFoundError } from './store/errors.ts';
import { tempStore, type TempStore } from './import/testing.ts';

let ts: TempStore;
let ctx: EditContext;
beforeEach(() => {
  ts = tempStore();
  ctx = { store: ts.store, tenantId: 't1', userId: 'u1', now: new Date('2025-06-15T08:00:00.000Z'), today: '2025-06-15' };
});
afterEach(async () => {
  await ts.dispose();
});

async function refusal(p: Promise<unknown>): Promise<EditRefused> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EditRefused) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function withDirections(...names: string[]) {
  const tenant = await loadTenant(ts.store, 't1', ctx.now.toISOString());
  tenant.settings.directions = names.map((name) => ({ id: `dir-${name}`, name, code: null, directorIds: [] }));
  await ts.store.commit('t1', [tenantWrite(tenant)]);
}

async function person(id: string, displayName: string) {
  const now = ctx.now.toISOString();
  await ts.store.commit('t1', [
    {
      op: 'create',
      kind: 'person',
      item: Person.parse({ id, tenantId: 't1', etag: '', createdAt: now, updatedAt: now, displayName, email: null, entraObjectId: null, teamsUserId: null, source: 'test', linkedAt: null }),
    },
  ]);
}

describe('plans', () => {
  it('makes the first plan of a tenant its default plan, creating the tenant record, and leaves the default alone after', async () => {
    const first = await createPlan(ctx, { title: 'Plan de mandat' });
    expect(first.etag).not.toBe('');
    expect((await ts.store.getTenant('t1'))!.settings.defaultPlanId).toBe(first.id);
    await createPlan(ctx, { title: 'Second plan' });
    expect((await ts.store.getTenant('t1'))!.settings.defaultPlanId).toBe(first.id);
  });

  it('refuses a stale version with the current record, before anything else', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const changed = await updatePlan(ctx, plan.id, plan.etag, { title: 'Plan 2' });
    const e = await updatePlan(ctx, plan.id, plan.etag, { title: 'Plan 3' }).catch((x) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).current).toMatchObject({ title: 'Plan 2', etag: changed.etag });
  });

  it('sees another tenant’s plan as not found', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const other = { ...ctx, tenantId: 't2' };
    await expect(updatePlan(other, plan.id, plan.etag, { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deletePlan(other, plan.id, plan.etag)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes a plan with everything in it in one commit, and moves the default plan to the next one', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const other = await createPlan(ctx, { title: 'Autre' });
    const a = await createAmbition(ctx, plan.id, { title: 'A' });
    const o = await createObjective(ctx, plan.id, { title: 'O', ambitionId: a.id });
    const p = await createProject(ctx, plan.id, { title: 'P', objectiveId: o.id });
    await createMilestone(ctx, p.id, { title: 'J' });
    await deletePlan(ctx, plan.id, plan.etag);
    expect(await ts.store.loadPlan('t1', plan.id)).toBeNull();
    for (const kind of ['ambition', 'objective', 'project', 'milestone'] as const) {
      expect((await ts.store.listInPlan('t1', kind, plan.id)).items).toEqual([]);
    }
    expect((await ts.store.getTenant('t1'))!.settings.defaultPlanId).toBe(other.id);
    await deletePlan(ctx, other.id, other.etag);
    expect((await ts.store.getTenant('t1'))!.settings.defaultPlanId).toBeNull();
  });
});

describe('the structure', () => {
  it('appends new records after the existing ones', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const a1 = await createAmbition(ctx, plan.id, { title: 'A1' });
    const a2 = await createAmbition(ctx, plan.id, { title: 'A2' });
    expect([a1.order, a2.order]).toEqual([0, 1]);
  });

  it('gives a sub-objective its parent’s ambition and refuses a contradicting one', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const a1 = await createAmbition(ctx, plan.id, { title: 'A1' });
    const a2 = await createAmbition(ctx, plan.id, { title: 'A2' });
    const o = await createObjective(ctx, plan.id, { title: 'O', ambitionId: a1.id });
    const sub = await createObjective(ctx, plan.id, { title: 'O.1', parentId: o.id });
    expect(sub.ambitionId).toBe(a1.id);
    const e = await refusal(createObjective(ctx, plan.id, { title: 'O.2', parentId: o.id, ambitionId: a2.id }));
    expect(e.fr).toContain('sous-objectif');
    expect(e.details[0]!.path).toBe('ambitionId');
  });

  it('refuses an objective under itself or its own sub-objective', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const o = await createObjective(ctx, plan.id, { title: 'O' });
    const sub = await createObjective(ctx, plan.id, { title: 'O.1', parentId: o.id });
    expect((await refusal(updateObjective(ctx, o.id, o.etag, { parentId: sub.id }))).details[0]!.path).toBe('parentId');
    expect((await refusal(updateObjective(ctx, o.id, o.etag, { parentId: o.id }))).reason).toBe('invalid');
  });

  it('moves sub-objectives and their projects along when an objective changes ambition', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const a1 = await createAmbition(ctx, plan.id, { title: 'A1' });
    const a2 = await createAmbition(ctx, plan.id, { title: 'A2' });
    const o = await createObjective(ctx, plan.id, { title: 'O', ambitionId: a1.id });
    const sub = await createObjective(ctx, plan.id, { title: 'O.1', parentId: o.id });
    const p = await createProject(ctx, plan.id, { title: 'P', objectiveId: sub.id });
    expect(p.ambitionId).toBe(a1.id);
    const moved = await updateObjective(ctx, o.id, o.etag, { ambitionId: a2.id });
    expect(moved.ambitionId).toBe(a2.id);
    expect((await ts.store.get('t1', 'objective', sub.id))!.ambitionId).toBe(a2.id);
    expect((await ts.store.get('t1', 'project', p.id))!.ambitionId).toBe(a2.id);
  });

  it('refuses to delete an ambition or an objective that still has children, and says what to do', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const a = await createAmbition(ctx, plan.id, { title: 'Santé' });
    const o = await createObjective(ctx, plan.id, { title: 'Prévenir', ambitionId: a.id });
    await createProject(ctx, plan.id, { title: 'P', objectiveId: o.id });
    const e = await refusal(deleteAmbition(ctx, a.id, a.etag));
    expect(e.reason).toBe('has-children');
    expect(e.fr).toBe('L’ambition « Santé » a encore 1 objectif et 1 projet : déplacez-les ou supprimez-les d’abord.');
    expect(e.en).toContain('move or delete them first');
    const e2 = await refusal(deleteObjective(ctx, o.id, o.etag));
    expect(e2.fr).toContain('1 projet');
    expect(await ts.store.get('t1', 'ambition', a.id)).not.toBeNull();
  });
});

describe('projects', () => {
  it('takes the ambition of its objective, and refuses unknown ambitions, objectives, directions and people', async () => {
    await withDirections('Voirie');
    await person('p1', 'Claire MARTIN');
    const plan = await createPlan(ctx, { title: 'Plan' });
    const other = await createPlan(ctx, { title: 'Autre' });
    const a = await createAmbition(ctx, plan.id, { title: 'A' });
    const foreign = await createAmbition(ctx, other.id, { title: 'Ailleurs' });
    const o = await createObjective(ctx, plan.id, { title: 'O', ambitionId: a.id });
    const p = await createProject(ctx, plan.id, { title: 'P', objectiveId: o.id, leadDirectionId: 'dir-Voirie', ownerId: 'p1' });
    expect([p.ambitionId, p.objectiveId, p.leadDirectionId, p.ownerId]).toEqual([a.id, o.id, 'dir-Voirie', 'p1']);

    const cases: Array<[Parameters<typeof createProject>[2], string, string]> = [
      [{ title: 'x', ambitionId: 'nope' }, 'ambitionId', 'L’ambition « nope » n’existe pas dans ce plan.'],
      [{ title: 'x', ambitionId: foreign.id }, 'ambitionId', `L’ambition « ${foreign.id} » n’existe pas dans ce plan.`],
      [{ title: 'x', objectiveId: 'nope' }, 'objectiveId', 'L’objectif « nope » n’existe pas dans ce plan.'],
      [{ title: 'x', leadDirectionId: 'dir-X' }, 'leadDirectionId', 'la direction « dir-X » n’existe pas'],
      [{ title: 'x', coDirectionIds: ['dir-Voirie', 'dir-Y'] }, 'coDirectionIds.1', 'dir-Y'],
      [{ title: 'x', eluId: 'p9' }, 'eluId', 'La personne « p9 » n’existe pas dans cette collectivité.'],
    ];
    for (const [input, path, message] of cases) {
      const e = await refusal(createProject(ctx, plan.id, input));
      expect(e.details[0]!.path).toBe(path);
      expect(e.fr).toContain(message);
    }
    expect((await ts.store.loadPlan('t1', plan.id))!.projects).toHaveLength(1);
  });

  it('refuses an ambition that contradicts the objective’s', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const a1 = await createAmbition(ctx, plan.id, { title: 'A1' });
    const a2 = await createAmbition(ctx, plan.id, { title: 'A2' });
    const o = await createObjective(ctx, plan.id, { title: 'O', ambitionId: a1.id });
    const p = await createProject(ctx, plan.id, { title: 'P', objectiveId: o.id });
    expect((await refusal(updateProject(ctx, p.id, p.etag, { ambitionId: a2.id }))).fr).toContain('objectiveId');
    const moved = await updateProject(ctx, p.id, p.etag, { ambitionId: a2.id, objectiveId: null });
    expect([moved.ambitionId, moved.objectiveId]).toEqual([a2.id, null]);
  });

  it('appends a météo declaration of today by the caller to the history', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P', meteo: { value: 'soleil' } });
    const later = { ...ctx, userId: 'u2', today: '2025-07-01' };
    const q = await updateProject(later, p.id, p.etag, { meteo: { value: 'orage', comment: 'Retard du marché' } });
    expect(q.meteo).toEqual({ value: 'orage', comment: 'Retard du marché', date: '2025-07-01', byId: 'u2' });
    expect(q.meteoHistory.map((m) => [m.value, m.date, m.byId])).toEqual([
      ['soleil', '2025-06-15', 'u1'],
      ['orage', '2025-07-01', 'u2'],
    ]);
  });

  it('overrides the progress only with a comment, keeping who and when, and lifts it with null', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P' });
    const e = await refusal(Promise.resolve().then(() => checkInput(ProjectPatchBody, { progressOverride: { value: 0.5, comment: '  ' } })));
    expect(e.fr).toContain('un commentaire est requis pour forcer l’avancement');
    expect(e.en).toContain('a comment is required to override the progress');
    const q = await updateProject(ctx, p.id, p.etag, { progressOverride: { value: 0.5, comment: 'Vu en comité' } });
    expect(q.progressOverride).toEqual({ value: 0.5, comment: 'Vu en comité', byId: 'u1', at: '2025-06-15T08:00:00.000Z' });
    const r = await updateProject(ctx, p.id, q.etag, { progressOverride: null });
    expect(r.progressOverride).toBeNull();
  });

  it('deletes a project with its milestones in one commit', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P' });
    const keep = await createProject(ctx, plan.id, { title: 'Q' });
    await createMilestone(ctx, p.id, { title: 'J1' });
    await createMilestone(ctx, p.id, { title: 'J2' });
    const kept = await createMilestone(ctx, keep.id, { title: 'K' });
    await deleteProject(ctx, p.id, p.etag);
    const tree = (await ts.store.loadPlan('t1', plan.id))!;
    expect(tree.projects.map((x) => x.id)).toEqual([keep.id]);
    expect(tree.milestones.map((m) => m.id)).toEqual([kept.id]);
  });
});

describe('milestones', () => {
  it('never moves a baseline date once set, but lets a milestone without one receive it', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P' });
    const m = await createMilestone(ctx, p.id, { title: 'J' });
    const set = await updateMilestone(ctx, m.id, m.etag, { baselineDate: '2025-09-30' });
    expect(set.baselineDate).toBe('2025-09-30');
    const e = await refusal(updateMilestone(ctx, m.id, set.etag, { baselineDate: '2025-12-31' }));
    expect(e.fr).toContain('ne bouge jamais');
    expect(e.en).toContain('never moves');
    expect((await refusal(updateMilestone(ctx, m.id, set.etag, { baselineDate: null }))).details[0]!.path).toBe('baselineDate');
    const same = await updateMilestone(ctx, m.id, set.etag, { baselineDate: '2025-09-30', forecastDate: '2025-12-31' });
    expect([same.baselineDate, same.forecastDate]).toEqual(['2025-09-30', '2025-12-31']);
  });

  it('completes a milestone « Atteint », reached today unless a date is given, and records the update', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P' });
    const m = await createMilestone(ctx, p.id, { title: 'J', baselineDate: '2025-06-01' });
    expect(m.lastUpdate).toBeNull();
    const done = await updateMilestone(ctx, m.id, m.etag, { state: 'Atteint', completion: 0.4, comment: 'Livré' });
    expect([done.completion, done.actualDate]).toEqual([1, '2025-06-15']);
    expect(done.lastUpdate).toEqual({ byId: 'u1', at: '2025-06-15T08:00:00.000Z', comment: 'Livré' });
    const m2 = await createMilestone(ctx, p.id, { title: 'J2', state: 'Atteint', actualDate: '2025-05-02' });
    expect([m2.completion, m2.actualDate]).toEqual([1, '2025-05-02']);
  });

  it('does not count a rename as a progress update', async () => {
    const plan = await createPlan(ctx, { title: 'Plan' });
    const p = await createProject(ctx, plan.id, { title: 'P' });
    const m = await createMilestone(ctx, p.id, { title: 'J' });
    expect((await updateMilestone(ctx, m.id, m.etag, { title: 'J bis' })).lastUpdate).toBeNull();
  });
});

describe('checking input', () => {
  it('lists every wrong field in French and in English', () => {
    const e = (() => {
      try {
        checkInput(MilestonePatchBody, { id: 'x', etag: 'y', completion: 2, forecastDate: '2025-02-30', state: 'Fini' });
      } catch (x) {
        return x as EditRefused;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.reason).toBe('invalid');
    expect(e.details.map((d) => d.path).sort()).toEqual(['', 'completion', 'forecastDate', 'state']);
    expect(e.fr).toContain('forecastDate : date attendue au format AAAA-MM-JJ');
    expect(e.fr).toContain('champ inconnu ou non modifiable : id, etag');
    expect(e.en).toContain('forecastDate: a real date is expected, as YYYY-MM-DD');
    expect(e.en).toContain('unknown or read-only field: id, etag');
  });

  it('refuses an empty change', () => {
    expect(() => checkInput(ProjectPatchBody, {})).toThrow(/aucun champ à modifier/);
  });
});
