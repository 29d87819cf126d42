// The plan's roll-up: how far along each project, objective, ambition, direction and
// the whole plan are, with the counts that explain the figure. One pure function, no
// I/O, linear in the size of the tree (it runs on 3,000 projects / 30,000 milestones).
//
// The formula is published to users (ROLLUP_FORMULA below, docs/rollup.md): tools of
// this kind lose trust when their % cannot be explained. So every figure here must be
// recomputable by hand from the sentences of ROLLUP_FORMULA, and nothing is averaged
// that should not be (météo colours are counted, never averaged).
import type { Milestone, Objective, PlanTree, Project } from './model.ts';
import { METEOS, PROJECT_STATUSES, type Meteo, type ProjectStatus } from './vocab.ts';

// ───────────────────────── types ─────────────────────────

export type MeteoCounts = Record<Meteo | 'none', number>;

/** What every level (project, objective, ambition, direction, matrix cell, plan) reports. */
export interface LevelFigures {
  /** All projects below, abandoned included. */
  projects: number;
  /** Projects below that are not abandoned: the ones averaged. */
  activeProjects: number;
  /**
   * Programmes (objectives' own milestones) averaged alongside the projects: the mean's
   * denominator is activeProjects + programmes. Always 0 for projects, directions and cells.
   */
  programmes: number;
  /** All milestones below, strategic or not, whatever their state. */
  milestones: number;
  /** Late milestones below (see isLate). */
  late: number;
  /** 0..1, or null when there is nothing to average. */
  progress: number | null;
  /** Σ(planned × progress) / Σ planned over non-abandoned projects with planned > 0; null when none. */
  progressByBudget: number | null;
  /** Σ planned budget of all projects below, abandoned included (a missing budget counts 0). */
  budget: number;
  /** Non-abandoned projects per declared météo; `none` = no météo declared. */
  meteo: MeteoCounts;
  /** The worst météo present (orage > nuageux > soleil), null when none is declared. */
  meteoWorst: Meteo | null;
  /** All projects below per status, all 8 statuses present (zeros included). */
  statuses: Record<ProjectStatus, number>;
}

export interface ProjectFigures extends LevelFigures {
  /**
   * The milestone-based value, kept even when an override replaces it; null when the
   * project has no strategic, non-abandoned milestone (then `progress` comes from the
   * status or the override).
   */
  computed: number | null;
  overridden: boolean;
  source: 'milestones' | 'status' | 'override';
}

export interface ObjectiveFigures extends LevelFigures {
  /** The progress of the objective's own milestones (its programme), null when it has none. */
  programmeProgress: number | null;
}

/**
 * A cell's health, derived from its counts only (see `health`):
 * critical ⛈, watch (à surveiller), good, none (only abandoned projects).
 */
export type Health = 'critical' | 'watch' | 'good' | 'none';

export interface MatrixCell extends LevelFigures {
  /** null: projects attached to no ambition (plans without axes). */
  ambitionId: string | null;
  /** null: « Sans direction ». */
  directionId: string | null;
  health: Health;
}

/** Key of `PlanRollup.directions` for projects with no lead direction (« Sans direction »). */
export const NO_DIRECTION = 'none';

export interface PlanRollup {
  /** Version of ROLLUP_FORMULA these figures follow. */
  formulaVersion: typeof ROLLUP_FORMULA.version;
  /** The day late milestones were judged against (YYYY-MM-DD). */
  today: string;
  plan: LevelFigures;
  /** By ambition id; every ambition of the tree is present, even an empty one. */
  ambitions: Record<string, LevelFigures>;
  /** By objective id; every objective of the tree is present, figures include sub-objectives. */
  objectives: Record<string, ObjectiveFigures>;
  /** By project id. */
  projects: Record<string, ProjectFigures>;
  /** By lead direction id, NO_DIRECTION ('none') for projects without one; only directions with projects. */
  directions: Record<string, LevelFigures>;
  /**
   * Ambition × lead direction, one cell per pair that has at least one project. Ambitions
   * in the tree's order (by `order`), the null ambition last; directions by id, null last.
   */
  matrix: MatrixCell[];
}

