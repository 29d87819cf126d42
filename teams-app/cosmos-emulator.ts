// `npm run cosmos:emulator`: a Cosmos DB emulator (@vercel/cosmosdb-server) on loopback, to
// run Jalon on its Cosmos DB store with no Azure account. Data stays in memory: it is gone
// when this process stops.
import { startCosmosEmulator } from '../plan/store/emulator.ts';

const port = Number(process.env.COSMOS_EMULATOR_PORT || 8081);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write(`COSMOS_EMULATOR_PORT invalide : « ${process.env.COSMOS_EMULATOR_PORT} ».\n`);
  process.exit(2);
}
try {
  const emulator = await startCosmosEmulator(port);
  process.stdout.write(
    [
      `Émulateur Cosmos DB en mémoire sur ${emulator.endpoint} (arrêt : Ctrl+C).`,
      'Dans un autre terminal :',
      `  JALON_STORE=cosmos COSMOS_ENDPOINT=${emulator.endpoint} COSMOS_KEY=emulateur COSMOS_DISABLE_TLS_VERIFY=1 npm start`,
      '',
    ].join('\n'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  const error = e as NodeJS.ErrnoException;
  process.stderr.write(
    error.code === 'EADDRINUSE'
      ? `Le port ${port} est déjà pris : COSMOS_EMULATOR_PORT=${port + 1} npm run cosmos:emulator\n`
      : `L’émulateur n’a pas pu démarrer : ${error.message}\n`,
  );
  process.exit(1);
}
