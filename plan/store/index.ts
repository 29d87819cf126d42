// Which store Jalon runs on, read from the environment in one place (the local host, the
// Azure Functions entry point and the import CLI all open their store here):
//   JALON_STORE=sqlite (default)  the embedded store, file DATA_DIR/jalon.sqlite
//   JALON_STORE=cosmos            Azure Cosmos DB: COSMOS_ENDPOINT, COSMOS_KEY (else managed
//                                 identity), COSMOS_DATABASE (default jalon), and
//                                 COSMOS_DISABLE_TLS_VERIFY=1 for a local emulator only.
import { CosmosStore, type CosmosStoreOptions } from './cosmos.ts';
import { StoreConfigError } from './errors.ts';
import type { PlanStore } from './ports.ts';
import { openSqliteStore } from './sqlite.ts';

export type StoreKind = 'sqlite' | 'cosmos';

export { StoreConfigError };

export function storeKind(env: NodeJS.ProcessEnv = process.env): StoreKind {
  const value = (env.JALON_STORE || 'sqlite').trim().toLowerCase();
  if (value === 'sqlite' || value === 'cosmos') return value;
  throw new StoreConfigError(`JALON_STORE invalide : « ${env.JALON_STORE} » (valeurs possibles : sqlite, cosmos).`);
}

export function cosmosOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CosmosStoreOptions {
  const endpoint = env.COSMOS_ENDPOINT?.trim();
  if (!endpoint) throw new StoreConfigError('JALON_STORE=cosmos demande COSMOS_ENDPOINT (l’adresse du compte Cosmos DB, https://…:443/).');
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    // reported below
  }
  // Cosmos DB speaks https only, the emulator included.
  if (url?.protocol !== 'https:') throw new StoreConfigError(`COSMOS_ENDPOINT invalide : « ${endpoint} » (une adresse https://… est attendue).`);
  const database = env.COSMOS_DATABASE?.trim();
  if (database && !/^[^/\\?#]{1,255}$/.test(database)) {
    throw new StoreConfigError(`COSMOS_DATABASE invalide : « ${database} » (ni /, \\, ? ni #).`);
  }
  const flag = env.COSMOS_DISABLE_TLS_VERIFY?.trim();
  if (flag && flag !== '0' && flag !== '1') {
    throw new StoreConfigError(`COSMOS_DISABLE_TLS_VERIFY invalide : « ${flag} » (1 pour un émulateur local, sinon ne pas le définir).`);
  }
  return {
    endpoint,
    key: env.COSMOS_KEY || undefined,
    database: database || undefined,
    disableTlsVerify: flag === '1',
  };
}

/**
 * The store the environment names. A Cosmos DB store connects on its first call (the
 * database and container are created then when missing), so opening is synchronous.
 */
export function openStore(env: NodeJS.ProcessEnv = process.env, options: { dataDir?: string } = {}): PlanStore {
  if (storeKind(env) === 'cosmos') return new CosmosStore(cosmosOptionsFromEnv(env));
  return openSqliteStore({ dataDir: options.dataDir });
}

/** Where the data lives, for a start-up line: the SQLite file, or the Cosmos account and database. */
export function describeStore(env: NodeJS.ProcessEnv = process.env, sqliteFile: string): string {
  if (storeKind(env) !== 'cosmos') return sqliteFile;
  const o = cosmosOptionsFromEnv(env);
  return `Cosmos DB ${o.endpoint}, base ${o.database ?? 'jalon'}, conteneur records${o.key ? '' : ' (identité managée)'}`;
}
