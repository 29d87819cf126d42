import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Plan } from '../plan/model.ts';
import { isLate, NO_DIRECTION, rollUp } from '../plan/rollup.ts';
import { newTenant, tenantWrite } from '../plan/settings.ts';
import type { PlanStore } from '../plan/store/ports.ts';
import { openSqliteStore } from '../plan/store/sqlite.ts';
import { addDays, DEMO_PLAN_TITLE, DEMO_YOU, seedDemoIfEmpty } from './demo.ts';

const TODAY = '2026-09-15';
let dir: string;
let store: PlanStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jalon-demo-'));
  store = openSqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo plan', () => {
  it('is created on an empty tenant: four ambitions, five directions, fourteen projects and their milestones', async () => {
    const seeded = await seedDemoIfEmpty(store, 't1', TODAY);
    expect(seeded).not.toBeNull();
    const tree = (await store.loadPlan('t1', seeded!.planId))!;
    expect(tree.plan.title).toBe(DEMO_PLAN_TITLE);
    expect(tree.ambitions.map((a) => a.title)).toEqual([
      'Une ville attractive et dynamique',
      'Une ville durable et résiliente',
      'Une ville connectée et participative',
      'Une ville solidaire et inclusive',
    ]);
    expect(tree.objectives.length).toBeGreaterThanOrEqual(4);
    expect(tree.objectives.every((o) => tree.ambitions.some((a) => a.id === o.ambitionId))).toBe(true);
    expect(tree.projects).toHaveLength(14);
    expect(seeded!.projects).toBe(14);
    for (const p of tree.projects) {
      const count = tree.milestones.filter((m) => m.projectId === p.id).length;
      expect(count, p.title).toBeGreaterThanOrEqual(2);
      expect(count, p.title).toBeLessThanOrEqual(4);
    }
    // Not imported: nothing for a re-import to match on.
    for (const r of [...tree.ambitions, ...tree.objectives, ...tree.projects, ...tree.milestones]) {
      expect(r.key).toBeNull();
      expect(r.imported).toBeNull();
    }

    const tenant = (await store.getTenant('t1'))!;
    expect(tenant.settings.defaultPlanId).toBe(seeded!.planId);
    expect(tenant.settings.directions.map((d) => d.name)).toEqual([
      'Direction de l’aménagement et de l’urbanisme',
      'Direction des espaces verts et de l’environnement',
      'Direction des systèmes d’information',
      'Direction de la solidarité et du CCAS',
      'Direction de la culture et des sports',
    ]);
    const directionIds = new Set(tenant.settings.directions.map((d) => d.id));
    const withoutDirection = tree.projects.filter((p) => p.leadDirectionId === null);
    expect(withoutDirection).toHaveLength(1);
    for (const p of tree.projects) if (p.leadDirectionId) expect(directionIds.has(p.leadDirectionId)).toBe(true);
    for (const d of tenant.settings.directions) {
      expect(tree.projects.filter((p) => p.leadDirectionId === d.id).length, d.name).toBeGreaterThanOrEqual(2);
    }
    const people = await store.listPeople('t1');
    const owners = new Set(people.items.map((p) => p.id));
    for (const p of tree.projects) expect(owners.has(p.ownerId!)).toBe(true);
  });

  it('is dated around today, so that the dashboard shows progress, météo and late milestones', async () => {
    const seeded = (await seedDemoIfEmpty(store, 't1', TODAY))!;
    const tree = (await store.loadPlan('t1', seeded.planId))!;
    const reached = tree.milestones.filter((m) => m.state === 'Atteint');
    const late = tree.milestones.filter((m) => isLate(m, TODAY));
    const upcoming = tree.milestones.filter((m) => m.state !== 'Atteint' && m.baselineDate! > TODAY);
    expect(reached.length).toBeGreaterThan(5);
    expect(late.length).toBeGreaterThanOrEqual(3);
    expect(upcoming.length).toBeGreaterThan(5);
    for (const m of reached) expect(m.actualDate! <= TODAY).toBe(true);

    const figures = rollUp(tree, { today: TODAY });
    expect(figures.plan.late).toBe(late.length);
    expect(figures.plan.progress).toBeGreaterThan(0.2);
    expect(figures.plan.progress).toBeLessThan(0.9);
    expect(figures.plan.meteo.soleil).toBeGreaterThan(0);
    expect(figures.plan.meteo.nuageux).toBeGreaterThan(0);
    expect(figures.plan.meteo.orage).toBeGreaterThan(0);
    expect(figures.plan.meteo.none).toBeGreaterThan(0);
    expect(figures.plan.budget).toBeGreaterThan(1_000_000);
    expect(Object.keys(figures.directions)).toContain(NO_DIRECTION);
    expect(figures.matrix.some((c) => c.health === 'critical')).toBe(true);
    expect(figures.matrix.some((c) => c.health === 'good')).toBe(true);
    for (const p of tree.projects.filter((p) => p.meteo)) expect(p.meteoHistory.at(-1)).toEqual(p.meteo);
  });

  it('makes the local user Claire Martin, owner of her projects, when given an e-mail', async () => {
    const seeded = (await seedDemoIfEmpty(store, 't1', TODAY, new Date(`${TODAY}T08:00:00Z`), 'Dev@Jalon.local'))!;
    const [you] = (await store.listPeople('t1', { email: 'dev@jalon.local' })).items;
    expect(you?.displayName).toBe(DEMO_YOU);
    const tree = (await store.loadPlan('t1', seeded.planId))!;
    expect(tree.projects.filter((p) => p.ownerId === you!.id).length).toBeGreaterThan(0);
    // Nobody else gets an e-mail, and without one nobody does.
    expect((await store.listPeople('t1')).items.filter((p) => p.email !== null)).toHaveLength(1);
  });

  it('is created once: a second call leaves the tenant alone', async () => {
    const first = await seedDemoIfEmpty(store, 't1', TODAY);
    expect(first).not.toBeNull();
    expect(await seedDemoIfEmpty(store, 't1', addDays(TODAY, 30))).toBeNull();
    expect((await store.listPlans('t1')).items).toHaveLength(1);
  });

  it('is not created in a tenant that already has a plan', async () => {
    const at = new Date().toISOString();
    await store.commit('t1', [
      { op: 'create', kind: 'plan', item: Plan.parse({ id: 'p1', tenantId: 't1', etag: '', createdAt: at, updatedAt: at, title: 'Mon plan' }) },
    ]);
    expect(await seedDemoIfEmpty(store, 't1', TODAY)).toBeNull();
    expect((await store.listPlans('t1')).items.map((p) => p.title)).toEqual(['Mon plan']);
    expect(await store.getTenant('t1')).toBeNull();
  });

  it('keeps the directions a tenant already has, and reuses them by name', async () => {
    const at = new Date().toISOString();
    const tenant = newTenant('t1', at, 'Ville de Test');
    tenant.settings.directions.push({ id: 'dsi-maison', name: 'Direction des systèmes d’information', code: 'DSI', directorIds: [] });
    tenant.settings.directions.push({ id: 'dir-finances', name: 'Direction des finances', code: null, directorIds: [] });
    await store.commit('t1', [tenantWrite(tenant)]);

    const seeded = (await seedDemoIfEmpty(store, 't1', TODAY))!;
    const stored = (await store.getTenant('t1'))!;
    expect(stored.profile.name).toBe('Ville de Test');
    expect(stored.settings.directions.map((d) => d.id)).toContain('dir-finances');
    expect(stored.settings.directions.filter((d) => d.code === 'DSI').map((d) => d.id)).toEqual(['dsi-maison']);
    expect(stored.settings.directions).toHaveLength(6);
    const tree = (await store.loadPlan('t1', seeded.planId))!;
    expect(tree.projects.filter((p) => p.leadDirectionId === 'dsi-maison').length).toBeGreaterThan(0);
  });

  it('keeps tenants apart', async () => {
    await seedDemoIfEmpty(store, 't1', TODAY);
    expect((await store.listPlans('t2')).items).toHaveLength(0);
    expect(await seedDemoIfEmpty(store, 't2', TODAY)).not.toBeNull();
  });
});
