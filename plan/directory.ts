// The tenant's people and their Teams identities. People are first met as names (an
// import file's « Claire MARTIN »); they are linked to a Teams identity when seen: by
// e-mail at sign-in, bot installation or on a team roster (linkByEmail), or by an admin
// picking from the list of unlinked names (linkPerson).
//
// An e-mail, an Entra object id and a Teams user id each belong to one person of the
// tenant at most. The store has no unique index on them, so the check is done here, by
// reading; two links of one identity racing each other are not caught (a rare admin
// mistake that an admin undoes the same way).
// One exception, explicit: an admin may say that a name is another spelling of a person
// already linked (`sameAs`: « C. MARTIN » in one sheet, « Claire MARTIN » in another).
// The name then takes that person's Entra object id and Teams user id, never the e-mail:
// both records stay, so that each sheet's re-import still finds its own spelling, and the
// e-mail keeps naming one person, the one sign-in (linkByEmail) fills. Whoever later
// resolves a signed-in user to people (roles) gets every record carrying their ids.
import { Person } from './model.ts';
import { ConflictError, NotFoundError } from './store/errors.ts';
import type { PlanStore, Write } from './store/ports.ts';

// ───────────────────────── e-mails ─────────────────────────

// One @, a dotted domain, no space: what an e-mail or a UPN looks like, without pretending
// to implement RFC 5322. Letters beyond ASCII are allowed (IDN domains, accented names).
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\].]{2,}$/u;

