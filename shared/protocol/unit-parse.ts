/**
 * Turns a unit received from a hub (or read back from storage) into the typed unit of
 * unit-types.ts. The input is untrusted: every field is checked for shape and type, and unknown
 * fields are rejected as ocore `validation.js` rejects them (they would change the content hash).
 * Consensus rules (signatures, balances, parents, fee amounts) are checked elsewhere.
 */
import { isBase64 } from './bytes';
import { fail } from './errors';
import type { Hashable, HashableObject } from './json';
import { isJsonObject } from './json';
import type {
  AnyUnit,
  Author,
  Authentifiers,
  CommissionInput,
  EarnedHeadersCommissionRecipient,
  IssueInput,
  Message,
  MessageCommonFields,
  PaymentInput,
  PaymentOutput,
  PaymentPayload,
  SpendProof,
  StrippedAuthor,
  Unit,
  UnitCommonFields,
} from './unit-types';
import { parseUnitVersion } from './unit-types';

const keySet = (names: string): ReadonlySet<string> => new Set(names.split(' '));

// Allowed fields, from ocore validation.js (serial and content-stripped units) plus the two a hub
// adds when serving.
const SERVED_KEYS = 'main_chain_index actual_tps_fee';
const SERIAL_UNIT_KEYS = keySet(
  'unit version alt timestamp authors messages witness_list_unit witnesses ' +
    'earned_headers_commission_recipients last_ball last_ball_unit parent_units ' +
    'headers_commission payload_commission oversize_fee tps_fee burn_fee max_aa_responses ' +
    SERVED_KEYS,
);
const VOIDED_UNIT_KEYS = keySet(
  'unit version alt timestamp authors witness_list_unit witnesses content_hash parent_units ' +
    'last_ball last_ball_unit ' +
    SERVED_KEYS,
);
const MESSAGE_KEYS = keySet(
  'app payload_location payload_hash payload payload_uri payload_uri_hash spend_proofs',
);

type Parser<T> = (value: unknown, where: string) => T;

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (!isJsonObject(value)) fail('unit', `${where} must be an object.`);
  return value;
}

function checkKeys(record: Record<string, unknown>, allowed: ReadonlySet<string>, where: string) {
  const unknown = Object.keys(record).filter((key) => !allowed.has(key));
  if (unknown.length > 0) fail('unit', `${where} has unknown fields: ${unknown.join(', ')}.`);
}

const stringAt: Parser<string> = (value, where) => {
  if (typeof value !== 'string') fail('unit', `${where} must be a string.`);
  return value;
};

const hashAt: Parser<string> = (value, where) => {
  if (!isBase64(value, 32)) fail('unit', `${where} must be a 44-character base64 hash.`);
  return value;
};

function integerAt(min: number): Parser<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      fail('unit', `${where} must be an integer of at least ${min}.`);
    }
    return value;
  };
}

const amountAt: Parser<number> = (value, where) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    fail('amount', `${where} must be a positive integer.`);
  }
  return value;
};

function arrayAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail('unit', `${where} must be a non-empty list.`);
  }
  return value;
}

function listOf<T>(item: Parser<T>): Parser<T[]> {
  return (value, where) => arrayAt(value, where).map((v, i) => item(v, `${where}[${i}]`));
}

/** Copy `record[key]` into `out[key]` through `parse` when present. */
function copyOptional<O, K extends keyof O & string>(
  out: O,
  record: Record<string, unknown>,
  key: K,
  parse: Parser<O[K]>,
  where: string,
): void {
  if (key in record) out[key] = parse(record[key], `${where} ${key}`);
}

/**
 * JSON as the canonical serializers accept it: no null, finite numbers, no empty list or object
 * (ocore throws on those while hashing, so no accepted unit contains them).
 */
export function parseHashable(value: unknown, where: string): Hashable {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('unit', `${where} holds a non-finite number.`);
    return value;
  }
  if (Array.isArray(value)) return listOf(parseHashable)(value, where);
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) fail('unit', `${where} must not be an empty object.`);
    const out: Record<string, Hashable> = {};
    for (const key of keys) out[key] = parseHashable(value[key], `${where}.${key}`);
    return out as HashableObject;
  }
  return fail('unit', `${where} holds ${value === null ? 'null' : `a ${typeof value}`}.`);
}

