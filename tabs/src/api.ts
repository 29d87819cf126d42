// Typed helpers for the Jalon API (same origin, under /api, JSON, French errors).
// The answers are read defensively: a figure the server does not send reads as zero or
// null rather than breaking the page, so that the tabs survive small changes of shape.
import { PROJECT_STATUSES, type Meteo, type ProjectStatus } from '../../plan/vocab.ts';

export { PROJECT_STATUSES, type Meteo, type ProjectStatus };

// ───────────────────────── errors and transport ─────────────────────────

/** A failed call, with the API's own message (`error.message`), shown as is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show for anything a call threw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.name === 'AbortError') return 'Requête annulée.';
  // Teams SSO refused for want of consent (teams.ts): the user, or an admin, must grant it once.
  if (e instanceof Error && e.name === 'ConsentRequiredError') {
    return apiLanguage === 'en'
      ? 'Jalon needs your consent to sign you in: reopen the tab and accept, or ask your administrator to grant it for the organisation.'
      : 'Jalon a besoin de votre accord pour vous connecter : rouvrez l’onglet et acceptez, ou demandez à votre administrateur de l’accorder pour la collectivité.';
  }
  return 'Une erreur inattendue est survenue. Réessayez dans un instant.';
}

let apiLanguage: 'fr' | 'en' = 'fr';
let tokenProvider: (() => Promise<string | null>) | null = null;

/** Where the bearer token for the API comes from (Teams SSO, set by main.tsx); none in a plain browser. */
export function setAuthTokenProvider(provider: (() => Promise<string | null>) | null): void {
  tokenProvider = provider;
}

/** The language the API answers errors in: the tab's own (set by i18n.tsx). */
export function setApiLanguage(lang: 'fr' | 'en'): void {
  apiLanguage = lang;
}

/** A call to /api (the SSO token and the language added): for helpers outside this file. */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  // Inside Teams every call carries the user's SSO token; a refusal that needs consent
  // propagates (ConsentRequiredError) for the page to ask once.
  const token = tokenProvider ? await tokenProvider() : null;
  try {
    res = await fetch(`/api${path}`, {
      ...init,
      headers: {
        Accept: 'application/json',
        'Accept-Language': apiLanguage,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Le serveur Jalon ne répond pas. Vérifiez votre connexion et réessayez.');
  }
  return res;
}

export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'bad-response', `Réponse inattendue du serveur (HTTP ${res.status}).`);
  }
}

export function toError(res: Response, body: unknown): ApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.message === 'string') {
    return new ApiError(res.status, typeof err.code === 'string' ? err.code : 'error', err.message, err.details);
  }
  return new ApiError(res.status, 'http', `Le serveur a répondu par une erreur (HTTP ${res.status}).`);
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await call(path, signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  return body as T;
}

