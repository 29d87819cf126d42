import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument, openApiPath, pathParams, type OpenApiDocument } from '../openapi.ts';
import type { Route } from '../route.ts';
import { client, testRuntime } from '../testing.ts';
import { XLSX_TYPE } from './import.ts';
import { openapiRoutes } from './openapi.ts';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The JSON pointer `#/a/b~1c` in `doc`, or undefined. */
function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: any = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * What an OpenAPI 3.0 document must hold for tools to read it: the structure we rely
 * on, every path parameter declared, every $ref resolving. Returns the problems found.
 */
function problems(doc: Json): string[] {
  const out: string[] = [];
  if (!/^3\.0\.\d+$/.test(doc.openapi)) out.push(`openapi: ${doc.openapi}`);
  if (typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string') out.push('info: title and version');
  if (!doc.paths || typeof doc.paths !== 'object') out.push('paths missing');
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!path.startsWith('/')) out.push(`${path}: must start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries<Json>(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) {
        out.push(`${where}: unknown method`);
        continue;
      }
      if (typeof op.operationId !== 'string' || operationIds.has(op.operationId)) out.push(`${where}: operationId`);
      operationIds.add(op.operationId);
      const params: Json[] = op.parameters ?? [];
      const seen = new Set<string>();
      for (const p of params) {
        if (!['path', 'query', 'header', 'cookie'].includes(p.in)) out.push(`${where}: parameter ${p.name} in ${p.in}`);
        if (!p.schema) out.push(`${where}: parameter ${p.name} has no schema`);
        if (seen.has(`${p.in}:${p.name}`)) out.push(`${where}: parameter ${p.name} twice`);
        seen.add(`${p.in}:${p.name}`);
        if (p.in === 'path' && (!templated.includes(p.name) || p.required !== true))
          out.push(`${where}: path parameter ${p.name} not in the path or not required`);
      }
      for (const name of templated)
        if (!params.some((p) => p.in === 'path' && p.name === name)) out.push(`${where}: path parameter ${name} undeclared`);
      if (op.requestBody && Object.keys(op.requestBody.content ?? {}).length === 0) out.push(`${where}: empty requestBody`);
      const responses = Object.entries<Json>(op.responses ?? {});
      if (responses.length === 0) out.push(`${where}: no response`);
      for (const [status, response] of responses) {
        if (!/^([1-5]\d\d|default)$/.test(status)) out.push(`${where}: status ${status}`);
        if (typeof response.description !== 'string') out.push(`${where} ${status}: no description`);
      }
      for (const requirement of op.security ?? [])
        for (const scheme of Object.keys(requirement))
          if (!doc.components?.securitySchemes?.[scheme]) out.push(`${where}: security scheme ${scheme} undeclared`);
    }
  }
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') {
        if (typeof value !== 'string' || resolve(doc, value) === undefined) out.push(`${at}: $ref ${String(value)} does not resolve`);
      } else if (key === '$defs' || key === 'definitions' || key === '$schema') out.push(`${at}: ${key} left in a 3.0 document`);
      else walk(value, `${at}/${key}`);
    }
  };
  walk(doc, '#');
  return out;
}

describe('GET /api/openapi.json', () => {
  it('describes every route of the table with each method, as a valid OpenAPI 3.0 document, with no sign-in', async () => {
    const rt = testRuntime();
    try {
      const res = await client(openapiRoutes).get('openapi.json', { anonymous: true });
      expect(res.status).toBe(200);
      const doc = res.body as OpenApiDocument;
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info.title).toBe('Jalon API');
      expect(doc.servers).toEqual([{ url: '/' }]);
      expect(problems(doc)).toEqual([]);

      const { routes } = await import('../routes.ts');
      for (const route of routes)
        for (const method of route.methods) {
          const op = doc.paths[openApiPath(route.route)]?.[method.toLowerCase()];
          expect(op, `${method} ${route.route}`).toBeDefined();
          expect(op!.summary).toBe(route.doc.summary);
        }
      const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
      expect(count).toBe(routes.reduce((n, r) => n + r.methods.length, 0));
    } finally {
      await rt.dispose();
    }
  });

  it('shows the import’s multipart form and spreadsheet body, and its 201, 200, 413 and 422 answers', async () => {
    const rt = testRuntime();
    try {
      const doc = (await client(openapiRoutes).get('openapi.json')).body as Json;
      for (const path of ['/api/plans/import', '/api/plans/{planId}/import']) {
        const op = doc.paths[path].post;
        const content = op.requestBody.content;
        expect(Object.keys(content)).toEqual(['multipart/form-data', 'text/csv', XLSX_TYPE, 'application/octet-stream']);
        expect(content['multipart/form-data'].schema.properties.file).toEqual(
          expect.objectContaining({ type: 'string', format: 'binary' }),
        );
        expect(content[XLSX_TYPE].schema).toEqual({ type: 'string', format: 'binary' });
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '413', '422']));
        expect(op.responses['422'].content['application/json'].schema.properties.errors.type).toBe('array');
        expect(op.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['dryRun', 'fileName', 'plan', 'profile']));
      }
      expect(doc.paths['/api/plans/{planId}/import'].post.responses['404']).toBeDefined();
    } finally {
      await rt.dispose();
    }
  });

  it('documents If-Match, paging, 412 and 428 on people and settings, and no sign-in on health', async () => {
    const rt = testRuntime();
    try {
      const doc = (await client(openapiRoutes).get('openapi.json')).body as Json;
      const link = doc.paths['/api/people/{personId}'].patch;
      expect(link.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]),
      );
      expect(Object.keys(link.responses)).toEqual(['200', '400', '401', '404', '409', '412', '428']);
      expect(link.requestBody.content['application/json'].schema.properties.email).toMatchObject({ format: 'email' });
      const list = doc.paths['/api/people'].get;
      expect(list.parameters.map((p: Json) => p.name)).toEqual(['unlinked', 'linked', 'email', 'q', 'limit', 'continuation']);
      expect(link.requestBody.content['application/json'].schema.properties.sameAs).toBeDefined();
      expect(doc.paths['/api/settings'].patch.summary).toContain('If-Match: new');
      expect(doc.paths['/api/health'].get.security).toEqual([]);
      expect(doc.paths['/api/health'].get.responses['200'].content['application/json'].schema.properties.store.enum).toEqual([
        'sqlite',
        'cosmos',
      ]);
    } finally {
      await rt.dispose();
    }
  });
});

describe('openApiDocument', () => {
  const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
    name: z.string(),
    children: z.array(z.lazy(() => Node)),
  });
  const Thing = z.object({ a: z.string() }).meta({ id: 'Thing' });
  const OtherThing = z.object({ b: z.number() }).meta({ id: 'Thing2' });
  const route = (name: string, template: string, doc: Route['doc'], methods: Route['methods'] = ['GET']): Route => ({
    name,
    methods,
    route: template,
    doc,
    handle: async () => ({ status: 204 }),
  });

  it('moves recursive and named schemas into components, and every $ref resolves', () => {
    const doc = openApiDocument([
      route('tree', 'trees/{treeId}/nodes/{nodeId}', { summary: 'Un arbre', response: Node }),
      route('things', 'things', { summary: 'Des choses', body: z.object({ x: Thing, y: Thing, z: OtherThing }) }, ['POST', 'PUT']),
    ]);
    expect(problems(doc as Json)).toEqual([]);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Error', 'Thing', 'Thing2', 'treeResponse']);
    expect(doc.paths['/api/trees/{treeId}/nodes/{nodeId}']!.get!.responses).toHaveProperty('404');
    expect(Object.keys(doc.paths['/api/things']!)).toEqual(['post', 'put']);
    expect(doc.paths['/api/things']!.post!.operationId).toBe('thingsPost');
  });

  it('refuses two routes for the same method and path', () => {
    expect(() =>
      openApiDocument([route('a', 'x/{id}', { summary: 'a' }), route('b', 'x/{id}', { summary: 'b' })]),
    ).toThrow(/Deux routes pour GET \/api\/x\/\{id\}/);
  });

  it('reads path parameters from Functions templates', () => {
    expect(pathParams('plans/{planId}/items/{id:int}/{rest?}')).toEqual(['planId', 'id', 'rest']);
    expect(openApiPath('plans/{planId}/items/{id:int}')).toBe('/api/plans/{planId}/items/{id}');
  });

  it('finds what the check looks for: a broken $ref, an undeclared path parameter', () => {
    const doc = openApiDocument([route('a', 'x/{id}', { summary: 'a' })]) as Json;
    doc.paths['/api/x/{id}'].get.parameters = [];
    doc.paths['/api/x/{id}'].get.responses['404'].content['application/json'].schema = { $ref: '#/components/schemas/Nope' };
    expect(problems(doc)).toEqual([
      'GET /api/x/{id}: path parameter id undeclared',
      '#/paths//api/x/{id}/get/responses/404/content/application/json/schema: $ref #/components/schemas/Nope does not resolve',
    ]);
  });
});
