// The tabs in a real browser: the JavaScript each tab loads before its first data (gzipped),
// and the time from navigation start to that first data, next to a bare Fluent « hello »
// page built the same way, measured in the same run. `npm run bench:tabs`; see the section
// « Tabs: initial JavaScript and time to first data » in bench/README.md.
//
// Everything happens in a temporary folder, removed at the end: the tabs built there with
// tabs/vite.config.ts, the hello page built beside them with the same config, the store
// the real files are imported into. Nothing is written into the repository; the table
// goes to stdout.
//
//   npm run bench:tabs                  7 timed runs per page, cold and warm (after 1 warm-up round)
//   npm run bench:tabs -- --runs 11     more timed runs
//   npm run bench:tabs -- --tabs-config ../try/tabs/vite.config.ts
//                                       the tabs of another checkout (a code-splitting
//                                       attempt, say), built and measured the same way
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { devTenant } from '../functions/runtime.ts';
import { importPlan } from '../plan/import/index.ts';
import { REAL, readBytes } from '../plan/import/testing.ts';
import { openSqliteStore } from '../plan/store/sqlite.ts';
import { startHost } from '../teams-app/host.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_TABS_CONFIG = path.join(REPO, 'tabs', 'vite.config.ts');
const CHROMIUM = '/usr/bin/chromium';
/** As tabs/e2e/harness.ts launches it. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 900 };
const WAIT_MS = 60_000;

// ───────────────────────── the builds ─────────────────────────

/** Runs `fn` with NODE_ENV=production, as `npm run build:tabs` and tabs/e2e/global-setup.ts build. */
async function production<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
}

/**
 * Vite's build() with the tabs' own config file (imported natively through tsx's loader:
 * no temporary file beside it, fresh plugin instances for each build) and `overrides`
 * merged over it: only where the output and Vite's cache go, and for the hello page which
 * folder is the root.
 */
async function viteBuild(configFile: string, overrides: Record<string, unknown>): Promise<void> {
  const { build } = await import('vite');
  await production(() => build({ configFile, configLoader: 'native', mode: 'production', logLevel: 'warn', ...overrides }));
}

const HELLO_HTML = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Bonjour</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="./main.tsx"></script>
  </body>
</html>
`;

const HELLO_MAIN = `import { FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme}>
      <Text>Bonjour</Text>
    </FluentProvider>
  </StrictMode>,
);
`;

/**
 * Builds the tabs into `tmp`/tabs, then the hello page (written into `tmp`/hello-src, its
 * node_modules a link to the repository's, so that it bundles the very same React and
 * Fluent UI) with the same config, base and plugins, and puts it beside the tabs: its page
 * as /tabs/hello.html, its assets in /tabs/assets/, so that the same host serves both
 * with the same headers (assets cached for good, the page revalidated).
 */
async function buildAll(tmp: string, config: string): Promise<{ tabsDir: string; tabsJs: string[] }> {
  const tabsDir = path.join(tmp, 'tabs');
  await viteBuild(config, { build: { outDir: tabsDir, emptyOutDir: true }, cacheDir: path.join(tmp, 'vite-cache-tabs') });
  const tabsJs = readdirSync(path.join(tabsDir, 'assets')).filter((f) => f.endsWith('.js'));

  const src = path.join(tmp, 'hello-src');
  const out = path.join(tmp, 'hello-dist');
  mkdirSync(src);
  writeFileSync(path.join(src, 'index.html'), HELLO_HTML);
  writeFileSync(path.join(src, 'main.tsx'), HELLO_MAIN);
  symlinkSync(path.join(REPO, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  await viteBuild(config, { root: src, build: { outDir: out, emptyOutDir: true }, cacheDir: path.join(tmp, 'vite-cache-hello') });

  copyFileSync(path.join(out, 'index.html'), path.join(tabsDir, 'hello.html'));
  for (const f of readdirSync(path.join(out, 'assets'))) {
    const target = path.join(tabsDir, 'assets', f);
    if (existsSync(target) && !readFileSync(target).equals(readFileSync(path.join(out, 'assets', f)))) throw new Error(`hello: ${f} existe déjà dans le build des onglets, avec un autre contenu.`);
    copyFileSync(path.join(out, 'assets', f), target);
  }
  return { tabsDir, tabsJs };
}

// ───────────────────────── the pages ─────────────────────────

interface PageSpec {
  key: string;
  label: string;
  /** The address shown in the table (ids replaced by what they name). */
  shown: string;
  url: string;
  /** A CSS selector matched only once the page's first data is in the DOM. */
  selector: string;
  baseline?: boolean;
  /** Checks what the page shows once its first data is there (the API's figures); throws otherwise. */
  check(page: Page): Promise<void>;
}

interface Api {
  <T>(p: string): Promise<T>;
}

interface DashboardAnswer {
  totals: { projects: number };
  ambitions: Array<{ id: string | null; title: string; projects: number; objectives: unknown[] }>;
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

function fail(what: string, detail: unknown): never {
  throw new Error(`${what} : ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

