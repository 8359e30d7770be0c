// What domain code throws when the caller, not the server, is at fault (or a dependency is
// down). It carries a `code`; only lib/api maps codes to HTTP status. Recognise these by the
// `code` property (apiErrorFrom in lib/api/errors.ts), never by `instanceof`: Next bundles
// route chunks separately, so a class seen in one chunk is not the class thrown in another.

export type DomainErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'upstream';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
