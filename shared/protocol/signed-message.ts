/**
 * Signed messages (ocore signed_message.js, object_hash.getSignedPackageHashToSign): a text or a
 * JSON value signed by an address, as bots ask for it (`[…](sign-message-request:…)`) and as
 * wallets answer (`[Signed message](signed-message:BASE64)`, base64 of the package's JSON, as the
 * official wallet writes it).
 *
 * Package: `{version, signed_message, authors: [{address, authentifiers, definition?}],
 * last_ball_unit?}`. The plain form always carries the author's definition; the network-aware
 * form names a last ball (the definition in force there counts) and carries the definition only
 * when the address has not revealed it by then. The digest is SHA-256 of the package without
 * authentifiers, serialized as JSON (source string for a package without version or of version
 * 1.0).
 *
 * What is trusted: nothing in a received package. `parseSignedMessage` applies ocore's structural
 * rules (validateSignedMessage) with its error texts in words; `verifySignedMessage` checks the
 * definition against the address and the signatures with the definition evaluable without
 * references (definition.ts). A network-aware package without a definition can only be checked
 * with the definition the caller obtains from the network.
 */
import { MAX_AUTHENTIFIER_LENGTH, MAX_AUTHORS_PER_UNIT } from './constants';
import { isBase64, fromBase64, fromUtf8, toBase64, utf8 } from './bytes';
import { getAddressFromDefinition, isValidAddress } from './chash';
import { verifyAuthentifiersWithoutReferences } from './definition';
import { fail, ProtocolError } from './errors';
import { sha256 } from './hash';
import type { Hashable, JsonValue } from './json';
import { isJsonObject } from './json';
import { getJsonSourceString, getSourceString } from './serialize';
import { sign } from './signature';
import type { AddressDefinition } from './unit-types';
import type { NetworkConstants } from './wire';

const SIGNATURE_PLACEHOLDER_LENGTH = 88;

export interface SignedMessageAuthor {
  readonly address: string;
  readonly authentifiers: Readonly<Record<string, string>>;
  readonly definition?: AddressDefinition;
}

export interface SignedMessagePackage {
  readonly version?: string;
  /** What was signed: text, or any JSON value. */
  readonly signed_message: Hashable;
  readonly authors: readonly SignedMessageAuthor[];
  /** Network-aware packages only: the definitions in force at this unit count. */
  readonly last_ball_unit?: string;
  readonly timestamp?: number;
}

function bad(message: string): never {
  return fail('signed_message', message);
}

/** ocore getSignedPackageHashToSign: the 32-byte digest each authentifier signs. */
export function getSignedPackageHashToSign(pkg: SignedMessagePackage): Uint8Array {
  const unsigned = {
    ...pkg,
    authors: pkg.authors.map(({ authentifiers: _signed, ...rest }) => rest),
  };
  const version = pkg.version;
  const legacy = version === undefined || /^1\.0/.test(version);
  return sha256(utf8(legacy ? getSourceString(unsigned) : getJsonSourceString(unsigned)));
}

export interface SignMessageParams {
  /** Text, or a JSON value (a bot's base64 JSON request decoded). */
  readonly message: Hashable;
  readonly address: string;
  readonly network: NetworkConstants;
  /** Plain form: always. Network-aware form: only when the address has not revealed it yet. */
  readonly definition?: AddressDefinition;
  /** The network-aware form: the last ball unit the definition is taken at. */
  readonly lastBallUnit?: string;
  /** Authentifier paths the key signs; default ["r"] (single-sig). */
  readonly signingPaths?: readonly string[];
}

