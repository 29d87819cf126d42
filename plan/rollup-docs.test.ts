// The roll-up as stored sums (plan/rollup-docs.ts). Two promises are checked here:
// - the dashboard drawn from a plan's level sums and its structure (never its projects
//   nor milestones) is planDashboard's, on the real plans and on hand-made ones;
// - keeping the sums up to date write by write (take away what a project or programme
//   added, add what it adds now) always lands on a recount of the whole plan.
//
// « The same dashboard » is exact for every count, id, title, label, date, order, météo
// and health. Ratios are the one exception: planDashboard adds doubles in the tree's
// order, the sums add each project's progress rounded to 1e-9 as integers, so a mean may
// differ by at most 5e-10 (half the rounding step) plus float noise — and not at all
// when the values are exact in binary (the « dyadic » plans below are compared with
// toEqual). Budgets are exact cents on the sums' side and a float sum on planDashboard's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCityPlan } from '../bench/city-plan.ts';
import { addDays, seedDemoIfEmpty } from '../teams-app/demo.ts';
import { planDashboard, type Dashboard, type DashboardOptions } from './dashboard.ts';
import { importPlan } from './import/index.ts';
import { REAL, readBytes, tempStore, type TempStore } from './import/testing.ts';
import { Ambition, Milestone, Objective, Plan, Project, TenantSettings, type PlanTree } from './model.ts';
import {
  addSums,
  applyContribution,
  dashboardFromSums,
  figuresFromSums,
  isZeroSums,
  levelKey,
  LevelSums,
  parseLevelKey,
  planContributions,
  planLevelSums,
  planStructure,
  programmeContribution,
  projectContribution,
  PROGRESS_SCALE,
  unattachedContribution,
  zeroSums,
  type Contribution,
  type LevelKey,
  type Structure,
} from './rollup-docs.ts';
import { rollUp } from './rollup.ts';
import { METEOS, MILESTONE_STATES, PROJECT_STATUSES } from './vocab.ts';

type Levels = Partial<Record<LevelKey, LevelSums>>;

// ───────────────────────── records ─────────────────────────

const NOW = '2025-06-01T08:00:00.000Z';
const base = (id: string) => ({ id, tenantId: 't1', etag: 'e', createdAt: NOW, updatedAt: NOW, planId: 'plan' });
const plan = Plan.parse({ id: 'plan', tenantId: 't1', etag: 'e', createdAt: NOW, updatedAt: NOW, title: 'Plan de mandat', description: 'Essai' });
const ambition = (id: string, order: number) => Ambition.parse({ ...base(id), order, title: `Ambition ${id}` });
const objective = (id: string, ambitionId: string | null, parentId: string | null = null, kind: 'objective' | 'programme' = 'objective') =>
  Objective.parse({ ...base(id), ambitionId, parentId, kind, title: `Objectif ${id}` });
const project = (id: string, fields: Partial<Project> = {}) =>
  Project.parse({ ...base(id), ambitionId: null, objectiveId: null, title: `Projet ${id}`, budget: {}, ...fields });
const milestone = (id: string, projectId: string | null, fields: Partial<Milestone> = {}) =>
  Milestone.parse({ ...base(id), projectId, title: `Jalon ${id}`, baselineDate: null, ...fields });
const meteo = (value: (typeof METEOS)[number]) => ({ value, comment: '', date: '2025-06-01', byId: null });
const override = (value: number) => ({ value, comment: 'arbitrage du comité', byId: null, at: NOW });
const budget = (planned: number | null) => ({ planned, funders: [] });

const settings = TenantSettings.parse({
  directions: [
    { id: 'dir-voirie', name: 'Direction de la voirie', code: 'DVD' },
    { id: 'dir-sante', name: 'Santé publique' },
  ],
});

/** The structure alone: what a store reads besides the level documents. */
const structureOf = (tree: PlanTree) => ({ plan: tree.plan, ambitions: tree.ambitions, objectives: tree.objectives });

// ───────────────────────── comparing dashboards ─────────────────────────

/** Each progress is stored rounded to 1e-9: a mean of them is off by half a step at most. */
const RATIO_TOLERANCE = 0.5 / PROGRESS_SCALE + 1e-12;
const RATIOS = new Set(['progress', 'progressByBudget', 'programmeProgress']);
/** Money: exact cents against a float sum in the tree's order. */
const moneyClose = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

interface Drift {
  ratio: number;
  money: number;
}

/**
 * `actual` with each ratio and budget that is within tolerance of `expected`'s replaced
 * by it: what is left to compare must then be equal, and a figure out of tolerance stays
 * as it was, so that toEqual shows it.
 */
function alignFloats(actual: unknown, expected: unknown, key: string, drift: Drift): unknown {
  if (typeof actual === 'number' && typeof expected === 'number') {
    const delta = Math.abs(actual - expected);
    if (RATIOS.has(key) && delta <= RATIO_TOLERANCE) {
      drift.ratio = Math.max(drift.ratio, delta);
      return expected;
    }
    if (key === 'budget' && moneyClose(actual, expected)) {
      drift.money = Math.max(drift.money, delta);
      return expected;
    }
    return actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((x, i) => alignFloats(x, expected[i], key, drift));
  }
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    return Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [k, alignFloats(v, (expected as Record<string, unknown>)[k], k, drift)]),
    );
  }
  return actual;
}

/** The two dashboards are the same, ratios and budgets within rounding (see the top of the file). */
function expectSameDashboard(actual: Dashboard, expected: Dashboard): Drift {
  const drift: Drift = { ratio: 0, money: 0 };
  expect(alignFloats(actual, expected, '', drift)).toEqual(expected);
  return drift;
}

/** dashboardFromSums over the structure and planLevelSums, against planDashboard over the tree. */
function compare(tree: PlanTree, tenantSettings: Pick<TenantSettings, 'directions'>, options: DashboardOptions) {
  const levels = planLevelSums(tree);
  const fromSums = dashboardFromSums(structureOf(tree), levels, tenantSettings, options);
  const expected = planDashboard(tree, tenantSettings, options);
  return { fromSums, expected, levels };
}

