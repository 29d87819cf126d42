// Every expected figure below is worked out by hand, the arithmetic in a comment: the
// roll-up is published to users, so each rule of ROLLUP_FORMULA has a case here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Ambition, Milestone, Objective, Plan, Project, type PlanTree } from './model.ts';
import { PROJECT_STATUSES, type Meteo, type ProjectStatus } from './vocab.ts';
import { health, isLate, NO_DIRECTION, ROLLUP_FORMULA, rollUp, type LevelFigures } from './rollup.ts';

// ───────────────────────── factories ─────────────────────────

const AT = '2025-01-01T00:00:00.000Z';
const TODAY = '2025-06-15';
let seq = 0;
const stored = (prefix: string, id?: string) => ({
  id: id ?? `${prefix}${++seq}`,
  tenantId: 't',
  etag: 'x',
  createdAt: AT,
  updatedAt: AT,
  planId: 'plan',
});

type In<S extends z.ZodType> = Partial<z.input<S>>;
const ambition = (over: In<typeof Ambition> = {}) => Ambition.parse({ ...stored('a', over.id), title: 'Ambition', ...over });
const objective = (over: In<typeof Objective> = {}) =>
  Objective.parse({ ...stored('o', over.id), ambitionId: null, title: 'Objectif', ...over });
const project = (over: In<typeof Project> = {}) =>
  Project.parse({ ...stored('p', over.id), ambitionId: null, objectiveId: null, title: 'Projet', budget: {}, ...over });
const milestone = (over: In<typeof Milestone> = {}) =>
  Milestone.parse({ ...stored('m', over.id), projectId: null, title: 'Jalon', baselineDate: null, ...over });
const meteo = (value: Meteo) => ({ value, date: '2025-06-01' });
const override = (value: number) => ({ value, comment: 'Vu en comité de pilotage', at: AT });

function tree(parts: Partial<Omit<PlanTree, 'plan'>>): PlanTree {
  return {
    plan: Plan.parse({ id: 'plan', tenantId: 't', etag: 'x', createdAt: AT, updatedAt: AT, title: 'Plan' }),
    ambitions: [],
    objectives: [],
    projects: [],
    milestones: [],
    ...parts,
  };
}
const roll = (parts: Partial<Omit<PlanTree, 'plan'>>, today = TODAY) => rollUp(tree(parts), { today });

/** All 8 statuses at 0 but those given: the roll-up always lists every status. */
const statuses = (given: Partial<Record<ProjectStatus, number>>) =>
  Object.fromEntries(PROJECT_STATUSES.map((s) => [s, given[s] ?? 0])) as Record<ProjectStatus, number>;

// ───────────────────────── projects ─────────────────────────

