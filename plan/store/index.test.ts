// The store chosen from the environment: JALON_STORE, COSMOS_*.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CosmosStore } from './cosmos.ts';
import { cosmosOptionsFromEnv, describeStore, openStore, storeKind } from './index.ts';
import { SqliteStore } from './sqlite.ts';

describe('choosing the store from the environment', () => {
  it('runs on SQLite unless JALON_STORE says cosmos, whatever its case', () => {
    expect(storeKind({})).toBe('sqlite');
    expect(storeKind({ JALON_STORE: '' })).toBe('sqlite');
    expect(storeKind({ JALON_STORE: 'SQLite' })).toBe('sqlite');
    expect(storeKind({ JALON_STORE: ' Cosmos ' })).toBe('cosmos');
    expect(() => storeKind({ JALON_STORE: 'postgres' })).toThrow('JALON_STORE invalide : « postgres » (valeurs possibles : sqlite, cosmos).');
  });

  it('opens the SQLite file under the data directory by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-store-'));
    try {
      const store = openStore({}, { dataDir: dir });
      expect(store).toBeInstanceOf(SqliteStore);
      expect((store as SqliteStore).file).toBe(join(dir, 'jalon.sqlite'));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the Cosmos DB settings: endpoint required, key optional (managed identity), database jalon by default', () => {
    expect(() => cosmosOptionsFromEnv({ JALON_STORE: 'cosmos' })).toThrow(/demande COSMOS_ENDPOINT/);
    expect(() => cosmosOptionsFromEnv({ COSMOS_ENDPOINT: 'pas une adresse' })).toThrow('COSMOS_ENDPOINT invalide : « pas une adresse »');
    expect(cosmosOptionsFromEnv({ COSMOS_ENDPOINT: 'https://compte.documents.azure.com:443/' })).toEqual({
      endpoint: 'https://compte.documents.azure.com:443/',
      key: undefined,
      database: undefined,
      disableTlsVerify: false,
    });
    expect(cosmosOptionsFromEnv({ COSMOS_ENDPOINT: 'https://localhost:8081', COSMOS_KEY: 'k', COSMOS_DATABASE: 'essai', COSMOS_DISABLE_TLS_VERIFY: '1' })).toEqual({
      endpoint: 'https://localhost:8081',
      key: 'k',
      database: 'essai',
      disableTlsVerify: true,
    });
    expect(() => cosmosOptionsFromEnv({ COSMOS_ENDPOINT: 'https://localhost:8081', COSMOS_DISABLE_TLS_VERIFY: 'oui' })).toThrow(/COSMOS_DISABLE_TLS_VERIFY invalide/);
  });

  it('honours COSMOS_DISABLE_TLS_VERIFY for a loopback endpoint only', async () => {
    const local = openStore({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://127.0.0.1:8081', COSMOS_KEY: 'k', COSMOS_DISABLE_TLS_VERIFY: '1' });
    expect(local).toBeInstanceOf(CosmosStore);
    await local.close();
    expect(() =>
      openStore({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://compte.documents.azure.com:443/', COSMOS_KEY: 'k', COSMOS_DISABLE_TLS_VERIFY: '1' }),
    ).toThrow(/n’est accepté que pour un émulateur local/);
  });

  it('says where the data lives in one line, key or managed identity', () => {
    expect(describeStore({}, '/data/jalon.sqlite')).toBe('/data/jalon.sqlite');
    expect(describeStore({ JALON_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://compte.documents.azure.com:443/' }, 'x')).toBe(
      'Cosmos DB https://compte.documents.azure.com:443/, base jalon, conteneur records (identité managée)',
    );
  });
});