// ───────────────────────── the published formula ─────────────────────────

type FormulaKey =
  | 'project'
  | 'override'
  | 'programme'
  | 'objective'
  | 'ambition'
  | 'plan'
  | 'direction'
  | 'empty'
  | 'budget'
  | 'late'
  | 'meteo'
  | 'health'
  | 'counts';

/**
 * The formula as the API returns it and users read it. Sentences are quoted verbatim in
 * docs/rollup.md (a test checks it): change both, and bump `version` when the arithmetic
 * changes, not when only the wording does.
 */
export const ROLLUP_FORMULA = {
  version: 1,
  fr: {
    project:
      'L’avancement d’un projet est la moyenne de l’achèvement de ses jalons stratégiques, pondérée par leur poids : Σ (poids × achèvement) / Σ poids. Les jalons abandonnés et les jalons non stratégiques ne comptent pas ; un jalon « Atteint » compte pour 100 % quel que soit l’achèvement saisi. Un projet sans jalon stratégique non abandonné prend l’avancement de son statut : 100 % s’il est « Terminé », 0 % sinon.',
    override:
      'L’avancement d’un projet peut être forcé, avec un commentaire obligatoire et conservé ; la valeur forcée remplace alors la valeur calculée, qui reste affichée à côté.',
    programme:
      'Les jalons propres d’un objectif (un programme) comptent comme un projet de plus de cet objectif et des niveaux au-dessus, avec un avancement calculé de la même façon à partir de ces jalons, à condition qu’au moins l’un d’eux soit stratégique et non abandonné.',
    objective:
      'L’avancement d’un objectif est la moyenne simple des avancements de tous les projets qui en dépendent, y compris ceux de ses sous-objectifs, sans les projets abandonnés : chaque projet pèse autant, quelle que soit sa taille.',
    ambition:
      'L’avancement d’une ambition est la moyenne simple des avancements de tous ses projets, rattachés à un objectif, à un sous-objectif ou directement à l’ambition, sans les projets abandonnés.',
    plan: 'L’avancement du plan est la moyenne simple des avancements de tous ses projets, y compris ceux qui ne sont rattachés à aucune ambition, sans les projets abandonnés.',
    direction:
      'L’avancement d’une direction est la moyenne simple des avancements des projets qu’elle pilote, sans les projets abandonnés ; les projets sans direction pilote sont regroupés sous « Sans direction ». Le croisement ambition × direction suit la même règle, case par case. Les programmes, qui n’ont pas de direction pilote, n’y figurent pas.',
    empty:
      'Quand il n’y a aucun projet à moyenner, par exemple quand ils sont tous abandonnés, l’avancement est vide, et non 0 %.',
    budget:
      'L’avancement pondéré par le budget est Σ (budget prévu × avancement) / Σ budget prévu, sur les projets non abandonnés dont le budget prévu est supérieur à 0 ; il est vide s’il n’y en a aucun. Le budget affiché est la somme des budgets prévus de tous les projets, abandonnés compris.',
    late: 'Un jalon est en retard s’il n’est ni « Atteint » ni « Abandonné » et qu’il est à l’état « En retard », ou que sa date prévisionnelle ou sa date de référence est antérieure à aujourd’hui. Un jalon prévu pour aujourd’hui n’est pas en retard. Les jalons d’un projet abandonné ne sont jamais en retard.',
    meteo:
      'La météo est le jugement du pilote du projet : elle n’est jamais calculée ni moyennée. À chaque niveau, on compte les projets non abandonnés par météo (soleil, nuageux, orage, sans météo) et on signale la plus mauvaise présente : orage, puis nuageux, puis soleil.',
    health:
      'Une case du croisement ambition × direction est « critique » si un de ses projets est à l’orage ou si au moins un quart de ses jalons sont en retard ; « à surveiller » si un projet y est nuageux, « Bloqué » ou « En retard », ou si un jalon y est en retard ; « bonne » sinon ; « sans objet » si tous ses projets sont abandonnés.',
    counts:
      'Les effectifs comptent tous les projets, abandonnés compris, répartis par statut, et tous les jalons, stratégiques ou non.',
  },
  en: {
    project:
      'A project’s progress is the mean completion of its strategic milestones, weighted by their weight: Σ (weight × completion) / Σ weight. Abandoned and non-strategic milestones do not count; a milestone “Atteint” (reached) counts as 100% whatever completion was entered. A project with no strategic, non-abandoned milestone takes its progress from its status: 100% if “Terminé” (done), 0% otherwise.',
    override:
      'A project’s progress can be overridden, with a mandatory comment that is kept; the override then replaces the computed value, which stays displayed beside it.',
    programme:
      'An objective’s own milestones (a programme) count as one more project of that objective and of the levels above it, with a progress computed the same way from those milestones, provided at least one of them is strategic and not abandoned.',
    objective:
      'An objective’s progress is the plain mean of the progress of all the projects below it, those of its sub-objectives included, abandoned projects left out: every project weighs the same, whatever its size.',
    ambition:
      'An ambition’s progress is the plain mean of the progress of all its projects, whether attached to an objective, to a sub-objective or directly to the ambition, abandoned projects left out.',
    plan: 'The plan’s progress is the plain mean of the progress of all its projects, those attached to no ambition included, abandoned projects left out.',
    direction:
      'A direction’s progress is the plain mean of the progress of the projects it leads, abandoned projects left out; projects with no lead direction are grouped under “Sans direction” (no direction). The ambition × direction matrix follows the same rule, cell by cell. Programmes, which have no lead direction, are not in it.',
    empty:
      'When there is no project to average, for instance when they are all abandoned, the progress is empty, not 0%.',
    budget:
      'The budget-weighted progress is Σ (planned budget × progress) / Σ planned budget, over the projects not abandoned whose planned budget is above 0; it is empty when there is none. The budget shown is the sum of the planned budgets of all projects, abandoned ones included.',
    late: 'A milestone is late when it is neither “Atteint” (reached) nor “Abandonné” (abandoned) and either its state is “En retard” (late) or its forecast date or its baseline date is before today. A milestone due today is not late. The milestones of an abandoned project are never late.',
    meteo:
      'The météo (weather) is the project owner’s judgement: it is never computed nor averaged. At every level, projects not abandoned are counted per météo (sunny, cloudy, stormy, none) and the worst one present is flagged: stormy, then cloudy, then sunny.',
    health:
      'A cell of the ambition × direction matrix is “critical” if one of its projects is stormy or if at least a quarter of its milestones are late; “watch” if a project in it is cloudy, “Bloqué” (blocked) or “En retard” (late), or if a milestone in it is late; “good” otherwise; “none” if all its projects are abandoned.',
    counts:
      'Counts include every project, abandoned ones included, broken down by status, and every milestone, strategic or not.',
  },
} as const satisfies { version: number; fr: Record<FormulaKey, string>; en: Record<FormulaKey, string> };

