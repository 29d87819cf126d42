// The timer functions: what the Azure entry point registers with app.timer, and what the
// local host runs by hand on `POST /admin/functions/{name}` (dev mode), as the Functions
// host does. A timer is added here or nowhere. The first one, `milestoneReminders`,
// comes with the bot.
import type { InvocationContext } from '@azure/functions';
import type { Runtime } from '../functions/runtime.ts';

export interface TimerFunction {
  /** The Azure Function's name: unique, letters and digits. */
  name: string;
  /** NCRONTAB, six fields with seconds, in the Functions host's time zone: `0 0 9 * * 1`. */
  schedule: string;
  run(rt: Runtime, context: InvocationContext): Promise<void>;
}

export const timers: TimerFunction[] = [];