const query = (params: Record<string, string | number | null | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const rec = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

// ───────────────────────── plans and settings ─────────────────────────

export interface Plan {
  id: string;
  title: string;
  description: string;
  source: { fileName: string; format: string; importedAt: string } | null;
  etag: string;
}

export interface Page<T> {
  items: T[];
  continuation: string | null;
}

export interface Direction {
  id: string;
  name: string;
  code: string | null;
}

export interface Settings {
  profile: { name: string; kind: string; locale: string; timeZone: string };
  directions: Direction[];
  defaultPlanId: string | null;
}

/** All the tenant's plans (a few pages at most). */
export async function listPlans(signal?: AbortSignal): Promise<Plan[]> {
  const plans: Plan[] = [];
  let continuation: string | null = null;
  for (let page = 0; page < 20; page++) {
    const res: Page<Plan> = await getJson<Page<Plan>>(`/plans${query({ limit: 100, continuation })}`, signal);
    plans.push(...arr(res?.items).map((p) => p as Plan));
    continuation = res?.continuation ?? null;
    if (!continuation) break;
  }
  return plans;
}

export async function getSettings(signal?: AbortSignal): Promise<Settings> {
  const raw = rec(await getJson<unknown>('/settings', signal));
  const profile = rec(raw.profile);
  const settings = rec(raw.settings);
  return {
    profile: {
      name: str(profile.name) || 'Ma collectivité',
      kind: str(profile.kind),
      locale: str(profile.locale) || 'fr-FR',
      timeZone: str(profile.timeZone) || 'Europe/Paris',
    },
    directions: arr(settings.directions).map((d) => {
      const r = rec(d);
      return { id: str(r.id), name: str(r.name) || str(r.id), code: typeof r.code === 'string' ? r.code : null };
    }),
    defaultPlanId: typeof settings.defaultPlanId === 'string' ? settings.defaultPlanId : null,
  };
}

// ───────────────────────── dashboard ─────────────────────────

export type MeteoCounts = Record<Meteo | 'none', number>;
export type Health = 'critical' | 'watch' | 'good' | 'none';

/** What every level reports (see plan/rollup.ts, LevelFigures). */
export interface Figures {
  projects: number;
  milestones: number;
  late: number;
  /** 0..1, null when there is nothing to average. */
  progress: number | null;
  progressByBudget: number | null;
  budget: number;
  meteo: MeteoCounts;
  statuses: Record<ProjectStatus, number>;
}

export interface ObjectiveSummary extends Figures {
  id: string;
  title: string;
  objectives: ObjectiveSummary[];
}

export interface AmbitionSummary extends Figures {
  /** null: projects attached to no ambition. */
  id: string | null;
  title: string;
  objectives: ObjectiveSummary[];
}

export interface DirectionSummary extends Figures {
  /** null: « Sans direction ». */
  id: string | null;
  name: string;
}

export interface MatrixCell extends Figures {
  ambitionId: string | null;
  directionId: string | null;
  health: Health;
}

export interface Dashboard {
  plan: Plan;
  totals: Figures & { ambitions: number; objectives: number };
  /** The plan's ambitions, then « Sans ambition » (id null) when some projects have none. */
  ambitions: AmbitionSummary[];
  directions: DirectionSummary[];
  matrix: {
    /** Ambitions in the plan's order, null (« Sans ambition ») last when present. */
    rows: Array<{ id: string | null; title: string }>;
    /** Directions leading projects, null (« Sans direction ») last when present. */
    columns: Array<{ id: string | null; name: string }>;
    cells: MatrixCell[];
  };
  /** The published formula, sentence by sentence; `en` is empty when the server sends none. */
  formula: { version: number; fr: Record<string, string>; en: Record<string, string> };
}

/** The API's key for « Sans direction » in query strings and, sometimes, in ids. */
export const NO_DIRECTION = 'none';
const NONE_IDS = new Set(['none', 'unassigned', '']);
/** null for the « Sans … » groups, however the server spells them. */
const groupId = (x: unknown): string | null => (typeof x === 'string' && !NONE_IDS.has(x) ? x : null);

function figures(x: unknown): Figures {
  const r = rec(x);
  const meteo = rec(r.meteo);
  const statuses = rec(r.statuses);
  return {
    projects: num(r.projects),
    milestones: num(r.milestones),
    late: num(r.late),
    progress: numOrNull(r.progress),
    progressByBudget: numOrNull(r.progressByBudget),
    budget: num(r.budget),
    meteo: { soleil: num(meteo.soleil), nuageux: num(meteo.nuageux), orage: num(meteo.orage), none: num(meteo.none) },
    statuses: Object.fromEntries(PROJECT_STATUSES.map((s) => [s, num(statuses[s])])) as Record<ProjectStatus, number>,
  };
}

function objective(x: unknown): ObjectiveSummary {
  const r = rec(x);
  return {
    ...figures(r),
    id: str(r.id),
    title: str(r.title) || 'Objectif sans titre',
    objectives: arr(r.objectives ?? r.children).map(objective),
  };
}

function ambition(x: unknown): AmbitionSummary {
  const r = rec(x);
  const id = groupId(r.id ?? r.ambitionId);
  return {
    ...figures(r),
    id,
    title: str(r.title) || (id === null ? 'Sans ambition' : 'Ambition sans titre'),
    objectives: arr(r.objectives).map(objective),
  };
}

/**
 * Reads a dashboard answer (plan/dashboard.ts), tolerating missing figures, the spellings
 * of « none », the matrix as { rows, columns, cells } or as a bare list of cells, and
 * « Sans ambition » as `unassigned` or as an ambition with no id.
 */
export function readDashboard(raw: unknown): Dashboard {
  const r = rec(raw);
  const formula = rec(r.formula);
  // The plan's own figures (progress, météo) with the totals' counts over them.
  const totals = { ...rec(r.plan), ...rec(r.totals) };
  const ambitions = arr(r.ambitions).map(ambition);
  if (r.unassigned && !ambitions.some((a) => a.id === null)) ambitions.push(ambition({ ...rec(r.unassigned), id: null }));
  const directions = arr(r.directions).map((d) => {
    const dr = rec(d);
    const id = groupId(dr.id ?? dr.directionId);
    return { ...figures(dr), id, name: id === null ? 'Sans direction' : str(dr.name) || id };
  });
  const m = rec(r.matrix);
  const cells: MatrixCell[] = arr(Array.isArray(r.matrix) ? r.matrix : m.cells).map((c) => {
    const cr = rec(c);
    const h = cr.health;
    return {
      ...figures(cr),
      ambitionId: groupId(cr.ambitionId),
      directionId: groupId(cr.directionId),
      health: h === 'critical' || h === 'watch' || h === 'good' ? h : 'none',
    };
  });
  const nullLast = <T extends { id: string | null }>(xs: T[]): T[] => [...xs.filter((x) => x.id !== null), ...xs.filter((x) => x.id === null)];
  const rows = Array.isArray(m.rows)
    ? m.rows.map((x) => {
        const id = groupId(rec(x).id);
        return { id, title: str(rec(x).title) || (id === null ? 'Sans ambition' : id) };
      })
    : [
        ...ambitions.filter((a) => a.id !== null).map((a) => ({ id: a.id, title: a.title })),
        ...(cells.some((c) => c.ambitionId === null) ? [{ id: null, title: 'Sans ambition' }] : []),
      ];
  const columnIds = Array.isArray(m.columns)
    ? m.columns.map((x) => groupId(rec(x).id))
    : [...directions.filter((d) => d.projects > 0).map((d) => d.id), ...cells.map((c) => c.directionId)];
  const names = new Map(directions.map((d) => [d.id, d.name]));
  const columns = [...new Set(columnIds)].map((id) => ({ id, name: id === null ? 'Sans direction' : names.get(id) ?? id }));
  return {
    plan: rec(r.plan) as unknown as Plan,
    totals: { ...figures(totals), ambitions: num(totals.ambitions), objectives: num(totals.objectives) },
    ambitions,
    directions,
    matrix: { rows: nullLast(rows), columns: nullLast(columns), cells },
    formula: {
      version: num(formula.version),
      fr: Object.fromEntries(Object.entries(rec(formula.fr)).filter((e): e is [string, string] => typeof e[1] === 'string')),
      en: Object.fromEntries(Object.entries(rec(formula.en)).filter((e): e is [string, string] => typeof e[1] === 'string')),
    },
  };
}

export async function getDashboard(planId: string, signal?: AbortSignal): Promise<Dashboard> {
  return readDashboard(await getJson<unknown>(`/plans/${encodeURIComponent(planId)}/dashboard`, signal));
}

// ───────────────────────── projects ─────────────────────────

export interface Project {
  id: string;
  key: string | null;
  title: string;
  status: ProjectStatus;
  phase: string | null;
  priority: string | null;
  ambitionId: string | null;
  objectiveId: string | null;
  leadDirectionId: string | null;
  budget: { planned: number | null };
  meteo: { value: Meteo } | null;
  tags: string[];
  startDate: string | null;
  endDate: string | null;
}

export interface ProjectFilters {
  ambition?: string;
  objective?: string;
  /** A direction id, or NO_DIRECTION. */
  direction?: string;
  status?: string;
  elu?: string;
  tag?: string;
  q?: string;
}

export async function listProjects(
  planId: string,
  filters: ProjectFilters,
  page: { limit: number; continuation: string | null },
  signal?: AbortSignal,
): Promise<Page<Project>> {
  const res = await getJson<Page<Project>>(
    `/plans/${encodeURIComponent(planId)}/projects${query({ ...filters, limit: page.limit, continuation: page.continuation })}`,
    signal,
  );
  return { items: arr(res?.items) as Project[], continuation: res?.continuation ?? null };
}

// ───────────────────────── one project: its page ─────────────────────────

/** The records as the API answers them: the model's own types, never written twice. */
export type ProjectRecord = import('../../plan/model.ts').Project;
export type ProjectDetail = ProjectRecord & { figures: import('../../plan/dashboard.ts').ProjectFigures };
export type MilestoneRecord = import('../../plan/model.ts').Milestone;
export type PersonRecord = import('../../plan/model.ts').Person;
export type ProjectPatch = import('../../plan/editing.ts').ProjectPatchBody;
export type MilestonePatch = import('../../plan/editing.ts').MilestonePatchBody;

/** A save refused with 412: the record changed since it was read; `current` is its version now. */
export class StaleVersionError<T> extends ApiError {
  constructor(
    message: string,
    readonly current: T,
  ) {
    super(412, 'conflict', message);
    this.name = 'StaleVersionError';
  }
}

/** PATCH with If-Match: the saved record, StaleVersionError on 412, the API's words otherwise (400, 428…). */
async function patchJson<T>(path: string, etag: string, body: unknown): Promise<T> {
  const res = await call(path, {
    method: 'PATCH',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${etag}"` },
  });
  const data = await readBody(res);
  const err = rec(rec(data).error);
  if (res.status === 412 && err.current !== null && typeof err.current === 'object') {
    throw new StaleVersionError<T>(str(err.message) || 'Modifié par quelqu’un d’autre depuis votre lecture.', err.current as T);
  }
  if (!res.ok) throw toError(res, data);
  return data as T;
}

/** Every page of a paged list (`{ items, continuation }`), 1,000 at a time. */
async function allPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let continuation: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: Page<T> = await getJson<Page<T>>(`${path}${sep}${query({ limit: 1000, continuation }).slice(1)}`, signal);
    items.push(...(arr(res?.items) as T[]));
    continuation = res?.continuation ?? null;
    if (!continuation) break;
  }
  return items;
}

