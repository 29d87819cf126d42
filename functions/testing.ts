// A tiny harness for handler tests: a runtime on a fresh SQLite file with a fixed caller
// and a fixed day, and `call()`, which sends a request through a route's real
// @azure/functions v4 handler (toAzureHandler: sign-in, error mapping) the way the
// Functions host would, then hands back the status, the parsed JSON body and the headers.
//
//   const rt = testRuntime();                 // tenant 't1', user 'u1', today 2025-06-15
//   const res = await call(planRoutes, 'POST', 'plans', { body: { title: 'Plan' } });
//   await call(planRoutes, 'GET', `plans/${id}`, { lang: 'en', tenant: 't2' });
//   await rt.dispose();
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from '@azure/functions';
import type { HttpResponseInit } from '@azure/functions';
import type { PlanStore } from '../plan/store/ports.ts';
import { openSqliteStore } from '../plan/store/sqlite.ts';
import { matchRoute } from './match.ts';
import { toAzureHandler, type Method, type Route } from './route.ts';
import { setRuntime, type Caller, type Runtime } from './runtime.ts';

const { HttpRequest, InvocationContext } = pkg;

/** Headers the test runtime reads to act as someone else for one call (see CallOptions). */
export const TEST_TENANT_HEADER = 'x-test-tenant';
export const TEST_USER_HEADER = 'x-test-user';
export const TEST_ANONYMOUS_HEADER = 'x-test-anonymous';

export interface TestRuntimeOptions {
  tenantId?: string;
  userId?: string;
  displayName?: string;
  /** YYYY-MM-DD; default 2025-06-15. */
  today?: string;
  /** Default: 08:00 UTC on `today`. */
  now?: Date;
  /** The store to run on (closed by dispose); default a new SQLite file in `dir`. */
  store?: PlanStore;
}

export interface TestRuntime extends Runtime {
  /** The caller every request is made as, unless a call says otherwise. */
  caller: Caller;
  /** The temporary folder holding the SQLite file. */
  dir: string;
  /** Moves the clock: what today() and now() answer from now on. */
  setToday(today: string, now?: Date): void;
  /** Closes the store, deletes its folder and uninstalls the runtime. */
  dispose(): Promise<void>;
}

/** A runtime on a new SQLite file, installed with setRuntime for the handlers to use. */
export function testRuntime(options: TestRuntimeOptions = {}): TestRuntime {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-api-'));
  const store: PlanStore = options.store ?? openSqliteStore({ dataDir: dir });
  let today = options.today ?? '2025-06-15';
  let now = options.now ?? new Date(`${today}T08:00:00.000Z`);
  const rt: TestRuntime = {
    store,
    dir,
    caller: {
      tenantId: options.tenantId ?? 't1',
      userId: options.userId ?? 'u1',
      displayName: options.displayName ?? 'Utilisatrice de test',
    },
    async identify(req) {
      if (req.headers.get(TEST_ANONYMOUS_HEADER)) return null;
      const tenantId = req.headers.get(TEST_TENANT_HEADER);
      const userId = req.headers.get(TEST_USER_HEADER);
      return { ...rt.caller, ...(tenantId ? { tenantId } : {}), ...(userId ? { userId } : {}) };
    },
    today: () => today,
    now: () => new Date(now.getTime()),
    setToday(day, at) {
      today = day;
      now = at ?? new Date(`${day}T08:00:00.000Z`);
    },
    async dispose() {
      setRuntime(undefined);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  setRuntime(rt);
  return rt;
}

export interface CallOptions {
  /** A JSON value (stringified), or a string sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Shorthand for `Accept-Language: en`. */
  lang?: 'fr' | 'en';
  /** Shorthand for the If-Match header; quotes are added. */
  ifMatch?: string;
  /** Call as another tenant or user (read by testRuntime's identify). */
  tenant?: string;
  user?: string;
  /** Call with no identity: the runtime's identify answers null. */
  anonymous?: boolean;
}

export interface TestResponse<T = any> {
  status: number;
  /** The JSON body parsed, the text when it is not JSON, undefined when empty. */
  body: T;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/**
 * Sends `method path` (`plans/42/dashboard?x=1`, with or without `/api/`) to the route of
 * `routes` that the host would pick, through toAzureHandler. Throws when no route
 * matches: in a test that is a typo, not a 404 to assert on.
 */
export async function call<T = any>(
  routes: readonly Route[],
  method: Method,
  path: string,
  options: CallOptions = {},
): Promise<TestResponse<T>> {
  const bare = path.replace(/^\/+/, '').replace(/^api\//i, '');
  const found = matchRoute(routes, method, bare);
  if (!found) throw new Error(`Aucune route pour ${method} /api/${bare}`);
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  if (options.lang) headers['accept-language'] = options.lang;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.tenant) headers[TEST_TENANT_HEADER] = options.tenant;
  if (options.user) headers[TEST_USER_HEADER] = options.user;
  if (options.anonymous) headers[TEST_ANONYMOUS_HEADER] = '1';
  const body =
    options.body === undefined
      ? undefined
      : { string: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) };
  const req = new HttpRequest({
    method,
    url: `http://localhost:7071/api/${bare}`,
    headers,
    params: found.params,
    ...(body ? { body } : {}),
  });
  const context = new InvocationContext({ functionName: found.route.name, invocationId: 'test', logHandler: () => {} });
  const res = await toAzureHandler(found.route)(req, context);
  return readResponse<T>(res);
}

async function readResponse<T>(res: HttpResponseInit): Promise<TestResponse<T>> {
  const headers: Record<string, string> = {};
  new Headers(res.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let body: unknown;
  if (res.jsonBody !== undefined) {
    // Through JSON, as the host sends it: undefined fields vanish, dates become strings.
    body = JSON.parse(JSON.stringify(res.jsonBody));
  } else if (res.body !== undefined && res.body !== null) {
    const text = typeof res.body === 'string' ? res.body : await new Response(res.body as BodyInit).text();
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status ?? 200, body: body as T, headers };
}

/** `call` bound to one route table, with a method per verb. */
export function client(routes: readonly Route[]) {
  return {
    get: <T = any>(path: string, o?: CallOptions) => call<T>(routes, 'GET', path, o),
    post: <T = any>(path: string, body?: unknown, o?: CallOptions) => call<T>(routes, 'POST', path, { ...o, body }),
    patch: <T = any>(path: string, body?: unknown, o?: CallOptions) => call<T>(routes, 'PATCH', path, { ...o, body }),
    put: <T = any>(path: string, body?: unknown, o?: CallOptions) => call<T>(routes, 'PUT', path, { ...o, body }),
    delete: <T = any>(path: string, o?: CallOptions) => call<T>(routes, 'DELETE', path, o),
  };
}
