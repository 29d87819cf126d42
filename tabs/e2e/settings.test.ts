// Réglages and Personnes in a real browser, on the CLS plan imported into a fresh store:
// its directions come from the sheet, its pilots are names no Teams user is linked to.
// The settings page shows what GET /api/settings answers, keeps a renamed direction and
// a director across a reload, sets the plan shown by default, explains a save refused
// because the settings changed behind its back (412) and re-applies the user's changes;
// the people page lists exactly the unlinked names and links one to a known person.
//
// See harness.ts for the host, the browser and what they may reach.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../plan/model.ts';
import { REAL } from '../../plan/import/testing.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, startE2E, suiteName, type E2E } from './harness.ts';

const SECOND_PLAN = 'Plan de test des réglages';
/** Known to Jalon under another spelling than the sheet's « Lucie Bernier », linked to Teams. */
const KNOWN_LUCIE = { id: 'known-lucie', displayName: 'L. BERNIER', email: 'lucie.bernier@cc-exemple.fr', entraObjectId: 'oid-lucie', teamsUserId: '29:lucie' };

interface SettingsBody {
  profile: { name: string; kind: string; locale: string; timeZone: string };
  settings: { directions: Array<{ id: string; name: string; code: string | null; directorIds: string[] }>; defaultPlanId: string | null };
  etag: string | null;
}