const parseInput: Parser<PaymentInput> = (value, where) => {
  const input = objectAt(value, where);
  const type = input['type'];
  if (type === undefined) {
    checkKeys(input, keySet('unit message_index output_index'), where);
    return {
      unit: hashAt(input['unit'], `${where} unit`),
      message_index: integerAt(0)(input['message_index'], `${where} message_index`),
      output_index: integerAt(0)(input['output_index'], `${where} output_index`),
    };
  }
  if (type === 'issue') {
    checkKeys(input, keySet('type serial_number amount address'), where);
    const issue: IssueInput = {
      type,
      serial_number: integerAt(1)(input['serial_number'], `${where} serial_number`),
      amount: amountAt(input['amount'], `${where} amount`),
    };
    copyOptional(issue, input, 'address', stringAt, where);
    return issue;
  }
  if (type === 'headers_commission' || type === 'witnessing') {
    checkKeys(input, keySet('type from_main_chain_index to_main_chain_index address'), where);
    const earned: CommissionInput = {
      type,
      from_main_chain_index: integerAt(0)(input['from_main_chain_index'], `${where} from`),
      to_main_chain_index: integerAt(0)(input['to_main_chain_index'], `${where} to`),
    };
    copyOptional(earned, input, 'address', stringAt, where);
    return earned;
  }
  return fail('unit', `${where} has an unknown type ${JSON.stringify(type)}.`);
};

const parseOutput: Parser<PaymentOutput> = (value, where) => {
  const output = objectAt(value, where);
  checkKeys(output, keySet('address amount blinding output_hash'), where);
  const out: PaymentOutput = { amount: amountAt(output['amount'], `${where} amount`) };
  copyOptional(out, output, 'address', stringAt, where);
  copyOptional(out, output, 'blinding', stringAt, where);
  copyOptional(out, output, 'output_hash', hashAt, where);
  return out;
};

export function parsePaymentPayload(value: unknown, where = 'The payment'): PaymentPayload {
  const payload = objectAt(value, where);
  checkKeys(payload, keySet('asset denomination inputs outputs'), where);
  const out: PaymentPayload = {
    inputs: listOf(parseInput)(payload['inputs'], `${where} inputs`),
    outputs: listOf(parseOutput)(payload['outputs'], `${where} outputs`),
  };
  copyOptional(out, payload, 'asset', hashAt, where);
  copyOptional(out, payload, 'denomination', integerAt(1), where);
  return out;
}

const parseSpendProof: Parser<SpendProof> = (value, where) => {
  const proof = objectAt(value, where);
  checkKeys(proof, keySet('spend_proof address'), where);
  const out: SpendProof = { spend_proof: hashAt(proof['spend_proof'], `${where} spend_proof`) };
  copyOptional(out, proof, 'address', stringAt, where);
  return out;
};

const parseMessage: Parser<Message> = (value, where) => {
  const message = objectAt(value, where);
  checkKeys(message, MESSAGE_KEYS, where);
  const app = stringAt(message['app'], `${where} app`);
  const location = message['payload_location'];
  if (location !== 'inline' && location !== 'none' && location !== 'uri') {
    fail('unit', `${where} payload_location must be "inline", "none" or "uri".`);
  }
  const hasPayload = 'payload' in message;
  if ((location === 'inline') !== hasPayload) {
    fail('unit', `${where} must carry a payload exactly when its payload_location is "inline".`);
  }
  const common: MessageCommonFields = {
    payload_location: location,
    payload_hash: hashAt(message['payload_hash'], `${where} payload_hash`),
  };
  copyOptional(common, message, 'payload_uri', stringAt, where);
  copyOptional(common, message, 'payload_uri_hash', hashAt, where);
  copyOptional(common, message, 'spend_proofs', listOf(parseSpendProof), where);
  const payloadWhere = `${where} payload`;
  if (app === 'payment') {
    return hasPayload
      ? { app, ...common, payload: parsePaymentPayload(message['payload'], payloadWhere) }
      : { app, ...common };
  }
  return hasPayload
    ? { app, ...common, payload: parseHashable(message['payload'], payloadWhere) }
    : { app, ...common };
};

