// « Mon travail » over the API: GET /api/me/work, and a milestone's update (PATCH
// /api/milestones/{id} with If-Match) whose refusal for a stale version (412) is an
// outcome to show with the current version, not an exception.
import { call, readBody, toError, type Meteo, type ProjectStatus } from '../api.ts';
import { MILESTONE_STATES, type MilestoneState } from '../../../plan/vocab.ts';

export { MILESTONE_STATES, type MilestoneState };

export interface WorkMilestone {
  id: string;
  etag: string;
  planId: string;
  planTitle: string;
  projectId: string | null;
  projectTitle: string | null;
  objectiveTitle: string | null;
  title: string;
  baselineDate: string | null;
  forecastDate: string | null;
  actualDate: string | null;
  state: MilestoneState;
  /** 0..1 */
  completion: number;
  lastUpdate: { byId: string | null; at: string; comment: string } | null;
  late: boolean;
  via: 'milestone' | 'project' | 'programme';
}

export interface WorkProject {
  id: string;
  planId: string;
  planTitle: string;
  title: string;
  status: ProjectStatus;
  role: 'owner' | 'co-owner';
  meteo: { value: Meteo; comment: string; date: string } | null;
  endDate: string | null;
  figures: { progress: number | null; late: number; milestones: number };
}

export interface MyWork {
  person: { id: string; displayName: string } | null;
  today: string;
  until: string;
  projects: WorkProject[];
  milestones: WorkMilestone[];
}

const rec = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const strOrNull = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** A milestone as the API answers it (GET /api/me/work, PATCH, or a 412's `current`). */
export function readMilestone(x: unknown, context?: Partial<WorkMilestone>): WorkMilestone {
  const r = rec(x);
  const state = (MILESTONE_STATES as readonly string[]).includes(str(r.state)) ? (r.state as MilestoneState) : 'À venir';
  const u = r.lastUpdate === null || r.lastUpdate === undefined ? null : rec(r.lastUpdate);
  return {
    id: str(r.id),
    etag: str(r.etag),
    planId: str(r.planId),
    planTitle: str(r.planTitle) || (context?.planTitle ?? ''),
    projectId: strOrNull(r.projectId),
    projectTitle: strOrNull(r.projectTitle) ?? context?.projectTitle ?? null,
    objectiveTitle: strOrNull(r.objectiveTitle) ?? context?.objectiveTitle ?? null,
    title: str(r.title),
    baselineDate: strOrNull(r.baselineDate),
    forecastDate: strOrNull(r.forecastDate),
    actualDate: strOrNull(r.actualDate),
    state,
    completion: Math.min(1, Math.max(0, num(r.completion))),
    lastUpdate: u ? { byId: strOrNull(u.byId), at: str(u.at), comment: str(u.comment) } : null,
    late: typeof r.late === 'boolean' ? r.late : (context?.late ?? false),
    via: r.via === 'project' || r.via === 'programme' ? r.via : (context?.via ?? 'milestone'),
  };
}

function readProject(x: unknown): WorkProject {
  const r = rec(x);
  const f = rec(r.figures);
  const m = r.meteo === null || r.meteo === undefined ? null : rec(r.meteo);
  return {
    id: str(r.id),
    planId: str(r.planId),
    planTitle: str(r.planTitle),
    title: str(r.title),
    status: str(r.status) as ProjectStatus,
    role: r.role === 'co-owner' ? 'co-owner' : 'owner',
    meteo: m && (m.value === 'soleil' || m.value === 'nuageux' || m.value === 'orage') ? { value: m.value, comment: str(m.comment), date: str(m.date) } : null,
    endDate: strOrNull(r.endDate),
    figures: { progress: typeof f.progress === 'number' ? f.progress : null, late: num(f.late), milestones: num(f.milestones) },
  };
}

export async function getMyWork(signal?: AbortSignal): Promise<MyWork> {
  const res = await call('/me/work', signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  const r = rec(body);
  const p = r.person === null || r.person === undefined ? null : rec(r.person);
  return {
    person: p ? { id: str(p.id), displayName: str(p.displayName) } : null,
    today: str(r.today),
    until: str(r.until),
    projects: arr(r.projects).map(readProject),
    milestones: arr(r.milestones).map((m) => readMilestone(m)),
  };
}

/** What an owner changes on a milestone from the portal (plan/editing.ts, MilestonePatchBody). */
export interface MilestoneChange {
  state?: MilestoneState;
  /** 0..1 */
  completion?: number;
  forecastDate?: string | null;
  /** Recorded in lastUpdate with who and when. */
  comment?: string;
}

export type SaveOutcome =
  | { kind: 'saved'; milestone: WorkMilestone }
  /** Someone saved it since it was read: here is how it is now. */
  | { kind: 'conflict'; current: WorkMilestone; message: string };

export async function updateMilestone(base: WorkMilestone, change: MilestoneChange): Promise<SaveOutcome> {
  const res = await call(`/milestones/${encodeURIComponent(base.id)}`, {
    method: 'PATCH',
    body: JSON.stringify(change),
    headers: { 'Content-Type': 'application/json', 'If-Match': `"${base.etag}"` },
  });
  const body = await readBody(res);
  if (res.status === 412) {
    const error = rec(rec(body).error);
    return { kind: 'conflict', current: readMilestone(error.current, base), message: str(error.message) };
  }
  if (!res.ok) throw toError(res, body);
  return { kind: 'saved', milestone: readMilestone(body, base) };
}