describe('a project’s progress', () => {
  it('is the weighted mean of its milestones’ completion', () => {
    // weights 1, 2, 3 with completions 1, 0.5, 0 → (1×1 + 2×0.5 + 3×0) / (1+2+3) = 2/6 = 0.3333
    const p = project();
    const r = roll({
      projects: [p],
      milestones: [
        milestone({ projectId: p.id, weight: 1, completion: 1, state: 'En cours' }),
        milestone({ projectId: p.id, weight: 2, completion: 0.5, state: 'En cours' }),
        milestone({ projectId: p.id, weight: 3, completion: 0 }),
      ],
    });
    expect(r.projects[p.id]!.progress).toBeCloseTo(1 / 3, 10);
    expect(r.projects[p.id]).toMatchObject({ source: 'milestones', overridden: false, milestones: 3 });
    expect(r.projects[p.id]!.computed).toBeCloseTo(1 / 3, 10);
  });

  it('leaves abandoned milestones out', () => {
    // kept: weight 1 × 1; left out: weight 5 × 0 (abandoned) → 1/1 = 1, not 1/6
    const p = project();
    const r = roll({
      projects: [p],
      milestones: [
        milestone({ projectId: p.id, weight: 1, completion: 1 }),
        milestone({ projectId: p.id, weight: 5, completion: 0, state: 'Abandonné' }),
      ],
    });
    expect(r.projects[p.id]!.progress).toBe(1);
    expect(r.projects[p.id]!.milestones).toBe(2); // still counted as a milestone
  });

  it('leaves non-strategic milestones out of the progress but counts them', () => {
    // strategic: weight 1 × 0.5; non-strategic weight 3 × 1 ignored → 0.5/1 = 0.5, not 3.5/4
    const p = project();
    const r = roll({
      projects: [p],
      milestones: [
        milestone({ projectId: p.id, weight: 1, completion: 0.5 }),
        milestone({ projectId: p.id, weight: 3, completion: 1, strategic: false }),
      ],
    });
    expect(r.projects[p.id]!.progress).toBe(0.5);
    expect(r.projects[p.id]!.milestones).toBe(2);
  });

  it('counts a milestone « Atteint » as complete whatever its completion says', () => {
    // Atteint with completion 0.2 counts 1; En cours 0 → (1×1 + 1×0)/2 = 0.5 (not 0.1)
    const p = project();
    const r = roll({
      projects: [p],
      milestones: [
        milestone({ projectId: p.id, state: 'Atteint', completion: 0.2 }),
        milestone({ projectId: p.id, state: 'En cours', completion: 0 }),
      ],
    });
    expect(r.projects[p.id]!.progress).toBe(0.5);
  });

  it('falls back on the status when it has no milestone: Terminé is 1, anything else 0', () => {
    const done = project({ status: 'Terminé' });
    const ongoing = project({ status: 'En cours' });
    // only milestones that do not count (non-strategic, abandoned) → same fallback
    const onlyIgnored = project({ status: 'Terminé' });
    const r = roll({
      projects: [done, ongoing, onlyIgnored],
      milestones: [
        milestone({ projectId: onlyIgnored.id, strategic: false, completion: 0 }),
        milestone({ projectId: onlyIgnored.id, state: 'Abandonné' }),
      ],
    });
    expect(r.projects[done.id]).toMatchObject({ progress: 1, computed: null, source: 'status', overridden: false });
    expect(r.projects[ongoing.id]).toMatchObject({ progress: 0, computed: null, source: 'status' });
    expect(r.projects[onlyIgnored.id]).toMatchObject({ progress: 1, computed: null, source: 'status', milestones: 2 });
  });

  it('takes an override over the computed value and keeps the computed value beside it', () => {
    // milestones: (1×0.5 + 1×0)/2 = 0.25; override 0.9 wins
    const p = project({ progressOverride: override(0.9) });
    const bare = project({ status: 'En cours', progressOverride: override(0.4) });
    const r = roll({
      projects: [p, bare],
      milestones: [
        milestone({ projectId: p.id, completion: 0.5 }),
        milestone({ projectId: p.id, completion: 0 }),
      ],
    });
    expect(r.projects[p.id]).toMatchObject({ progress: 0.9, computed: 0.25, overridden: true, source: 'override' });
    // no milestone: nothing computed to show beside the override
    expect(r.projects[bare.id]).toMatchObject({ progress: 0.4, computed: null, overridden: true, source: 'override' });
    // the plan averages the overridden values: (0.9 + 0.4)/2 = 0.65
    expect(r.plan.progress).toBeCloseTo(0.65, 10);
  });
});

// ───────────────────────── objectives, ambitions, plan ─────────────────────────

