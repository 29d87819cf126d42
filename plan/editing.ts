// Editing a plan by hand: creating, changing and deleting plans, ambitions, objectives,
// projects and milestones. No HTTP here: the API's handlers are thin wrappers, and the
// bot or a script can call the same operations.
//
// What every operation guarantees:
// - everything is scoped to ctx.tenantId: another tenant's id is « not found », never seen;
// - an update or a delete names the version it read (ifMatch): a stale one fails with
//   ConflictError carrying the current record, before anything else is checked;
// - a reference to an ambition, objective, direction or person that does not exist (in
//   this plan, in this tenant) is refused with a clear message, and nothing is stored;
// - each operation is one store commit: all of it, or nothing.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  Ambition,
  Milestone,
  Objective,
  Plan,
  Project,
  type EntityByKind,
  type EntityKind,
  type MeteoDeclaration,
  type PlanTree,
} from './model.ts';
import { loadTenant, tenantWrite } from './settings.ts';
import { ConflictError, NotFoundError } from './store/errors.ts';
import type { PlanChildKind, PlanStore, Write } from './store/ports.ts';
import { METEOS, MILESTONE_STATES, PRIORITIES, PROJECT_PHASES, PROJECT_STATUSES } from './vocab.ts';

// ───────────────────────── context and refusals ─────────────────────────

export interface EditContext {
  store: PlanStore;
  tenantId: string;
  /** Who edits: recorded in météo declarations, overrides and milestone updates. */
  userId: string;
  now: Date;
  /** YYYY-MM-DD where the collectivité is: the date of a météo, of a milestone reached. */
  today: string;
}

export interface RefusalDetail {
  /** The field, dotted (`budget.planned`); '' for the body as a whole. */
  path: string;
  fr: string;
  en: string;
}

/**
 * An edit the data forbids, with its reason in both languages. `invalid`: the input
 * (a field, or a reference to something that does not exist); `has-children`: a delete
 * that would leave records hanging on nothing.
 */
export class EditRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'has-children',
    readonly fr: string,
    readonly en: string,
    readonly details: RefusalDetail[] = [],
  ) {
    super(fr);
    this.name = 'EditRefused';
  }
}

const invalid = (path: string, fr: string, en: string) =>
  new EditRefused('invalid', `Requête invalide : ${path ? `${path} : ` : ''}${fr}`, `Invalid request: ${path ? `${path}: ` : ''}${en}`, [
    { path, fr, en },
  ]);

// ───────────────────────── input schemas ─────────────────────────

/** A message in both languages for a refine: the error map below picks one. */
const say = (fr: string, en: string) => ({ params: { fr, en } });

const Title = z.string().trim().min(1).max(500);
const Text = z.string().max(20_000);
const Ref = z.string().min(1).max(200);
const Day = z.iso.date();
const Order = z.number().int();
const NotEmpty = {
  ...say('aucun champ à modifier', 'nothing to change'),
  // Only said of a body with nothing else wrong: `{ id: 'x' }` is about the id.
  when: (payload: { issues: unknown[] }) => payload.issues.length === 0,
};
const notEmpty = (o: object) => Object.keys(o).length > 0;

export const PlanCreateBody = z.strictObject({ title: Title, description: Text.optional() });
export type PlanCreateBody = z.infer<typeof PlanCreateBody>;
export const PlanPatchBody = z.strictObject({ title: Title.optional(), description: Text.optional() }).refine(notEmpty, NotEmpty);
export type PlanPatchBody = z.infer<typeof PlanPatchBody>;

const ambitionFields = { title: Title, description: Text.optional(), order: Order.optional() };
export const AmbitionCreateBody = z.strictObject(ambitionFields);
export type AmbitionCreateBody = z.infer<typeof AmbitionCreateBody>;
export const AmbitionPatchBody = z.strictObject({ ...ambitionFields, title: Title.optional() }).refine(notEmpty, NotEmpty);
export type AmbitionPatchBody = z.infer<typeof AmbitionPatchBody>;

const objectiveFields = {
  title: Title,
  description: Text.optional(),
  /** Omitted under a parent: the parent's ambition. */
  ambitionId: Ref.nullable().optional(),
  parentId: Ref.nullable().optional(),
  kind: z.enum(['objective', 'programme']).optional(),
  ownerId: Ref.nullable().optional(),
  order: Order.optional(),
};
export const ObjectiveCreateBody = z.strictObject(objectiveFields);
export type ObjectiveCreateBody = z.infer<typeof ObjectiveCreateBody>;
export const ObjectivePatchBody = z.strictObject({ ...objectiveFields, title: Title.optional() }).refine(notEmpty, NotEmpty);
export type ObjectivePatchBody = z.infer<typeof ObjectivePatchBody>;