// ───────────────────────── a hand-made plan ─────────────────────────

// A1 (order 2) › O1 › O1.1 › O1.1.1 (three deep; O1 and O1.1.1 have milestones of their
// own, O1.1.1's all non-strategic); A2 (order 1) › O2, a programme; A3, empty. Cy1 ↔ Cy2
// is a cycle of parents; X ↔ Y too, listed Y first so that the cut leaves X's programme on
// no ambition while its parents lead to A2 (it counts in no ambition and not in « Sans
// ambition », as planDashboard has it). Loose has no ambition; Orphan a missing parent
// and an unknown ambition. Projects on no ambition, an unknown one, no direction, a
// direction the settings lack, abandoned ones, overrides, budgets with cents and null.
function handMadeTree(): PlanTree {
  return {
    plan,
    ambitions: [ambition('A1', 2), ambition('A2', 1), ambition('A3', 3)],
    objectives: [
      objective('O1', 'A1', null, 'programme'),
      objective('O1.1', null, 'O1'),
      objective('O1.1.1', null, 'O1.1', 'programme'),
      objective('O2', 'A2', null, 'programme'),
      objective('Cy1', 'A2', 'Cy2'),
      objective('Cy2', null, 'Cy1', 'programme'),
      objective('Y', 'A2', 'X'),
      objective('X', null, 'Y', 'programme'),
      objective('Loose', null, null, 'programme'),
      objective('Orphan', 'A-ghost', 'O-missing'),
    ],
    projects: [
      project('P1', { ambitionId: 'A1', objectiveId: 'O1.1.1', leadDirectionId: 'dir-voirie', status: 'En cours', meteo: meteo('soleil'), budget: budget(1234.56) }),
      project('P2', { ambitionId: 'A1', objectiveId: 'O1.1', leadDirectionId: 'dir-sante', status: 'En cours', meteo: meteo('nuageux'), budget: budget(null), progressOverride: override(0.8) }),
      project('P3', { ambitionId: 'A2', objectiveId: 'O2', leadDirectionId: 'dir-voirie', status: 'Abandonné', meteo: meteo('orage'), budget: budget(50), progressOverride: override(0.3) }),
      project('P4', { status: 'En cours', budget: budget(0.1) }),
      project('P5', { ambitionId: 'A-ghost', objectiveId: 'Loose', leadDirectionId: 'dir-ancienne', status: 'Bloqué', budget: budget(0.2) }),
      project('P6', { ambitionId: 'A2', leadDirectionId: 'dir-sante', status: 'En retard', meteo: meteo('orage'), budget: budget(99.99) }),
      project('P7', { ambitionId: 'A1', objectiveId: 'O-missing', status: 'Terminé', budget: budget(300) }),
      project('P8', { ambitionId: 'A2', objectiveId: 'Cy1', leadDirectionId: 'dir-voirie', status: 'À discuter', budget: budget(0) }),
      project('P9', { ambitionId: 'A1', objectiveId: 'O1', leadDirectionId: 'dir-voirie', status: 'En pause', budget: budget(-100) }),
      project('P10', { objectiveId: 'Orphan', status: 'Terminé', meteo: meteo('soleil'), budget: budget(1e6) }),
    ],
    milestones: [
      // P1: (1×1 + 2×0.5 + 3×0) / 6 = 1/3; M2's baseline is past but its forecast is not.
      milestone('M1', 'P1', { weight: 1, state: 'Atteint', completion: 0.2, baselineDate: '2025-03-01' }),
      milestone('M2', 'P1', { weight: 2, state: 'En cours', completion: 0.5, baselineDate: '2025-06-01', forecastDate: '2025-09-30' }),
      milestone('M3', 'P1', { weight: 3, baselineDate: '2025-12-31' }),
      // P2: forecast only, and a non-strategic one.
      milestone('M4', 'P2', { state: 'En cours', completion: 0.5, forecastDate: '2025-06-15' }),
      milestone('M5', 'P2', { strategic: false, completion: 1, baselineDate: '2024-01-01' }),
      // P3 is abandoned: its milestones are never late, « En retard » or not.
      milestone('M6', 'P3', { state: 'En retard', baselineDate: '2024-01-01' }),
      milestone('M7', 'P3', { baselineDate: '2024-06-01' }),
      // P6: late by its state, whatever its dates; an abandoned milestone beside it.
      milestone('M8', 'P6', { state: 'En retard' }),
      milestone('M9', 'P6', { state: 'Abandonné', weight: 5, baselineDate: '2024-01-01' }),
      milestone('M10', 'P6', { state: 'En cours', completion: 0.75, baselineDate: '2026-03-01', forecastDate: '2025-01-15' }),
      // P9: baseline only.
      milestone('M11', 'P9', { completion: 0.25, state: 'En cours', baselineDate: '2025-06-16' }),
      // Programmes.
      milestone('J1', null, { objectiveId: 'O1', state: 'Atteint', completion: 0.2, baselineDate: '2025-02-01' }),
      milestone('J2', null, { objectiveId: 'O1.1.1', strategic: false, baselineDate: '2025-01-01' }),
      milestone('J3', null, { objectiveId: 'O2', weight: 3, completion: 0.5, state: 'En cours', baselineDate: '2025-07-01' }),
      milestone('J4', null, { objectiveId: 'O2', weight: 1, state: 'Abandonné', baselineDate: '2024-07-01' }),
      milestone('J5', null, { objectiveId: 'Cy2', completion: 0.5, state: 'En cours', forecastDate: '2025-05-01' }),
      milestone('J6', null, { objectiveId: 'X', completion: 0.125, state: 'En cours', baselineDate: '2026-01-01' }),
      milestone('J7', null, { objectiveId: 'Loose', state: 'En retard' }),
      // Attached to nothing of the plan: a missing project, a missing objective, nothing.
      milestone('U1', 'P-ghost', { baselineDate: '2025-01-01' }),
      milestone('U2', null, { objectiveId: 'O-ghost', state: 'En retard' }),
      milestone('U3', null, { forecastDate: '2026-01-01' }),
    ],
  };
}

