// The roll-up as sums a store can keep up to date on each write (« Stored sums » in
// docs/rollup.md). Every figure of a level is a sum over what sits below it, so a store
// can keep one small document per level — the plan, each ambition, « Sans ambition »,
// each objective and programme, each lead direction, each ambition × direction cell —
// and, on each write of a project or a milestone, subtract what the record added
// before and add what it adds now, in the same transactional batch. The dashboard is
// then read from those documents and the plan's structure, never from its projects.
//
// For that to hold after thousands of writes, the sums are integers: adding and
// subtracting them is exact, in any order. Progress is stored × 1e9 and rounded (each
// project's or programme's own value, so a level's mean is within 5e-10 of rollUp's),
// money in cents, and Σ budget × progress — too big for a double — as a decimal string
// read with BigInt. A milestone's lateness depends on the day, so it is not stored: the
// sums keep the open milestones by the earliest of their dates, and late(today) is
// counted when the figures are read.
//
// Pure, no I/O, no clock. The rules are rollUp's (plan/rollup.ts); the tests
// (plan/rollup-docs.test.ts) check that dashboardFromSums(structure, planLevelSums(tree))
// is planDashboard(tree): equal in every count, id, label, order, météo and health; ratios
// within 5e-10 (rollUp adds doubles in the tree's order, which no order-free sum can
// replay bit for bit; equal when the values are exact in binary); budgets to the cent,
// which a float sum of amounts in cents only approaches.
import { z } from 'zod';
import { layoutDashboard, objectivesOnNoAmbition, type Dashboard, type DashboardFigures, type DashboardOptions } from './dashboard.ts';
import { IsoDate, type Ambition, type Milestone, type Objective, type Plan, type PlanTree, type Project, type TenantSettings } from './model.ts';
import {
  health,
  NO_DIRECTION,
  objectiveHierarchy,
  type LevelFigures,
  type MatrixCell,
  type ObjectiveFigures,
} from './rollup.ts';
import { METEOS, PROJECT_STATUSES, type Meteo } from './vocab.ts';

// ───────────────────────── scales ─────────────────────────

/** A progress (0..1) is stored as round(progress × PROGRESS_SCALE). */
export const PROGRESS_SCALE = 1e9;
/** Money is stored in cents: round(amount × MONEY_SCALE). */
export const MONEY_SCALE = 100;

// ───────────────────────── level keys ─────────────────────────

/**
 * Which level a sum belongs to. Ids are written with encodeURIComponent, `~` escaped
 * (so keys hold no `/`, `\`, `?`, `#` nor `|`, and `:` only as a separator); `~` stands
 * for none: `ambition:~` is « Sans ambition », `direction:~` « Sans direction »; an
 * empty id stays empty (`direction:` is a lead direction whose id is '').
 */
export type LevelKey =
  | 'plan'
  | `ambition:${string}`
  | `objective:${string}`
  | `programme:${string}`
  | `direction:${string}`
  | `cell:${string}:${string}`;

export type ParsedLevelKey =
  | { kind: 'plan' }
  | { kind: 'ambition'; id: string | null }
  | { kind: 'objective'; id: string }
  | { kind: 'programme'; id: string }
  | { kind: 'direction'; id: string | null }
  | { kind: 'cell'; ambitionId: string | null; directionId: string | null };

const NONE = '~';
const enc = (id: string | null): string => (id === null ? NONE : encodeURIComponent(id).replace(/~/g, '%7E'));
const dec = (part: string): string | null => (part === NONE ? null : decodeURIComponent(part));

export const levelKey = {
  plan: 'plan' as const,
  /** An ambition of the plan, or null for « Sans ambition ». */
  ambition: (id: string | null): LevelKey => `ambition:${enc(id)}`,
  /** An objective: its projects and programmes, sub-objectives' included. */
  objective: (id: string): LevelKey => `objective:${enc(id)}`,
  /** An objective's own milestones alone: their progress is the objective's programmeProgress. */
  programme: (id: string): LevelKey => `programme:${enc(id)}`,
  /** A lead direction, or null for « Sans direction ». */
  direction: (id: string | null): LevelKey => `direction:${enc(id)}`,
  /** An ambition × lead direction cell; null ambition: projects on no ambition. */
  cell: (ambitionId: string | null, directionId: string | null): LevelKey => `cell:${enc(ambitionId)}:${enc(directionId)}`,
};