describe('objectives, ambitions and the plan', () => {
  it('averages an objective over all the projects below it, sub-objectives included', () => {
    // O ⊃ O1 ⊃ O2.  O: P0 = 0 (En cours);  O1: P1 = 1 (Terminé), P2 = 0.5 (override);  O2: P3 = 1
    // O2 = 1;  O1 = (1 + 0.5 + 1)/3 = 0.8333;  O = (0 + 1 + 0.5 + 1)/4 = 0.625
    // (a plain mean of projects, not a mean of sub-objective means: (0 + 0.8333)/2 would be 0.4167)
    const a = ambition();
    const o = objective({ ambitionId: a.id });
    const o1 = objective({ ambitionId: a.id, parentId: o.id });
    const o2 = objective({ ambitionId: a.id, parentId: o1.id });
    const r = roll({
      ambitions: [a],
      objectives: [o2, o, o1], // any order
      projects: [
        project({ ambitionId: a.id, objectiveId: o.id, status: 'En cours' }),
        project({ ambitionId: a.id, objectiveId: o1.id, status: 'Terminé' }),
        project({ ambitionId: a.id, objectiveId: o1.id, progressOverride: override(0.5) }),
        project({ ambitionId: a.id, objectiveId: o2.id, status: 'Terminé' }),
      ],
    });
    expect(r.objectives[o2.id]!.progress).toBe(1);
    expect(r.objectives[o1.id]!.progress).toBeCloseTo(2.5 / 3, 10);
    expect(r.objectives[o.id]!.progress).toBe(0.625);
    expect(r.objectives[o.id]!.projects).toBe(4);
    expect(r.ambitions[a.id]!.progress).toBe(0.625);
  });

  it('counts an objective’s own milestones (a programme) as one more project of it and of its ancestors', () => {
    // programme of O1: Atteint (counts 1) and 0.5, weights 1 and 1 → (1 + 0.5)/2 = 0.75
    // O1 = (P1 0 + programme 0.75)/2 = 0.375;  O (parent, no project of its own) = same 0.375
    // ambition: O's projects + P2 attached directly (Terminé, 1) → (0 + 0.75 + 1)/3 = 0.5833
    const a = ambition();
    const o = objective({ ambitionId: a.id });
    const o1 = objective({ ambitionId: a.id, parentId: o.id, kind: 'programme' });
    const p1 = project({ ambitionId: a.id, objectiveId: o1.id, status: 'En cours' });
    const p2 = project({ ambitionId: a.id, status: 'Terminé' });
    const r = roll({
      ambitions: [a],
      objectives: [o, o1],
      projects: [p1, p2],
      milestones: [
        milestone({ objectiveId: o1.id, state: 'Atteint', completion: 0 }),
        milestone({ objectiveId: o1.id, completion: 0.5 }),
      ],
    });
    expect(r.objectives[o1.id]).toMatchObject({ progress: 0.375, programmeProgress: 0.75, programmes: 1, projects: 1, milestones: 2 });
    expect(r.objectives[o.id]).toMatchObject({ progress: 0.375, programmeProgress: null, programmes: 1, projects: 1 });
    expect(r.ambitions[a.id]!.progress).toBeCloseTo(1.75 / 3, 10);
    expect(r.plan.progress).toBeCloseTo(1.75 / 3, 10);
    // a programme has no lead direction: it is in no direction and no matrix cell
    expect(r.directions[NO_DIRECTION]!.progress).toBe(0.5); // (0 + 1)/2
  });

  it('does not count a programme whose milestones are all non-strategic or abandoned', () => {
    // nothing to average on O: progress null, yet its 2 milestones are counted
    const o = objective();
    const r = roll({
      objectives: [o],
      milestones: [
        milestone({ objectiveId: o.id, strategic: false, completion: 1 }),
        milestone({ objectiveId: o.id, state: 'Abandonné' }),
      ],
    });
    expect(r.objectives[o.id]).toMatchObject({ progress: null, programmeProgress: null, programmes: 0, milestones: 2 });
    expect(r.plan.progress).toBeNull();
  });

  it('leaves an abandoned project out of the mean but counts it in projects and statuses', () => {
    // Terminé (1) + Abandonné (its milestones say 0; left out) → mean 1/1 = 1, not 0.5
    const a = ambition();
    const done = project({ ambitionId: a.id, status: 'Terminé' });
    const dropped = project({ ambitionId: a.id, status: 'Abandonné', progressOverride: override(0.3) });
    const r = roll({ ambitions: [a], projects: [done, dropped] });
    expect(r.ambitions[a.id]).toMatchObject({
      progress: 1,
      projects: 2,
      activeProjects: 1,
      statuses: statuses({ Terminé: 1, Abandonné: 1 }),
    });
    // the abandoned project still reports how far it got
    expect(r.projects[dropped.id]).toMatchObject({ progress: 0.3, activeProjects: 0, projects: 1 });
  });

  it('gives an ambition whose projects are all abandoned no progress at all (null, not 0)', () => {
    const a = ambition();
    const empty = ambition();
    const r = roll({
      ambitions: [a, empty],
      projects: [project({ ambitionId: a.id, status: 'Abandonné' }), project({ ambitionId: a.id, status: 'Abandonné' })],
    });
    expect(r.ambitions[a.id]).toMatchObject({ progress: null, progressByBudget: null, projects: 2, activeProjects: 0 });
    // an ambition with no project at all is listed, with nothing to average either
    expect(r.ambitions[empty.id]).toMatchObject({ progress: null, projects: 0, meteoWorst: null });
    expect(r.matrix).toEqual([expect.objectContaining({ ambitionId: a.id, directionId: null, health: 'none' })]);
  });

  it('rolls projects attached to no ambition up to the plan directly', () => {
    // ambition A: P1 Terminé (1);  P2 with no ambition, En cours (0) → plan (1 + 0)/2 = 0.5, A = 1
    const a = ambition();
    const p1 = project({ ambitionId: a.id, status: 'Terminé' });
    const p2 = project({ status: 'En cours' });
    const r = roll({ ambitions: [a], projects: [p1, p2] });
    expect(r.ambitions[a.id]!.progress).toBe(1);
    expect(r.plan).toMatchObject({ progress: 0.5, projects: 2 });
    expect(r.matrix.map((c) => [c.ambitionId, c.projects, c.progress])).toEqual([
      [a.id, 1, 1],
      [null, 1, 0],
    ]);
  });

  it('weighs progress by planned budget over non-abandoned projects with a budget above 0', () => {
    // P1 100 × 1 (Terminé), P2 300 × 0 (En cours), P3 no budget, P4 budget 0, P5 abandoned 1000
    // by budget: (100×1 + 300×0)/(100 + 300) = 0.25;  plain mean: (1 + 0 + 1 + 1)/4 = 0.75
    // budget: 100 + 300 + 0 + 0 + 1000 = 1400 (abandoned included)
    const r = roll({
      projects: [
        project({ budget: { planned: 100 }, status: 'Terminé' }),
        project({ budget: { planned: 300 }, status: 'En cours' }),
        project({ budget: { planned: null }, status: 'Terminé' }),
        project({ budget: { planned: 0 }, status: 'Terminé' }),
        project({ budget: { planned: 1000 }, status: 'Abandonné', progressOverride: override(1) }),
      ],
    });
    expect(r.plan).toMatchObject({ progressByBudget: 0.25, progress: 0.75, budget: 1400 });
  });

  it('has no budget-weighted figure when no project has a planned budget', () => {
    const r = roll({ projects: [project({ status: 'Terminé' })] });
    expect(r.plan).toMatchObject({ progressByBudget: null, budget: 0, progress: 1 });
  });
});

