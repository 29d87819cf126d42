// The plan's closed vocabularies and the published tables of synonyms that map
// what people actually type in spreadsheets onto them. docs/import.md is generated
// from nothing: it quotes these tables, and a test checks that it stays in step.

export const PROJECT_STATUSES = [
  'À venir',
  'En cours',
  'À discuter',
  'En pause',
  'Bloqué',
  'En retard',
  'Terminé',
  'Abandonné',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_PHASES = ['Idée', 'Étude', 'Opération'] as const;
export type ProjectPhase = (typeof PROJECT_PHASES)[number];

export const MILESTONE_STATES = ['À venir', 'En cours', 'Atteint', 'En retard', 'Abandonné'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export const PRIORITIES = ['Élevée', 'Moyenne', 'Faible'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The owner's declared weather: a judgement, never computed and never averaged. */
export const METEOS = ['soleil', 'nuageux', 'orage'] as const;
export type Meteo = (typeof METEOS)[number];
export const METEO_SYMBOLS: Record<Meteo, string> = { soleil: '☀️', nuageux: '⛅', orage: '⛈' };

/** Lower-case, strip accents, punctuation and extra spaces: the key synonyms are looked up by. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function table<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, synonyms] of Object.entries(entries) as [T, readonly string[]][]) {
    for (const s of [value, ...synonyms]) {
      // Emoji normalise to nothing: keep them under their own text.
      const key = normalizeLabel(s);
      map.set(key === '' ? s.trim() : key, value);
    }
  }
  return map;
}

/** Synonyms of project statuses, as written in Territoires en Transitions and in the field. */
export const STATUS_SYNONYMS: Record<ProjectStatus, readonly string[]> = {
  'À venir': ['a venir', 'non démarré', 'non demarre', 'pas commencé', 'prévu', 'planifié', 'to do', 'not started', 'planned'],
  'En cours': ['en cours', 'démarré', 'lancé', 'in progress', 'ongoing', 'started'],
  'À discuter': ['a discuter', 'à arbitrer', 'en discussion', 'to discuss'],
  'En pause': ['pause', 'suspendu', 'en attente', 'on hold', 'paused'],
  'Bloqué': ['bloque', 'bloquée', 'blocked'],
  'En retard': ['retard', 'retardé', 'late', 'delayed'],
  'Terminé': ['termine', 'terminée', 'réalisé', 'réalisée', 'achevé', 'fini', 'clos', 'clôturé', 'done', 'completed', 'finished'],
  'Abandonné': ['abandonne', 'abandonnée', 'annulé', 'annulée', 'abandoned', 'cancelled', 'canceled'],
};

export const PRIORITY_SYNONYMS: Record<Priority, readonly string[]> = {
  Élevée: ['élevé', 'eleve', 'haut', 'haute', 'forte', 'fort', 'prioritaire', 'high', '1'],
  Moyenne: ['moyen', 'moyenne', 'normal', 'normale', 'medium', '2'],
  Faible: ['bas', 'basse', 'faible', 'low', '3'],
};

export const MILESTONE_STATE_SYNONYMS: Record<MilestoneState, readonly string[]> = {
  'À venir': ['a venir', 'non démarré', 'prévu', 'planned', 'not started', 'to do'],
  'En cours': ['en cours', 'in progress', 'ongoing', 'à discuter', 'en pause', 'bloqué'],
  Atteint: ['atteint', 'réalisé', 'réalisée', 'terminé', 'terminée', 'fait', 'done', 'reached', 'completed'],
  'En retard': ['retard', 'retardé', 'late', 'delayed'],
  Abandonné: ['abandonne', 'abandonnée', 'annulé', 'annulée', 'abandoned', 'cancelled', 'canceled'],
};

export const PHASE_SYNONYMS: Record<ProjectPhase, readonly string[]> = {
  Idée: ['idee', 'idea', 'projet', 'intention'],
  Étude: ['etude', 'études', 'study', 'conception', 'procédures'],
  Opération: ['operation', 'opérationnel', 'travaux', 'réalisation', 'mise en oeuvre', 'mise en œuvre', 'delivery'],
};

export const METEO_SYNONYMS: Record<Meteo, readonly string[]> = {
  soleil: ['☀️', '☀', 'ensoleillé', 'beau', 'vert', 'sunny', 'green'],
  nuageux: ['⛅', '⛅️', 'nuage', 'nuageux', 'orange', 'cloudy', 'amber'],
  orage: ['⛈', '⛈️', 'orageux', 'rouge', 'stormy', 'red'],
};

const statusTable = table(STATUS_SYNONYMS);
const priorityTable = table(PRIORITY_SYNONYMS);
const stateTable = table(MILESTONE_STATE_SYNONYMS);
const phaseTable = table(PHASE_SYNONYMS);
const meteoTable = table(METEO_SYNONYMS);

export const matchStatus = (text: string): ProjectStatus | undefined => statusTable.get(normalizeLabel(text));
export const matchPriority = (text: string): Priority | undefined => priorityTable.get(normalizeLabel(text));
export const matchMilestoneState = (text: string): MilestoneState | undefined => stateTable.get(normalizeLabel(text));
export const matchPhase = (text: string): ProjectPhase | undefined => phaseTable.get(normalizeLabel(text));
export const matchMeteo = (text: string): Meteo | undefined =>
  meteoTable.get(normalizeLabel(text) || text.trim());

/** A project's status read as the state of a milestone (TeT sub-actions carry project statuses). */
export function stateFromStatus(status: ProjectStatus): MilestoneState {
  switch (status) {
    case 'Terminé':
      return 'Atteint';
    case 'Abandonné':
      return 'Abandonné';
    case 'En retard':
      return 'En retard';
    case 'À venir':
      return 'À venir';
    default:
      return 'En cours';
  }
}
