/**
 * Address definitions evaluated without references: the subset of ocore `definition.js`
 * (validateDefinition + validateAuthentifiers) that ocore runs with `bNoReferences` through
 * `validation.validateAuthorSignaturesWithoutReferences`, which is how a light client checks
 * witness signatures (witness_proof.js). It needs nothing but the definition, the unit's
 * authors and the 32-byte hash to sign: no database, no last ball, no other address.
 *
 * Evaluable operators: `sig`, `hash`, `or`, `and`, `r of set`, `weighted and`, `cosigned by` —
 * exactly the ones ocore accepts without references. Any other operator (`address`,
 * `definition template`, `in data feed`, `not`, …) makes the definition "not evaluable": the
 * caller decides whether that is an error (a witness) or a check to skip (our extra rule).
 *
 * What is trusted: nothing. A bad signature, an unused authentifier, an unsatisfied definition or
 * a malformed definition is a ProtocolError('signature').
 */
import { MAX_COMPLEXITY, MAX_OPS, PUBKEY_LENGTH } from './constants';
import { fail } from './errors';
import { isBase64 } from './bytes';
import { sha256Base64 } from './hash';
import { verify } from './signature';
import type { AddressDefinition, Authentifiers } from './unit-types';

/** `not_evaluable`: the definition uses `op`, which needs references or is unknown here. */
export type DefinitionCheck =
  { readonly status: 'verified' } | { readonly status: 'not_evaluable'; readonly op: string };

export interface AuthentifierContext {
  /** ocore getUnitHashToSign: the 32-byte digest every authentifier signs. */
  readonly hashToSign: Uint8Array;
  /** Addresses of all authors of the unit (for `cosigned by`). */
  readonly authorAddresses: readonly string[];
}

class NotEvaluable {
  constructor(readonly op: string) {}
}

type Record_ = Record<string, unknown>;

function isObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonemptyObject(value: unknown): value is Record_ {
  return isObject(value) && Object.keys(value).length > 0;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function hasFieldsExcept(value: Record_, allowed: readonly string[]): boolean {
  return Object.keys(value).some((key) => !allowed.includes(key));
}

function invalid(path: string, problem: string): never {
  return fail('signature', `The address definition is invalid at ${path}: ${problem}.`);
}

/** A valid address in the sense of ocore isValidAddress, without pulling chash into this file. */
function isAddressLike(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z2-7]{32}$/.test(value);
}

/**
 * ocore validateDefinition (bNoReferences, not an asset condition): structure, complexity and
 * "each branch must have a signature". Throws NotEvaluable at the first operator that needs
 * references.
 */
function validateStructure(definition: unknown): void {
  let complexity = 0;
  let ops = 0;
  const walk = (expr: unknown, path: string, inNegation: boolean): boolean => {
    complexity++;
    ops++;
    if (complexity > MAX_COMPLEXITY) invalid(path, 'complexity exceeded');
    if (ops > MAX_OPS) invalid(path, 'number of ops exceeded');
    if (!Array.isArray(expr) || expr.length !== 2)
      invalid(path, 'expression must be 2-element array');
    const [op, args] = expr as [unknown, unknown];
    if (typeof op !== 'string') invalid(path, 'op is not a string');
    switch (op) {
      case 'or':
      case 'and': {
        if (!Array.isArray(args)) invalid(path, `${op} args must be array`);
        if (args.length < 2) invalid(path, `${op} must have at least 2 options`);
        let withSig = 0;
        args.forEach((arg: unknown, i) => {
          if (walk(arg, `${path}.${i}`, inNegation)) withSig++;
        });
        return op === 'and' ? withSig > 0 : withSig === args.length;
      }
      case 'r of set': {
        if (!isNonemptyObject(args)) invalid(path, `${op} args must be a non-empty object`);
        if (hasFieldsExcept(args, ['required', 'set'])) invalid(path, `unknown fields in ${op}`);
        const { required, set } = args;
        if (!isPositiveInteger(required)) invalid(path, 'required must be positive');
        if (!Array.isArray(set)) invalid(path, 'set must be array');
        if (set.length < 2) invalid(path, 'set must have at least 2 options');
        if (required > set.length) invalid(path, 'required must be <= than set length');
        let withSig = 0;
        set.forEach((arg: unknown, i) => {
          if (walk(arg, `${path}.${i}`, inNegation)) withSig++;
        });
        return required > set.length - withSig;
      }
      case 'weighted and': {
        if (!isNonemptyObject(args)) invalid(path, `${op} args must be a non-empty object`);
        if (hasFieldsExcept(args, ['required', 'set'])) invalid(path, `unknown fields in ${op}`);
        const { required, set } = args;
        if (!isPositiveInteger(required)) invalid(path, 'required must be positive');
        if (!Array.isArray(set)) invalid(path, 'set must be array');
        if (set.length < 2) invalid(path, 'set must have at least 2 options');
        // The "≤ 1000" limits on required and weight depend on the last ball MCI (pemCurvesFixMci),
        // which a light client does not have; the network enforced them when it accepted the unit.
        let total = 0;
        let withSig = 0;
        set.forEach((element: unknown, i) => {
          if (!isNonemptyObject(element)) {
            invalid(path, 'weighted set element must be a non-empty object');
          }
          if (hasFieldsExcept(element, ['value', 'weight'])) {
            invalid(path, 'unknown fields in weighted set element');
          }
          const { weight, value } = element;
          if (!isPositiveInteger(weight)) invalid(path, 'weight must be positive int');
          total += weight;
          if (walk(value, `${path}.${i}`, inNegation)) withSig += weight;
        });
        if (required > total) invalid(path, 'required must be <= than total weight');
        return required > total - withSig;
      }
      case 'sig': {
        if (inNegation) invalid(path, `${op} cannot be negated`);
        if (!isNonemptyObject(args)) invalid(path, `${op} args must be a non-empty object`);
        if (hasFieldsExcept(args, ['algo', 'pubkey'])) invalid(path, `unknown fields in ${op}`);
        if (args['algo'] === 'secp256k1')
          invalid(path, 'default algo must not be explicitly specified');
        if ('algo' in args) invalid(path, 'unsupported sig algo');
        const pubkey = args['pubkey'];
        if (typeof pubkey !== 'string' || pubkey.length !== PUBKEY_LENGTH) {
          invalid(path, 'wrong pubkey length');
        }
        return true;
      }
      case 'hash': {
        if (inNegation) invalid(path, `${op} cannot be negated`);
        if (!isNonemptyObject(args)) invalid(path, `${op} args must be a non-empty object`);
        if (hasFieldsExcept(args, ['algo', 'hash'])) invalid(path, `unknown fields in ${op}`);
        if (args['algo'] === 'sha256')
          invalid(path, 'default algo must not be explicitly specified');
        if ('algo' in args) invalid(path, 'unsupported hash algo');
        if (!isBase64(args['hash'], 32)) invalid(path, 'wrong base64 hash');
        return false;
      }
      case 'cosigned by':
        if (inNegation) invalid(path, `${op} cannot be negated`);
        if (!isAddressLike(args)) invalid(path, 'invalid cosigner address');
        return false;
      default:
        // References (address, definition template, in data feed, seen, attested, …), `not`
        // (which can only wrap such operators) and operators this port does not know.
        throw new NotEvaluable(op);
    }
  };
  if (!walk(definition, 'r', false)) {
    fail('signature', 'The address definition is invalid: each branch must have a signature.');
  }
}

