import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person, Plan } from '../../plan/model.ts';
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { settingsRoutes } from './settings.ts';

const api = client(settingsRoutes);
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  await rt.dispose();
});

const at = () => rt.now().toISOString();

async function addPerson(id: string, displayName: string) {
  const item: Omit<Person, 'etag'> = {
    id,
    tenantId: 't1',
    createdAt: at(),
    updatedAt: at(),
    displayName,
    email: null,
    entraObjectId: null,
    teamsUserId: null,
    source: 'test',
    linkedAt: null,
  };
  await rt.store.commit('t1', [{ op: 'create', kind: 'person', item }]);
}

async function addPlan(id: string) {
  const item: Omit<Plan, 'etag'> = { id, tenantId: 't1', createdAt: at(), updatedAt: at(), title: 'Plan', description: '', source: null };
  await rt.store.commit('t1', [{ op: 'create', kind: 'plan', item }]);
}

describe('GET /api/settings', () => {
  it('answers the defaults with etag null before the tenant was ever stored', async () => {
    const res = await api.get('settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      profile: { name: 'Ma collectivité', kind: 'commune', locale: 'fr-FR', timeZone: 'Europe/Paris' },
      settings: {
        directions: [],
        roles: [],
        reminders: { enabled: true, weekday: 1, hour: 9, dueWithinDays: 14, staleAfterDays: 30, escalateAfterDays: 14 },
        defaultPlanId: null,
        channels: [],
      },
      etag: null,
    });
    expect(res.headers.etag).toBeUndefined();
    expect(await rt.store.getTenant('t1')).toBeNull();
  });
});