// ───────────────────────── rules ─────────────────────────

/** The late-ratio from which a matrix cell is critical (see `health`). */
export const CRITICAL_LATE_RATIO = 0.25;

/**
 * A milestone is late when it is neither reached nor abandoned and either says so
 * ('En retard') or one of its dates (forecast, baseline) is strictly before today.
 * Both dates count: a baseline never moves, so a forecast pushed into the future does
 * not hide a missed commitment. Dates are YYYY-MM-DD, so string order is date order.
 * The milestones of an abandoned project are not late: the project will not deliver
 * them, and flagging them would paint its ambition red for work nobody owes.
 */
export function isLate(m: Milestone, today: string, projectAbandoned = false): boolean {
  if (projectAbandoned || m.state === 'Atteint' || m.state === 'Abandonné') return false;
  if (m.state === 'En retard') return true;
  return (m.forecastDate !== null && m.forecastDate < today) || (m.baselineDate !== null && m.baselineDate < today);
}

/**
 * A simple rule on the counts a cell already shows, so anyone can check it:
 * - none: no project to judge (all abandoned, or empty);
 * - critical: a stormy project, or late milestones ≥ 25 % of the cell's milestones;
 * - watch: a cloudy project, a project 'Bloqué' or 'En retard', or any late milestone;
 * - good: otherwise.
 * The ratio's denominator is all the cell's milestones (the `milestones` figure beside
 * it), so « 1 jalon sur 4 en retard » reads straight off the cell.
 */
