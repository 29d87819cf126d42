// La feuille de route: a plan's strategic milestones grouped by ambition and placed by
// date, for the roadmap tab. One answer, not paged: a timeline needs every milestone at
// once, and this answer carries only what the timeline draws (no descriptions, no import
// bookkeeping), with project titles given once per project rather than per milestone.
//
// What is late is decided here, by plan/rollup.ts's isLate with the runtime's today
// (where the collectivité is), so that the tab shows the late milestones the dashboard
// counts and never re-derives the rule. A milestone's ambition is the roll-up's too: its
// project's, or, for a programme's own milestone, its objective's (inherited from the
// parent objective when the objective names none).
//
// Cost: the plan is read whole (loadPlan), as the project list does; on Cosmos DB that is
// the price in docs/ARCHITECTURE.md (≈ 2,000 RU for Paris), paid when the tab opens.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { IsoDate, type Milestone, type PlanTree } from '../../plan/model.ts';
import { isLate, objectiveHierarchy } from '../../plan/rollup.ts';
import { loadTenant } from '../../plan/settings.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import { MILESTONE_STATES, PROJECT_STATUSES } from '../../plan/vocab.ts';
import { errors, json } from '../http.ts';
import type { Route } from '../route.ts';

/** The filter value that means « none »: no ambition, or no lead direction. */
export const NONE = 'none';

// ───────────────────────── the answer ─────────────────────────

export const RoadmapMilestone = z.object({
  id: z.string(),
  title: z.string(),
  /** The project the milestone belongs to; null for a programme's own milestone. */
  projectId: z.string().nullable(),
  /** The programme (objective) of a milestone with no project. */
  objectiveId: z.string().nullable(),
  state: z.enum(MILESTONE_STATES),
  baselineDate: IsoDate.nullable(),
  forecastDate: IsoDate.nullable(),
  actualDate: IsoDate.nullable(),
  /**
   * Where the timeline places it: a reached milestone at its actual date when it has one;
   * otherwise its forecast date, else its baseline date, else its actual date. Null: no
   * date at all (listed apart, « Sans date »).
   */
  date: IsoDate.nullable(),
  /** Late by plan/rollup.ts's rule (isLate) on `today`. */
  late: z.boolean(),
});
export type RoadmapMilestone = z.infer<typeof RoadmapMilestone>;

const Count = z.number().int().min(0);

export const RoadmapRow = z.object({
  /** An ambition of the plan; null: « Sans ambition ». */
  id: z.string().nullable(),
  title: z.string(),
  /** Dated milestones of the row, late ones and reached ones among them. */
  milestones: Count,
  late: Count,
  reached: Count,
  /** By date, then the plan's order. */
  items: z.array(RoadmapMilestone),
});
export type RoadmapRow = z.infer<typeof RoadmapRow>;

export const RoadmapUndated = RoadmapMilestone.extend({
  /** The ambition it would be drawn in; null: « Sans ambition ». */
  ambitionId: z.string().nullable(),
});

export const Roadmap = z.object({
  planId: z.string(),
  /** The day late milestones were judged against (YYYY-MM-DD, where the collectivité is). */
  today: IsoDate,
  /** The plan's ambitions in their order (every one, even with no milestone), then « Sans ambition » when some dated milestone hangs on none. */
  rows: z.array(RoadmapRow),
  /** Strategic milestones with no date at all. */
  undated: z.object({ milestones: Count, late: Count, items: z.array(RoadmapUndated) }),
  /** The projects the milestones belong to. */
  projects: z.array(
    z.object({ id: z.string(), title: z.string(), status: z.enum(PROJECT_STATUSES), leadDirectionId: z.string().nullable() }),
  ),
  /** The programmes (objectives) whose own milestones are shown. */
  programmes: z.array(z.object({ id: z.string(), title: z.string() })),
  /** Milestones of the filtered projects left out because they are not strategic. */
  nonStrategic: Count,
});
export type Roadmap = z.infer<typeof Roadmap>;

// ───────────────────────── the rules ─────────────────────────

