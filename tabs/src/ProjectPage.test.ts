// The project page's pure parts: the form's patch (only what changed, the ambition left to
// the objective), amounts typed the French way, the conflict's rows, names for ids.
import { describe, expect, it } from 'vitest';
import { Project } from '../../plan/model.ts';
import { conflictRows } from './ConflictPanel.tsx';
import { formatLongDate } from './format.ts';
import { applyPatch, patchKeys, projectFields, type Names } from './ProjectFields.tsx';
import { draftOf, parseAmount, patchOf } from './ProjectForm.tsx';
import { personName } from './ProjectVocab.ts';

const at = '2026-01-01T08:00:00.000Z';
const project = Project.parse({
  id: 'p1',
  tenantId: 't',
  etag: 'e1',
  createdAt: at,
  updatedAt: at,
  planId: 'plan',
  ambitionId: 'a1',
  objectiveId: 'o1',
  title: 'Maison de santé',
  leadDirectionId: 'dir-sante',
  coDirectionIds: ['dir-voirie'],
  budget: { planned: 250000, funders: [{ name: 'ARS', amount: 100000 }] },
  status: 'En cours',
  tags: ['santé'],
});
const bad = (s: string) => `mauvais : ${s}`;
const names: Names = {
  ambition: (id) => (id === null ? 'Sans ambition' : `A:${id}`),
  objective: (id) => (id === null ? '—' : `O:${id}`),
  direction: (id) => (id === null ? 'Sans direction' : `D:${id}`),
  person: (id) => (id === null ? '—' : `P:${id}`),
};

describe('the form’s patch', () => {
  it('is empty when nothing changed', () => {
    expect(patchOf(draftOf(project), project, bad)).toEqual({ patch: {}, errors: {} });
  });

  it('names only the fields changed, amounts read the French way', () => {
    const draft = { ...draftOf(project), title: 'Maison de santé pluriprofessionnelle', planned: '1 234 567,5', tags: ['santé', 'ARS'] };
    expect(patchOf(draft, project, bad)).toEqual({
      patch: { title: 'Maison de santé pluriprofessionnelle', tags: ['santé', 'ARS'], budget: { planned: 1234567.5 } },
      errors: {},
    });
  });

  it('leaves the ambition to a new objective, sends it when the project leaves its objective', () => {
    const toObjective = { ...draftOf(project), ambitionId: 'a2', objectiveId: 'o2' };
    expect(patchOf(toObjective, project, bad).patch).toEqual({ objectiveId: 'o2' });
    const noObjective = { ...draftOf(project), ambitionId: 'a2', objectiveId: '' };
    expect(patchOf(noObjective, project, bad).patch).toEqual({ objectiveId: null, ambitionId: 'a2' });
  });

  it('refuses an amount that is no number, and sends nothing for it', () => {
    const draft = { ...draftOf(project), planned: 'beaucoup', funders: [{ name: 'ARS', amount: '10 k' }] };
    const { patch, errors } = patchOf(draft, project, bad);
    expect(errors).toEqual({ 'budget.planned': 'mauvais : beaucoup', 'budget.funders.0.amount': 'mauvais : 10 k' });
    expect(patch.budget?.planned).toBeUndefined();
  });

  it('reads amounts: spaces, non-breaking spaces, €, a decimal comma; blank is none', () => {
    expect(parseAmount('1\u202f234\u00a0567 €')).toBe(1234567);
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('-3')).toBeUndefined();
    expect(parseAmount('1.2.3')).toBeUndefined();
  });
});

describe('the conflict’s rows', () => {
  const fields = projectFields((fr) => fr, 'fr', names);

  it('shows the fields I changed and those changed since I read, with both values', () => {
    const patch = { title: 'Mon titre' };
    const current = { ...project, etag: 'e2', status: 'Bloqué' as const };
    const rows = conflictRows(fields, project, applyPatch(project, patch, '2026-01-02', null), current, patchKeys(patch));
    expect(rows.map((r) => [r.key, r.mine, r.current, r.mineChanged, r.theirsChanged])).toEqual([
      ['title', 'Mon titre', 'Maison de santé', true, false],
      ['status', 'En cours', 'Bloqué', false, true],
    ]);
  });

  it('splits the budget in its two rows and reads a météo declared', () => {
    expect([...patchKeys({ budget: { funders: [] }, meteo: { value: 'orage' } })]).toEqual(['budget.funders', 'meteo']);
    const mine = applyPatch(project, { meteo: { value: 'orage', comment: 'Retard du permis' } }, '2026-01-02', 'u1');
    expect(mine.meteo).toEqual({ value: 'orage', comment: 'Retard du permis', date: '2026-01-02', byId: 'u1' });
    expect(fields.find((f) => f.key === 'meteo')!.show(mine)).toBe('⛈ orage : Retard du permis');
  });
});

describe('names and dates', () => {
  const people = [
    { id: 'p-1', displayName: 'Lucie Bernier', email: 'lucie.bernier@ville.fr', entraObjectId: 'oid-1', teamsUserId: null },
  ] as unknown as Parameters<typeof personName>[0];

  it('finds a person by id, e-mail or identity; the id itself when nobody matches', () => {
    expect(personName(people, 'p-1')).toBe('Lucie Bernier');
    expect(personName(people, 'Lucie.Bernier@ville.fr')).toBe('Lucie Bernier');
    expect(personName(people, 'oid-1')).toBe('Lucie Bernier');
    expect(personName(people, 'dev@jalon.local')).toBe('dev@jalon.local');
    expect(personName(people, null)).toBe('—');
  });

  it('writes dates the French way, a day as itself and an instant as its day in Paris', () => {
    expect(formatLongDate('2026-03-31')).toBe('31 mars 2026');
    expect(formatLongDate('2026-03-31T23:30:00.000Z')).toBe('1 avril 2026');
    expect(formatLongDate(null)).toBe('—');
  });
});
