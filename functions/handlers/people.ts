// The tenant's people and their link to a Teams identity: the admin lists the names met
// in imports that no sign-in has matched yet, and links each to an e-mail, an Entra
// object id or a Teams user id. Sign-in and the bot link by e-mail on their own
// (plan/directory.ts, linkByEmail).
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { IdentityTakenError, InvalidEmailError, InvalidSameAsError, linkPerson } from '../../plan/directory.ts';
import { Person } from '../../plan/model.ts';
import { normalizeLabel } from '../../plan/vocab.ts';
import type { Page, PageOptions, PeopleQuery, PlanStore } from '../../plan/store/ports.ts';
import { ApiError, errors, json, pageOptions, readJson, requireIfMatch, withEtag, type Lang } from '../http.ts';
import type { DocumentedRouteDoc } from '../openapi.ts';
import type { Route } from '../route.ts';

// ───────────────────────── helpers shared with settings and import ─────────────────────────

/**
 * The 400 for fields the domain refused, worded like readJson's (`Requête invalide :
 * email : …`), with the same details: each field's path and message in `lang`.
 */
export function invalidFields(fields: Array<{ path: string; message: string; messageEn: string }>, lang: Lang): ApiError {
  return errors.badRequest(
    `Requête invalide : ${fields.map((f) => `${f.path || 'corps'} : ${f.message}`).join(' ; ')}`,
    `Invalid request: ${fields.map((f) => `${f.path || 'body'}: ${f.messageEn}`).join('; ')}`,
    fields.map((f) => ({ path: f.path, message: lang === 'en' ? f.messageEn : f.message })),
  );
}

/** `true|false|1|0` (case-insensitive), or undefined when absent or blank; anything else is a 400 naming `name`. */
export function parseBoolean(raw: string | null | undefined, name: string): boolean | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw errors.badRequest(
    `${name} doit valoir true ou false (reçu « ${raw} »).`,
    `${name} must be true or false (got "${raw}").`,
  );
}

/** `?flag=true|false|1|0`, or undefined when absent. */
export const booleanQuery = (req: HttpRequest, name: string) => parseBoolean(req.query.get(name), name);

// ───────────────────────── schemas ─────────────────────────

export const PeoplePage = z.object({
  items: z.array(Person),
  /** Pass it back as `?continuation=` for the next page; null on the last one. */
  continuation: z.string().nullable(),
});

const identifier = z.string().trim().min(1).max(200);

/** What an admin may change on a person. A null clears the field (a link undone). */
export const PersonLinkBody = z
  .strictObject({
    email: z.string().max(254).nullable().optional().meta({
      format: 'email',
      description: 'E-mail ou UPN ; mis en minuscules. Refusé (409) s’il est déjà celui d’une autre personne.',
    }),
    entraObjectId: identifier.nullable().optional().meta({
      description: 'Identifiant d’objet Entra ID. Refusé (409) s’il est déjà lié à une autre personne.',
    }),
    teamsUserId: identifier.nullable().optional().meta({
      description: 'Identifiant Teams. Refusé (409) s’il est déjà lié à une autre personne.',
    }),
    displayName: identifier.optional(),
    sameAs: identifier.optional().meta({
      description:
        'Identifiant d’une personne déjà liée à une identité Teams dont celle-ci est un autre nom (« C. MARTIN » et « Claire MARTIN ») : ' +
        'ses identifiants Entra ID et Teams sont copiés, pas son e-mail. Pas avec entraObjectId ni teamsUserId.',
    }),
  })
  .meta({ description: 'Au moins un champ. Un champ absent garde sa valeur ; null efface le lien.' });

// ───────────────────────── routes ─────────────────────────

const personLinkDoc: DocumentedRouteDoc = {
  summary: 'Lier une personne à une identité Teams (e-mail, Entra ID, Teams), ou corriger son nom',
  description:
    'linkedAt est posé quand un identifiant Entra ID ou Teams est posé ou changé, effacé quand il n’en reste aucun. ' +
    'Changer displayName change le nom sous lequel les réimportations retrouvent la personne.',
  tags: ['Personnes'],
  body: PersonLinkBody,
  response: Person,
  ifMatch: true,
  responses: {
    409: { description: 'L’e-mail, l’identifiant Entra ID ou Teams est déjà lié à une autre personne de la collectivité.' },
  },
};

