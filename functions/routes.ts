// The one route table: the Azure entry point (functions/index.ts) registers it with
// app.http, the local host (teams-app/host.ts) serves it, and /api/openapi.json
// describes it. A route is added here or nowhere.
import { dashboardRoutes } from './handlers/dashboard.ts';
import { healthRoutes } from './handlers/health.ts';
import { importRoutes } from './handlers/import.ts';
import { openapiRoutes } from './handlers/openapi.ts';
import { peopleRoutes } from './handlers/people.ts';
import { planRoutes } from './handlers/plans.ts';
import { projectRoutes } from './handlers/projects.ts';
import { roadmapRoutes } from './handlers/roadmap.ts';
import { settingsRoutes } from './handlers/settings.ts';
import { structureRoutes } from './handlers/structure.ts';
import { workRoutes } from './handlers/work.ts';
import type { Route } from './route.ts';

export const routes: Route[] = [
  ...healthRoutes,
  ...openapiRoutes,
  ...planRoutes,
  ...dashboardRoutes,
  ...structureRoutes,
  ...projectRoutes,
  ...roadmapRoutes,
  ...peopleRoutes,
  ...settingsRoutes,
  ...importRoutes,
  ...workRoutes,
];
