import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../plan/model.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { peopleRoutes } from './people.ts';

const api = client(peopleRoutes);
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  await rt.dispose();
});

async function addPerson(id: string, displayName: string, extra: Partial<Person> = {}, tenantId = rt.caller.tenantId) {
  const at = rt.now().toISOString();
  const item = {
    id,
    tenantId,
    createdAt: at,
    updatedAt: at,
    displayName,
    email: null,
    entraObjectId: null,
    teamsUserId: null,
    source: 'plan.xlsx',
    linkedAt: null,
    ...extra,
  };
  const { saved } = await rt.store.commit(tenantId, [{ op: 'create', kind: 'person', item }]);
  return saved[0] as Person;
}

describe('GET /api/people', () => {
  it('pages through 23 people 5 at a time with no duplicate and no gap, in name order', async () => {
    for (let i = 0; i < 23; i++) await addPerson(`p${i}`, `Personne ${String(i).padStart(2, '0')}`);
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const query: string = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
      const res = await api.get(`people?limit=5${query}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.items.map((p: Person) => p.displayName));
      continuation = res.body.continuation;
      pages++;
    } while (continuation);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual([...Array(23).keys()].map((i) => `Personne ${String(i).padStart(2, '0')}`));
  });

  it('lists only the people linked to no Teams identity with ?unlinked=true', async () => {
    await addPerson('a', 'Anne ALPHA');
    await addPerson('b', 'Bruno BETA', { entraObjectId: 'oid-b', linkedAt: rt.now().toISOString() });
    await addPerson('c', 'Chloé GAMMA', { teamsUserId: '29:c', linkedAt: rt.now().toISOString() });
    await addPerson('d', 'David DELTA', { email: 'd@ville.fr' });
    const res = await api.get('people?unlinked=true');
    expect(res.body.items.map((p: Person) => p.id)).toEqual(['a', 'd']);
    expect((await api.get('people?unlinked=false')).body.items).toHaveLength(4);
  });

  it('finds a person by e-mail, whatever its case', async () => {
    await addPerson('d', 'David DELTA', { email: 'd@ville.fr' });
    await addPerson('e', 'Emma EPSILON', { email: 'e@ville.fr' });
    const res = await api.get('people?email=D%40Ville.FR');
    expect(res.body.items.map((p: Person) => p.id)).toEqual(['d']);
  });

  it('finds people by a part of their name or e-mail with ?q=, without case or accents, and only the linked ones with ?linked=true', async () => {
    await addPerson('a', 'Hélène MARTIN');
    await addPerson('b', 'Bruno BETA', { email: 'bruno.martinez@ville.fr', entraObjectId: 'oid-b', linkedAt: rt.now().toISOString() });
    await addPerson('c', 'Chloé GAMMA', { teamsUserId: '29:c', linkedAt: rt.now().toISOString() });
    await addPerson('d', 'David DELTA');
    const ids = async (query: string) => ((await api.get(`people?${query}`)).body.items as Person[]).map((p) => p.id);
    expect(await ids('q=MARTIN')).toEqual(['b', 'a']);
    expect(await ids('q=helene')).toEqual(['a']);
    expect(await ids('q=ville.fr')).toEqual(['b']);
    expect(await ids('linked=true')).toEqual(['b', 'c']);
    expect(await ids('linked=true&q=mart')).toEqual(['b']);
    expect(await ids('unlinked=true&q=mart')).toEqual(['a']);
    expect(await ids('q=zzz')).toEqual([]);
    // Blank: no filter.
    expect(await ids('q=%20')).toHaveLength(4);
    const flag = await api.get('people?linked=oui');
    expect(flag.status).toBe(400);
    expect(flag.body.error.message).toContain('linked doit valoir true ou false');
  });

  it('pages a filtered list with no person skipped or repeated, never more than limit per page', async () => {
    // Every third person linked: the store's pages hold people the filter drops.
    for (let i = 0; i < 30; i++)
      await addPerson(`p${i}`, `Personne ${String(i).padStart(2, '0')}`, i % 3 === 0 ? { teamsUserId: `29:${i}`, linkedAt: rt.now().toISOString() } : {});
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const query: string = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
      const res = await api.get(`people?linked=true&q=personne&limit=4${query}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.items.map((p: Person) => p.id));
      continuation = res.body.continuation;
      pages++;
    } while (continuation && pages < 50);
    expect(seen).toEqual([...Array(10).keys()].map((i) => `p${i * 3}`));
  });

  it('shows only the caller’s tenant', async () => {
    await addPerson('x', 'Xavier AUTRE', {}, 't2');
    expect((await api.get('people')).body.items).toEqual([]);
    expect((await api.get('people', { tenant: 't2' })).body.items).toHaveLength(1);
  });

  it('answers 400 in French for a wrong limit, unlinked or continuation, and in English with Accept-Language: en', async () => {
    const bad = await api.get('people?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('limit doit être un entier entre 1 et 1000 (reçu « 0 »).');
    expect((await api.get('people?limit=abc', { lang: 'en' })).body.error.message).toBe(
      'limit must be an integer between 1 and 1000 (got "abc").',
    );
    const flag = await api.get('people?unlinked=peut-être');
    expect(flag.status).toBe(400);
    expect(flag.body.error.message).toContain('unlinked doit valoir true ou false');
    expect((await api.get('people?unlinked=maybe', { lang: 'en' })).body.error.message).toContain('unlinked must be true or false');
    const token = await api.get('people?continuation=n%27importe%20quoi');
    expect(token.status).toBe(400);
    expect(token.body.error.message).toContain('Jeton de continuation invalide');
  });

  it('answers 401 without a signed-in caller', async () => {
    const res = await api.get('people', { anonymous: true });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Connexion requise.');
  });
});