/**
 * The same plan with values that are exact in binary — integer budgets, weights summing
 * to a power of 2, completions and overrides in quarters — so that planDashboard's float
 * sums are exact too, and the two dashboards must be equal with no tolerance at all.
 */
function dyadicTree(): PlanTree {
  const t = handMadeTree();
  return {
    ...t,
    projects: t.projects.map((p) => ({
      ...p,
      budget: budget(p.budget.planned === null ? null : Math.round(p.budget.planned)),
      progressOverride: p.progressOverride === null ? null : override(Math.round(p.progressOverride.value * 4) / 4),
    })),
    milestones: t.milestones.map((m) => ({ ...m, weight: m.weight === 3 ? 1 : m.weight })), // P1: (1 + 2×0.5 + 0) / 4
  };
}

/** Before every date, on and between them, after them all. */
const TODAYS = ['2020-01-01', '2025-01-15', '2025-06-01', '2025-06-15', '2025-06-16', '2025-09-30', '2025-12-31', '2030-01-01'];

describe('the dashboard drawn from the level sums of a hand-made plan', () => {
  const tree = handMadeTree();

  it('exercises what it says: a programme on no ambition, projects on an unknown ambition, late milestones that change with the day', () => {
    const r = rollUp(tree, { today: '2025-06-15' });
    // O1: P9 on it, P2 on O1.1, P1 on O1.1.1 (three deep); its own programme, not O1.1.1's (non-strategic only).
    expect(r.objectives['O1']).toMatchObject({ projects: 3, programmes: 1 });
    expect(r.objectives['O1.1.1']!.programmeProgress).toBeNull();
    expect(r.objectives['X']!.programmeProgress).toBe(0.125);
    const d = planDashboard(tree, settings, { today: '2025-06-15' });
    expect(d.unassigned).toMatchObject({ projects: 3, programmes: 1 }); // P4, P5, P10; Loose's programme
    expect(d.directions.map((x) => x.id)).toEqual(['dir-voirie', 'dir-sante', 'dir-ancienne', 'none']);
    const lates = TODAYS.map((today) => planDashboard(tree, settings, { today }).plan.late);
    expect(new Set(lates).size).toBeGreaterThanOrEqual(5);
  });

  it('is planDashboard’s, every today and both languages', () => {
    for (const today of TODAYS) {
      for (const lang of ['fr', 'en'] as const) {
        const { fromSums, expected } = compare(tree, settings, { today, lang });
        const drift = expectSameDashboard(fromSums, expected);
        expect(drift.ratio).toBeLessThanOrEqual(RATIO_TOLERANCE);
      }
    }
  });

  it('is exactly planDashboard’s (toEqual, no tolerance) when the values are exact in binary', () => {
    const exact = dyadicTree();
    for (const today of TODAYS) {
      for (const lang of ['fr', 'en'] as const) {
        const { fromSums, expected } = compare(exact, settings, { today, lang });
        expect(fromSums).toEqual(expected);
      }
    }
  });

  it('says « No ambition » and « No direction » in English', () => {
    const { fromSums } = compare(tree, settings, { today: '2025-06-15', lang: 'en' });
    expect(fromSums.unassigned?.title).toBe('No ambition');
    expect(fromSums.directions.at(-1)).toMatchObject({ id: 'none', name: 'No direction' });
    expect(fromSums.matrix.rows.at(-1)).toEqual({ id: null, title: 'No ambition' });
  });

  it('judges late milestones on the day it is read, from the same sums', () => {
    const levels = planLevelSums(tree);
    const lateOn = (today: string) => dashboardFromSums(structureOf(tree), levels, settings, { today }).totals.late;
    // Always late: M8 and J7 (« En retard »), U2 too, attached to nothing. Never: M1, J1 (reached),
    // M9, J4 (abandoned), M6, M7 (abandoned project, « En retard » or not).
    expect(lateOn('2020-01-01')).toBe(3);
    // + M2 (baseline 1 June, forecast later), M5 and J2 (non-strategic, still counted), M10 (forecast
    // 15 Jan, baseline later), J5 (forecast only), U1; M4 is due today, M11 tomorrow.
    expect(lateOn('2025-06-15')).toBe(9);
    expect(lateOn('2025-06-16')).toBe(10); // + M4
    expect(lateOn('2030-01-01')).toBe(15); // + M3, M11, J3, J6, U3
    expect(lateOn('2025-06-15')).toBe(rollUp(tree, { today: '2025-06-15' }).plan.late);
  });

  it('reads nothing but the structure and the levels', () => {
    const levels = JSON.parse(JSON.stringify(planLevelSums(tree))) as Levels; // as stored documents
    const structure = { plan: tree.plan, ambitions: tree.ambitions, objectives: tree.objectives };
    const trap = new Proxy(structure, {
      get(target, key, receiver) {
        if (key === 'projects' || key === 'milestones') throw new Error(`dashboardFromSums read ${String(key)}`);
        return Reflect.get(target, key, receiver);
      },
    });
    const expected = planDashboard(tree, settings, { today: '2025-06-15' });
    expectSameDashboard(dashboardFromSums(trap, levels, settings, { today: '2025-06-15' }), expected);
    for (const sums of Object.values(levels)) expect(() => LevelSums.parse(sums)).not.toThrow();
  });

  it('refuses a today that is not a YYYY-MM-DD date', () => {
    expect(() => dashboardFromSums(structureOf(tree), planLevelSums(tree), settings, { today: '15/06/2025' })).toThrow(RangeError);
  });

  it('draws an empty plan, and a plan whose projects are all abandoned', () => {
    const empty: PlanTree = { plan, ambitions: [], objectives: [], projects: [], milestones: [] };
    expect(planLevelSums(empty)).toEqual({});
    expect(dashboardFromSums(structureOf(empty), {}, settings, { today: '2025-06-15' })).toEqual(
      planDashboard(empty, settings, { today: '2025-06-15' }),
    );
    const abandoned: PlanTree = { ...tree, projects: tree.projects.map((p) => ({ ...p, status: 'Abandonné' as const })) };
    const { fromSums, expected } = compare(abandoned, settings, { today: '2025-06-15' });
    expectSameDashboard(fromSums, expected);
    expect(fromSums.matrix.cells.every((c) => c.health === 'none')).toBe(true);
  });

  it('keeps odd ids apart: a direction « none » beside « Sans direction », an empty direction id, ids with : ~ / # ? %', () => {
    const odd: PlanTree = {
      plan,
      ambitions: [ambition('a:1/2', 0), ambition('~', 1), ambition('été #3 ?', 2)],
      objectives: [objective('o%20:x', 'a:1/2'), objective('~', '~', 'o%20:x')],
      projects: [
        project('p1', { ambitionId: 'a:1/2', objectiveId: '~', leadDirectionId: 'none', status: 'En cours' }),
        project('p2', { ambitionId: '~', leadDirectionId: null, status: 'Terminé' }),
        project('p3', { ambitionId: 'été #3 ?', leadDirectionId: '', status: 'Terminé', budget: budget(10) }),
        project('p4', { ambitionId: 'a:1/2', objectiveId: 'o%20:x', leadDirectionId: 'd:~/#?%', status: 'Bloqué' }),
        project('__proto__', { leadDirectionId: '__proto__', status: 'En cours' }),
      ],
      milestones: [milestone('m1', null, { objectiveId: '~', state: 'Atteint' }), milestone('m2', 'p4', { state: 'En retard' })],
    };
    for (const today of ['2025-06-15', '2030-01-01']) {
      const { fromSums, expected } = compare(odd, settings, { today });
      expect(fromSums).toEqual(expected);
    }
  });
});

