// The plan's dashboard: the plan's structure and the sums of its levels (never its
// projects: on Cosmos DB they are kept up to date on each write), the tenant's direction
// names and today where the collectivité is; plan/rollup-docs.ts lays them out exactly as
// planDashboard would from the whole plan.
import { Dashboard } from '../../plan/dashboard.ts';
import { dashboardFromSums } from '../../plan/rollup-docs.ts';
import { loadTenant } from '../../plan/settings.ts';
import { NotFoundError } from '../../plan/store/errors.ts';
import { json } from '../http.ts';
import type { Route } from '../route.ts';

export const dashboardRoutes: Route[] = [
  {
    name: 'planDashboard',
    methods: ['GET'],
    route: 'plans/{planId}/dashboard',
    doc: {
      summary:
        'Le tableau de bord d’un plan : totaux, ambitions et objectifs imbriqués, directions, croisement ambition × direction, et la formule de calcul publiée',
      tags: ['Tableau de bord'],
      response: Dashboard,
    },
    async handle({ rt, caller, params, lang }) {
      const planId = params.planId ?? '';
      const [summary, tenant] = await Promise.all([
        rt.store.loadPlanSummary(caller.tenantId, planId),
        loadTenant(rt.store, caller.tenantId, rt.now().toISOString()),
      ]);
      if (!summary) throw new NotFoundError('plan', planId);
      return json(200, dashboardFromSums(summary, summary.levels, tenant.settings, { today: rt.today(), lang }));
    },
  },
];
