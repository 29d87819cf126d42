// The Réglages page's logic against the API's own answers: what it reads, the PATCH it
// sends (only what changed, accepted by the real handler), and after a 412 what it says
// changed and how it re-applies the user's changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsRoutes } from '../../functions/handlers/settings.ts';
import { client, testRuntime, type TestRuntime } from '../../functions/testing.ts';
import { describeChanges, issuesAt, patchFrom, readIssues, readSettingsDoc, reapply, type SettingsForm } from './SettingsDraft.ts';

const api = client(settingsRoutes);
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  await rt.dispose();
});

const fr = (text: string) => text;
const names = {
  person: (id: string) => ({ p1: 'Claire MARTIN', p2: 'Paul FAURE' })[id] ?? id,
  plan: (id: string) => ({ a: 'Plan A', b: 'Plan B' })[id] ?? id,
  weekday: (n: number) => ['lundi', 'mardi', 'mercredi'][n - 1] ?? String(n),
  kind: (k: string) => k,
  role: (r: string) => r,
};

async function addPerson(id: string, displayName: string) {
  const at = rt.now().toISOString();
  await rt.store.commit('t1', [
    {
      op: 'create',
      kind: 'person',
      item: { id, tenantId: 't1', createdAt: at, updatedAt: at, displayName, email: null, entraObjectId: null, teamsUserId: null, source: 'test', linkedAt: null },
    },
  ]);
}

function form(): SettingsForm {
  return {
    profile: { name: 'Ville', kind: 'commune', locale: 'fr-FR', timeZone: 'Europe/Paris' },
    directions: [
      { id: 'd1', name: 'Voirie', code: 'DVD', directorIds: [] },
      { id: 'd2', name: 'Santé', code: '', directorIds: ['p1'] },
    ],
    roles: [{ role: 'plan-admin', personId: 'p1', groupId: null, scope: null }],
    reminders: { enabled: true, weekday: '1', hour: '9', dueWithinDays: '14', staleAfterDays: '30', escalateAfterDays: '14' },
    defaultPlanId: 'a',
  };
}

describe('readSettingsDoc and patchFrom', () => {
  it('reads GET /api/settings, sends only what changed, and the API stores exactly that', async () => {
    await addPerson('p1', 'Claire MARTIN');
    const first = readSettingsDoc((await api.get('settings')).body);
    expect(first.etag).toBeNull();
    expect(first.form.reminders).toEqual({ enabled: true, weekday: '1', hour: '9', dueWithinDays: '14', staleAfterDays: '30', escalateAfterDays: '14' });
    expect(patchFrom(first.form, structuredClone(first.form))).toBeNull();

    const edited = structuredClone(first.form);
    edited.profile.name = 'Communauté de communes';
    edited.directions.push({ id: '', localKey: 'k', name: 'Direction de la Santé', code: ' DS ', directorIds: ['p1'] });
    edited.reminders.hour = '7';
    const patch = patchFrom(first.form, edited)!;
    expect(patch).toEqual({
      profile: { name: 'Communauté de communes' },
      settings: { directions: [{ id: 'dir-direction-de-la-sante', name: 'Direction de la Santé', code: 'DS', directorIds: ['p1'] }], reminders: { hour: 7 } },
    });
    const saved = await api.patch('settings', patch, { ifMatch: 'new' });
    expect(saved.status).toBe(200);
    const doc = readSettingsDoc(saved.body);
    expect(doc.etag).toBe(saved.body.etag);
    expect(doc.form.directions).toEqual([{ id: 'dir-direction-de-la-sante', name: 'Direction de la Santé', code: 'DS', directorIds: ['p1'] }]);
    expect(doc.form.reminders.hour).toBe('7');
    expect(doc.form.profile.locale).toBe('fr-FR');
  });

  it('gives new directions ids unlike the others, and sends a number typed wrong as typed, for the API to refuse in its words', async () => {
    const base = form();
    const edited = structuredClone(base);
    edited.directions.push({ id: '', name: 'Voirie', code: '', directorIds: [] }, { id: '', name: 'Voirie', code: '', directorIds: [] });
    edited.directions[0]!.id = 'dir-voirie';
    edited.reminders.hour = 'neuf';
    const patch = patchFrom(base, edited)!;
    expect(patch.settings!.directions!.map((d) => d.id)).toEqual(['dir-voirie', 'd2', 'dir-voirie-2', 'dir-voirie-3']);
    expect(patch.settings!.reminders).toEqual({ hour: 'neuf' });

    const res = await api.patch('settings', { settings: { reminders: patch.settings!.reminders } }, { ifMatch: 'new' });
    expect(res.status).toBe(400);
    const issues = readIssues(res.body.error.details);
    expect(issuesAt(issues, 'settings.reminders.hour')).toMatch(/nombre/);
    expect(issuesAt(issues, 'settings.reminders')).toBeUndefined();
    expect(issuesAt(issues, 'settings.reminders', true)).toBeDefined();
  });

  it('sends a group role with a blank group id as null, which the API refuses on that role', async () => {
    const base = form();
    const edited = structuredClone(base);
    edited.roles.push({ role: 'reader', personId: null, groupId: '  ', scope: null });
    const patch = patchFrom(base, edited)!;
    expect(patch.settings!.roles![1]).toEqual({ role: 'reader', personId: null, groupId: null, scope: null });
    await addPerson('p1', 'Claire MARTIN');
    const res = await api.patch('settings', { settings: { roles: patch.settings!.roles } }, { ifMatch: 'new' });
    expect(res.status).toBe(400);
    expect(issuesAt(readIssues(res.body.error.details), 'settings.roles.1')).toContain('soit à une personne');
  });
});