// ───────────────────────── the real plans ─────────────────────────

interface RealPlan {
  tree: PlanTree;
  settings: TenantSettings;
}

let store: TempStore;
const real: Record<'cls' | 'paris' | 'demo' | 'city', RealPlan> = {} as never;
const DEMO_TODAY = '2026-09-15';

beforeAll(async () => {
  store = tempStore();
  const load = async (tenantId: string, planId: string): Promise<RealPlan> => ({
    tree: (await store.store.loadPlan(tenantId, planId))!,
    settings: (await store.store.getTenant(tenantId))!.settings,
  });
  // The real files, read where they are (../shared/data/real), imported as the import does it.
  for (const name of ['cls', 'paris'] as const) {
    const outcome = await importPlan(store.store, { tenantId: name, bytes: readBytes(REAL[name]), fileName: REAL[name] });
    expect(outcome.errors).toEqual([]);
    real[name] = await load(name, outcome.planId!);
  }
  // The demo plan the local host seeds: dated around its today.
  const seeded = await seedDemoIfEmpty(store.store, 'demo', DEMO_TODAY, new Date(NOW));
  real.demo = await load('demo', seeded!.planId);
  // The benchmark's city-scale plan: 3,000 projects, 30,000 milestones, written then imported.
  const file = join(store.dir, 'city.xlsx');
  await writeCityPlan(file);
  const city = await importPlan(store.store, { tenantId: 'city', bytes: readBytes(file), fileName: file });
  expect(city.errors).toEqual([]);
  real.city = await load('city', city.planId!);
}, 120_000);
afterAll(async () => {
  await store?.dispose();
});

describe('the dashboard drawn from the level sums of the real plans', () => {
  it('is planDashboard’s for the Contrat Local de Santé, to the last bit', () => {
    const { tree, settings: s } = real.cls;
    expect([tree.ambitions.length, tree.objectives.length, tree.projects.length]).toEqual([5, 16, 29]);
    for (const today of ['2020-01-01', '2025-06-15', '2031-01-01']) {
      for (const lang of ['fr', 'en'] as const) {
        const { fromSums, expected } = compare(tree, s, { today, lang });
        expect(fromSums).toEqual(expected);
      }
    }
  });

  it('is planDashboard’s for the Paris participatory budget, ratios within 5e-10', () => {
    const { tree, settings: s } = real.paris;
    expect([tree.projects.length, tree.milestones.length]).toEqual([1214, 4446]);
    const lates = new Set<number>();
    for (const today of ['2010-01-01', '2019-06-15', '2025-06-15', '2040-01-01']) {
      for (const lang of ['fr', 'en'] as const) {
        const { fromSums, expected } = compare(tree, s, { today, lang });
        const drift = expectSameDashboard(fromSums, expected);
        expect(drift.ratio).toBeLessThanOrEqual(RATIO_TOLERANCE);
        lates.add(expected.totals.late);
      }
    }
    expect(lates.size).toBeGreaterThan(1); // the days chosen do move milestones into lateness
  });

  it('is planDashboard’s for the demo plan, before, on and after its today', () => {
    const { tree, settings: s } = real.demo;
    expect(tree.projects).toHaveLength(14);
    const lates = new Set<number>();
    for (const today of [addDays(DEMO_TODAY, -800), addDays(DEMO_TODAY, -30), DEMO_TODAY, addDays(DEMO_TODAY, 200), addDays(DEMO_TODAY, 2000)]) {
      for (const lang of ['fr', 'en'] as const) {
        const { fromSums, expected } = compare(tree, s, { today, lang });
        expectSameDashboard(fromSums, expected);
        lates.add(expected.totals.late);
      }
    }
    expect(lates.size).toBeGreaterThan(2);
  });

  it('is planDashboard’s for the city-scale plan of the benchmark (3,000 projects, 30,000 milestones)', () => {
    const { tree, settings: s } = real.city;
    expect([tree.projects.length, tree.milestones.length]).toEqual([3000, 30000]);
    for (const today of ['2024-01-01', '2027-06-15']) {
      const { fromSums, expected, levels } = compare(tree, s, { today, lang: today === '2024-01-01' ? 'fr' : 'en' });
      const drift = expectSameDashboard(fromSums, expected);
      expect(drift.ratio).toBeLessThanOrEqual(RATIO_TOLERANCE);
      // One small document per level: its count follows the structure, not the projects.
      expect(Object.keys(levels).length).toBeLessThan(400);
    }
  });
});