// ───────────────────────── late milestones ─────────────────────────

describe('late milestones', () => {
  // today = 2025-06-15
  it('a milestone whose forecast date is past is late', () => {
    expect(isLate(milestone({ forecastDate: '2025-06-14', baselineDate: '2025-12-31' }), TODAY)).toBe(true);
  });
  it('a milestone whose baseline date is past is late even if its forecast moved on', () => {
    expect(isLate(milestone({ baselineDate: '2025-06-14', forecastDate: '2025-07-01' }), TODAY)).toBe(true);
  });
  it('a milestone in state « En retard » is late whatever its dates', () => {
    expect(isLate(milestone({ state: 'En retard', baselineDate: '2026-01-01' }), TODAY)).toBe(true);
    expect(isLate(milestone({ state: 'En retard' }), TODAY)).toBe(true);
  });
  it('a reached milestone is not late, past dates or not', () => {
    expect(isLate(milestone({ state: 'Atteint', baselineDate: '2024-01-01', forecastDate: '2024-01-01' }), TODAY)).toBe(false);
  });
  it('an abandoned milestone is not late', () => {
    expect(isLate(milestone({ state: 'Abandonné', baselineDate: '2024-01-01' }), TODAY)).toBe(false);
  });
  it('a milestone due exactly today is not late', () => {
    expect(isLate(milestone({ baselineDate: TODAY, forecastDate: TODAY }), TODAY)).toBe(false);
  });
  it('a milestone with no date and not declared late is not late', () => {
    expect(isLate(milestone({ state: 'En cours' }), TODAY)).toBe(false);
  });

  it('are counted at every level, non-strategic ones included, but never under an abandoned project', () => {
    // P: forecast past ✓, baseline past ✓, En retard ✓ (non-strategic), Atteint ✗, Abandonné ✗, today ✗ → 3
    // Q (abandoned): a past baseline → not late;  programme of O: a past baseline ✓ → 1
    // O holds P and its own milestone: 3 + 1 = 4;  A = 4;  plan = 4 + an orphan late milestone = 5
    const a = ambition();
    const o = objective({ ambitionId: a.id });
    const p = project({ ambitionId: a.id, objectiveId: o.id });
    const q = project({ ambitionId: a.id, objectiveId: o.id, status: 'Abandonné' });
    const r = roll({
      ambitions: [a],
      objectives: [o],
      projects: [p, q],
      milestones: [
        milestone({ projectId: p.id, forecastDate: '2025-06-01' }),
        milestone({ projectId: p.id, baselineDate: '2025-01-31', forecastDate: '2025-09-01' }),
        milestone({ projectId: p.id, state: 'En retard', strategic: false }),
        milestone({ projectId: p.id, state: 'Atteint', baselineDate: '2025-01-31' }),
        milestone({ projectId: p.id, state: 'Abandonné', baselineDate: '2025-01-31' }),
        milestone({ projectId: p.id, baselineDate: TODAY }),
        milestone({ projectId: q.id, baselineDate: '2025-01-31' }),
        milestone({ objectiveId: o.id, baselineDate: '2025-03-01' }),
        milestone({ projectId: 'gone', baselineDate: '2025-03-01' }), // orphan: the plan's only
      ],
    });
    expect(r.projects[p.id]).toMatchObject({ late: 3, milestones: 6 });
    expect(r.projects[q.id]).toMatchObject({ late: 0, milestones: 1 });
    expect(r.objectives[o.id]).toMatchObject({ late: 4, milestones: 8 });
    expect(r.ambitions[a.id]).toMatchObject({ late: 4, milestones: 8 });
    expect(r.plan).toMatchObject({ late: 5, milestones: 9 });
  });
});

