// The plan's dashboard: the whole plan loaded once, the tenant's direction names, today
// where the collectivité is, and plan/dashboard.ts lays the roll-up out.
import { Dashboard, planDashboard } from '../../plan/dashboard.ts';
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
      const tree = await rt.store.loadPlan(caller.tenantId, planId);
      if (!tree) throw new NotFoundError('plan', planId);
      const tenant = await loadTenant(rt.store, caller.tenantId, rt.now().toISOString());
      return json(200, planDashboard(tree, tenant.settings, { today: rt.today(), lang }));
    },
  },
];