/** The key of a parsed level: levelKey's own spelling. */
function keyOf(k: ParsedLevelKey): LevelKey {
  switch (k.kind) {
    case 'plan':
      return levelKey.plan;
    case 'ambition':
      return levelKey.ambition(k.id);
    case 'objective':
      return levelKey.objective(k.id);
    case 'programme':
      return levelKey.programme(k.id);
    case 'direction':
      return levelKey.direction(k.id);
    case 'cell':
      return levelKey.cell(k.ambitionId, k.directionId);
  }
}

/**
 * The level a key names; throws a RangeError on a key levelKey cannot make: an unknown
 * kind, a wrong number of parts, a malformed %-escape, or an id not spelled as levelKey
 * spells it (`a b`, `%7e`, `%41`), so that one level never has two keys. An empty part
 * is an empty id (a lead direction id may be ''), not a missing one.
 */
export function parseLevelKey(key: string): ParsedLevelKey {
  const parts = key.split(':');
  const [kind, a, b] = parts;
  let parsed: ParsedLevelKey | undefined;
  try {
    if (parts.length === 1 && kind === 'plan') parsed = { kind };
    else if (parts.length === 2 && a !== undefined) {
      if (kind === 'ambition' || kind === 'direction') parsed = { kind, id: dec(a) };
      else if ((kind === 'objective' || kind === 'programme') && a !== NONE) parsed = { kind, id: decodeURIComponent(a) };
    } else if (parts.length === 3 && kind === 'cell' && a !== undefined && b !== undefined) {
      parsed = { kind, ambitionId: dec(a), directionId: dec(b) };
    }
  } catch {
    parsed = undefined; // a malformed %-escape
  }
  if (parsed === undefined || keyOf(parsed) !== key) throw new RangeError(`not a level key: ${JSON.stringify(key)}`);
  return parsed;
}

// ───────────────────────── the sums ─────────────────────────

const Count = z.number().int().min(0);

/**
 * What a level's stored document holds: integers only, so that adding and subtracting
 * contributions is exact whatever the order. The figures (LevelFigures) are read from
 * it with figuresFromSums.
 */
export const LevelSums = z.object({
  /** All projects below, abandoned included. */
  projects: Count,
  activeProjects: Count,
  /** Programmes with a progress (the mean's denominator is activeProjects + programmes). */
  programmes: Count,
  /** All milestones below. */
  milestones: Count,
  /** Open milestones in state « En retard »: late whatever the day. */
  lateAlways: Count,
  /**
   * Other open milestones (neither reached nor abandoned, project not abandoned) by the
   * earliest of their forecast and baseline dates: late once today is after that date.
   * No zero entry; milestones with no date are never late and are not here.
   */
  lateFrom: z.record(IsoDate, z.number().int().positive()),
  /** Σ round(progress × 1e9) over active projects and programmes with a progress. */
  progressSum: Count,
  /** Σ planned budget in cents, abandoned projects included. */
  budgetCents: z.number().int(),
  /** Σ planned budget in cents over active projects whose planned budget is above 0. */
  weightedBudgetCents: Count,
  /** Σ cents × round(progress × 1e9) over those projects, as decimal digits (BigInt). */
  budgetProgressSum: z.string().regex(/^\d+$/),
  /** Active projects per météo. */
  meteo: z.object({ soleil: Count, nuageux: Count, orage: Count, none: Count }),
  /** All projects per status. */
  statuses: z.record(z.enum(PROJECT_STATUSES), Count),
});
export type LevelSums = z.infer<typeof LevelSums>;

/** What one project, programme or set of unattached milestones adds to each of `levels`. */
export interface Contribution {
  levels: LevelKey[];
  sums: LevelSums;
}

