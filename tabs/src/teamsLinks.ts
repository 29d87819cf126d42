// How Jalon names what a tab shows, the Teams way: a channel tab's entityId and contentUrl
// (set by the configuration page with pages.config.setConfig), and deep links to a
// project, which Teams opens in the personal tab with the project as its subPageId
// (context.page.subPageId). Pure functions: teams.ts and the pages call them.

/** What a channel tab can be pinned to. */
export type SliceKind = 'plan' | 'ambition' | 'objective' | 'project';

export interface Slice {
  kind: SliceKind;
  planId: string;
  /** The ambition, objective or project; the plan's id again for a plan. */
  id: string;
}

/** The personal (static) tab's entityId in manifest/manifest.json. */
export const STATIC_TAB_ENTITY_ID = 'portail';

const SEP = ':';
const enc = (s: string) => encodeURIComponent(s);

/**
 * A stable, unique entityId for a channel tab: `jalon:<kind>:<planId>:<id>`. Teams keeps it
 * with the tab and hands it back in the context; ids are URI-encoded so `:` inside them
 * cannot shift the fields.
 */
export function entityIdOf(slice: Slice): string {
  return ['jalon', slice.kind, enc(slice.planId), enc(slice.id)].join(SEP);
}

/** The slice an entityId (or a deep link's subPageId) names, or null when it is not one of Jalon's. */
export function sliceOf(entityId: string | null | undefined): Slice | null {
  if (!entityId) return null;
  const parts = entityId.split(SEP);
  if (parts.length !== 4 || parts[0] !== 'jalon') return null;
  const kind = parts[1] as SliceKind;
  if (!['plan', 'ambition', 'objective', 'project'].includes(kind)) return null;
  try {
    const planId = decodeURIComponent(parts[2]!);
    const id = decodeURIComponent(parts[3]!);
    if (!planId || !id) return null;
    return { kind, planId, id };
  } catch {
    return null;
  }
}

/**
 * The in-app address (the hash) that shows a slice: the plan's dashboard, drilled down to
 * an ambition or an objective, or the project's page.
 */
export function hashOf(slice: Slice): string {
  const q = new URLSearchParams({ plan: slice.planId });
  switch (slice.kind) {
    case 'plan':
      return `#/dashboard?${q}`;
    case 'ambition':
      q.set('ambition', slice.id);
      return `#/dashboard?${q}`;
    case 'objective':
      q.set('objective', slice.id);
      return `#/dashboard?${q}`;
    case 'project':
      q.set('id', slice.id);
      return `#/project?${q}`;
  }
}

/**
 * The URLs a channel tab is saved with: contentUrl is what Teams loads in the tab (marked
 * `source=teams`, as the static tab's), websiteUrl what « Go to website » opens.
 */
export function channelTabConfig(origin: string, slice: Slice, displayName: string) {
  const hash = hashOf(slice);
  return {
    entityId: entityIdOf(slice),
    contentUrl: `${origin}/tabs/?source=teams${hash}`,
    websiteUrl: `${origin}/tabs/${hash}`,
    // Teams limits a tab's name: keep it short enough to show whole.
    suggestedDisplayName: displayName.length > 40 ? `${displayName.slice(0, 39)}…` : displayName,
  };
}

/**
 * A deep link that opens a project in Jalon's personal tab, from a card, a message or
 * another app: https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context={"subEntityId":…}
 * (the documented deep-link format for a tab; Teams passes subEntityId to the tab as
 * context.page.subPageId).
 */
export function projectDeepLink(options: { appId: string; origin: string; planId: string; projectId: string; label: string }): string {
  const slice: Slice = { kind: 'project', planId: options.planId, id: options.projectId };
  const params = new URLSearchParams({
    webUrl: `${options.origin}/tabs/${hashOf(slice)}`,
    label: options.label,
    context: JSON.stringify({ subEntityId: entityIdOf(slice) }),
  });
  return `https://teams.microsoft.com/l/entity/${enc(options.appId)}/${STATIC_TAB_ENTITY_ID}?${params}`;
}
