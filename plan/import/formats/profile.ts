// A flat list of projects, one per row, read through a column-mapping profile: a small
// JSON file that says which column holds what (docs/import.md documents it, with an
// example). The Paris participatory-budget list is read through a built-in profile.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  PROJECT_PHASES,
  PROJECT_STATUSES,
  matchPhase,
  matchPriority,
  matchStatus,
  normalizeLabel,
  type MilestoneState,
  type ProjectPhase,
  type ProjectStatus,
} from '../../vocab.ts';
import { findHeaderRow, readHeader, RowReader, splitList } from '../columns.ts';
import { issue, type ImportIssue } from '../issues.ts';
import type { ParsedAmbition, ParsedMilestone, ParsedObjective, ParsedPlan, ParsedProject } from '../parsed.ts';
import type { Sheet, SheetRow, Workbook } from '../read/types.ts';

const StatusRule = z.object({
  status: z.enum(PROJECT_STATUSES),
  phase: z.enum(PROJECT_PHASES).nullable().optional(),
  /** How many of the profile's milestones, in order, this status means are reached. */
  reached: z.number().int().min(0).default(0),
  /** Whether the milestone right after the reached ones is under way. */
  inProgress: z.boolean().default(false),
}).strict();

export const Profile = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  /** Headers whose presence identifies the format, for detection without --profile. */
  match: z.array(z.string()).default([]),
  /** The sheet to read (xlsx); the first sheet holding the headers otherwise. */
  sheet: z.string().optional(),
  planTitle: z.string().optional(),
  columns: z.object({
    /** A stable id per row: re-imports match rows on it. Without it, the ambition path plus the title. */
    id: z.string().optional(),
    title: z.string(),
    description: z.string().optional(),
    ambition: z.string().optional(),
    objective: z.string().optional(),
    /** Several directions may be listed, separated by commas: the first leads. */
    direction: z.string().optional(),
    owner: z.string().optional(),
    elu: z.string().optional(),
    partners: z.string().optional(),
    budget: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
    status: z.string().optional(),
    phase: z.string().optional(),
    priority: z.string().optional(),
    tags: z.array(z.string()).default([]),
    extra: z.array(z.string()).default([]),
  }).strict(),
  /** Date columns that each become one strategic milestone, in this order. */
  milestones: z
    .array(z.object({ key: z.string().min(1), title: z.string().min(1), column: z.string() }))
    .default([]),
  /** Status values of this file (compared ignoring case, accents and punctuation), with what they mean; others go through the synonyms table. */
  statuses: z.record(z.string(), StatusRule).default({}),
  /** Title given to a row without one; {id} and {row} are replaced. */
  untitled: z.string().default('Projet {id} (sans titre)'),
})
  // A misspelt key is an error, not a silently ignored setting.
  .strict();
export type Profile = z.infer<typeof Profile>;

const FRENCH = z.locales.fr();

const BUILT_IN = ['budget-participatif-paris'] as const;

export function builtInProfiles(): Profile[] {
  return BUILT_IN.map((name) =>
    Profile.parse(JSON.parse(readFileSync(new URL(`../profiles/${name}.json`, import.meta.url), 'utf8'))),
  );
}