export function zeroSums(): LevelSums {
  return {
    projects: 0,
    activeProjects: 0,
    programmes: 0,
    milestones: 0,
    lateAlways: 0,
    lateFrom: {},
    progressSum: 0,
    budgetCents: 0,
    weightedBudgetCents: 0,
    budgetProgressSum: '0',
    meteo: { soleil: 0, nuageux: 0, orage: 0, none: 0 },
    statuses: {
      'À venir': 0,
      'En cours': 0,
      'À discuter': 0,
      'En pause': 0,
      'Bloqué': 0,
      'En retard': 0,
      'Terminé': 0,
      'Abandonné': 0,
    },
  };
}

const COUNTERS = [
  'projects',
  'activeProjects',
  'programmes',
  'milestones',
  'lateAlways',
  'progressSum',
  'budgetCents',
  'weightedBudgetCents',
] as const satisfies ReadonlyArray<keyof LevelSums>;
const METEO_KEYS = ['soleil', 'nuageux', 'orage', 'none'] as const;

/** True when the sums add nothing: a level left with these has no document. */
export function isZeroSums(s: LevelSums): boolean {
  for (const k of COUNTERS) if (s[k] !== 0) return false;
  for (const k of METEO_KEYS) if (s.meteo[k] !== 0) return false;
  for (const k of PROJECT_STATUSES) if (s.statuses[k] !== 0) return false;
  for (const _ in s.lateFrom) return false;
  return s.budgetProgressSum === '0';
}

function checked(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`level sums: ${what} is no longer an exact integer (${n})`);
  return n;
}

/** into += sign × from, exactly; zero entries of lateFrom are dropped. */
export function addSums(into: LevelSums, from: LevelSums, sign: 1 | -1): LevelSums {
  for (const k of COUNTERS) into[k] = checked(into[k] + sign * from[k], k);
  for (const k of METEO_KEYS) into.meteo[k] = checked(into.meteo[k] + sign * from.meteo[k], `meteo.${k}`);
  for (const k of PROJECT_STATUSES) into.statuses[k] = checked(into.statuses[k] + sign * from.statuses[k], `statuses.${k}`);
  for (const [day, n] of Object.entries(from.lateFrom)) {
    const v = checked((into.lateFrom[day] ?? 0) + sign * n, `lateFrom.${day}`);
    if (v === 0) delete into.lateFrom[day];
    else into.lateFrom[day] = v;
  }
  if (from.budgetProgressSum !== '0') {
    const v = BigInt(into.budgetProgressSum) + BigInt(sign) * BigInt(from.budgetProgressSum);
    into.budgetProgressSum = v.toString(); // negative only if a contribution is taken away twice
  }
  return into;
}

/**
 * Adds (sign 1) or takes away (sign -1) a contribution from the levels it names, in
 * place, and returns `levels`. A level missing from `levels` is read as zero; a level
 * whose sums come back to zero is deleted, so `levels` never holds an empty level (a
 * store deletes its document). A store applies, in one batch, -1 with the contribution
 * computed from the records as they were and +1 with the one from the records as written.
 */
export function applyContribution(
  levels: Partial<Record<LevelKey, LevelSums>>,
  c: Contribution,
  sign: 1 | -1,
): Partial<Record<LevelKey, LevelSums>> {
  if (isZeroSums(c.sums)) return levels;
  for (const key of c.levels) {
    let s = levels[key];
    if (s === undefined) levels[key] = s = zeroSums();
    addSums(s, c.sums, sign);
    if (isZeroSums(s)) delete levels[key];
  }
  return levels;
}

// ───────────────────────── reading the figures ─────────────────────────

const unit = (x: number): number => Math.min(1, Math.max(0, x));
const METEO_SEVERITY: readonly Meteo[] = [...METEOS].reverse();
const TODAY = /^\d{4}-\d{2}-\d{2}$/;

/** The milestones late on `today` (YYYY-MM-DD): « En retard » ones, and those whose earliest date is before today. */
export function lateOn(sums: LevelSums, today: string): number {
  let late = sums.lateAlways;
  for (const [day, n] of Object.entries(sums.lateFrom)) if (day < today) late += n;
  return late;
}

