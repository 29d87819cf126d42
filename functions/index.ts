// The Azure Functions entry point: every route of the table, registered with the v4
// programming model. The local host serves the same table without the Functions host.
import { app } from '@azure/functions';
import { toAzureHandler } from './route.ts';
import { routes } from './routes.ts';

for (const route of routes) {
  app.http(route.name, {
    methods: route.methods,
    route: route.route,
    // Sign-in is checked by the handler itself (Entra ID bearer tokens), not by function keys.
    authLevel: 'anonymous',
    handler: toAzureHandler(route),
  });
}
