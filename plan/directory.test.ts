import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityTakenError, InvalidEmailError, InvalidSameAsError, findByEmail, linkByEmail, linkPerson, normalizeEmail } from './directory.ts';
import type { Person } from './model.ts';
import { tempStore, type TempStore } from './import/testing.ts';
import { ConflictError, NotFoundError } from './store/errors.ts';

const T = 'tenant-a';
const NOW = new Date('2025-06-15T08:00:00.000Z');
let ts: TempStore;
beforeEach(() => {
  ts = tempStore();
});
afterEach(async () => {
  await ts.dispose();
});

async function addPerson(id: string, displayName: string, extra: Partial<Person> = {}, tenantId = T): Promise<Person> {
  const person = {
    id,
    tenantId,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    displayName,
    email: null,
    entraObjectId: null,
    teamsUserId: null,
    source: 'test.xlsx',
    linkedAt: null,
    ...extra,
  };
  const { saved } = await ts.store.commit(tenantId, [{ op: 'create', kind: 'person', item: person }]);
  return saved[0] as Person;
}

describe('normalizeEmail', () => {
  it('trims and lower-cases an e-mail, and refuses what is not one', () => {
    expect(normalizeEmail('  Claire.MARTIN@Ville-Exemple.FR ')).toBe('claire.martin@ville-exemple.fr');
    expect(normalizeEmail('élodie.dupré@mairie.fr')).toBe('élodie.dupré@mairie.fr');
    for (const bad of ['claire', 'claire@', '@ville.fr', 'claire martin@ville.fr', 'a@b', 'a@@b.fr', ''])
      expect(normalizeEmail(bad)).toBeNull();
  });
});

describe('linkByEmail (sign-in, bot installation, team roster)', () => {
  it('fills the Entra and Teams ids of the person with this e-mail, whatever its case, and sets linkedAt', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'claire.martin@ville.fr' });
    const r = await linkByEmail(
      ts.store,
      T,
      { email: 'Claire.Martin@VILLE.fr', entraObjectId: 'oid-1', teamsUserId: '29:abc', displayName: 'Martin Claire' },
      NOW,
    );
    expect(r.outcome).toBe('linked');
    const stored = await ts.store.get(T, 'person', 'p1');
    expect(stored).toMatchObject({ entraObjectId: 'oid-1', teamsUserId: '29:abc', linkedAt: NOW.toISOString() });
    // The name the plan knows the person by is kept: re-imports match people on it.
    expect(stored!.displayName).toBe('Claire MARTIN');
  });

  it('says already-linked and writes nothing when the person already carries the ids', async () => {
    const p = await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr', entraObjectId: 'oid-1', linkedAt: NOW.toISOString() });
    const r = await linkByEmail(ts.store, T, { email: 'c@ville.fr', entraObjectId: 'oid-1' });
    expect(r.outcome).toBe('already-linked');
    expect((await ts.store.get(T, 'person', 'p1'))!.etag).toBe(p.etag);
  });

  it('adds a Teams id to a person linked by Entra id only', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr', entraObjectId: 'oid-1', linkedAt: NOW.toISOString() });
    const r = await linkByEmail(ts.store, T, { email: 'c@ville.fr', entraObjectId: 'oid-1', teamsUserId: '29:x' }, NOW);
    expect(r.outcome).toBe('linked');
    expect(r.person).toMatchObject({ entraObjectId: 'oid-1', teamsUserId: '29:x' });
  });

  it('never overwrites another identity, nor takes an Entra id from another person', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr', entraObjectId: 'oid-1' });
    expect((await linkByEmail(ts.store, T, { email: 'c@ville.fr', entraObjectId: 'oid-2' })).outcome).toBe('already-linked');
    await addPerson('p2', 'Paul DURAND', { email: 'p@ville.fr' });
    const r = await linkByEmail(ts.store, T, { email: 'p@ville.fr', entraObjectId: 'oid-1' });
    expect(r).toMatchObject({ outcome: 'already-linked', person: { id: 'p1' } });
    expect((await ts.store.get(T, 'person', 'p2'))!.entraObjectId).toBeNull();
    expect((await ts.store.get(T, 'person', 'p1'))!.entraObjectId).toBe('oid-1');
  });

  it('says unknown for an e-mail no person has, in this tenant', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr' }, 'tenant-b');
    expect((await linkByEmail(ts.store, T, { email: 'c@ville.fr', entraObjectId: 'oid-1' })).outcome).toBe('unknown');
    expect((await linkByEmail(ts.store, T, { email: 'pas un e-mail', entraObjectId: 'oid-1' })).outcome).toBe('unknown');
    expect((await ts.store.get('tenant-b', 'person', 'p1'))!.entraObjectId).toBeNull();
  });

  it('finds people by e-mail case-insensitively', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr' });
    expect((await findByEmail(ts.store, T, ' C@Ville.FR ')).map((p) => p.id)).toEqual(['p1']);
  });
});

