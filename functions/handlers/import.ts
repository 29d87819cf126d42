// The plan import over HTTP: the file as the request body (with its Content-Type), or as
// the `file` field of a multipart form, into a new plan or into an existing one (a
// re-import). `?dryRun=true` previews what would change and stores nothing. The same
// pipeline as the CLI (plan/import): this file only reads the request and shapes the
// answer.
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { importPlan, type ImportOutcome } from '../../plan/import/index.ts';
import type { ImportIssue } from '../../plan/import/issues.ts';
import type { PlanStore } from '../../plan/store/ports.ts';
import { ApiError, errors, json, type Lang } from '../http.ts';
import type { DocumentedRouteDoc } from '../openapi.ts';
import type { Route } from '../route.ts';
import { booleanQuery, parseBoolean } from './people.ts';

/** The largest file accepted: far above a real plan (the 1,214-row Paris list is 0.5 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MULTIPART = 'multipart/form-data';

/**
 * Content types a raw body may have. application/vnd.ms-excel is what browsers on Windows
 * send for a .csv; the reader decides on the bytes anyway (a zip is an xlsx).
 */
const RAW_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  XLSX_TYPE,
  'application/octet-stream',
]);

// ───────────────────────── reading the request ─────────────────────────

const tooLarge = () =>
  new ApiError(
    413,
    'too-large',
    `Fichier trop volumineux : ${MAX_IMPORT_BYTES / 1024 / 1024} Mo au plus. Retirez les feuilles et les colonnes inutiles, ou enregistrez-le en CSV.`,
    `File too large: ${MAX_IMPORT_BYTES / 1024 / 1024} MB at most. Remove unneeded sheets and columns, or save it as CSV.`,
  );

const emptyBody = () =>
  errors.badRequest(
    'Aucun fichier reçu : envoyez le fichier comme corps de la requête, ou dans le champ « file » d’un formulaire multipart.',
    'No file received: send the file as the request body, or as the "file" field of a multipart form.',
  );

/** The body's bytes, refused (413) as soon as they pass the limit: never buffered whole. */
async function readCapped(req: HttpRequest): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) throw tooLarge();
  const stream = req.body as ReadableStream<Uint8Array> | null;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_IMPORT_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** `filename*=UTF-8''…` (RFC 6266, preferred) or `filename="…"` from a Content-Disposition. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, '')) || null;
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(disposition);
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]?.trim()) : null;
  return name || null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** A name when the request gives none: by the content type, else by the bytes. */
function defaultFileName(contentType: string, bytes: Uint8Array): string {
  if (contentType === XLSX_TYPE) return 'import.xlsx';
  if (contentType === 'application/octet-stream' || contentType === '')
    return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'import.xlsx' : 'import.csv';
  return 'import.csv';
}

interface Upload {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  /** Form fields (multipart); they win over the query's parameters of the same name. */
  fields: { plan?: string; profile?: string; dryRun?: string };
}

/** Browsers may send « C:\fakepath\plan.csv »: the last segment only, never a path. */
const baseName = (name: string) => name.split(/[\\/]/).pop()?.trim() ?? '';

async function readUpload(req: HttpRequest): Promise<Upload> {
  const header = req.headers.get('content-type') ?? '';
  const mediaType = header.split(';')[0]!.trim().toLowerCase();

  if (mediaType === MULTIPART) {
    const body = await readCapped(req);
    if (body.byteLength === 0) throw emptyBody();
    let form: FormData;
    try {
      // The same undici parser as req.formData(), on bytes already checked against the limit.
      form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': header } }).formData();
    } catch {
      throw errors.badRequest(
        'Formulaire multipart illisible : vérifiez l’en-tête Content-Type et sa limite (boundary).',
        'Unreadable multipart form: check the Content-Type header and its boundary.',
      );
    }
    const file = form.get('file');
    if (file === null || typeof file === 'string')
      throw errors.badRequest(
        'Le formulaire n’a pas de champ « file » contenant un fichier.',
        'The form has no "file" field holding a file.',
      );
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.byteLength === 0) throw emptyBody();
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const contentType = (file.type || '').split(';')[0]!.trim().toLowerCase();
    return {
      bytes,
      fileName: baseName(file.name) || baseName(req.query.get('fileName') ?? '') || defaultFileName(contentType, bytes),
      contentType,
      fields: { plan: text('plan'), profile: text('profile'), dryRun: text('dryRun') },
    };
  }

  if (mediaType !== '' && !RAW_TYPES.has(mediaType))
    throw new ApiError(
      415,
      'unsupported-media-type',
      `Type de contenu « ${mediaType} » non pris en charge : envoyez un fichier .xlsx ou .csv (text/csv, ${XLSX_TYPE}, application/octet-stream), ou un formulaire multipart/form-data.`,
      `Content type "${mediaType}" is not supported: send an .xlsx or .csv file (text/csv, ${XLSX_TYPE}, application/octet-stream), or a multipart/form-data form.`,
    );
  const bytes = await readCapped(req);
  if (bytes.byteLength === 0) throw emptyBody();
  return {
    bytes,
    fileName:
      baseName(req.query.get('fileName') ?? '') ||
      baseName(fileNameOf(req.headers.get('content-disposition')) ?? '') ||
      defaultFileName(mediaType, bytes),
    contentType: mediaType,
    fields: {},
  };
}

// ───────────────────────── the answer ─────────────────────────

