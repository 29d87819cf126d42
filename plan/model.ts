// The plan's records. Each schema is the one contract for what crosses a boundary
// (store, API, import): types are inferred from them, never written twice.
import { z } from 'zod';
import { METEOS, MILESTONE_STATES, PRIORITIES, PROJECT_PHASES, PROJECT_STATUSES } from './vocab.ts';

/** A calendar date with no time (`YYYY-MM-DD`): due dates are days, not instants. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ');
export type IsoDate = z.infer<typeof IsoDate>;
/** An instant (`toISOString()`), for who-did-what-when. */
export const Instant = z.string().datetime();

/** Fields every stored record carries. `etag` is opaque and changes on every write. */
const Stored = {
  id: z.string().min(1),
  tenantId: z.string().min(1),
  etag: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
};

// ───────────────────────── people ─────────────────────────

export const Person = z.object({
  ...Stored,
  displayName: z.string().min(1),
  /** E-mail or UPN, lower-cased; known once seen or typed by an admin. */
  email: z.string().nullable(),
  entraObjectId: z.string().nullable(),
  teamsUserId: z.string().nullable(),
  /** Where the name was first met: an import file, a sign-in, a bot roster… */
  source: z.string(),
  linkedAt: Instant.nullable(),
});
export type Person = z.infer<typeof Person>;

// ───────────────────────── tenant ─────────────────────────

export const TenantKinds = ['commune', 'intercommunalité', 'département', 'région', 'autre'] as const;

export const Direction = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Short code used in sheets (« DVD », « COM L1 »…), if any. */
  code: z.string().nullable().default(null),
  directorIds: z.array(z.string()).default([]),
});
export type Direction = z.infer<typeof Direction>;

export const Roles = ['plan-admin', 'director', 'contributor', 'reader'] as const;
export const RoleAssignment = z.object({
  role: z.enum(Roles),
  /** A person of the tenant, or an Entra group. */
  personId: z.string().nullable().default(null),
  groupId: z.string().nullable().default(null),
  /** A direction id for directors; null for the whole tenant. */
  scope: z.string().nullable().default(null),
});

export const ReminderRules = z.object({
  enabled: z.boolean().default(true),
  /** ISO weekday, 1 = Monday. */
  weekday: z.number().int().min(1).max(7).default(1),
  hour: z.number().int().min(0).max(23).default(9),
  dueWithinDays: z.number().int().min(0).default(14),
  staleAfterDays: z.number().int().min(1).default(30),
  escalateAfterDays: z.number().int().min(1).default(14),
});

export const ChannelRef = z.object({
  teamId: z.string(),
  channelId: z.string(),
  name: z.string().default(''),
  /** What this channel follows: the whole plan, an ambition or a project. */
  planId: z.string().nullable().default(null),
  ambitionId: z.string().nullable().default(null),
  projectId: z.string().nullable().default(null),
});