/** A level's figures, as rollUp reports them, from its sums; `today` decides what is late. */
export function figuresFromSums(sums: LevelSums, today: string): LevelFigures {
  const count = sums.activeProjects + sums.programmes;
  return {
    projects: sums.projects,
    activeProjects: sums.activeProjects,
    programmes: sums.programmes,
    milestones: sums.milestones,
    late: lateOn(sums, today),
    progress: count > 0 ? unit(sums.progressSum / (count * PROGRESS_SCALE)) : null,
    progressByBudget:
      sums.weightedBudgetCents > 0
        ? unit(Number(BigInt(sums.budgetProgressSum)) / (sums.weightedBudgetCents * PROGRESS_SCALE))
        : null,
    budget: sums.budgetCents / MONEY_SCALE,
    meteo: { ...sums.meteo },
    meteoWorst: METEO_SEVERITY.find((m) => sums.meteo[m] > 0) ?? null,
    statuses: { ...sums.statuses },
  };
}

// ───────────────────────── the plan's structure ─────────────────────────

/** What a contribution's levels depend on: the plan's ambitions and objectives (small). */
export interface PlanStructure {
  ambitions: readonly Ambition[];
  objectives: readonly Objective[];
}

/**
 * The structure, resolved once the way rollUp resolves it: which ambitions exist, each
 * objective's chain of resolved ancestors (cycles cut where rollUp cuts them), the
 * ambition its programme counts under, and whether its programme is « Sans ambition ».
 */
export interface Structure {
  ambitionIds: ReadonlySet<string>;
  objectives: ReadonlyMap<string, Objective>;
  /** The objective then its resolved ancestors, nearest first. */
  chains: ReadonlyMap<string, readonly string[]>;
  programmeAmbition: ReadonlyMap<string, string | null>;
  programmeOnNoAmbition: ReadonlySet<string>;
}

export function planStructure(s: PlanStructure): Structure {
  const ambitionIds = new Set(s.ambitions.map((a) => a.id));
  const { parentOf, byDepth, ambitionOf } = objectiveHierarchy(s.objectives, ambitionIds);
  const chains = new Map<string, readonly string[]>();
  for (const ids of byDepth) {
    for (const id of ids ?? []) {
      const parent = parentOf.get(id) ?? null;
      chains.set(id, parent === null ? [id] : [id, ...chains.get(parent)!]);
    }
  }
  return {
    ambitionIds,
    objectives: new Map(s.objectives.map((o) => [o.id, o])),
    chains,
    programmeAmbition: ambitionOf,
    programmeOnNoAmbition: new Set(objectivesOnNoAmbition(s.objectives, ambitionIds).map((o) => o.id)),
  };
}

// ───────────────────────── contributions ─────────────────────────

const byId = (x: Milestone, y: Milestone): number => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

function cents(amount: number): number {
  return checked(Math.round(amount * MONEY_SCALE) + 0, 'a budget in cents'); // + 0: no -0
}

const scaled = (progress: number): number => Math.round(progress * PROGRESS_SCALE);

/**
 * Counts the milestones and their lateness into `s`, and answers the weighted progress of
 * those that count (rollUp's rule), null when none does. Summed in id order, so the
 * value does not depend on the order the milestones were read in.
 */
function addMilestones(s: LevelSums, milestones: readonly Milestone[], projectAbandoned: boolean): number | null {
  let weight = 0;
  let weighted = 0;
  for (const m of [...milestones].sort(byId)) {
    s.milestones += 1;
    if (!projectAbandoned && m.state !== 'Atteint' && m.state !== 'Abandonné') {
      if (m.state === 'En retard') s.lateAlways += 1;
      else {
        // isLate: late when the forecast or the baseline is before today, i.e. the earliest is.
        const f = m.forecastDate;
        const b = m.baselineDate;
        const from = f === null ? b : b === null || f < b ? f : b;
        if (from !== null) s.lateFrom[from] = (s.lateFrom[from] ?? 0) + 1;
      }
    }
    if (m.strategic && m.state !== 'Abandonné') {
      weight += m.weight;
      weighted += m.weight * (m.state === 'Atteint' ? 1 : m.completion);
    }
  }
  return weight > 0 ? unit(weighted / weight) : null;
}

/**
 * What a project adds: to the plan, its ambition (« Sans ambition » when it names none
 * of the plan's), its objective and every resolved ancestor, its lead direction and its
 * ambition × direction cell. `milestones` are all of its milestones (projectId = its id).
 */