const FunderBody = z.strictObject({ name: z.string().trim().min(1).max(500), amount: z.number().min(0).nullable().optional() });
const BudgetBody = z.strictObject({ planned: z.number().min(0).nullable().optional(), funders: z.array(FunderBody).max(200).optional() });
export const MeteoBody = z.strictObject({ value: z.enum(METEOS), comment: Text.optional() });
export const ProgressOverrideBody = z.strictObject({
  value: z.number().min(0).max(1),
  comment: z
    .string()
    .max(20_000)
    .refine(
      (s) => s.trim() !== '',
      say('un commentaire est requis pour forcer l’avancement', 'a comment is required to override the progress'),
    ),
});

const projectFields = {
  title: Title,
  description: Text.optional(),
  /** Omitted with an objective: the objective's ambition. */
  ambitionId: Ref.nullable().optional(),
  objectiveId: Ref.nullable().optional(),
  leadDirectionId: Ref.nullable().optional(),
  coDirectionIds: z.array(Ref).max(50).optional(),
  ownerId: Ref.nullable().optional(),
  coOwnerIds: z.array(Ref).max(50).optional(),
  eluId: Ref.nullable().optional(),
  partners: Text.optional(),
  budget: BudgetBody.optional(),
  startDate: Day.nullable().optional(),
  endDate: Day.nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  phase: z.enum(PROJECT_PHASES).nullable().optional(),
  priority: z.enum(PRIORITIES).nullable().optional(),
  tags: z.array(z.string().max(200)).max(100).optional(),
  order: Order.optional(),
  /** A declaration of today, by the caller: appended to meteoHistory. */
  meteo: MeteoBody.optional(),
};
export const ProjectCreateBody = z.strictObject(projectFields);
export type ProjectCreateBody = z.infer<typeof ProjectCreateBody>;
export const ProjectPatchBody = z
  .strictObject({
    ...projectFields,
    title: Title.optional(),
    /** null lifts the override; the computed value is used again. */
    progressOverride: ProgressOverrideBody.nullable().optional(),
  })
  .refine(notEmpty, NotEmpty);
export type ProjectPatchBody = z.infer<typeof ProjectPatchBody>;

const milestoneFields = {
  title: Title,
  /** The date committed to: set once, it never moves. */
  baselineDate: Day.nullable().optional(),
  forecastDate: Day.nullable().optional(),
  actualDate: Day.nullable().optional(),
  weight: z.number().positive().max(1_000).optional(),
  strategic: z.boolean().optional(),
  state: z.enum(MILESTONE_STATES).optional(),
  completion: z.number().min(0).max(1).optional(),
  ownerId: Ref.nullable().optional(),
  order: Order.optional(),
  /** Recorded in lastUpdate with who and when. */
  comment: Text.optional(),
};
export const MilestoneCreateBody = z.strictObject(milestoneFields);
export type MilestoneCreateBody = z.infer<typeof MilestoneCreateBody>;
export const MilestonePatchBody = z.strictObject({ ...milestoneFields, title: Title.optional() }).refine(notEmpty, NotEmpty);
export type MilestonePatchBody = z.infer<typeof MilestonePatchBody>;

// ───────────────────────── checking input, in both languages ─────────────────────────

type Lang = 'fr' | 'en';
const LOCALES = { fr: z.locales.fr().localeError, en: z.locales.en().localeError };

function errorMap(lang: Lang): z.core.$ZodErrorMap {
  const fr = lang === 'fr';
  return (iss) => {
    const params = (iss as { params?: { fr?: string; en?: string } }).params;
    if (iss.code === 'custom' && params?.fr && params.en) return fr ? params.fr : params.en;
    if (iss.code === 'invalid_type' && iss.input === undefined) return fr ? 'champ requis' : 'required';
    if (iss.code === 'invalid_format' && iss.format === 'date')
      return fr ? 'date attendue au format AAAA-MM-JJ, et qui existe' : 'a real date is expected, as YYYY-MM-DD';
    if (iss.code === 'too_small' && iss.origin === 'string' && Number(iss.minimum) === 1)
      return fr ? 'ne doit pas être vide' : 'must not be empty';
    if (iss.code === 'unrecognized_keys') {
      const keys = iss.keys.join(', ');
      return fr ? `champ inconnu ou non modifiable : ${keys}` : `unknown or read-only field: ${keys}`;
    }
    return LOCALES[lang](iss);
  };
}

/**
 * The input checked against a schema; EditRefused('invalid') listing every wrong field
 * in both languages otherwise.
 */
export function checkInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const fr = schema.safeParse(data, { error: errorMap('fr') });
  if (fr.success) return fr.data;
  const en = schema.safeParse(data, { error: errorMap('en') });
  const enIssues = en.success ? [] : en.error.issues;
  const details: RefusalDetail[] = fr.error.issues.map((issue, i) => ({
    path: issue.path.map(String).join('.'),
    fr: issue.message,
    en: enIssues[i]?.message ?? issue.message,
  }));
  throw new EditRefused(
    'invalid',
    `Requête invalide : ${details.map((d) => `${d.path || 'corps'} : ${d.fr}`).join(' ; ')}`,
    `Invalid request: ${details.map((d) => `${d.path || 'body'}: ${d.en}`).join('; ')}`,
    details,
  );
}

