// The whole app on Cosmos DB: the local host started with JALON_STORE=cosmos against the
// emulator, as a newcomer would run it, and the same real files imported through the
// HTTP API give the same plan and dashboard as on the embedded SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REAL, readBytes } from '../plan/import/testing.ts';
import { startCosmosEmulator, type CosmosEmulator } from '../plan/store/emulator.ts';
import { DEMO_PLAN_TITLE } from './demo.ts';
import { startHost, type RunningHost } from './host.ts';

const dirs: string[] = [];
let emulator: CosmosEmulator;
const hosts: Record<'sqlite' | 'cosmos', RunningHost | undefined> = { sqlite: undefined, cosmos: undefined };
const logs: string[] = [];

async function start(env: Record<string, string>): Promise<RunningHost> {
  vi.unstubAllEnvs();
  vi.stubEnv('AUTH_MODE', 'dev');
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const dataDir = mkdtempSync(join(tmpdir(), 'jalon-host-'));
  dirs.push(dataDir);
  return startHost({ port: 0, dataDir, log: (line) => logs.push(line) });
}

beforeAll(async () => {
  emulator = await startCosmosEmulator();
  hosts.cosmos = await start({
    JALON_STORE: 'cosmos',
    COSMOS_ENDPOINT: emulator.endpoint,
    COSMOS_KEY: 'clé-de-l-émulateur',
    COSMOS_DISABLE_TLS_VERIFY: '1',
    COSMOS_DATABASE: 'jalon-host',
  });
  hosts.sqlite = await start({ JALON_STORE: 'sqlite' });
}, 120_000);

afterAll(async () => {
  await hosts.cosmos?.close();
  await hosts.sqlite?.close();
  await emulator?.close();
  vi.unstubAllEnvs();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function api(which: 'sqlite' | 'cosmos', path: string, init?: RequestInit) {
  const res = await fetch(`${hosts[which]!.url}/api/${path}`, init);
  return { status: res.status, body: await res.json() };
}

async function importFile(which: 'sqlite' | 'cosmos', file: string, name: string) {
  const res = await api(which, `plans/import?fileName=${encodeURIComponent(name)}`, { method: 'POST', body: readBytes(file) });
  expect(res.status, JSON.stringify(res.body.errors)).toBe(201);
  return res.body.planId as string;
}

/** Replaces the ids each store drew with the position where they first appear, and drops etags and clocks. */
function comparable(value: unknown): unknown {
  const names = new Map<string, string>();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  return JSON.parse(JSON.stringify(value), (k, v) => {
    if (k === 'etag' || k === 'createdAt' || k === 'updatedAt') return '';
    if (typeof v === 'string' && uuid.test(v)) return names.get(v) ?? (names.set(v, `#${names.size}`), names.get(v));
    return v;
  });
}

describe('the local host on Cosmos DB (JALON_STORE=cosmos)', () => {
  it('says where the data lives, and seeds the demo plan in Cosmos DB as it does in SQLite', async () => {
    expect(logs.some((l) => l.includes(`Cosmos DB ${emulator.endpoint}`) && l.includes('base jalon-host'))).toBe(true);
    for (const which of ['cosmos', 'sqlite'] as const) {
      const plans = await api(which, 'plans');
      expect(plans.status).toBe(200);
      expect(plans.body.items.map((p: { title: string }) => p.title)).toEqual([DEMO_PLAN_TITLE]);
    }
    const [a, b] = await Promise.all(
      (['cosmos', 'sqlite'] as const).map(async (which) => {
        const id = (await api(which, 'plans')).body.items[0].id;
        return (await api(which, `plans/${id}/dashboard`)).body;
      }),
    );
    expect(comparable(a)).toEqual(comparable(b));
  });

  for (const [name, file, fileName] of [
    ['the Contrat Local de Santé', REAL.cls, 'cls.xlsx'],
    ['the Paris file', REAL.paris, 'paris.csv'],
  ] as const) {
    it(`imports ${name} through the API into the same dashboard as on SQLite`, async () => {
      const ids = { cosmos: await importFile('cosmos', file, fileName), sqlite: await importFile('sqlite', file, fileName) };
      const cosmos = await api('cosmos', `plans/${ids.cosmos}/dashboard`);
      const sqlite = await api('sqlite', `plans/${ids.sqlite}/dashboard`);
      expect(cosmos.status).toBe(200);
      expect(comparable(cosmos.body)).toEqual(comparable(sqlite.body));
      // The projects as listed and filtered by the API, page by page, are the same too.
      const list = async (which: 'cosmos' | 'sqlite') => (await api(which, `plans/${ids[which]}/projects?limit=1000&status=${encodeURIComponent('En cours')}`)).body;
      expect(comparable(await list('cosmos'))).toEqual(comparable(await list('sqlite')));
    }, 60_000);
  }

  it('answers a stale If-Match with 412 and the current version, and an unknown record with 404, never 500', async () => {
    const planId = (await api('cosmos', 'plans')).body.items[0].id;
    const project = (await api('cosmos', `plans/${planId}/projects?limit=1`)).body.items[0];
    const patch = (etag: string, title: string) =>
      api('cosmos', `projects/${project.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': `"${etag}"` },
        body: JSON.stringify({ title }),
      });
    const first = await patch(project.etag, 'Première version');
    expect(first.status).toBe(200);
    const second = await patch(project.etag, 'Seconde version');
    expect(second.status).toBe(412);
    expect(JSON.stringify(second.body)).toContain('Première version');
    expect((await api('cosmos', 'projects/inconnu')).status).toBe(404);
  });

  it('refuses to start on a bad store setting, with the reason in French', async () => {
    await expect(start({ JALON_STORE: 'cosmos' })).rejects.toThrow(/JALON_STORE=cosmos demande COSMOS_ENDPOINT/);
    await expect(start({ JALON_STORE: 'mongo' })).rejects.toThrow(/JALON_STORE invalide : « mongo »/);
    await expect(
      start({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://jalon.documents.azure.com:443/', COSMOS_KEY: 'k', COSMOS_DISABLE_TLS_VERIFY: '1' }),
    ).rejects.toThrow(/n’est accepté que pour un émulateur local/);
  });
});