describe('after a 412', () => {
  it('says what changed meanwhile, one line each', () => {
    const before = form();
    const after = structuredClone(before);
    after.profile.name = 'Ville nouvelle';
    after.directions[0]!.name = 'Voirie et déplacements';
    after.directions[1]!.directorIds = ['p1', 'p2'];
    after.directions.push({ id: 'd3', name: 'Culture', code: '', directorIds: [] });
    after.roles = [];
    after.reminders.weekday = '3';
    after.defaultPlanId = 'b';
    expect(describeChanges(before, after, fr, names)).toEqual([
      'Nom de la collectivité : « Ville » → « Ville nouvelle »',
      'Direction renommée : « Voirie » → « Voirie et déplacements »',
      'Direction « Santé », direction assurée par : Claire MARTIN → Claire MARTIN, Paul FAURE',
      'Direction ajoutée : « Culture »',
      'Rôle retiré — plan-admin : Claire MARTIN',
      'Jour des rappels : lundi → mercredi',
      'Plan affiché par défaut : « Plan A » → « Plan B »',
    ]);
    expect(describeChanges(before, structuredClone(before), fr, names)).toEqual([]);
  });

  it('re-applies the user’s changes on the stored version, keeping what others changed', () => {
    const base = form();
    const mine = structuredClone(base);
    mine.profile.timeZone = 'America/Cayenne';
    mine.directions[0]!.name = 'Voirie (DVD)'; // edited
    mine.directions.splice(1, 1); // d2 removed
    mine.directions.push({ id: '', localKey: 'k', name: 'Sport', code: '', directorIds: [] }); // added
    mine.roles.push({ role: 'reader', personId: null, groupId: 'g1', scope: null });
    mine.reminders.hour = '8';

    const current = structuredClone(base);
    current.profile.name = 'Ville nouvelle';
    current.directions.push({ id: 'd3', name: 'Culture', code: '', directorIds: [] });
    current.directions[1]!.code = 'SAN';
    current.reminders.enabled = false;
    current.defaultPlanId = 'b';

    const next = reapply(base, mine, current);
    expect(next.profile).toEqual({ name: 'Ville nouvelle', kind: 'commune', locale: 'fr-FR', timeZone: 'America/Cayenne' });
    expect(next.directions.map((d) => d.id || d.name)).toEqual(['d1', 'd3', 'Sport']);
    expect(next.directions[0]!.name).toBe('Voirie (DVD)');
    expect(next.roles).toHaveLength(2);
    expect(next.reminders).toMatchObject({ enabled: false, hour: '8' });
    expect(next.defaultPlanId).toBe('b');
    // What is left to save is the user's changes only.
    const patch = patchFrom(current, next)!;
    expect(Object.keys(patch.settings!)).toEqual(['directions', 'roles', 'reminders']);
    expect(patch.profile).toEqual({ timeZone: 'America/Cayenne' });
  });
});
