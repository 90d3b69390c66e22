/**
 * Typed failures of hub requests. Callers switch on `code` (and on `classification` for answers
 * the hub gave), never on message text.
 *
 * - `HubRequestError`: the hub answered `{error: …}` (light-client.md §1.2). Its classification
 *   follows §1.8: `retryable` (transient or state: retry later, after a reconnect, or recompose),
 *   `fatal` (do not send the same request again), `bad_request` (our params were wrong: a bug).
 * - `HubTimeoutError`, `HubConnectionClosedError`: produced locally, like ocore's
 *   `[internal] response timeout` / `[internal] connection closed`; always retryable.
 * - `HubMalformedResponseError`: the answer did not have the shape the protocol promises. The
 *   answer is untrusted input; this is how a lie or a bug of the hub surfaces.
 * - `HubUnavailableError`: the client is stopped, or every hub refused us (fatal handshake).
 * - `HubParamsError`: our own params were refused before sending (they would not fit in a frame,
 *   or break a rule the hub enforces).
 */
import type { JsonValue } from '../json';

export type HubErrorCode =
  | 'request_error'
  | 'timeout'
  | 'connection_closed'
  | 'malformed_response'
  | 'unavailable'
  | 'bad_params';

export type HubErrorClassification = 'retryable' | 'fatal' | 'bad_request';

export abstract class HubError extends Error {
  abstract readonly code: HubErrorCode;
  /** The request command, when the error belongs to one. */
  readonly command: string | undefined;

  constructor(message: string, command: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.command = command;
  }

  /** Whether sending the same request again later can succeed. */
  abstract get retryable(): boolean;
}

/**
 * Well-known error answers by meaning, so callers need not match text: `history_too_large`
 * (split the address list), `already_current` (no provable history yet), `known` (a posted unit
 * the hub already has: success), `not_light_vendor` / `not_a_hub` (wrong kind of peer),
 * `blocked` (this host is blocked for up to an hour), `no_metadata`, `other`.
 */
export type HubErrorReason =
  | 'history_too_large'
  | 'already_current'
  | 'known'
  | 'already_handling'
  | 'not_light_vendor'
  | 'not_a_hub'
  | 'blocked'
  | 'no_metadata'
  | 'witness_list'
  | 'transient'
  | 'state'
  | 'unit_invalid'
  | 'params'
  | 'other';

interface Rule {
  readonly test: RegExp;
  readonly classification: HubErrorClassification;
  readonly reason: HubErrorReason;
}

