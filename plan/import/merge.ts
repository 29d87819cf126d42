// Turns a parsed file into the writes that make the plan say what the file says, and a
// report of every change. A first import creates; a re-import matches records on their
// keys, changes only the fields whose value in the file moved since the last import
// (so what was recorded in Jalon since is kept), and reports without deleting the rows
// that vanished from the file.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  Ambition,
  Milestone,
  Objective,
  Person,
  Plan,
  Project,
  type EntityKind,
  type PlanTree,
  type Tenant,
} from '../model.ts';
import { personKey, splitPeople } from '../people.ts';
import { directionId, findDirection, tenantWrite } from '../settings.ts';
import type { Unsaved, Write } from '../store/ports.ts';
import { issue, type ImportIssue } from './issues.ts';
import type { ParsedPlan, ParsedProject } from './parsed.ts';

export type ChangeAction = 'create' | 'update' | 'vanished';

export interface Change {
  kind: EntityKind;
  action: ChangeAction;
  key: string | null;
  title: string;
  /** The file's row, for creates and updates. */
  row: number | null;
  fields: Array<{ field: string; from: unknown; to: unknown }>;
}

export interface MergeInput {
  tenantId: string;
  parsed: ParsedPlan;
  /** The plan re-imported into, or null for a new plan. */
  existing: PlanTree | null;
  tenant: Unsaved<Tenant>;
  people: Person[];
  planTitle: string | null;
  fileName: string;
  now: string;
}

export interface MergeResult {
  planId: string;
  writes: Write[];
  changes: Change[];
  unchanged: number;
  warnings: ImportIssue[];
}

type Fields = Record<string, unknown>;
type Imported = { id: string; key: string | null; etag: string; imported: Fields | null } & Fields;