// ───────────────────────── météo ─────────────────────────

describe('météo', () => {
  it('counts non-abandoned projects per météo and flags the worst one present', () => {
    // soleil 1, nuageux 2, none 1; the stormy project is abandoned → not counted → worst is nuageux
    const r = roll({
      projects: [
        project({ meteo: meteo('soleil') }),
        project({ meteo: meteo('nuageux') }),
        project({ meteo: meteo('nuageux') }),
        project(),
        project({ meteo: meteo('orage'), status: 'Abandonné' }),
      ],
    });
    expect(r.plan.meteo).toEqual({ soleil: 1, nuageux: 2, orage: 0, none: 1 });
    expect(r.plan.meteoWorst).toBe('nuageux');
  });

  it('is never averaged: two sunny and two stormy projects make a stormy level, not a cloudy one', () => {
    const r = roll({
      projects: [
        project({ meteo: meteo('soleil') }),
        project({ meteo: meteo('soleil') }),
        project({ meteo: meteo('orage') }),
        project({ meteo: meteo('orage') }),
      ],
    });
    expect(r.plan.meteo).toEqual({ soleil: 2, nuageux: 0, orage: 2, none: 0 });
    expect(r.plan.meteoWorst).toBe('orage');
  });

  it('has no worst météo when none is declared', () => {
    const r = roll({ projects: [project(), project()] });
    expect(r.plan).toMatchObject({ meteoWorst: null, meteo: { soleil: 0, nuageux: 0, orage: 0, none: 2 } });
  });
});

// ───────────────────────── directions and matrix ─────────────────────────