/** The e-mail trimmed and lower-cased, or null when it does not look like one. */
export function normalizeEmail(text: string): string | null {
  const email = text.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

export const isEmail = (text: string) => normalizeEmail(text) !== null;

// ───────────────────────── errors ─────────────────────────

export type IdentityField = 'email' | 'entraObjectId' | 'teamsUserId';

const FIELD_LABELS: Record<IdentityField, { fr: string; en: string }> = {
  email: { fr: 'L’adresse e-mail', en: 'The e-mail address' },
  entraObjectId: { fr: 'L’identifiant Entra ID', en: 'The Entra object id' },
  teamsUserId: { fr: 'L’identifiant Teams', en: 'The Teams user id' },
};

/** An identity already carried by another person of the tenant: the API answers 409. */
export class IdentityTakenError extends Error {
  readonly code = 'identity-taken' as const;
  readonly fr: string;
  readonly en: string;
  constructor(
    readonly field: IdentityField,
    readonly value: string,
    /** The person who carries it now. */
    readonly holder: Person,
  ) {
    const label = FIELD_LABELS[field];
    const linked = field === 'email' ? 'liée' : 'lié';
    const fr = `${label.fr} « ${value} » est déjà ${linked} à ${holder.displayName} (${holder.id}) : une identité ne peut être liée qu’à une personne. Déliez-la d’abord.`;
    super(fr);
    this.name = 'IdentityTakenError';
    this.fr = fr;
    this.en = `${label.en} "${value}" is already linked to ${holder.displayName} (${holder.id}): an identity can be linked to one person only. Unlink it first.`;
  }
}

/** A `sameAs` that cannot be followed (unknown person, not linked, the person itself): the API answers 400. */
export class InvalidSameAsError extends Error {
  readonly code = 'invalid-same-as' as const;
  constructor(
    readonly fr: string,
    readonly en: string,
  ) {
    super(fr);
    this.name = 'InvalidSameAsError';
  }
}

/** A value that is not an e-mail: the API answers 400. */
export class InvalidEmailError extends Error {
  readonly code = 'invalid-email' as const;
  readonly fr: string;
  readonly en: string;
  constructor(readonly value: string) {
    const fr = `« ${value} » n’est pas une adresse e-mail valide.`;
    super(fr);
    this.name = 'InvalidEmailError';
    this.fr = fr;
    this.en = `"${value}" is not a valid e-mail address.`;
  }
}

// ───────────────────────── lookups ─────────────────────────

/** People carrying this e-mail (case-insensitive): none or one, unless data predates the check. */
export async function findByEmail(store: PlanStore, tenantId: string, email: string): Promise<Person[]> {
  const normalized = email.trim().toLowerCase();
  if (!normalized) return [];
  const found: Person[] = [];
  let continuation: string | null = null;
  do {
    const page = await store.listPeople(tenantId, { email: normalized }, { limit: 1000, continuation });
    found.push(...page.items);
    continuation = page.continuation;
  } while (continuation);
  return found;
}

/** The person of the tenant carrying an Entra object id or a Teams user id, if any. */
async function findByIdentity(
  store: PlanStore,
  tenantId: string,
  field: 'entraObjectId' | 'teamsUserId',
  value: string,
): Promise<Person | null> {
  // The store can look people up by e-mail only: this one reads the tenant's people, a
  // page at a time. Tenants have hundreds of people, not millions.
  let continuation: string | null = null;
  do {
    const page = await store.listPeople(tenantId, {}, { limit: 1000, continuation });
    const hit = page.items.find((p) => p[field] === value);
    if (hit) return hit;
    continuation = page.continuation;
  } while (continuation);
  return null;
}

// ───────────────────────── linking ─────────────────────────

export interface TeamsIdentity {
  /** E-mail or UPN; compared case-insensitively. */
  email: string;
  entraObjectId?: string | null;
  teamsUserId?: string | null;
  /** The name Teams shows. Not written: the person keeps the name the plan knows them by. */
  displayName?: string | null;
}

export type LinkOutcome = 'linked' | 'already-linked' | 'unknown';

export interface LinkResult {
  /**
   * linked: the person with this e-mail now carries the ids given (or some of them).
   * already-linked: nothing to do or nothing allowed: the person already carries these ids,
   *   or is linked to another identity, or the ids belong to another person (then `person`
   *   is that other person).
   * unknown: no person of the tenant has this e-mail, or several have.
   */
  outcome: LinkOutcome;
  person: Person | null;
}

const MAX_ATTEMPTS = 3;

/**
 * Links the person with this e-mail to the Teams identity seen at sign-in, at the bot's
 * installation or on a team roster: fills the Entra object id and Teams user id they do
 * not have yet. Never overwrites an id the person already has, never takes an id away
 * from another person, never creates a person. Retries when the person changes meanwhile.
 */
export async function linkByEmail(
  store: PlanStore,
  tenantId: string,
  identity: TeamsIdentity,
  now: Date = new Date(),
): Promise<LinkResult> {
  const email = normalizeEmail(identity.email);
  if (!email) return { outcome: 'unknown', person: null };
  const entraObjectId = identity.entraObjectId?.trim() || null;
  const teamsUserId = identity.teamsUserId?.trim() || null;

  for (let attempt = 1; ; attempt++) {
    const matches = await findByEmail(store, tenantId, email);
    if (matches.length !== 1) return { outcome: 'unknown', person: null };
    const person = matches[0]!;

    const wanted: Partial<Pick<Person, 'entraObjectId' | 'teamsUserId'>> = {};
    for (const [field, value] of [
      ['entraObjectId', entraObjectId],
      ['teamsUserId', teamsUserId],
    ] as const) {
      if (value === null || person[field] === value) continue;
      // The person is linked to another identity: an admin decides, not a roster.
      if (person[field] !== null) return { outcome: 'already-linked', person };
      const holder = await findByIdentity(store, tenantId, field, value);
      if (holder && holder.id !== person.id) return { outcome: 'already-linked', person: holder };
      wanted[field] = value;
    }
    if (Object.keys(wanted).length === 0) return { outcome: 'already-linked', person };

    const next: Person = { ...person, ...wanted, updatedAt: now.toISOString(), linkedAt: now.toISOString() };
    try {
      const { saved } = await store.commit(tenantId, [replace(next, person.etag)]);
      return { outcome: 'linked', person: saved[0] as Person };
    } catch (e) {
      // Changed since read (an admin, another sign-in): read again and decide again.
      if (e instanceof ConflictError && attempt < MAX_ATTEMPTS) continue;
      if (e instanceof NotFoundError) return { outcome: 'unknown', person: null };
      throw e;
    }
  }
}

/** What an admin changes on a person; a null clears the field (an undone link). */
export interface PersonLink {
  email?: string | null;
  entraObjectId?: string | null;
  teamsUserId?: string | null;
  displayName?: string;
  /**
   * The id of a person linked to a Teams identity whom this one is another name of: their
   * Entra object id and Teams user id are copied (not their e-mail). Not with
   * entraObjectId or teamsUserId in the same change.
   */
  sameAs?: string;
}

/**
 * The admin's link: sets the fields given on the person read at `ifMatch`. The e-mail is
 * checked and lower-cased; an identity another person of the tenant carries is refused
 * (IdentityTakenError), except the ids copied from the `sameAs` person. linkedAt is set
 * when an Entra object id or a Teams user id is set or changed, and cleared when the
 * person is left with neither.
 * Throws NotFoundError, ConflictError (stale ifMatch), IdentityTakenError, InvalidEmailError,
 * InvalidSameAsError.
 */
export async function linkPerson(
  store: PlanStore,
  tenantId: string,
  personId: string,
  change: PersonLink,
  ifMatch: string,
  now: Date = new Date(),
): Promise<Person> {
  const current = await store.get(tenantId, 'person', personId);
  if (!current) throw new NotFoundError('person', personId);
  // Checked before anything else: a stale read must not be answered with a 409 about
  // data the caller has not seen.
  if (current.etag !== ifMatch) throw new ConflictError('person', personId, current);

  const next: Person = { ...current };
  if (change.displayName !== undefined) {
    const name = change.displayName.replace(/\s+/g, ' ').trim();
    if (name) next.displayName = name;
  }
  if (change.email !== undefined) {
    if (change.email === null || change.email.trim() === '') next.email = null;
    else {
      const email = normalizeEmail(change.email);
      if (!email) throw new InvalidEmailError(change.email);
      next.email = email;
    }
  }
  for (const field of ['entraObjectId', 'teamsUserId'] as const) {
    const value = change[field];
    if (value !== undefined) next[field] = value === null ? null : value.trim() || null;
  }
  // The ids copied from the person this one is another name of: shared on purpose.
  const shared = new Set<string>();
  if (change.sameAs !== undefined) {
    const other = await sameAsPerson(store, tenantId, personId, change);
    for (const field of ['entraObjectId', 'teamsUserId'] as const) {
      next[field] = other[field];
      if (other[field] !== null) shared.add(`${field}:${other[field]}`);
    }
  }

  if (next.email !== null && next.email !== current.email) {
    const holder = (await findByEmail(store, tenantId, next.email)).find((p) => p.id !== personId);
    if (holder) throw new IdentityTakenError('email', next.email, holder);
  }
  for (const field of ['entraObjectId', 'teamsUserId'] as const) {
    const value = next[field];
    if (value === null || value === current[field] || shared.has(`${field}:${value}`)) continue;
    const holder = await findByIdentity(store, tenantId, field, value);
    if (holder && holder.id !== personId) throw new IdentityTakenError(field, value, holder);
  }

  const idsChanged = next.entraObjectId !== current.entraObjectId || next.teamsUserId !== current.teamsUserId;
  if (next.entraObjectId === null && next.teamsUserId === null) next.linkedAt = null;
  else if (idsChanged) next.linkedAt = now.toISOString();
  next.updatedAt = now.toISOString();

  const { saved } = await store.commit(tenantId, [replace(Person.parse(next), ifMatch)]);
  return saved[0] as Person;
}

/** The person `change.sameAs` names, when it may be followed. */
async function sameAsPerson(store: PlanStore, tenantId: string, personId: string, change: PersonLink): Promise<Person> {
  const id = change.sameAs!;
  if (change.entraObjectId !== undefined || change.teamsUserId !== undefined)
    throw new InvalidSameAsError(
      'sameAs copie les identifiants Entra ID et Teams de l’autre personne : ne les donnez pas en même temps.',
      'sameAs copies the other person’s Entra and Teams ids: do not give them as well.',
    );
  if (id === personId)
    throw new InvalidSameAsError('une personne ne peut pas être un autre nom d’elle-même.', 'a person cannot be another name of themselves.');
  const other = await store.get(tenantId, 'person', id);
  if (!other)
    throw new InvalidSameAsError(`la personne ${id} n’existe pas dans la collectivité.`, `person ${id} does not exist in the tenant.`);
  if (other.entraObjectId === null && other.teamsUserId === null)
    throw new InvalidSameAsError(
      `${other.displayName} (${other.id}) n’est liée à aucune identité Teams : il n’y a rien à copier. Indiquez plutôt son e-mail.`,
      `${other.displayName} (${other.id}) is linked to no Teams identity: there is nothing to copy. Give their e-mail instead.`,
    );
  return other;
}

const replace = (person: Person, ifMatch: string): Write => ({ op: 'replace', kind: 'person', item: person, ifMatch });
