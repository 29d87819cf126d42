// The plan's dashboard: the plan's structure and the sums of its levels (never its
// projects: on Cosmos DB they are kept up to date on each write), the tenant's direction
// names and today where the collectivité is; plan/rollup-docs.ts lays them out exactly as
// planDashboard would from the whole plan.
//
// With filters (`?direction=&status=&elu=&tag=`, the project list's syntax and predicate),
// no stored sum answers: the whole plan is loaded and planDashboard rolls up the matching
// projects and their milestones alone. Programmes (objectives' own milestones) belong to
// no project, so a filtered dashboard leaves them out.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { Dashboard, planDashboard } from '../../plan/dashboard.ts';
import type { PlanTree, Project } from '../../plan/model.ts';
import { dashboardFromSums } from '../../plan/rollup-docs.ts';
import { loadTenant } from '../../plan/settings.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import { normalizeLabel, PROJECT_STATUSES } from '../../plan/vocab.ts';
import { errors, json } from '../http.ts';
import type { DocumentedRouteDoc } from '../openapi.ts';
import type { HandlerInput, Route } from '../route.ts';
import { FILTERS_DOC, NONE, projectFilter } from './projects.ts';

/** The filters the dashboard takes: those of the project list that cut across the plan's structure. */
export const DASHBOARD_FILTERS = ['direction', 'status', 'elu', 'tag'] as const;

/** Longer than any id or tag a collectivité uses: such a value is a mistake, not a filter. */
const MAX_VALUE_LENGTH = 200;

/**
 * The dashboard's filters alone, as a query the project list's predicate reads (other
 * parameters, `ambition` or `q` say, are not the dashboard's and are ignored); null when
 * none is given. A value too long or holding control characters is a 400.
 */
export function dashboardQuery(req: Pick<HttpRequest, 'query'>): URLSearchParams | null {
  const query = new URLSearchParams();
  for (const name of DASHBOARD_FILTERS) {
    for (const raw of req.query.getAll(name)) {
      // eslint-disable-next-line no-control-regex
      if (raw.length > MAX_VALUE_LENGTH || /[\u0000-\u001f\u007f]/.test(raw)) {
        throw errors.badRequest(
          `Filtre ${name} invalide : une valeur de ${MAX_VALUE_LENGTH} caractères au plus, sans caractère de contrôle, est attendue.`,
          `Invalid ${name} filter: a value of at most ${MAX_VALUE_LENGTH} characters, with no control character, is expected.`,
        );
      }
      if (raw.trim() !== '') query.append(name, raw);
    }
  }
  return [...query.keys()].length > 0 ? query : null;
}

/** The plan cut down to the projects `keep` accepts and their milestones; programmes' milestones left out. */
export function filteredTree(tree: PlanTree, keep: (p: Project) => boolean): PlanTree {
  const projects = tree.projects.filter(keep);
  const ids = new Set(projects.map((p) => p.id));
  return {
    plan: tree.plan,
    ambitions: tree.ambitions,
    objectives: tree.objectives,
    projects,
    milestones: tree.milestones.filter((m) => m.projectId !== null && ids.has(m.projectId)),
  };
}

// ───────────────────────── the filters' values ─────────────────────────

const Count = z.number().int().min(0);

export const DashboardFilterValues = z.object({
  /** Directions leading or co-leading a project (the direction filter matches both), in the settings' order; `none` (« Sans direction »: no lead) last. */
  directions: z.array(z.object({ id: z.string(), name: z.string(), projects: Count })),
  /** The eight statuses, in their order, each with its number of projects. */
  statuses: z.array(z.object({ status: z.enum(PROJECT_STATUSES), projects: Count })),
  /** The élus named by the plan's projects, by name; `none` (« Sans élu ») last. */
  elus: z.array(z.object({ id: z.string(), name: z.string(), projects: Count })),
  /** The plan's tags, each spelled as most of its projects spell it (the filter ignores case and accents), alphabetically. */
  tags: z.array(z.object({ tag: z.string(), projects: Count })),
});
export type DashboardFilterValues = z.infer<typeof DashboardFilterValues>;

const LABELS = {
  fr: { noDirection: 'Sans direction', noElu: 'Sans élu' },
  en: { noDirection: 'No direction', noElu: 'No elected official' },
} as const;

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