describe('linkPerson (an admin picks from the unlinked names)', () => {
  it('sets the e-mail lower-cased and the Entra id, with linkedAt', async () => {
    const p = await addPerson('p1', 'Claire MARTIN');
    const saved = await linkPerson(ts.store, T, 'p1', { email: ' Claire.Martin@Ville.FR', entraObjectId: 'oid-1' }, p.etag, NOW);
    expect(saved).toMatchObject({ email: 'claire.martin@ville.fr', entraObjectId: 'oid-1', linkedAt: NOW.toISOString() });
    expect(saved.etag).not.toBe(p.etag);
  });

  it('sets no linkedAt for an e-mail alone, and clears it when both ids are cleared', async () => {
    const p = await addPerson('p1', 'Claire MARTIN');
    const withEmail = await linkPerson(ts.store, T, 'p1', { email: 'c@ville.fr' }, p.etag, NOW);
    expect(withEmail.linkedAt).toBeNull();
    const linked = await linkPerson(ts.store, T, 'p1', { teamsUserId: '29:x' }, withEmail.etag, NOW);
    expect(linked.linkedAt).toBe(NOW.toISOString());
    const unlinked = await linkPerson(ts.store, T, 'p1', { teamsUserId: null }, linked.etag, NOW);
    expect(unlinked.linkedAt).toBeNull();
  });

  it('refuses an e-mail or an Entra id another person carries', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr', entraObjectId: 'oid-1' });
    const p2 = await addPerson('p2', 'Paul DURAND');
    await expect(linkPerson(ts.store, T, 'p2', { email: 'C@ville.fr' }, p2.etag)).rejects.toBeInstanceOf(IdentityTakenError);
    const e = await linkPerson(ts.store, T, 'p2', { entraObjectId: 'oid-1' }, p2.etag).catch((x) => x);
    expect(e).toBeInstanceOf(IdentityTakenError);
    expect(e.fr).toContain('est déjà lié à Claire MARTIN');
    expect(e.en).toContain('already linked to Claire MARTIN');
    expect((await ts.store.get(T, 'person', 'p2'))!.etag).toBe(p2.etag);
  });

  it('refuses a malformed e-mail, a stale etag and an unknown person', async () => {
    const p = await addPerson('p1', 'Claire MARTIN');
    await expect(linkPerson(ts.store, T, 'p1', { email: 'claire' }, p.etag)).rejects.toBeInstanceOf(InvalidEmailError);
    await expect(linkPerson(ts.store, T, 'p1', { email: 'c@ville.fr' }, 'stale')).rejects.toBeInstanceOf(ConflictError);
    await expect(linkPerson(ts.store, T, 'nobody', { email: 'c@ville.fr' }, p.etag)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives a name the Entra and Teams ids of the linked person it is another name of (sameAs), not the e-mail', async () => {
    const claire = await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr', entraObjectId: 'oid-1', teamsUserId: '29:c', linkedAt: NOW.toISOString() });
    const alias = await addPerson('p2', 'C. MARTIN');
    const saved = await linkPerson(ts.store, T, 'p2', { sameAs: 'p1' }, alias.etag, NOW);
    expect(saved).toMatchObject({ displayName: 'C. MARTIN', email: null, entraObjectId: 'oid-1', teamsUserId: '29:c', linkedAt: NOW.toISOString() });
    // Both stay, the first untouched; the e-mail still names one person, whom sign-in finds.
    expect(await ts.store.get(T, 'person', 'p1')).toEqual(claire);
    expect((await findByEmail(ts.store, T, 'c@ville.fr')).map((p) => p.id)).toEqual(['p1']);
    expect((await ts.store.listPeople(T, { unlinked: true })).items).toEqual([]);
    // Only through sameAs: the same id typed by hand is still refused.
    const other = await addPerson('p3', 'Paul DURAND');
    await expect(linkPerson(ts.store, T, 'p3', { entraObjectId: 'oid-1' }, other.etag)).rejects.toBeInstanceOf(IdentityTakenError);
  });

  it('refuses a sameAs to an unknown person, to a person linked to no Teams identity, to oneself, or with ids given as well', async () => {
    await addPerson('p1', 'Claire MARTIN', { email: 'c@ville.fr' });
    await addPerson('p2', 'Paul DURAND', { entraObjectId: 'oid-2', linkedAt: NOW.toISOString() });
    const p = await addPerson('p3', 'C. MARTIN');
    const refusal = (change: Parameters<typeof linkPerson>[3]) => linkPerson(ts.store, T, 'p3', change, p.etag, NOW).catch((e: unknown) => e);
    const unknown = await refusal({ sameAs: 'nobody' });
    expect(unknown).toBeInstanceOf(InvalidSameAsError);
    expect((unknown as InvalidSameAsError).fr).toBe('la personne nobody n’existe pas dans la collectivité.');
    const bare = await refusal({ sameAs: 'p1' });
    expect((bare as InvalidSameAsError).fr).toContain('Claire MARTIN (p1) n’est liée à aucune identité Teams');
    expect((bare as InvalidSameAsError).en).toContain('is linked to no Teams identity');
    expect(await refusal({ sameAs: 'p3' })).toBeInstanceOf(InvalidSameAsError);
    expect(await refusal({ sameAs: 'p2', teamsUserId: '29:x' })).toBeInstanceOf(InvalidSameAsError);
    // A stale read is answered first, whatever the change says.
    await expect(linkPerson(ts.store, T, 'p3', { sameAs: 'nobody' }, 'stale')).rejects.toBeInstanceOf(ConflictError);
    expect((await ts.store.get(T, 'person', 'p3'))!.etag).toBe(p.etag);
  });
});