/** The package before signing, in ocore signMessage's field order (the base64 reply matches). */
export function buildUnsignedMessagePackage(params: SignMessageParams): SignedMessagePackage {
  if (!isValidAddress(params.address)) bad('The signing address is not valid.');
  const networkAware = params.lastBallUnit !== undefined;
  if (networkAware && !isBase64(params.lastBallUnit, 32)) bad('The last ball unit is not a hash.');
  if (!networkAware && params.definition === undefined) {
    bad('A plain signed message must carry the definition of its address.');
  }
  if (
    params.definition !== undefined &&
    getAddressFromDefinition(params.definition) !== params.address
  ) {
    bad(`The definition given is not that of ${params.address}.`);
  }
  try {
    getJsonSourceString(params.message);
  } catch (error) {
    if (error instanceof ProtocolError) bad(`The message cannot be signed: ${error.message}`);
    throw error;
  }
  const authentifiers: Record<string, string> = {};
  for (const path of params.signingPaths ?? ['r']) {
    authentifiers[path] = '-'.repeat(SIGNATURE_PLACEHOLDER_LENGTH);
  }
  const author: SignedMessageAuthor = {
    address: params.address,
    authentifiers,
    ...(params.definition !== undefined ? { definition: params.definition } : {}),
  };
  return {
    version: params.network.protocolVersion,
    signed_message: params.message,
    authors: [author],
    ...(networkAware ? { last_ball_unit: params.lastBallUnit } : {}),
  };
}

/**
 * Sign every path of the one author with `signer` (a private key, or a function that signs the
 * 32-byte digest and returns base64) — ocore signMessage.
 */
export function signMessagePackage(
  unsigned: SignedMessagePackage,
  signer: (path: string) => Uint8Array | ((digest: Uint8Array) => string),
): SignedMessagePackage {
  const digest = getSignedPackageHashToSign(unsigned);
  const authors = unsigned.authors.map((author) => {
    const authentifiers: Record<string, string> = {};
    for (const path of Object.keys(author.authentifiers)) {
      const key = signer(path);
      const signature = typeof key === 'function' ? key(digest.slice()) : sign(digest, key);
      if (!isBase64(signature, 64)) bad(`The signature at ${path} is not 64 bytes of base64.`);
      authentifiers[path] = signature;
    }
    return { ...author, authentifiers };
  });
  return { ...unsigned, authors };
}

/** What the official wallet sends back: base64 of the package's JSON. */
export function encodeSignedMessage(pkg: SignedMessagePackage): string {
  return toBase64(utf8(JSON.stringify(pkg)));
}

/** The chat reply that carries a signed message. */
export function signedMessageReply(pkg: SignedMessagePackage): string {
  return `[Signed message](signed-message:${encodeSignedMessage(pkg)})`;
}