export function health(f: Pick<LevelFigures, 'activeProjects' | 'programmes' | 'milestones' | 'late' | 'meteo' | 'statuses'>): Health {
  if (f.activeProjects + f.programmes === 0) return 'none';
  const lateRatio = f.milestones > 0 ? f.late / f.milestones : 0;
  if (f.meteo.orage > 0 || lateRatio >= CRITICAL_LATE_RATIO) return 'critical';
  if (f.meteo.nuageux > 0 || f.late > 0 || f.statuses['Bloqué'] > 0 || f.statuses['En retard'] > 0) return 'watch';
  return 'good';
}

// ───────────────────────── accumulators ─────────────────────────

// Every figure is a sum (or derived from sums), so levels are built by adding
// accumulators: a project's into its objective, ambition, direction, cell and the plan;
// each objective's into its parent once, deepest first. That keeps the whole roll-up
// linear: no level ever scans the projects again.
interface Acc {
  projects: number;
  activeProjects: number;
  programmes: number;
  milestones: number;
  late: number;
  progressSum: number;
  /** activeProjects + programmes: how many values progressSum holds. */
  progressCount: number;
  budgetProgressSum: number;
  budgetWeight: number;
  budget: number;
  meteo: MeteoCounts;
  statuses: Record<ProjectStatus, number>;
}

// A literal (the type checks it lists all 8 statuses) rather than a loop of keyed
// stores: V8 gives literals a fast shape, and there are tens of thousands of these.
const zeroStatuses = (): Record<ProjectStatus, number> => ({
  'À venir': 0,
  'En cours': 0,
  'À discuter': 0,
  'En pause': 0,
  'Bloqué': 0,
  'En retard': 0,
  'Terminé': 0,
  'Abandonné': 0,
});

function newAcc(): Acc {
  return {
    projects: 0,
    activeProjects: 0,
    programmes: 0,
    milestones: 0,
    late: 0,
    progressSum: 0,
    progressCount: 0,
    budgetProgressSum: 0,
    budgetWeight: 0,
    budget: 0,
    meteo: { soleil: 0, nuageux: 0, orage: 0, none: 0 },
    statuses: zeroStatuses(),
  };
}

function addInto(into: Acc, from: Acc): void {
  into.projects += from.projects;
  into.activeProjects += from.activeProjects;
  into.programmes += from.programmes;
  into.milestones += from.milestones;
  into.late += from.late;
  into.progressSum += from.progressSum;
  into.progressCount += from.progressCount;
  into.budgetProgressSum += from.budgetProgressSum;
  into.budgetWeight += from.budgetWeight;
  into.budget += from.budget;
  into.meteo.soleil += from.meteo.soleil;
  into.meteo.nuageux += from.meteo.nuageux;
  into.meteo.orage += from.meteo.orage;
  into.meteo.none += from.meteo.none;
  for (const s of PROJECT_STATUSES) into.statuses[s] += from.statuses[s];
}

/** Guards the 0..1 promise against float drift in long sums (e.g. 1.0000000000000002). */
const unit = (x: number): number => Math.min(1, Math.max(0, x));

// Worst first: the order in which météos are flagged.
const METEO_SEVERITY: readonly Meteo[] = [...METEOS].reverse();

