// What a handler runs against: the store and who is calling. Built once per process from
// the environment, replaceable in tests.
import type { HttpRequest } from '@azure/functions';
import { openStore } from '../plan/store/index.ts';
import type { PlanStore } from '../plan/store/ports.ts';

export interface Caller {
  tenantId: string;
  /** The caller's id: in dev mode JALON_DEV_USER; with Entra ID, the token's object id. */
  userId: string;
  displayName: string;
}

export interface Runtime {
  store: PlanStore;
  /** Who is calling, or null when the request carries no acceptable identity (401). */
  identify(req: HttpRequest): Promise<Caller | null>;
  /** Today's date where the collectivité is (YYYY-MM-DD), for what is late. */
  today(): string;
  now(): Date;
}

export type AuthMode = 'dev' | 'entra';

/** AUTH_MODE unset means sign-in required: secure by default. */
export function authMode(env = process.env): AuthMode {
  return env.AUTH_MODE === 'dev' ? 'dev' : 'entra';
}

export const devTenant = (env = process.env) => env.JALON_DEV_TENANT || 'local';
export const devUser = (env = process.env) => env.JALON_DEV_USER || 'dev@jalon.local';

export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function runtimeFromEnv(env = process.env, options: { dataDir?: string } = {}): Runtime {
  const store = openStore(env, { dataDir: options.dataDir });
  const mode = authMode(env);
  return {
    store,
    async identify() {
      if (mode === 'dev') return { tenantId: devTenant(env), userId: devUser(env), displayName: devUser(env) };
      // Entra ID sign-in comes with the security issue: until then, nothing gets in.
      return null;
    },
    today: () => todayIn('Europe/Paris'),
    now: () => new Date(),
  };
}

let current: Runtime | undefined;

export function runtime(): Runtime {
  current ??= runtimeFromEnv();
  return current;
}

/** Tests and the local host install their own runtime. */
export function setRuntime(rt: Runtime | undefined): void {
  current = rt;
}

export async function caller(req: HttpRequest, rt: Runtime): Promise<Caller | null> {
  return rt.identify(req);
}
