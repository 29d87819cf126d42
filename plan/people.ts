// People in sheets are free text: « Claire MARTIN, PSMS, SSIAD ». Names that look like
// people become people; structures, services and acronyms stay as partners text.
import { normalizeLabel } from './vocab.ts';

/** First words that say a structure, not a person (compared normalised). */
const STRUCTURE_WORDS = new Set(
  [
    'agence', 'association', 'bureau', 'cabinet', 'ccas', 'centre', 'collectif', 'comite', 'commission', 'commune',
    'communaute', 'conseil', 'contrat', 'departement', 'direction', 'ecole', 'equipe', 'etablissement', 'federation',
    'groupe', 'institut', 'maison', 'mairie', 'mission', 'mutuelle', 'office', 'pole', 'prefecture', 'region',
    'reseau', 'service', 'syndicat', 'ville', 'les', 'des', 'tous', 'toutes', 'partenaires', 'elus', 'agents',
  ].map(normalizeLabel),
);
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'van', 'von', 'der', 'di', 'da', "d'", 'dos', 'ben', 'el']);
// A given name or surname: a capital then letters, possibly hyphenated or with an apostrophe (Jean-Pierre, N'Diaye).
const NAME_WORD = /^(\p{Lu}[\p{Ll}\p{Lu}'’]*)(-\p{Lu}[\p{Ll}\p{Lu}'’]*)*$/u;
const GIVEN_NAME = /^\p{Lu}\p{Ll}[\p{Ll}'’]*(-\p{Lu}\p{Ll}+)*$/u;

/** Whether a short text reads as one person's name: « Claire MARTIN », « Jean-Pierre de La Tour ». */
export function looksLikePerson(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  const [first, ...rest] = words;
  if (!first || !GIVEN_NAME.test(first)) return false;
  if (STRUCTURE_WORDS.has(normalizeLabel(first))) return false;
  const last = rest[rest.length - 1]!;
  if (PARTICLES.has(last.toLowerCase()) || !NAME_WORD.test(last)) return false;
  return rest.every((w) => PARTICLES.has(w.toLowerCase()) || NAME_WORD.test(w));
}

/** Split a cell of names and structures into people and the rest, in their order. */
export function splitPeople(text: string | null | undefined): { people: string[]; others: string[] } {
  const people: string[] = [];
  const others: string[] = [];
  for (const part of (text ?? '').split(/[,;\n/]+|\s+et\s+/)) {
    const token = part.replace(/\s+/g, ' ').trim();
    if (!token) continue;
    (looksLikePerson(token) ? people : others).push(token);
  }
  return { people, others };
}

/** The key two spellings of one name share: « Claire MARTIN » and « claire martin ». */
export const personKey = (displayName: string) => normalizeLabel(displayName);
