// The portal's sections, in the order they are shown. A later feature (plan news, ideas,
// indicators…) adds its section here when it exists; nothing is shown for a feature that
// is not built, and a section whose data says it has nothing to show can opt out with
// `shows`.
import type { ComponentType } from 'react';
import type { Dashboard } from '../api.ts';
import { MyWork } from '../MyWork.tsx';
import { PlanAtAGlance } from './PlanAtAGlance.tsx';

/** What every section gets: the plan the portal opens on, and a way to say data changed. */
export interface PortalContext {
  planId: string;
  /** The plan's dashboard, as the Tableau de bord shows it. */
  dashboard: Dashboard;
  /** A section changed the plan (a milestone saved): the others' figures are read again. */
  onPlanChanged(): void;
}

export interface PortalSection {
  /** Stable, unique: the React key and the section's id in the page. */
  id: string;
  Component: ComponentType<PortalContext>;
  /** Whether the section shows in this context; always when left out. */
  shows?(context: PortalContext): boolean;
}

export const PORTAL_SECTIONS: readonly PortalSection[] = [
  { id: 'plan', Component: PlanAtAGlance },
  { id: 'my-work', Component: MyWork },
];