// ───────────────────────── shared steps ─────────────────────────

const KIND_FR: Record<EntityKind, string> = {
  plan: 'le plan',
  ambition: 'l’ambition',
  objective: 'l’objectif',
  project: 'le projet',
  milestone: 'le jalon',
  person: 'la personne',
  tenant: 'la collectivité',
};
const KIND_EN: Record<EntityKind, string> = {
  plan: 'plan',
  ambition: 'ambition',
  objective: 'objective',
  project: 'project',
  milestone: 'milestone',
  person: 'person',
  tenant: 'tenant',
};

const iso = (ctx: EditContext) => ctx.now.toISOString();

/** The record, or NotFoundError: the same for an unknown id and another tenant's. */
async function getOwned<K extends EntityKind>(ctx: EditContext, kind: K, id: string): Promise<EntityByKind[K]> {
  const record = await ctx.store.get(ctx.tenantId, kind, id);
  if (!record) throw new NotFoundError(kind, id);
  return record;
}

/** A stale version fails first: the client must see the current record before anything else. */
function checkVersion(kind: EntityKind, record: { id: string; etag: string }, ifMatch: string): void {
  if (record.etag !== ifMatch) throw new ConflictError(kind, record.id, record);
}

async function loadTree(ctx: EditContext, planId: string): Promise<PlanTree> {
  const tree = await ctx.store.loadPlan(ctx.tenantId, planId);
  if (!tree) throw new NotFoundError('plan', planId);
  return tree;
}

const unknownRef = (path: string, kind: EntityKind, id: string, where: 'plan' | 'tenant') =>
  invalid(
    path,
    `${capitalize(KIND_FR[kind])} « ${id} » n’existe pas ${where === 'plan' ? 'dans ce plan' : 'dans cette collectivité'}.`,
    `${capitalize(KIND_EN[kind])} "${id}" does not exist ${where === 'plan' ? 'in this plan' : 'in this tenant'}.`,
  );
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A record of `kind` in plan `planId`, or a refusal naming the field that referenced it. */
async function refInPlan<K extends PlanChildKind>(
  ctx: EditContext,
  kind: K,
  id: string,
  planId: string,
  path: string,
): Promise<EntityByKind[K]> {
  const record = await ctx.store.get(ctx.tenantId, kind, id);
  if (!record || record.planId !== planId) throw unknownRef(path, kind, id, 'plan');
  return record;
}

async function checkPeople(ctx: EditContext, refs: Array<[string, string | null | undefined]>): Promise<void> {
  for (const [path, id] of refs) {
    if (id === null || id === undefined) continue;
    if (!(await ctx.store.get(ctx.tenantId, 'person', id))) throw unknownRef(path, 'person', id, 'tenant');
  }
}

async function checkDirections(ctx: EditContext, refs: Array<[string, string | null | undefined]>): Promise<void> {
  const wanted = refs.filter((r): r is [string, string] => r[1] !== null && r[1] !== undefined);
  if (wanted.length === 0) return;
  const tenant = await loadTenant(ctx.store, ctx.tenantId, iso(ctx));
  const known = new Set(tenant.settings.directions.map((d) => d.id));
  for (const [path, id] of wanted) {
    if (!known.has(id)) {
      throw invalid(
        path,
        `la direction « ${id} » n’existe pas : les directions se déclarent dans les paramètres de la collectivité.`,
        `direction "${id}" does not exist: directions are declared in the tenant's settings.`,
      );
    }
  }
}

/** The next `order` of a kind in a plan: new records go last. */
function nextOrder(records: ReadonlyArray<{ order: number }>): number {
  let max = -1;
  for (const r of records) if (r.order > max) max = r.order;
  return max + 1;
}

async function commitOne<K extends EntityKind>(ctx: EditContext, writes: Write[]): Promise<EntityByKind[K]> {
  const { saved } = await ctx.store.commit(ctx.tenantId, writes);
  return saved[0] as EntityByKind[K];
}

/** Copies of the given keys only: a patch names what changes, the rest stays. */
function picked<T extends object, K extends keyof T>(patch: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (patch[k] !== undefined) out[k] = patch[k];
  return out;
}

const has = <T extends object>(o: T, key: keyof T) => o[key] !== undefined;

const uniq = (ids: readonly string[]) => [...new Set(ids)];
const cleanTags = (tags: readonly string[]) => uniq(tags.map((t) => t.trim()).filter(Boolean));

// ───────────────────────── plans ─────────────────────────

/**
 * A new, empty plan. The tenant's first plan becomes its default plan (in the same
 * commit; the tenant record is created when there is none yet).
 */
