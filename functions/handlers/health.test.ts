import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { client, testRuntime, type TestRuntime } from '../testing.ts';
import { STORE_TIMEOUT_MS, healthRoutes, storeKind } from './health.ts';

const api = client(healthRoutes);
let rt: TestRuntime;
beforeEach(() => {
  rt = testRuntime();
});
afterEach(async () => {
  vi.useRealTimers();
  await rt.dispose();
});

describe('GET /api/health', () => {
  it('answers 200 with the version, the store and the time, with no sign-in', async () => {
    const res = await api.get('health', { anonymous: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: packageJson.version, store: 'sqlite', time: rt.now().toISOString() });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 with a French message when the store fails, English with Accept-Language: en', async () => {
    rt.store.getTenant = async () => {
      throw new Error('disk I/O error');
    };
    const fr = await api.get('health');
    expect(fr.status).toBe(503);
    expect(fr.body.error).toEqual({
      code: 'store-unavailable',
      message: 'Service indisponible : la base de données ne répond pas. Réessayez dans quelques minutes.',
    });
    const en = await api.get('health', { lang: 'en' });
    expect(en.status).toBe(503);
    expect(en.body.error.message).toBe('The service is unavailable: the database does not answer. Try again in a few minutes.');
  });

  it('answers 503 when the store does not answer in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    rt.store.getTenant = () => new Promise(() => {});
    const pending = api.get('health');
    await vi.advanceTimersByTimeAsync(STORE_TIMEOUT_MS + 1);
    expect((await pending).status).toBe(503);
  });

  it('names the store: sqlite for the embedded one, else what the store declares, else cosmos', () => {
    expect(storeKind(rt.store)).toBe('sqlite');
    expect(storeKind({ ...rt.store, kind: 'cosmos' } as never)).toBe('cosmos');
    expect(storeKind({} as never)).toBe('cosmos');
  });
});
