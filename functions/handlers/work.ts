// « Mon travail »: what the caller has to look after, for the portal. Their projects
// (owner or co-owner) and their milestones due within 30 days or late, across the
// tenant's plans or in one (`?plan=`).
//
// Who the caller is in the plan: the tenant's person carrying their Entra object id or
// Teams user id when the sign-in gives one, else the person with their e-mail (in dev
// mode the user id is an e-mail, JALON_DEV_USER). A caller who is nobody in the plan
// gets empty lists and `person: null`: the portal then says so, it is not an error.
//
// Cost: the store cannot look records up by owner, so each plan is read whole (loadPlan),
// then rolled up once for the projects' figures. On Cosmos DB that is the price of one
// loadPlan per plan (docs/ARCHITECTURE.md), paid when the portal opens, not on each save.
import { z } from 'zod';
import { figures } from '../../plan/dashboard.ts';
import { findByEmail, normalizeEmail } from '../../plan/directory.ts';
import { IsoDate, Milestone, type Person, type Plan, type PlanTree } from '../../plan/model.ts';
import { isLate, rollUp } from '../../plan/rollup.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import type { Page, PlanStore } from '../../plan/store/ports.ts';
import { json } from '../http.ts';
import type { DocumentedRouteDoc } from '../openapi.ts';
import type { Route } from '../route.ts';
import type { Caller } from '../runtime.ts';
import { ProjectWithFigures } from './projects.ts';

/** How far ahead a milestone counts as due. */
export const DUE_WITHIN_DAYS = 30;

// ───────────────────────── the answer ─────────────────────────

export const WorkPerson = z.object({ id: z.string(), displayName: z.string() });

export const WorkProject = ProjectWithFigures.extend({
  planTitle: z.string(),
  /** owner: the project's owner (ownerId); co-owner: one of its coOwnerIds. */
  role: z.enum(['owner', 'co-owner']),
});
export type WorkProject = z.infer<typeof WorkProject>;

export const WorkMilestone = Milestone.extend({
  planTitle: z.string(),
  /** The project's title; null for a programme's own milestone. */
  projectTitle: z.string().nullable(),
  /** The programme (objective) of a milestone with no project; null otherwise. */
  objectiveTitle: z.string().nullable(),
  /** Late by the roll-up's rule (plan/rollup.ts, isLate). */
  late: z.boolean(),
  /**
   * Why it is the caller's: milestone (its ownerId), project (it has no owner and the
   * caller owns its project), programme (no owner, and the caller owns its programme).
   */
  via: z.enum(['milestone', 'project', 'programme']),
});
export type WorkMilestone = z.infer<typeof WorkMilestone>;

export const MyWork = z.object({
  /** The caller as a person of the tenant; null when no person matches them. */
  person: WorkPerson.nullable(),
  /** The day « late » and « due » were judged against, and the last day counted as due. */
  today: IsoDate,
  until: IsoDate,
  /** By plan (oldest first), then in the plan's order. */
  projects: z.array(WorkProject),
  /** Late ones first, then by the earlier of their forecast and baseline dates. */
  milestones: z.array(WorkMilestone),
});
export type MyWork = z.infer<typeof MyWork>;

// ───────────────────────── who the caller is ─────────────────────────

/**
 * What a sign-in may tell about the caller beyond `userId`. Read when present, so that a
 * Caller that grows these fields (Entra sign-in) is used without changing this file.
 */
type CallerIdentity = Caller & { email?: string | null; entraObjectId?: string | null; teamsUserId?: string | null };

async function* allPeople(store: PlanStore, tenantId: string): AsyncGenerator<Person> {
  let continuation: string | null = null;
  do {
    const page: Page<Person> = await store.listPeople(tenantId, {}, { limit: 1000, continuation });
    yield* page.items;
    continuation = page.continuation;
  } while (continuation);
}

/**
 * The tenant's people the caller is: those carrying their Entra object id or Teams user
 * id, else the one with their e-mail. Several when an admin said that names are spellings
 * of one person (plan/directory.ts, sameAs: they share the ids). Empty when none matches.
 */
export async function callerPeople(store: PlanStore, caller: CallerIdentity): Promise<Person[]> {
  const emailFromId = normalizeEmail(caller.userId);
  // A user id that is no e-mail is an Entra object id (functions/runtime.ts, Caller).
  const ids = new Set([caller.entraObjectId, caller.teamsUserId, emailFromId ? null : caller.userId].filter((x): x is string => !!x?.trim()));
  const found: Person[] = [];
  if (ids.size > 0) {
    // The store looks people up by e-mail only: a tenant has hundreds of people, read by pages.
    for await (const p of allPeople(store, caller.tenantId)) {
      if ((p.entraObjectId !== null && ids.has(p.entraObjectId)) || (p.teamsUserId !== null && ids.has(p.teamsUserId))) found.push(p);
    }
    if (found.length > 0) return found;
  }
  const email = (caller.email && normalizeEmail(caller.email)) || emailFromId;
  if (!email) return [];
  // Two people with one e-mail only predate the directory's check: the first by name.
  const [first] = await findByEmail(store, caller.tenantId, email);
  if (!first) return [];
  // Found by e-mail: the other spellings linked to the same human (sameAs) carry its ids.
  const same = new Set([first.entraObjectId, first.teamsUserId].filter((x): x is string => !!x));
  if (same.size === 0) return [first];
  const people = [first];
  for await (const p of allPeople(store, caller.tenantId)) {
    if (p.id !== first.id && ((p.entraObjectId !== null && same.has(p.entraObjectId)) || (p.teamsUserId !== null && same.has(p.teamsUserId)))) people.push(p);
  }
  return people;
}

