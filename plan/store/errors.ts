// The outcomes of a store call that a caller must act on, by name. The API turns them
// into 412, 404 and 409; they are never a 500.
import type { EntityKind } from '../model.ts';

export class ConflictError extends Error {
  readonly code = 'conflict' as const;
  constructor(
    readonly kind: EntityKind,
    readonly id: string,
    /** The record as it is now, so that a caller can show both versions. */
    readonly current: unknown,
  ) {
    super(`Conflit de version sur ${kind} ${id} : l’enregistrement a changé depuis sa lecture.`);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'not-found' as const;
  constructor(
    readonly kind: EntityKind,
    readonly id: string,
  ) {
    super(`${kind} ${id} introuvable.`);
    this.name = 'NotFoundError';
  }
}

export class DuplicateError extends Error {
  readonly code = 'duplicate' as const;
  constructor(
    readonly kind: EntityKind,
    readonly id: string,
  ) {
    super(`${kind} ${id} existe déjà.`);
    this.name = 'DuplicateError';
  }
}

/**
 * The store cannot answer now: Cosmos DB still throttling (429) or unavailable (503)
 * after the SDK's own retries, or out of reach. The API answers 503 with Retry-After;
 * nothing was written (a commit checks before it writes, and a large one stays staged).
 */
export class StoreUnavailableError extends Error {
  readonly code = 'unavailable' as const;
  constructor(
    readonly retryAfterSeconds: number,
    cause?: unknown,
  ) {
    super('Le stockage est momentanément indisponible : réessayez dans un instant.', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** A store setting the store cannot start with (JALON_STORE, COSMOS_*), said in French. */
export class StoreConfigError extends Error {
  readonly code = 'store-config' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreConfigError';
  }
}
