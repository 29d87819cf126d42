// The timer functions: what the Azure entry point registers with app.timer, and what the
// local host runs by hand on `POST /admin/functions/{name}` (dev mode), as the Functions
// host does. A timer is added here or nowhere.
import type { InvocationContext } from '@azure/functions';
import type { Runtime } from '../functions/runtime.ts';

export interface TimerFunction {
  /** The Azure Function's name: unique, letters and digits. */
  name: string;
  /** NCRONTAB, six fields with seconds, in the Functions host's time zone: `0 0 9 * * 1`. */
  schedule: string;
  run(rt: Runtime, context: InvocationContext): Promise<void>;
}

export const timers: TimerFunction[] = [
  {
    // A large commit (an import) on Cosmos DB is staged then published; one cut short by
    // a crash leaves staged documents that no reader sees. This removes them, and
    // finishes the tidying of published ones. Nothing to do on SQLite.
    name: 'tidyStagedImports',
    schedule: '0 17 * * * *',
    async run(rt, context) {
      if (!rt.store.tidy) return;
      const done = await rt.store.tidy(rt.now());
      if (done.finished || done.removed) context.log(`Imports : ${done.finished} terminé(s), ${done.removed} abandonné(s) supprimé(s).`);
    },
  },
];
