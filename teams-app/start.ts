// `npm start`: the local host in dev mode (no sign-in, loopback only, one tenant, one user).
// AUTH_MODE is set here rather than in package.json so that the script works on every OS;
// an AUTH_MODE already set (e.g. unset on purpose by `AUTH_MODE= npm start`) is kept.
process.env.AUTH_MODE ??= 'dev';

const { startHost, DEFAULT_PORT } = await import('./host.ts');

const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT invalide : « ${process.env.PORT} » (un entier entre 0 et 65535 est attendu).\n`);
  process.exit(2);
}

let host: Awaited<ReturnType<typeof startHost>>;
try {
  host = await startHost({ port, host: process.env.HOST || undefined });
} catch (e) {
  process.stderr.write(`Le serveur local n’a pas pu démarrer : ${(e as Error).message}\n`);
  process.exit(1);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(130); // a second Ctrl+C: leave now
  stopping = true;
  process.stdout.write(`\n${signal} reçu : arrêt du serveur…\n`);
  host.close().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`Arrêt incomplet : ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