export const getProject = (projectId: string, signal?: AbortSignal) =>
  getJson<ProjectDetail>(`/projects/${encodeURIComponent(projectId)}`, signal);

export const updateProject = (projectId: string, etag: string, patch: ProjectPatch) =>
  patchJson<ProjectDetail>(`/projects/${encodeURIComponent(projectId)}`, etag, patch);

export const listMilestones = (projectId: string, signal?: AbortSignal) =>
  allPages<MilestoneRecord>(`/projects/${encodeURIComponent(projectId)}/milestones`, signal);

export const updateMilestone = (milestoneId: string, etag: string, patch: MilestonePatch) =>
  patchJson<MilestoneRecord>(`/milestones/${encodeURIComponent(milestoneId)}`, etag, patch);

/** The tenant's people (names for the ids a project holds). */
export const listPeople = (signal?: AbortSignal) => allPages<PersonRecord>('/people', signal);

// ───────────────────────── import ─────────────────────────

export interface ImportIssue {
  row: number | null;
  column: string | null;
  message: string;
  code: string;
  severity: 'error' | 'warning';
}

export interface ImportChange {
  kind: string;
  action: 'create' | 'update' | 'vanished';
  title: string;
  row: number | null;
  fields: Array<{ field: string; from: unknown; to: unknown }>;
}

