// The dashboard's filters: the filtered dashboard (GET /plans/{id}/dashboard?direction=…)
// and the values the filters can take in a plan (GET /plans/{id}/dashboard/filters).
// Read as defensively as the rest of api.ts.
import { call, readBody, readDashboard, toError, PROJECT_STATUSES, type Dashboard, type ProjectStatus } from './api.ts';

/** The dashboard's filters, by their names in the API and in the address (#/dashboard?direction=…). */
export const DASHBOARD_FILTER_KEYS = ['direction', 'status', 'elu', 'tag'] as const;
export type DashboardFilterKey = (typeof DASHBOARD_FILTER_KEYS)[number];
export type DashboardFilters = Partial<Record<DashboardFilterKey, string>>;

export const hasFilters = (f: DashboardFilters): boolean => DASHBOARD_FILTER_KEYS.some((k) => Boolean(f[k]));

/** The filters an address names (empty values left out). */
export function filtersFrom(params: URLSearchParams): DashboardFilters {
  const out: DashboardFilters = {};
  for (const k of DASHBOARD_FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await call(path, signal ? { signal } : {});
  const body = await readBody(res);
  if (!res.ok) throw toError(res, body);
  return body;
}

/** The dashboard of the projects the filters keep (the whole plan's without any). */
export async function getFilteredDashboard(planId: string, filters: DashboardFilters, signal?: AbortSignal): Promise<Dashboard> {
  const q = new URLSearchParams();
  for (const k of DASHBOARD_FILTER_KEYS) if (filters[k]) q.set(k, filters[k]!);
  const s = q.toString();
  return readDashboard(await getJson(`/plans/${encodeURIComponent(planId)}/dashboard${s ? `?${s}` : ''}`, signal));
}

export interface FilterValue {
  value: string;
  label: string;
  projects: number;
}

export interface DashboardFilterValues {
  directions: FilterValue[];
  statuses: Array<{ value: ProjectStatus; projects: number }>;
  elus: FilterValue[];
  tags: FilterValue[];
}

const rec = (x: unknown): Record<string, unknown> => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** What each filter can take in this plan, with its number of projects. Reads the whole plan: ask only when the filters are open. */
export async function getDashboardFilterValues(planId: string, signal?: AbortSignal): Promise<DashboardFilterValues> {
  const r = rec(await getJson(`/plans/${encodeURIComponent(planId)}/dashboard/filters`, signal));
  const named = (x: unknown): FilterValue => {
    const e = rec(x);
    return { value: str(e.id), label: str(e.name) || str(e.id), projects: num(e.projects) };
  };
  const counts = new Map(arr(r.statuses).map((x) => [str(rec(x).status), num(rec(x).projects)]));
  return {
    directions: arr(r.directions).map(named).filter((d) => d.value),
    statuses: PROJECT_STATUSES.map((value) => ({ value, projects: counts.get(value) ?? 0 })),
    elus: arr(r.elus).map(named).filter((d) => d.value),
    tags: arr(r.tags)
      .map((x) => ({ value: str(rec(x).tag), label: str(rec(x).tag), projects: num(rec(x).projects) }))
      .filter((d) => d.value),
  };
}