describe('the comparison of dashboards itself', () => {
  const { fromSums, expected } = compare(handMadeTree(), settings, { today: '2025-06-15' });
  const tweak = (edit: (d: Dashboard) => void): Dashboard => {
    const d = structuredClone(fromSums);
    edit(d);
    return d;
  };

  it('fails on a ratio off by more than the rounding, on null against 0, on a count or a budget off', () => {
    expect(() => expectSameDashboard(tweak((d) => (d.plan.progress = d.plan.progress! + 1e-6)), expected)).toThrow();
    expect(() => expectSameDashboard(tweak((d) => (d.ambitions[2]!.progress = 0)), expected)).toThrow(); // A3 is empty: null
    expect(() => expectSameDashboard(tweak((d) => (d.matrix.cells[0]!.late += 1)), expected)).toThrow();
    expect(() => expectSameDashboard(tweak((d) => (d.totals.budget += 0.01)), expected)).toThrow();
    expect(() => expectSameDashboard(tweak((d) => d.directions.reverse()), expected)).toThrow();
  });

  it('lets a ratio within the rounding through, and nothing else', () => {
    const near = structuredClone(expected);
    near.plan.progress = expected.plan.progress! + 4e-10;
    expect(() => expectSameDashboard(near, expected)).not.toThrow();
    expect(() => expectSameDashboard(tweak((d) => (d.plan.projects += 1)), expected)).toThrow();
  });
});

// ───────────────────────── incremental = recompute ─────────────────────────

/** A seeded PRNG (mulberry32): the same edits on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Who a milestone adds to: its project, its objective's programme, or the plan alone ('u'). */
type Owner = `p:${string}` | `o:${string}` | 'u';

function ownerOf(projectIds: ReadonlySet<string>, structure: Structure, m: Milestone): Owner {
  if (m.projectId !== null) return projectIds.has(m.projectId) ? `p:${m.projectId}` : 'u';
  return m.objectiveId !== null && structure.objectives.has(m.objectiveId) ? `o:${m.objectiveId}` : 'u';
}

/** What an owner adds, computed as a store does: from that project or objective and its milestones alone. */
function contributionOf(tree: PlanTree, structure: Structure, owner: Owner): Contribution | null {
  if (owner === 'u') {
    const projectIds = new Set(tree.projects.map((p) => p.id));
    return unattachedContribution(tree.milestones.filter((m) => ownerOf(projectIds, structure, m) === 'u'));
  }
  const id = owner.slice(2);
  if (owner.startsWith('p:')) {
    const p = tree.projects.find((x) => x.id === id);
    return p === undefined ? null : projectContribution(p, tree.milestones.filter((m) => m.projectId === id), structure);
  }
  const o = structure.objectives.get(id)!;
  return programmeContribution(o, tree.milestones.filter((m) => m.projectId === null && m.objectiveId === id), structure);
}

const EDITS = [
  'milestone state',
  'milestone completion',
  'milestone dates',
  'milestone weight',
  'milestone moved',
  'milestone added',
  'milestone deleted',
  'project ambition',
  'project objective',
  'project direction',
  'project status',
  'project météo',
  'project budget',
  'project override',
  'project added',
  'project deleted',
] as const;
type Edit = (typeof EDITS)[number];

/**
 * A random write: the tree after it, and the projects and milestones it touched
 * (ids as they are before or after the write).
 */