/** Each issue's `message` in the caller's language; `messageEn` stays for clients that want both. */
function localized(outcome: ImportOutcome, lang: Lang): ImportOutcome {
  if (lang === 'fr') return outcome;
  const tr = (i: ImportIssue): ImportIssue => ({ ...i, message: i.messageEn });
  return { ...outcome, warnings: outcome.warnings.map(tr), errors: outcome.errors.map(tr) };
}

const Issue = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string().meta({ description: 'Dans la langue de la requête (Accept-Language).' }),
  messageEn: z.string(),
});

export const ImportOutcomeSchema = z.object({
  planId: z.string().nullable().meta({ description: 'Le plan créé ou réimporté ; null pour l’aperçu d’un nouveau plan ou un fichier refusé.' }),
  dryRun: z.boolean(),
  format: z.string().nullable(),
  ambitions: z.number().int(),
  objectives: z.number().int(),
  projects: z.number().int(),
  milestones: z.number().int(),
  warnings: z.array(Issue),
  errors: z.array(Issue).meta({ description: 'Non vide : le fichier est refusé en entier, rien n’est enregistré (422).' }),
  summary: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), vanished: z.number().int() }),
  changes: z.array(
    z.object({
      kind: z.string(),
      action: z.enum(['create', 'update', 'vanished']),
      key: z.string().nullable(),
      title: z.string(),
      row: z.number().int().nullable(),
      fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
    }),
  ),
});

/** The multipart form, as the OpenAPI document shows it. */
const ImportForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'Le fichier .xlsx ou .csv.' }),
  plan: z.string().optional().meta({ description: 'Titre du nouveau plan (le nom du fichier sinon).' }),
  profile: z.string().optional().meta({ description: 'Profil de colonnes : le nom d’un profil fourni, ou le JSON d’un profil.' }),
  dryRun: z.enum(['true', 'false']).optional().meta({ description: 'true : aperçu, rien n’est enregistré.' }),
});

const importQuery = {
  dryRun: 'true : aperçu des changements, rien n’est enregistré (200 au lieu de 201).',
  fileName: 'Nom du fichier quand il est envoyé comme corps (sinon Content-Disposition, sinon import.csv / import.xlsx).',
  plan: 'Titre du nouveau plan (le titre lu dans le fichier, ou son nom, sinon).',
  profile: 'Profil de colonnes : le nom d’un profil fourni (budget-participatif-paris…) ou le JSON d’un profil.',
};

const importDoc = (summary: string): DocumentedRouteDoc => ({
  summary,
  tags: ['Import'],
  query: importQuery,
  body: ImportForm,
  bodyMediaTypes: [MULTIPART, 'text/csv', XLSX_TYPE, 'application/octet-stream'],
  response: ImportOutcomeSchema,
  successStatus: 201,
  responses: {
    200: { description: 'Aperçu (dryRun=true) : ce que l’import changerait ; rien n’est enregistré.', schema: ImportOutcomeSchema },
    413: { description: `Fichier de plus de ${MAX_IMPORT_BYTES / 1024 / 1024} Mo.` },
    415: { description: 'Type de contenu non pris en charge.' },
    422: { description: 'Fichier refusé : errors[] dit pourquoi, ligne par ligne ; rien n’est enregistré.', schema: ImportOutcomeSchema },
  },
});

interface ImportCall {
  store: PlanStore;
  tenantId: string;
  lang: Lang;
  intoPlanId: string | null;
  now: Date;
}

async function runImport(req: HttpRequest, input: ImportCall) {
  const upload = await readUpload(req);
  const query = (name: string) => req.query.get(name)?.trim() || undefined;
  const dryRun = parseBoolean(upload.fields.dryRun, 'dryRun') ?? booleanQuery(req, 'dryRun') ?? false;

  const outcome = await importPlan(input.store, {
    tenantId: input.tenantId,
    bytes: upload.bytes,
    fileName: upload.fileName,
    contentType: upload.contentType,
    planTitle: upload.fields.plan ?? query('plan') ?? null,
    intoPlanId: input.intoPlanId,
    profile: upload.fields.profile ?? query('profile') ?? null,
    dryRun,
    now: input.now,
  });
  const body = localized(outcome, input.lang);
  if (outcome.errors.length > 0) return json(422, body);
  if (dryRun) return json(200, body);
  return json(201, body, outcome.planId ? { location: `/api/plans/${encodeURIComponent(outcome.planId)}` } : {});
}

export const importRoutes: Route[] = [
  {
    name: 'planImport',
    methods: ['POST'],
    route: 'plans/import',
    doc: importDoc(
      'Importer un plan depuis un fichier .xlsx ou .csv (nouveau plan) : le fichier comme corps, ou dans le champ « file » d’un formulaire multipart',
    ),
    async handle({ req, rt, caller, lang }) {
      return runImport(req, { store: rt.store, tenantId: caller.tenantId, lang, intoPlanId: null, now: rt.now() });
    },
  },
  {
    name: 'planReimport',
    methods: ['POST'],
    route: 'plans/{planId}/import',
    doc: importDoc(
      'Réimporter un fichier dans un plan existant : seuls les champs changés dans le fichier depuis le dernier import sont mis à jour',
    ),
    async handle({ req, rt, caller, lang, params }) {
      const planId = params.planId!;
      // Before reading the file: an unknown plan is a 404 whatever the file holds.
      if (!(await rt.store.get(caller.tenantId, 'plan', planId)))
        throw errors.notFound({ fr: 'Plan', en: 'Plan' }, planId);
      return runImport(req, { store: rt.store, tenantId: caller.tenantId, lang, intoPlanId: planId, now: rt.now() });
    },
  },
];
