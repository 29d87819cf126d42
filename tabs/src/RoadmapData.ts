// The roadmap as the API answers it (functions/handlers/roadmap.ts), read defensively as
// api.ts reads the dashboard: a field the server leaves out reads as empty, never as a
// broken page. Which milestones are late and where each is placed are the server's
// answer (plan/rollup.ts's rule on the collectivité's today): the tab never re-derives them.
import { call, readBody, toError } from './api.ts';

export const MILESTONE_STATES = ['À venir', 'En cours', 'Atteint', 'En retard', 'Abandonné'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export interface RoadmapMilestone {
  id: string;
  title: string;
  projectId: string | null;
  objectiveId: string | null;
  state: MilestoneState;
  baselineDate: string | null;
  forecastDate: string | null;
  actualDate: string | null;
  /** Where the timeline places it; null: « Sans date ». */
  date: string | null;
  late: boolean;
}

export interface RoadmapRow {
  /** null: « Sans ambition ». */
  id: string | null;
  title: string;
  milestones: number;
  late: number;
  reached: number;
  items: RoadmapMilestone[];
}

export interface Roadmap {
  today: string;
  rows: RoadmapRow[];
  undated: { milestones: number; late: number; items: Array<RoadmapMilestone & { ambitionId: string | null }> };
  projects: Map<string, { title: string; status: string; leadDirectionId: string | null }>;
  programmes: Map<string, string>;
  nonStrategic: number;
}

export interface RoadmapFilters {
  ambition?: string;
  direction?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const strOrNull = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const day = (x: unknown): string | null => (typeof x === 'string' && DAY.test(x) ? x : null);
const rec = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function milestone(x: unknown): RoadmapMilestone {
  const r = rec(x);
  const state = (MILESTONE_STATES as readonly unknown[]).includes(r.state) ? (r.state as MilestoneState) : 'À venir';
  return {
    id: str(r.id),
    title: str(r.title) || 'Jalon sans titre',
    projectId: strOrNull(r.projectId),
    objectiveId: strOrNull(r.objectiveId),
    state,
    baselineDate: day(r.baselineDate),
    forecastDate: day(r.forecastDate),
    actualDate: day(r.actualDate),
    date: day(r.date),
    late: r.late === true,
  };
}

export function readRoadmap(raw: unknown): Roadmap {
  const r = rec(raw);
  const undated = rec(r.undated);
  const today = day(r.today) ?? new Date().toISOString().slice(0, 10);
  return {
    today,
    rows: arr(r.rows).map((x) => {
      const row = rec(x);
      const items = arr(row.items).map(milestone).filter((m) => m.date !== null);
      const id = strOrNull(row.id);
      return {
        id: id === 'none' ? null : id,
        title: str(row.title),
        milestones: items.length,
        late: num(row.late),
        reached: num(row.reached),
        items,
      };
    }),
    undated: {
      milestones: num(undated.milestones),
      late: num(undated.late),
      items: arr(undated.items).map((x) => ({ ...milestone(x), ambitionId: strOrNull(rec(x).ambitionId) })),
    },
    projects: new Map(
      arr(r.projects).map((x) => {
        const p = rec(x);
        return [str(p.id), { title: str(p.title), status: str(p.status), leadDirectionId: strOrNull(p.leadDirectionId) }] as const;
      }),
    ),
    programmes: new Map(arr(r.programmes).map((x) => [str(rec(x).id), str(rec(x).title)] as const)),
    nonStrategic: num(r.nonStrategic),
  };
}

export async function getRoadmap(planId: string, filters: RoadmapFilters, signal?: AbortSignal): Promise<Roadmap> {
  const q = new URLSearchParams();
  if (filters.ambition) q.set('ambition', filters.ambition);
  if (filters.direction) q.set('direction', filters.direction);
  const s = q.toString();
  const res = await call(`/plans/${encodeURIComponent(planId)}/roadmap${s ? `?${s}` : ''}`, signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  return readRoadmap(body);
}
