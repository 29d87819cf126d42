// Valid records and writes for store tests, built through plan/model.ts's schemas so that
// what a test stores is what the app would. Shared by the contract suite (contract.ts) and
// the adapters' own tests.
import { randomUUID } from 'node:crypto';
import {
  Ambition,
  Milestone,
  Objective,
  Person,
  Plan,
  Project,
  Tenant,
  type EntityByKind,
  type EntityKind,
  type PlanTree,
} from '../model.ts';
import type { Page, Unsaved, Write } from './ports.ts';

export const NOW = '2025-03-01T08:00:00.000Z';
export const LATER = '2025-04-01T09:30:00.000Z';

let counter = 0;
/**
 * An id no other test, run or process uses (a tenant id, above all): tests that each
 * work in their own tenant need no wiping between them, on a file or on a shared emulator.
 */
export const freshId = (prefix = 't') => `${prefix}-${randomUUID().slice(0, 13)}-${(++counter).toString(36)}`;

export const stored = (tenantId: string, id: string, at = NOW) => ({ id, tenantId, etag: '', createdAt: at, updatedAt: at });

// ───────────────────────── records ─────────────────────────

export const tenant = (tenantId: string, name = 'Ville de Test') =>
  Tenant.parse({ ...stored(tenantId, tenantId), profile: { name }, settings: {} });

/** A tenant whose profile and settings are all filled in, away from the defaults. */
export const tenantWithSettings = (tenantId: string) =>
  Tenant.parse({
    ...stored(tenantId, tenantId),
    profile: { name: 'Communauté de communes de l’Ouest guyanais', kind: 'intercommunalité', locale: 'fr-FR', timeZone: 'America/Cayenne' },
    settings: {
      directions: [
        { id: 'dir-voirie', name: 'Voirie', code: 'DVD', directorIds: ['u-dir-1'] },
        { id: 'dir-sante', name: 'Santé', code: null, directorIds: [] },
      ],
      roles: [
        { role: 'plan-admin', personId: 'u-admin', groupId: null, scope: null },
        { role: 'director', personId: null, groupId: 'g-directeurs', scope: 'dir-voirie' },
      ],
      reminders: { enabled: false, weekday: 3, hour: 14, dueWithinDays: 7, staleAfterDays: 45, escalateAfterDays: 10 },
      defaultPlanId: 'p-mandat',
      channels: [{ teamId: 'team-1', channelId: '19:abc@thread.tacv2', name: 'Plan', planId: 'p-mandat', ambitionId: null, projectId: null }],
    },
  });

export const plan = (tenantId: string, id: string, title = 'Plan de mandat', createdAt = NOW) =>
  Plan.parse({ ...stored(tenantId, id), createdAt, title });

export const ambition = (tenantId: string, planId: string, id: string, order = 0, over: Partial<Ambition> = {}) =>
  Ambition.parse({ ...stored(tenantId, id), planId, order, title: `Ambition ${id}`, ...over });

export const objective = (tenantId: string, planId: string, id: string, order = 0, over: Partial<Objective> = {}) =>
  Objective.parse({ ...stored(tenantId, id), planId, order, ambitionId: null, title: `Objectif ${id}`, ...over });

export const project = (
  tenantId: string,
  planId: string,
  id: string,
  order = 0,
  title = `Projet ${id}`,
  over: Partial<Project> = {},
) => Project.parse({ ...stored(tenantId, id), planId, order, ambitionId: null, objectiveId: null, title, budget: {}, ...over });

export const milestone = (tenantId: string, planId: string, id: string, order = 0, over: Partial<Milestone> = {}) =>
  Milestone.parse({ ...stored(tenantId, id), planId, order, projectId: null, baselineDate: null, title: `Jalon ${id}`, ...over });

export const person = (tenantId: string, id: string, displayName: string, extra: Partial<Person> = {}) =>
  Person.parse({
    ...stored(tenantId, id),
    displayName,
    email: null,
    entraObjectId: null,
    teamsUserId: null,
    source: 'test',
    linkedAt: null,
    ...extra,
  });

// ───────────────────────── writes ─────────────────────────

// The casts: TypeScript cannot tie a generic K to one member of the Write union.
export const create = <K extends EntityKind>(kind: K, item: Unsaved<EntityByKind[K]>): Write =>
  ({ op: 'create', kind, item }) as unknown as Write;
export const replace = <K extends EntityKind>(kind: K, item: Unsaved<EntityByKind[K]>, ifMatch: string): Write =>
  ({ op: 'replace', kind, item, ifMatch }) as unknown as Write;
export const remove = (kind: EntityKind, id: string, ifMatch?: string): Write =>
  (ifMatch === undefined ? { op: 'delete', kind, id } : { op: 'delete', kind, id, ifMatch }) as Write;

// ───────────────────────── lists ─────────────────────────

/** Follows continuations to the end, keeping every page to check their shape. */
export async function allPages<T>(fetch: (continuation: string | null) => Promise<Page<T>>): Promise<Array<Page<T>>> {
  const pages: Array<Page<T>> = [];
  let continuation: string | null = null;
  do {
    const page: Page<T> = await fetch(continuation);
    pages.push(page);
    continuation = page.continuation;
  } while (continuation !== null && pages.length < 100);
  return pages;
}