async function filterValues(input: HandlerInput, tree: PlanTree, directionNames: Array<{ id: string; name: string }>): Promise<DashboardFilterValues> {
  const labels = LABELS[input.lang];
  const collator = new Intl.Collator(input.lang === 'en' ? 'en' : 'fr', { sensitivity: 'base', numeric: true });

  const directions = new Map<string, number>();
  const elus = new Map<string, number>();
  const statuses = new Map<string, number>();
  const tags = new Map<string, { projects: number; spellings: Map<string, number> }>();
  for (const p of tree.projects) {
    for (const d of new Set([p.leadDirectionId ?? NONE, ...p.coDirectionIds])) bump(directions, d);
    bump(elus, p.eluId ?? NONE);
    bump(statuses, p.status);
    const seen = new Set<string>();
    for (const tag of p.tags) {
      const key = normalizeLabel(tag);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const entry = tags.get(key) ?? { projects: 0, spellings: new Map<string, number>() };
      entry.projects += 1;
      bump(entry.spellings, tag.trim());
      tags.set(key, entry);
    }
  }

  const order = new Map(directionNames.map((d, i) => [d.id, i]));
  const rank = (id: string) => (id === NONE ? Number.MAX_SAFE_INTEGER : (order.get(id) ?? directionNames.length));
  const names = new Map(directionNames.map((d) => [d.id, d.name]));

  const people = await Promise.all(
    [...elus.keys()].filter((id) => id !== NONE).map(async (id) => [id, (await input.rt.store.get(input.caller.tenantId, 'person', id))?.displayName ?? id] as const),
  );
  const personNames = new Map(people);

  return {
    directions: [...directions]
      .sort(([a], [b]) => rank(a) - rank(b) || collator.compare(names.get(a) ?? a, names.get(b) ?? b))
      .map(([id, projects]) => ({ id, name: id === NONE ? labels.noDirection : (names.get(id) ?? id), projects })),
    statuses: PROJECT_STATUSES.map((status) => ({ status, projects: statuses.get(status) ?? 0 })),
    elus: [...elus]
      .map(([id, projects]) => ({ id, name: id === NONE ? labels.noElu : personNames.get(id)!, projects }))
      .sort((a, b) => Number(a.id === NONE) - Number(b.id === NONE) || collator.compare(a.name, b.name)),
    tags: [...tags.values()]
      .map((t) => ({ tag: [...t.spellings].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]))[0]![0], projects: t.projects }))
      .sort((a, b) => collator.compare(a.tag, b.tag)),
  };
}

// ───────────────────────── routes ─────────────────────────

const FILTER_QUERY_DOC: Record<(typeof DASHBOARD_FILTERS)[number], string> = {
  direction: FILTERS_DOC.direction,
  status: `${FILTERS_DOC.status} Un statut inconnu est une erreur 400.`,
  elu: FILTERS_DOC.elu,
  tag: FILTERS_DOC.tag,
};

const dashboardDoc: DocumentedRouteDoc = {
  summary:
    'Le tableau de bord d’un plan : totaux, ambitions et objectifs imbriqués, directions, croisement ambition × direction, et la formule de calcul publiée',
  description:
    'Sans filtre, il est tiré de la structure du plan et des sommes tenues à jour à chaque écriture (peu coûteux). ' +
    'Avec `direction`, `status`, `elu` ou `tag` (la syntaxe et la règle de la liste des projets : les valeurs d’un même filtre ' +
    's’additionnent, les filtres se combinent), chaque chiffre ne compte que les projets retenus et leurs jalons ; le plan entier ' +
    'est alors lu. Les programmes (jalons propres d’un objectif) ne sont pas des projets : un tableau de bord filtré les laisse de côté. ' +
    'Une valeur inconnue (une direction, une personne ou une étiquette que nul projet ne porte) donne des chiffres vides, ' +
    'pas une erreur ; un statut inconnu, une valeur de plus de 200 caractères ou portant un caractère de contrôle donnent une erreur 400. ' +
    '`totals.ambitions` et `totals.objectives` restent ceux du plan.',
  tags: ['Tableau de bord'],
  query: FILTER_QUERY_DOC,
  response: Dashboard,
};

export const dashboardRoutes: Route[] = [
  {
    name: 'planDashboard',
    methods: ['GET'],
    route: 'plans/{planId}/dashboard',
    doc: dashboardDoc,
    async handle(input) {
      const { rt, caller, params, lang } = input;
      const planId = params.planId ?? '';
      const query = dashboardQuery(input.req);
      const tenant = () => loadTenant(rt.store, caller.tenantId, rt.now().toISOString());
      if (query) {
        // Checked before the plan is read (a 400 costs no read); the objectives are only
        // for the objective filter, which is not the dashboard's.
        const keep = projectFilter({ query }, []);
        const [tree, { settings }] = await Promise.all([rt.store.loadPlan(caller.tenantId, planId), tenant()]);
        if (!tree) throw new NotFoundError('plan', planId);
        return json(200, planDashboard(filteredTree(tree, keep), settings, { today: rt.today(), lang }));
      }
      const [summary, { settings }] = await Promise.all([rt.store.loadPlanSummary(caller.tenantId, planId), tenant()]);
      if (!summary) throw new NotFoundError('plan', planId);
      return json(200, dashboardFromSums(summary, summary.levels, settings, { today: rt.today(), lang }));
    },
  },
  {
    name: 'planDashboardFilters',
    methods: ['GET'],
    route: 'plans/{planId}/dashboard/filters',
    doc: {
      summary: 'Les valeurs que prennent les filtres du tableau de bord dans ce plan (directions, statuts, élus, étiquettes), chacune avec son nombre de projets',
      description:
        'Lit le plan entier : le tableau de bord ne l’appelle qu’à l’ouverture de ses filtres. ' +
        '`none` désigne « Sans direction » (aucune direction pilote) et « Sans élu » ; les noms suivent Accept-Language.',
      tags: ['Tableau de bord'],
      response: DashboardFilterValues,
    } satisfies DocumentedRouteDoc,
    async handle(input) {
      const { rt, caller, params } = input;
      const planId = params.planId ?? '';
      const [tree, tenant] = await Promise.all([rt.store.loadPlan(caller.tenantId, planId), loadTenant(rt.store, caller.tenantId, rt.now().toISOString())]);
      if (!tree) throw new NotFoundError('plan', planId);
      return json(200, await filterValues(input, tree, tenant.settings.directions));
    },
  },
];
