// The Tableau de bord, the Matrice, the Projets and the Importer in a real browser against
// the real local host, on the CLS and Paris plans imported into a fresh store: the
// figures are the API's (filtered ones included, asked of the API by the test), the
// drill-down reaches an objective's projects and gives focus back on the way up, the
// matrix answers the keyboard, the pages read in English with ?lang=en, hold in dark
// theme and at a phone's width, and axe finds nothing serious.
//
// Open views by their address (#/dashboard…): the default view is the portal.
// See harness.ts for the host, the browser and what they may reach.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL } from '../../plan/import/testing.ts';
import { readDashboard, type Dashboard, type Figures } from '../src/api.ts';
import { formatEuros, formatNumber, formatPercent } from '../src/format.ts';
import { expectAccessible, runs, screenshot, scrollsSideways, settled, startE2E, suiteName, type E2E } from './harness.ts';

const CLS_AMBITIONS = [
  'Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL',
  'Axe 2. ACCES AUX SOINS',
  'Axe 3. PARCOURS DE SANTÉ',
  'Axe 4. SANTE ENVIRONNEMENT',
  'Axe 5. SANTE MENTALE',
];

/** Spaces of any kind (French numbers use narrow no-break ones) made one. */
const squeeze = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
/** axe on the page (once its transitions are over: see harness.ts). */
const accessible = (p: Page, what: string) => expectAccessible(p, what);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!runs)(suiteName('tableau de bord, matrice, projets et import dans Chromium'), () => {
  let e2e: E2E;
  let page: Page;
  let cls: string;
  let paris: string;
  let parisHasNoDirection = false;

  const api = async <T = unknown>(path: string): Promise<T> => {
    const res = await fetch(`${e2e.url}/api/${path}`, { headers: { Accept: 'application/json' } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const dashboardOf = async (planId: string, query = ''): Promise<Dashboard> =>
    readDashboard(await api(`plans/${planId}/dashboard${query ? `?${query}` : ''}`));
  const projectsOf = async (planId: string, query: string): Promise<Array<{ id: string; title: string }>> =>
    (await api<{ items: Array<{ id: string; title: string }> }>(`plans/${planId}/projects?${query}&limit=1000`)).items;
  const open = async (p: Page, hash: string, search = '') => {
    await p.goto(`${e2e.url}/tabs/${search}${hash}`);
  };

  /** A list of figures by its name (« Totaux du plan », « Chiffres de « … » »), and one tile's value in it. */
  const figures = (p: Page, label: string) => p.locator(`dl[aria-label="${label}"]`);
  const tile = (scope: Locator, key: string) => scope.locator(`[data-figure="${key}"] dd`);

  /** The figures on screen are the API's, to the unit. */
  async function expectTotals(scope: Locator, f: Figures) {
    await expect.poll(async () => squeeze(await tile(scope, 'projects').textContent()), { timeout: 30_000 }).toBe(squeeze(formatNumber(f.projects)));
    expect(squeeze(await tile(scope, 'milestones').textContent())).toBe(squeeze(formatNumber(f.milestones)));
    expect(squeeze(await tile(scope, 'late').textContent())).toBe(squeeze(formatNumber(f.late)));
    expect(squeeze(await tile(scope, 'budget').textContent())).toBe(squeeze(formatEuros(f.budget)));
    expect(squeeze(await tile(scope, 'progress').textContent())).toBe(squeeze(formatPercent(f.progress)));
  }

  beforeAll(async () => {
    e2e = await startE2E(
      { cls: REAL.cls, paris: REAL.paris },
      {
        async prepare(store, tenantId, plans) {
          const tree = (await store.loadPlan(tenantId, plans.paris!))!;
          parisHasNoDirection = tree.projects.some((p) => p.leadDirectionId === null);
        },
      },
    );
    page = e2e.page;
    cls = e2e.plans.cls!;
    paris = e2e.plans.paris!;
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('ouvre le tableau de bord du plan CLS : ses cinq ambitions et les totaux de l’API', async () => {
    await open(page, `#/dashboard?plan=${cls}`);
    const ambitions = page.getByRole('list', { name: 'Ambitions' });
    await ambitions.waitFor({ timeout: 30_000 });
    for (const title of CLS_AMBITIONS) {
      await page.getByRole('heading', { level: 3, name: title, exact: true }).waitFor({ state: 'visible' });
    }
    expect(await ambitions.getByRole('heading', { level: 3 }).count()).toBe(5);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Contrat Local de Santé');
    const d = await dashboardOf(cls);
    await expectTotals(figures(page, 'Totaux du plan'), d.totals);
    // Each card: its progress, its météo counts, its late milestones and its projects, as the API counts them.
    for (const a of d.ambitions) {
      const card = ambitions.getByRole('article', { name: a.title });
      const text = squeeze(await card.textContent());
      expect(text).toContain(squeeze(`Avancement ${formatPercent(a.progress)}`));
      expect(text).toContain(squeeze(`${formatNumber(a.projects)} projet`));
      await card.getByRole('list', { name: 'Météo des projets' }).waitFor();
      expect(text).toMatch(/jalons? en retard/);
    }
    await screenshot(page, 'tableau-de-bord');
    await accessible(page, 'tableau de bord');
  });

  it('filtre par direction, statut, élu et étiquette : les chiffres sont ceux que l’API calcule pour ces filtres, et l’adresse les garde', async () => {
    await open(page, `#/dashboard?plan=${paris}`);
    const totals = page.getByRole('list', { name: 'Ambitions' });
    await totals.waitFor({ timeout: 30_000 });
    const filters = page.getByRole('button', { name: 'Filtres', exact: true });
    expect(await filters.getAttribute('aria-expanded')).toBe('false');
    await filters.click();
    const form = page.getByRole('search', { name: 'Filtrer le tableau de bord' });
    await form.waitFor();

    // A direction that leads some projects, not all; its value is the API's.
    const values = await api<{ directions: Array<{ id: string; projects: number }>; tags: Array<{ tag: string; projects: number }> }>(
      `plans/${paris}/dashboard/filters`,
    );
    const total = (await dashboardOf(paris)).totals.projects;
    const direction = values.directions.find((x) => x.id !== 'none' && x.projects > 0 && x.projects < total)!;
    const directionSelect = form.getByRole('combobox', { name: 'Direction (pilote ou co-pilote)' });
    // The tags come from the plan: wait for them before choosing.
    await expect.poll(async () => form.getByRole('combobox', { name: 'Étiquette' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    await directionSelect.focus();
    await directionSelect.selectOption(direction.id);
    const plan = figures(page, 'Totaux du plan');
    const byDirection = await dashboardOf(paris, `direction=${direction.id}`);
    expect(byDirection.totals.projects).toBe(direction.projects);
    await expectTotals(plan, byDirection.totals);
    await page.getByText(squeeze(`Chiffres filtrés : ${formatNumber(direction.projects)}`), { exact: false }).waitFor();
    expect(page.url()).toContain(`direction=${direction.id}`);
    // Focus stays on the control that was changed.
    expect(await directionSelect.evaluate((el) => el === document.activeElement)).toBe(true);

    // Then a tag and a status: the filters combine.
    await form.getByRole('combobox', { name: 'Étiquette' }).selectOption('2016');
    await form.getByRole('combobox', { name: 'Statut' }).selectOption('Terminé');
    const combined = await dashboardOf(paris, `direction=${direction.id}&tag=2016&status=${encodeURIComponent('Terminé')}`);
    expect(combined.totals.projects).toBeGreaterThan(0);
    expect(combined.totals.projects).toBeLessThan(direction.projects);
    await expectTotals(plan, combined.totals);
    // Each ambition's card counts the filtered projects.
    for (const a of combined.ambitions) {
      const card = page.getByRole('list', { name: 'Ambitions' }).getByRole('article', { name: a.title });
      expect(squeeze(await card.textContent())).toContain(squeeze(`${formatNumber(a.projects)} projet`));
    }

    // Shared: the same address in a new page shows the same figures, its filters open.
    const shared = page.url();
    const other = await e2e.newPage();
    await other.goto(shared);
    await other.getByRole('search', { name: 'Filtrer le tableau de bord' }).waitFor({ timeout: 30_000 });
    await expectTotals(figures(other, 'Totaux du plan'), combined.totals);
    expect(await other.getByRole('combobox', { name: 'Statut' }).inputValue()).toBe('Terminé');
    await other.close();

    // Cleared: the whole plan again.
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    await expectTotals(plan, (await dashboardOf(paris)).totals);
    expect(page.url()).not.toContain('direction=');
  });

  it('filtre par élu sur le plan CLS', async () => {
    await open(page, `#/dashboard?plan=${cls}`);
    await page.getByRole('button', { name: 'Filtres', exact: true }).click();
    const values = await api<{ elus: Array<{ id: string; name: string; projects: number }> }>(`plans/${cls}/dashboard/filters`);
    const elu = values.elus.find((x) => x.id !== 'none')!;
    const select = page.getByRole('combobox', { name: 'Élu référent' });
    await expect.poll(async () => select.isEnabled(), { timeout: 30_000 }).toBe(true);
    await select.selectOption(elu.id);
    const d = await dashboardOf(cls, `elu=${elu.id}`);
    expect(d.totals.projects).toBe(elu.projects);
    await expectTotals(figures(page, 'Totaux du plan'), d.totals);
    expect(page.url()).toContain(`elu=${elu.id}`);
    await accessible(page, 'tableau de bord filtré');
  });

  it('descend du plan à une ambition, à un objectif et à ses projets, avec un fil d’Ariane et le focus qui suit', async () => {
    await open(page, `#/dashboard?plan=${cls}`);
    const d = await dashboardOf(cls);
    const ambition = d.ambitions.find((a) => a.objectives.some((o) => o.projects > 0))!;
    const objective = ambition.objectives.find((o) => o.projects > 0)!;
    const active = () => page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());

    // By the keyboard: the ambition's link, Enter.
    const ambitionLink = page.getByRole('list', { name: 'Ambitions' }).getByRole('link', { name: ambition.title, exact: true });
    await ambitionLink.focus();
    await page.keyboard.press('Enter');
    const h2 = page.getByRole('heading', { level: 2, name: ambition.title, exact: true });
    await h2.waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`ambition=${ambition.id}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dashboard-title');
    const crumbs = page.getByRole('navigation', { name: 'Fil d’Ariane' });
    const trail = async () => [...(await crumbs.getByRole('link').allTextContents()), await crumbs.locator('[aria-current="page"]').textContent()].map(squeeze);
    expect(await trail()).toEqual([d.plan.title, ambition.title].map(squeeze));
    await expectTotals(figures(page, `Chiffres de « ${ambition.title} »`), ambition);
    expect(await figures(page, `Chiffres de « ${ambition.title} »`).locator('[data-figure="objectives"]').count()).toBe(0);
    const ambitionProjects = await projectsOf(cls, `ambition=${ambition.id}`);
    await expect.poll(async () => page.getByRole('table', { name: 'Projets', exact: true }).getByRole('row').count(), { timeout: 30_000 }).toBe(ambitionProjects.length + 1);

    // The objective.
    await page.getByRole('list', { name: 'Objectifs' }).getByRole('link', { name: objective.title, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: objective.title, exact: true }).waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`ambition=${ambition.id}`);
    expect(page.url()).toContain(`objective=${objective.id}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dashboard-title');
    expect(await trail()).toEqual([d.plan.title, ambition.title, objective.title].map(squeeze));
    const expected = await projectsOf(cls, `objective=${objective.id}`);
    expect(expected.length).toBe(objective.projects);
    const table = page.getByRole('table', { name: 'Projets', exact: true });
    await expect.poll(async () => table.getByRole('row').count(), { timeout: 30_000 }).toBe(expected.length + 1);
    // Each project opens its page.
    for (const p of expected) {
      expect(await table.getByRole('link', { name: p.title, exact: true }).first().getAttribute('href')).toBe(`#/project?plan=${cls}&id=${p.id}`);
    }
    await accessible(page, 'tableau de bord : un objectif');

    // Back up by the breadcrumbs: focus returns to the link of the level left.
    await crumbs.getByRole('link', { name: ambition.title, exact: true }).click();
    await h2.waitFor();
    await expect.poll(active).toBe(squeeze(objective.title));
    await crumbs.getByRole('link', { name: d.plan.title, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();
    await expect.poll(active).toBe(squeeze(ambition.title));

    // The address a channel tab pinned to this objective opens.
    const pinned = await e2e.newPage({ hash: `#/dashboard?plan=${cls}&ambition=${ambition.id}&objective=${objective.id}` });
    await pinned.getByRole('heading', { level: 2, name: objective.title, exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => pinned.getByRole('table', { name: 'Projets', exact: true }).getByRole('row').count(), { timeout: 30_000 }).toBe(expected.length + 1);
    await pinned.close();

    // Filters go down with the drill-down: the ambition's figures and projects are the filtered ones.
    const status = 'À venir';
    await open(page, `#/dashboard?plan=${cls}&status=${encodeURIComponent(status)}`);
    const filtered = await dashboardOf(cls, `status=${encodeURIComponent(status)}`);
    const kept = filtered.ambitions.find((a) => a.id === ambition.id)!;
    await page.getByRole('list', { name: 'Ambitions' }).getByRole('link', { name: ambition.title, exact: true }).click();
    await h2.waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`ambition=${ambition.id}`);
    expect(new URLSearchParams(page.url().split('?')[1]).get('status')).toBe(status);
    await expectTotals(figures(page, `Chiffres de « ${ambition.title} »`), kept);
    const keptProjects = await projectsOf(cls, `ambition=${ambition.id}&status=${encodeURIComponent(status)}`);
    expect(keptProjects.length).toBe(kept.projects);
    await expect.poll(async () => page.getByRole('table', { name: 'Projets', exact: true }).getByRole('row').count(), { timeout: 30_000 }).toBe(kept.projects + 1);
  });

  it('parle anglais avec ?lang=en', async () => {
    const en = await e2e.newPage();
    await open(en, `#/dashboard?plan=${cls}`, '?lang=en');
    await en.getByRole('heading', { level: 2, name: 'Dashboard', exact: true }).waitFor({ timeout: 30_000 });
    const totals = figures(en, 'Plan totals');
    expect(squeeze(await totals.textContent())).toContain('Plan progress');
    expect(squeeze(await totals.textContent())).toContain('Planned budget');
    await en.getByRole('list', { name: 'Ambitions' }).waitFor();
    const d = await dashboardOf(cls);
    const card = en.getByRole('article', { name: d.ambitions[0]!.title });
    expect(squeeze(await card.textContent())).toContain(squeeze(`Progress ${formatPercent(d.ambitions[0]!.progress)}`));
    await card.getByRole('list', { name: 'Weather of the projects' }).waitFor();
    await en.getByRole('button', { name: 'How is progress computed?' }).click();
    expect(await en.getByText(/strategic milestones/).count()).toBeGreaterThan(0);
    await en.getByRole('button', { name: 'Filters', exact: true }).click();
    await en.getByRole('search', { name: 'Filter the dashboard' }).waitFor();
    await en.getByRole('combobox', { name: 'Status' }).selectOption('En cours');
    expect(await en.getByRole('combobox', { name: 'Status' }).locator('option:checked').textContent()).toMatch(/^In progress/);
    await en.getByText(/^Filtered figures: /).waitFor({ timeout: 30_000 });
    // No French left on the page's own words (the plan's titles are the plan's).
    for (const french of ['Tableau de bord', 'Totaux du plan', 'Avancement du plan', 'Budget prévu', 'Filtres', 'Chiffres filtrés', 'Météo des projets']) {
      expect(await en.getByText(french).count(), french).toBe(0);
      expect(await en.locator(`[aria-label="${french}"]`).count(), french).toBe(0);
    }
    await en.close();
  });

  it('tient en thème sombre et à 390 px : tableau de bord, niveau d’un objectif, matrice', async () => {
    const d = await dashboardOf(cls);
    const ambition = d.ambitions.find((a) => a.objectives.length > 0)!;
    for (const hash of [
      `#/dashboard?plan=${paris}`,
      `#/dashboard?plan=${cls}&ambition=${ambition.id}&objective=${ambition.objectives[0]!.id}`,
      `#/matrix?plan=${paris}`,
    ]) {
      const phone = await e2e.newPage({ colorScheme: 'dark', viewport: { width: 390, height: 844 }, hash });
      await phone.getByRole('heading', { level: 2 }).first().waitFor({ timeout: 30_000 });
      await phone.waitForLoadState('networkidle');
      if (hash.startsWith('#/dashboard?plan=' + paris)) {
        await phone.getByRole('button', { name: 'Filtres', exact: true }).click();
        await phone.getByRole('search', { name: 'Filtrer le tableau de bord' }).waitFor();
      }
      // Dark: the page's background is dark, its text light.
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
      expect(await scrollsSideways(phone), hash).toBe(false);
      await accessible(phone, `${hash} en sombre à 390 px`);
      await phone.close();
    }
  });

  it('ouvre la matrice : « Sans direction » comme les données le disent, des cases au clavier qui disent leur contenu', async () => {
    await open(page, `#/matrix?plan=${paris}`);
    const table = page.getByRole('table');
    await table.waitFor({ timeout: 30_000 });
    const d = await dashboardOf(paris);
    for (const a of d.ambitions.filter((x) => x.id !== null)) await table.getByRole('rowheader', { name: a.title, exact: true }).waitFor();
    expect(await table.getByRole('columnheader', { name: 'Sans direction', exact: true }).count()).toBe(parisHasNoDirection ? 1 : 0);
    // Every cell with projects is a button that says its ambition, direction, count and health.
    const buttons = table.getByRole('button');
    expect(await buttons.count()).toBe(d.matrix.cells.filter((c) => c.projects > 0).length);
    for (const name of await buttons.evaluateAll((els) => els.map((e) => e.textContent ?? ''))) {
      expect(name).toMatch(/^.+ × .+ : \d[\d\s]*\sprojets?, santé (Critique|À surveiller|Bonne|Sans objet)$/);
    }
    await screenshot(page, 'matrice');
    await accessible(page, 'matrice');

    // « Sans direction »: its smallest cell, opened with the keyboard.
    const cell = d.matrix.cells.filter((c) => c.directionId === null && c.projects > 0).sort((x, y) => x.projects - y.projects)[0]!;
    const row = d.matrix.rows.find((r) => r.id === cell.ambitionId)!;
    const button = table.getByRole('button', { name: new RegExp(`^${escapeRe(row.title)} × Sans direction : `) });
    await button.focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 3, name: `Projets : ${row.title} × Sans direction` });
    await heading.waitFor({ timeout: 30_000 });
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    const list = page.getByRole('table', { name: 'Projets', exact: true });
    await expect.poll(async () => list.getByRole('row').count(), { timeout: 30_000 }).toBe(Math.min(cell.projects, 50) + 1);
    const directions = await list.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));
    expect(new Set(directions)).toEqual(new Set(['Sans direction']));
    expect(page.url()).toContain('#/matrix?');
    expect(page.url()).toContain('direction=none');
  });

  it('ouvre la liste des projets, propre pour axe', async () => {
    await open(page, `#/projects?plan=${paris}`);
    const list = page.getByRole('table', { name: 'Projets', exact: true });
    await list.waitFor({ timeout: 30_000 });
    await expect.poll(async () => list.getByRole('row').count(), { timeout: 30_000 }).toBe(51);
    await screenshot(page, 'projets');
    await accessible(page, 'projets');
  });

  it('prévisualise l’import du fichier de Paris, puis le confirme', async () => {
    await open(page, `#/dashboard?plan=${cls}`);
    await page.getByRole('tab', { name: 'Importer' }).click();
    await page.getByRole('heading', { level: 2, name: 'Importer un plan' }).waitFor({ timeout: 30_000 });
    await page.locator('input[type="file"]').setInputFiles(REAL.paris);
    const confirm = page.getByRole('button', { name: 'Confirmer l’import' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Aperçu', exact: true }).click();

    const preview = page.getByRole('region', { name: 'Aperçu de l’import' });
    await preview.waitFor({ timeout: 60_000 });
    await preview.getByText(/^1\s?214\s+projets$/).waitFor();
    expect(await preview.getByRole('heading', { name: /^Erreurs/ }).count()).toBe(0);
    expect(await confirm.isEnabled()).toBe(true);
    await settled(page);
    await screenshot(page, 'import');
    await accessible(page, 'import');

    await confirm.click();
    await page.getByText('Import terminé').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();
    expect(page.url()).toMatch(/#\/dashboard\?plan=/);
    expect(page.url()).not.toContain(cls);
    expect(page.url()).not.toContain(paris);
    await page.getByRole('list', { name: 'Ambitions' }).waitFor({ timeout: 30_000 });
  }, 120_000);

  it('n’a levé aucune erreur de page', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
