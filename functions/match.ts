// Which route of the table answers a request, the way the Functions host decides it:
// templates are written without the `api/` prefix (`plans/{planId}/dashboard`), `{name}`
// takes one path segment, literal segments match case-insensitively and win over a
// parameter at the same place (`plans/import` before `plans/{planId}`). The test harness
// (functions/testing.ts) and the local host both route with this, so that a path that
// works there works under Azure too.
import type { Method, Route } from './route.ts';

type Segment = { literal: string } | { param: string; optional: boolean };

export interface CompiledRoute {
  template: string;
  segments: Segment[];
  /** Matches a path (segments joined by `/`, no leading slash, no `api/`); params decoded. */
  match(path: string): Record<string, string> | null;
  /**
   * How specific the template is, compared left to right: a literal segment outranks a
   * parameter. Used to pick one route when several templates match.
   */
  rank: number[];
}

/**
 * Compiles a Functions route template. Supported: literal segments, `{name}`, `{name?}`
 * (optional, trailing only) and `{name:constraint}` (the constraint is ignored, as the
 * templates of this app use none).
 */
export function compileRoute(template: string): CompiledRoute {
  const parts = template.replace(/^\/+|\/+$/g, '').split('/').filter((p) => p !== '');
  const segments: Segment[] = parts.map((part) => {
    const m = /^\{([A-Za-z_][A-Za-z0-9_]*)(\?)?(?::[^}]*)?\}$/.exec(part);
    if (m) return { param: m[1]!, optional: m[2] === '?' };
    if (part.includes('{') || part.includes('}')) throw new Error(`Modèle de route non pris en charge : « ${template} ».`);
    return { literal: part.toLowerCase() };
  });
  segments.forEach((s, i) => {
    if ('param' in s && s.optional && i !== segments.length - 1) {
      throw new Error(`Modèle de route « ${template} » : seul le dernier paramètre peut être facultatif.`);
    }
  });
  const required = segments.filter((s) => !('param' in s && s.optional)).length;
  return {
    template,
    segments,
    rank: segments.map((s) => ('literal' in s ? 2 : s.optional ? 0 : 1)),
    match(path: string) {
      const given = splitPath(path);
      if (given.length < required || given.length > segments.length) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const s = segments[i]!;
        const value = given[i];
        if (value === undefined) continue; // only a trailing optional parameter is left
        if ('literal' in s) {
          if (value.toLowerCase() !== s.literal) return null;
        } else {
          let decoded: string;
          try {
            decoded = decodeURIComponent(value);
          } catch {
            return null;
          }
          if (decoded === '') return null;
          params[s.param] = decoded;
        }
      }
      return params;
    },
  };
}

/** A URL path as route segments: leading slashes and an `api/` prefix dropped, query cut. */
function splitPath(path: string): string[] {
  const bare = path.split(/[?#]/)[0] ?? '';
  const parts = bare.split('/').filter((p) => p !== '');
  if (parts[0]?.toLowerCase() === 'api') parts.shift();
  return parts;
}

const compiled = new WeakMap<Route, CompiledRoute>();
function compiledOf(route: Route): CompiledRoute {
  let c = compiled.get(route);
  if (!c) compiled.set(route, (c = compileRoute(route.route)));
  return c;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? -1) - (a[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * The route that answers `method` on `pathname` (`/api/plans/42`, `api/plans/42` or
 * `plans/42`; a query string is ignored), with its parameters URL-decoded; null when no
 * route does. Where several templates match, the most literal one wins.
 */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | null {
  const wanted = method.toUpperCase() as Method;
  let best: { match: RouteMatch; rank: number[] } | null = null;
  for (const route of routes) {
    if (!route.methods.includes(wanted)) continue;
    const c = compiledOf(route);
    const params = c.match(pathname);
    if (params === null) continue;
    if (best === null || compareRank(c.rank, best.rank) < 0) best = { match: { route, params }, rank: c.rank };
  }
  return best?.match ?? null;
}

/**
 * The methods some route serves on `pathname`, for a 405 with an `Allow` header when
 * matchRoute found nothing for the method asked; empty when the path is unknown (404).
 */
export function allowedMethods(routes: readonly Route[], pathname: string): Method[] {
  const methods = new Set<Method>();
  for (const route of routes) {
    if (compiledOf(route).match(pathname) !== null) for (const m of route.methods) methods.add(m);
  }
  return [...methods];
}