function finish(a: Acc): LevelFigures {
  return {
    projects: a.projects,
    activeProjects: a.activeProjects,
    programmes: a.programmes,
    milestones: a.milestones,
    late: a.late,
    progress: a.progressCount > 0 ? unit(a.progressSum / a.progressCount) : null,
    progressByBudget: a.budgetWeight > 0 ? unit(a.budgetProgressSum / a.budgetWeight) : null,
    budget: a.budget,
    meteo: { ...a.meteo },
    meteoWorst: METEO_SEVERITY.find((m) => a.meteo[m] > 0) ?? null,
    statuses: { ...a.statuses },
  };
}

/** One project's (or programme's) milestones, summed in the single pass over them. */
interface MilestoneSums {
  /** Σ weight of the milestones that count. */
  weight: number;
  /** Σ weight × completion (1 when 'Atteint'). */
  weighted: number;
  /** All milestones, and late ones. */
  milestones: number;
  late: number;
}

const weightedProgress = (s: MilestoneSums | undefined): number | null =>
  s !== undefined && s.weight > 0 ? unit(s.weighted / s.weight) : null;

// ───────────────────────── the roll-up ─────────────────────────

/** How objectives hang together, as the roll-up reads them (see objectiveHierarchy). */
export interface ObjectiveHierarchy {
  /**
   * Each objective's resolved parent: null for a root, for a parent that is not in the
   * list, and for the link that closes a cycle (cut where the walk meets it).
   */
  parentOf: Map<string, string | null>;
  /** Objective ids by depth along resolved parents (0: roots), each bucket in the list's order. */
  byDepth: string[][];
  /**
   * The ambition a programme counts under: the objective's own when it is one of
   * `ambitionIds`, else its resolved parent's; null when there is none.
   */
  ambitionOf: Map<string, string | null>;
}

/**
 * The objectives' resolved parents, depths and ambitions, as rollUp uses them: one rule,
 * shared with the stored sums (plan/rollup-docs.ts). Linear: each chain is walked once.
 * Where a cycle is cut depends on the list's order, so callers pass the plan's order.
 */