// light-client.md §1.8, §2 and device-messaging.md §5–§7: first match wins.
const RULES: readonly Rule[] = [
  { test: /^known$/, classification: 'fatal', reason: 'known' },
  { test: /^your history is too large/, classification: 'fatal', reason: 'history_too_large' },
  { test: /^already_current$/, classification: 'retryable', reason: 'already_current' },
  { test: /^already handling this unit/, classification: 'retryable', reason: 'already_handling' },
  { test: /^I'm light/, classification: 'fatal', reason: 'not_light_vendor' },
  {
    test: /^light clients have to be inbound/,
    classification: 'fatal',
    reason: 'not_light_vendor',
  },
  { test: /^I'm not a hub/, classification: 'fatal', reason: 'not_a_hub' },
  { test: /^you are blocked/, classification: 'retryable', reason: 'blocked' },
  { test: /^no metadata$/, classification: 'fatal', reason: 'no_metadata' },
  {
    test: /witness list might be too much off|^invalid witness addresses|^some witnesses have references/,
    classification: 'fatal',
    reason: 'witness_list',
  },
  {
    test: /^(unknown parents|last ball just advanced|tps fee on address .* must be at least|timestamp is too far into the future|catching up|need hash tree|not subscribed|temp pub key not set yet|wrong recipient ephemeral pubkey|unable to find parents)/,
    classification: 'retryable',
    reason: 'transient',
  },
  {
    test: /(^input .* not found|already spent|double.?spend|definition changes? .* not stable yet|not stable yet)/,
    classification: 'retryable',
    reason: 'state',
  },
  {
    test: /^(tps_fee .* less than required|inputs and outputs do not balance|wrong unit hash|wrong headers commission|wrong payload commission|wrong payload hash|bad signature|authentifier verification failed|unknown fields|should have no witness_list_unit|oversize_fee mismatch|known bad|joint is too deeply nested|no ball via post_joint|no unit$)/,
    classification: 'fatal',
    reason: 'unit_invalid',
  },
  {
    test: /^(no params|missing params|missing fields|no addresses|too many|some addresses are not valid|addresses must be|address not valid|invalid |bad |wrong number of witnesses|no output addresses|asset is not valid|last_ball_mci is not valid|amount is (not valid|too large)|spend_unconfirmed is not valid|no units array|chain of one element|tag too long|neither addresses nor joints requested|no requested joints|known_stable_units must be|min_mci should be|wrong permanent_pubkey length|unit must be a string|no subscription_id|device message is too deeply nested|wrong message signature|please log in first)/,
    classification: 'bad_request',
    reason: 'params',
  },
];

/** §1.8 classification of an error answer. Unknown texts are `fatal`: never retry blindly. */
export function classifyHubError(message: string): {
  classification: HubErrorClassification;
  reason: HubErrorReason;
} {
  for (const rule of RULES) {
    if (rule.test.test(message))
      return { classification: rule.classification, reason: rule.reason };
  }
  return { classification: 'fatal', reason: 'other' };
}

const MAX_MESSAGE_CHARS = 300;

function shorten(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** The hub answered the request with `{error}`. */
export class HubRequestError extends HubError {
  readonly code = 'request_error';
  /** The hub's error text (AA errors, which are objects, as their JSON text). */
  readonly hubMessage: string;
  /** The error as the hub sent it (a string, or an object for AA errors). */
  readonly hubError: JsonValue;
  readonly classification: HubErrorClassification;
  readonly reason: HubErrorReason;

  constructor(command: string, hubError: JsonValue) {
    const hubMessage = typeof hubError === 'string' ? hubError : JSON.stringify(hubError);
    super(`The hub refused ${command}: ${shorten(hubMessage)}`, command);
    this.name = 'HubRequestError';
    this.hubMessage = hubMessage;
    this.hubError = hubError;
    const { classification, reason } = classifyHubError(hubMessage);
    this.classification = classification;
    this.reason = reason;
  }

  get retryable(): boolean {
    return this.classification === 'retryable';
  }
}

/** No answer within the request's timeout (ocore: `[internal] response timeout`). */
export class HubTimeoutError extends HubError {
  readonly code = 'timeout';
  readonly timeoutMs: number;

  constructor(command: string, timeoutMs: number) {
    super(`The hub did not answer ${command} within ${timeoutMs} ms.`, command);
    this.name = 'HubTimeoutError';
    this.timeoutMs = timeoutMs;
  }

  get retryable(): boolean {
    return true;
  }
}

/** The socket closed before the answer came (ocore: `[internal] connection closed`). */
export class HubConnectionClosedError extends HubError {
  readonly code = 'connection_closed';

  constructor(command: string, reason: string) {
    super(`The connection to the hub closed before it answered ${command}: ${reason}`, command);
    this.name = 'HubConnectionClosedError';
  }

  get retryable(): boolean {
    return true;
  }
}

/** The answer does not have the promised shape; `problem` says what is wrong (never the data). */
/** Requests that ask the hub to act: an unreadable answer does not say whether it did. */
const ACTING_COMMANDS: ReadonlySet<string> = new Set([
  'post_joint',
  'hub/deliver',
  'hub/temp_pubkey',
  'hub/enable_notification',
  'hub/disable_notification',
]);

/**
 * The message is for a person: it names the request, not what exactly was wrong (a field path
 * such as `1.unit: expected …` says nothing to them). That stays in `problem`, which the log
 * writes beside the message.
 */
export class HubMalformedResponseError extends HubError {
  readonly code = 'malformed_response';
  /** What exactly was wrong (a field path and what was expected), for the log. */
  readonly problem: string;

  constructor(command: string, problem: string, options?: { cause?: unknown }) {
    super(
      `The hub sent an answer this wallet cannot read (${command}). ${
        ACTING_COMMANDS.has(command)
          ? 'Whether the hub did what was asked is not known yet.'
          : 'Nothing was changed.'
      }`,
      command,
      options,
    );
    this.name = 'HubMalformedResponseError';
    this.problem = shorten(problem);
  }

  get retryable(): boolean {
    return false;
  }
}

/** The client cannot send at all: stopped, or every hub refused the handshake. */
export class HubUnavailableError extends HubError {
  readonly code = 'unavailable';
  readonly fatal: boolean;
  /** Why, in words, without the command (for sentences that name the task instead). */
  readonly reason: string;

  constructor(command: string | undefined, reason: string, fatal: boolean) {
    super(`No hub is available${command ? ` for ${command}` : ''}: ${reason}`, command);
    this.name = 'HubUnavailableError';
    this.fatal = fatal;
    this.reason = reason;
  }

  get retryable(): boolean {
    return !this.fatal;
  }
}

/** Our params were refused before anything was sent. */
export class HubParamsError extends HubError {
  readonly code = 'bad_params';

  constructor(command: string, problem: string) {
    super(`Cannot send ${command}: ${problem}`, command);
    this.name = 'HubParamsError';
  }

  get retryable(): boolean {
    return false;
  }
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof HubError;
}