/** The date a milestone is drawn at (see RoadmapMilestone.date). */
export function roadmapDate(m: Pick<Milestone, 'state' | 'baselineDate' | 'forecastDate' | 'actualDate'>): string | null {
  if (m.state === 'Atteint' && m.actualDate !== null) return m.actualDate;
  return m.forecastDate ?? m.baselineDate ?? m.actualDate;
}

export interface RoadmapFilters {
  /** Ambition ids, NONE for « Sans ambition »; null: every ambition. */
  ambitions: ReadonlySet<string> | null;
  /** Direction ids (lead or co-direction of the project), NONE for no lead direction; null: every direction. */
  directions: ReadonlySet<string> | null;
}

/** The roadmap of a plan: pure, linear in its size but for the sort of each row. */
export function roadmapOf(
  tree: PlanTree,
  today: string,
  filters: RoadmapFilters = { ambitions: null, directions: null },
  lang: 'fr' | 'en' = 'fr',
): Roadmap {
  const ambitions = tree.ambitions
    .map((a, index) => ({ a, index }))
    .sort((x, y) => x.a.order - y.a.order || x.index - y.index)
    .map((x) => x.a);
  const ambitionIds = new Set(ambitions.map((a) => a.id));
  const projectsById = new Map(tree.projects.map((p) => [p.id, p]));
  const objectivesById = new Map(tree.objectives.map((o) => [o.id, o]));
  const { ambitionOf } = objectiveHierarchy(tree.objectives, ambitionIds);

  const rows = new Map<string | null, RoadmapMilestone[]>(ambitions.map((a) => [a.id, []]));
  const orderOf = new Map<string, number>();
  const undated: Array<z.infer<typeof RoadmapUndated>> = [];
  const projects = new Set<string>();
  const programmes = new Set<string>();
  let nonStrategic = 0;

  for (const m of tree.milestones) {
    const project = m.projectId !== null ? projectsById.get(m.projectId) : undefined;
    const programme = m.projectId === null && m.objectiveId !== null ? objectivesById.get(m.objectiveId) : undefined;
    const ambitionId = project
      ? project.ambitionId !== null && ambitionIds.has(project.ambitionId)
        ? project.ambitionId
        : null
      : programme
        ? ambitionOf.get(programme.id) ?? null
        : null;
    if (filters.ambitions && !filters.ambitions.has(ambitionId ?? NONE)) continue;
    if (filters.directions) {
      const lead = project?.leadDirectionId ?? null;
      const matches = (lead === null ? filters.directions.has(NONE) : filters.directions.has(lead)) || (project?.coDirectionIds ?? []).some((d) => filters.directions!.has(d));
      if (!matches) continue;
    }
    if (!m.strategic) {
      nonStrategic += 1;
      continue;
    }
    const item: RoadmapMilestone = {
      id: m.id,
      title: m.title,
      projectId: project ? project.id : m.projectId,
      objectiveId: m.objectiveId,
      state: m.state,
      baselineDate: m.baselineDate,
      forecastDate: m.forecastDate,
      actualDate: m.actualDate,
      date: roadmapDate(m),
      late: isLate(m, today, project?.status === 'Abandonné'),
    };
    if (project) projects.add(project.id);
    if (programme) programmes.add(programme.id);
    if (item.date === null) {
      undated.push({ ...item, ambitionId });
      continue;
    }
    orderOf.set(m.id, m.order);
    let row = rows.get(ambitionId);
    if (!row) rows.set(ambitionId, (row = []));
    row.push(item);
  }

  const byDate = (x: RoadmapMilestone, y: RoadmapMilestone) =>
    x.date! < y.date! ? -1 : x.date! > y.date! ? 1 : orderOf.get(x.id)! - orderOf.get(y.id)! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const titles = new Map<string | null, string>(ambitions.map((a) => [a.id, a.title]));
  // Every ambition of the plan (or the ones filtered on), then « Sans ambition » when it has milestones.
  const rowIds = [...ambitions.map((a) => a.id as string | null), null].filter((id) =>
    id === null ? (rows.get(null)?.length ?? 0) > 0 : !filters.ambitions || filters.ambitions.has(id),
  );
  return {
    planId: tree.plan.id,
    today,
    rows: rowIds.map((id) => {
      const items = (rows.get(id) ?? []).sort(byDate);
      return {
        id,
        title: titles.get(id) ?? (lang === 'en' ? 'No ambition' : 'Sans ambition'),
        milestones: items.length,
        late: items.filter((m) => m.late).length,
        reached: items.filter((m) => m.state === 'Atteint').length,
        items,
      };
    }),
    undated: { milestones: undated.length, late: undated.filter((m) => m.late).length, items: undated },
    projects: tree.projects
      .filter((p) => projects.has(p.id))
      .map((p) => ({ id: p.id, title: p.title, status: p.status, leadDirectionId: p.leadDirectionId })),
    programmes: tree.objectives.filter((o) => programmes.has(o.id)).map((o) => ({ id: o.id, title: o.title })),
    nonStrategic,
  };
}

