// Projects and their milestones. A project is answered with its figures (progress, the
// value computed from its milestones even when overridden, late milestones…), so that a
// screen shows what the dashboard counts. The project list filters and pages in one go.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { figures, ProjectFigures } from '../../plan/dashboard.ts';
import {
  createMilestone,
  createProject,
  deleteMilestone,
  deleteProject,
  MilestoneCreateBody,
  MilestonePatchBody,
  ProjectCreateBody,
  ProjectPatchBody,
  updateMilestone,
  updateProject,
} from '../../plan/editing.ts';
import { Milestone, Project, type EntityByKind, type Objective, type Plan } from '../../plan/model.ts';
import { rollUp } from '../../plan/rollup.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import type { Page, PlanChildKind } from '../../plan/store/ports.ts';
import { matchStatus, normalizeLabel, PROJECT_STATUSES, type ProjectStatus } from '../../plan/vocab.ts';
import { errors, json, pageOptions, requireIfMatch, withEtag } from '../http.ts';
import type { HandlerInput, Route } from '../route.ts';
import { created, edit, editContext, listAnswer, noContent, PageOf, readBody, requirePlan } from './plans.ts';

const TAGS = ['Projets'];
const param = (input: HandlerInput, name: string) => input.params[name] ?? '';

/** The filter value that means « none » (no ambition, « Sans direction », no élu…). */
export const NONE = 'none';

// ───────────────────────── reading ─────────────────────────

async function getOwned<K extends 'project' | 'milestone'>(input: HandlerInput, kind: K, id: string): Promise<EntityByKind[K]> {
  const record = await input.rt.store.get(input.caller.tenantId, kind, id);
  if (!record) throw new NotFoundError(kind, id);
  return record;
}

/** Every record of a kind in a plan, page after page. */
async function allInPlan<K extends PlanChildKind>(input: HandlerInput, kind: K, planId: string): Promise<Array<EntityByKind[K]>> {
  const out: Array<EntityByKind[K]> = [];
  let continuation: string | null = null;
  do {
    const page: Page<EntityByKind[K]> = await input.rt.store.listInPlan(input.caller.tenantId, kind, planId, { limit: 1000, continuation });
    out.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return out;
}

/** A project as answered: the record and its figures from the roll-up of its milestones. */
export const ProjectWithFigures = Project.extend({ figures: ProjectFigures });
export type ProjectWithFigures = z.infer<typeof ProjectWithFigures>;

/** Figures of some projects of a plan: a roll-up of just them and their milestones (a project's figures depend on nothing else). */
function withFigures(plan: Plan, projects: Project[], milestones: Milestone[], today: string): ProjectWithFigures[] {
  const ids = new Set(projects.map((p) => p.id));
  const rollup = rollUp(
    { plan, ambitions: [], objectives: [], projects, milestones: milestones.filter((m) => m.projectId !== null && ids.has(m.projectId)) },
    { today },
  );
  return projects.map((p) => {
    const f = rollup.projects[p.id]!;
    return {
      ...p,
      figures: {
        ...figures(f),
        computed: f.computed,
        overridden: f.overridden,
        source: f.source,
      },
    };
  });
}

async function projectAnswer(input: HandlerInput, project: Project, status = 200) {
  const plan = await requirePlan(input, project.planId);
  const milestones = (await allInPlan(input, 'milestone', project.planId)).filter((m) => m.projectId === project.id);
  const [answer] = withFigures(plan, [project], milestones, input.rt.today());
  return status === 201 ? created(answer!, `projects/${project.id}`) : withEtag(status, answer!);
}

// ───────────────────────── paging in memory ─────────────────────────

// Filtered lists are filtered here, not in the store: the page token is then this list's
// own keyset position (the last item's order and id), never an offset, so that records
// added or removed between two pages cause no duplicate and no gap.
type Keyed = { order: number; id: string };
const byOrderThenId = (a: Keyed, b: Keyed) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function badToken(): never {
  throw errors.badRequest(
    'Jeton de continuation invalide : reprenez la liste depuis le début.',
    'Invalid continuation token: list again from the start.',
  );
}

function decodeKey(token: string): Keyed {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) badToken();
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { order: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through
  }
  return badToken();
}

const encodeKey = (k: Keyed) => Buffer.from(JSON.stringify([k.order, k.id]), 'utf8').toString('base64url');

export function pageInMemory<T extends Keyed>(all: T[], req: HttpRequest): Page<T> {
  const { limit = 100, continuation } = pageOptions(req);
  const after = continuation ? decodeKey(continuation) : null;
  const sorted = [...all].sort(byOrderThenId);
  const start = after ? sorted.findIndex((x) => byOrderThenId(x, after) > 0) : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, limit);
  return { items, continuation: rest.length > limit ? encodeKey(items[items.length - 1]!) : null };
}

// ───────────────────────── the project list's filters ─────────────────────────