function randomEdit(tree: PlanTree, rnd: () => number, n: number): { edit: Edit; after: PlanTree; projects: string[]; milestones: string[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const DATES = [null, '2024-12-31', '2025-03-01', '2025-06-15', '2025-06-16', '2026-01-01'];
  const BUDGETS = [null, 0, 0.1, 0.2, 0.3, 1234.56, 99.99, 1e6, 2_500_000.05, -10];
  const PROGRESS = [0, 0.1, 0.2, 1 / 3, 0.5, 2 / 3, 0.99, 1];
  const ownersOfMilestones = [
    ...tree.projects.map((p) => ({ projectId: p.id, objectiveId: null })),
    ...tree.objectives.map((o) => ({ projectId: null, objectiveId: o.id })),
    { projectId: 'P-ghost', objectiveId: null },
    { projectId: null, objectiveId: null },
  ];
  let edit = pick(EDITS);
  if (edit.startsWith('milestone') && edit !== 'milestone added' && tree.milestones.length === 0) edit = 'milestone added';
  if (edit.startsWith('project') && edit !== 'project added' && tree.projects.length === 0) edit = 'project added';

  const setMilestone = (fields: (m: Milestone) => Partial<Milestone>) => {
    const m = pick(tree.milestones);
    const after = { ...tree, milestones: tree.milestones.map((x) => (x.id === m.id ? { ...x, ...fields(x) } : x)) };
    return { edit, after, projects: [], milestones: [m.id] };
  };
  const setProject = (fields: (p: Project) => Partial<Project>) => {
    const p = pick(tree.projects);
    const after = { ...tree, projects: tree.projects.map((x) => (x.id === p.id ? { ...x, ...fields(x) } : x)) };
    return { edit, after, projects: [p.id], milestones: [] };
  };
  const newMilestone = (id: string, owner: { projectId: string | null; objectiveId: string | null }) =>
    milestone(id, owner.projectId, {
      objectiveId: owner.objectiveId,
      state: pick(MILESTONE_STATES),
      completion: pick(PROGRESS),
      weight: pick([1, 2, 0.5, 3]),
      strategic: rnd() < 0.85,
      baselineDate: pick(DATES),
      forecastDate: pick(DATES),
    });

  switch (edit) {
    case 'milestone state':
      return setMilestone(() => ({ state: pick(MILESTONE_STATES) }));
    case 'milestone completion':
      return setMilestone(() => ({ completion: pick(PROGRESS) }));
    case 'milestone dates':
      return setMilestone(() => ({ baselineDate: pick(DATES), forecastDate: pick(DATES) }));
    case 'milestone weight':
      return setMilestone((m) => ({ weight: pick([0.5, 1, 2, 3]), strategic: rnd() < 0.5 ? !m.strategic : m.strategic }));
    case 'milestone moved':
      return setMilestone(() => pick(ownersOfMilestones));
    case 'milestone added': {
      const m = newMilestone(`m-new-${n}`, pick(ownersOfMilestones));
      return { edit, after: { ...tree, milestones: [...tree.milestones, m] }, projects: [], milestones: [m.id] };
    }
    case 'milestone deleted': {
      const m = pick(tree.milestones);
      return { edit, after: { ...tree, milestones: tree.milestones.filter((x) => x.id !== m.id) }, projects: [], milestones: [m.id] };
    }
    case 'project ambition':
      return setProject(() => ({ ambitionId: pick([...tree.ambitions.map((a) => a.id), null, 'A-ghost']) }));
    case 'project objective':
      return setProject(() => ({ objectiveId: pick([...tree.objectives.map((o) => o.id), null, 'O-ghost']) }));
    case 'project direction':
      return setProject(() => ({ leadDirectionId: pick(['dir-voirie', 'dir-sante', 'dir-ancienne', null]) }));
    case 'project status':
      return setProject(() => ({ status: pick(PROJECT_STATUSES) }));
    case 'project météo':
      return setProject(() => ({ meteo: rnd() < 0.25 ? null : meteo(pick(METEOS)) }));
    case 'project budget':
      return setProject(() => ({ budget: budget(pick(BUDGETS)) }));
    case 'project override':
      return setProject(() => ({ progressOverride: rnd() < 0.4 ? null : override(pick(PROGRESS)) }));
    case 'project added': {
      const p = project(`p-new-${n}`, {
        ambitionId: pick([...tree.ambitions.map((a) => a.id), null]),
        objectiveId: pick([...tree.objectives.map((o) => o.id), null]),
        leadDirectionId: pick(['dir-voirie', 'dir-sante', null]),
        status: pick(PROJECT_STATUSES),
        meteo: rnd() < 0.3 ? null : meteo(pick(METEOS)),
        budget: budget(pick(BUDGETS)),
      });
      const ms = Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => newMilestone(`m-new-${n}-${k}`, { projectId: p.id, objectiveId: null }));
      return { edit, after: { ...tree, projects: [...tree.projects, p], milestones: [...tree.milestones, ...ms] }, projects: [p.id], milestones: ms.map((m) => m.id) };
    }
    case 'project deleted': {
      // Mostly with its milestones; sometimes leaving them behind, attached to nothing.
      const p = pick(tree.projects);
      const withMilestones = rnd() < 0.7;
      const gone = tree.milestones.filter((m) => m.projectId === p.id).map((m) => m.id);
      const after = {
        ...tree,
        projects: tree.projects.filter((x) => x.id !== p.id),
        milestones: withMilestones ? tree.milestones.filter((m) => m.projectId !== p.id) : tree.milestones,
      };
      return { edit, after, projects: [p.id], milestones: gone };
    }
  }
}

/**
 * Applies `steps` random writes to `tree` and to its level sums as a store does — minus
 * what each touched project or programme added before, plus what it adds after — checking
 * the sums against a recount every `checkEvery` steps and the dashboards every `dashboardEvery`.
 */
function replay(start: PlanTree, tenantSettings: Pick<TenantSettings, 'directions'>, seed: number, steps: number, checkEvery: number, dashboardEvery: number) {
  const rnd = random(seed);
  const structure = planStructure(start); // the edits never touch ambitions nor objectives
  let tree = start;
  const levels: Levels = planLevelSums(tree);
  const seen = new Map<Edit, number>();
  let maxRatioDrift = 0;
  for (let n = 1; n <= steps; n++) {
    const { edit, after, projects, milestones } = randomEdit(tree, rnd, n);
    seen.set(edit, (seen.get(edit) ?? 0) + 1);

    const owners = new Set<Owner>(projects.map((id) => `p:${id}` as const));
    for (const t of [tree, after]) {
      const projectIds = new Set(t.projects.map((p) => p.id));
      for (const m of t.milestones) {
        if (milestones.includes(m.id) || (m.projectId !== null && projects.includes(m.projectId))) owners.add(ownerOf(projectIds, structure, m));
      }
    }
    for (const owner of owners) {
      const c = contributionOf(tree, structure, owner);
      if (c) applyContribution(levels, c, -1);
    }
    for (const owner of owners) {
      const c = contributionOf(after, structure, owner);
      if (c) applyContribution(levels, c, 1);
    }
    tree = after;

    for (const [key, sums] of Object.entries(levels)) {
      expect(isZeroSums(sums!), `${edit} (step ${n}) left an empty ${key}`).toBe(false);
    }
    if (n % checkEvery === 0 || n === steps) {
      expect(levels, `after step ${n} (${edit})`).toEqual(planLevelSums(tree));
      for (const sums of Object.values(levels)) LevelSums.parse(sums);
    }
    if (n % dashboardEvery === 0 || n === steps) {
      for (const today of ['2025-01-01', '2025-06-16']) {
        const drift = expectSameDashboard(
          dashboardFromSums(structureOf(tree), levels, tenantSettings, { today, lang: n % 2 === 0 ? 'fr' : 'en' }),
          planDashboard(tree, tenantSettings, { today, lang: n % 2 === 0 ? 'fr' : 'en' }),
        );
        maxRatioDrift = Math.max(maxRatioDrift, drift.ratio);
      }
    }
  }
  return { tree, levels, seen, maxRatioDrift };
}

