// The OpenAPI 3 description of the API, generated from the route table and each route's
// RouteDoc: the same zod schemas the handlers validate with and answer with, so that the
// description cannot drift from the code. GET /api/openapi.json serves it.
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Method, Route, RouteDoc } from './route.ts';

/** One more answer a route documents beside its success and the usual errors. */
export interface ExtraResponse {
  description: string;
  /** JSON answer; the error schema when left out and the status is 4xx or 5xx. */
  schema?: z.ZodType;
}

/**
 * A RouteDoc with the answers the generator cannot guess (a 409, a 422 with a body…).
 * Assign it to a Route's `doc` through a variable of this type.
 */
export interface DocumentedRouteDoc extends RouteDoc {
  responses?: Record<number, ExtraResponse>;
  /** Longer text than the summary (Markdown). */
  description?: string;
}

export const OPENAPI_VERSION = '3.0.3';
export const API_TITLE = 'Jalon API';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/** Every error answer of the API (functions/http.ts, toResponse). */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable, for programs: not-found, conflict, if-match-required…' }),
    message: z.string().meta({ description: 'For people: French, or English with Accept-Language: en.' }),
    details: z.unknown().optional(),
    current: z.unknown().optional().meta({ description: '412 : l’enregistrement tel qu’il est maintenant.' }),
  }),
});

const STATUS_TEXT: Record<number, string> = {
  200: 'Succès.',
  201: 'Créé.',
  204: 'Fait, sans contenu.',
  400: 'Requête invalide : le message dit quel champ ou quel paramètre, en français (en anglais avec Accept-Language: en).',
  401: 'Connexion requise.',
  404: 'Introuvable dans la collectivité.',
  409: 'Conflit avec un autre enregistrement.',
  412: 'Version périmée : l’enregistrement a changé depuis sa lecture (If-Match). Relisez-le et recommencez.',
  428: 'En-tête If-Match requis : renvoyez l’etag lu.',
};

const SECURITY_SCHEME = 'entra';

/** `{planId}`, `{id?}`, `{id:int}` → the parameter names of a route template. */
export function pathParams(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\??(?::[^}]*)?\}/g)].map((m) => m[1]!);
}

/** The OpenAPI path of a Functions route template: `/api/` + the template, parameters bare. */
export function openApiPath(template: string): string {
  return `/api/${template.replace(/^\/+/, '').replace(/\{([A-Za-z_][A-Za-z0-9_]*)\??(?::[^}]*)?\}/g, '{$1}')}`;
}

const isJsonType = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const isFormType = (mediaType: string) =>
  mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded';

/**
 * Converts zod schemas to OpenAPI 3.0 schema objects. Schemas are inlined; what zod puts
 * in `definitions` (schemas with a meta id, recursive ones) is moved to
 * components.schemas and referenced from there.
 */
class SchemaWriter {
  readonly components: Record<string, Json> = {};
  private readonly cache = new Map<string, Map<z.ZodType, Json>>();

  /** A component of the writer's own (the error body), referenced by name. */
  named(name: string, schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
    if (!this.components[name]) this.components[name] = this.convert(schema, io, name, true);
    return { $ref: `#/components/schemas/${name}` };
  }

  schema(schema: z.ZodType, io: 'input' | 'output', hint: string): Json {
    let byIo = this.cache.get(io);
    if (!byIo) this.cache.set(io, (byIo = new Map()));
    let out = byIo.get(schema);
    if (!out) byIo.set(schema, (out = this.convert(schema, io, hint, false)));
    return out;
  }

  private convert(schema: z.ZodType, io: 'input' | 'output', hint: string, asComponent: boolean): Json {
    const raw = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io }) as Json;
    delete raw.$schema;
    const definitions = { ...((raw.definitions as Record<string, Json> | undefined) ?? {}), ...((raw.$defs as Record<string, Json> | undefined) ?? {}) };
    delete raw.definitions;
    delete raw.$defs;

    // Names for this schema's definitions among the components, and for the root when it
    // refers to itself (`#`).
    const renamed = new Map<string, string>();
    // zod names the schemas it had to pull out on its own `__schema0`…: named after the
    // route's schema instead, so that the component list reads.
    for (const [name, definition] of Object.entries(definitions))
      renamed.set(name, this.reserve(name.replace(/^__schema(\d+)$/, `${hint}_$1`), definition));
    const selfReferencing = JSON.stringify(raw).includes('"$ref":"#"');
    const rootName = asComponent ? hint : selfReferencing ? this.reserve(hint, raw) : null;

    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!node || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') out[key] = this.target(value, renamed, rootName);
        else out[key] = rewrite(value);
      }
      return out;
    };
    for (const [name, definition] of Object.entries(definitions)) this.components[renamed.get(name)!] = rewrite(definition) as Json;
    const root = rewrite(raw) as Json;
    if (rootName && !asComponent) {
      this.components[rootName] = root;
      return { $ref: `#/components/schemas/${rootName}` };
    }
    return root;
  }

  private target(ref: string, renamed: Map<string, string>, rootName: string | null): string {
    if (ref === '#' && rootName) return `#/components/schemas/${rootName}`;
    const m = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(ref);
    if (m) {
      const name = renamed.get(decodeURIComponent(m[1]!));
      if (name) return `#/components/schemas/${name}`;
    }
    return ref;
  }

  /** A free component name: `name`, or the same one when it holds the same schema, else `name2`… */
  private reserve(name: string, schema: Json): string {
    const base = name.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? base : `${base}${i}`;
      const existing = this.components[candidate];
      if (!existing || isDeepStrictEqual(existing, schema)) return candidate;
    }
  }
}

