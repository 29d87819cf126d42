// The tabs in a real browser against the real local host: the CLS plan imported into a
// fresh store, the dashboard shows its five ambitions, the matrix its directions, and the
// Importer previews the Paris file before confirming it.
//
// See harness.ts for the host, the browser and what they may reach.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../../plan/import/testing.ts';
import { expectAccessible, runs, startE2E, suiteName, type E2E } from './harness.ts';

const SCREENSHOT = '/tmp/jalon-dashboard.png';

const CLS_AMBITIONS = [
  'Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL',
  'Axe 2. ACCES AUX SOINS',
  'Axe 3. PARCOURS DE SANTÉ',
  'Axe 4. SANTE ENVIRONNEMENT',
  'Axe 5. SANTE MENTALE',
];

describe.skipIf(!runs)(suiteName('les onglets dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  let host: { url: string };
  let clsPlanId: string;
  let clsHasNoDirection = false;
  let pageErrors: string[];

  beforeAll(async () => {
    // The CLS plan, imported for the dev tenant before the host starts: the tenant is not
    // empty, so no demo plan is seeded, and the CLS plan is the one the dashboard opens.
    e2e = await startE2E(
      { cls: REAL.cls },
      {
        async prepare(store, tenantId, plans) {
          const tree = (await store.loadPlan(tenantId, plans.cls!))!;
          clsHasNoDirection = tree.projects.some((p) => p.leadDirectionId === null);
        },
      },
    );
    ({ page, pageErrors } = e2e);
    host = { url: e2e.url };
    clsPlanId = e2e.plans.cls!;
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('ouvre le tableau de bord du plan CLS et voit ses cinq ambitions', async () => {
    await page.goto(`${host.url}/tabs/`);
    const ambitions = page.getByRole('list', { name: 'Ambitions' });
    await ambitions.waitFor({ timeout: 30_000 });
    for (const title of CLS_AMBITIONS) {
      await page.getByRole('heading', { level: 3, name: title, exact: true }).waitFor({ state: 'visible' });
    }
    expect(await ambitions.getByRole('heading', { level: 3 }).count()).toBe(5);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Contrat Local de Santé');
    // Each card: its progress, its météo counts and its late milestones.
    const first = ambitions.getByRole('article', { name: CLS_AMBITIONS[0] });
    expect(await first.textContent()).toMatch(/Avancement\s*(\d+\s?%|—)/);
    await first.getByRole('list', { name: 'Météo des projets' }).waitFor();
    expect(await first.textContent()).toMatch(/jalons? en retard/);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await expectAccessible(page, 'tableau de bord');
  });

  it('ouvre la matrice : « Sans direction » comme les données le disent, et les projets d’une case', async () => {
    await page.getByRole('tab', { name: 'Matrice' }).click();
    const table = page.getByRole('table');
    await table.waitFor({ timeout: 30_000 });
    for (const title of CLS_AMBITIONS) await table.getByRole('rowheader', { name: title, exact: true }).waitFor();
    expect(await table.getByRole('columnheader', { name: 'Sans direction', exact: true }).count()).toBe(clsHasNoDirection ? 1 : 0);

    const cell = table.getByRole('button').first();
    const label = (await cell.getAttribute('aria-label')) ?? '';
    const projects = Number(/(\d+)\s*projets?/.exec(label)?.[1]);
    expect(projects).toBeGreaterThan(0);
    await cell.click();
    const list = page.getByRole('table', { name: 'Projets', exact: true });
    await list.waitFor({ timeout: 30_000 });
    expect(await list.getByRole('row').count()).toBe(projects + 1); // the header row too
    expect(page.url()).toContain('#/matrix?');
  });

  it('prévisualise l’import du fichier de Paris, puis le confirme', async () => {
    await page.getByRole('tab', { name: 'Importer' }).click();
    await page.locator('input[type="file"]').setInputFiles(REAL.paris);
    const confirm = page.getByRole('button', { name: 'Confirmer l’import' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Aperçu', exact: true }).click();

    const preview = page.getByRole('region', { name: 'Aperçu de l’import' });
    await preview.waitFor({ timeout: 60_000 });
    await preview.getByText(/^1\s?214\s+projets$/).waitFor();
    expect(await preview.getByRole('heading', { name: /^Erreurs/ }).count()).toBe(0);
    expect(await confirm.isEnabled()).toBe(true);

    await confirm.click();
    await page.getByText('Import terminé').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();
    expect(page.url()).toMatch(/#\/dashboard\?plan=/);
    expect(page.url()).not.toContain(clsPlanId);
    await page.getByRole('list', { name: 'Ambitions' }).waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
