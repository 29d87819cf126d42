// The channel tab's configuration page (/tabs/config) in a plain browser: a team picks a
// plan and what the tab follows; the page shows the address Teams will save, which opens
// that slice. (Inside Teams the same choice goes to pages.config.setConfig: teams.test.ts.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../../plan/import/testing.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, startE2E, suiteName, type E2E } from './harness.ts';

describe.skipIf(!runs)(suiteName('la page de configuration d’un onglet de canal'), () => {
  let e2e: E2E;
  let page: Page;
  let ambitions: Array<{ id: string; title: string }>;

  beforeAll(async () => {
    e2e = await startE2E(
      { cls: REAL.cls },
      {
        async prepare(store, tenantId, plans) {
          const tree = (await store.loadPlan(tenantId, plans.cls!))!;
          ambitions = tree.ambitions.map((a) => ({ id: a.id, title: a.title }));
        },
      },
    );
    page = e2e.page;
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const preview = () => page.getByText(/ouvrira|Choisissez ce que l’onglet doit suivre/);

  it('pins an ambition: the address it saves opens the plan’s dashboard on that ambition', async () => {
    await page.goto(`${e2e.url}/tabs/config`);
    await page.getByRole('heading', { level: 1, name: 'Que suit cet onglet ?' }).waitFor({ timeout: 30_000 });
    // The whole plan is chosen at first.
    expect(await preview().textContent()).toContain(`/tabs/#/dashboard?plan=${e2e.plans.cls}`);

    await page.getByRole('radio', { name: 'Une ambition' }).check();
    expect(await preview().textContent()).toBe('Choisissez ce que l’onglet doit suivre.');
    const second = ambitions[1]!;
    await page.getByRole('combobox', { name: 'Ambition' }).selectOption(second.id);
    const text = (await preview().textContent())!;
    const url = text.slice(text.indexOf('http'));
    expect(url).toBe(`${e2e.url}/tabs/#/dashboard?plan=${encodeURIComponent(e2e.plans.cls!)}&ambition=${encodeURIComponent(second.id)}`);
    expect(text).toContain(`« ${second.title.slice(0, 39)}`);
    await expectAccessible(page, 'configuration');
    await screenshot(page, 'configuration-onglet');

    await page.goto(url);
    await page.getByText(second.title, { exact: true }).first().waitFor({ timeout: 30_000 });
  });

  it('pins a project found by a search', async () => {
    await page.goto(`${e2e.url}/tabs/config`);
    await page.getByRole('radio', { name: 'Un projet' }).check();
    const projects = await fetch(`${e2e.url}/api/plans/${e2e.plans.cls}/projects?limit=5`).then((r) => r.json());
    const target = projects.items[2] as { id: string; title: string };
    await page.getByRole('searchbox', { name: 'Chercher un projet' }).fill(target.title.slice(0, 20));
    const select = page.getByRole('combobox', { name: 'Projet' });
    await select.locator(`option[value="${target.id}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    await select.selectOption(target.id);
    expect(await preview().textContent()).toContain(`#/project?plan=${encodeURIComponent(e2e.plans.cls!)}&id=${encodeURIComponent(target.id)}`);
  });

  it('reads well in dark theme and at a phone’s width', async () => {
    const dark = await e2e.newPage({ colorScheme: 'dark', hash: '' });
    await dark.goto(`${e2e.url}/tabs/config`);
    await dark.getByRole('heading', { level: 1, name: 'Que suit cet onglet ?' }).waitFor({ timeout: 30_000 });
    await expectAccessible(dark, 'configuration, thème sombre');
    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${e2e.url}/tabs/config`);
    await phone.getByRole('heading', { level: 1, name: 'Que suit cet onglet ?' }).waitFor({ timeout: 30_000 });
    expect(await scrollsSideways(phone)).toBe(false);
    expect(e2e.pageErrors).toEqual([]);
  });
});
