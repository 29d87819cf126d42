import { describe, expect, it } from 'vitest';
import { looksLikePerson, personKey, splitPeople } from './people.ts';

describe('reading people out of free text', () => {
  it.each([
    'Claire MARTIN',
    'Lucie Bernier',
    'Jean-Pierre DUPONT',
    'Marie-Hélène de La Tour',
    'Agnès DUBOIS',
    'Paul N’DIAYE',
  ])('takes « %s » for a person', (text) => {
    expect(looksLikePerson(text)).toBe(true);
  });

  it.each([
    'PSMS',
    'COM L1',
    'Contrat Local de Santé',
    'Service Autonomie à Domicile (SAD)',
    'Hugo bis',
    'Direction de la Voirie et des Déplacements',
    'CCAS de Nyons',
    'Mairie',
    '',
  ])('leaves « %s » as partners text', (text) => {
    expect(looksLikePerson(text)).toBe(false);
  });

  it('splits a cell of names and structures, keeping their order', () => {
    expect(splitPeople('Claire MARTIN, PSMS, SSIAD, ADMR')).toEqual({
      people: ['Claire MARTIN'],
      others: ['PSMS', 'SSIAD', 'ADMR'],
    });
    expect(splitPeople('Agnès DUBOIS; Inès ROUX et Paul FAURE\nOppelia')).toEqual({
      people: ['Agnès DUBOIS', 'Inès ROUX', 'Paul FAURE'],
      others: ['Oppelia'],
    });
    expect(splitPeople(null)).toEqual({ people: [], others: [] });
  });

  it('gives two spellings of one name the same key', () => {
    expect(personKey('Claire MARTIN')).toBe(personKey('claire  martin'));
    expect(personKey('Agnès Dubois')).toBe(personKey('AGNES DUBOIS'));
  });
});