describe('directions and the ambition × direction matrix', () => {
  it('groups projects by lead direction, « Sans direction » under none, and crosses them with ambitions', () => {
    // A1: dvd P1 (1, soleil), dvd P2 (0, orage), none P3 (1)
    // A2: dvd P4 (0.5 override, nuageux), none P5 (Abandonné)
    // dvd = (1 + 0 + 0.5)/3 = 0.5;  none = 1/1 = 1 (P5 abandoned)
    const a1 = ambition({ order: 2 });
    const a2 = ambition({ order: 1 }); // listed first in the matrix: by `order`
    const r = roll({
      ambitions: [a1, a2],
      projects: [
        project({ ambitionId: a1.id, leadDirectionId: 'dvd', status: 'Terminé', meteo: meteo('soleil') }),
        project({ ambitionId: a1.id, leadDirectionId: 'dvd', status: 'En cours', meteo: meteo('orage') }),
        project({ ambitionId: a1.id, status: 'Terminé' }),
        project({ ambitionId: a2.id, leadDirectionId: 'dvd', progressOverride: override(0.5), meteo: meteo('nuageux') }),
        project({ ambitionId: a2.id, status: 'Abandonné' }),
      ],
    });
    expect(Object.keys(r.directions)).toEqual(['dvd', NO_DIRECTION]);
    expect(r.directions.dvd).toMatchObject({ progress: 0.5, projects: 3, meteoWorst: 'orage' });
    expect(r.directions[NO_DIRECTION]).toMatchObject({ progress: 1, projects: 2, activeProjects: 1 });
    const cells = r.matrix.map((c) => ({ a: c.ambitionId, d: c.directionId, n: c.projects, progress: c.progress, health: c.health }));
    expect(cells).toEqual([
      { a: a2.id, d: 'dvd', n: 1, progress: 0.5, health: 'watch' }, // nuageux
      { a: a2.id, d: null, n: 1, progress: null, health: 'none' }, // only an abandoned project
      { a: a1.id, d: 'dvd', n: 2, progress: 0.5, health: 'critical' }, // (1 + 0)/2, an orage
      { a: a1.id, d: null, n: 1, progress: 1, health: 'good' },
    ]);
    expect(r.matrix[2]).toMatchObject({
      meteo: { soleil: 1, nuageux: 0, orage: 1, none: 0 },
      statuses: statuses({ Terminé: 1, 'En cours': 1 }),
      late: 0,
    });
  });

  it('rates a cell with a simple rule on its own counts', () => {
    // one active project, 8 milestones, sunny, En cours: nothing to flag
    const base: Pick<LevelFigures, 'activeProjects' | 'programmes' | 'milestones' | 'late' | 'meteo' | 'statuses'> = {
      activeProjects: 1,
      programmes: 0,
      milestones: 8,
      late: 0,
      meteo: { soleil: 1, nuageux: 0, orage: 0, none: 0 },
      statuses: statuses({ 'En cours': 1 }),
    };
    expect(health(base)).toBe('good');
    expect(health({ ...base, meteo: { ...base.meteo, orage: 1 } })).toBe('critical');
    expect(health({ ...base, late: 2 })).toBe('critical'); // 2/8 = 0.25 ≥ 0.25
    expect(health({ ...base, late: 1 })).toBe('watch'); // 1/8 = 0.125 < 0.25, but one is late
    expect(health({ ...base, meteo: { ...base.meteo, nuageux: 1 } })).toBe('watch');
    expect(health({ ...base, statuses: statuses({ Bloqué: 1 }) })).toBe('watch');
    expect(health({ ...base, statuses: statuses({ 'En retard': 1 }) })).toBe('watch');
    expect(health({ ...base, activeProjects: 0, meteo: { ...base.meteo, orage: 1 } })).toBe('none');
  });
});

// ───────────────────────── the documented example ─────────────────────────

