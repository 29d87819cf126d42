// Words the portal's sections share: counted nouns in both languages, the names of
// states and statuses (stored in French, shown in the user's language), météo symbols.
import type { Meteo, ProjectStatus } from '../api.ts';
import { formatNumber } from '../format.ts';
import type { Translate } from '../i18n.tsx';
import type { MilestoneState } from './workApi.ts';

/** « 1 projet » / « 3 projets » (French: 0 and 1 are singular), « 1 project » / « 0 projects ». */
export function counted(t: Translate, n: number, fr: [string, string], en: [string, string]): string {
  const frWord = Math.abs(n) < 2 ? fr[0] : fr[1];
  const enWord = Math.abs(n) === 1 ? en[0] : en[1];
  return t(`${formatNumber(n)}\u00a0${frWord}`, `${formatNumber(n)}\u00a0${enWord}`);
}

const MILESTONE_STATE_EN: Record<MilestoneState, string> = {
  'À venir': 'Upcoming',
  'En cours': 'In progress',
  Atteint: 'Reached',
  'En retard': 'Late',
  Abandonné: 'Abandoned',
};

export const milestoneStateLabel = (t: Translate, s: MilestoneState): string => t(s, MILESTONE_STATE_EN[s] ?? s);

const PROJECT_STATUS_EN: Record<ProjectStatus, string> = {
  'À venir': 'Upcoming',
  'En cours': 'In progress',
  'À discuter': 'To discuss',
  'En pause': 'On hold',
  Bloqué: 'Blocked',
  'En retard': 'Late',
  Terminé: 'Done',
  Abandonné: 'Abandoned',
};

export const projectStatusLabel = (t: Translate, s: ProjectStatus): string => t(s, PROJECT_STATUS_EN[s] ?? s);

export const METEO_ITEMS: ReadonlyArray<{ key: Meteo; symbol: string; fr: string; en: string }> = [
  { key: 'soleil', symbol: '☀️', fr: 'au soleil', en: 'sunny' },
  { key: 'nuageux', symbol: '⛅', fr: 'nuageux', en: 'cloudy' },
  { key: 'orage', symbol: '⛈', fr: 'à l’orage', en: 'stormy' },
];
