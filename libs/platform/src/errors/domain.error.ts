/**
 * The one error type every lib throws for a failure a client can act on. The exception filter maps
 * it to the envelope `{ error_code, error_msg, details, decision_id }` with `status` as HTTP status.
 * Codes are stable: the vendor's own (CBC.0100, CBC.5021, …) where the vendor defines one, the
 * service's own (`PPS.*`) otherwise. Every code is defined once, in its library's errors catalogue
 * (`platform.errors.ts`, `rules.errors.ts`, `ledger.errors.ts`, `audit.errors.ts`, partners'
 * `shared/errors.ts`), with its kind and a Chinese and an English message.
 */
export type ErrorKind =
  | 'bad_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'method_not_allowed' // 405
  | 'conflict' // 409
  | 'payload_too_large' // 413
  | 'uri_too_long' // 414
  | 'unsupported_media_type' // 415
  | 'policy_denied' // 422
  | 'rate_limited' // 429
  | 'headers_too_large' // 431
  | 'internal' // 500: a server-side fault the client cannot act on, with its own code
  | 'unavailable'; // 503

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  policy_denied: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
};

export interface LocalizedMessage {
  zh: string;
  en: string;
}

/**
 * One entry of an errors catalogue: the code, its kind (hence its HTTP status) and both messages.
 * A message may hold `{name}` placeholders, filled from the parameters of the throw.
 */
export interface ErrorDefinition {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messages: LocalizedMessage;
}

/** A parameter's value: the same in both languages, or one per language. */
type MessageParams = Readonly<Record<string, string | number | LocalizedMessage>>;

/** `messages` with every `{name}` that `params` names replaced by its value (in that language). */
function fillMessages(messages: LocalizedMessage, params: MessageParams = {}): LocalizedMessage {
  const fill = (text: string, language: keyof LocalizedMessage) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
      const value = params[name];
      return typeof value === 'object' ? value[language] : String(value);
    });
  return { zh: fill(messages.zh, 'zh'), en: fill(messages.en, 'en') };
}

export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messages: LocalizedMessage,
    readonly details?: unknown,
    readonly decisionId?: string,
  ) {
    super(messages.en);
    this.name = 'DomainError';
    this.status = STATUS_OF_KIND[kind];
  }
}

export interface CatalogueErrorOptions {
  /** Fill the definition's `{name}` placeholders. */
  params?: MessageParams;
  /**
   * A more specific wording of the same meaning (also with placeholders), defined beside the
   * definition in a catalogue file: e.g. "Partner not found: …" for PPS.0404.
   */
  messages?: LocalizedMessage;
  details?: unknown;
  decisionId?: string;
}

/** A DomainError of one catalogue entry: its code and kind, its messages (filled). */
export class CatalogueError extends DomainError {
  constructor(definition: ErrorDefinition, options: CatalogueErrorOptions = {}) {
    super(
      definition.kind,
      definition.code,
      fillMessages(options.messages ?? definition.messages, options.params),
      options.details,
      options.decisionId,
    );
  }
}