/** A profile from a JSON text; the error lists what is wrong, in French. */
export function parseProfile(json: string): { ok: true; profile: Profile } | { ok: false; issue: ImportIssue } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    const why = (e as Error).message;
    return { ok: false, issue: issue.badProfile(`JSON illisible (${why})`, `unreadable JSON (${why})`) };
  }
  const parsed = Profile.safeParse(data, { error: FRENCH.localeError });
  if (parsed.success) return { ok: true, profile: parsed.data };
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'racine'} : ${i.message}`).join(' ; ');
  const detailEn = Profile.safeParse(data)
    .error!.issues.map((i) => `${i.path.join('.') || 'root'}: ${i.message}`)
    .join('; ');
  return { ok: false, issue: issue.badProfile(detail, detailEn) };
}

function requiredHeaders(profile: Profile): string[] {
  return [profile.columns.title, ...(profile.columns.id ? [profile.columns.id] : [])];
}

export function findProfileSheet(workbook: Workbook, profile: Profile): { sheet: Sheet; headerRow: SheetRow } | undefined {
  const sheets = profile.sheet ? workbook.sheets.filter((s) => s.name === profile.sheet) : workbook.sheets;
  const wanted = profile.match.length > 0 ? profile.match : requiredHeaders(profile);
  for (const sheet of sheets) {
    const headerRow = findHeaderRow(sheet, wanted);
    if (headerRow) return { sheet, headerRow };
  }
  return undefined;
}

const key = (text: string) => normalizeLabel(text);

export function parseWithProfile(workbook: Workbook, profile: Profile, fileTitle: string): ParsedPlan {
  const issues: ImportIssue[] = [];
  const found = findProfileSheet(workbook, profile);
  const empty: ParsedPlan = {
    format: `profile:${profile.name}`,
    title: profile.planTitle ?? fileTitle,
    ambitions: [],
    objectives: [],
    projects: [],
    milestones: [],
    issues,
  };
  if (!found) {
    for (const h of requiredHeaders(profile)) issues.push(issue.missingColumn(h));
    return empty;
  }
  const { sheet, headerRow } = found;
  const r = new RowReader(readHeader(headerRow), issues);
  const c = profile.columns;
  // Every column the profile names must be in the file: a typo in a profile is an error, not an empty field.
  const named = [
    c.id, c.title, c.description, c.ambition, c.objective, c.direction, c.owner, c.elu, c.partners,
    c.budget, c.start, c.end, c.status, c.phase, c.priority, ...c.tags, ...c.extra,
    ...profile.milestones.map((m) => m.column),
  ].filter((h): h is string => !!h);
  for (const h of named) if (!r.has(h)) issues.push(issue.missingColumn(h));
  if (issues.length > 0) return empty;
  const col = (h: string | undefined) => (h ? r.column(h) : undefined);
  const statusRules = new Map(Object.entries(profile.statuses).map(([text, rule]) => [key(text), rule]));

  const ambitions = new Map<string, ParsedAmbition>();
  const objectives = new Map<string, ParsedObjective>();
  const projects: ParsedProject[] = [];
  const milestones: ParsedMilestone[] = [];
  const seen = new Map<string, number>();

  for (const row of sheet.rows) {
    if (row.number <= headerRow.number) continue;
    const id = r.text(row, col(c.id));
    let title = r.text(row, col(c.title));
    const ambition = r.text(row, col(c.ambition));
    const objective = r.text(row, col(c.objective));
    let ambitionKey: string | null = null;
    if (ambition) {
      ambitionKey = `a:${key(ambition)}`;
      if (!ambitions.has(ambitionKey)) ambitions.set(ambitionKey, { key: ambitionKey, title: ambition, row: row.number });
    }
    let objectiveKey: string | null = null;
    if (objective) {
      objectiveKey = `${ambitionKey ?? ''}/o:${key(objective)}`;
      if (!objectives.has(objectiveKey))
        objectives.set(objectiveKey, { key: objectiveKey, ambitionKey, parentKey: null, title: objective, row: row.number });
    }
    if (!title) {
      title = profile.untitled.replace('{id}', id ?? String(row.number)).replace('{row}', String(row.number));
      issues.push(issue.untitledProject(row.number, r.label(col(c.title)!), title));
    }
    const projectKey = id ? `id:${id}` : `${objectiveKey ?? ambitionKey ?? ''}/p:${key(title)}`;
    const firstRow = seen.get(projectKey);
    if (firstRow !== undefined) {
      issues.push(issue.duplicateKey(row.number, r.label(col(c.id ?? c.title)!), id ?? title, firstRow));
      continue;
    }
    seen.set(projectKey, row.number);

    // Status: the profile's own table first, then the published synonyms.
    const statusText = r.text(row, col(c.status));
    let status: ProjectStatus = 'À venir';
    let phase: ProjectPhase | null | undefined;
    let reached = 0;
    let inProgress = false;
    if (statusText) {
      const rule = statusRules.get(key(statusText));
      const synonym = rule ? undefined : matchStatus(statusText);
      if (rule) {
        status = rule.status;
        phase = rule.phase ?? null;
        reached = rule.reached;
        inProgress = rule.inProgress;
      } else if (synonym) {
        status = synonym;
        reached = synonym === 'Terminé' ? profile.milestones.length : 0;
      } else {
        issues.push(issue.unknownStatus(row.number, r.label(col(c.status)!), statusText, status));
      }
    }
    const phaseText = r.text(row, col(c.phase));
    if (phaseText) {
      const p = matchPhase(phaseText);
      if (p) phase = p;
      else issues.push(issue.unknownPhase(row.number, r.label(col(c.phase)!), phaseText));
    }
    const priorityText = r.text(row, col(c.priority));
    const priority = priorityText ? matchPriority(priorityText) ?? null : undefined;
    if (priorityText && !priority) issues.push(issue.unknownPriority(row.number, r.label(col(c.priority)!), priorityText));

    // The file's own status code is kept beside the status it maps to.
    const extra: Record<string, string> = statusText ? { [c.status!]: statusText } : {};
    for (const h of c.extra) {
      const v = r.text(row, col(h));
      if (v) extra[h] = v;
    }
    const project: ParsedProject = {
      key: projectKey,
      row: row.number,
      ambitionKey,
      objectiveKey,
      title,
      tags: c.tags.flatMap((h) => r.text(row, col(h)) ?? []),
      extra,
      status,
    };
    // Only the fields the file carries: a re-import leaves the others as recorded in Jalon.
    if (c.description) project.description = r.text(row, col(c.description)) ?? '';
    if (c.direction) project.directions = splitList(r.text(row, col(c.direction)));
    if (c.owner) project.pilots = r.text(row, col(c.owner)) ?? '';
    if (c.elu) project.elus = r.text(row, col(c.elu)) ?? '';
    if (c.partners) project.partners = r.text(row, col(c.partners)) ?? '';
    if (c.budget) project.budget = r.number(row, col(c.budget), title);
    if (c.start) project.startDate = r.date(row, col(c.start), title);
    if (c.end) project.endDate = r.date(row, col(c.end), title);
    if (phase !== undefined) project.phase = phase;
    if (priority !== undefined) project.priority = priority;
    projects.push(project);

    profile.milestones.forEach((m, stage) => {
      const date = r.date(row, col(m.column), title);
      if (!date) return;
      const state = stageState(stage, reached, inProgress, status);
      milestones.push({
        key: `${projectKey}#${m.key}`,
        projectKey,
        row: row.number,
        title: m.title,
        baselineDate: date,
        state,
        completion: state === 'Atteint' ? 1 : 0,
        strategic: true,
      });
    });
  }

  return {
    ...empty,
    ambitions: [...ambitions.values()],
    objectives: [...objectives.values()],
    projects,
    milestones,
  };
}

/** The state of the milestone at `stage` (0-based) for a project whose status reached `reached` stages. */
export function stageState(stage: number, reached: number, inProgress: boolean, status: ProjectStatus): MilestoneState {
  if (stage < reached) return 'Atteint';
  if (status === 'Abandonné') return 'Abandonné';
  if (stage === reached && inProgress) return 'En cours';
  return 'À venir';
}