export async function createPlan(ctx: EditContext, input: PlanCreateBody): Promise<Plan> {
  const now = iso(ctx);
  const plan = Plan.parse({
    id: randomUUID(),
    tenantId: ctx.tenantId,
    etag: '',
    createdAt: now,
    updatedAt: now,
    title: input.title,
    description: input.description ?? '',
    source: null,
  });
  // The tenant may change between its read and the commit (settings edited meanwhile):
  // read it again and retry rather than fail a plan creation on someone else's edit.
  for (let attempt = 0; ; attempt++) {
    const writes: Write[] = [{ op: 'create', kind: 'plan', item: plan }];
    const tenant = await loadTenant(ctx.store, ctx.tenantId, now);
    if (!tenant.settings.defaultPlanId) {
      writes.push(tenantWrite({ ...tenant, updatedAt: now, settings: { ...tenant.settings, defaultPlanId: plan.id } }));
    }
    try {
      return await commitOne<'plan'>(ctx, writes);
    } catch (e) {
      if (attempt < 3 && e instanceof ConflictError && e.kind === 'tenant') continue;
      throw e;
    }
  }
}

export async function updatePlan(ctx: EditContext, planId: string, ifMatch: string, patch: PlanPatchBody): Promise<Plan> {
  const current = await getOwned(ctx, 'plan', planId);
  checkVersion('plan', current, ifMatch);
  const next: Plan = { ...current, ...picked(patch, ['title', 'description'] as const), updatedAt: iso(ctx) };
  return commitOne<'plan'>(ctx, [{ op: 'replace', kind: 'plan', item: next, ifMatch }]);
}

/**
 * Deletes a plan and everything in it, in one commit. When it was the tenant's default
 * plan, the oldest remaining plan becomes the default (none when it was the last).
 */
export async function deletePlan(ctx: EditContext, planId: string, ifMatch: string): Promise<void> {
  const tree = await loadTree(ctx, planId);
  checkVersion('plan', tree.plan, ifMatch);
  const writes: Write[] = [
    ...tree.milestones.map((r): Write => ({ op: 'delete', kind: 'milestone', id: r.id })),
    ...tree.projects.map((r): Write => ({ op: 'delete', kind: 'project', id: r.id })),
    ...tree.objectives.map((r): Write => ({ op: 'delete', kind: 'objective', id: r.id })),
    ...tree.ambitions.map((r): Write => ({ op: 'delete', kind: 'ambition', id: r.id })),
    { op: 'delete', kind: 'plan', id: planId, ifMatch },
  ];
  const tenant = await loadTenant(ctx.store, ctx.tenantId, iso(ctx));
  if (tenant.etag && tenant.settings.defaultPlanId === planId) {
    const others = await ctx.store.listPlans(ctx.tenantId, { limit: 2 });
    const next = others.items.find((p) => p.id !== planId)?.id ?? null;
    writes.push(tenantWrite({ ...tenant, updatedAt: iso(ctx), settings: { ...tenant.settings, defaultPlanId: next } }));
  }
  await ctx.store.commit(ctx.tenantId, writes);
}

// ───────────────────────── ambitions ─────────────────────────

/** The fields every new record in a plan starts from. */
function inPlanBase(ctx: EditContext, planId: string) {
  const now = iso(ctx);
  return { id: randomUUID(), tenantId: ctx.tenantId, etag: '', createdAt: now, updatedAt: now, planId, key: null, imported: null };
}

export async function createAmbition(ctx: EditContext, planId: string, input: AmbitionCreateBody): Promise<Ambition> {
  const tree = await loadTree(ctx, planId);
  const item = Ambition.parse({
    ...inPlanBase(ctx, planId),
    order: input.order ?? nextOrder(tree.ambitions),
    title: input.title,
    description: input.description ?? '',
  });
  return commitOne<'ambition'>(ctx, [{ op: 'create', kind: 'ambition', item }]);
}

export async function updateAmbition(ctx: EditContext, id: string, ifMatch: string, patch: AmbitionPatchBody): Promise<Ambition> {
  const current = await getOwned(ctx, 'ambition', id);
  checkVersion('ambition', current, ifMatch);
  const next: Ambition = { ...current, ...picked(patch, ['title', 'description', 'order'] as const), updatedAt: iso(ctx) };
  return commitOne<'ambition'>(ctx, [{ op: 'replace', kind: 'ambition', item: next, ifMatch }]);
}

/** Refused while objectives or projects hang on the ambition: move or delete them first. */
export async function deleteAmbition(ctx: EditContext, id: string, ifMatch: string): Promise<void> {
  const current = await getOwned(ctx, 'ambition', id);
  checkVersion('ambition', current, ifMatch);
  const tree = await loadTree(ctx, current.planId);
  const left = stillHanging([
    [tree.objectives.filter((o) => o.ambitionId === id).length, 'objectif', 'objectifs', 'objective', 'objectives'],
    [tree.projects.filter((p) => p.ambitionId === id).length, 'projet', 'projets', 'project', 'projects'],
  ]);
  if (left) {
    throw new EditRefused(
      'has-children',
      `L’ambition « ${current.title} » a encore ${left.fr} : déplacez-les ou supprimez-les d’abord.`,
      `Ambition "${current.title}" still has ${left.en}: move or delete them first.`,
    );
  }
  await ctx.store.commit(ctx.tenantId, [{ op: 'delete', kind: 'ambition', id, ifMatch }]);
}