export function merge(input: MergeInput): MergeResult {
  const { parsed, existing, now, tenantId } = input;
  const writes: Write[] = [];
  const changes: Change[] = [];
  const warnings: ImportIssue[] = [];
  let unchanged = 0;

  // ── the tenant's people and directions, found or added ──
  const tenant = structuredClone(input.tenant);
  let tenantChanged = false;
  const peopleByKey = new Map(input.people.map((p) => [personKey(p.displayName), p]));
  const newPeople: Person[] = [];
  const personId = (name: string): string => {
    const k = personKey(name);
    let person = peopleByKey.get(k);
    if (!person) {
      person = {
        id: randomUUID(),
        tenantId,
        etag: '',
        createdAt: now,
        updatedAt: now,
        displayName: name,
        email: null,
        entraObjectId: null,
        teamsUserId: null,
        source: input.fileName,
        linkedAt: null,
      };
      peopleByKey.set(k, person);
      newPeople.push(person);
    }
    return person.id;
  };
  const directionIdOf = (text: string): string => {
    const found = findDirection(tenant.settings, text);
    if (found) return found.id;
    let id = directionId(text);
    while (tenant.settings.directions.some((d) => d.id === id)) id += '-2';
    tenant.settings.directions.push({ id, name: text, code: null, directorIds: [] });
    tenantChanged = true;
    return id;
  };

  // ── the plan ──
  const planId = existing?.plan.id ?? randomUUID();
  const base = { tenantId, planId, createdAt: now, updatedAt: now };

  /** Create the record, or change the fields whose value in the file moved since the last import. */
  function upsert<T extends Imported>(
    kind: EntityKind,
    found: T | undefined,
    key: string,
    row: number,
    title: string,
    fields: Fields,
    create: () => T,
  ): string {
    if (!found) {
      const item = { ...create(), ...fields, key, imported: fields };
      writes.push({ op: 'create', kind, item } as unknown as Write);
      changes.push({ kind, action: 'create', key, title, row, fields: [] });
      return item.id;
    }
    const diff: Change['fields'] = [];
    const next: Fields = { ...found };
    const snapshot: Fields = { ...(found.imported ?? {}) };
    let snapshotMoved = false;
    for (const [field, value] of Object.entries(fields)) {
      const before = found.imported && field in found.imported ? found.imported[field] : found[field];
      if (isDeepStrictEqual(before, value)) continue;
      snapshot[field] = value;
      snapshotMoved = true;
      if (!isDeepStrictEqual(found[field], value)) {
        diff.push(...fieldDiff(field, found[field], value));
        next[field] = value;
      }
    }
    if (diff.length === 0 && !snapshotMoved) {
      unchanged++;
      return found.id;
    }
    const item = { ...next, imported: snapshot, updatedAt: now };
    writes.push({ op: 'replace', kind, item, ifMatch: found.etag } as unknown as Write);
    if (diff.length > 0) changes.push({ kind, action: 'update', key, title, row, fields: diff });
    else unchanged++;
    return found.id;
  }

  const byKey = <T extends { key: string | null }>(items: T[] | undefined) =>
    new Map((items ?? []).filter((i) => i.key !== null).map((i) => [i.key!, i]));
  const oldAmbitions = byKey(existing?.ambitions);
  const oldObjectives = byKey(existing?.objectives);
  const oldProjects = byKey(existing?.projects);
  const oldMilestones = byKey(existing?.milestones);

  const ambitionIds = new Map<string, string>();
  parsed.ambitions.forEach((a, order) => {
    const id = upsert('ambition', oldAmbitions.get(a.key) as Imported | undefined, a.key, a.row, a.title, { title: a.title, order }, () =>
      Ambition.parse({ ...base, id: randomUUID(), etag: '', title: a.title }) as unknown as Imported,
    );
    ambitionIds.set(a.key, id);
  });

  const objectiveIds = new Map<string, string>();
  parsed.objectives.forEach((o, order) => {
    const fields = {
      title: o.title,
      ambitionId: o.ambitionKey ? ambitionIds.get(o.ambitionKey)! : null,
      parentId: o.parentKey ? objectiveIds.get(o.parentKey)! : null,
      order,
    };
    const id = upsert('objective', oldObjectives.get(o.key) as Imported | undefined, o.key, o.row, o.title, fields, () =>
      Objective.parse({ ...base, id: randomUUID(), etag: '', ...fields }) as unknown as Imported,
    );
    objectiveIds.set(o.key, id);
  });

  const projectIds = new Map<string, string>();
  parsed.projects.forEach((p, order) => {
    const fields = projectFields(p, order, ambitionIds, objectiveIds, personId, directionIdOf);
    const id = upsert('project', oldProjects.get(p.key) as Imported | undefined, p.key, p.row, p.title, fields, () =>
      Project.parse({ ...base, id: randomUUID(), etag: '', budget: {}, ...fields }) as unknown as Imported,
    );
    projectIds.set(p.key, id);
  });

  parsed.milestones.forEach((m, order) => {
    const fields: Fields = { title: m.title, baselineDate: m.baselineDate, strategic: m.strategic, order };
    if (m.state !== undefined) fields.state = m.state;
    if (m.completion !== undefined) fields.completion = m.completion;
    if (m.owner !== undefined) fields.ownerId = splitPeople(m.owner).people.map(personId)[0] ?? null;
    upsert('milestone', oldMilestones.get(m.key) as Imported | undefined, m.key, m.row, m.title, fields, () =>
      Milestone.parse({
        ...base,
        id: randomUUID(),
        etag: '',
        projectId: projectIds.get(m.projectKey)!,
        title: m.title,
        baselineDate: m.baselineDate,
      }) as unknown as Imported,
    );
  });

  // ── what vanished from the file: reported, never deleted ──
  const present = (keys: Iterable<{ key: string }>) => new Set([...keys].map((k) => k.key));
  const vanished: Array<[EntityKind, Map<string, { key: string | null; title: string }>, Set<string>]> = [
    ['ambition', oldAmbitions, present(parsed.ambitions)],
    ['objective', oldObjectives, present(parsed.objectives)],
    ['project', oldProjects, present(parsed.projects)],
    ['milestone', oldMilestones, present(parsed.milestones)],
  ];
  for (const [kind, old, now] of vanished) {
    for (const [key, record] of old) {
      if (now.has(key)) continue;
      changes.push({ kind, action: 'vanished', key, title: record.title, row: null, fields: [] });
      warnings.push(issue.vanished(kind, record.title, key));
    }
  }

  // ── the plan record, the people and the tenant, written first ──
  const head: Write[] = [];
  const contentChanged = writes.length > 0 || newPeople.length > 0;
  if (!existing) {
    tenant.settings.defaultPlanId ??= planId;
    tenantChanged = true;
  }
  if (tenantChanged || !tenant.etag) head.push(tenantWrite({ ...tenant, updatedAt: now }));
  for (const person of newPeople) {
    const { etag: _etag, ...item } = person;
    head.push({ op: 'create', kind: 'person', item });
  }
  const source = { fileName: input.fileName, format: parsed.format, importedAt: now };
  if (!existing) {
    const title = input.planTitle ?? parsed.title ?? input.fileName;
    head.push({ op: 'create', kind: 'plan', item: Plan.parse({ ...base, id: planId, etag: '', title, source }) });
    changes.unshift({ kind: 'plan', action: 'create', key: null, title, row: null, fields: [] });
  } else if (contentChanged) {
    head.push({
      op: 'replace',
      kind: 'plan',
      item: { ...existing.plan, source, updatedAt: now },
      ifMatch: existing.plan.etag,
    });
  }

  return { planId, writes: [...head, ...writes], changes, unchanged, warnings };
}

