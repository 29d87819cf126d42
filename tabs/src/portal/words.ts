// Words the portal's sections share: counted nouns in both languages, the names of
// states and statuses (stored in French, shown in the user's language), météo symbols.
import type { Meteo, ProjectStatus } from '../api.ts';
import { statusLabel } from '../labels.ts';
import type { Translate } from '../i18n.tsx';
import type { MilestoneState } from './workApi.ts';

// Counted nouns and statuses are labels.ts's, so that the whole tab words them alike.
export { counted } from '../labels.ts';

/** A milestone state (stored in French) as the user reads it. */
export const milestoneStateLabel = (t: Translate, s: MilestoneState): string => (s === 'Atteint' ? t('Atteint', 'Reached') : statusLabel(s, t));

/** A project status (stored in French) as the user reads it. */
export const projectStatusLabel = (t: Translate, s: ProjectStatus): string => statusLabel(s, t);

export const METEO_ITEMS: ReadonlyArray<{ key: Meteo; symbol: string; fr: string; en: string }> = [
  { key: 'soleil', symbol: '☀️', fr: 'au soleil', en: 'sunny' },
  { key: 'nuageux', symbol: '⛅', fr: 'nuageux', en: 'cloudy' },
  { key: 'orage', symbol: '⛈', fr: 'à l’orage', en: 'stormy' },
];