// ───────────────────────── the request ─────────────────────────

function values(req: HttpRequest, name: string): string[] {
  return req.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `?ambition=&direction=`, each value checked against the plan and the tenant: a typo is a 400, not an empty roadmap. */
function filtersOf(req: HttpRequest, tree: PlanTree, directionIds: ReadonlySet<string>): RoadmapFilters {
  const ambitions = values(req, 'ambition');
  const known = new Set(tree.ambitions.map((a) => a.id));
  const badAmbition = ambitions.find((a) => a !== NONE && !known.has(a));
  if (badAmbition !== undefined) {
    throw errors.badRequest(
      `Ambition « ${badAmbition} » inconnue dans ce plan : donnez l’id d’une de ses ambitions, ou ${NONE} pour « Sans ambition ».`,
      `Unknown ambition "${badAmbition}" in this plan: give the id of one of its ambitions, or ${NONE} for “no ambition”.`,
    );
  }
  const directions = values(req, 'direction');
  const badDirection = directions.find((d) => d !== NONE && !directionIds.has(d));
  if (badDirection !== undefined) {
    throw errors.badRequest(
      `Direction « ${badDirection} » inconnue : donnez l’id d’une direction de la collectivité, ou ${NONE} pour « Sans direction ».`,
      `Unknown direction "${badDirection}": give the id of one of the tenant's directions, or ${NONE} for “no direction”.`,
    );
  }
  return {
    ambitions: ambitions.length ? new Set(ambitions) : null,
    directions: directions.length ? new Set(directions) : null,
  };
}

export const roadmapRoutes: Route[] = [
  {
    name: 'planRoadmap',
    methods: ['GET'],
    route: 'plans/{planId}/roadmap',
    doc: {
      summary:
        'La feuille de route d’un plan : ses jalons stratégiques par ambition, chacun avec la date où il se place et s’il est en retard (la règle du tableau de bord), et à part ceux sans date',
      tags: ['Feuille de route'],
      query: {
        ambition: 'Id d’ambition, ou `none` : sans ambition. Répétable ou séparé par des virgules (l’une ou l’autre).',
        direction:
          'Id de direction, pilote ou co-pilote du projet ; `none` : sans direction pilote (les jalons propres d’un programme en font partie). Répétable.',
      },
      response: Roadmap,
    },
    async handle({ req, rt, caller, params, lang }) {
      const planId = params.planId ?? '';
      const [tree, tenant] = await Promise.all([
        rt.store.loadPlan(caller.tenantId, planId),
        loadTenant(rt.store, caller.tenantId, rt.now().toISOString()),
      ]);
      if (!tree) throw new NotFoundError('plan', planId);
      // The tenant's directions, and any a project names that the settings do not (an import's).
      const directionIds = new Set(tenant.settings.directions.map((d) => d.id));
      for (const p of tree.projects) {
        if (p.leadDirectionId !== null) directionIds.add(p.leadDirectionId);
        for (const d of p.coDirectionIds) directionIds.add(d);
      }
      return json(200, roadmapOf(tree, rt.today(), filtersOf(req, tree, directionIds), lang));
    },
  },
];
