// Plans: list, create, read, change, delete. Also the few steps every editing handler
// shares (structure.ts, projects.ts use them): the edit context of a request, a body
// checked with messages in the caller's language, editing refusals as HTTP answers, and
// list answers `{ items, continuation }`.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { checkInput, createPlan, deletePlan, EditRefused, PlanCreateBody, PlanPatchBody, updatePlan, type EditContext } from '../../plan/editing.ts';
import { Plan } from '../../plan/model.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import type { Page } from '../../plan/store/ports.ts';
import { ApiError, errors, json, pageOptions, requireIfMatch, withEtag, type Lang } from '../http.ts';
import type { HandlerInput, Route } from '../route.ts';

// ───────────────────────── shared by the editing handlers ─────────────────────────

/** What plan/editing.ts needs of a request: the caller's tenant and id, and the runtime's clock. */
export function editContext({ rt, caller }: Pick<HandlerInput, 'rt' | 'caller'>): EditContext {
  return { store: rt.store, tenantId: caller.tenantId, userId: caller.userId, now: rt.now(), today: rt.today() };
}

/** An EditRefused as the API answers it: 400 for bad input, 409 for a delete with children. */
export function refusalToApiError(e: EditRefused, lang: Lang): ApiError {
  const details = e.details.length
    ? e.details.map((d) => ({ path: d.path, message: lang === 'en' ? d.en : d.fr }))
    : undefined;
  return e.reason === 'invalid'
    ? new ApiError(400, 'bad-request', e.fr, e.en, details)
    : new ApiError(409, 'has-children', e.fr, e.en, details);
}

/** Runs an editing operation, turning its refusals into API errors. */
export async function edit<T>(lang: Lang, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (e instanceof EditRefused) throw refusalToApiError(e, lang);
    throw e;
  }
}

/**
 * The JSON body checked against a schema, every wrong field listed in the caller's
 * language (400). Unknown and read-only fields (id, tenantId, etag, createdAt…) are
 * refused by the strict body schemas rather than silently dropped.
 */
export async function readBody<S extends z.ZodType>(req: HttpRequest, schema: S, lang: Lang): Promise<z.infer<S>> {
  let data: unknown;
  try {
    const text = await req.text();
    data = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw errors.badRequest('Le corps de la requête n’est pas du JSON valide.', 'The request body is not valid JSON.');
  }
  if (data === undefined) throw errors.badRequest('Corps de requête JSON attendu.', 'A JSON request body is expected.');
  return edit(lang, async () => checkInput(schema, data));
}

/** The answer of every list. */
export function listAnswer<T>(page: Page<T>): HttpResponseInit {
  return json(200, { items: page.items, continuation: page.continuation });
}

/** The schema of a list answer, for the route's documentation. */
export const PageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass it back as ?continuation= for the next page; null on the last one. */
    continuation: z.string().nullable(),
  });

/** A plan of the caller's tenant, or 404 (the same for another tenant's). */
export async function requirePlan({ rt, caller }: Pick<HandlerInput, 'rt' | 'caller'>, planId: string): Promise<Plan> {
  const plan = await rt.store.get(caller.tenantId, 'plan', planId);
  if (!plan) throw new NotFoundError('plan', planId);
  return plan;
}

/** A created record: 201, its ETag, and where to read it. */
export function created(record: { etag: string }, location: string): HttpResponseInit {
  const res = withEtag(201, record);
  return { ...res, headers: { ...(res.headers as Record<string, string>), location: `/api/${location}` } };
}

export const noContent = (): HttpResponseInit => ({ status: 204 });

const param = (params: Record<string, string>, name: string) => params[name] ?? '';

// ───────────────────────── routes ─────────────────────────

const TAGS = ['Plans'];

export const planRoutes: Route[] = [
  {
    name: 'plansList',
    methods: ['GET'],
    route: 'plans',
    doc: { summary: 'Les plans de la collectivité, du plus ancien au plus récent', tags: TAGS, paged: true, response: PageOf(Plan) },
    async handle({ req, rt, caller }) {
      return listAnswer(await rt.store.listPlans(caller.tenantId, pageOptions(req)));
    },
  },
  {
    name: 'plansCreate',
    methods: ['POST'],
    route: 'plans',
    doc: {
      summary: 'Crée un plan vide ; le premier plan de la collectivité devient son plan par défaut',
      tags: TAGS,
      body: PlanCreateBody,
      response: Plan,
      successStatus: 201,
    },
    async handle(input) {
      const body = await readBody(input.req, PlanCreateBody, input.lang);
      const plan = await edit(input.lang, () => createPlan(editContext(input), body));
      return created(plan, `plans/${plan.id}`);
    },
  },
  {
    name: 'planGet',
    methods: ['GET'],
    route: 'plans/{planId}',
    doc: { summary: 'Un plan', tags: TAGS, response: Plan },
    async handle(input) {
      return withEtag(200, await requirePlan(input, param(input.params, 'planId')));
    },
  },
  {
    name: 'planUpdate',
    methods: ['PATCH'],
    route: 'plans/{planId}',
    doc: { summary: 'Modifie le titre ou la description d’un plan', tags: TAGS, body: PlanPatchBody, response: Plan, ifMatch: true },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      const body = await readBody(input.req, PlanPatchBody, input.lang);
      const plan = await edit(input.lang, () => updatePlan(editContext(input), param(input.params, 'planId'), ifMatch, body));
      return withEtag(200, plan);
    },
  },
  {
    name: 'planDelete',
    methods: ['DELETE'],
    route: 'plans/{planId}',
    doc: {
      summary: 'Supprime un plan et tout ce qu’il contient (ambitions, objectifs, projets, jalons), en une seule fois',
      tags: TAGS,
      ifMatch: true,
      successStatus: 204,
    },
    async handle(input) {
      const ifMatch = requireIfMatch(input.req);
      await edit(input.lang, () => deletePlan(editContext(input), param(input.params, 'planId'), ifMatch));
      return noContent();
    },
  },
];
