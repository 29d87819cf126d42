// The plan's dashboard: the roll-up (plan/rollup.ts) laid out the way the screens read
// it — the plan, its totals, ambitions with their objectives nested (sub-objectives
// under their parent), directions by name, the ambition × direction matrix — and the
// published formula that explains every figure. Pure: no I/O, no clock.
//
// Figures at every level are the roll-up's LevelFigures, unchanged: progress in 0..1
// (null when there is nothing to average), météo and statuses as counts.
//
// Plans without axes: projects that hang on no ambition (ambitionId null, or naming an
// ambition that is not in the plan) and objectives with no ambition are gathered in
// `unassigned` (« Sans ambition »), with the same figures; it is null when there is
// none. So Σ ambitions[].projects + (unassigned?.projects ?? 0) = totals.projects, and
// the matrix has a row whose ambitionId is null for them.
import { z } from 'zod';
import type { Ambition, Objective, Plan, PlanTree, TenantSettings } from './model.ts';
import { NO_DIRECTION, ROLLUP_FORMULA, rollUp, type LevelFigures, type PlanRollup } from './rollup.ts';
import { METEOS, PROJECT_STATUSES } from './vocab.ts';

// ───────────────────────── the answer's shape ─────────────────────────

const Count = z.number().int().min(0);
const Ratio = z.number().min(0).max(1).nullable();

/** The roll-up's figures of one level (see LevelFigures in plan/rollup.ts). */
export const Figures = z.object({
  /** All projects below, abandoned included. */
  projects: Count,
  /** Projects not abandoned: the ones averaged. */
  activeProjects: Count,
  /** Programmes (objectives' own milestones) averaged alongside the projects. */
  programmes: Count,
  milestones: Count,
  late: Count,
  /** 0..1, null when there is nothing to average. */
  progress: Ratio,
  progressByBudget: Ratio,
  /** Σ planned budget, abandoned projects included. */
  budget: z.number(),
  /** Projects not abandoned per declared météo; `none`: no météo declared. */
  meteo: z.object({ soleil: Count, nuageux: Count, orage: Count, none: Count }),
  meteoWorst: z.enum(METEOS).nullable(),
  /** All projects per status, the 8 statuses always present. */
  statuses: z.record(z.enum(PROJECT_STATUSES), Count),
});
export type Figures = z.infer<typeof Figures>;

/** A project's own figures: `computed` stays visible when an override replaces it. */
export const ProjectFigures = Figures.extend({
  /** From the milestones; null when the project has no strategic, non-abandoned one. */
  computed: Ratio,
  overridden: z.boolean(),
  source: z.enum(['milestones', 'status', 'override']),
});
export type ProjectFigures = z.infer<typeof ProjectFigures>;

export const ObjectiveNode = Figures.extend({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['objective', 'programme']),
  ambitionId: z.string().nullable(),
  parentId: z.string().nullable(),
  /** The progress of the objective's own milestones, null when it has none. */
  programmeProgress: Ratio,
  /** Its sub-objectives, same shape; figures above include theirs. */
  get objectives() {
    return z.array(ObjectiveNode);
  },
});
export type ObjectiveNode = z.infer<typeof ObjectiveNode>;

export const AmbitionNode = z.object({
  id: z.string(),
  title: z.string(),
  ...Figures.shape,
  /** Its top-level objectives, sub-objectives nested under them. */
  objectives: z.array(ObjectiveNode),
});
export type AmbitionNode = z.infer<typeof AmbitionNode>;

export const UnassignedNode = z.object({
  /** « Sans ambition ». */
  title: z.string(),
  ...Figures.shape,
  objectives: z.array(ObjectiveNode),
});

export const DirectionEntry = z.object({
  /** A direction id of the tenant's settings, or 'none' for « Sans direction ». */
  id: z.string(),
  /** From the tenant's settings; « Sans direction » for none; the id for a direction the settings no longer have. */
  name: z.string(),
  code: z.string().nullable(),
  ...Figures.shape,
});

export const DashboardCell = z.object({
  /** null: projects on no ambition (the `unassigned` row). */
  ambitionId: z.string().nullable(),
  /** A directions[].id: 'none' for « Sans direction ». */
  directionId: z.string(),
  ...Figures.shape,
  health: z.enum(['critical', 'watch', 'good', 'none']),
});

