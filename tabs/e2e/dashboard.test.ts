// The tabs in a real browser against the real local host: the CLS plan imported into a
// fresh store, the dashboard shows its five ambitions, the matrix its directions, and the
// Importer previews the Paris file before confirming it.
//
// Needs Debian's Chromium (/usr/bin/chromium). Without it the test is skipped, except in
// CI (CI=true), where it must run. The browser reaches only 127.0.0.1 / localhost.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../plan/import/index.ts';
import { REAL, readBytes } from '../../plan/import/testing.ts';
import { openSqliteStore } from '../../plan/store/sqlite.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOT = '/tmp/jalon-dashboard.png';

const TABS_SRC = fileURLToPath(new URL('..', import.meta.url));
const TABS_DIR = fileURLToPath(new URL('../../dist/tabs/', import.meta.url));

const CLS_AMBITIONS = [
  'Axe 1. COORDINATION DU CLS - AXE TRANSVERSAL',
  'Axe 2. ACCES AUX SOINS',
  'Axe 3. PARCOURS DE SANTÉ',
  'Axe 4. SANTE ENVIRONNEMENT',
  'Axe 5. SANTE MENTALE',
];

const hasChromium = existsSync(CHROMIUM);
const runs = hasChromium || Boolean(process.env.CI);
if (!runs) {
  console.warn(`tabs/e2e/dashboard.test.ts ignoré : ${CHROMIUM} est absent (apt-get install -y chromium). En CI, ce test n'est jamais ignoré.`);
}

/** The newest modification time under a folder (the tabs' sources), in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'e2e' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** dist/tabs as `npm run build:tabs` makes it, rebuilt only when missing or older than its sources. */
async function ensureTabsBuilt(): Promise<void> {
  const index = path.join(TABS_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(TABS_SRC)) return;
  const { build } = await import('vite');
  // As `npm run build:tabs` builds it: React's production build, not the test runner's NODE_ENV=test.
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(TABS_SRC, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}

interface Host {
  url: string;
  close(): Promise<void>;
}

/**
 * teams-app/host.ts, loaded by URL so that `tsc -p tabs` checks the tabs and this test, not
 * the whole API behind the host (the root tsconfig checks that).
 */
async function loadHost(): Promise<{
  startHost(options: { port: number; host: string; dataDir: string; tabsDir: string; log?: (line: string) => void }): Promise<Host>;
}> {
  return import(new URL('../../teams-app/host.ts', import.meta.url).href);
}

describe.skipIf(!runs)(`les onglets dans Chromium${hasChromium ? '' : ' (Chromium absent)'}`, () => {
  let dataDir: string;
  let host: Host | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let clsPlanId: string;
  let clsHasNoDirection: boolean;
  const pageErrors: string[] = [];
  const savedAuthMode = process.env.AUTH_MODE;

  beforeAll(async () => {
    process.env.AUTH_MODE = 'dev';
    await ensureTabsBuilt();

    // The CLS plan, imported for the dev tenant before the host starts: the tenant is not
    // empty, so no demo plan is seeded, and the CLS plan is the one the dashboard opens.
    dataDir = mkdtempSync(path.join(tmpdir(), 'jalon-e2e-'));
    const { devTenant } = await import('../../functions/runtime.ts');
    const store = openSqliteStore({ dataDir });
    try {
      const outcome = await importPlan(store, {
        tenantId: devTenant(),
        bytes: readBytes(REAL.cls),
        fileName: path.basename(REAL.cls),
      });
      expect(outcome.errors).toEqual([]);
      clsPlanId = outcome.planId!;
      const tree = (await store.loadPlan(devTenant(), clsPlanId))!;
      clsHasNoDirection = tree.projects.some((p) => p.leadDirectionId === null);
    } finally {
      await store.close();
    }

    const { startHost } = await loadHost();
    host = await startHost({ port: 0, host: '127.0.0.1', dataDir, tabsDir: TABS_DIR, log: () => {} });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    // No internet: only the local host is reached (teams-js asks a CDN for its domain list).
    await context.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (savedAuthMode === undefined) delete process.env.AUTH_MODE;
    else process.env.AUTH_MODE = savedAuthMode;
  });

  it('ouvre le tableau de bord du plan CLS et voit ses cinq ambitions', async () => {
    await page.goto(`${host!.url}/tabs/`);
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
