import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Plan } from '../plan/model.ts';
import { openSqliteStore } from '../plan/store/sqlite.ts';
import { DEMO_PLAN_TITLE } from './demo.ts';
import { startHost, type HostOptions, type RunningHost } from './host.ts';
import type { TimerFunction } from './timers.ts';

const quiet = () => {};
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tabsFixture(): string {
  const dir = tempDir('jalon-tabs-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Jalon</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("jalon")');
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** A request sent with its path exactly as written: fetch would fold `..` first. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(options: Partial<HostOptions> = {}): Promise<RunningHost> {
  return startHost({ port: 0, dataDir: tempDir('jalon-data-'), tabsDir: tabsFixture(), log: quiet, ...options });
}

describe('the local host in dev mode', () => {
  let host: RunningHost;
  let dataDir: string;
  const ran: Array<{ name: string; functionName: string; hasStore: boolean }> = [];
  let timerDone: Promise<void>;
  let timerResolve: () => void;
  const timers: TimerFunction[] = [
    {
      name: 'testReminders',
      schedule: '0 0 9 * * 1',
      async run(rt, context) {
        ran.push({ name: 'testReminders', functionName: context.functionName, hasStore: typeof rt.store.listPlans === 'function' });
        timerResolve();
      },
    },
  ];

  beforeAll(async () => {
    vi.stubEnv('AUTH_MODE', 'dev');
    vi.stubEnv('JALON_DEV_TENANT', 'mairie-test');
    timerDone = new Promise((resolve) => (timerResolve = resolve));
    dataDir = tempDir('jalon-data-');
    host = await start({ dataDir, timers, host: '0.0.0.0' });
  });
  afterAll(async () => {
    await host.close();
    vi.unstubAllEnvs();
  });

  it('answers GET /api/health with 200', async () => {
    const res = await fetch(`${host.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).status).toBe('ok');
  });

  it('answers HEAD like GET without a body, and OPTIONS with the methods allowed', async () => {
    const head = await fetch(`${host.url}/api/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await fetch(`${host.url}/api/health`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers an unknown /api route with a 404 in JSON, « route inconnue »', async () => {
    const res = await fetch(`${host.url}/api/nothing/here`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.message).toMatch(/route inconnue/i);
    const en = await fetch(`${host.url}/api/nothing`, { headers: { 'accept-language': 'en' } });
    expect((await en.json()).error.message).toMatch(/unknown route/i);
  });

  it('answers a known path with the wrong method with a 405 and Allow', async () => {
    const res = await fetch(`${host.url}/api/health`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect((await res.json()).error.code).toBe('method-not-allowed');
  });

  it('redirects / to /tabs/', async () => {
    const res = await fetch(`${host.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/tabs/');
  });

  it('serves the tabs with their content types, and index.html for client routes', async () => {
    const page = await fetch(`${host.url}/tabs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<div id="root">');
    const js = await fetch(`${host.url}/tabs/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${host.url}/tabs/assets/index-abc123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${host.url}/tabs/assets/logo.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    const route = await fetch(`${host.url}/tabs/config`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(`${host.url}/tabs/assets/missing.js`)).status).toBe(404);
  });

  it('refuses directory traversal out of the tabs folder, plain or encoded', async () => {
    for (const path of [
      '/tabs/../package.json',
      '/tabs/%2e%2e/package.json',
      '/tabs/..%2fpackage.json',
      '/tabs/%2e%2e%2fpackage.json',
      '/tabs/assets/..%2f..%2f..%2fpackage.json',
      '/tabs/..%5cpackage.json',
      '/tabs/%2e%2e%5c%2e%2e%5cpackage.json',
    ]) {
      const res = await rawGet(host.url, path);
      expect(res.status, path).not.toBe(200);
      expect(res.body, path).not.toContain('"name"');
    }
  });

  it('binds to 127.0.0.1 only, whatever host was asked for', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('runs a timer function by hand on POST /admin/functions/{name}, with 202 like the Functions host', async () => {
    const res = await fetch(`${host.url}/admin/functions/testReminders`, {
      method: 'POST',
      body: JSON.stringify({ input: '' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    await timerDone;
    expect(ran).toEqual([{ name: 'testReminders', functionName: 'testReminders', hasStore: true }]);
    const unknown = await fetch(`${host.url}/admin/functions/nothing`, { method: 'POST', body: '{"input": ""}' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain('testReminders');
  });

  it('creates the demo plan on an empty tenant, in the dev tenant', async () => {
    const res = await fetch(`${host.url}/api/plans`);
    expect(res.status).toBe(200);
    const plans = (await res.json()).items as Array<{ id: string; title: string }>;
    expect(plans.map((p) => p.title)).toEqual([DEMO_PLAN_TITLE]);
    const dashboard = await (await fetch(`${host.url}/api/plans/${plans[0]!.id}/dashboard`)).json();
    expect(dashboard.ambitions).toHaveLength(4);
    expect(dashboard.totals.projects).toBe(14);
    expect(dashboard.totals.late).toBeGreaterThan(0);
    expect(dashboard.plan.progress).toBeGreaterThan(0);
    expect(dashboard.plan.meteo.orage + dashboard.plan.meteo.nuageux + dashboard.plan.meteo.soleil).toBeGreaterThan(0);
    expect(dashboard.directions.map((d: { name: string }) => d.name)).toContain('Sans direction');
    expect(dashboard.directions).toHaveLength(6);
    const store = openSqliteStore({ dataDir });
    try {
      expect((await store.listPlans('mairie-test')).items).toHaveLength(1);
      expect((await store.getTenant('mairie-test'))!.settings.defaultPlanId).toBe(plans[0]!.id);
    } finally {
      await store.close();
    }
  });
});

describe('requests through the host', () => {
  let host: RunningHost;
  beforeAll(async () => {
    vi.stubEnv('AUTH_MODE', 'dev');
    host = await start();
  });
  afterAll(async () => {
    await host.close();
    vi.unstubAllEnvs();
  });

  it('reach the handler with their method, headers, body and route parameters, and come back whole', async () => {
    const made = await fetch(`${host.url}/api/plans`, {
      method: 'POST',
      body: JSON.stringify({ title: 'Plan d’essai é€' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(made.status).toBe(201);
    const plan = await made.json();
    expect(plan.title).toBe('Plan d’essai é€');

    const read = await fetch(`${host.url}/api/plans/${encodeURIComponent(plan.id)}`);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toBe(`"${plan.etag}"`);

    const withoutIfMatch = await fetch(`${host.url}/api/plans/${plan.id}`, { method: 'PATCH', body: '{"title": "Autre"}' });
    expect(withoutIfMatch.status).toBe(428);
    const patched = await fetch(`${host.url}/api/plans/${plan.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ title: 'Autre titre' }),
      headers: { 'content-type': 'application/json', 'if-match': etag! },
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).title).toBe('Autre titre');

    const removed = await fetch(`${host.url}/api/plans/${plan.id}`, { method: 'DELETE', headers: { 'if-match': patched.headers.get('etag')! } });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
  });

  it('decode route parameters and keep the query string', async () => {
    const res = await fetch(`${host.url}/api/plans/plan%20inconnu?x=1`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('plan inconnu');
    const bad = await fetch(`${host.url}/api/plans?limit=0`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('limit');
  });

  it('are answered in English when asked', async () => {
    const res = await fetch(`${host.url}/api/plans/nope`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect((await res.json()).error.message).toMatch(/not found/);
  });

  it('with a malformed JSON body get a 400', async () => {
    const bad = await fetch(`${host.url}/api/plans`, { method: 'POST', body: '{"title": ', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/JSON/);
  });
});

describe('the demo plan at startup', () => {
  beforeEach(() => vi.stubEnv('AUTH_MODE', 'dev'));
  afterEach(() => vi.unstubAllEnvs());

  it('is not created again by a second start', async () => {
    const dataDir = tempDir('jalon-data-');
    const first = await start({ dataDir });
    const firstPlans = (await (await fetch(`${first.url}/api/plans`)).json()).items;
    await first.close();
    const second = await start({ dataDir });
    try {
      const plans = (await (await fetch(`${second.url}/api/plans`)).json()).items;
      expect(plans).toEqual(firstPlans);
      expect(plans).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('is not created in a tenant that already has a plan', async () => {
    const dataDir = tempDir('jalon-data-');
    const store = openSqliteStore({ dataDir });
    const at = new Date().toISOString();
    await store.commit('local', [
      { op: 'create', kind: 'plan', item: Plan.parse({ id: 'p1', tenantId: 'local', etag: '', createdAt: at, updatedAt: at, title: 'Projet de territoire' }) },
    ]);
    await store.close();
    const host = await start({ dataDir });
    try {
      const plans = (await (await fetch(`${host.url}/api/plans`)).json()).items;
      expect(plans.map((p: { title: string }) => p.title)).toEqual(['Projet de territoire']);
    } finally {
      await host.close();
    }
  });

  it('shows a French page saying to run npm run build:tabs when the tabs are not built', async () => {
    const host = await start({ tabsDir: join(tempDir('jalon-empty-'), 'tabs') });
    try {
      const res = await fetch(`${host.url}/tabs/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('npm run build:tabs');
      expect(html).toContain('lang="fr"');
    } finally {
      await host.close();
    }
  });
});

describe('the local host outside dev mode', () => {
  let host: RunningHost;
  let dataDir: string;
  const ran: string[] = [];

  beforeAll(async () => {
    vi.stubEnv('AUTH_MODE', undefined);
    dataDir = tempDir('jalon-data-');
    host = await start({
      dataDir,
      host: '127.0.0.1',
      timers: [{ name: 'testReminders', schedule: '0 0 9 * * 1', run: async () => void ran.push('ran') }],
    });
  });
  afterAll(async () => {
    await host.close();
    vi.unstubAllEnvs();
  });

  it('answers an API call without sign-in with 401', async () => {
    const res = await fetch(`${host.url}/api/plans`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('Connexion requise.');
  });

  it('still answers the health probe, which needs no sign-in', async () => {
    expect((await fetch(`${host.url}/api/health`)).status).toBe(200);
  });

  it('has no /admin/functions (404)', async () => {
    const res = await fetch(`${host.url}/admin/functions/testReminders`, { method: 'POST', body: '{"input": ""}' });
    expect(res.status).toBe(404);
    expect(ran).toEqual([]);
  });

  it('creates no demo plan', async () => {
    const store = openSqliteStore({ dataDir });
    try {
      expect((await store.listPlans('local')).items).toHaveLength(0);
    } finally {
      await store.close();
    }
  });
});