describe('GET /api/people/{personId}', () => {
  it('answers the person with its ETag, and 404 for someone else’s', async () => {
    const p = await addPerson('a', 'Anne ALPHA');
    const res = await api.get('people/a');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${p.etag}"`);
    await addPerson('z', 'Zoé AUTRE', {}, 't2');
    const missing = await api.get('people/z');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Personne z introuvable.');
  });
});

describe('PATCH /api/people/{personId}', () => {
  it('links a person to an e-mail and an Entra id: e-mail lower-cased, linkedAt set, new ETag', async () => {
    const p = await addPerson('a', 'Anne ALPHA');
    const res = await api.patch('people/a', { email: ' Anne.Alpha@Ville.FR ', entraObjectId: 'oid-a' }, { ifMatch: p.etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'anne.alpha@ville.fr', entraObjectId: 'oid-a', linkedAt: rt.now().toISOString() });
    expect(res.headers.etag).toBe(`"${res.body.etag}"`);
    expect(res.body.etag).not.toBe(p.etag);
    // Now linked, no longer in the unlinked list.
    expect((await api.get('people?unlinked=true')).body.items).toEqual([]);
  });

  it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
    const p = await addPerson('a', 'Anne ALPHA');
    const none = await api.patch('people/a', { teamsUserId: '29:a' });
    expect(none.status).toBe(428);
    expect(none.body.error.message).toContain('En-tête If-Match requis');
    const stale = await api.patch('people/a', { teamsUserId: '29:a' }, { ifMatch: 'périmé' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.message).toContain('a été modifiée par quelqu’un d’autre');
    expect(stale.body.error.current.etag).toBe(p.etag);
    expect((await rt.store.get('t1', 'person', 'a'))!.etag).toBe(p.etag);
  });

  it('answers 404 for an unknown person', async () => {
    const res = await api.patch('people/personne', { teamsUserId: '29:a' }, { ifMatch: 'x', lang: 'en' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Person personne not found.');
  });

  it('answers 400 for a malformed e-mail, in French then in English, and stores nothing', async () => {
    const p = await addPerson('a', 'Anne ALPHA');
    const fr = await api.patch('people/a', { email: 'anne-at-ville' }, { ifMatch: p.etag });
    expect(fr.status).toBe(400);
    expect(fr.body.error.message).toBe('Requête invalide : email : « anne-at-ville » n’est pas une adresse e-mail valide.');
    const en = await api.patch('people/a', { email: 'anne-at-ville' }, { ifMatch: p.etag, lang: 'en' });
    expect(en.body.error.message).toBe('Invalid request: email: "anne-at-ville" is not a valid e-mail address.');
    expect((await rt.store.get('t1', 'person', 'a'))!.etag).toBe(p.etag);
  });

  it('answers 400 for a wrong body: unknown field, wrong type, nothing to change, not JSON', async () => {
    const p = await addPerson('a', 'Anne ALPHA');
    const unknown = await api.patch('people/a', { mail: 'a@ville.fr' }, { ifMatch: p.etag });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^Requête invalide : corps : Clé non reconnue/);
    const unknownEn = await api.patch('people/a', { mail: 'a@ville.fr' }, { ifMatch: p.etag, lang: 'en' });
    expect(unknownEn.body.error.message).toMatch(/^Invalid request: body: Unrecognized key/);
    const type = await api.patch('people/a', { entraObjectId: 42 }, { ifMatch: p.etag });
    expect(type.body.error.message).toMatch(/^Requête invalide : entraObjectId : /);
    const empty = await api.patch('people/a', {}, { ifMatch: p.etag });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('indiquez au moins un champ');
    const notJson = await api.patch('people/a', '{ email', { ifMatch: p.etag });
    expect(notJson.body.error.message).toBe('Le corps de la requête n’est pas du JSON valide.');
    expect((await rt.store.get('t1', 'person', 'a'))!.etag).toBe(p.etag);
  });

  it('answers 409 in French when the e-mail or the Entra id is already another person’s', async () => {
    await addPerson('a', 'Anne ALPHA', { email: 'anne@ville.fr', entraObjectId: 'oid-a', linkedAt: rt.now().toISOString() });
    const b = await addPerson('b', 'Bruno BETA');
    const email = await api.patch('people/b', { email: 'ANNE@ville.fr' }, { ifMatch: b.etag });
    expect(email.status).toBe(409);
    expect(email.body.error.code).toBe('identity-taken');
    expect(email.body.error.message).toContain('L’adresse e-mail « anne@ville.fr » est déjà liée à Anne ALPHA');
    const oid = await api.patch('people/b', { entraObjectId: 'oid-a' }, { ifMatch: b.etag, lang: 'en' });
    expect(oid.status).toBe(409);
    expect(oid.body.error.message).toContain('The Entra object id "oid-a" is already linked to Anne ALPHA');
    expect((await rt.store.get('t1', 'person', 'b'))!.etag).toBe(b.etag);
  });

  it('links a name to the Teams identity of the person it is another name of with sameAs, and answers 400 for a sameAs that cannot be followed', async () => {
    const claire = await addPerson('a', 'Claire MARTIN', { email: 'claire@ville.fr', entraObjectId: 'oid-a', teamsUserId: '29:a', linkedAt: rt.now().toISOString() });
    const alias = await addPerson('b', 'C. MARTIN');
    await addPerson('c', 'Chloé GAMMA', { email: 'chloe@ville.fr' });

    const unlinked = await api.patch('people/b', { sameAs: 'c' }, { ifMatch: alias.etag });
    expect(unlinked.status).toBe(400);
    expect(unlinked.body.error.message).toBe(
      'Requête invalide : sameAs : Chloé GAMMA (c) n’est liée à aucune identité Teams : il n’y a rien à copier. Indiquez plutôt son e-mail.',
    );
    expect(unlinked.body.error.details).toEqual([{ path: 'sameAs', message: expect.stringContaining('Chloé GAMMA') }]);
    const unknown = await api.patch('people/b', { sameAs: 'z' }, { ifMatch: alias.etag, lang: 'en' });
    expect(unknown.body.error.message).toBe('Invalid request: sameAs: person z does not exist in the tenant.');
    const both = await api.patch('people/b', { sameAs: 'a', entraObjectId: 'oid-x' }, { ifMatch: alias.etag });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain('sameAs copie les identifiants Entra ID et Teams');
    const blank = await api.patch('people/b', { sameAs: '  ' }, { ifMatch: alias.etag });
    expect(blank.status).toBe(400);
    expect((await rt.store.get('t1', 'person', 'b'))!.etag).toBe(alias.etag);

    const res = await api.patch('people/b', { sameAs: 'a' }, { ifMatch: alias.etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'b', displayName: 'C. MARTIN', email: null, entraObjectId: 'oid-a', teamsUserId: '29:a', linkedAt: rt.now().toISOString() });
    expect(res.headers.etag).toBe(`"${res.body.etag}"`);
    expect((await api.get('people?unlinked=true')).body.items.map((p: Person) => p.id)).toEqual(['c']);
    expect((await rt.store.get('t1', 'person', 'a'))!.etag).toBe(claire.etag);
  });

  it('unlinks with null, which clears linkedAt', async () => {
    const p = await addPerson('a', 'Anne ALPHA', { teamsUserId: '29:a', linkedAt: rt.now().toISOString() });
    const res = await api.patch('people/a', { teamsUserId: null }, { ifMatch: p.etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ teamsUserId: null, linkedAt: null });
  });
});