describe('level sums kept write by write', () => {
  it('equal a recount after each of 300 random writes to the hand-made plan, and draw the same dashboard', () => {
    const { tree, seen } = replay(handMadeTree(), settings, 20250615, 300, 1, 10);
    expect([...seen.keys()].sort()).toEqual([...EDITS].sort()); // every kind of write was tried
    expect(tree.projects.length + tree.milestones.length).toBeGreaterThan(0);
  });

  it('equal a recount after 300 random writes to the Paris plan', () => {
    const { seen } = replay(real.paris.tree, real.paris.settings, 75, 300, 10, 50);
    expect(seen.size).toBe(EDITS.length);
  });

  it('equal a recount after 200 random writes to the demo plan', () => {
    replay(real.demo.tree, real.demo.settings, 2026, 200, 5, 25);
  });

  it('do not depend on the order contributions are applied in, and come back to nothing', () => {
    const tree = handMadeTree();
    const contributions = planContributions(tree);
    const rnd = random(7);
    const shuffled = [...contributions].sort(() => rnd() - 0.5);
    const levels: Levels = {};
    for (const c of shuffled) applyContribution(levels, c, 1);
    expect(levels).toEqual(planLevelSums(tree));
    for (const c of [...shuffled].reverse().sort(() => rnd() - 0.5)) applyContribution(levels, c, -1);
    expect(levels).toEqual({});
  });

  it('never keep an empty level: a programme whose milestones are all deleted has no document left', () => {
    const tree = handMadeTree();
    const structure = planStructure(tree);
    const levels = planLevelSums(tree);
    expect(levels[levelKey.programme('O2')]).toBeDefined();
    const o2 = structure.objectives.get('O2')!;
    const own = tree.milestones.filter((m) => m.objectiveId === 'O2' && m.projectId === null);
    applyContribution(levels, programmeContribution(o2, own, structure), -1);
    applyContribution(levels, programmeContribution(o2, [], structure), 1);
    expect(levels[levelKey.programme('O2')]).toBeUndefined();
    // O2 still holds P3 (abandoned, but a project): its level stays, without a programme.
    expect(levels[levelKey.objective('O2')]).toMatchObject({ projects: 1, programmes: 0, milestones: 2 });
    // P3 deleted with its milestones: nothing is left on O2.
    const p3 = tree.projects.find((p) => p.id === 'P3')!;
    applyContribution(levels, projectContribution(p3, tree.milestones.filter((m) => m.projectId === 'P3'), structure), -1);
    expect(levels[levelKey.objective('O2')]).toBeUndefined();
    const treeAfter = {
      ...tree,
      projects: tree.projects.filter((p) => p !== p3),
      milestones: tree.milestones.filter((m) => !own.includes(m) && m.projectId !== 'P3'),
    };
    expect(levels).toEqual(planLevelSums(treeAfter));
  });

  it('check what a store passes in: a project’s contribution takes its own milestones only', () => {
    const tree = handMadeTree();
    const structure = planStructure(tree);
    const p1 = tree.projects[0]!;
    expect(() => projectContribution(p1, tree.milestones.filter((m) => m.projectId === 'P2'), structure)).toThrow(RangeError);
    expect(() => programmeContribution(structure.objectives.get('O1')!, tree.milestones.filter((m) => m.projectId === 'P1'), structure)).toThrow(RangeError);
  });
});

// ───────────────────────── level keys ─────────────────────────