export const TenantSettings = z.object({
  directions: z.array(Direction).default([]),
  roles: z.array(RoleAssignment).default([]),
  reminders: ReminderRules.default(ReminderRules.parse({})),
  defaultPlanId: z.string().nullable().default(null),
  channels: z.array(ChannelRef).default([]),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const TenantProfile = z.object({
  name: z.string().min(1),
  kind: z.enum(TenantKinds).default('commune'),
  locale: z.string().default('fr-FR'),
  timeZone: z.string().default('Europe/Paris'),
});
export type TenantProfile = z.infer<typeof TenantProfile>;

export const Tenant = z.object({
  ...Stored,
  profile: TenantProfile,
  settings: TenantSettings,
});
export type Tenant = z.infer<typeof Tenant>;

// ───────────────────────── plan ─────────────────────────

export const ImportSource = z.object({
  fileName: z.string(),
  format: z.string(),
  importedAt: Instant,
});

export const Plan = z.object({
  ...Stored,
  title: z.string().min(1),
  description: z.string().default(''),
  source: ImportSource.nullable().default(null),
});
export type Plan = z.infer<typeof Plan>;

/** Fields of every record inside a plan. `key` is what a re-import matches rows on. */
const InPlan = {
  ...Stored,
  planId: z.string().min(1),
  key: z.string().nullable().default(null),
  order: z.number().int().default(0),
  /**
   * The values the last import wrote, field by field. A re-import changes a field only
   * when the sheet's value differs from this: what was recorded in Jalon since is kept.
   */
  imported: z.record(z.string(), z.unknown()).nullable().default(null),
};

export const Ambition = z.object({
  ...InPlan,
  title: z.string().min(1),
  description: z.string().default(''),
});
export type Ambition = z.infer<typeof Ambition>;

export const Objective = z.object({
  ...InPlan,
  /** Null in a plan without axes. */
  ambitionId: z.string().nullable(),
  /** A sub-objective (« sous-sous-axe ») names its parent objective. */
  parentId: z.string().nullable().default(null),
  title: z.string().min(1),
  description: z.string().default(''),
  /** A programme is an objective with an owner and milestones of its own. */
  kind: z.enum(['objective', 'programme']).default('objective'),
  ownerId: z.string().nullable().default(null),
});
export type Objective = z.infer<typeof Objective>;

export const Funder = z.object({ name: z.string(), amount: z.number().nullable() });

export const MeteoDeclaration = z.object({
  value: z.enum(METEOS),
  comment: z.string().default(''),
  date: IsoDate,
  byId: z.string().nullable().default(null),
});
export type MeteoDeclaration = z.infer<typeof MeteoDeclaration>;

export const ProgressOverride = z.object({
  value: z.number().min(0).max(1),
  comment: z.string().trim().min(1, 'un commentaire est requis pour forcer l’avancement'),
  byId: z.string().nullable().default(null),
  at: Instant,
});
export type ProgressOverride = z.infer<typeof ProgressOverride>;

export const Project = z.object({
  ...InPlan,
  ambitionId: z.string().nullable(),
  objectiveId: z.string().nullable(),
  title: z.string().min(1),
  description: z.string().default(''),
  /** Direction ids from the tenant's settings; none is allowed (« Sans direction »). */
  leadDirectionId: z.string().nullable().default(null),
  coDirectionIds: z.array(z.string()).default([]),
  ownerId: z.string().nullable().default(null),
  coOwnerIds: z.array(z.string()).default([]),
  eluId: z.string().nullable().default(null),
  /** What the sheet said that is not a person: structures, partners, services. */
  partners: z.string().default(''),
  budget: z.object({
    planned: z.number().nullable().default(null),
    funders: z.array(Funder).default([]),
  }),
  startDate: IsoDate.nullable().default(null),
  endDate: IsoDate.nullable().default(null),
  status: z.enum(PROJECT_STATUSES).default('À venir'),
  phase: z.enum(PROJECT_PHASES).nullable().default(null),
  priority: z.enum(PRIORITIES).nullable().default(null),
  meteo: MeteoDeclaration.nullable().default(null),
  meteoHistory: z.array(MeteoDeclaration).default([]),
  tags: z.array(z.string()).default([]),
  progressOverride: ProgressOverride.nullable().default(null),
  /** Columns of the sheet with no field of their own, kept by their header. */
  extra: z.record(z.string(), z.string()).default({}),
});
export type Project = z.infer<typeof Project>;

export const MilestoneUpdate = z.object({
  byId: z.string().nullable(),
  at: Instant,
  comment: z.string().default(''),
});

export const Milestone = z.object({
  ...InPlan,
  /** A project's milestone, or a programme's own (then projectId is null). */
  projectId: z.string().nullable(),
  objectiveId: z.string().nullable().default(null),
  title: z.string().min(1),
  /** The date committed to. Owners' updates never move it (they set the forecast); only the plan's source file does, on a re-import. */
  baselineDate: IsoDate.nullable(),
  forecastDate: IsoDate.nullable().default(null),
  actualDate: IsoDate.nullable().default(null),
  weight: z.number().positive().default(1),
  strategic: z.boolean().default(true),
  state: z.enum(MILESTONE_STATES).default('À venir'),
  /** 0..1 */
  completion: z.number().min(0).max(1).default(0),
  ownerId: z.string().nullable().default(null),
  lastUpdate: MilestoneUpdate.nullable().default(null),
});
export type Milestone = z.infer<typeof Milestone>;

/** Everything of one plan, as the roll-up and the importer read it. */
export interface PlanTree {
  plan: Plan;
  ambitions: Ambition[];
  objectives: Objective[];
  projects: Project[];
  milestones: Milestone[];
}

export type EntityKind = 'plan' | 'ambition' | 'objective' | 'project' | 'milestone' | 'person' | 'tenant';
export interface EntityByKind {
  plan: Plan;
  ambition: Ambition;
  objective: Objective;
  project: Project;
  milestone: Milestone;
  person: Person;
  tenant: Tenant;
}
export const SchemaByKind = {
  plan: Plan,
  ambition: Ambition,
  objective: Objective,
  project: Project,
  milestone: Milestone,
  person: Person,
  tenant: Tenant,
} as const;
