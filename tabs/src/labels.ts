// Names for ids: ambitions from the dashboard, directions from the settings and the
// dashboard, with the « Sans … » groups for null.
import type { Dashboard, Settings } from './api.ts';

export const NONE = 'none';
export const NO_DIRECTION_LABEL = 'Sans direction';
export const NO_AMBITION_LABEL = 'Sans ambition';

export interface Labels {
  ambition(id: string | null): string;
  direction(id: string | null): string;
  /** Ambitions for pickers, in the plan's order. */
  ambitions: Array<{ id: string; title: string }>;
  /** Some projects hang on no ambition (plans without axes). */
  hasNoAmbition: boolean;
  /** Directions for pickers: the settings' ones, then any other the dashboard names. */
  directions: Array<{ id: string; name: string }>;
}

export function labelsFor(dashboard: Dashboard | undefined, settings: Settings | undefined): Labels {
  const ambitions = (dashboard?.ambitions ?? []).flatMap((a) => (a.id === null ? [] : [{ id: a.id, title: a.title }]));
  const directionNames = new Map<string, string>();
  for (const d of settings?.directions ?? []) if (d.id) directionNames.set(d.id, d.name);
  for (const d of [...(dashboard?.directions ?? []), ...(dashboard?.matrix.columns ?? [])])
    if (d.id !== null && !directionNames.has(d.id)) directionNames.set(d.id, d.name);
  const ambitionTitles = new Map(ambitions.map((a) => [a.id, a.title]));
  return {
    ambition: (id) => (id === null || id === NONE ? NO_AMBITION_LABEL : ambitionTitles.get(id) ?? id),
    direction: (id) => (id === null || id === NONE ? NO_DIRECTION_LABEL : directionNames.get(id) ?? id),
    ambitions,
    hasNoAmbition: (dashboard?.ambitions ?? []).some((a) => a.id === null),
    directions: [...directionNames].map(([id, name]) => ({ id, name })),
  };
}