function operation(route: Route, method: Method, writer: SchemaWriter, errorRef: Json): Json {
  const doc = route.doc as DocumentedRouteDoc;
  const params = pathParams(route.route);
  const parameters: Json[] = params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  for (const [name, description] of Object.entries(doc.query ?? {}))
    parameters.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });
  if (doc.paged) {
    const has = (name: string) => doc.query && name in doc.query;
    if (!has('limit'))
      parameters.push({
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Taille de la page, 1 à 1000 (100 par défaut).',
        schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      });
    if (!has('continuation'))
      parameters.push({
        name: 'continuation',
        in: 'query',
        required: false,
        description: 'Le jeton `continuation` de la page précédente, tel quel.',
        schema: { type: 'string' },
      });
  }
  if (doc.ifMatch)
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description: 'L’etag de l’enregistrement lu (en-tête ETag ou champ etag).',
      schema: { type: 'string' },
    });

  const op: Json = {
    operationId: route.methods.length > 1 ? `${route.name}${method[0]}${method.slice(1).toLowerCase()}` : route.name,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags ?? [],
  };
  if (parameters.length > 0) op.parameters = parameters;

  const mediaTypes = doc.bodyMediaTypes ?? (doc.body ? ['application/json'] : []);
  if (mediaTypes.length > 0) {
    const content: Json = {};
    for (const mediaType of mediaTypes) {
      let schema: Json;
      if ((isJsonType(mediaType) || isFormType(mediaType)) && doc.body)
        schema = writer.schema(doc.body, 'input', `${route.name}Body`);
      else if (isFormType(mediaType))
        schema = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };
      else schema = { type: 'string', format: 'binary' };
      content[mediaType] = { schema };
    }
    op.requestBody = { required: true, content };
  }

  const responses: Record<string, Json> = {};
  const success = doc.successStatus ?? 200;
  const answer = (status: number, description: string, schema?: Json): Json =>
    schema
      ? { description, content: { 'application/json': { schema } } }
      : status >= 400
        ? { description, content: { 'application/json': { schema: errorRef } } }
        : { description };
  responses[String(success)] = answer(
    success,
    STATUS_TEXT[success] ?? 'Succès.',
    doc.response ? writer.schema(doc.response, 'output', `${route.name}Response`) : undefined,
  );
  const errorStatuses = new Set<number>();
  if (doc.body || doc.bodyMediaTypes || doc.query || doc.paged) errorStatuses.add(400);
  if (route.authenticated !== false) errorStatuses.add(401);
  if (params.length > 0) errorStatuses.add(404);
  if (doc.ifMatch) {
    errorStatuses.add(412);
    errorStatuses.add(428);
  }
  for (const status of [...errorStatuses].sort()) responses[String(status)] = answer(status, STATUS_TEXT[status]!);
  for (const [status, extra] of Object.entries(doc.responses ?? {}))
    responses[status] = answer(
      Number(status),
      extra.description,
      extra.schema ? writer.schema(extra.schema, 'output', `${route.name}${status}`) : undefined,
    );
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  op.security = route.authenticated === false ? [] : [{ [SECURITY_SCHEME]: [] }];
  return op;
}

/** The OpenAPI 3.0 document of `routes`. */
export function openApiDocument(routes: readonly Route[], options: { version?: string } = {}): OpenApiDocument {
  const writer = new SchemaWriter();
  const errorRef = writer.named('Error', ApiErrorBody);
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(route.route);
    const item = (paths[path] ??= {});
    for (const method of route.methods) {
      const key = method.toLowerCase();
      if (item[key]) throw new Error(`Deux routes pour ${method} ${path} : ${String(item[key].operationId)} et ${route.name}.`);
      item[key] = operation(route, method, writer, errorRef);
    }
    for (const tag of route.doc.tags ?? []) tags.add(tag);
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: API_TITLE,
      version: options.version ?? '0.0.0',
      description:
        'L’API de Jalon : le plan stratégique de la collectivité (ambitions, objectifs, projets, jalons). ' +
        'Messages en français, en anglais avec Accept-Language: en. Les écritures sur un enregistrement exigent ' +
        'If-Match avec son etag (428 sans, 412 s’il est périmé). Les listes sont paginées par jeton (limit, continuation). ' +
        'Réglages : tant que la collectivité n’a jamais été enregistrée, GET /api/settings répond etag null et le premier PATCH envoie If-Match: new.',
    },
    servers: [{ url: '/' }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      schemas: writer.components,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Jeton Entra ID (Microsoft Teams SSO).',
        },
      },
    },
  };
}
