// The probe that Azure, the local host and a monitoring tool call: is the API up, and
// does its store answer? No sign-in, and nothing about any tenant in the answer.
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import type { PlanStore } from '../../plan/store/ports.ts';
import { SqliteStore } from '../../plan/store/sqlite.ts';
import { json } from '../http.ts';
import type { Route } from '../route.ts';

/** How long the store may take to answer before the probe says it is down. */
export const STORE_TIMEOUT_MS = 5_000;

/** A tenant id no tenant has: the read costs one index lookup and finds nothing. */
const PROBE_TENANT = '__health__';

export const Health = z.object({
  status: z.literal('ok'),
  /** The version of Jalon running (package.json). */
  version: z.string(),
  store: z.enum(['sqlite', 'cosmos']),
  time: z.string().meta({ format: 'date-time' }),
});

export type StoreKind = z.infer<typeof Health>['store'];

/** The embedded store, or Cosmos DB; a store may also say so itself (`kind`). */
export function storeKind(store: PlanStore): StoreKind {
  const declared = (store as { kind?: unknown }).kind;
  if (declared === 'sqlite' || declared === 'cosmos') return declared;
  return store instanceof SqliteStore ? 'sqlite' : 'cosmos';
}

async function probe(store: PlanStore): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('délai dépassé')), STORE_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.getTenant(PROBE_TENANT), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: Route[] = [
  {
    name: 'health',
    methods: ['GET'],
    route: 'health',
    authenticated: false,
    doc: {
      summary: 'État du service : 200 quand la base répond, 503 sinon',
      tags: ['Service'],
      response: Health,
    },
    async handle({ rt, lang, context }) {
      const headers = { 'cache-control': 'no-store' };
      const kind = storeKind(rt.store);
      try {
        await probe(rt.store);
      } catch (e) {
        context.error?.('health: the store does not answer', e);
        const message =
          lang === 'en'
            ? 'The service is unavailable: the database does not answer. Try again in a few minutes.'
            : 'Service indisponible : la base de données ne répond pas. Réessayez dans quelques minutes.';
        return json(503, { error: { code: 'store-unavailable', message }, store: kind }, { ...headers, 'retry-after': '30' });
      }
      const body: z.infer<typeof Health> = {
        status: 'ok',
        version: packageJson.version,
        store: kind,
        time: rt.now().toISOString(),
      };
      return json(200, body, headers);
    },
  },
];
