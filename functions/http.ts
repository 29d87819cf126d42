// The HTTP edge of the API, shared by every handler: language, errors, JSON bodies
// checked against the shared zod schemas, If-Match, paging. Handlers stay thin.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { ConflictError, DuplicateError, NotFoundError, StoreConfigError, StoreUnavailableError } from '../plan/store/errors.ts';
import type { PageOptions } from '../plan/store/ports.ts';

export type Lang = 'fr' | 'en';

const FRENCH = z.locales.fr();
const ENGLISH = z.locales.en();

/** French unless the client asks for English first. */
export function langOf(req: Pick<HttpRequest, 'headers'>): Lang {
  // The client's preferred language of the two, by its q-values; French when it names neither.
  let best: { lang: Lang; q: number } | null = null;
  for (const part of (req.headers.get('accept-language') ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const lang: Lang | null = tag.startsWith('en') ? 'en' : tag.startsWith('fr') ? 'fr' : null;
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'fr';
}

/** An answer the client must act on, with its message in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fr: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(fr);
    this.name = 'ApiError';
  }
}

export const errors = {
  badRequest: (fr: string, en: string, details?: unknown) => new ApiError(400, 'bad-request', fr, en, details),
  unauthorized: () =>
    new ApiError(401, 'unauthorized', 'Connexion requise.', 'Sign-in required.'),
  notFound: (what: { fr: string; en: string }, id: string) =>
    new ApiError(404, 'not-found', `${what.fr} ${id} introuvable.`, `${what.en} ${id} not found.`),
  preconditionRequired: (star = false) =>
    new ApiError(
      428,
      'if-match-required',
      star
        ? 'If-Match: * n’est pas accepté : relisez l’enregistrement et renvoyez sa version (etag), pour ne pas écraser une modification faite entre-temps.'
        : 'En-tête If-Match requis : relisez l’enregistrement et renvoyez sa version (etag).',
      star
        ? 'If-Match: * is not accepted: read the record again and send its version (etag), so as not to overwrite a change made meanwhile.'
        : 'If-Match header required: read the record again and send its version (etag).',
    ),
};

/** `e` is the French feminine ending the kind's participles take (« modifiée »). */
const KIND_LABELS: Record<string, { fr: string; en: string; e: string }> = {
  plan: { fr: 'Plan', en: 'Plan', e: '' },
  ambition: { fr: 'Ambition', en: 'Ambition', e: 'e' },
  objective: { fr: 'Objectif', en: 'Objective', e: '' },
  project: { fr: 'Projet', en: 'Project', e: '' },
  milestone: { fr: 'Jalon', en: 'Milestone', e: '' },
  person: { fr: 'Personne', en: 'Person', e: 'e' },
  tenant: { fr: 'Collectivité', en: 'Tenant', e: 'e' },
};
export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? { fr: kind, en: kind, e: '' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

/** A record's answer, with its version in the ETag header as HTTP clients expect. */
export function withEtag(status: number, record: { etag: string }): HttpResponseInit {
  return json(status, record, { etag: `"${record.etag}"` });
}

/** Every failure becomes a JSON answer; store outcomes are 412, 404 and 409, never 500. */
export function toResponse(error: unknown, lang: Lang): HttpResponseInit {
  const body = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    json(status, { error: { code, message, ...extra } });
  if (error instanceof ApiError) {
    return body(error.status, error.code, lang === 'en' ? error.en : error.fr, error.details ? { details: error.details } : {});
  }
  if (error instanceof ConflictError) {
    const label = kindLabel(error.kind);
    return body(
      412,
      'conflict',
      lang === 'en'
        ? `${label.en} ${error.id} was changed by someone else since you read it.`
        : `${label.fr} ${error.id} a été modifié${label.e} par quelqu’un d’autre depuis votre lecture.`,
      { current: error.current },
    );
  }
  if (error instanceof NotFoundError) {
    const e = errors.notFound(kindLabel(error.kind), error.id);
    return body(404, e.code, lang === 'en' ? e.en : e.fr);
  }
  if (error instanceof DuplicateError) {
    const label = kindLabel(error.kind);
    return body(409, 'duplicate', lang === 'en' ? `${label.en} ${error.id} already exists.` : `${label.fr} ${error.id} existe déjà.`);
  }
  if (error instanceof StoreConfigError) {
    // The deployment's settings, not the request: said to the operator, in French (the message is the store's).
    return body(503, 'store-misconfigured', lang === 'en' ? `Storage is misconfigured: ${error.message}` : error.message);
  }
  if (error instanceof StoreUnavailableError) {
    return {
      ...body(
        503,
        'unavailable',
        lang === 'en' ? 'Storage is busy or out of reach for a moment; nothing was changed. Try again shortly.' : 'Le stockage est momentanément saturé ou injoignable ; rien n’a été modifié. Réessayez dans un instant.',
      ),
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  throw error;
}

/** The body as JSON, checked against a schema: a 400 that lists each wrong field otherwise. */
export async function readJson<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<z.infer<S>> {
  let data: unknown;
  try {
    const text = await req.text();
    data = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw errors.badRequest('Le corps de la requête n’est pas du JSON valide.', 'The request body is not valid JSON.');
  }
  if (data === undefined) throw errors.badRequest('Corps de requête JSON attendu.', 'A JSON request body is expected.');
  // Field messages in the client's language: zod ships French and English texts.
  const lang = langOf(req);
  const parsed = schema.safeParse(data, { error: (lang === 'en' ? ENGLISH : FRENCH).localeError });
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const list = fields.map((f) => `${f.path || 'corps'} : ${f.message}`).join(' ; ');
  const listEn = fields.map((f) => `${f.path || 'body'}: ${f.message}`).join('; ');
  throw errors.badRequest(`Requête invalide : ${list}`, `Invalid request: ${listEn}`, fields);
}

/** The etag the client read, from If-Match; 428 when it is missing. Quotes and W/ are dropped. */
export function requireIfMatch(req: HttpRequest): string {
  const raw = req.headers.get('if-match');
  if (!raw || raw.trim() === '') throw errors.preconditionRequired();
  if (raw.trim() === '*') throw errors.preconditionRequired(true);
  return raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** `?limit=&continuation=`: a token, never an offset, so that the Cosmos store can serve it too. */
export function pageOptions(req: HttpRequest): PageOptions {
  const limitText = req.query.get('limit');
  let limit: number | undefined;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw errors.badRequest(
        `limit doit être un entier entre 1 et 1000 (reçu « ${limitText} »).`,
        `limit must be an integer between 1 and 1000 (got "${limitText}").`,
      );
  }
  return { limit, continuation: req.query.get('continuation') || null };
}

/** A store error about a malformed continuation token is the client's mistake: 400. */
export function isBadContinuation(e: unknown): boolean {
  return e instanceof Error && /continuation/i.test(e.message) && !(e instanceof ApiError);
}
