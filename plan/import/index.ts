// The plan import, one pipeline: read the file → recognise its format → parse it →
// merge it into the plan → commit all of it in one store transaction, or nothing.
// The CLI and the API both call importPlan().
import { basename, extname } from 'node:path';
import type { Person } from '../model.ts';
import { loadTenant } from '../settings.ts';
import { NotFoundError } from '../store/errors.ts';
import type { PlanStore } from '../store/ports.ts';
import { builtInProfiles, findProfileSheet, parseProfile, parseWithProfile, type Profile } from './formats/profile.ts';
import { findTetSheet, parseTet } from './formats/tet.ts';
import { issue, type ImportIssue } from './issues.ts';
import { merge, type Change } from './merge.ts';
import type { ParsedPlan } from './parsed.ts';
import { readWorkbook, UnreadableFileError } from './read/index.ts';
import type { Workbook } from './read/types.ts';

export interface ImportRequest {
  tenantId: string;
  bytes: Uint8Array;
  fileName: string;
  contentType?: string;
  /** Title of a new plan; the file's own title otherwise. */
  planTitle?: string | null;
  /** Re-import into this plan instead of creating one. */
  intoPlanId?: string | null;
  /** A built-in profile's name, or a profile's JSON text. */
  profile?: string | null;
  dryRun?: boolean;
  now?: Date;
}

export interface ImportOutcome {
  /** The plan created or re-imported into; null for a dry run of a new plan or a rejected file. */
  planId: string | null;
  dryRun: boolean;
  format: string | null;
  /** What the file holds. */
  ambitions: number;
  objectives: number;
  projects: number;
  milestones: number;
  warnings: ImportIssue[];
  /** Any error rejects the whole file: nothing is stored. */
  errors: ImportIssue[];
  summary: { created: number; updated: number; unchanged: number; vanished: number };
  changes: Change[];
}

function outcome(partial: Partial<ImportOutcome> & { dryRun: boolean }): ImportOutcome {
  return {
    planId: null,
    format: null,
    ambitions: 0,
    objectives: 0,
    projects: 0,
    milestones: 0,
    warnings: [],
    errors: [],
    summary: { created: 0, updated: 0, unchanged: 0, vanished: 0 },
    changes: [],
    ...partial,
  };
}

/** Parse a file in memory: the format is recognised, or given by a profile. */
export function parseWorkbook(workbook: Workbook, fileName: string, profile?: Profile): ParsedPlan | ImportIssue {
  const fileTitle = basename(fileName, extname(fileName));
  if (profile) return parseWithProfile(workbook, profile, fileTitle);
  if (findTetSheet(workbook)) return parseTet(workbook, fileTitle);
  const known = builtInProfiles().find((p) => findProfileSheet(workbook, p));
  if (known) return parseWithProfile(workbook, known, fileTitle);
  const headers = workbook.sheets[0]?.rows[0]?.cells.filter((c): c is string => typeof c === 'string') ?? [];
  return issue.unknownFormat(headers);
}

export function resolveProfile(spec: string): { ok: true; profile: Profile } | { ok: false; issue: ImportIssue } {
  const builtIns = builtInProfiles();
  const builtIn = builtIns.find((p) => p.name === spec);
  if (builtIn) return { ok: true, profile: builtIn };
  if (spec.trimStart().startsWith('{')) return parseProfile(spec);
  return {
    ok: false,
    issue: issue.badProfile(
      `« ${spec} » n’est ni un profil fourni (${builtIns.map((p) => p.name).join(', ')}) ni un profil JSON.`,
    ),
  };
}

export async function importPlan(store: PlanStore, req: ImportRequest): Promise<ImportOutcome> {
  const dryRun = req.dryRun ?? false;
  const now = (req.now ?? new Date()).toISOString();

  let profile: Profile | undefined;
  if (req.profile) {
    const resolved = resolveProfile(req.profile);
    if (!resolved.ok) return outcome({ dryRun, errors: [resolved.issue] });
    profile = resolved.profile;
  }

  let workbook: Workbook;
  try {
    workbook = await readWorkbook({ bytes: req.bytes, fileName: req.fileName, contentType: req.contentType });
  } catch (e) {
    if (e instanceof UnreadableFileError) return outcome({ dryRun, errors: [issue.unreadable(e.message, e.messageEn)] });
    throw e;
  }

  const parsed = parseWorkbook(workbook, req.fileName, profile);
  if (!('format' in parsed)) return outcome({ dryRun, errors: [parsed] });
  const counts = {
    format: parsed.format,
    ambitions: parsed.ambitions.length,
    objectives: parsed.objectives.length,
    projects: parsed.projects.length,
    milestones: parsed.milestones.length,
  };
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (parsed.projects.length === 0 && parsed.ambitions.length === 0 && errors.length === 0) errors.push(issue.noData());
  const warnings = parsed.issues.filter((i) => i.severity === 'warning');
  if (errors.length > 0) return outcome({ dryRun, ...counts, warnings, errors });

  const existing = req.intoPlanId ? await store.loadPlan(req.tenantId, req.intoPlanId) : null;
  if (req.intoPlanId && !existing) throw new NotFoundError('plan', req.intoPlanId);
  const merged = merge({
    tenantId: req.tenantId,
    parsed,
    existing,
    tenant: await loadTenant(store, req.tenantId, now),
    people: await allPeople(store, req.tenantId),
    planTitle: req.planTitle ?? null,
    fileName: basename(req.fileName),
    now,
  });
  if (!dryRun && merged.writes.length > 0) await store.commit(req.tenantId, merged.writes);

  const count = (action: Change['action']) => merged.changes.filter((c) => c.action === action).length;
  return outcome({
    dryRun,
    ...counts,
    planId: dryRun && !existing ? null : merged.planId,
    warnings: [...warnings, ...merged.warnings],
    summary: { created: count('create'), updated: count('update'), unchanged: merged.unchanged, vanished: count('vanished') },
    changes: merged.changes,
  });
}

async function allPeople(store: PlanStore, tenantId: string): Promise<Person[]> {
  const people: Person[] = [];
  let continuation: string | null = null;
  do {
    const page = await store.listPeople(tenantId, {}, { limit: 1000, continuation });
    people.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return people;
}
