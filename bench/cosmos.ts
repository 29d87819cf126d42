// What the Cosmos DB dashboard cases need beside the cases themselves: the emulator, made
// able to hold a city-scale plan, and the comparison of a dashboard across two stores.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { startCosmosEmulator, type CosmosEmulator } from '../plan/store/emulator.ts';

type Reducer = (acc: unknown[], value: unknown, index: number, array: unknown[]) => unknown;

/**
 * The emulator's query engine (@zeit/cosmosdb-query) starts every query by collecting the
 * container's documents with `docs.reduce(($, c) => [...$, { c }], [])`, which copies the
 * list once per document: quadratic in the container's size. At the city-scale plan's
 * 33,000 documents one query takes 20 s or more, and a 34-page loadPlan runs into the
 * SDK's 60 s request timeout. Each reducer the engine compiles appends to its
 * accumulator (`[...$, x]`, `[...$, ...xs]`) or leaves it (`$`); called with an empty
 * accumulator it answers what it appends, so the same list is built in one pass.
 */
function linearReduce(this: unknown[], reducer: Reducer, initial?: unknown): unknown {
  if (!Array.isArray(initial) || initial.length !== 0) return Array.prototype.reduce.call(this, reducer as never, initial);
  const empty: unknown[] = [];
  const out: unknown[] = [];
  for (let i = 0; i < this.length; i++) {
    const appended = reducer(empty, this[i], i, this);
    if (appended === empty) continue;
    if (!Array.isArray(appended) || empty.length !== 0) throw new Error('bench/cosmos.ts: the emulator’s query engine no longer builds its list as expected');
    for (const item of appended) out.push(item);
  }
  return out;
}

interface EmulatorQuery {
  exec(collection: unknown[], options: unknown): unknown;
}

const LINEAR = Symbol('bench: linear scan');
let patched = false;

/**
 * Makes the in-process emulator's queries a linear scan of the container, in this process
 * only (the emulator is the same module instance startCosmosEmulator starts). What a query
 * answers, its pages and continuation tokens are unchanged; only the emulator's own time is.
 */
function linearEmulatorQueries(): void {
  if (patched) return;
  const require = createRequire(import.meta.url);
  const Items = (require('@vercel/cosmosdb-server/lib/account/items.js') as { default: { prototype: { _getQuery(sql: string): EmulatorQuery } } })
    .default;
  const getQuery = Items.prototype._getQuery;
  if (typeof getQuery !== 'function') throw new Error('bench/cosmos.ts: @vercel/cosmosdb-server has no Items.prototype._getQuery any more');
  Items.prototype._getQuery = function (this: unknown, sql: string): EmulatorQuery {
    const query = getQuery.call(this, sql) as EmulatorQuery & { [LINEAR]?: true };
    if (!query[LINEAR]) {
      const exec = query.exec.bind(query);
      query.exec = (collection, options) => {
        // A fresh array per query (Items.query builds it): give it the one-pass reduce.
        Object.defineProperty(collection, 'reduce', { value: linearReduce });
        return exec(collection, options);
      };
      query[LINEAR] = true;
    }
    return query;
  };
  patched = true;
}

/** The emulator (@vercel/cosmosdb-server, in this process), its queries made linear. */
export async function startBenchEmulator(): Promise<CosmosEmulator> {
  linearEmulatorQueries();
  return startCosmosEmulator();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A value with the ids each store drew replaced by the position where they first appear,
 * etags and clocks dropped: two stores holding the same import compare equal
 * (as teams-app/host-cosmos.test.ts compares them).
 */
export function comparable(value: unknown): unknown {
  const names = new Map<string, string>();
  return JSON.parse(JSON.stringify(value), (k, v) => {
    if (k === 'etag' || k === 'createdAt' || k === 'updatedAt') return '';
    if (typeof v === 'string' && UUID.test(v)) return names.get(v) ?? (names.set(v, `#${names.size}`), names.get(v));
    return v;
  });
}

/** Where two comparable values first differ (a path and both sides), or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`;
}