export function objectiveHierarchy(objectives: readonly Objective[], ambitionIds: ReadonlySet<string>): ObjectiveHierarchy {
  const objectivesById = new Map(objectives.map((o) => [o.id, o]));
  const parentOf = new Map<string, string | null>();
  const depthOf = new Map<string, number>();
  for (const o of objectives) {
    if (depthOf.has(o.id)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    let top: string | null = o.id; // after the loop: the resolved parent of path's last node
    let topDepth = -1;
    for (;;) {
      if (top === null || !objectivesById.has(top)) {
        top = null; // a root, or a parent that is not in the tree: treated as a root
        break;
      }
      const known = depthOf.get(top);
      if (known !== undefined) {
        topDepth = known;
        break;
      }
      if (onPath.has(top)) {
        top = null; // a cycle: cut the link that closes it
        break;
      }
      path.push(top);
      onPath.add(top);
      top = objectivesById.get(top)!.parentId;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const id = path[i]!;
      const last = i === path.length - 1;
      parentOf.set(id, last ? top : path[i + 1]!);
      depthOf.set(id, last ? topDepth + 1 : depthOf.get(path[i + 1]!)! + 1);
    }
  }
  // Bucket by depth (linear, no sort): roots first for inheriting the ambition,
  // deepest first for folding figures upwards.
  const byDepth: string[][] = [];
  for (const o of objectives) (byDepth[depthOf.get(o.id)!] ??= []).push(o.id);
  const rootsFirst = byDepth.flatMap((ids) => ids ?? []);

  // An objective's ambition: its own when known, else its parent's (a sub-objective
  // imported without one). Used for programmes only: projects name their ambition.
  const ambitionOf = new Map<string, string | null>();
  for (const id of rootsFirst) {
    const own = objectivesById.get(id)!.ambitionId;
    const parent = parentOf.get(id) ?? null;
    ambitionOf.set(id, own !== null && ambitionIds.has(own) ? own : parent !== null ? ambitionOf.get(parent) ?? null : null);
  }
  return { parentOf, byDepth, ambitionOf };
}


/**
 * Rolls a plan up, from milestones to projects to objectives, ambitions, directions,
 * the ambition × direction matrix and the plan. Pure; `today` (YYYY-MM-DD) decides
 * which milestones are late. Dangling references (an ambition, objective or project id
 * that is not in the tree) are read as null rather than thrown on: a half-imported plan
 * still rolls up. A cycle among objectives' parents is cut where it is met.
 */
export function rollUp(tree: PlanTree, options: { today: string }): PlanRollup {
  const { today } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new RangeError(`rollUp: today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  }

  const ambitionIds = new Set(tree.ambitions.map((a) => a.id));
  const objectivesById = new Map(tree.objectives.map((o) => [o.id, o]));
  const projectsById = new Map(tree.projects.map((p) => [p.id, p]));

  const { parentOf, byDepth, ambitionOf: ambitionOfObjective } = objectiveHierarchy(tree.objectives, ambitionIds);

  // ── milestones: one pass, summed per project and per programme ──
  const planAcc = newAcc();
  const projectSums = new Map<string, MilestoneSums>();
  const programmeSums = new Map<string, MilestoneSums>();
  for (const m of tree.milestones) {
    let sums: MilestoneSums | undefined;
    let projectAbandoned = false;
    if (m.projectId !== null) {
      const project = projectsById.get(m.projectId);
      if (project !== undefined) {
        projectAbandoned = project.status === 'Abandonné';
        sums = projectSums.get(m.projectId);
        if (sums === undefined) projectSums.set(m.projectId, (sums = { weight: 0, weighted: 0, milestones: 0, late: 0 }));
      }
    } else if (m.objectiveId !== null && objectivesById.has(m.objectiveId)) {
      sums = programmeSums.get(m.objectiveId);
      if (sums === undefined) programmeSums.set(m.objectiveId, (sums = { weight: 0, weighted: 0, milestones: 0, late: 0 }));
    }
    const late = isLate(m, today, projectAbandoned);
    if (sums === undefined) {
      // Attached to nothing in the tree: still one of the plan's milestones.
      planAcc.milestones += 1;
      if (late) planAcc.late += 1;
      continue;
    }
    sums.milestones += 1;
    if (late) sums.late += 1;
    if (m.strategic && m.state !== 'Abandonné') {
      sums.weight += m.weight;
      sums.weighted += m.weight * (m.state === 'Atteint' ? 1 : m.completion);
    }
  }

  // ── levels ──
  const ambitionAcc = new Map<string, Acc>(tree.ambitions.map((a) => [a.id, newAcc()]));
  const objectiveAcc = new Map<string, Acc>(tree.objectives.map((o) => [o.id, newAcc()]));
  const directionAcc = new Map<string | null, Acc>();
  const cellAcc = new Map<string | null, Map<string | null, Acc>>();

  const projectEntries: Array<[string, ProjectFigures]> = [];
  for (const p of tree.projects) {
    const { figures, acc } = projectFigures(p, projectSums.get(p.id));
    projectEntries.push([p.id, figures]);

    addInto(planAcc, acc);
    const ambitionId = p.ambitionId !== null && ambitionIds.has(p.ambitionId) ? p.ambitionId : null;
    if (ambitionId !== null) addInto(ambitionAcc.get(ambitionId)!, acc);
    if (p.objectiveId !== null) {
      const o = objectiveAcc.get(p.objectiveId);
      if (o !== undefined) addInto(o, acc); // folded into its ancestors below
    }
    const directionId = p.leadDirectionId;
    let d = directionAcc.get(directionId);
    if (d === undefined) directionAcc.set(directionId, (d = newAcc()));
    addInto(d, acc);
    let row = cellAcc.get(ambitionId);
    if (row === undefined) cellAcc.set(ambitionId, (row = new Map()));
    let cell = row.get(directionId);
    if (cell === undefined) row.set(directionId, (cell = newAcc()));
    addInto(cell, acc);
  }

  // Programmes: one more « project » of their objective (and so of its ancestors), of
  // their ambition and of the plan; averaged only when they have milestones that count.
  const programmeProgress = new Map<string, number | null>();
  for (const [objectiveId, sums] of programmeSums) {
    const progress = weightedProgress(sums);
    programmeProgress.set(objectiveId, progress);
    const acc = newAcc();
    acc.milestones = sums.milestones;
    acc.late = sums.late;
    if (progress !== null) {
      acc.programmes = 1;
      acc.progressSum = progress;
      acc.progressCount = 1;
    }
    addInto(objectiveAcc.get(objectiveId)!, acc);
    addInto(planAcc, acc);
    const ambitionId = ambitionOfObjective.get(objectiveId) ?? null;
    if (ambitionId !== null) addInto(ambitionAcc.get(ambitionId)!, acc);
  }

  // Fold each objective into its parent, deepest first, so each adds its whole subtree once.
  for (let depth = byDepth.length - 1; depth > 0; depth--) {
    for (const id of byDepth[depth] ?? []) {
      const parent = parentOf.get(id);
      if (parent != null) addInto(objectiveAcc.get(parent)!, objectiveAcc.get(id)!);
    }
  }

  // ── output: Records built with fromEntries, so an id such as « __proto__ » stays data ──
  const matrix: MatrixCell[] = [];
  const ambitionOrder = tree.ambitions
    .map((a, index) => ({ id: a.id, order: a.order, index }))
    .sort((x, y) => x.order - y.order || x.index - y.index)
    .map((a) => a.id as string | null);
  const byIdNullLast = (x: string | null, y: string | null): number =>
    x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
  for (const ambitionId of [...ambitionOrder, null]) {
    const row = cellAcc.get(ambitionId);
    if (row === undefined) continue;
    for (const directionId of [...row.keys()].sort(byIdNullLast)) {
      const figures = finish(row.get(directionId)!);
      matrix.push({ ambitionId, directionId, ...figures, health: health(figures) });
    }
  }

  return {
    formulaVersion: ROLLUP_FORMULA.version,
    today,
    plan: finish(planAcc),
    ambitions: Object.fromEntries([...ambitionAcc].map(([id, acc]) => [id, finish(acc)])),
    objectives: Object.fromEntries(
      [...objectiveAcc].map(([id, acc]) => [id, { ...finish(acc), programmeProgress: programmeProgress.get(id) ?? null }]),
    ),
    projects: Object.fromEntries(projectEntries),
    directions: Object.fromEntries(
      [...directionAcc.keys()].sort(byIdNullLast).map((id) => [id ?? NO_DIRECTION, finish(directionAcc.get(id)!)]),
    ),
    matrix,
  };
}

/**
 * One project's own figures, and what it adds to the levels above. They differ for an
 * abandoned project: its own progress is still reported (how far it got), but it adds
 * nothing to any mean, météo count or budget-weighted figure above it.
 */
function projectFigures(p: Project, sums: MilestoneSums | undefined): { figures: ProjectFigures; acc: Acc } {
  const computed = weightedProgress(sums);
  const override = p.progressOverride;
  const source: ProjectFigures['source'] = override !== null ? 'override' : computed !== null ? 'milestones' : 'status';
  const progress =
    override !== null ? unit(override.value) : computed !== null ? computed : p.status === 'Terminé' ? 1 : 0;
  const active = p.status !== 'Abandonné';
  const planned = p.budget.planned;

  const acc = newAcc();
  acc.projects = 1;
  acc.statuses[p.status] = 1;
  acc.milestones = sums?.milestones ?? 0;
  acc.late = sums?.late ?? 0;
  acc.budget = planned ?? 0;
  if (active) {
    acc.activeProjects = 1;
    acc.progressSum = progress;
    acc.progressCount = 1;
    acc.meteo[p.meteo?.value ?? 'none'] = 1;
    if (planned !== null && planned > 0) {
      acc.budgetWeight = planned;
      acc.budgetProgressSum = planned * progress;
    }
  }
  const figures: ProjectFigures = {
    ...finish(acc),
    progress, // the project's own value, abandoned or not
    computed,
    overridden: override !== null,
    source,
  };
  return { figures, acc };
}