/**
 * « 2 objectifs et 1 projet » / "2 objectives and 1 project": the children still hanging
 * on a record, those that are there only; null when there is none. French takes the
 * singular for 0 and 1, English for 1 only.
 */
function stillHanging(parts: Array<[number, string, string, string, string]>): { fr: string; en: string } | null {
  const present = parts.filter(([n]) => n > 0);
  if (present.length === 0) return null;
  const join = (items: string[], and: string) =>
    items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
  return {
    fr: join(present.map(([n, one, many]) => `${n} ${n <= 1 ? one : many}`), 'et'),
    en: join(present.map(([n, , , one, many]) => `${n} ${n === 1 ? one : many}`), 'and'),
  };
}

// ───────────────────────── objectives ─────────────────────────

/** An objective's ambition: its own, else the nearest ancestor's (cycles cut). */
function objectiveAmbition(objectives: ReadonlyMap<string, Objective>, id: string | null): string | null {
  const seen = new Set<string>();
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const o = objectives.get(id);
    if (!o) return null;
    if (o.ambitionId !== null) return o.ambitionId;
    id = o.parentId;
  }
  return null;
}

/** The objective and every objective below it (cycles cut). */
function subtree(objectives: readonly Objective[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const o of objectives) if (o.parentId !== null) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const out = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        stack.push(child);
      }
    }
  }
  return out;
}

/**
 * Where an objective sits: a sub-objective takes its parent's ambition; an ambition given
 * that contradicts the parent's is refused.
 */
function placeObjective(
  tree: PlanTree,
  selfId: string | null,
  current: { ambitionId: string | null; parentId: string | null },
  patch: { ambitionId?: string | null; parentId?: string | null },
): { ambitionId: string | null; parentId: string | null } {
  const objectives = new Map(tree.objectives.map((o) => [o.id, o]));
  const parentId = patch.parentId !== undefined ? patch.parentId : current.parentId;
  if (patch.ambitionId !== undefined && patch.ambitionId !== null && !tree.ambitions.some((a) => a.id === patch.ambitionId)) {
    throw unknownRef('ambitionId', 'ambition', patch.ambitionId, 'plan');
  }
  if (parentId === null) {
    return { parentId, ambitionId: patch.ambitionId !== undefined ? patch.ambitionId : current.ambitionId };
  }
  if (patch.parentId !== undefined) {
    if (!objectives.has(parentId)) throw unknownRef('parentId', 'objective', parentId, 'plan');
    if (selfId !== null && subtree(tree.objectives, selfId).has(parentId)) {
      throw invalid(
        'parentId',
        'un objectif ne peut pas être rangé sous lui-même ni sous l’un de ses sous-objectifs.',
        'an objective cannot be placed under itself nor under one of its sub-objectives.',
      );
    }
  }
  const parentAmbition = objectiveAmbition(objectives, parentId);
  if (patch.ambitionId !== undefined && patch.ambitionId !== parentAmbition) {
    throw invalid(
      'ambitionId',
      'un sous-objectif appartient à l’ambition de son objectif parent : changez le parent (parentId), ou ne donnez pas d’ambition.',
      'a sub-objective belongs to the ambition of its parent objective: change the parent (parentId), or give no ambition.',
    );
  }
  return { parentId, ambitionId: parentAmbition };
}

export async function createObjective(ctx: EditContext, planId: string, input: ObjectiveCreateBody): Promise<Objective> {
  const tree = await loadTree(ctx, planId);
  const place = placeObjective(tree, null, { ambitionId: null, parentId: null }, input);
  await checkPeople(ctx, [['ownerId', input.ownerId]]);
  const item = Objective.parse({
    ...inPlanBase(ctx, planId),
    order: input.order ?? nextOrder(tree.objectives),
    ...place,
    title: input.title,
    description: input.description ?? '',
    kind: input.kind ?? 'objective',
    ownerId: input.ownerId ?? null,
  });
  return commitOne<'objective'>(ctx, [{ op: 'create', kind: 'objective', item }]);
}

/**
 * Changes an objective. Moving it to another ambition (directly, or by a new parent)
 * moves its sub-objectives and their projects with it, in the same commit, so that the
 * roll-up never sees a project whose objective sits in another ambition.
 */