async function pages(origin: string, api: Api, plans: { cls: string; paris: string }): Promise<PageSpec[]> {
  const settings = await api<{ defaultPlanId?: string | null }>('settings');
  const list = (await api<{ items: Array<{ id: string; title: string }> }>('plans?limit=100')).items;
  if (list.length !== 2) fail('plans', `2 plans attendus (CLS et Paris), ${list.length} trouvés`);
  // The plan the Portail opens on: the default plan, else the first (App.tsx's pickPlan).
  const portalPlan = settings.defaultPlanId && list.some((p) => p.id === settings.defaultPlanId) ? settings.defaultPlanId : list[0]!.id;
  const portalDashboard = await api<DashboardAnswer>(`plans/${portalPlan}/dashboard`);
  const cls = await api<DashboardAnswer>(`plans/${plans.cls}/dashboard`);
  if (cls.ambitions.length !== 5) fail('CLS', `5 ambitions attendues, l’API en donne ${cls.ambitions.length}`);
  const pinned = cls.ambitions.find((a) => a.id !== null && a.objectives.length > 0) ?? fail('CLS', 'aucune ambition avec des objectifs');
  const project = (await api<{ items: Array<{ id: string; title: string }> }>(`plans/${plans.cls}/projects?limit=1`)).items[0] ?? fail('CLS', 'aucun projet');
  const roadmap = await api<{ rows: Array<{ items: Array<{ date: string | null }> }> }>(`plans/${plans.paris}/roadmap`);
  const datedRows = roadmap.rows.length;
  const dated = roadmap.rows.reduce((n, r) => n + r.items.filter((m) => m.date).length, 0);
  const tabs = `${origin}/tabs/`;

  return [
    {
      key: 'hello',
      label: '**bare Fluent « hello » page (baseline)**',
      shown: '/tabs/hello.html',
      url: `${tabs}hello.html`,
      selector: '.fui-FluentProvider .fui-Text',
      baseline: true,
      async check(page) {
        const got = await page.evaluate(() => {
          const text = document.querySelector('.fui-FluentProvider .fui-Text');
          return { text: text?.textContent ?? null, font: text ? getComputedStyle(text).fontFamily : '', provider: document.querySelectorAll('.fui-FluentProvider').length };
        });
        // Fluent's styles applied (Griffel's CSS from the theme), not only the text.
        if (got.text !== 'Bonjour' || got.provider !== 1 || !got.font.includes('Segoe UI')) fail('hello', got);
      },
    },
    {
      key: 'portal',
      label: `static tab: Portail (on ${portalPlan === plans.cls ? 'the CLS plan' : 'the Paris plan'})`,
      shown: '/tabs/?source=teams',
      url: `${tabs}?source=teams`,
      selector: 'ul[aria-label="Avancement des ambitions"] > li',
      async check(page) {
        const got = await page.evaluate(() => ({
          h1: document.querySelector('h1')?.textContent ?? null,
          tiles: document.querySelectorAll('ul[aria-label="Avancement des ambitions"] > li').length,
        }));
        const expected = { h1: list.find((p) => p.id === portalPlan)!.title, tiles: portalDashboard.ambitions.length };
        if (got.h1 !== expected.h1 || got.tiles !== expected.tiles) fail('Portail', { got, expected });
      },
    },
    {
      key: 'channel',
      label: 'channel tab pinned to a CLS ambition',
      shown: '/tabs/?source=teams#/dashboard?plan=<CLS>&ambition=<id>',
      url: `${tabs}?source=teams#/dashboard?plan=${encodeURIComponent(plans.cls)}&ambition=${encodeURIComponent(pinned.id!)}`,
      selector: 'dl[aria-label^="Chiffres de"] [data-figure="projects"]',
      async check(page) {
        const got = await page.evaluate(() => ({
          title: document.getElementById('dashboard-title')?.textContent ?? null,
          projects: document.querySelector('dl[aria-label^="Chiffres de"] [data-figure="projects"]')?.textContent ?? null,
          objectives: document.querySelectorAll('[aria-labelledby="dashboard-objectives"] ul[aria-label="Objectifs"] > li').length,
        }));
        if (got.title !== pinned.title || digits(got.projects) !== String(pinned.projects) || got.objectives !== pinned.objectives.length)
          fail('onglet de canal', { got, expected: { title: pinned.title, projects: pinned.projects, objectives: pinned.objectives.length } });
      },
    },
    {
      key: 'dashboard',
      label: 'channel tab on the whole CLS plan',
      shown: '/tabs/?source=teams#/dashboard?plan=<CLS>',
      url: `${tabs}?source=teams#/dashboard?plan=${encodeURIComponent(plans.cls)}`,
      selector: 'ul[aria-label="Ambitions"] > li',
      async check(page) {
        const n = await page.locator('ul[aria-label="Ambitions"] > li').count();
        if (n !== 5) fail('tableau de bord CLS', `5 ambitions attendues, ${n} affichées`);
      },
    },
    {
      key: 'project',
      label: 'project tab (a CLS project)',
      shown: '/tabs/?source=teams#/project?plan=<CLS>&id=<id>',
      url: `${tabs}?source=teams#/project?plan=${encodeURIComponent(plans.cls)}&id=${encodeURIComponent(project.id)}`,
      selector: '#project-title',
      async check(page) {
        const title = await page.locator('#project-title').textContent();
        if (title !== project.title) fail('projet', { got: title, expected: project.title });
      },
    },
    {
      key: 'roadmap',
      label: 'roadmap (Paris, 4,446 milestones)',
      shown: '/tabs/?source=teams#/roadmap?plan=<Paris>',
      url: `${tabs}?source=teams#/roadmap?plan=${encodeURIComponent(plans.paris)}`,
      selector: '[role="group"][data-row]',
      async check(page) {
        const got = await page.evaluate(() => {
          const rows = Array.from(document.querySelectorAll('[role="group"][data-row]'));
          return { rows: rows.length, milestones: rows.reduce((n, r) => n + Number(r.querySelector('[data-count]')?.getAttribute('data-count') ?? 0), 0) };
        });
        if (got.rows !== datedRows || got.milestones !== dated) fail('feuille de route', { got, expected: { rows: datedRows, milestones: dated } });
      },
    },
    {
      key: 'config',
      label: 'channel tab’s configuration page',
      shown: '/tabs/config?source=teams',
      url: `${tabs}config?source=teams`,
      selector: 'select',
      async check(page) {
        const got = await page.evaluate(() => ({
          h1: document.querySelector('h1')?.textContent ?? null,
          options: Array.from(document.querySelector('select')?.options ?? []).map((o) => o.value),
        }));
        if (got.h1 !== 'Que suit cet onglet ?' || got.options.length !== 2 || !got.options.includes(plans.cls) || !got.options.includes(plans.paris)) fail('configuration', got);
      },
    },
  ];
}