/**
 * ocore validateAuthentifiers.evaluate for the evaluable operators: every member is evaluated
 * (so an invalid signature on an unneeded branch still fails), signatures are verified against
 * the hash to sign, and every authentifier must be used.
 */
function evaluateAuthentifiers(
  definition: AddressDefinition,
  authentifiers: Authentifiers,
  context: AuthentifierContext,
): void {
  const used: string[] = [];
  let fatal: string | undefined;
  const authentifierAt = (path: string): string | undefined =>
    Object.hasOwn(authentifiers, path) ? authentifiers[path] : undefined;

  const evaluate = (expr: unknown, path: string): boolean => {
    const [op, args] = expr as [string, unknown];
    switch (op) {
      case 'or':
      case 'and': {
        const results = (args as unknown[]).map((arg, i) => evaluate(arg, `${path}.${i}`));
        return op === 'or' ? results.some(Boolean) : results.every(Boolean);
      }
      case 'r of set': {
        const { required, set } = args as { required: number; set: unknown[] };
        const count = set.filter((arg, i) => evaluate(arg, `${path}.${i}`)).length;
        return count >= required;
      }
      case 'weighted and': {
        const { required, set } = args as {
          required: number;
          set: { value: unknown; weight: number }[];
        };
        let weight = 0;
        set.forEach((element, i) => {
          if (evaluate(element.value, `${path}.${i}`)) weight += element.weight;
        });
        return weight >= required;
      }
      case 'sig': {
        const signature = authentifierAt(path);
        if (!signature) return false;
        used.push(path);
        const ok = verify(context.hashToSign, signature, (args as { pubkey: string }).pubkey);
        if (!ok) fatal = `bad signature at path ${path}`;
        return ok;
      }
      case 'hash': {
        const preimage = authentifierAt(path);
        if (!preimage) return false;
        used.push(path);
        const ok = sha256Base64(preimage) === (args as { hash: string }).hash;
        if (!ok) fatal = `bad hash at path ${path}`;
        return ok;
      }
      case 'cosigned by':
        return context.authorAddresses.includes(args as string);
      default:
        // validateStructure has already refused everything else.
        throw new NotEvaluable(op);
    }
  };

  const result = evaluate(definition, 'r');
  if (fatal !== undefined) fail('signature', `Authentifier check failed: ${fatal}.`);
  if (used.length !== Object.keys(authentifiers).length) {
    fail('signature', 'Authentifier check failed: some authentifiers are not used.');
  }
  if (!result) fail('signature', 'Authentifier check failed: the definition is not satisfied.');
}

/**
 * Check an author's authentifiers against its definition without references (ocore
 * validateAuthorSignaturesWithoutReferences). Returns `verified`, or `not_evaluable` with the
 * first operator that needs references; throws ProtocolError('signature') on any failure.
 */
export function verifyAuthentifiersWithoutReferences(
  definition: AddressDefinition,
  authentifiers: Authentifiers,
  context: AuthentifierContext,
): DefinitionCheck {
  if (Object.keys(authentifiers).length === 0)
    fail('signature', 'The author has no authentifiers.');
  try {
    validateStructure(definition);
    evaluateAuthentifiers(definition, authentifiers, context);
  } catch (error) {
    if (error instanceof NotEvaluable) return { status: 'not_evaluable', op: error.op };
    throw error;
  }
  return { status: 'verified' };
}