export function projectContribution(project: Project, milestones: readonly Milestone[], structure: Structure): Contribution {
  for (const m of milestones) {
    if (m.projectId !== project.id) throw new RangeError(`milestone ${m.id} is not one of project ${project.id}'s`);
  }
  const s = zeroSums();
  const computed = addMilestones(s, milestones, project.status === 'Abandonné');
  const override = project.progressOverride;
  const progress = override !== null ? unit(override.value) : computed !== null ? computed : project.status === 'Terminé' ? 1 : 0;
  const planned = project.budget.planned;
  s.projects = 1;
  s.statuses[project.status] = 1;
  s.budgetCents = cents(planned ?? 0);
  if (project.status !== 'Abandonné') {
    s.activeProjects = 1;
    s.progressSum = scaled(progress);
    s.meteo[project.meteo?.value ?? 'none'] = 1;
    if (planned !== null && planned > 0) {
      s.weightedBudgetCents = cents(planned);
      s.budgetProgressSum = (BigInt(s.weightedBudgetCents) * BigInt(s.progressSum)).toString();
    }
  }
  const ambitionId = project.ambitionId !== null && structure.ambitionIds.has(project.ambitionId) ? project.ambitionId : null;
  const chain = project.objectiveId !== null ? (structure.chains.get(project.objectiveId) ?? []) : [];
  return {
    levels: [
      levelKey.plan,
      levelKey.ambition(ambitionId),
      ...chain.map(levelKey.objective),
      levelKey.direction(project.leadDirectionId),
      levelKey.cell(ambitionId, project.leadDirectionId),
    ],
    sums: s,
  };
}

/**
 * What an objective's own milestones (its programme) add: to the objective and its
 * resolved ancestors, the plan, the ambition rollUp gives the programme (its own, else
 * inherited), « Sans ambition » when the dashboard puts it there, and the programme's own
 * level. It is averaged only when one of the milestones counts. An objective that is not
 * in the structure has no programme: its milestones are unattached.
 */
export function programmeContribution(objective: Objective, milestones: readonly Milestone[], structure: Structure): Contribution {
  for (const m of milestones) {
    if (m.projectId !== null || m.objectiveId !== objective.id) {
      throw new RangeError(`milestone ${m.id} is not one of objective ${objective.id}'s own`);
    }
  }
  if (!structure.objectives.has(objective.id)) return unattachedContribution(milestones);
  const s = zeroSums();
  const progress = addMilestones(s, milestones, false);
  if (progress !== null) {
    s.programmes = 1;
    s.progressSum = scaled(progress);
  }
  const ambitionId = structure.programmeAmbition.get(objective.id) ?? null;
  const levels: LevelKey[] = [levelKey.plan, ...structure.chains.get(objective.id)!.map(levelKey.objective)];
  if (ambitionId !== null) levels.push(levelKey.ambition(ambitionId));
  if (structure.programmeOnNoAmbition.has(objective.id)) levels.push(levelKey.ambition(null));
  levels.push(levelKey.programme(objective.id));
  return { levels, sums: s };
}

/**
 * What milestones attached to nothing of the plan add (a project or objective id that is
 * not in it, or neither): to the plan's counts only, judged late as no project's.
 */
export function unattachedContribution(milestones: readonly Milestone[]): Contribution {
  const s = zeroSums();
  addMilestones(s, milestones, false);
  return { levels: [levelKey.plan], sums: s };
}

/** Every contribution of a plan: one per project, one per programme, one for unattached milestones. */
export function planContributions(tree: PlanTree, structure: Structure = planStructure(tree)): Contribution[] {
  const projectIds = new Set(tree.projects.map((p) => p.id));
  const ofProject = new Map<string, Milestone[]>();
  const ofProgramme = new Map<string, Milestone[]>();
  const unattached: Milestone[] = [];
  const push = (map: Map<string, Milestone[]>, id: string, m: Milestone) => {
    const list = map.get(id);
    if (list === undefined) map.set(id, [m]);
    else list.push(m);
  };
  for (const m of tree.milestones) {
    if (m.projectId !== null) {
      if (projectIds.has(m.projectId)) push(ofProject, m.projectId, m);
      else unattached.push(m);
    } else if (m.objectiveId !== null && structure.objectives.has(m.objectiveId)) push(ofProgramme, m.objectiveId, m);
    else unattached.push(m);
  }
  return [
    ...tree.projects.map((p) => projectContribution(p, ofProject.get(p.id) ?? [], structure)),
    ...[...ofProgramme].map(([id, ms]) => programmeContribution(structure.objectives.get(id)!, ms, structure)),
    unattachedContribution(unattached),
  ];
}