// ───────────────────────── one visit ─────────────────────────

interface Visit {
  /** performance.now() when the selector first matched: ms since navigation start. */
  firstData: number;
  /** When the first /api/ request started, same clock; null when none before first data. */
  firstApi: number | null;
  /** The .js files the page requested before its first data (paths under /tabs/). */
  js: string[];
  /** Whether every one of them came from the HTTP cache (transferSize 0). */
  jsFromCache: boolean;
}

/**
 * In every document of the context, before any of its scripts: a MutationObserver notes
 * performance.now() the first time `selector` matches, i.e. in the task where React
 * commits the data to the DOM (no polling delay from the test driver). A string, not a
 * function: tsx would name the inner function with a `__name` helper the page lacks.
 */
const observeFirstData = (selector: string) => `(() => {
  const selector = ${JSON.stringify(selector)};
  const observer = new MutationObserver(() => {
    if (window.__firstData === undefined && document.querySelector(selector)) {
      window.__firstData = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** Requests to a host other than loopback, aborted by context.route as tabs/e2e/harness.ts does (this disables the HTTP cache). */
async function loopbackOnly(context: BrowserContext): Promise<void> {
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort();
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

async function visit(browser: Browser, spec: PageSpec, warm: boolean): Promise<Visit> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: VIEWPORT, colorScheme: 'light' });
  try {
    if (!warm) await loopbackOnly(context);
    await context.addInitScript({ content: observeFirstData(spec.selector) });
    const problems: string[] = [];
    const open = async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`erreur de la page : ${e.message}`));
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (!LOOPBACK.has(u.hostname)) problems.push(`réponse d’un hôte non local : ${r.url()}`);
        else if (r.status() >= 400) problems.push(`${r.status()} sur ${u.pathname}${u.search}`);
      });
      await page.goto(spec.url, { waitUntil: 'commit' });
      try {
        await page.waitForFunction(() => (window as unknown as { __firstData?: number }).__firstData !== undefined, undefined, { timeout: WAIT_MS });
      } catch (e) {
        const body = await page.evaluate(() => document.body?.innerText.slice(0, 500) ?? '').catch(() => '');
        fail(spec.key, { error: (e as Error).message.split('\n')[0], selector: spec.selector, url: spec.url, problems, body });
      }
      return page;
    };
    // Warm: the same page opened once before in this context, then closed; its assets are in the HTTP cache.
    if (warm) await (await open()).close();
    const page = await open();
    const m = await page.evaluate(() => {
      const firstData = (window as unknown as { __firstData: number }).__firstData;
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const before = entries.filter((e) => e.startTime <= firstData);
      const js = before.filter((e) => new URL(e.name).pathname.endsWith('.js'));
      const api = before.filter((e) => new URL(e.name).pathname.startsWith('/api/')).map((e) => e.startTime);
      return {
        firstData,
        firstApi: api.length ? Math.min(...api) : null,
        js: js.map((e) => new URL(e.name).pathname),
        jsFromCache: js.every((e) => e.transferSize === 0),
      };
    });
    await spec.check(page);
    if (problems.length) fail(spec.key, problems);
    if (m.js.length === 0) fail(spec.key, 'aucun fichier .js chargé avant les données');
    return m;
  } finally {
    await context.close();
  }
}

// ───────────────────────── figures ─────────────────────────

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number) => Math.round(n).toLocaleString('en-US');
const kb = (bytes: number) => (bytes / 1024).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}×`;