/** A change of a field; for `extra`, one per column that changed, so that the report stays readable. */
function fieldDiff(field: string, from: unknown, to: unknown): Change['fields'] {
  if (field !== 'extra') return [{ field, from, to }];
  const a = (from ?? {}) as Record<string, unknown>;
  const b = (to ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => a[k] !== b[k])
    .map((k) => ({ field: `extra.${k}`, from: a[k] ?? null, to: b[k] ?? null }));
}

function projectFields(
  p: ParsedProject,
  order: number,
  ambitionIds: Map<string, string>,
  objectiveIds: Map<string, string>,
  personId: (name: string) => string,
  directionIdOf: (text: string) => string,
): Fields {
  const fields: Fields = {
    title: p.title,
    ambitionId: p.ambitionKey ? ambitionIds.get(p.ambitionKey)! : null,
    objectiveId: p.objectiveKey ? objectiveIds.get(p.objectiveKey)! : null,
    order,
  };
  if (p.description !== undefined) fields.description = p.description;
  if (p.directions !== undefined) {
    const ids = [...new Set(p.directions.map(directionIdOf))];
    fields.leadDirectionId = ids[0] ?? null;
    fields.coDirectionIds = ids.slice(1);
  }
  // Pilots and élus: names that look like people become people; the rest joins the partners text.
  const partners: string[] = [];
  if (p.pilots !== undefined) {
    const { people, others } = splitPeople(p.pilots);
    const ids = [...new Set(people.map(personId))];
    fields.ownerId = ids[0] ?? null;
    fields.coOwnerIds = ids.slice(1);
    partners.push(...others);
  }
  if (p.elus !== undefined) {
    const { people, others } = splitPeople(p.elus);
    fields.eluId = people[0] ? personId(people[0]) : null;
    partners.push(...people.slice(1), ...others);
  }
  if (p.partners !== undefined || partners.length > 0) {
    fields.partners = [p.partners ?? '', ...partners].filter(Boolean).join(', ');
  }
  if (p.budget !== undefined || p.funders !== undefined) {
    fields.budget = { planned: p.budget ?? null, funders: p.funders ?? [] };
  }
  for (const f of ['startDate', 'endDate', 'status', 'phase', 'priority', 'tags', 'extra'] as const) {
    if (p[f] !== undefined) fields[f] = p[f];
  }
  return fields;
}
