// The Azure Functions entry point: every route of the table, registered with the v4
// programming model. The local host serves the same table without the Functions host.
import { app } from '@azure/functions';
import { toAzureHandler } from './route.ts';
import { routes } from './routes.ts';
import { runtime } from './runtime.ts';
import { timers } from '../teams-app/timers.ts';

for (const route of routes) {
  app.http(route.name, {
    methods: route.methods,
    route: route.route,
    // Sign-in is checked by the handler itself (Entra ID bearer tokens), not by function keys.
    authLevel: 'anonymous',
    handler: toAzureHandler(route),
  });
}

for (const timer of timers) {
  app.timer(timer.name, {
    schedule: timer.schedule,
    handler: (_tick, context) => timer.run(runtime(), context),
  });
}
