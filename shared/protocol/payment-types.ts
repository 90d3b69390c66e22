/**
 * The types of a payment composition (compose.ts) and of its independent check
 * (compose-verify.ts): what the caller gives, what the user is shown, what is signed and posted.
 * Apart from both so that neither imports the other's types.
 */
import type { BASE_ASSET } from './amount';
import type { CoinCandidate, SpendUnconfirmed } from './coins';
import type { Hashable } from './json';
import type { ParentsAndLastBall } from './light/responses';
import type { AddressDefinition, Unit } from './unit-types';
import type { Network } from './wire';

export interface PaymentAuthor {
  readonly address: string;
  /** Include it when the address has not revealed it yet: the caller decides (§2.5). */
  readonly definition?: AddressDefinition;
  /** Authentifier paths that will be signed; default ["r"] (a single-sig address). */
  readonly signingPaths?: readonly string[];
}

export interface PaymentRecipient {
  readonly address: string;
  /** In the smallest unit (bytes, or the asset's indivisible units). */
  readonly amount: number;
  /** "base" or absent for bytes, else a public divisible asset id. */
  readonly asset?: string;
}

/** With `sendAll`, the one recipient gets every spendable byte minus the fees. */
export interface SendAllRecipient {
  readonly address: string;
  readonly asset?: typeof BASE_ASSET;
  readonly amount?: undefined;
}

/** A non-payment message to carry in the same unit (e.g. `data`, `text`); hashed here. */
export interface ExtraMessage {
  readonly app: string;
  readonly payload: Hashable;
}

/**
 * "pick": choose inputs among the coins (ocore pickDivisibleCoinsForAmount).
 * "given": spend exactly the coins given, in their order (ocore composeJoint `params.inputs`) —
 * e.g. to recompose a transiently rejected payment from the same, still locked, coins.
 */
export type CoinSelection = 'pick' | 'given';

interface ComposePaymentCommon {
  readonly network: Network;
  readonly parentsInfo: ParentsAndLastBall;
  /** threshold_size in force at last_stable_mc_ball_mci (getSystemVarValue). */
  readonly thresholdSize: number;
  readonly authors: readonly PaymentAuthor[];
  /** Receives the change of every asset; with several authors also the earned headers commission. */
  readonly changeAddress: string;
  /** Spendable coins by asset ("base" for bytes). */
  readonly coins: Readonly<Record<string, readonly CoinCandidate[]>>;
  readonly burnFee?: number;
  /** Default "own", as in ocore. */
  readonly spendUnconfirmed?: SpendUnconfirmed;
  readonly coinSelection?: CoinSelection;
  /** Messages placed before the payment, as ocore composeJoint `params.messages`. */
  readonly messages?: readonly ExtraMessage[];
  /** Put into the unit when the hub counted AA triggers; must equal what the hub was sent. */
  readonly maxAaResponses?: number;
  /** Recipients known to be autonomous agents (at most one, one output per asset). */
  readonly aaAddresses?: readonly string[];
  readonly maxFeeRatio?: number;
  /** Seconds; needed only when a coin comes from an AA response (its age is checked). */
  readonly now?: number;
}

export type ComposePaymentParams = ComposePaymentCommon &
  (
    | { readonly sendAll?: false; readonly recipients: readonly PaymentRecipient[] }
    | { readonly sendAll: true; readonly recipients: readonly [SendAllRecipient] }
  );

export interface PreviewOutput {
  readonly address: string;
  readonly amount: number;
  /** "base" for bytes. */
  readonly asset: string;
}

export interface PreviewFees {
  readonly headers_commission: number;
  readonly payload_commission: number;
  readonly tps_fee: number;
  readonly oversize_fee: number;
  readonly burn_fee: number;
  /** In bytes: the sum of the above. */
  readonly total: number;
}

export interface PreviewInputs {
  readonly asset: string;
  readonly count: number;
  readonly amount: number;
}

/** Everything the user signs, decoded from the unit. */
export interface PaymentPreview {
  /** In the order given (with send all: the one recipient and what it receives). */
  readonly recipients: readonly PreviewOutput[];
  /** Outputs back to the change address, one per asset that has change. */
  readonly change: readonly PreviewOutput[];
  readonly fees: PreviewFees;
  /** Per asset: the recipients' amounts, plus for bytes every fee. */
  readonly totalLeaving: Readonly<Record<string, number>>;
  /** Per asset, in message order: how many coins are spent and what they add up to. */
  readonly inputs: readonly PreviewInputs[];
  readonly inputCount: number;
}

export interface ComposedPayment {
  readonly network: Network;
  /** Unsigned: authentifiers hold placeholders and `unit` (the hash) is absent. */
  readonly unit: Unit;
  /** base64 of the 32-byte digest every authentifier signs (getUnitHashToSign). */
  readonly hashToSign: string;
  readonly preview: PaymentPreview;
  /** Every coin the unit spends, all assets, in input order: lock them until the unit resolves. */
  readonly spentCoins: readonly CoinCandidate[];
  readonly thresholdSize: number;
  readonly lastBallMci: number;
}

export interface SignedPayment extends ComposedPayment {
  /** The unit hash (also in `unit.unit`). */
  readonly unitHash: string;
  /** What `post_joint` sends. */
  readonly joint: { readonly unit: Unit };
}

/** A private key for the path, or a function that signs the 32-byte digest (base64, 88 chars). */
export type UnitSigner = (
  address: string,
  path: string,
) => Uint8Array | ((hashToSign: Uint8Array) => string);
