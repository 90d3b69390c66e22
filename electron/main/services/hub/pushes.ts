/**
 * What the hub tells us without being asked (justsayings, light-client.md §1.7 and
 * device-messaging.md §4, §6.4), parsed into a typed union. Bodies are untrusted: a body of the
 * wrong shape is reported as a problem (the client logs and drops it), never passed on. Joints and
 * device messages keep their raw JSON: their hashes and signatures are checked by the verifier and
 * the messenger, which need the exact object.
 */
import { z } from 'zod';
import { isBase64 } from '../../../../shared/protocol/bytes';
import type { JsonObject, JsonValue } from '../../../../shared/protocol/json';
import { isJsonObject } from '../../../../shared/protocol/json';

/** One vote-weighted value of a system variable, as the hub sends it (§3.8). */
export interface SystemVarValue {
  readonly vote_count_mci: number;
  readonly value: JsonValue;
  readonly is_emergency: number;
}

export type SystemVars = Readonly<Record<string, readonly SystemVarValue[]>>;

/**
 * The system vars after a `system_vars` push, as ocore's light client keeps them
 * (network.js: `_.assign(storage.systemVars, body)`): the variables the body names are replaced
 * by its lists, the others stay. The reference hub sends them all, but a body naming only some
 * must not make the others unknown (the fee rules need threshold_size and the TPS variables).
 */
export function mergeSystemVars(
  previous: SystemVars | null,
  update: SystemVars,
): SystemVars | null {
  if (Object.keys(update).length === 0) return previous;
  return { ...previous, ...update };
}

export type AaPushSubject =
  'light/aa_request' | 'light/aa_response' | 'light/aa_definition' | 'light/aa_definition_saved';

export type HubPush =
  /** A new unstable unit touching a watched address: unconfirmed until a history proof. */
  | { readonly subject: 'joint'; readonly joint: JsonObject; readonly unit: string }
  /** Something relevant became stable: ask for history again. */
  | { readonly subject: 'light/have_updates' }
  /** These unconfirmed units became double-spends. */
  | { readonly subject: 'light/sequence_became_bad'; readonly units: readonly string[] }
  | { readonly subject: AaPushSubject; readonly body: JsonValue | undefined }
  | { readonly subject: 'system_vars'; readonly systemVars: SystemVars }
  /** The login challenge of this socket (30 random bytes, base64). */
  | { readonly subject: 'hub/challenge'; readonly challenge: string }
  /** A stored or live device message: check it with `parseHubMessage` before use. */
  | { readonly subject: 'hub/message'; readonly body: JsonObject }
  | { readonly subject: 'hub/message_box_status'; readonly status: 'empty' | 'has_more' }
  | { readonly subject: 'info'; readonly message: string }
  | { readonly subject: 'error'; readonly message: string }
  /** The hub's verdict on a joint it received (`accepted`, `known`, an error text…). */
  | { readonly subject: 'result'; readonly unit: string; readonly result: string }
  /** Our library_version is too old for this hub; it closes the socket. */
  | { readonly subject: 'upgrade_required' }
  /**
   * The hub's exchange rates ("GBYTE_USD", "<asset id>_USD", …: the price of one whole unit),
   * only the entries that are sane (parseExchangeRates). The hub's word, never proven.
   */
  | { readonly subject: 'exchange_rates'; readonly rates: Readonly<Record<string, number>> };

export type HubPushSubject = HubPush['subject'];

export type PushParse =
  | { readonly kind: 'push'; readonly push: HubPush }
  /** A known subject with a body of the wrong shape. */
  | { readonly kind: 'malformed'; readonly problem: string }
  /** A subject a light wallet does not act on (hub-app extras, the handshake `version`). */
  | { readonly kind: 'ignored' }
  /** A subject we have never heard of (ocore ignores those too). */
  | { readonly kind: 'unknown' };

const hash = z.string().refine((value) => isBase64(value, 32), 'a 44-character base64 hash');

const systemVarsSchema = z.record(
  z.string(),
  z.array(
    z.object({
      vote_count_mci: z.number().int(),
      value: z.custom<JsonValue>((value) => value !== undefined),
      is_emergency: z.number().int(),
    }),
  ),
);

const resultSchema = z.object({ unit: hash, result: z.string() });

