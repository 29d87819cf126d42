// One route of the API: what the Azure entry point registers with app.http, what the
// local host serves, and what the OpenAPI document describes, from one definition.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { isBadContinuation, langOf, toResponse, errors, type Lang } from './http.ts';
import { caller, runtime, type Caller, type Runtime } from './runtime.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDoc {
  summary: string;
  tags?: string[];
  /** Query parameters: name → description. */
  query?: Record<string, string>;
  /** JSON body schema (the same zod schema the handler validates with). */
  body?: z.ZodType;
  /** Other body media types accepted (e.g. a spreadsheet for the import). */
  bodyMediaTypes?: string[];
  /** Answer schema for the success status. */
  response?: z.ZodType;
  successStatus?: number;
  /** Needs If-Match (428 / 412 documented). */
  ifMatch?: boolean;
  paged?: boolean;
}

export interface HandlerInput {
  req: HttpRequest;
  context: InvocationContext;
  lang: Lang;
  caller: Caller;
  rt: Runtime;
  params: Record<string, string>;
}

export interface Route {
  /** The Azure Function's name: unique, letters and digits. */
  name: string;
  methods: Method[];
  /** Functions route template, without the `api/` prefix: `plans/{planId}`. */
  route: string;
  doc: RouteDoc;
  /** False only for the health probe and the OpenAPI document. */
  authenticated?: boolean;
  handle(input: HandlerInput): Promise<HttpResponseInit>;
}

/** Wraps a route's logic in the @azure/functions v4 handler signature, with the shared error handling. */
export function toAzureHandler(route: Route) {
  return async (req: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const lang = langOf(req);
    try {
      const rt = runtime();
      const who = route.authenticated === false ? anonymous : await caller(req, rt);
      if (!who) throw errors.unauthorized();
      return await route.handle({ req, context, lang, caller: who, rt, params: { ...req.params } });
    } catch (e) {
      if (isBadContinuation(e))
        return toResponse(
          errors.badRequest('Jeton de continuation invalide : reprenez la liste depuis le début.', 'Invalid continuation token: list again from the start.'),
          lang,
        );
      try {
        return toResponse(e, lang);
      } catch {
        context.error?.(e);
        return {
          status: 500,
          jsonBody: {
            error: {
              code: 'internal',
              message: lang === 'en' ? 'Unexpected error; nothing was changed.' : 'Erreur inattendue ; rien n’a été modifié.',
            },
          },
        };
      }
    }
  };
}

const anonymous: Caller = { tenantId: '', userId: '', displayName: '' };