describe('level keys', () => {
  const IDS = ['A1', 'a:b', 'a::b', '~', 'a~b', '~~', 'x/y', 'a\\b', 'a#b', 'q?r=1&s', '100%', '%7E', '%', 'a|b', 'Île-de-France — Mobilités', 'été', ' ', 'plan', 'cell:1:2', '__proto__', '🚲 vélo', ''];

  it('round-trip every kind of level, ids with : ~ / # ? % | accents and spaces included', () => {
    expect(parseLevelKey(levelKey.plan)).toEqual({ kind: 'plan' });
    expect(parseLevelKey(levelKey.ambition(null))).toEqual({ kind: 'ambition', id: null });
    expect(parseLevelKey(levelKey.direction(null))).toEqual({ kind: 'direction', id: null });
    expect(parseLevelKey(levelKey.cell(null, null))).toEqual({ kind: 'cell', ambitionId: null, directionId: null });
    for (const id of IDS) {
      expect(parseLevelKey(levelKey.ambition(id))).toEqual({ kind: 'ambition', id });
      expect(parseLevelKey(levelKey.objective(id))).toEqual({ kind: 'objective', id });
      expect(parseLevelKey(levelKey.programme(id))).toEqual({ kind: 'programme', id });
      expect(parseLevelKey(levelKey.direction(id))).toEqual({ kind: 'direction', id });
      for (const other of [null, 'dir', ':', '~', '']) {
        expect(parseLevelKey(levelKey.cell(id, other))).toEqual({ kind: 'cell', ambitionId: id, directionId: other });
        expect(parseLevelKey(levelKey.cell(other, id))).toEqual({ kind: 'cell', ambitionId: other, directionId: id });
      }
    }
  });

  it('are distinct for distinct levels, and hold nothing a Cosmos DB id or the store’s « | » separator forbids', () => {
    const keys: string[] = [levelKey.plan, levelKey.ambition(null), levelKey.direction(null), levelKey.cell(null, null)];
    for (const id of IDS) {
      keys.push(levelKey.ambition(id), levelKey.objective(id), levelKey.programme(id), levelKey.direction(id));
      for (const other of IDS) keys.push(levelKey.cell(id, other));
      keys.push(levelKey.cell(id, null), levelKey.cell(null, id));
    }
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).not.toMatch(/[/\\?#|]/);
  });

  it('refuse a malformed key with a RangeError', () => {
    const bad = [
      '',
      'Plan',
      'plan:',
      'plan:x',
      'ambition',
      'ambition:a:b',
      'ambitions:a',
      'objective:~',
      'programme:~',
      'objective',
      'cell:a',
      'cell:a:b:c',
      'direction:%',
      'direction:%E0%A4%A',
      'direction:%ZZ',
      'ambition:a b', // a space levelKey would have escaped
      'ambition:a/b',
      'ambition:%7e', // not the way levelKey writes « ~ »
      'ambition:a~',
      'objective:%41', // « A » needs no escape
    ];
    for (const key of bad) expect(() => parseLevelKey(key), key).toThrow(RangeError);
  });
});

// ───────────────────────── exactness ─────────────────────────

describe('exactness of the sums', () => {
  const structure = planStructure({ ambitions: [ambition('A1', 0)], objectives: [objective('O1', 'A1')] });
  const contribution = (i: number, planned: number | null, progress: number) =>
    projectContribution(
      project(`p${i}`, { ambitionId: 'A1', objectiveId: 'O1', leadDirectionId: 'd1', status: 'En cours', budget: budget(planned), progressOverride: override(progress) }),
      [],
      structure,
    );

  it('adds and takes away budgets like 0.1 and 0.2 thousands of times and comes back to exactly nothing', () => {
    const rnd = random(42);
    const BUDGETS = [0.1, 0.2, 0.3, 0.01, 1234.56, 99.99, null];
    const cs = Array.from({ length: 3000 }, (_, i) => contribution(i, BUDGETS[i % BUDGETS.length]!, [0.1, 0.2, 1 / 3, 0.7][i % 4]!));
    const levels: Levels = {};
    for (const c of cs) applyContribution(levels, c, 1);
    const plan = figuresFromSums(levels.plan!, '2025-06-15');
    // 3000 / 7 ≈ 429 of each (the first 4 one more): the exact decimal total, where a float sum drifts.
    const counts = BUDGETS.map((_, k) => Math.floor(3000 / 7) + (k < 3000 % 7 ? 1 : 0));
    const cents = counts.reduce((s, n, k) => s + n * Math.round((BUDGETS[k] ?? 0) * 100), 0);
    expect(plan.budget).toBe(cents / 100);
    expect(levels.plan!.budgetCents).toBe(cents);
    expect(levels.plan!.budgetProgressSum).toMatch(/^\d+$/);
    for (const c of [...cs].sort(() => rnd() - 0.5)) {
      applyContribution(levels, c, -1);
      for (const sums of Object.values(levels)) expect(sums!.budgetProgressSum).toMatch(/^\d+$/);
    }
    expect(levels).toEqual({});
  });

  it('counts ten budgets of 0.1 as exactly 1, where adding doubles gives 0.9999999999999999', () => {
    const levels: Levels = {};
    for (let i = 0; i < 10; i++) applyContribution(levels, contribution(i, 0.1, 0.5), 1);
    expect(Array.from({ length: 10 }, () => 0.1).reduce((s, x) => s + x, 0)).not.toBe(1);
    expect(figuresFromSums(levels.plan!, '2025-06-15').budget).toBe(1);
    expect(figuresFromSums(levels.plan!, '2025-06-15').progress).toBe(0.5);
  });

  it('keeps Σ budget × progress exact beyond 2^53, as a decimal string', () => {
    const levels: Levels = {};
    const budgets = [987_654_321.99, 123_456_789.01, 555_555_555.55];
    const progress = [0.7, 1 / 3, 0.123456789];
    budgets.forEach((b, i) => applyContribution(levels, contribution(i, b, progress[i]!), 1));
    const expected = budgets.reduce((s, b, i) => s + BigInt(Math.round(b * 100)) * BigInt(Math.round(progress[i]! * PROGRESS_SCALE)), 0n);
    expect(expected > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(levels.plan!.budgetProgressSum).toBe(expected.toString());
    expect(levels.plan!.budgetProgressSum).toMatch(/^\d+$/);
    const f = figuresFromSums(levels.plan!, '2025-06-15');
    const byDoubles = budgets.reduce((s, b, i) => s + b * progress[i]!, 0) / budgets.reduce((s, b) => s + b, 0);
    expect(Math.abs(f.progressByBudget! - byDoubles)).toBeLessThanOrEqual(RATIO_TOLERANCE);
  });

  it('counts budgets to the cent: a third of 1,000 € is 333.33 €, 0.004 € is nothing', () => {
    const levels: Levels = {};
    applyContribution(levels, contribution(0, 1000 / 3, 0.5), 1);
    applyContribution(levels, contribution(1, 0.004, 0.5), 1);
    expect(levels.plan!).toMatchObject({ budgetCents: 33_333, weightedBudgetCents: 33_333 });
    expect(figuresFromSums(levels.plan!, '2025-06-15').budget).toBe(333.33);
  });

  it('refuses a sum it could no longer keep exact instead of rounding it', () => {
    expect(() => contribution(0, 1e14, 0.5)).toThrow(RangeError);
    const big = zeroSums();
    big.budgetCents = Number.MAX_SAFE_INTEGER;
    const one = zeroSums();
    one.budgetCents = 1;
    expect(() => addSums(big, one, 1)).toThrow(RangeError);
  });

  it('calls sums empty only when every field is zero', () => {
    expect(isZeroSums(zeroSums())).toBe(true);
    const one: Array<(s: LevelSums) => void> = [
      (s) => (s.projects = 1),
      (s) => (s.activeProjects = 1),
      (s) => (s.programmes = 1),
      (s) => (s.milestones = 1),
      (s) => (s.lateAlways = 1),
      (s) => (s.lateFrom['2025-01-01'] = 1),
      (s) => (s.progressSum = 1),
      (s) => (s.budgetCents = -1),
      (s) => (s.weightedBudgetCents = 1),
      (s) => (s.budgetProgressSum = '1'),
      ...(['soleil', 'nuageux', 'orage', 'none'] as const).map((m) => (s: LevelSums) => (s.meteo[m] = 1)),
      ...PROJECT_STATUSES.map((status) => (s: LevelSums) => (s.statuses[status] = 1)),
    ];
    for (const set of one) {
      const s = zeroSums();
      set(s);
      expect(isZeroSums(s), JSON.stringify(s)).toBe(false);
    }
  });

  it('drops a day of the late histogram when its count comes back to zero', () => {
    const a = zeroSums();
    a.lateFrom = { '2025-01-01': 2, '2025-02-01': 1 };
    const b = zeroSums();
    b.lateFrom = { '2025-01-01': 2 };
    addSums(a, b, -1);
    expect(a.lateFrom).toEqual({ '2025-02-01': 1 });
    addSums(a, { ...zeroSums(), lateFrom: { '2025-02-01': 1 } }, -1);
    expect(isZeroSums(a)).toBe(true);
  });
});
