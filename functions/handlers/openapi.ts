// GET /api/openapi.json: the OpenAPI 3 description of every route of the table,
// generated from the routes' own schemas (functions/openapi.ts). No sign-in: it says
// what the API accepts, nothing about any tenant.
import packageJson from '../../package.json' with { type: 'json' };
import { json } from '../http.ts';
import { openApiDocument, type OpenApiDocument } from '../openapi.ts';
import type { Route } from '../route.ts';

let cached: OpenApiDocument | undefined;

/** The document of the whole route table, built once per process. */
export async function apiDocument(): Promise<OpenApiDocument> {
  if (!cached) {
    // Imported here, not at the top: the table imports this file.
    const { routes } = await import('../routes.ts');
    cached = openApiDocument(routes, { version: packageJson.version });
  }
  return cached;
}

export const openapiRoutes: Route[] = [
  {
    name: 'openapi',
    methods: ['GET'],
    route: 'openapi.json',
    authenticated: false,
    doc: {
      summary: 'La description OpenAPI 3 de cette API',
      tags: ['Service'],
    },
    async handle() {
      return json(200, await apiDocument(), { 'cache-control': 'public, max-age=300' });
    },
  },
];