interface JsWeight {
  files: string[];
  raw: number;
  gzip: number;
}

/** The files' bytes as served (read from the build the host serves) and gzipped at level 9, summed. */
function weigh(tabsDir: string, files: string[]): JsWeight {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    if (!f.startsWith('/tabs/')) fail('js', `${f} hors de /tabs/`);
    const bytes = readFileSync(path.join(tabsDir, ...f.slice('/tabs/'.length).split('/')));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

function machine(): string {
  const cpus = os.cpus();
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.arch()}, Node ${process.version}`;
}

/** A proxy that refuses every connection: the warm runs' way to keep Chromium off the network without routing. */
async function deadProxy(): Promise<{ port: number; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  const server = net.createServer((socket) => {
    refused++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ───────────────────────── main ─────────────────────────

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, 'tabs-config': { type: 'string', default: DEFAULT_TABS_CONFIG } } });
  const config = path.resolve(values['tabs-config']);
  if (!existsSync(config)) fail('--tabs-config', `${config} est absent`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) fail('--runs', values.runs);
  if (!existsSync(CHROMIUM)) fail('Chromium', `${CHROMIUM} est absent (apt-get install -y chromium)`);
  for (const f of [REAL.cls, REAL.paris]) if (!existsSync(f)) fail('données', `${f} est absent`);

  const started = new Date();
  const t0 = performance.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'jalon-bench-tabs-'));
  const log = (line: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    log(`build des onglets et de la page hello dans ${tmp}`);
    const { tabsDir, tabsJs } = await buildAll(tmp, config);

    process.env.AUTH_MODE = 'dev';
    const dataDir = path.join(tmp, 'data');
    mkdirSync(dataDir);
    const tenantId = devTenant();
    const store = openSqliteStore({ dataDir });
    const plans = { cls: '', paris: '' };
    try {
      for (const key of ['cls', 'paris'] as const) {
        const file = REAL[key];
        const outcome = await importPlan(store, { tenantId, bytes: readBytes(file), fileName: path.basename(file) });
        if (outcome.errors.length || !outcome.planId) fail(`import ${key}`, outcome.errors);
        plans[key] = outcome.planId;
      }
    } finally {
      await store.close();
    }
    log('CLS et Paris importés ; démarrage du serveur local et de Chromium');

    const host = await startHost({ port: 0, host: '127.0.0.1', dataDir, tabsDir, log: () => {} });
    cleanup.unshift(() => host.close());
    const api: Api = async <T>(p: string) => {
      const res = await fetch(`${host.url}/api/${p}`, { headers: { Accept: 'application/json' } });
      if (res.status !== 200) fail(`GET /api/${p}`, res.status);
      return (await res.json()) as T;
    };
    const specs = await pages(host.url, api, plans);
    const proxy = await deadProxy();
    cleanup.unshift(() => proxy.close());
    const cold = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    cleanup.unshift(() => cold.close());
    // Routing disables Chromium's HTTP cache: the warm runs keep the network out with a
    // proxy that refuses everything instead (Chromium never sends loopback to a proxy).
    const warm = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, `--proxy-server=http://127.0.0.1:${proxy.port}`] });
    cleanup.unshift(() => warm.close());

    const results = new Map<string, { cold: Visit[]; warm: Visit[] }>(specs.map((s) => [s.key, { cold: [], warm: [] }]));
    // Rounds take turns, as in bench/harness.ts: round i visits every page once, so that a
    // machine slowing down or speeding up weighs on the baseline and the tabs alike.
    for (const kind of ['cold', 'warm'] as const) {
      for (let round = 0; round <= runs; round++) {
        for (const spec of specs) {
          const v = await visit(kind === 'cold' ? cold : warm, spec, kind === 'warm');
          if (kind === 'warm' && !v.jsFromCache) fail(spec.key, 'visite « cache chaud » : le JavaScript n’est pas venu du cache HTTP');
          if (round > 0) results.get(spec.key)![kind].push(v); // round 0: the warm-up
        }
        log(`${kind === 'cold' ? 'cache froid' : 'cache chaud'} : ${round === 0 ? 'tour d’échauffement' : `tour ${round}/${runs}`} fait`);
      }
    }

    // ── the table ──
    const hello = specs.find((s) => s.baseline)!;
    const weights = new Map<string, JsWeight>();
    const notes: string[] = [];
    for (const spec of specs) {
      const r = results.get(spec.key)!;
      const sets = new Set(r.cold.map((v) => [...v.js].sort().join(' ')));
      if (sets.size > 1) notes.push(`${spec.key}: the JS requested before first data varied between runs (${[...sets].join(' | ')}); the table takes the largest.`);
      const all = [...sets].map((s) => weigh(tabsDir, s.split(' ')));
      weights.set(spec.key, all.reduce((a, b) => (b.gzip > a.gzip ? b : a)));
    }
    const base = {
      gzip: weights.get(hello.key)!.gzip,
      cold: median(results.get(hello.key)!.cold.map((v) => v.firstData)),
      warm: median(results.get(hello.key)!.warm.map((v) => v.firstData)),
    };
    const lines = [
      `**Run:** ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · **Machine:** ${machine()} · Chromium ${cold.version()}`,
      '',
      `**Command:** \`${['npm run bench:tabs', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')}\` · 1 warm-up round then ${runs} timed runs per page, cold cache then warm cache · ${Math.round((performance.now() - t0) / 1000)} s in all · load average (1 min) ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after`,
      '',
      '| page | JS files | KB JS | KB JS gzipped | × hello | cold: median ms to first data | min ms | × hello | warm: median ms | min ms | × hello | first /api/ call, cold median ms |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ];
    for (const spec of specs) {
      const r = results.get(spec.key)!;
      const w = weights.get(spec.key)!;
      const c = r.cold.map((v) => v.firstData);
      const h = r.warm.map((v) => v.firstData);
      const apis = r.cold.map((v) => v.firstApi).filter((x): x is number => x !== null);
      lines.push(
        `| ${spec.label}<br>\`${spec.shown}\` | ${w.files.length} | ${kb(w.raw)} | ${kb(w.gzip)} | ${ratio(w.gzip, base.gzip)} | ${ms(median(c))} | ${ms(Math.min(...c))} | ${ratio(median(c), base.cold)} | ${ms(median(h))} | ${ms(Math.min(...h))} | ${ratio(median(h), base.warm)} | ${apis.length ? ms(median(apis)) : '—'} |`,
      );
    }
    lines.push('');
    const appJs = new Set(specs.filter((s) => !s.baseline).map((s) => weights.get(s.key)!.files.sort().join(' ')));
    lines.push(
      `- The tabs' build has ${tabsJs.length} JavaScript file${tabsJs.length > 1 ? 's' : ''}${tabsJs.length <= 3 ? ` (${tabsJs.join(', ')})` : ''}${tabsJs.length === 1 ? ': one bundle, no code splitting, so every tab loads the same JavaScript before its first data' : ''}.`,
    );
    if (tabsJs.length > 1 && appJs.size === 1) lines.push('- Every tab loaded the same JavaScript files before its first data.');
    const helloFiles = weights.get(hello.key)!.files.length;
    lines.push(`- The hello page loads ${helloFiles} JavaScript file${helloFiles > 1 ? 's' : ''}, ${kb(weights.get(hello.key)!.gzip)} KB gzipped: React 19, react-dom and what Fluent UI's \`FluentProvider\` and \`Text\` pull in.`);
    lines.push(`- Warm runs: every .js came from the HTTP cache (checked on each run); the dead proxy refused ${proxy.refused()} connections to hosts other than loopback.`);
    lines.push(...notes.map((n) => `- ${n}`));
    console.log(lines.join('\n'));
  } finally {
    for (const c of cleanup) await c().catch((e: unknown) => console.error(e));
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
