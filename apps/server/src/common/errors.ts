import type { MessageKey, MessageParams } from '@loa/i18n';

/**
 * The one error vocabulary of Loa's services. Services throw these; the HTTP filter and
 * the socket gateways turn them into a status and a sentence in the caller's language.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'timeout';

export const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  timeout: 504,
};

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    /** Extra machine-readable detail for clients, e.g. which fields failed. */
    readonly details?: unknown,
  ) {
    super(`${kind}: ${messageKey} ${JSON.stringify(params)}`);
    this.name = 'DomainError';
  }
}

export type NamedObject =
  | 'organisation'
  | 'user'
  | 'audit_entry'
  | 'creative'
  | 'upload'
  | 'media_object'
  | 'screen_profile'
  | 'screen'
  | 'screen_group'
  | 'playlist_entry'
  | 'campaign'
  | 'donation'
  | 'emergency'
  | 'loop_policy';

export class NotFound extends DomainError {
  constructor(object: NamedObject, id?: string) {
    super('not_found', 'error.not_found', { object: `object.${object}` }, id === undefined ? undefined : { id });
  }
}

export class Invalid extends DomainError {
  constructor(key: MessageKey, params: MessageParams = {}) {
    super('invalid', key, params);
  }
}

export class Conflict extends DomainError {
  constructor(key: MessageKey, params: MessageParams = {}) {
    super('conflict', key, params);
  }
}

export class Forbidden extends DomainError {
  constructor(key: MessageKey, params: MessageParams = {}) {
    super('forbidden', key, params);
  }
}

export class Unauthenticated extends DomainError {
  constructor(key: MessageKey = 'error.unauthenticated') {
    super('unauthenticated', key);
  }
}

export interface FieldProblem {
  readonly field: string;
  readonly constraint: string;
  readonly params: MessageParams;
}

export class ValidationFailed extends DomainError {
  constructor(readonly problems: readonly FieldProblem[]) {
    super('invalid', 'error.validation', {}, problems);
  }
}