export interface ImportOutcome {
  planId: string | null;
  dryRun: boolean;
  format: string | null;
  ambitions: number;
  objectives: number;
  projects: number;
  milestones: number;
  warnings: ImportIssue[];
  errors: ImportIssue[];
  summary: { created: number; updated: number; unchanged: number; vanished: number };
  changes: ImportChange[];
}

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv',
};

export interface ImportRequest {
  file: File;
  dryRun: boolean;
  /** Re-import into this plan; a new plan otherwise. */
  intoPlanId: string | null;
  planTitle: string;
}

/**
 * Sends the file as the raw body. A rejected file (422) is an outcome to show, not an
 * exception: its `errors` say what to fix, row by row.
 */
export async function importFile(req: ImportRequest): Promise<ImportOutcome> {
  const ext = req.file.name.split('.').pop()?.toLowerCase() ?? '';
  const contentType = req.file.type || CONTENT_TYPES[ext] || 'application/octet-stream';
  const path = req.intoPlanId ? `/plans/${encodeURIComponent(req.intoPlanId)}/import` : '/plans/import';
  const title = req.planTitle.trim();
  const res = await call(
    `${path}${query({ dryRun: req.dryRun ? 'true' : null, fileName: req.file.name, plan: title || null })}`,
    { method: 'POST', body: req.file, headers: { 'Content-Type': contentType } },
  );
  const body = await readBody(res);
  const r = rec(body);
  if (!res.ok && !(res.status === 422 && Array.isArray(r.errors))) throw toError(res, body);
  const summary = rec(r.summary);
  const issues = (x: unknown): ImportIssue[] =>
    arr(x).map((i) => {
      const ir = rec(i);
      return {
        row: numOrNull(ir.row),
        column: typeof ir.column === 'string' && ir.column !== '' ? ir.column : null,
        message: str(ir.message),
        code: str(ir.code),
        severity: ir.severity === 'warning' ? 'warning' : 'error',
      };
    });
  return {
    planId: typeof r.planId === 'string' ? r.planId : null,
    dryRun: r.dryRun === true,
    format: typeof r.format === 'string' ? r.format : null,
    ambitions: num(r.ambitions),
    objectives: num(r.objectives),
    projects: num(r.projects),
    milestones: num(r.milestones),
    warnings: issues(r.warnings),
    errors: issues(r.errors),
    summary: {
      created: num(summary.created),
      updated: num(summary.updated),
      unchanged: num(summary.unchanged),
      vanished: num(summary.vanished),
    },
    changes: arr(r.changes) as ImportChange[],
  };
}