export async function updateObjective(ctx: EditContext, id: string, ifMatch: string, patch: ObjectivePatchBody): Promise<Objective> {
  const current = await getOwned(ctx, 'objective', id);
  checkVersion('objective', current, ifMatch);
  const now = iso(ctx);
  const writes: Write[] = [];
  let place = { ambitionId: current.ambitionId, parentId: current.parentId };
  if (patch.ambitionId !== undefined || patch.parentId !== undefined) {
    const tree = await loadTree(ctx, current.planId);
    place = placeObjective(tree, id, current, patch);
    const objectives = new Map(tree.objectives.map((o) => [o.id, o]));
    const before = objectiveAmbition(objectives, id);
    if (place.ambitionId !== before) {
      const below = subtree(tree.objectives, id);
      for (const o of tree.objectives) {
        if (o.id !== id && below.has(o.id) && o.ambitionId !== null && o.ambitionId !== place.ambitionId) {
          writes.push({ op: 'replace', kind: 'objective', item: { ...o, ambitionId: place.ambitionId, updatedAt: now }, ifMatch: o.etag });
        }
      }
      for (const p of tree.projects) {
        if (p.objectiveId !== null && below.has(p.objectiveId) && p.ambitionId !== place.ambitionId) {
          writes.push({ op: 'replace', kind: 'project', item: { ...p, ambitionId: place.ambitionId, updatedAt: now }, ifMatch: p.etag });
        }
      }
    }
  }
  await checkPeople(ctx, [['ownerId', patch.ownerId]]);
  const next: Objective = {
    ...current,
    ...picked(patch, ['title', 'description', 'kind', 'ownerId', 'order'] as const),
    ...place,
    updatedAt: now,
  };
  return commitOne<'objective'>(ctx, [{ op: 'replace', kind: 'objective', item: next, ifMatch }, ...writes]);
}

/** Refused while sub-objectives, projects or milestones of its own hang on the objective. */
export async function deleteObjective(ctx: EditContext, id: string, ifMatch: string): Promise<void> {
  const current = await getOwned(ctx, 'objective', id);
  checkVersion('objective', current, ifMatch);
  const tree = await loadTree(ctx, current.planId);
  const left = stillHanging([
    [tree.objectives.filter((o) => o.parentId === id).length, 'sous-objectif', 'sous-objectifs', 'sub-objective', 'sub-objectives'],
    [tree.projects.filter((p) => p.objectiveId === id).length, 'projet', 'projets', 'project', 'projects'],
    [tree.milestones.filter((m) => m.projectId === null && m.objectiveId === id).length, 'jalon', 'jalons', 'milestone', 'milestones'],
  ]);
  if (left) {
    throw new EditRefused(
      'has-children',
      `L’objectif « ${current.title} » a encore ${left.fr} : déplacez-les ou supprimez-les d’abord.`,
      `Objective "${current.title}" still has ${left.en}: move or delete them first.`,
    );
  }
  await ctx.store.commit(ctx.tenantId, [{ op: 'delete', kind: 'objective', id, ifMatch }]);
}

// ───────────────────────── projects ─────────────────────────

/**
 * Where a project sits. With an objective, its ambition is the objective's: an ambition
 * given that contradicts it is refused. Without, any ambition of the plan, or none.
 */
async function placeProject(
  ctx: EditContext,
  planId: string,
  current: { ambitionId: string | null; objectiveId: string | null },
  patch: { ambitionId?: string | null; objectiveId?: string | null },
): Promise<{ ambitionId: string | null; objectiveId: string | null }> {
  if (patch.ambitionId === undefined && patch.objectiveId === undefined) {
    return { ambitionId: current.ambitionId, objectiveId: current.objectiveId };
  }
  if (patch.ambitionId !== undefined && patch.ambitionId !== null) {
    await refInPlan(ctx, 'ambition', patch.ambitionId, planId, 'ambitionId');
  }
  const objectiveId = patch.objectiveId !== undefined ? patch.objectiveId : current.objectiveId;
  if (objectiveId === null) {
    return { objectiveId, ambitionId: patch.ambitionId !== undefined ? patch.ambitionId : current.ambitionId };
  }
  let objective = await refInPlan(ctx, 'objective', objectiveId, planId, 'objectiveId');
  // The objective's ambition, up its parents when it names none (a few reads at most).
  const seen = new Set<string>();
  while (objective.ambitionId === null && objective.parentId !== null && !seen.has(objective.id)) {
    seen.add(objective.id);
    const parent = await ctx.store.get(ctx.tenantId, 'objective', objective.parentId);
    if (!parent || parent.planId !== planId) break;
    objective = parent;
  }
  const ambitionId = objective.ambitionId;
  if (patch.ambitionId !== undefined && patch.ambitionId !== ambitionId) {
    throw invalid(
      'ambitionId',
      'un projet rattaché à un objectif appartient à l’ambition de cet objectif : changez aussi objectiveId (ou mettez-le à null).',
      'a project attached to an objective belongs to that objective’s ambition: change objectiveId too (or set it to null).',
    );
  }
  return { objectiveId, ambitionId };
}

function checkDates(start: string | null, end: string | null, startPath: string, endPath: string): void {
  if (start !== null && end !== null && end < start) {
    throw invalid(
      endPath,
      `la date de fin (${end}) précède la date de début (${start}, ${startPath}).`,
      `the end date (${end}) is before the start date (${start}, ${startPath}).`,
    );
  }
}

