// Names for ids: ambitions from the dashboard, directions from the settings and the
// dashboard, with the « Sans … » groups for null; and the words of the plan's closed
// vocabularies (stored in French) in the tab's language. Not a component: each function
// takes the `t` of the page (useT()), French when none is given.
import type { Dashboard, Health, ProjectStatus, Settings } from './api.ts';
import { formatNumber } from './format.ts';
import type { Translate } from './i18n.tsx';

export const NONE = 'none';

const french: Translate = (fr) => fr;

export const noDirectionLabel = (t: Translate = french) => t('Sans direction', 'No direction');
export const noAmbitionLabel = (t: Translate = french) => t('Sans ambition', 'No ambition');
export const noEluLabel = (t: Translate = french) => t('Sans élu', 'No elected official');

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

export function labelsFor(dashboard: Dashboard | undefined, settings: Settings | undefined, t: Translate = french): Labels {
  const ambitions = (dashboard?.ambitions ?? []).flatMap((a) => (a.id === null ? [] : [{ id: a.id, title: a.title }]));
  const directionNames = new Map<string, string>();
  for (const d of settings?.directions ?? []) if (d.id) directionNames.set(d.id, d.name);
  for (const d of [...(dashboard?.directions ?? []), ...(dashboard?.matrix.columns ?? [])])
    if (d.id !== null && !directionNames.has(d.id)) directionNames.set(d.id, d.name);
  const ambitionTitles = new Map(ambitions.map((a) => [a.id, a.title]));
  return {
    ambition: (id) => (id === null || id === NONE ? noAmbitionLabel(t) : ambitionTitles.get(id) ?? id),
    direction: (id) => (id === null || id === NONE ? noDirectionLabel(t) : directionNames.get(id) ?? id),
    ambitions,
    hasNoAmbition: (dashboard?.ambitions ?? []).some((a) => a.id === null),
    directions: [...directionNames].map(([id, name]) => ({ id, name })),
  };
}

/** « 1 projet » / « 3 projets » (French: 0 and 1 are singular), « 1 project » / « 0 projects ». */
export function counted(t: Translate, n: number, fr: string | [string, string], en: string | [string, string]): string {
  const [frOne, frMany] = typeof fr === 'string' ? [fr, `${fr}s`] : fr;
  const [enOne, enMany] = typeof en === 'string' ? [en, `${en}s`] : en;
  return t(`${formatNumber(n)}\u00a0${Math.abs(n) < 2 ? frOne : frMany}`, `${formatNumber(n)}\u00a0${Math.abs(n) === 1 ? enOne : enMany}`);
}

const STATUS_EN: Record<ProjectStatus, string> = {
  'À venir': 'Upcoming',
  'En cours': 'In progress',
  'À discuter': 'To discuss',
  'En pause': 'On hold',
  Bloqué: 'Blocked',
  'En retard': 'Late',
  Terminé: 'Done',
  Abandonné: 'Abandoned',
};

/** A project status (stored in French) as the user reads it. */
export const statusLabel = (s: string, t: Translate = french): string => t(s, STATUS_EN[s as ProjectStatus] ?? s);

/** A matrix cell's health, in words (never the colour alone). */
export function healthLabel(h: Health, t: Translate = french): string {
  switch (h) {
    case 'critical':
      return t('Critique', 'Critical');
    case 'watch':
      return t('À surveiller', 'To watch');
    case 'good':
      return t('Bonne', 'Good');
    default:
      return t('Sans objet', 'Not applicable');
  }
}

/** « ☀️ soleil », the word carrying the meaning. */
export function meteoLabel(m: string, t: Translate = french): string {
  if (m === 'soleil') return t('☀️ soleil', '☀️ sunny');
  if (m === 'nuageux') return t('⛅ nuageux', '⛅ cloudy');
  if (m === 'orage') return t('⛈ orage', '⛈ stormy');
  return m;
}