export const peopleRoutes: Route[] = [
  {
    name: 'peopleList',
    methods: ['GET'],
    route: 'people',
    doc: {
      summary: 'Les personnes de la collectivité, par nom (paginé)',
      tags: ['Personnes'],
      query: {
        unlinked: 'true : seulement les personnes liées à aucune identité Teams (ni Entra ID ni Teams).',
        linked: 'true : seulement les personnes liées à une identité Teams (Entra ID ou Teams).',
        email: 'Seulement la personne de cette adresse (comparaison sans casse).',
        q:
          'Les personnes dont le nom ou l’e-mail contient ce texte (sans casse ni accents). Avec q ou linked, une page peut compter ' +
          'moins de limit personnes, voire aucune : suivre continuation jusqu’à null.',
      },
      response: PeoplePage,
      paged: true,
    },
    async handle({ req, rt, caller }) {
      const page = pageOptions(req);
      const unlinked = booleanQuery(req, 'unlinked');
      const linked = booleanQuery(req, 'linked');
      const email = req.query.get('email')?.trim().toLowerCase() || undefined;
      const q = normalizeLabel(req.query.get('q') ?? '');
      const storeQuery = { ...(unlinked ? { unlinked } : {}), ...(email ? { email } : {}) };
      const keep = (p: Person) =>
        (!linked || p.entraObjectId !== null || p.teamsUserId !== null) &&
        (!q || normalizeLabel(p.displayName).includes(q) || (p.email !== null && normalizeLabel(p.email).includes(q)));
      const result =
        linked || q ? await filteredPeople(rt.store, caller.tenantId, storeQuery, page, keep) : await rt.store.listPeople(caller.tenantId, storeQuery, page);
      return json(200, { items: result.items, continuation: result.continuation });
    },
  },
  {
    name: 'personGet',
    methods: ['GET'],
    route: 'people/{personId}',
    doc: {
      summary: 'Une personne, avec sa version (ETag) à renvoyer dans If-Match',
      tags: ['Personnes'],
      response: Person,
    },
    async handle({ rt, caller, params }) {
      const person = await rt.store.get(caller.tenantId, 'person', params.personId!);
      if (!person) throw errors.notFound({ fr: 'Personne', en: 'Person' }, params.personId!);
      return withEtag(200, person);
    },
  },
  {
    name: 'personLink',
    methods: ['PATCH'],
    route: 'people/{personId}',
    doc: personLinkDoc,
    async handle({ req, rt, caller, params, lang }) {
      const ifMatch = requireIfMatch(req);
      const body = await readJson(req, PersonLinkBody);
      if (Object.values(body).every((v) => v === undefined))
        throw errors.badRequest(
          'Requête invalide : indiquez au moins un champ à changer (email, entraObjectId, teamsUserId, displayName, sameAs).',
          'Invalid request: give at least one field to change (email, entraObjectId, teamsUserId, displayName, sameAs).',
        );
      try {
        const person = await linkPerson(rt.store, caller.tenantId, params.personId!, body, ifMatch, rt.now());
        return withEtag(200, person);
      } catch (e) {
        throw directoryError(e, lang);
      }
    },
  },
];

/** Store pages read for one answer at most, when filtering: a page may then come back short. */
const MAX_SCANS = 10;

/**
 * The people `keep` accepts, in the store's order, at most `page.limit` of them. The store
 * cannot filter on these, so its pages are read here, each no longer than the number still
 * wanted: the answer never exceeds the limit, and its continuation is the store's own after
 * the last page read, so no person is skipped or seen twice. Tenants have hundreds of
 * people; past MAX_SCANS reads the page comes back short, with its continuation.
 */
async function filteredPeople(
  store: PlanStore,
  tenantId: string,
  query: PeopleQuery,
  page: PageOptions,
  keep: (p: Person) => boolean,
): Promise<Page<Person>> {
  const limit = page.limit ?? 100;
  const items: Person[] = [];
  let continuation = page.continuation ?? null;
  for (let scans = 0; scans < MAX_SCANS && items.length < limit; scans++) {
    const read = await store.listPeople(tenantId, query, { limit: limit - items.length, continuation });
    items.push(...read.items.filter(keep));
    continuation = read.continuation;
    if (!continuation) break;
  }
  return { items, continuation };
}

/** The directory's refusals as API errors; anything else goes on unchanged. */
function directoryError(e: unknown, lang: Lang): unknown {
  if (e instanceof IdentityTakenError)
    return new ApiError(409, e.code, e.fr, e.en, { field: e.field, personId: e.holder.id });
  if (e instanceof InvalidEmailError)
    return invalidFields([{ path: 'email', message: e.fr, messageEn: e.en }], lang);
  if (e instanceof InvalidSameAsError)
    return invalidFields([{ path: 'sameAs', message: e.fr, messageEn: e.en }], lang);
  return e;
}