function meteoDeclaration(ctx: EditContext, body: z.infer<typeof MeteoBody>): MeteoDeclaration {
  return { value: body.value, comment: body.comment?.trim() ?? '', date: ctx.today, byId: ctx.userId };
}

async function checkProjectRefs(ctx: EditContext, input: Partial<ProjectCreateBody>): Promise<void> {
  await checkDirections(ctx, [
    ['leadDirectionId', input.leadDirectionId],
    ...(input.coDirectionIds ?? []).map((id, i): [string, string] => [`coDirectionIds.${i}`, id]),
  ]);
  await checkPeople(ctx, [
    ['ownerId', input.ownerId],
    ...(input.coOwnerIds ?? []).map((id, i): [string, string] => [`coOwnerIds.${i}`, id]),
    ['eluId', input.eluId],
  ]);
}

const PROJECT_PLAIN_FIELDS = [
  'title',
  'description',
  'leadDirectionId',
  'ownerId',
  'eluId',
  'partners',
  'startDate',
  'endDate',
  'status',
  'phase',
  'priority',
  'order',
] as const;

export async function createProject(ctx: EditContext, planId: string, input: ProjectCreateBody): Promise<Project> {
  const tree = await loadTree(ctx, planId);
  const place = await placeProject(ctx, planId, { ambitionId: null, objectiveId: null }, input);
  await checkProjectRefs(ctx, input);
  checkDates(input.startDate ?? null, input.endDate ?? null, 'startDate', 'endDate');
  const meteo = input.meteo ? meteoDeclaration(ctx, input.meteo) : null;
  const item = Project.parse({
    ...inPlanBase(ctx, planId),
    ...picked(input, PROJECT_PLAIN_FIELDS),
    order: input.order ?? nextOrder(tree.projects),
    ...place,
    coDirectionIds: uniq(input.coDirectionIds ?? []).filter((id) => id !== input.leadDirectionId),
    coOwnerIds: uniq(input.coOwnerIds ?? []).filter((id) => id !== input.ownerId),
    budget: {
      planned: input.budget?.planned ?? null,
      funders: (input.budget?.funders ?? []).map((f) => ({ name: f.name, amount: f.amount ?? null })),
    },
    tags: cleanTags(input.tags ?? []),
    meteo,
    meteoHistory: meteo ? [meteo] : [],
  });
  return commitOne<'project'>(ctx, [{ op: 'create', kind: 'project', item }]);
}

/**
 * Changes a project. A météo is a declaration of today by the caller: it becomes the
 * current météo and is appended to the history. An override of the progress keeps who
 * and when; null lifts it.
 */
export async function updateProject(ctx: EditContext, id: string, ifMatch: string, patch: ProjectPatchBody): Promise<Project> {
  const current = await getOwned(ctx, 'project', id);
  checkVersion('project', current, ifMatch);
  const place = await placeProject(ctx, current.planId, current, patch);
  await checkProjectRefs(ctx, patch);
  const next: Project = { ...current, ...picked(patch, PROJECT_PLAIN_FIELDS), ...place, updatedAt: iso(ctx) };
  if (has(patch, 'startDate') || has(patch, 'endDate')) checkDates(next.startDate, next.endDate, 'startDate', 'endDate');
  // A lead is not also a co-lead, nor an owner a co-owner.
  if (patch.coDirectionIds || patch.leadDirectionId !== undefined) {
    next.coDirectionIds = uniq(patch.coDirectionIds ?? next.coDirectionIds).filter((d) => d !== next.leadDirectionId);
  }
  if (patch.coOwnerIds || patch.ownerId !== undefined) {
    next.coOwnerIds = uniq(patch.coOwnerIds ?? next.coOwnerIds).filter((p) => p !== next.ownerId);
  }
  if (patch.tags) next.tags = cleanTags(patch.tags);
  if (patch.budget) {
    next.budget = {
      planned: patch.budget.planned !== undefined ? patch.budget.planned : current.budget.planned,
      funders: patch.budget.funders
        ? patch.budget.funders.map((f) => ({ name: f.name, amount: f.amount ?? null }))
        : current.budget.funders,
    };
  }
  if (patch.meteo) {
    const declared = meteoDeclaration(ctx, patch.meteo);
    next.meteo = declared;
    next.meteoHistory = [...current.meteoHistory, declared];
  }
  if (patch.progressOverride !== undefined) {
    next.progressOverride =
      patch.progressOverride === null
        ? null
        : { value: patch.progressOverride.value, comment: patch.progressOverride.comment.trim(), byId: ctx.userId, at: iso(ctx) };
  }
  return commitOne<'project'>(ctx, [{ op: 'replace', kind: 'project', item: next, ifMatch }]);
}

