// What every browser test of the tabs shares: the real local host on a fresh SQLite store
// holding the real files, Debian's Chromium driven by playwright-core with every request
// to a host other than loopback blocked, and axe-core's accessibility check.
//
// Needs Debian's Chromium (/usr/bin/chromium). Without it the tests are skipped, except in
// CI (CI=true), where they must run. The tabs are built once before the run by
// tabs/e2e/global-setup.ts.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { importPlan } from '../../plan/import/index.ts';
import { readBytes } from '../../plan/import/testing.ts';
import { openSqliteStore } from '../../plan/store/sqlite.ts';
import type { PlanStore } from '../../plan/store/ports.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const TABS_DIR = fileURLToPath(new URL('../../dist/tabs/', import.meta.url));
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export const hasChromium = existsSync(CHROMIUM);
/** Whether browser tests run here: always in CI, else only where Chromium is installed. */
export const runs = hasChromium || Boolean(process.env.CI);

/** The name of a describe block, saying when Chromium is missing. */
export function suiteName(name: string): string {
  if (!runs) console.warn(`${name} : ignoré, ${CHROMIUM} est absent (apt-get install -y chromium). En CI, ces tests ne sont jamais ignorés.`);
  return `${name}${hasChromium ? '' : ' (Chromium absent)'}`;
}

export interface E2E {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Plan ids by the key given in `files`, in the dev tenant. */
  plans: Record<string, string>;
  tenantId: string;
  /** Uncaught errors of the page: a test ends by expecting none. */
  pageErrors: string[];
  /** A second page in its own context (dark theme, a phone's width…), same blocking of the network. */
  newPage(options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; hash?: string }): Promise<Page>;
  close(): Promise<void>;
}

interface Host {
  url: string;
  close(): Promise<void>;
}

/**
 * teams-app/host.ts, loaded by URL so that `tsc -p tabs` checks the tabs and these tests,
 * not the whole API behind the host (the root tsconfig checks that).
 */
async function loadHost(): Promise<{
  startHost(options: { port: number; host: string; dataDir: string; tabsDir: string; log?: (line: string) => void }): Promise<Host>;
}> {
  return import(new URL('../../teams-app/host.ts', import.meta.url).href);
}

/** No internet: only the local host is reached (teams-js asks a CDN for its domain list). */
async function loopbackOnly(context: BrowserContext): Promise<void> {
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort();
  });
}

/**
 * Starts the host in dev mode on a new store where `files` (key → path of a real file) are
 * imported for the dev tenant first, so that no demo plan is seeded; `prepare` may add
 * more before the host starts. Then opens Chromium on it (French locale, 1280 × 900).
 */
export async function startE2E(
  files: Record<string, string>,
  options: { prepare?: (store: PlanStore, tenantId: string, plans: Record<string, string>) => Promise<void> } = {},
): Promise<E2E> {
  const savedAuthMode = process.env.AUTH_MODE;
  process.env.AUTH_MODE = 'dev';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jalon-e2e-'));
  const { devTenant } = await import('../../functions/runtime.ts');
  const tenantId = devTenant();
  const plans: Record<string, string> = {};
  const store = openSqliteStore({ dataDir });
  try {
    for (const [key, file] of Object.entries(files)) {
      const outcome = await importPlan(store, { tenantId, bytes: readBytes(file), fileName: path.basename(file) });
      expect(outcome.errors).toEqual([]);
      plans[key] = outcome.planId!;
    }
    await options.prepare?.(store, tenantId, plans);
  } finally {
    await store.close();
  }

  const { startHost } = await loadHost();
  const host = await startHost({ port: 0, host: '127.0.0.1', dataDir, tabsDir: TABS_DIR, log: () => {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const pageErrors: string[] = [];
  const open = async (o: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}) => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: o.viewport ?? { width: 1280, height: 900 }, colorScheme: o.colorScheme ?? 'light' });
    await loopbackOnly(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return { context, page };
  };
  const first = await open();
  return {
    url: host.url,
    browser,
    context: first.context,
    page: first.page,
    plans,
    tenantId,
    pageErrors,
    async newPage(o = {}) {
      const { page } = await open(o);
      if (o.hash !== undefined) await page.goto(`${host.url}/tabs/${o.hash}`);
      return page;
    },
    async close() {
      await browser.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (savedAuthMode === undefined) delete process.env.AUTH_MODE;
      else process.env.AUTH_MODE = savedAuthMode;
    },
  };
}

/**
 * Transitions finished: a button just enabled fades to its colours, and axe must judge
 * the colours, not a frame of the fade (infinite animations, spinners, are not waited for).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is, and fails on any
 * serious or critical violation, listing them (the element's HTML included).
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await settled(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Tabster's focus guards (Fluent UI's keyboard navigation) are aria-hidden on purpose and
    // hand focus straight on: axe's aria-hidden-focus rule cannot see that, so they are left out.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 300) })) }));
  })) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${what} : ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/**
 * Saves a screenshot of the page under docs/screenshots/<name>.png (shown in the README)
 * when JALON_SCREENSHOTS=1 (`npm run screenshots`); a plain test run leaves the docs alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.JALON_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: false });
}

/** Whether the page scrolls sideways: at a phone's width it must not. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
