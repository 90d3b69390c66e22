/**
 * Typed Obyte units (light-client.md §3.1), as composed by the wallet or parsed from a hub by
 * unit-parse.ts. Wire field names stay snake_case.
 *
 * Served units may carry `main_chain_index` and `actual_tps_fee` (either may be null): the
 * types allow them and the hash and size functions ignore them.
 */
import { fail } from './errors';
import type { Hashable } from './json';
import type { Network } from './wire';

/** Authentifier path ("r", "r.0", …) to base64 signature (or other authentifier). */
export type Authentifiers = Record<string, string>;

/** An address definition such as `["sig", {pubkey}]`; interpreted by the definitions module. */
export type AddressDefinition = readonly Hashable[];

export interface Author {
  address: string;
  /**
   * Absent only on units an autonomous agent authored (AA responses): an AA has no keys, and
   * the network accepts its units by re-running the AA. Every unit a wallet composes has them.
   */
  authentifiers?: Authentifiers;
  /** Present the first time an address is used (or after a definition change). */
  definition?: AddressDefinition;
}

/** An author of a voided unit (content stripped, only the address remains). */
export interface StrippedAuthor {
  address: string;
}

/** Spends an output of an earlier unit; ocore rejects an explicit `type: "transfer"`. */
export interface TransferInput {
  unit: string;
  message_index: number;
  output_index: number;
}

export interface IssueInput {
  type: 'issue';
  serial_number: number;
  amount: number;
  /** Only when the unit has several authors. */
  address?: string;
}

export interface CommissionInput {
  type: 'headers_commission' | 'witnessing';
  from_main_chain_index: number;
  to_main_chain_index: number;
  /** Only when the unit has several authors. */
  address?: string;
}

export type PaymentInput = TransferInput | IssueInput | CommissionInput;

/** Public outputs have address and amount; private ones add `blinding` or use `output_hash`. */
export interface PaymentOutput {
  address?: string;
  amount: number;
  blinding?: string;
  output_hash?: string;
}

export interface PaymentPayload {
  /** Absent for the base asset (bytes). */
  asset?: string;
  /** Fixed-denomination assets only. */
  denomination?: number;
  inputs: PaymentInput[];
  outputs: PaymentOutput[];
}

export interface SpendProof {
  spend_proof: string;
  address?: string;
}

export type PayloadLocation = 'inline' | 'none' | 'uri';

export interface MessageCommonFields {
  payload_location: PayloadLocation;
  payload_hash: string;
  payload_uri?: string;
  payload_uri_hash?: string;
  spend_proofs?: SpendProof[];
}

export interface PaymentMessage extends MessageCommonFields {
  app: 'payment';
  /** Absent for private payments (`payload_location: "none"`). */
  payload?: PaymentPayload;
}

/** Any other app (`text`, `data`, `data_feed`, `temp_data`, …) with its payload as JSON. */
export interface GenericMessage extends MessageCommonFields {
  app: string;
  payload?: Hashable;
}

export type Message = PaymentMessage | GenericMessage;

export interface EarnedHeadersCommissionRecipient {
  address: string;
  earned_headers_commission_share: number;
}

/** Fields shared by full and voided units. */
export interface UnitCommonFields {
  /** The unit hash; absent while composing. */
  unit?: string;
  /** e.g. "4.0", "4.0t" (testnet), "4.0dev" (devnet); see unit.ts for what each implies. */
  version: string;
  alt: string;
  parent_units?: string[];
  last_ball?: string;
  last_ball_unit?: string;
  /** Seconds; hashed from version 2.0, served (unhashed) for version 1.0. */
  timestamp?: number;
  /** Pre-4.0 units carry exactly one of these two. */
  witness_list_unit?: string;
  witnesses?: string[];
  /** Added by hubs when serving; never hashed. */
  main_chain_index?: number | null;
  actual_tps_fee?: number | null;
}

/** A full (serial) unit as composed or served with its content. */
export interface Unit extends UnitCommonFields {
  authors: Author[];
  messages: Message[];
  earned_headers_commission_recipients?: EarnedHeadersCommissionRecipient[];
  headers_commission?: number;
  payload_commission?: number;
  /** Present only when non-zero. */
  oversize_fee?: number;
  tps_fee?: number;
  burn_fee?: number;
  max_aa_responses?: number;
  content_hash?: undefined;
}

/** A unit served without its content (voided or final-bad): `content_hash` replaces messages. */
export interface VoidedUnit extends UnitCommonFields {
  content_hash: string;
  authors: StrippedAuthor[];
  messages?: undefined;
}

export type AnyUnit = Unit | VoidedUnit;

export interface UnitVersionInfo {
  /** The version without its network suffix, e.g. "4.0". */
  readonly base: string;
  readonly network: Network;
}

const VERSION_RE = /^(\d+\.\d+)(t|dev)?$/;

/** Split a unit version into its number and network: "4.0t" is 4.0 on testnet (constants.js). */
export function parseUnitVersion(version: string): UnitVersionInfo {
  // Asked several times per unit while hashing and sizing: the few valid spellings are kept.
  const known = typeof version === 'string' ? parsedVersions.get(version) : undefined;
  if (known !== undefined) return known;
  const match = typeof version === 'string' ? VERSION_RE.exec(version) : null;
  if (!match?.[1]) fail('unit', `Unknown unit version ${JSON.stringify(version)}.`);
  const suffix = match[2];
  const info: UnitVersionInfo = Object.freeze({
    base: match[1],
    network: suffix === 't' ? 'testnet' : suffix === 'dev' ? 'devnet' : 'mainnet',
  });
  if (parsedVersions.size < MAX_PARSED_VERSIONS) parsedVersions.set(version, info);
  return info;
}

/** Valid versions seen so far (bounded: an answer could spell many "9999.1" versions). */
const parsedVersions = new Map<string, UnitVersionInfo>();
const MAX_PARSED_VERSIONS = 64;

export function isVoidedUnit(unit: AnyUnit): unit is VoidedUnit {
  return unit.content_hash !== undefined;
}

export function isPaymentMessage(message: Message): message is PaymentMessage {
  return message.app === 'payment';
}