function hasOnly(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

/**
 * ocore validateSignedMessage's checks that need no database, in its order, each failure in
 * words. `supportedVersions`: the network's (a package of another network is refused).
 */
export function parseSignedMessage(
  value: unknown,
  supportedVersions: readonly string[],
): SignedMessagePackage {
  if (!isJsonObject(value) || Object.keys(value).length === 0) {
    bad('A signed message must be a non-empty object.');
  }
  if (!hasOnly(value, ['signed_message', 'authors', 'last_ball_unit', 'timestamp', 'version'])) {
    bad('The signed message has fields a signed message cannot have.');
  }
  if (!('signed_message' in value)) bad('The package holds no signed message.');
  const version = value['version'];
  if (
    version !== undefined &&
    (typeof version !== 'string' || !supportedVersions.includes(version))
  ) {
    bad('The signed message is of another network or an unsupported version.');
  }
  const authors = value['authors'];
  if (!Array.isArray(authors) || authors.length === 0) bad('The signed message has no author.');
  if (authors.length !== 1) bad('The signed message must have exactly one author.');
  if (authors.length > MAX_AUTHORS_PER_UNIT) bad('The signed message has too many authors.');
  let previous = '';
  for (const author of authors) {
    if (!isJsonObject(author) || Object.keys(author).length === 0) {
      bad('An author of the signed message is not an object.');
    }
    const address = author['address'];
    if (!isValidAddress(address)) bad('The author of the signed message is not a valid address.');
    if (address <= previous) bad('The authors of the signed message are not sorted.');
    previous = address;
    if (!hasOnly(author, ['address', 'definition', 'authentifiers'])) {
      bad('An author of the signed message has fields an author cannot have.');
    }
    if ('definition' in author) {
      const definition = author['definition'];
      if (!Array.isArray(definition) || definition.length !== 2) {
        bad('The definition in the signed message is not a definition.');
      }
      if (definition[0] === 'autonomous agent') bad('An autonomous agent cannot sign a message.');
      let defined: string;
      try {
        defined = getAddressFromDefinition(definition);
      } catch {
        return bad('The definition in the signed message cannot be hashed.');
      }
      if (defined !== address) {
        bad(`The definition in the signed message belongs to ${defined}, not to ${address}.`);
      }
    }
    const authentifiers = author['authentifiers'];
    if (!isJsonObject(authentifiers) || Object.keys(authentifiers).length === 0) {
      bad('The signed message carries no signature.');
    }
    for (const signature of Object.values(authentifiers)) {
      if (typeof signature !== 'string' || signature === '') {
        bad('A signature in the signed message is not text.');
      }
      if (signature.length > MAX_AUTHENTIFIER_LENGTH) bad('A signature is too long.');
    }
  }
  try {
    getJsonSourceString(value);
  } catch (error) {
    if (error instanceof ProtocolError) bad(`The signed message is malformed: ${error.message}`);
    throw error;
  }
  if ('last_ball_unit' in value && !isBase64(value['last_ball_unit'], 32)) {
    bad('The signed message names an invalid last ball unit.');
  }
  return value as unknown as SignedMessagePackage;
}

/** A `signed-message:` link's base64 decoded and parsed. */
export function decodeSignedMessage(
  base64: string,
  supportedVersions: readonly string[],
): SignedMessagePackage {
  if (typeof base64 !== 'string' || !isBase64(base64)) bad('The signed message is not base64.');
  let json: JsonValue;
  try {
    json = JSON.parse(fromUtf8(fromBase64(base64))) as JsonValue;
  } catch {
    return bad('The signed message is not JSON.');
  }
  return parseSignedMessage(json, supportedVersions);
}

export type SignedMessageVerdict =
  | { readonly status: 'valid'; readonly address: string; readonly networkAware: boolean }
  | { readonly status: 'invalid'; readonly address: string; readonly reason: string }
  /** The signature could not be checked here (a definition that needs the network, or none). */
  | { readonly status: 'unverifiable'; readonly address: string; readonly reason: string };

/**
 * Check a parsed package's signature. `definition`: the definition of the author's address as
 * the caller learned it (needed for a network-aware package that carries none). A definition
 * that can only be evaluated with the network's data (`address`, `in data feed`, …) is
 * 'unverifiable', never 'valid'.
 */
export function verifySignedMessage(
  pkg: SignedMessagePackage,
  options: { readonly definition?: AddressDefinition } = {},
): SignedMessageVerdict {
  const [author] = pkg.authors;
  if (author === undefined) return bad('The signed message has no author.');
  const address = author.address;
  const networkAware = pkg.last_ball_unit !== undefined;
  const definition = author.definition ?? (networkAware ? options.definition : undefined);
  if (definition === undefined) {
    return networkAware
      ? { status: 'unverifiable', address, reason: 'the definition of the address is not known' }
      : { status: 'invalid', address, reason: 'it carries no definition' };
  }
  if (author.definition === undefined && getAddressFromDefinition(definition) !== address) {
    return { status: 'unverifiable', address, reason: 'the address has changed its definition' };
  }
  try {
    const check = verifyAuthentifiersWithoutReferences(definition, author.authentifiers, {
      hashToSign: getSignedPackageHashToSign(pkg),
      authorAddresses: [address],
    });
    if (check.status === 'not_evaluable') {
      return {
        status: 'unverifiable',
        address,
        reason: `its definition uses "${check.op}", which needs the network to evaluate`,
      };
    }
  } catch (error) {
    if (error instanceof ProtocolError) {
      return { status: 'invalid', address, reason: 'the signature does not match the message' };
    }
    throw error;
  }
  return { status: 'valid', address, networkAware };
}