describe('PATCH /api/settings', () => {
  it('creates the tenant with If-Match: new, then patches with the etag read, then refuses the stale etag', async () => {
    await addPerson('p1', 'Claire MARTIN');
    await addPlan('plan-1');
    const first = await api.patch(
      'settings',
      {
        profile: { name: '  Communauté de communes   du Pays  ', kind: 'intercommunalité', timeZone: 'america/cayenne', locale: 'fr-gf' },
        settings: {
          directions: [{ id: 'dir-sante', name: 'Direction de la santé', code: 'DS', directorIds: ['p1', 'p1'] }],
          reminders: { hour: 7 },
          defaultPlanId: 'plan-1',
        },
      },
      { ifMatch: 'new' },
    );
    expect(first.status).toBe(200);
    expect(first.body.profile).toEqual({
      name: 'Communauté de communes du Pays',
      kind: 'intercommunalité',
      locale: 'fr-GF',
      timeZone: 'America/Cayenne',
    });
    expect(first.body.settings.directions).toEqual([{ id: 'dir-sante', name: 'Direction de la santé', code: 'DS', directorIds: ['p1'] }]);
    // Only the reminder rule sent changed.
    expect(first.body.settings.reminders).toMatchObject({ hour: 7, weekday: 1, enabled: true });
    expect(first.body.settings.defaultPlanId).toBe('plan-1');
    expect(first.headers.etag).toBe(`"${first.body.etag}"`);

    const read = await api.get('settings');
    expect(read.body).toEqual(first.body);

    const second = await api.patch(
      'settings',
      { settings: { reminders: { enabled: false }, roles: [{ role: 'director', personId: 'p1', scope: 'dir-sante' }] } },
      { ifMatch: read.body.etag },
    );
    expect(second.status).toBe(200);
    expect(second.body.settings.reminders).toMatchObject({ enabled: false, hour: 7 });
    expect(second.body.settings.roles).toEqual([{ role: 'director', personId: 'p1', groupId: null, scope: 'dir-sante' }]);
    // Left out, kept.
    expect(second.body.profile.name).toBe('Communauté de communes du Pays');
    expect(second.body.settings.directions).toHaveLength(1);

    const stale = await api.patch('settings', { profile: { name: 'Autre' } }, { ifMatch: read.body.etag });
    expect(stale.status).toBe(412);
    expect(stale.body.error.message).toContain('a été modifiée par quelqu’un d’autre');
    const again = await api.patch('settings', { profile: { name: 'Autre' } }, { ifMatch: 'new' });
    expect(again.status).toBe(412);
    expect((await api.get('settings')).body.etag).toBe(second.body.etag);
  });

  it('replaces the whole list of directions, and clears the default plan with null', async () => {
    await addPlan('plan-1');
    const a = await api.patch(
      'settings',
      { settings: { directions: [{ id: 'd1', name: 'Un' }, { id: 'd2', name: 'Deux' }], defaultPlanId: 'plan-1' } },
      { ifMatch: 'new' },
    );
    const b = await api.patch(
      'settings',
      { settings: { directions: [{ id: 'd3', name: 'Trois' }], defaultPlanId: null } },
      { ifMatch: a.body.etag },
    );
    expect(b.body.settings.directions).toEqual([{ id: 'd3', name: 'Trois', code: null, directorIds: [] }]);
    expect(b.body.settings.defaultPlanId).toBeNull();
  });

  it('answers 428 without If-Match', async () => {
    const res = await api.patch('settings', { profile: { name: 'X' } });
    expect(res.status).toBe(428);
    expect((await api.patch('settings', { profile: { name: 'X' } }, { headers: { 'if-match': '*' } })).status).toBe(428);
  });

  it('answers 412 for an etag other than new while the tenant does not exist', async () => {
    const res = await api.patch('settings', { profile: { name: 'X' } }, { ifMatch: 'abc' });
    expect(res.status).toBe(412);
    expect(await rt.store.getTenant('t1')).toBeNull();
  });

  it('answers 400 in French, and in English with Accept-Language: en, for a time zone, a locale, a twice-used direction id, an unknown director or plan, and stores nothing', async () => {
    await addPerson('p1', 'Claire MARTIN');
    const body = {
      profile: { timeZone: 'Europe/Lutece', locale: 'français' },
      settings: {
        directions: [
          { id: 'd1', name: 'Un', directorIds: ['p1', 'fantôme'] },
          { id: 'd1', name: 'Un bis' },
        ],
        defaultPlanId: 'plan-inconnu',
      },
    };
    const fr = await api.patch('settings', body, { ifMatch: 'new' });
    expect(fr.status).toBe(400);
    const m = fr.body.error.message as string;
    expect(m).toMatch(/^Requête invalide : /);
    expect(m).toContain('profile.timeZone : « Europe/Lutece » n’est pas un fuseau horaire connu');
    expect(m).toContain('profile.locale : « français » n’est pas une langue suivie d’un pays');
    expect(m).toContain('settings.directions.1.id : l’identifiant de direction « d1 » figure deux fois.');
    expect(m).toContain('settings.directions.0.directorIds.1 : la personne fantôme n’existe pas dans la collectivité.');
    expect(m).toContain('settings.defaultPlanId : le plan plan-inconnu n’existe pas dans la collectivité.');
    expect(fr.body.error.details).toHaveLength(5);

    const en = await api.patch('settings', body, { ifMatch: 'new', lang: 'en' });
    expect(en.body.error.message).toContain('profile.timeZone: "Europe/Lutece" is not a known time zone');
    expect(en.body.error.message).toContain('settings.directions.1.id: direction id "d1" appears twice.');
    expect(await rt.store.getTenant('t1')).toBeNull();
  });

  it('answers 400 for a wrong shape, with zod’s messages in the request’s language', async () => {
    const fr = await api.patch('settings', { settings: { reminders: { hour: 25 }, colour: 'bleu' } }, { ifMatch: 'new' });
    expect(fr.status).toBe(400);
    expect(fr.body.error.message).toContain('settings : Clé non reconnue : "colour"');
    expect(fr.body.error.message).toContain('settings.reminders.hour : Trop grand');
    const en = await api.patch('settings', { profile: { kind: 'village' } }, { ifMatch: 'new', lang: 'en' });
    expect(en.body.error.message).toMatch(/^Invalid request: profile\.kind: Invalid option/);
    const blank = await api.patch('settings', { profile: { name: '   ' } }, { ifMatch: 'new' });
    expect(blank.body.error.message).toBe('Requête invalide : profile.name : le nom ne peut pas être vide.');
    expect(await rt.store.getTenant('t1')).toBeNull();
  });

  it('refuses a role scoped to a direction that does not exist, or given to both a person and a group', async () => {
    await addPerson('p1', 'Claire MARTIN');
    const res = await api.patch(
      'settings',
      {
        settings: {
          roles: [
            { role: 'director', personId: 'p1', scope: 'dir-inconnue' },
            { role: 'reader', personId: 'p1', groupId: 'g1' },
          ],
        },
      },
      { ifMatch: 'new' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('settings.roles.0.scope : la direction « dir-inconnue » n’existe pas');
    expect(res.body.error.message).toContain('settings.roles.1 : un rôle est donné soit à une personne');
  });
});
