// What the project page says of the plan's closed vocabularies (plan/vocab.ts), in both
// languages, and of the people a record names. The stored values stay French: only their
// display changes with the tab's language.
import { METEOS, MILESTONE_STATES, PRIORITIES, PROJECT_PHASES, PROJECT_STATUSES } from '../../plan/vocab.ts';
import type { Meteo, PersonRecord } from './api.ts';
import type { Lang, Translate } from './i18n.tsx';
import { meteoLabel, statusLabel } from './labels.ts';

export { METEOS, MILESTONE_STATES, PRIORITIES, PROJECT_PHASES, PROJECT_STATUSES };

const translate = (lang: Lang): Translate => (lang === 'en' ? (_fr, en) => en : (fr) => fr);

// Statuses are labels.ts's; these are the other vocabularies a project page shows.
const EN: Record<string, string> = {
  // phases
  Idée: 'Idea',
  Étude: 'Study',
  Opération: 'Delivery',
  // priorities
  Élevée: 'High',
  Moyenne: 'Medium',
  Faible: 'Low',
  // milestone states (the others read as the statuses of the same name)
  Atteint: 'Reached',
};

/** A status, phase, priority or milestone state as the user reads it. */
export const termOf = (lang: Lang, value: string | null | undefined): string =>
  !value ? '—' : lang === 'fr' ? value : EN[value] ?? statusLabel(value, translate(lang));

/** « ☀️ soleil »: the symbol is decoration, the word carries the meaning. */
export const meteoOf = (lang: Lang, value: Meteo): string => meteoLabel(value, translate(lang));

/**
 * A person's name for an id a record holds. Declarations record the caller's id, which
 * may be a person's id, an e-mail or a Teams/Entra identity: all are tried; the id itself
 * when nobody matches (never a blank).
 */
export function personName(people: readonly PersonRecord[], id: string | null | undefined): string {
  if (!id) return '—';
  const lower = id.toLowerCase();
  const found = people.find((p) => p.id === id || p.email === lower || p.entraObjectId === id || p.teamsUserId === id);
  return found?.displayName ?? id;
}