// ───────────────────────── what is theirs ─────────────────────────

/** YYYY-MM-DD plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const within = (day: string | null, from: string, until: string) => day !== null && day >= from && day <= until;

/** The caller's projects and due milestones in one plan. */
export function workInPlan(tree: PlanTree, personIds: ReadonlySet<string>, today: string): { projects: WorkProject[]; milestones: WorkMilestone[] } {
  const until = addDays(today, DUE_WITHIN_DAYS);
  const projects = new Map(tree.projects.map((p) => [p.id, p]));
  const objectives = new Map(tree.objectives.map((o) => [o.id, o]));

  const isMe = (id: string | null) => id !== null && personIds.has(id);
  const mine = tree.projects.filter((p) => isMe(p.ownerId) || p.coOwnerIds.some(isMe));
  // The roll-up of the whole plan gives each project the figures the dashboard counts.
  const rollup = mine.length > 0 ? rollUp(tree, { today }) : null;
  const workProjects = mine.map((p): WorkProject => {
    const f = rollup!.projects[p.id]!;
    return {
      ...p,
      figures: { ...figures(f), computed: f.computed, overridden: f.overridden, source: f.source },
      planTitle: tree.plan.title,
      role: isMe(p.ownerId) ? 'owner' : 'co-owner',
    };
  });

  const workMilestones: WorkMilestone[] = [];
  for (const m of tree.milestones) {
    // Done or dropped: nothing left to do.
    if (m.state === 'Atteint' || m.state === 'Abandonné') continue;
    const project = m.projectId !== null ? projects.get(m.projectId) : undefined;
    const programme = m.projectId === null && m.objectiveId !== null ? objectives.get(m.objectiveId) : undefined;
    if (project?.status === 'Abandonné') continue;
    let via: WorkMilestone['via'] | null = null;
    if (m.ownerId !== null) via = isMe(m.ownerId) ? 'milestone' : null;
    else if (project) via = isMe(project.ownerId) ? 'project' : null;
    else if (programme) via = isMe(programme.ownerId) ? 'programme' : null;
    if (!via) continue;
    const late = isLate(m, today);
    if (!late && !within(m.forecastDate, today, until) && !within(m.baselineDate, today, until)) continue;
    workMilestones.push({
      ...m,
      planTitle: tree.plan.title,
      projectTitle: project?.title ?? null,
      objectiveTitle: programme?.title ?? null,
      late,
      via,
    });
  }
  return { projects: workProjects, milestones: workMilestones };
}

/** The earlier of its dates: the one missed first, or the next one to meet. */
const dueOf = (m: WorkMilestone) => [m.forecastDate, m.baselineDate].filter((d): d is string => d !== null).sort()[0] ?? '9999-12-31';

/** Late first, then by the earlier of their dates (most overdue, then nearest), then the title. */
export function byUrgency(a: WorkMilestone, b: WorkMilestone): number {
  if (a.late !== b.late) return a.late ? -1 : 1;
  const da = dueOf(a);
  const db = dueOf(b);
  return da < db ? -1 : da > db ? 1 : a.title.localeCompare(b.title, 'fr');
}

async function tenantPlans(store: PlanStore, tenantId: string): Promise<Plan[]> {
  const plans: Plan[] = [];
  let continuation: string | null = null;
  do {
    const page: Page<Plan> = await store.listPlans(tenantId, { limit: 1000, continuation });
    plans.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return plans;
}

// ───────────────────────── route ─────────────────────────

const myWorkDoc: DocumentedRouteDoc = {
  summary:
    'Mon travail : mes projets (pilote ou co-pilote) et mes jalons en retard ou dus dans les 30 jours (responsable du jalon, ou pilote de son projet quand le jalon n’a pas de responsable)',
  tags: ['Portail'],
  query: { plan: 'Id d’un plan : seulement ce plan (404 s’il n’existe pas). Sans lui : tous les plans de la collectivité.' },
  response: MyWork,
  responses: { 404: { description: 'Le plan demandé (`?plan=`) n’existe pas dans la collectivité.' } },
};

export const workRoutes: Route[] = [
  {
    name: 'myWork',
    methods: ['GET'],
    route: 'me/work',
    doc: myWorkDoc,
    async handle({ req, rt, caller }) {
      const today = rt.today();
      const until = addDays(today, DUE_WITHIN_DAYS);
      const planId = req.query.get('plan')?.trim() || null;
      let plans: Plan[];
      if (planId !== null) {
        const plan = await rt.store.get(caller.tenantId, 'plan', planId);
        if (!plan) throw new NotFoundError('plan', planId);
        plans = [plan];
      } else {
        plans = await tenantPlans(rt.store, caller.tenantId);
      }
      const people = await callerPeople(rt.store, caller);
      // The one named: the record sign-in links by e-mail when there is one, else the first by name.
      const person = people.find((p) => p.email !== null) ?? people[0] ?? null;
      const answer: MyWork = { person: person && { id: person.id, displayName: person.displayName }, today, until, projects: [], milestones: [] };
      if (!person) return json(200, answer);
      const ids = new Set(people.map((p) => p.id));
      for (const plan of plans) {
        const tree = await rt.store.loadPlan(caller.tenantId, plan.id);
        if (!tree) continue; // deleted meanwhile
        const work = workInPlan(tree, ids, today);
        answer.projects.push(...work.projects);
        answer.milestones.push(...work.milestones);
      }
      answer.milestones.sort(byUrgency);
      return json(200, answer);
    },
  },
];