function text(body: JsonValue | undefined): string | undefined {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return undefined;
  return JSON.stringify(body);
}

/** Subjects that need no reaction from a light wallet (hub-app extras and full-node chatter). */
const IGNORED = new Set([
  'version',
  'new_version',
  'known_witnesses',
  'hub/push_project_number',
  'free_joints_end',
]);

export function parsePush(subject: string, body: JsonValue | undefined): PushParse {
  const malformed = (problem: string): PushParse => ({ kind: 'malformed', problem });
  const push = (value: HubPush): PushParse => ({ kind: 'push', push: value });
  switch (subject) {
    case 'joint': {
      if (!isJsonObject(body) || !isJsonObject(body['unit'])) {
        return malformed('a joint must be an object with a unit object');
      }
      const unit = body['unit']['unit'];
      if (!isBase64(unit, 32)) return malformed('the joint has no unit hash');
      return push({ subject, joint: body, unit });
    }
    case 'light/have_updates':
      return push({ subject });
    case 'light/sequence_became_bad': {
      const parsed = z.array(hash).safeParse(body);
      return parsed.success
        ? push({ subject, units: parsed.data })
        : malformed('sequence_became_bad must list unit hashes');
    }
    case 'light/aa_request':
    case 'light/aa_response':
    case 'light/aa_definition':
    case 'light/aa_definition_saved':
      return push({ subject, body });
    case 'system_vars': {
      const parsed = systemVarsSchema.safeParse(body);
      return parsed.success
        ? push({ subject, systemVars: parsed.data })
        : malformed('system_vars must map names to lists of {vote_count_mci, value, is_emergency}');
    }
    case 'hub/challenge':
      return typeof body === 'string' && body.length > 0 && body.length <= 100
        ? push({ subject, challenge: body })
        : malformed('the challenge must be a short string');
    case 'hub/message':
      return isJsonObject(body) ? push({ subject, body }) : malformed('a hub message is an object');
    case 'hub/message_box_status':
      return body === 'empty' || body === 'has_more'
        ? push({ subject, status: body })
        : malformed('message_box_status must be "empty" or "has_more"');
    case 'info':
    case 'error': {
      const message = text(body);
      return message === undefined
        ? malformed(`${subject} has no text`)
        : push({ subject, message });
    }
    case 'result': {
      const parsed = resultSchema.safeParse(body);
      return parsed.success
        ? push({ subject, unit: parsed.data.unit, result: parsed.data.result })
        : malformed('result must be {unit, result}');
    }
    case 'upgrade_required':
      return push({ subject });
    case 'exchange_rates': {
      const rates = parseExchangeRates(body);
      return rates === null
        ? malformed('exchange_rates must map names like GBYTE_USD to positive numbers')
        : push({ subject, rates });
    }
    default:
      return IGNORED.has(subject) ? { kind: 'ignored' } : { kind: 'unknown' };
  }
}

/** At most this many rates are kept from one push (the real hub sends a few dozen). */
const MAX_RATES = 500;
/** A price above this is not a price (1e12 USD for one GBYTE or one token). */
const MAX_RATE = 1e12;
/** "GBYTE_USD", "BTC_USD", "<44-character asset id>_USD": a base name, "_", a currency code. */
const RATE_NAME = /^(?:[A-Z]{2,10}|[A-Za-z0-9+/]{43}=)_[A-Z]{3,5}$/;

/**
 * The sane entries of an `exchange_rates` body (ocore network.js merges it into its
 * `exchangeRates` with _.assign): each a known-shaped name and a finite positive number no
 * larger than MAX_RATE. Anything else (NaN cannot come through JSON, but strings, negatives,
 * zero, huge numbers, nested objects, odd names) is dropped entry by entry; a body that is not
 * an object, or has no sane entry, is null.
 */
export function parseExchangeRates(body: JsonValue | undefined): Record<string, number> | null {
  if (!isJsonObject(body)) return null;
  const rates: Record<string, number> = {};
  let kept = 0;
  for (const [name, value] of Object.entries(body)) {
    if (kept >= MAX_RATES) break;
    if (!RATE_NAME.test(name)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value <= 0 || value > MAX_RATE) continue;
    rates[name] = value;
    kept++;
  }
  return kept === 0 ? null : rates;
}
