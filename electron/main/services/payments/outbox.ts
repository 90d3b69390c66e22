/**
 * The payment outbox (ARCHITECTURE.md principle 7): a signed joint and the coins it spends are
 * written BEFORE it is posted, and tracked until the network says what became of it. Then
 * `post_joint`: accepted / known → the unit is stored as unconfirmed (balances show the pending
 * spend); a transient refusal (§1.8) → recomposed by the composer from the SAME coins with fresh
 * parents; a permanent refusal → a clear message, and the coins are released only when
 * `get_joint` says the unit is unknown; no answer → the unit stays unresolved, and
 * `resolveOutbox` (run on every reconnect) asks `get_joint` and re-posts the same joint if the
 * hub does not know it. A second unit is never made from coins that a posted but unanswered unit
 * holds: the outbox table refuses it.
 */
import type { HashableObject } from '../../../../shared/protocol/json';
import type {
  AddressDefinition,
  CoinCandidate,
  PaymentPreview,
  SignedPayment,
  Unit,
} from '../../../../shared/protocol/index';
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import type { Logger } from '../logger';
import type { WalletDatabase } from '../storage';
import { CoinsLockedError, type OutboxEntry, type WalletStore } from '../storage/wallet-store';
import {
  HubError,
  HubRequestError,
  getJoint,
  postJoint,
  type HubRequester,
} from '../../../../shared/protocol/light/index';
import { describe, PaymentError } from './errors';

/** Recompositions after transient refusals before giving up (the coins stay locked meanwhile). */
const MAX_TRANSIENT_RETRIES = 3;

export type SendOutcome =
  /** The hub has the unit (accepted or known); it is pending until stable. */
  | { readonly status: 'accepted'; readonly unit: string }
  /** No answer: the unit may or may not be in the DAG; its coins stay locked until resolved. */
  | { readonly status: 'unresolved'; readonly unit: string; readonly message: string };

export type PendingStatus = 'unresolved' | 'pending' | 'stable' | 'final-bad' | 'rejected';

export interface PendingPayment {
  readonly unit: string;
  readonly status: PendingStatus;
  readonly recipients: PaymentPreview['recipients'];
  readonly fees: PaymentPreview['fees'];
  readonly totalLeaving: PaymentPreview['totalLeaving'];
  readonly lastError: string | null;
  readonly createdAt: number;
}

/** What the outbox keeps to recompose from the same coins (after a restart too). */
export interface OutboxContext {
  readonly network: NetworkConstants['name'];
  readonly recipients: readonly { address: string; amount: number; asset: string }[];
  readonly sendAll: boolean;
  readonly changeAddress: string;
  readonly authors: readonly string[];
  readonly coins: readonly CoinCandidate[];
  readonly preview: PaymentPreview;
  /** The data message's payload (absent in entries written before data payments). */
  readonly data?: HashableObject | null;
  /** Recipients that are autonomous agents. */
  readonly aaAddresses?: readonly string[];
  /** A sweep: the author that is not ours (its definition; the key is never kept). */
  readonly foreign?: { readonly address: string; readonly definition: AddressDefinition };
}

/** The same payment again, from the same coins with fresh parents, signed and persisted. */
export type Recompose = (previous: SignedPayment, context: OutboxContext) => Promise<SignedPayment>;

export interface PaymentOutboxOptions {
  readonly hub: HubRequester;
  readonly db: WalletDatabase;
  readonly store: WalletStore;
  /** The payments' logger. */
  readonly logger: Logger;
  /** The outbox may have changed (a send, a resolution): read `pendingPayments` again. */
  readonly onChanged?: () => void;
}

/** A hub failure that leaves the fate of a posted unit unknown (no answer came). */
function isNoAnswer(error: unknown): boolean {
  return error instanceof HubError && !(error instanceof HubRequestError);
}