describe('the worked example of docs/rollup.md', () => {
  // Kept in step with the doc's table, line by line. today = 2025-06-15.
  const a1 = ambition({ id: 'A1', title: 'Mobilités douces' });
  const o1 = objective({ id: 'O1', ambitionId: 'A1', title: 'Développer le vélo', kind: 'programme' });
  const o11 = objective({ id: 'O1.1', ambitionId: 'A1', parentId: 'O1', title: 'Pistes cyclables' });
  const projects = [
    project({ id: 'P1', ambitionId: 'A1', objectiveId: 'O1', leadDirectionId: 'DVD', budget: { planned: 100_000 }, status: 'En cours', meteo: meteo('soleil') }),
    project({ id: 'P2', ambitionId: 'A1', objectiveId: 'O1.1', leadDirectionId: 'DVD', budget: { planned: 300_000 }, status: 'En cours', meteo: meteo('nuageux'), progressOverride: override(0.8) }),
    project({ id: 'P3', ambitionId: 'A1', objectiveId: 'O1.1', status: 'Terminé', meteo: meteo('soleil') }),
    project({ id: 'P4', ambitionId: 'A1', leadDirectionId: 'DVD', budget: { planned: 50_000 }, status: 'Abandonné', meteo: meteo('orage') }),
    project({ id: 'P5', status: 'En cours' }),
  ];
  const milestones = [
    milestone({ id: 'J1', projectId: 'P1', weight: 1, state: 'Atteint', completion: 1, baselineDate: '2025-03-31' }),
    milestone({ id: 'J2', projectId: 'P1', weight: 2, state: 'En cours', completion: 0.5, baselineDate: '2025-06-01', forecastDate: '2025-09-30' }),
    milestone({ id: 'J3', projectId: 'P1', weight: 3, completion: 0, baselineDate: '2025-12-31' }),
    milestone({ id: 'J4', projectId: 'P2', state: 'En cours', completion: 0.5, baselineDate: '2025-06-15' }),
    milestone({ id: 'J5', objectiveId: 'O1', state: 'Atteint', completion: 0.2, baselineDate: '2025-05-31' }),
  ];
  const r = roll({ ambitions: [a1], objectives: [o1, o11], projects, milestones }, '2025-06-15');

  it('gives each project its progress', () => {
    // P1 = (1×1 + 2×0.5 + 3×0)/6 = 0.3333, J2 late (baseline 1 June passed)
    expect(r.projects.P1!.progress).toBeCloseTo(0.3333, 4);
    expect(r.projects.P1).toMatchObject({ source: 'milestones', late: 1 });
    // P2 forced to 0.8, computed 0.5 shown beside it; J4 due today → not late
    expect(r.projects.P2).toMatchObject({ progress: 0.8, computed: 0.5, source: 'override', late: 0 });
    expect(r.projects.P3).toMatchObject({ progress: 1, source: 'status' });
    expect(r.projects.P4).toMatchObject({ progress: 0, activeProjects: 0 });
    expect(r.projects.P5).toMatchObject({ progress: 0, source: 'status' });
  });

  it('rolls the objectives, the ambition and the plan up', () => {
    // O1.1 = (0.8 + 1)/2 = 0.9;  programme O1 = J5 Atteint → 1
    // O1 = (0.3333 + 0.8 + 1 + 1)/4 = 3.1333/4 = 0.7833;  A1 = same (P4 abandoned)
    // plan = (3.1333 + P5 0)/5 = 0.6267
    // by budget = (100 000×0.3333 + 300 000×0.8)/(100 000 + 300 000) = 273 333/400 000 = 0.6833
    expect(r.objectives['O1.1']).toMatchObject({ progress: 0.9, projects: 2, milestones: 1, late: 0 });
    expect(r.objectives.O1!.progress).toBeCloseTo(0.7833, 4);
    expect(r.objectives.O1).toMatchObject({ programmeProgress: 1, projects: 3, programmes: 1, milestones: 5, late: 1, budget: 400_000 });
    expect(r.ambitions.A1!.progress).toBeCloseTo(0.7833, 4);
    expect(r.ambitions.A1).toMatchObject({ projects: 4, activeProjects: 3, budget: 450_000, meteoWorst: 'nuageux' });
    expect(r.plan.progress).toBeCloseTo(0.6267, 4);
    expect(r.plan.progressByBudget).toBeCloseTo(0.6833, 4);
    expect(r.plan).toMatchObject({
      projects: 5,
      activeProjects: 4,
      programmes: 1,
      milestones: 5,
      late: 1,
      budget: 450_000,
      meteo: { soleil: 2, nuageux: 1, orage: 0, none: 1 },
      meteoWorst: 'nuageux',
      statuses: statuses({ 'En cours': 3, Terminé: 1, Abandonné: 1 }),
    });
  });

  it('crosses ambitions with directions', () => {
    // DVD = (0.3333 + 0.8)/2 = 0.5667;  Sans direction = (P3 1 + P5 0)/2 = 0.5
    // (A1, DVD): 1 late of 4 milestones = 0.25 → critical;  (A1, none): P3 → good;  (none, none): P5 → good
    expect(r.directions.DVD!.progress).toBeCloseTo(0.5667, 4);
    expect(r.directions[NO_DIRECTION]!.progress).toBe(0.5);
    expect(r.matrix.map((c) => [c.ambitionId, c.directionId, c.projects, c.milestones, c.late, c.health])).toEqual([
      ['A1', 'DVD', 3, 4, 1, 'critical'],
      ['A1', null, 1, 0, 0, 'good'],
      [null, null, 1, 0, 0, 'good'],
    ]);
    expect(r.matrix[0]!.progress).toBeCloseTo(0.5667, 4);
  });
});