export const Dashboard = z.object({
  /** The day late milestones were judged against. */
  today: z.string(),
  plan: z.object({ id: z.string(), title: z.string(), description: z.string(), ...Figures.shape }),
  totals: z.object({
    ambitions: Count,
    objectives: Count,
    projects: Count,
    milestones: Count,
    budget: z.number(),
    late: Count,
  }),
  ambitions: z.array(AmbitionNode),
  /** What hangs on no ambition (plans without axes); null when nothing does. */
  unassigned: UnassignedNode.nullable(),
  /** Directions leading at least one project, in the settings' order, « Sans direction » last. */
  directions: z.array(DirectionEntry),
  matrix: z.object({
    /** Every ambition in the plan's order, then { id: null } when some project has none. */
    rows: z.array(z.object({ id: z.string().nullable(), title: z.string() })),
    /** The directions that lead projects, as in `directions`. */
    columns: z.array(z.object({ id: z.string(), name: z.string() })),
    /** One cell per (row, column) pair that has projects; Σ cells[].projects = totals.projects. */
    cells: z.array(DashboardCell),
  }),
  /** ROLLUP_FORMULA: how every figure above is computed, in French and English. */
  formula: z.object({
    version: z.number(),
    fr: z.record(z.string(), z.string()),
    en: z.record(z.string(), z.string()),
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;

// ───────────────────────── building it ─────────────────────────

export interface DashboardOptions {
  /** YYYY-MM-DD: late milestones are judged against it. */
  today: string;
  /** Language of the few labels the dashboard makes up (« Sans direction », « Sans ambition »). */
  lang?: 'fr' | 'en';
}

const LABELS = {
  fr: { noDirection: 'Sans direction', noAmbition: 'Sans ambition' },
  en: { noDirection: 'No direction', noAmbition: 'No ambition' },
} as const;

/** Only the figures, in a fixed order: nothing else of the roll-up's objects leaks out. */
/** A level's figures as the API answers them (copies: the roll-up's objects are never shared). */
export function figures(f: LevelFigures): Figures {
  return {
    projects: f.projects,
    activeProjects: f.activeProjects,
    programmes: f.programmes,
    milestones: f.milestones,
    late: f.late,
    progress: f.progress,
    progressByBudget: f.progressByBudget,
    budget: f.budget,
    meteo: { ...f.meteo },
    meteoWorst: f.meteoWorst,
    statuses: { ...f.statuses },
  };
}

/** The plan's dashboard, from the whole plan, the tenant's settings (direction names) and today. */
export function planDashboard(tree: PlanTree, settings: Pick<TenantSettings, 'directions'>, options: DashboardOptions): Dashboard {
  const rollup = rollUp(tree, { today: options.today });
  const ambitionIds = new Set(tree.ambitions.map((a) => a.id));
  const levels: DashboardFigures = {
    today: rollup.today,
    plan: rollup.plan,
    ambitions: rollup.ambitions,
    objectives: rollup.objectives,
    directions: rollup.directions,
    matrix: rollup.matrix,
    unassigned: unassigned(tree, ambitionIds, options.today),
    counts: { projects: tree.projects.length, milestones: tree.milestones.length },
  };
  return layoutDashboard(tree, levels, settings, options.lang);
}

/**
 * What a dashboard lays out: the roll-up's levels (not its projects), the figures of what
 * hangs on no ambition, and how many projects and milestones the plan has. planDashboard
 * takes them from rollUp; dashboardFromSums (plan/rollup-docs.ts) from stored sums.
 */
export interface DashboardFigures extends Pick<PlanRollup, 'today' | 'plan' | 'ambitions' | 'objectives' | 'directions' | 'matrix'> {
  /** « Sans ambition »: `empty` when no project and no milestone hangs there. */
  unassigned: { figures: LevelFigures; empty: boolean };
  counts: { projects: number; milestones: number };
}

/**
 * The dashboard from the plan's structure (plan, ambitions, objectives: never projects
 * nor milestones) and the figures of its levels.
 */
export function layoutDashboard(
  tree: { plan: Plan; ambitions: readonly Ambition[]; objectives: readonly Objective[] },
  rollup: DashboardFigures,
  settings: Pick<TenantSettings, 'directions'>,
  lang: DashboardOptions['lang'] = 'fr',
): Dashboard {
  const labels = LABELS[lang];
  const ambitionIds = new Set(tree.ambitions.map((a) => a.id));
  const ambitionOrder = [...tree.ambitions].map((a, index) => ({ a, index })).sort((x, y) => x.a.order - y.a.order || x.index - y.index);

  // ── objectives nested: children under their parent, roots under their ambition ──
  const byId = new Map(tree.objectives.map((o) => [o.id, o]));
  const children = new Map<string, Objective[]>();
  const roots: Objective[] = [];
  for (const o of tree.objectives) {
    if (o.parentId !== null && o.parentId !== o.id && byId.has(o.parentId)) {
      children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
    } else {
      roots.push(o);
    }
  }
  const placed = new Set<string>();
  const node = (o: Objective): ObjectiveNode => {
    placed.add(o.id);
    const f = rollup.objectives[o.id]!;
    return {
      id: o.id,
      title: o.title,
      kind: o.kind,
      ambitionId: o.ambitionId,
      parentId: o.parentId,
      ...figures(f),
      programmeProgress: f.programmeProgress,
      objectives: (children.get(o.id) ?? []).filter((c) => !placed.has(c.id)).map(node),
    };
  };
  const topByAmbition = new Map<string | null, ObjectiveNode[]>();
  const addTop = (o: Objective) => {
    const key = o.ambitionId !== null && ambitionIds.has(o.ambitionId) ? o.ambitionId : null;
    topByAmbition.set(key, [...(topByAmbition.get(key) ?? []), node(o)]);
  };
  for (const o of roots) addTop(o);
  // Objectives on a cycle of parents are reached from no root: each shown at the top, once.
  for (const o of tree.objectives) if (!placed.has(o.id)) addTop({ ...o, parentId: null });

  const ambitions: AmbitionNode[] = ambitionOrder.map(({ a }) => ({
    id: a.id,
    title: a.title,
    ...figures(rollup.ambitions[a.id]!),
    objectives: topByAmbition.get(a.id) ?? [],
  }));

  // ── what hangs on no ambition ──
  const looseObjectives = topByAmbition.get(null) ?? [];
  const loose = rollup.unassigned;
  const unassignedNode =
    loose.empty && looseObjectives.length === 0
      ? null
      : { title: labels.noAmbition, ...figures(loose.figures), objectives: looseObjectives };

  // ── directions, by name ──
  const known = new Map(settings.directions.map((d, index) => [d.id, { d, index }]));
  const directionKeys = Object.keys(rollup.directions).sort((x, y) => {
    const rank = (id: string) => (id === NO_DIRECTION ? Number.MAX_SAFE_INTEGER : (known.get(id)?.index ?? settings.directions.length));
    return rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0);
  });
  const directions = directionKeys.map((id) => {
    const d = id === NO_DIRECTION ? undefined : known.get(id)?.d;
    return {
      id,
      name: id === NO_DIRECTION ? labels.noDirection : (d?.name ?? id),
      code: d?.code ?? null,
      ...figures(rollup.directions[id]!),
    };
  });

  // ── the matrix ──
  const cells = rollup.matrix.map((c) => ({
    ambitionId: c.ambitionId,
    directionId: c.directionId ?? NO_DIRECTION,
    ...figures(c),
    health: c.health,
  }));
  const rows: Array<{ id: string | null; title: string }> = ambitionOrder.map(({ a }) => ({ id: a.id, title: a.title }));
  if (cells.some((c) => c.ambitionId === null)) rows.push({ id: null, title: labels.noAmbition });

  return {
    today: rollup.today,
    plan: { id: tree.plan.id, title: tree.plan.title, description: tree.plan.description, ...figures(rollup.plan) },
    totals: {
      ambitions: tree.ambitions.length,
      objectives: tree.objectives.length,
      projects: rollup.counts.projects,
      milestones: rollup.counts.milestones,
      budget: rollup.plan.budget,
      late: rollup.plan.late,
    },
    ambitions,
    unassigned: unassignedNode,
    directions,
    matrix: { rows, columns: directions.map((d) => ({ id: d.id, name: d.name })), cells },
    formula: ROLLUP_FORMULA,
  };
}

/**
 * The figures of what hangs on no ambition: projects whose ambition is not in the plan,
 * and the programmes of objectives that have none (own or inherited). A roll-up of that
 * part of the tree alone, so the figures follow the same formula.
 */
function unassigned(tree: PlanTree, ambitionIds: ReadonlySet<string>, today: string): { figures: LevelFigures; empty: boolean } {
  const projects = tree.projects.filter((p) => p.ambitionId === null || !ambitionIds.has(p.ambitionId));
  const objectives = objectivesOnNoAmbition(tree.objectives, ambitionIds);
  const objectiveIds = new Set(objectives.map((o) => o.id));
  const projectIds = new Set(projects.map((p) => p.id));
  const milestones = tree.milestones.filter((m) =>
    m.projectId !== null ? projectIds.has(m.projectId) : m.objectiveId !== null && objectiveIds.has(m.objectiveId),
  );
  const part: PlanRollup = rollUp({ plan: tree.plan, ambitions: [], objectives, projects, milestones }, { today });
  return { figures: part.plan, empty: projects.length === 0 && milestones.length === 0 };
}

/**
 * The objectives whose programmes count under « Sans ambition »: neither they nor any
 * ancestor (walking parents until one repeats) names an ambition of the plan.
 */
export function objectivesOnNoAmbition(objectives: readonly Objective[], ambitionIds: ReadonlySet<string>): Objective[] {
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const ambitionOf = (o: Objective): string | null => {
    const seen = new Set<string>();
    let cur: Objective | undefined = o;
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      if (cur.ambitionId !== null && ambitionIds.has(cur.ambitionId)) return cur.ambitionId;
      cur = cur.parentId !== null ? byId.get(cur.parentId) : undefined;
    }
    return null;
  };
  return objectives.filter((o) => ambitionOf(o) === null);
}