/** Deletes a project and its milestones, in one commit. */
export async function deleteProject(ctx: EditContext, id: string, ifMatch: string): Promise<void> {
  const current = await getOwned(ctx, 'project', id);
  checkVersion('project', current, ifMatch);
  const tree = await loadTree(ctx, current.planId);
  await ctx.store.commit(ctx.tenantId, [
    ...tree.milestones.filter((m) => m.projectId === id).map((m): Write => ({ op: 'delete', kind: 'milestone', id: m.id })),
    { op: 'delete', kind: 'project', id, ifMatch },
  ]);
}

// ───────────────────────── milestones ─────────────────────────

/**
 * The date a user says a milestone was reached cannot be after today: a coming date goes in
 * forecastDate. (Dates a plan's file brings are the file's business: only what is typed here is checked.)
 */
function checkActualDate(actualDate: string | null | undefined, today: string): void {
  if (actualDate === null || actualDate === undefined || actualDate <= today) return;
  throw invalid(
    'actualDate',
    `la date de réalisation (${actualDate}) est après aujourd’hui (${today}) : un jalon n’est réalisé qu’une fois fait ; une date à venir va dans la date prévisionnelle (forecastDate).`,
    `the actual date (${actualDate}) is after today (${today}): a milestone is done only once it is; a coming date belongs in the forecast date (forecastDate).`,
  );
}

/** A milestone « Atteint » is complete, and reached today unless a date says otherwise. */
function reachedRule(m: Milestone, today: string): Milestone {
  if (m.state !== 'Atteint') return m;
  return { ...m, completion: 1, actualDate: m.actualDate ?? today };
}

const MILESTONE_PLAIN_FIELDS = [
  'title',
  'forecastDate',
  'actualDate',
  'weight',
  'strategic',
  'state',
  'completion',
  'ownerId',
  'order',
] as const;

/** Fields whose change is a progress update, recorded in lastUpdate (who, when, comment). */
const PROGRESS_FIELDS = ['state', 'completion', 'forecastDate', 'actualDate', 'comment'] as const;

export async function createMilestone(ctx: EditContext, projectId: string, input: MilestoneCreateBody): Promise<Milestone> {
  const project = await getOwned(ctx, 'project', projectId);
  checkActualDate(input.actualDate, ctx.today);
  const tree = await loadTree(ctx, project.planId);
  await checkPeople(ctx, [['ownerId', input.ownerId]]);
  const item = reachedRule(
    Milestone.parse({
      ...inPlanBase(ctx, project.planId),
      ...picked(input, MILESTONE_PLAIN_FIELDS),
      order: input.order ?? nextOrder(tree.milestones),
      projectId,
      objectiveId: null,
      baselineDate: input.baselineDate ?? null,
      lastUpdate: input.comment?.trim() ? { byId: ctx.userId, at: iso(ctx), comment: input.comment.trim() } : null,
    }),
    ctx.today,
  );
  return commitOne<'milestone'>(ctx, [{ op: 'create', kind: 'milestone', item }]);
}

/**
 * Changes a milestone. The baseline date never moves once set: only a milestone that has
 * none may receive one (move the forecast date instead). A change of state, completion,
 * dates or a comment is a progress update: lastUpdate records who, when and the comment.
 */
export async function updateMilestone(ctx: EditContext, id: string, ifMatch: string, patch: MilestonePatchBody): Promise<Milestone> {
  const current = await getOwned(ctx, 'milestone', id);
  checkVersion('milestone', current, ifMatch);
  if (patch.baselineDate !== undefined && current.baselineDate !== null && patch.baselineDate !== current.baselineDate) {
    throw invalid(
      'baselineDate',
      `la date de référence (${current.baselineDate}) ne bouge jamais une fois fixée : changez plutôt la date prévisionnelle (forecastDate).`,
      `the baseline date (${current.baselineDate}) never moves once set: change the forecast date (forecastDate) instead.`,
    );
  }
  checkActualDate(patch.actualDate, ctx.today);
  await checkPeople(ctx, [['ownerId', patch.ownerId]]);
  const now = iso(ctx);
  let next: Milestone = {
    ...current,
    ...picked(patch, MILESTONE_PLAIN_FIELDS),
    baselineDate: current.baselineDate ?? patch.baselineDate ?? null,
    updatedAt: now,
  };
  if (PROGRESS_FIELDS.some((f) => has(patch, f))) {
    next.lastUpdate = { byId: ctx.userId, at: now, comment: patch.comment?.trim() ?? '' };
  }
  next = reachedRule(next, ctx.today);
  return commitOne<'milestone'>(ctx, [{ op: 'replace', kind: 'milestone', item: next, ifMatch }]);
}

export async function deleteMilestone(ctx: EditContext, id: string, ifMatch: string): Promise<void> {
  const current = await getOwned(ctx, 'milestone', id);
  checkVersion('milestone', current, ifMatch);
  await ctx.store.commit(ctx.tenantId, [{ op: 'delete', kind: 'milestone', id, ifMatch }]);
}