const parseStrippedAuthor: Parser<StrippedAuthor> = (value, where) => {
  const author = objectAt(value, where);
  checkKeys(author, keySet('address'), where);
  return { address: stringAt(author['address'], `${where} address`) };
};

const parseAuthor: Parser<Author> = (value, where) => {
  const author = objectAt(value, where);
  checkKeys(author, keySet('address authentifiers definition'), where);
  const out: Author = { address: stringAt(author['address'], `${where} address`) };
  // An AA response unit names its AA author without authentifiers (ocore validation.js
  // validateAuthor accepts that only for AA addresses, which a light client cannot look up:
  // such a unit is never treated as signed).
  if ('authentifiers' in author) {
    const raw = objectAt(author['authentifiers'], `${where} authentifiers`);
    const paths = Object.keys(raw);
    if (paths.length === 0) fail('unit', `${where} has no authentifiers.`);
    const authentifiers: Authentifiers = {};
    for (const path of paths) {
      authentifiers[path] = stringAt(raw[path], `${where} authentifier ${path}`);
    }
    out.authentifiers = authentifiers;
  }
  if ('definition' in author) {
    const definition = parseHashable(author['definition'], `${where} definition`);
    if (!Array.isArray(definition)) fail('unit', `${where} definition must be a list.`);
    out.definition = definition;
  }
  return out;
};

const parseRecipient: Parser<EarnedHeadersCommissionRecipient> = (value, where) => {
  const recipient = objectAt(value, where);
  checkKeys(recipient, keySet('address earned_headers_commission_share'), where);
  return {
    address: stringAt(recipient['address'], `${where} address`),
    earned_headers_commission_share: integerAt(1)(
      recipient['earned_headers_commission_share'],
      `${where} earned_headers_commission_share`,
    ),
  };
};

const nullableInteger: Parser<number | null> = (value, where) =>
  value === null ? null : integerAt(0)(value, where);

/**
 * Parse a unit as served by a hub into a typed full unit, or a voided unit when it carries
 * `content_hash` instead of messages.
 */
export function parseUnit(value: unknown): AnyUnit {
  const w = 'The unit';
  const raw = objectAt(value, w);
  const voided = 'content_hash' in raw;
  checkKeys(raw, voided ? VOIDED_UNIT_KEYS : SERIAL_UNIT_KEYS, w);
  const version = stringAt(raw['version'], `${w} version`);
  parseUnitVersion(version);
  const common: UnitCommonFields = { version, alt: stringAt(raw['alt'], `${w} alt`) };
  copyOptional(common, raw, 'unit', hashAt, w);
  copyOptional(common, raw, 'parent_units', listOf(hashAt), w);
  copyOptional(common, raw, 'last_ball', hashAt, w);
  copyOptional(common, raw, 'last_ball_unit', hashAt, w);
  copyOptional(common, raw, 'timestamp', integerAt(0), w);
  copyOptional(common, raw, 'witness_list_unit', hashAt, w);
  copyOptional(common, raw, 'witnesses', listOf(stringAt), w);
  copyOptional(common, raw, 'main_chain_index', nullableInteger, w);
  copyOptional(common, raw, 'actual_tps_fee', nullableInteger, w);

  if (voided) {
    return {
      ...common,
      content_hash: hashAt(raw['content_hash'], `${w} content_hash`),
      authors: listOf(parseStrippedAuthor)(raw['authors'], `${w} authors`),
    };
  }
  const unit: Unit = {
    ...common,
    authors: listOf(parseAuthor)(raw['authors'], `${w} authors`),
    messages: listOf(parseMessage)(raw['messages'], `${w} messages`),
  };
  copyOptional(unit, raw, 'earned_headers_commission_recipients', listOf(parseRecipient), w);
  copyOptional(unit, raw, 'headers_commission', integerAt(0), w);
  copyOptional(unit, raw, 'payload_commission', integerAt(0), w);
  copyOptional(unit, raw, 'oversize_fee', integerAt(1), w);
  copyOptional(unit, raw, 'tps_fee', integerAt(0), w);
  copyOptional(unit, raw, 'burn_fee', integerAt(1), w);
  copyOptional(unit, raw, 'max_aa_responses', integerAt(0), w);
  return unit;
}