export const FILTERS_DOC = {
  ambition: 'Id d’ambition, ou `none` : sans ambition. Répétable ou séparé par des virgules (l’un ou l’autre).',
  objective: 'Id d’objectif (ses sous-objectifs compris), ou `none`. Répétable ou séparé par des virgules.',
  direction: 'Id de direction, pilote ou co-pilote ; `none` : « Sans direction » (aucune direction pilote). Répétable.',
  status: `Statut (${PROJECT_STATUSES.join(', ')}) ; accents et casse indifférents. Répétable ou séparé par des virgules.`,
  elu: 'Id de la personne élue référente, ou `none`. Répétable.',
  tag: 'Étiquette (casse et accents indifférents). Répétable : l’une ou l’autre.',
  q: 'Texte cherché dans le titre et la description, sans tenir compte des majuscules ni des accents.',
  limit: '1 à 1000, 100 par défaut.',
  continuation: 'Le jeton rendu par la page précédente.',
};

function values(req: Pick<HttpRequest, 'query'>, name: string, split = true): string[] {
  return req.query
    .getAll(name)
    .flatMap((v) => (split ? v.split(',') : [v]))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Builds the predicate of `?ambition=&objective=&direction=&status=&elu=&tag=&q=`: filters combine (and), values of one filter alternate (or).
 * An unknown status is a 400; the dashboard's filters (handlers/dashboard.ts) use it too.
 */
export function projectFilter(req: Pick<HttpRequest, 'query'>, objectives: readonly Objective[]): (p: Project) => boolean {
  const tests: Array<(p: Project) => boolean> = [];
  const ids = (name: string) => {
    const v = values(req, name);
    return v.length ? new Set(v) : null;
  };
  const oneOf = (set: Set<string>, value: string | null) => set.has(value ?? NONE);

  const ambitions = ids('ambition');
  if (ambitions) tests.push((p) => oneOf(ambitions, p.ambitionId));

  const objectiveIds = ids('objective');
  if (objectiveIds) {
    // An objective's projects include its sub-objectives', as its figures do.
    const children = new Map<string, string[]>();
    for (const o of objectives) if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
    const wanted = new Set(objectiveIds);
    const stack = [...objectiveIds];
    while (stack.length) for (const c of children.get(stack.pop()!) ?? []) if (!wanted.has(c)) (wanted.add(c), stack.push(c));
    tests.push((p) => oneOf(wanted, p.objectiveId));
  }

  const directions = ids('direction');
  if (directions) {
    tests.push(
      (p) =>
        (p.leadDirectionId === null ? directions.has(NONE) : directions.has(p.leadDirectionId)) ||
        p.coDirectionIds.some((d) => directions.has(d)),
    );
  }

  const statusValues = values(req, 'status');
  if (statusValues.length) {
    const statuses = new Set<ProjectStatus>();
    for (const v of statusValues) {
      const s = (PROJECT_STATUSES as readonly string[]).includes(v) ? (v as ProjectStatus) : matchStatus(v);
      if (!s) {
        throw errors.badRequest(
          `Statut inconnu « ${v} » : attendu ${PROJECT_STATUSES.join(', ')}.`,
          `Unknown status "${v}": expected ${PROJECT_STATUSES.join(', ')}.`,
        );
      }
      statuses.add(s);
    }
    tests.push((p) => statuses.has(p.status));
  }

  const elus = ids('elu');
  if (elus) tests.push((p) => oneOf(elus, p.eluId));

  const tags = values(req, 'tag', false).map(normalizeLabel).filter(Boolean);
  if (tags.length) tests.push((p) => p.tags.some((t) => tags.includes(normalizeLabel(t))));

  const q = normalizeLabel(req.query.get('q') ?? '');
  if (q) tests.push((p) => normalizeLabel(`${p.title} ${p.description}`).includes(q));

  return (p) => tests.every((t) => t(p));
}

// ───────────────────────── routes ─────────────────────────

export const projectRoutes: Route[] = [
  // ── projects ──
  {
    name: 'projectsList',
    methods: ['GET'],
    route: 'plans/{planId}/projects',
    doc: {
      summary: 'Les projets d’un plan, filtrés et paginés, chacun avec ses chiffres',
      tags: TAGS,
      query: FILTERS_DOC,
      paged: true,
      response: PageOf(ProjectWithFigures),
    },
    async handle(input) {
      const tree = await input.rt.store.loadPlan(input.caller.tenantId, param(input, 'planId'));
      if (!tree) throw new NotFoundError('plan', param(input, 'planId'));
      const keep = projectFilter(input.req, tree.objectives);
      const page = pageInMemory(tree.projects.filter(keep), input.req);
      return json(200, { items: withFigures(tree.plan, page.items, tree.milestones, input.rt.today()), continuation: page.continuation });
    },
  },
  {
    name: 'projectsCreate',
    methods: ['POST'],
    route: 'plans/{planId}/projects',
    doc: {
      summary: 'Ajoute un projet au plan ; rattaché à un objectif, il prend l’ambition de celui-ci',
      tags: TAGS,
      body: ProjectCreateBody,
      response: ProjectWithFigures,
      successStatus: 201,
    },
    async handle(input) {
      const body = await readBody(input.req, ProjectCreateBody, input.lang);
      const project = await edit(input.lang, () => createProject(editContext(input), param(input, 'planId'), body));
      return projectAnswer(input, project, 201);
    },
  },
  {
    name: 'projectGet',
    methods: ['GET'],
    route: 'projects/{projectId}',
    doc: { summary: 'Un projet, avec ses chiffres (avancement calculé et forcé, jalons en retard…)', tags: TAGS, response: ProjectWithFigures },
    async handle(input) {
      return projectAnswer(input, await getOwned(input, 'project', param(input, 'projectId')));
    },
  },
  {
    name: 'projectUpdate',
    methods: ['PATCH'],
    route: 'projects/{projectId}',
    doc: {
      summary:
        'Modifie un projet. `meteo` déclare la météo du jour (ajoutée à l’historique) ; `progressOverride` force l’avancement avec un commentaire obligatoire (null le lève)',
      tags: TAGS,
      body: ProjectPatchBody,
      response: ProjectWithFigures,
      ifMatch: true,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      const body = await readBody(input.req, ProjectPatchBody, input.lang);
      const project = await edit(input.lang, () => updateProject(editContext(input), param(input, 'projectId'), ifMatch, body));
      return projectAnswer(input, project);
    },
  },
  {
    name: 'projectDelete',
    methods: ['DELETE'],
    route: 'projects/{projectId}',
    doc: { summary: 'Supprime un projet et ses jalons', tags: TAGS, ifMatch: true, successStatus: 204 },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      await edit(input.lang, () => deleteProject(editContext(input), param(input, 'projectId'), ifMatch));
      return noContent();
    },
  },
  // ── milestones ──
  {
    name: 'planMilestonesList',
    methods: ['GET'],
    route: 'plans/{planId}/milestones',
    doc: { summary: 'Tous les jalons d’un plan, dans leur ordre', tags: TAGS, paged: true, response: PageOf(Milestone) },
    async handle(input) {
      const plan = await requirePlan(input, param(input, 'planId'));
      return listAnswer(await input.rt.store.listInPlan(input.caller.tenantId, 'milestone', plan.id, pageOptions(input.req)));
    },
  },
  {
    name: 'projectMilestonesList',
    methods: ['GET'],
    route: 'projects/{projectId}/milestones',
    doc: { summary: 'Les jalons d’un projet, dans leur ordre', tags: TAGS, paged: true, response: PageOf(Milestone) },
    async handle(input) {
      const project = await getOwned(input, 'project', param(input, 'projectId'));
      const milestones = (await allInPlan(input, 'milestone', project.planId)).filter((m) => m.projectId === project.id);
      return listAnswer(pageInMemory(milestones, input.req));
    },
  },
  {
    name: 'projectMilestonesCreate',
    methods: ['POST'],
    route: 'projects/{projectId}/milestones',
    doc: {
      summary: 'Ajoute un jalon au projet ; « Atteint » le met à 100 % et, sans date réelle, atteint aujourd’hui',
      tags: TAGS,
      body: MilestoneCreateBody,
      response: Milestone,
      successStatus: 201,
    },
    async handle(input) {
      const body = await readBody(input.req, MilestoneCreateBody, input.lang);
      const milestone = await edit(input.lang, () => createMilestone(editContext(input), param(input, 'projectId'), body));
      return created(milestone, `milestones/${milestone.id}`);
    },
  },
  {
    name: 'milestoneGet',
    methods: ['GET'],
    route: 'milestones/{milestoneId}',
    doc: { summary: 'Un jalon', tags: TAGS, response: Milestone },
    async handle(input) {
      return withEtag(200, await getOwned(input, 'milestone', param(input, 'milestoneId')));
    },
  },
  {
    name: 'milestoneUpdate',
    methods: ['PATCH'],
    route: 'milestones/{milestoneId}',
    doc: {
      summary:
        'Met à jour un jalon (état, achèvement, dates, commentaire : noté dans lastUpdate). La date de référence ne bouge jamais une fois fixée',
      tags: TAGS,
      body: MilestonePatchBody,
      response: Milestone,
      ifMatch: true,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      const body = await readBody(input.req, MilestonePatchBody, input.lang);
      return withEtag(200, await edit(input.lang, () => updateMilestone(editContext(input), param(input, 'milestoneId'), ifMatch, body)));
    },
  },
  {
    name: 'milestoneDelete',
    methods: ['DELETE'],
    route: 'milestones/{milestoneId}',
    doc: { summary: 'Supprime un jalon', tags: TAGS, ifMatch: true, successStatus: 204 },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      await edit(input.lang, () => deleteMilestone(editContext(input), param(input, 'milestoneId'), ifMatch));
      return noContent();
    },
  },
];