describe.skipIf(!runs)(suiteName('Réglages et Personnes dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  let secondPlanId: string;
  let claire: Person;

  /** The API as the page calls it (dev mode: the dev tenant and user). */
  async function api<T>(path: string, init: { method?: string; body?: unknown; ifMatch?: string } = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${e2e.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.ifMatch ? { 'If-Match': `"${init.ifMatch}"` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  const settings = async () => (await api<SettingsBody>('/settings')).body;
  async function unlinked(): Promise<Person[]> {
    const people: Person[] = [];
    let continuation: string | null = null;
    do {
      const query: string = continuation ? `&continuation=${encodeURIComponent(continuation)}` : '';
      const { body } = await api<{ items: Person[]; continuation: string | null }>(`/people?unlinked=true&limit=2${query}`);
      people.push(...body.items);
      continuation = body.continuation;
    } while (continuation);
    return people;
  }

  async function open(p: Page, hash: string, heading: string) {
    await p.goto(`${e2e.url}/tabs/${hash}`);
    await p.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor({ timeout: 30_000 });
  }
  const directionCards = (p: Page) => p.getByRole('list', { name: 'Directions' }).getByRole('group');

  beforeAll(async () => {
    e2e = await startE2E(
      { cls: REAL.cls },
      {
        async prepare(store, tenantId, plans) {
          const at = new Date().toISOString();
          const { saved } = await store.commit(tenantId, [
            { op: 'create', kind: 'plan', item: { id: 'plan-reglages', tenantId, createdAt: at, updatedAt: at, title: SECOND_PLAN, description: '', source: null } },
            { op: 'create', kind: 'person', item: { ...KNOWN_LUCIE, tenantId, createdAt: at, updatedAt: at, source: 'Teams', linkedAt: at } },
          ]);
          secondPlanId = saved[0]!.id;
          expect(plans.cls).toBeTruthy();
        },
      },
    );
    page = e2e.page;
    // A known person through the API, as an admin would: one of the CLS pilots linked to
    // an e-mail and an Entra id.
    const before = await unlinked();
    const found = before.find((p) => p.displayName === 'Claire MARTIN')!;
    const linked = await api<Person>(`/people/${found.id}`, {
      method: 'PATCH',
      body: { email: 'claire.martin@cc-exemple.fr', entraObjectId: 'oid-claire' },
      ifMatch: found.etag,
    });
    expect(linked.status).toBe(200);
    claire = linked.body;
    expect((await unlinked()).length).toBe(before.length - 1);
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('shows the profile and the directions as the API returns them', async () => {
    const stored = await settings();
    expect(stored.settings.directions.length).toBeGreaterThan(0);
    await open(page, '#/settings', 'Réglages');
    expect(await page.getByRole('textbox', { name: 'Nom', exact: true }).inputValue()).toBe(stored.profile.name);
    expect(await page.getByRole('combobox', { name: 'Type' }).inputValue()).toBe(stored.profile.kind);
    expect(await page.getByRole('textbox', { name: /^Langue et pays/ }).inputValue()).toBe(stored.profile.locale);
    expect(await page.getByRole('combobox', { name: /^Fuseau horaire/ }).inputValue()).toBe(stored.profile.timeZone);
    const cards = directionCards(page);
    expect(await cards.count()).toBe(stored.settings.directions.length);
    for (const [i, d] of stored.settings.directions.entries()) {
      const card = cards.nth(i);
      expect(await card.getByRole('heading').textContent()).toBe(d.name);
      expect(await card.getByRole('textbox', { name: 'Nom de la direction' }).inputValue()).toBe(d.name);
      expect(await card.getByRole('textbox', { name: /^Code/ }).inputValue()).toBe(d.code ?? '');
    }
    expect(await page.getByRole('combobox', { name: 'Plan ouvert à l’arrivée dans Jalon' }).inputValue()).toBe(stored.settings.defaultPlanId ?? '');
    // Nothing changed yet: nothing to save.
    expect(await page.getByRole('button', { name: 'Enregistrer les réglages' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'réglages');
    await screenshot(page, 'reglages');
  });

  it('renames a direction and adds a director, saves, and finds both after a reload', async () => {
    const first = (await settings()).settings.directions[0]!;
    const renamed = `${first.name} — Communication`;
    const card = directionCards(page).first();
    await card.getByRole('textbox', { name: 'Nom de la direction' }).fill(renamed);
    // Typed key by key, as a person does: the list opens on typing.
    await card.getByRole('combobox', { name: /^Ajouter un directeur/ }).pressSequentially('claire');
    await page.getByRole('listbox').getByRole('option', { name: /Claire MARTIN/ }).click();
    await card.getByRole('list').getByText('Claire MARTIN', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Réglages enregistrés.').waitFor({ timeout: 30_000 });

    const stored = (await settings()).settings.directions[0]!;
    expect(stored).toMatchObject({ id: first.id, name: renamed, directorIds: [...first.directorIds, claire.id] });

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Réglages' }).waitFor({ timeout: 30_000 });
    const again = directionCards(page).first();
    expect(await again.getByRole('textbox', { name: 'Nom de la direction' }).inputValue()).toBe(renamed);
    await again.getByRole('list').getByText('Claire MARTIN', { exact: true }).waitFor({ timeout: 30_000 });
  });

  it('sets the plan shown by default, which the tab then opens', async () => {
    const picker = page.getByRole('combobox', { name: 'Plan ouvert à l’arrivée dans Jalon' });
    await picker.selectOption({ label: SECOND_PLAN });
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Réglages enregistrés.').waitFor({ timeout: 30_000 });
    expect((await settings()).settings.defaultPlanId).toBe(secondPlanId);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Réglages' }).waitFor({ timeout: 30_000 });
    expect(await picker.inputValue()).toBe(secondPlanId);
    // The tab with no plan asked for opens the default one.
    const fresh = await e2e.newPage({ hash: '#/dashboard' });
    await fresh.getByRole('heading', { level: 1, name: SECOND_PLAN }).waitFor({ timeout: 30_000 });
    await fresh.close();
  });

  it('shows a refused field in the API’s words, under the field', async () => {
    const zone = page.getByRole('combobox', { name: /^Fuseau horaire/ });
    await zone.fill('Europe/Lutece');
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByRole('alert').getByText('Les réglages n’ont pas été enregistrés').waitFor({ timeout: 30_000 });
    const field = page.getByText('« Europe/Lutece » n’est pas un fuseau horaire connu', { exact: false });
    // In the summary as the API words it, and under the field.
    expect(await field.count()).toBe(2);
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Abandonner mes modifications' }).click();
    expect(await zone.inputValue()).toBe((await settings()).profile.timeZone);
  });

  it('explains a save refused because the settings changed behind its back, then re-applies the user’s change', async () => {
    const name = 'Communauté de communes du Pays de test';
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(name);

    // Someone else saves meanwhile: a time zone and a new direction.
    const now = await settings();
    const other = await api<SettingsBody>('/settings', {
      method: 'PATCH',
      ifMatch: now.etag!,
      body: { profile: { timeZone: 'America/Cayenne' }, settings: { directions: [...now.settings.directions, { id: 'dir-culture', name: 'Culture', code: 'CULT', directorIds: [] }] } },
    });
    expect(other.status).toBe(200);

    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Les réglages ont changé pendant que vous les modifiiez' });
    await alert.waitFor({ timeout: 30_000 });
    const lines = await alert.getByRole('list', { name: 'Changements faits entre-temps' }).getByRole('listitem').allTextContents();
    expect(lines).toEqual([`Fuseau horaire : ${now.profile.timeZone} → America/Cayenne`, 'Direction ajoutée : « Culture »']);
    // Nothing of the page's was saved.
    expect((await settings()).profile.name).toBe(now.profile.name);

    await alert.getByRole('button', { name: 'Recharger et réappliquer mes modifications' }).click();
    expect(await page.getByRole('textbox', { name: 'Nom', exact: true }).inputValue()).toBe(name);
    expect(await page.getByRole('combobox', { name: /^Fuseau horaire/ }).inputValue()).toBe('America/Cayenne');
    expect(await directionCards(page).count()).toBe(other.body.settings.directions.length);
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
    await page.getByText('Réglages enregistrés.').waitFor({ timeout: 30_000 });
    const stored = await settings();
    expect(stored.profile).toMatchObject({ name, timeZone: 'America/Cayenne' });
    expect(stored.settings.directions).toEqual(other.body.settings.directions);
    // The tab's header follows the new name.
    await page.getByText(`${name} ·`).waitFor({ timeout: 30_000 });
  });

  it('lists exactly the names the API says are unlinked, and links one to a known person', async () => {
    const expected = await unlinked();
    expect(expected.length).toBeGreaterThan(1);
    await page.getByRole('tab', { name: 'Personnes' }).click();
    await page.getByRole('heading', { level: 2, name: 'Personnes', exact: true }).waitFor({ timeout: 30_000 });
    const list = page.getByRole('list', { name: 'Noms à lier' });
    await list.waitFor({ timeout: 30_000 });
    expect(await list.getByRole('listitem').count()).toBe(expected.length);
    for (const p of expected) await list.getByText(p.displayName, { exact: true }).waitFor();
    await page.getByRole('status').getByText(new RegExp(`^${expected.length}\\s+noms à lier$`)).waitFor();
    await expectAccessible(page, 'personnes');
    await screenshot(page, 'personnes');

    // « Lucie Bernier » from the sheet is « L. BERNIER », whom Teams knows.
    const lucie = expected.find((p) => p.displayName === 'Lucie Bernier')!;
    await list.getByRole('button', { name: 'Lier Lucie Bernier' }).click();
    const picker = page.getByRole('combobox', { name: 'Lier Lucie Bernier à' });
    await page.getByText('l’annuaire Microsoft 365 (Graph) n’est pas configuré').waitFor();
    await picker.pressSequentially('bernier');
    // Only people linked to Teams are offered: the sheet's own « Lucie Bernier » is not.
    const option = page.getByRole('listbox').getByRole('option', { name: /L\. BERNIER/ });
    await option.waitFor({ timeout: 30_000 });
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(1);
    // The open list leaves the page in sight: what is typed stays visible under it.
    const onTop = await picker.evaluate((input) => {
      const r = input.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top !== null && top.closest('.fui-Combobox') === input.closest('.fui-Combobox');
    });
    expect(onTop).toBe(true);
    await option.click();
    await page.getByText('Lucie Bernier est liée à l’identité Teams de L. BERNIER.').waitFor({ timeout: 30_000 });

    expect(await list.getByRole('listitem').count()).toBe(expected.length - 1);
    await page.getByRole('status').getByText(new RegExp(`^${expected.length - 1}\\s+noms à lier$`)).waitFor();
    const after = await unlinked();
    expect(after.map((p) => p.id)).toEqual(expected.filter((p) => p.id !== lucie.id).map((p) => p.id));
    const linked = (await api<Person>(`/people/${lucie.id}`)).body;
    expect(linked).toMatchObject({ displayName: 'Lucie Bernier', entraObjectId: KNOWN_LUCIE.entraObjectId, teamsUserId: KNOWN_LUCIE.teamsUserId });
    expect(linked.linkedAt).not.toBeNull();
  });

  it('records an e-mail typed for a name, which stays listed until its first sign-in', async () => {
    const expected = await unlinked();
    const person = expected[0]!;
    const list = page.getByRole('list', { name: 'Noms à lier' });
    await list.getByRole('button', { name: `Lier ${person.displayName}` }).click();
    await page.getByRole('combobox', { name: `Lier ${person.displayName} à` }).pressSequentially('Prenom.Nom@CC-exemple.fr');
    await page.getByRole('listbox').getByRole('option', { name: 'Utiliser l’adresse Prenom.Nom@CC-exemple.fr' }).click();
    await page.getByText(`L’adresse prenom.nom@cc-exemple.fr est enregistrée pour ${person.displayName}`).waitFor({ timeout: 30_000 });
    expect(await list.getByRole('listitem').count()).toBe(expected.length);
    await list.getByText(/prenom\.nom@cc-exemple\.fr — en attente de sa première connexion/).waitFor();
    expect((await unlinked()).find((p) => p.id === person.id)!.email).toBe('prenom.nom@cc-exemple.fr');

    // The e-mail of someone else is refused in the API's words, under the picker.
    const next = expected[1]!;
    await list.getByRole('button', { name: `Lier ${next.displayName}` }).click();
    await page.getByRole('combobox', { name: `Lier ${next.displayName} à` }).pressSequentially(claire.email!);
    await page.getByRole('listbox').getByRole('option', { name: `Utiliser l’adresse ${claire.email}` }).click();
    await page.getByText(`L’adresse e-mail « ${claire.email} » est déjà liée à Claire MARTIN`).waitFor({ timeout: 30_000 });
    expect(await list.getByRole('listitem').count()).toBe(expected.length);
    expect(e2e.pageErrors).toEqual([]);
  });

  it('holds in dark theme and at 390 px: both pages, forms in one column', async () => {
    for (const [hash, heading] of [
      ['#/settings', 'Réglages'],
      ['#/people', 'Personnes'],
    ] as const) {
      const phone = await e2e.newPage({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
      await open(phone, hash, heading);
      await phone.waitForLoadState('networkidle');
      const [bg, fg] = await phone.evaluate(() => {
        const root = document.querySelector('.fui-FluentProvider')!;
        const lum = (c: string) => {
          const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number);
          return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
        };
        return [lum(getComputedStyle(root).backgroundColor), lum(getComputedStyle(root).color)];
      });
      expect(bg, hash).toBeLessThan(0.25);
      expect(fg, hash).toBeGreaterThan(0.75);
      if (hash === '#/settings') {
        // One column: the profile's fields stacked, each as wide as the form.
        const boxes = await Promise.all(
          ['Nom', 'Type'].map((name) => phone.getByRole(name === 'Nom' ? 'textbox' : 'combobox', { name, exact: true }).boundingBox()),
        );
        expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height);
        expect(Math.abs(boxes[1]!.x - boxes[0]!.x)).toBeLessThan(2);
      } else {
        const list = phone.getByRole('list', { name: 'Noms à lier' });
        await list.getByRole('button').first().click();
        await phone.getByRole('combobox', { name: /^Lier .+ à$/ }).waitFor();
      }
      expect(await scrollsSideways(phone), hash).toBe(false);
      await expectAccessible(phone, `${heading} en sombre à 390 px`);
      await phone.close();
    }
    expect(e2e.pageErrors).toEqual([]);
  });
});