// ───────────────────────── the published formula ─────────────────────────

describe('the published formula', () => {
  const doc = readFileSync(new URL('../docs/rollup.md', import.meta.url), 'utf8');

  it('says the same things in French and in English', () => {
    expect(Object.keys(ROLLUP_FORMULA.en)).toEqual(Object.keys(ROLLUP_FORMULA.fr));
  });

  it('is quoted word for word in docs/rollup.md, French first', () => {
    for (const sentence of [...Object.values(ROLLUP_FORMULA.fr), ...Object.values(ROLLUP_FORMULA.en)]) {
      expect(doc).toContain(sentence);
    }
    expect(doc.indexOf(ROLLUP_FORMULA.fr.project)).toBeLessThan(doc.indexOf(ROLLUP_FORMULA.en.project));
  });
});

// ───────────────────────── robustness ─────────────────────────

describe('the roll-up as a whole', () => {
  it('refuses a today that is not a YYYY-MM-DD date', () => {
    expect(() => rollUp(tree({}), { today: '15/06/2025' })).toThrow(RangeError);
  });

  it('survives dangling references and a cycle among objectives', () => {
    // O1 ↔ O2 is cut; P points to a missing ambition and objective → plan only
    const o1 = objective({ id: 'c1', parentId: 'c2' });
    const o2 = objective({ id: 'c2', parentId: 'c1' });
    const p = project({ ambitionId: 'nowhere', objectiveId: 'missing', status: 'Terminé' });
    const q = project({ objectiveId: 'c1', status: 'En cours' });
    const r = roll({ objectives: [o1, o2], projects: [p, q] });
    expect(r.plan).toMatchObject({ projects: 2, progress: 0.5 });
    expect(r.objectives.c1!.projects + r.objectives.c2!.projects).toBeGreaterThanOrEqual(1);
    expect(r.matrix).toEqual([expect.objectContaining({ ambitionId: null, directionId: null, projects: 2 })]);
  });

  it('keeps an id such as « __proto__ » as data and survives a JSON round trip', () => {
    const p = project({ id: '__proto__', status: 'Terminé' });
    const r = roll({ projects: [p] });
    expect(Object.keys(r.projects)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('rolls 3,000 projects and 30,000 milestones up, every progress in 0..1', () => {
    const ambitions = Array.from({ length: 6 }, () => ambition());
    const objectives = ambitions.flatMap((a) => {
      const top = objective({ ambitionId: a.id });
      return [top, ...Array.from({ length: 20 }, () => objective({ ambitionId: a.id, parentId: top.id }))];
    });
    const projects = Array.from({ length: 3000 }, (_, i) =>
      project({
        ambitionId: ambitions[i % 6]!.id,
        objectiveId: objectives[i % objectives.length]!.id,
        leadDirectionId: `d${i % 12}`,
        status: PROJECT_STATUSES[i % 8]!,
        budget: { planned: (i % 5) * 10_000 },
      }),
    );
    const milestones = Array.from({ length: 30_000 }, (_, i) =>
      milestone({ projectId: projects[i % 3000]!.id, weight: 1 + (i % 3), completion: (i % 11) / 10, baselineDate: `2025-0${1 + (i % 9)}-10` }),
    );
    const t = tree({ ambitions, objectives, projects, milestones });
    // Speed is measured by `npm run bench`, not here.
    const r = rollUp(t, { today: TODAY });
    expect(r.plan).toMatchObject({ projects: 3000, milestones: 30_000 });
    const all = [r.plan, ...Object.values(r.ambitions), ...Object.values(r.objectives), ...Object.values(r.projects), ...Object.values(r.directions), ...r.matrix];
    for (const f of all) {
      if (f.progress !== null) expect(f.progress >= 0 && f.progress <= 1).toBe(true);
      if (f.progressByBudget !== null) expect(f.progressByBudget >= 0 && f.progressByBudget <= 1).toBe(true);
    }
  });
});
