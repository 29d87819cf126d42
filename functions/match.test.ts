import { describe, expect, it } from 'vitest';
import { allowedMethods, compileRoute, matchRoute } from './match.ts';
import type { Route } from './route.ts';

const route = (name: string, methods: Route['methods'], template: string): Route => ({
  name,
  methods,
  route: template,
  doc: { summary: name },
  handle: async () => ({ status: 200 }),
});

const routes = [
  route('plansList', ['GET'], 'plans'),
  route('planGet', ['GET'], 'plans/{planId}'),
  route('planDelete', ['DELETE'], 'plans/{planId}'),
  route('planImport', ['GET'], 'plans/import'),
  route('dashboard', ['GET'], 'plans/{planId}/dashboard'),
  route('openapi', ['GET'], 'openapi.json'),
];

describe('matching a request to the route table', () => {
  it('takes a path with or without /api/, ignores the query, and decodes parameters', () => {
    for (const path of ['/api/plans/a%20b/dashboard', 'api/plans/a%20b/dashboard?x=1', 'plans/a%20b/dashboard/']) {
      const m = matchRoute(routes, 'get', path);
      expect([m?.route.name, m?.params]).toEqual(['dashboard', { planId: 'a b' }]);
    }
  });

  it('picks the route of the method asked', () => {
    expect(matchRoute(routes, 'DELETE', '/api/plans/42')?.route.name).toBe('planDelete');
    expect(matchRoute(routes, 'PATCH', '/api/plans/42')).toBeNull();
    expect(allowedMethods(routes, '/api/plans/42').sort()).toEqual(['DELETE', 'GET']);
    expect(allowedMethods(routes, '/api/nowhere')).toEqual([]);
  });

  it('prefers a literal segment to a parameter, and matches literals case-insensitively', () => {
    expect(matchRoute(routes, 'GET', '/api/plans/import')?.route.name).toBe('planImport');
    expect(matchRoute(routes, 'GET', '/api/Plans/42')?.route.name).toBe('planGet');
    expect(matchRoute(routes, 'GET', '/api/openapi.json')?.route.name).toBe('openapi');
  });

  it('never matches a segment too many or too few', () => {
    expect(matchRoute(routes, 'GET', '/api/plans/42/dashboard/x')).toBeNull();
    expect(matchRoute(routes, 'GET', '/api')).toBeNull();
  });

  it('compiles optional trailing parameters and refuses templates it cannot read', () => {
    const c = compileRoute('files/{name?}');
    expect(c.match('files')).toEqual({});
    expect(c.match('files/x')).toEqual({ name: 'x' });
    expect(() => compileRoute('a/{b?}/c')).toThrow();
    expect(() => compileRoute('a/x{b}')).toThrow();
  });
});