export const byKey = (a: [number | string, string], b: [number | string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** The order of every list of records in a plan: by `order`, then id. */
export const byOrderThenId = (a: { order: number; id: string }, b: { order: number; id: string }) =>
  byKey([a.order, a.id], [b.order, b.id]);

// ───────────────────────── a whole plan ─────────────────────────

export interface WholePlanSizes {
  ambitions: number;
  /** Objectives per ambition. */
  objectivesPerAmbition: number;
  projects: number;
  milestonesPerProject: number;
  /** New people the plan names (project owners). */
  people: number;
}

export const WHOLE_PLAN: WholePlanSizes = { ambitions: 5, objectivesPerAmbition: 2, projects: 150, milestonesPerProject: 2, people: 30 };

export const pad = (n: number) => String(n).padStart(3, '0');

/**
 * What an import of a whole plan commits at once: the plan, its ambitions and objectives,
 * its projects spread over them and their milestones (the two of a project share an
 * order, so the id breaks ties), and the new people who own the projects. All creates,
 * in the order an import writes them.
 */
export function wholePlanWrites(tenantId: string, planId: string, sizes: WholePlanSizes = WHOLE_PLAN): Write[] {
  const writes: Write[] = [create('plan', plan(tenantId, planId, `Plan ${planId}`))];
  const people = Array.from({ length: sizes.people }, (_, i) =>
    person(tenantId, `${planId}-person-${pad(i)}`, `Agent ${pad(i)}`, {
      email: `agent.${pad(i)}@${planId}.example.fr`,
      source: 'import',
    }),
  );
  writes.push(...people.map((p) => create('person', p)));
  const objectives: Objective[] = [];
  for (let a = 0; a < sizes.ambitions; a++) {
    const ambitionId = `${planId}-a${pad(a)}`;
    writes.push(create('ambition', ambition(tenantId, planId, ambitionId, a, { key: `A${a}` })));
    for (let o = 0; o < sizes.objectivesPerAmbition; o++) {
      const item = objective(tenantId, planId, `${planId}-o${pad(a)}-${o}`, a * sizes.objectivesPerAmbition + o, {
        ambitionId,
        key: `A${a}/O${o}`,
      });
      objectives.push(item);
      writes.push(create('objective', item));
    }
  }
  for (let i = 0; i < sizes.projects; i++) {
    const parent = objectives[i % Math.max(1, objectives.length)];
    const projectId = `${planId}-x${pad(i)}`;
    writes.push(
      create(
        'project',
        project(tenantId, planId, projectId, i, `Projet ${pad(i)}`, {
          ambitionId: parent?.ambitionId ?? null,
          objectiveId: parent?.id ?? null,
          ownerId: people.length ? people[i % people.length]!.id : null,
          leadDirectionId: `dir-${i % 3}`,
          status: i % 4 === 0 ? 'En cours' : 'À venir',
          budget: { planned: 1000 * (i + 1), funders: [] },
          key: `P${i}`,
          imported: { title: `Projet ${pad(i)}` },
        }),
      ),
    );
    for (let j = 0; j < sizes.milestonesPerProject; j++) {
      writes.push(
        create(
          'milestone',
          milestone(tenantId, planId, `${planId}-m${pad(i)}-${j}`, i, {
            projectId,
            baselineDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
            completion: j === 0 ? 1 : 0.25,
            state: j === 0 ? 'Atteint' : 'En cours',
          }),
        ),
      );
    }
  }
  return writes;
}

/** The kind and id each write is about. */
export const targetOf = (write: Write): { kind: EntityKind; id: string } =>
  write.op === 'delete' ? { kind: write.kind, id: write.id } : { kind: write.kind, id: write.item.id };

/**
 * The plan a commit of creates and replaces stored, from what commit handed back (`saved`
 * is in the order of the writes): what loadPlan must answer, each kind by order then id.
 */
export function treeOf(writes: Write[], saved: Array<EntityByKind[EntityKind]>, planId: string): PlanTree {
  // saved leaves deletes out: with one, the records would no longer line up with their writes.
  if (writes.some((w) => w.op === 'delete') || saved.length !== writes.length) {
    throw new Error('treeOf : uniquement des créations et des remplacements, tous enregistrés');
  }
  const of = <K extends EntityKind>(kind: K) =>
    saved.filter((_, i) => writes[i]!.kind === kind) as unknown as Array<EntityByKind[K]>;
  const inPlan = <K extends 'ambition' | 'objective' | 'project' | 'milestone'>(kind: K) =>
    of(kind)
      .filter((r) => r.planId === planId)
      .sort(byOrderThenId);
  const thePlan = of('plan').find((p) => p.id === planId);
  if (!thePlan) throw new Error(`plan ${planId} absent des écritures`);
  return {
    plan: thePlan,
    ambitions: inPlan('ambition'),
    objectives: inPlan('objective'),
    projects: inPlan('project'),
    milestones: inPlan('milestone'),
  };
}