export class PaymentOutbox {
  private readonly hub: HubRequester;
  private readonly db: WalletDatabase;
  private readonly store: WalletStore;
  private readonly logger: Logger;
  private readonly onChanged: () => void;
  private resolving: Promise<void> | null = null;
  private resolveAgain = false;

  constructor(options: PaymentOutboxOptions) {
    this.hub = options.hub;
    this.db = options.db;
    this.store = options.store;
    this.logger = options.logger;
    this.onChanged = options.onChanged ?? (() => undefined);
  }

  /** Writes the signed joint and the coins it spends, BEFORE it is posted (principle 7). */
  persist(signed: SignedPayment, context: OutboxContext, replaces?: string): void {
    try {
      this.store.addOutbox(
        {
          unit: signed.unitHash,
          joint: JSON.stringify(signed.joint),
          context: JSON.stringify(context),
          coins: signed.spentCoins.map((c) => ({
            unit: c.unit,
            message_index: c.message_index,
            output_index: c.output_index,
          })),
        },
        replaces,
      );
    } catch (error) {
      if (error instanceof CoinsLockedError) {
        throw new PaymentError({ kind: 'coins-locked', problem: error.message }, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Post (and re-post after transient refusals, through `recompose` when the payment can be
   * signed again) until the hub answers for good or not at all.
   */
  async post(
    first: SignedPayment,
    context: OutboxContext,
    recompose: Recompose | null,
  ): Promise<SendOutcome> {
    try {
      return await this.postUntilAnswered(first, context, recompose);
    } finally {
      this.changed();
    }
  }

  private async postUntilAnswered(
    first: SignedPayment,
    context: OutboxContext,
    recompose: Recompose | null,
  ): Promise<SendOutcome> {
    let signed = first;
    for (let attempt = 0; ; attempt++) {
      try {
        await postJoint(this.hub, signed.joint);
        this.accept(signed.unitHash, signed.joint.unit);
        return { status: 'accepted', unit: signed.unitHash };
      } catch (error) {
        if (isNoAnswer(error)) {
          this.store.setOutboxState(signed.unitHash, 'unresolved', describe(error));
          this.logger.warn('posted unit without answer; coins stay locked', {
            unit: signed.unitHash,
          });
          return {
            status: 'unresolved',
            unit: signed.unitHash,
            message:
              'The hub did not answer. The payment will be checked when the connection is back; its coins stay reserved until then.',
          };
        }
        if (!(error instanceof HubRequestError)) throw error;
        if (error.reason === 'transient' && attempt < MAX_TRANSIENT_RETRIES && recompose !== null) {
          signed = await recompose(signed, context);
          continue;
        }
        if (error.reason === 'already_handling' || error.reason === 'transient') {
          this.store.setOutboxState(signed.unitHash, 'unresolved', error.hubMessage);
          return {
            status: 'unresolved',
            unit: signed.unitHash,
            message: `The hub is busy with this payment (${error.hubMessage}); it will be checked again.`,
          };
        }
        // Permanent: the coins are released only once the hub says it does not have the unit.
        this.store.setOutboxState(signed.unitHash, 'rejected', error.hubMessage);
        await this.resolveEntry(signed.unitHash).catch(() => undefined);
        throw new PaymentError(
          { kind: 'network-refused', hubMessage: error.hubMessage },
          { cause: error },
        );
      }
    }
  }

  private changed(): void {
    try {
      this.onChanged();
    } catch (error) {
      this.logger.warn('an outbox listener failed', { problem: describe(error) });
    }
  }

  /** The hub has the unit: store it as unconfirmed so balances show the pending spend. */
  private accept(unitHash: string, unit: Unit): void {
    this.store.setOutboxState(unitHash, 'accepted');
    if (this.db.getUnit(unitHash) === null) {
      this.db.applyVerifiedHistory([
        { unit: { ...unit } as Unit, proven: false, sequence: 'unconfirmed', mainChainIndex: null },
      ]);
    }
  }

  // ----- resolution and tracking -----

  /**
   * Settles every outbox entry with the hub (call on every reconnect and at start): accepted
   * ones are dropped once storage has them proven; unanswered ones are looked up with
   * `get_joint` and the SAME joint is re-posted if the hub does not know it; refused ones
   * release their coins once the hub says it does not know the unit.
   */
  async resolveOutbox(): Promise<void> {
    // A call while a pass runs (a reconnect while an answer is outstanding) asks for one more
    // pass after it: the running pass may be waiting on a connection that is gone.
    if (this.resolving !== null) {
      this.resolveAgain = true;
      return this.resolving;
    }
    const run = (async () => {
      try {
        do {
          this.resolveAgain = false;
          await this.resolvePass();
        } while (this.resolveAgain);
      } finally {
        this.changed();
      }
    })();
    this.resolving = run;
    try {
      await run;
    } finally {
      // Cleared only after it is assigned: a pass with nothing to do finishes synchronously.
      if (this.resolving === run) this.resolving = null;
    }
  }

  private async resolvePass(): Promise<void> {
    const entries = this.store.outbox();
    if (entries.length === 0) return;
    this.logger.info('checking payments on their way with the hub', { count: entries.length });
    for (const entry of entries) {
      try {
        await this.resolveEntry(entry.unit);
      } catch (error) {
        this.logger.warn('could not resolve a pending payment yet', {
          unit: entry.unit,
          problem: describe(error),
        });
      }
    }
  }

  private async resolveEntry(unitHash: string): Promise<void> {
    const entry = this.store.outboxEntry(unitHash);
    if (entry === null) return;
    const stored = this.db.getUnit(unitHash);
    if (stored?.proven) {
      this.store.removeOutbox(unitHash);
      return;
    }
    if (entry.state === 'accepted') return; // the sync's requested_joints tracks it
    const answer = await getJoint(this.hub, unitHash);
    if (answer.kind === 'found') {
      this.accept(unitHash, parseJoint(entry).unit);
      return;
    }
    if (entry.state === 'rejected') {
      this.store.removeOutbox(unitHash);
      this.logger.info('released the coins of a refused payment', { unit: unitHash });
      return;
    }
    // Unknown to the hub: post the very same joint again.
    const joint = parseJoint(entry);
    try {
      await postJoint(this.hub, joint);
      this.accept(unitHash, joint.unit);
    } catch (error) {
      if (
        error instanceof HubRequestError &&
        error.reason !== 'transient' &&
        error.reason !== 'already_handling'
      ) {
        this.store.setOutboxState(unitHash, 'rejected', error.hubMessage);
        this.store.removeOutbox(unitHash);
        return;
      }
      throw error;
    }
  }

  /** Resolve the outbox after every (re)connection; returns the unsubscribe function. */
  resolveOnConnect(client: {
    onConnected(hook: () => void | Promise<void>): () => void;
  }): () => void {
    return client.onConnected(() => {
      void this.resolveOutbox();
    });
  }

  /** Payments of this wallet the network has not settled yet (and recently settled ones). */
  pendingPayments(): PendingPayment[] {
    return this.store.outbox().map((entry) => {
      const context = JSON.parse(entry.context) as OutboxContext;
      const stored = this.db.getUnit(entry.unit);
      const status: PendingStatus =
        stored?.status === 'stable'
          ? 'stable'
          : stored?.status === 'final-bad' || stored?.status === 'temp-bad'
            ? 'final-bad'
            : entry.state === 'accepted'
              ? 'pending'
              : entry.state;
      return {
        unit: entry.unit,
        status,
        recipients: context.preview.recipients,
        fees: context.preview.fees,
        totalLeaving: context.preview.totalLeaving,
        lastError: entry.lastError,
        createdAt: entry.createdAt,
      };
    });
  }
}

function parseJoint(entry: OutboxEntry): { unit: Unit } {
  return JSON.parse(entry.joint) as { unit: Unit };
}