/** The sums of every level of a plan: what its stored documents hold. No empty level is present. */
export function planLevelSums(tree: PlanTree): Partial<Record<LevelKey, LevelSums>> {
  const levels: Partial<Record<LevelKey, LevelSums>> = {};
  for (const c of planContributions(tree)) applyContribution(levels, c, 1);
  return levels;
}

// ───────────────────────── the dashboard ─────────────────────────

const byIdNullLast = (x: string | null, y: string | null): number =>
  x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;

/**
 * The plan's dashboard — the same as planDashboard(tree, settings, options), ratios within
 * 5e-10 (see the top of this file) — from its structure and the sums of its levels only,
 * never from its projects or milestones.
 * A level missing from `levels` is read as empty.
 */
export function dashboardFromSums(
  structure: { plan: Plan; ambitions: readonly Ambition[]; objectives: readonly Objective[] },
  levels: Readonly<Partial<Record<LevelKey, LevelSums>>>,
  settings: Pick<TenantSettings, 'directions'>,
  options: DashboardOptions,
): Dashboard {
  const { today } = options;
  if (!TODAY.test(today)) throw new RangeError(`dashboardFromSums: today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  const ZERO = zeroSums();
  const figures = (key: LevelKey) => figuresFromSums(levels[key] ?? ZERO, today);

  // Directions and cells: the levels that hold projects (no null/none merging: as rollUp).
  const directionSums = new Map<string | null, LevelSums>();
  const cellSums = new Map<string | null, Map<string | null, LevelSums>>();
  for (const [key, sums] of Object.entries(levels) as Array<[LevelKey, LevelSums | undefined]>) {
    if (sums === undefined || sums.projects === 0) continue;
    const k = parseLevelKey(key);
    if (k.kind === 'direction') directionSums.set(k.id, sums);
    else if (k.kind === 'cell') {
      let row = cellSums.get(k.ambitionId);
      if (row === undefined) cellSums.set(k.ambitionId, (row = new Map()));
      row.set(k.directionId, sums);
    }
  }

  const matrix: MatrixCell[] = [];
  const ambitionOrder = structure.ambitions
    .map((a, index) => ({ id: a.id, order: a.order, index }))
    .sort((x, y) => x.order - y.order || x.index - y.index)
    .map((a) => a.id as string | null);
  for (const ambitionId of [...ambitionOrder, null]) {
    const row = cellSums.get(ambitionId);
    if (row === undefined) continue;
    for (const directionId of [...row.keys()].sort(byIdNullLast)) {
      const f = figuresFromSums(row.get(directionId)!, today);
      matrix.push({ ambitionId, directionId, ...f, health: health(f) });
    }
  }

  const plan = figures(levelKey.plan);
  const loose = levels[levelKey.ambition(null)] ?? ZERO;
  const dashboardFigures: DashboardFigures = {
    today,
    plan,
    ambitions: Object.fromEntries(structure.ambitions.map((a) => [a.id, figures(levelKey.ambition(a.id))])),
    objectives: Object.fromEntries(
      structure.objectives.map((o): [string, ObjectiveFigures] => [
        o.id,
        { ...figures(levelKey.objective(o.id)), programmeProgress: figures(levelKey.programme(o.id)).progress },
      ]),
    ),
    directions: Object.fromEntries(
      [...directionSums.keys()].sort(byIdNullLast).map((id) => [id ?? NO_DIRECTION, figuresFromSums(directionSums.get(id)!, today)]),
    ),
    matrix,
    unassigned: { figures: figuresFromSums(loose, today), empty: loose.projects === 0 && loose.milestones === 0 },
    counts: { projects: plan.projects, milestones: plan.milestones },
  };
  return layoutDashboard(structure, dashboardFigures, settings, options.lang);
}
