// Cosmos DB's emulator for tests and the bench: @vercel/cosmosdb-server started in this
// process on a free loopback port, with its self-signed certificate. It keeps data in
// memory only; it has no OFFSET/LIMIT, DISTINCT or GROUP BY, ignores the partitionKey
// option of queries (so every query of the store also filters on tenantId) and does not
// roll a failed batch back (so the store checks every write before it sends one).
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { CosmosStore, type CosmosStoreOptions } from './cosmos.ts';

export interface CosmosEmulator {
  endpoint: string;
  /** A store on this emulator; each call gets its own client. */
  open(options?: Partial<CosmosStoreOptions>): Promise<CosmosStore>;
  close(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1:`port` (0: any free port). */
export async function startCosmosEmulator(port = 0): Promise<CosmosEmulator> {
  const server = createHttpsServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stores: CosmosStore[] = [];
  return {
    endpoint,
    async open(options = {}) {
      const store = new CosmosStore({ endpoint, key: 'émulateur', disableTlsVerify: true, ...options });
      await store.ready();
      stores.push(store);
      return store;
    },
    async close() {
      for (const store of stores) await store.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
