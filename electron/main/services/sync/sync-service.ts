/**
 * Verified light history: the data flow of ARCHITECTURE.md "History". On every (re)connect and
 * on `light/have_updates` it asks the hub for the history of every watched address, verifies
 * each answer with the pure verifier (shared/protocol history.ts), stores what passed in one
 * transaction per answer, re-requests unconfirmed units until a proof reaches them, then
 * cross-checks balances with the hub's own (unproven) figures (balance-cross-check.ts) and learns
 * the names of the assets held (asset-metadata.ts). A hub answer that fails verification changes
 * nothing. Plain Node: no Electron import.
 */
import {
  parseHistoryResponse,
  ProtocolError,
  verifyHistory,
  type HistoryNetwork,
  type NetworkConstants,
  type ParsedHistoryResponse,
  type VerifiedHistory,
} from '../../../../shared/protocol/index';
import type { JsonValue } from '../../../../shared/protocol/json';
import { isVoidedUnit, type Unit } from '../../../../shared/protocol/unit-types';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import {
  systemTimers,
  type HubClientEvents,
  type HubEventName,
  type HubSession,
  type TimerHandle,
  type Timers,
} from '../hub/index';
import {
  addressGroupKey,
  type ApplyResult,
  type StoredJoint,
  type WalletDatabase,
} from '../storage/index';
import { AssetMetadataLearner } from './asset-metadata';
import { BalanceCrossCheck } from './balance-cross-check';
import { chunks } from './chunks';
import { MAX_HISTORY_ITEMS } from '../../../../shared/protocol/constants';
import {
  getHistory,
  getWitnesses,
  HubError,
  HubRequestError,
  HubTimeoutError,
  watchAddress,
  type HistoryRequest,
  type HubRequester,
} from '../../../../shared/protocol/light/index';

/** What the sync service needs of the hub client (a fake in some tests). */
export interface SyncHub extends HubRequester {
  justsay(subject: string, body?: JsonValue): boolean;
  onConnected(hook: (session: HubSession) => unknown): () => void;
  on<E extends HubEventName>(event: E, listener: (value: HubClientEvents[E]) => void): () => void;
  readonly isConnected: boolean;
  /** The hub connected (or connecting) to. */
  readonly url?: string | null;
}

export interface SyncProgress {
  /** In words: "Requesting history", "Verifying history", "Checking balances". */
  readonly task: string;
  readonly done: number;
  readonly total: number | null;
}

export interface SyncState {
  readonly running: SyncProgress | null;
  /** The newest last-ball MCI a verified proof reached (hub-reported MCI of the proof's unit). */
  readonly lastStableMci: number | null;
  readonly lastStableMciAt: number | null;
  /** The timestamp (ms) of the last-ball unit at `lastStableMci`, when the answer carried it. */
  readonly lastStableUnitAt: number | null;
  /** What went wrong in the last sync, in plain words; null when it went well. */
  readonly problem: string | null;
  readonly problemAt: number | null;
  /** When the sync tries again on its own; null when it waits for a push or a reconnect. */
  readonly retryAt: number | null;
  readonly lastSyncAt: number | null;
  readonly witnesses: readonly string[];
  /**
   * Why the last sync could not compare our balances with the hub's own (`light/get_balances`
   * refused, unanswered or unreadable), in words; null when it could, or nothing is watched.
   * An optional check: the verified history stands without it.
   */
  readonly crossCheck: string | null;
}

export interface SyncChange {
  /** Watched addresses whose units changed. */
  readonly addresses: readonly string[];
  readonly units: readonly string[];
  /**
   * Live arrivals: units stored for the first time that touch an address whose history had
   * already been synced before this sync began. A restore, a first sync or a newly watched
   * address brings old units, which are never arrivals. Whether one is a payment to us is for
   * the reader to decide (it may be our own spend, seen back from the hub).
   */
  readonly arrivals: readonly string[];
}

/** What a sync run that went well learned about the hub's word on pending units. */
export interface SyncDone {
  /** The hub it ran on. */
  readonly url: string | null;
  /** Every unit in the verified answers of this run (the hub knows them). */
  readonly served: ReadonlySet<string>;
  /** The stored units not proven yet that the run asked for again (`requested_joints`). */
  readonly asked: readonly string[];
  /** The hub refused to serve those units (it was not asked, or said no): unknown. */
  readonly askedRefused: boolean;
}

export interface SyncEvents {
  readonly state: SyncState;
  /** Stored history changed (balances may have too). */
  readonly changed: SyncChange;
  /** A sync run ended well (for the cross-check with a second hub). */
  readonly synced: SyncDone;
}

type Listener<E extends keyof SyncEvents> = (value: SyncEvents[E]) => void;

export interface SyncServiceOptions {
  readonly hub: SyncHub;
  readonly db: WalletDatabase;
  readonly network: NetworkConstants;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers?: Timers;
  /** Wait this long after a push before syncing, so a burst of pushes makes one sync. */
  readonly debounceMs?: number;
  /** After a failed sync with a retryable cause, try again after this long. */
  readonly retryMs?: number;
  /** Per-request timeout for light/get_history (large answers take a while). */
  readonly historyTimeoutMs?: number;
  /** Per-request timeout for optional checks (light/get_balances, asset metadata). */
  readonly optionalTimeoutMs?: number;
}

export interface SyncResult {
  readonly ok: boolean;
  readonly problem: string | null;
  readonly changedUnits: number;
}

/** Sentence for a rejected answer; the UI shows it as it is. */
export function verificationProblem(message: string): string {
  return `The hub sent history that failed verification: ${message}`;
}

const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_RETRY_MS = 15_000;
const DEFAULT_HISTORY_TIMEOUT_MS = 60_000;

/** Optional requests (the balance cross-check) wait this long, not a history's timeout. */
const OPTIONAL_REQUEST_TIMEOUT_MS = 20_000;

class VerificationFailed extends Error {}

/** One sync run's progress, and the addresses whose history was synced before it began. */
interface Counter {
  verified: number;
  total: number;
  readonly synced: ReadonlySet<string>;
}

/** At most this many arrivals are looked at per answer (a long catch-up is summed up anyway). */
const MAX_ARRIVALS = 200;

class NotProvableYet extends Error {}

function seconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

export function historyNetworkOf(network: NetworkConstants, genesisUnit: string): HistoryNetwork {
  return {
    countWitnesses: network.countWitnesses,
    majority: network.majorityOfWitnesses,
    genesisUnit,
    alt: network.alt,
    versions: network.supportedVersions,
  };
}

/**
 * A devnet has its own genesis unit, which the answer names: it is the one definition joint
 * without parents. Learned on first use (a devnet is a private test network the user chose).
 */
export function genesisFromAnswer(parsed: ParsedHistoryResponse): string | null {
  if (parsed.kind === 'empty') return null;
  const genesis = parsed.witness_change_and_definition_joints.find(
    (joint) => joint.unit.parent_units === undefined && joint.unit.last_ball === undefined,
  );
  return genesis?.unit.unit ?? null;
}

export class SyncService {
  private readonly hub: SyncHub;
  private readonly db: WalletDatabase;
  private readonly network: NetworkConstants;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly historyTimeoutMs: number;
  private readonly optionalTimeoutMs: number;
  private readonly listeners: { [E in keyof SyncEvents]: Set<Listener<E>> } = {
    state: new Set(),
    changed: new Set(),
    synced: new Set(),
  };
  /** Units in the verified answers of the run in progress, and whether unconfirmed were served. */
  private served = new Set<string>();
  private asked: string[] = [];
  private askedRefused = false;
  private readonly detach: (() => void)[] = [];
  private genesisUnit: string | null;
  private witnesses: string[] = [];
  /** Counts connections; the hub named the witnesses on connection `witnessesFrom` (-1: never). */
  private connections = 0;
  private witnessesFrom = -1;
  private stateValue: SyncState;
  private running: Promise<void> | null = null;
  private readonly waiting: ((result: SyncResult) => void)[] = [];
  private scheduled: TimerHandle | null = null;
  private stopped = false;
  private readonly crossCheck: BalanceCrossCheck;
  private readonly assetMetadata: AssetMetadataLearner;
  private readonly lastBallTimestamps = new Map<string, number>();

  constructor(options: SyncServiceOptions) {
    this.hub = options.hub;
    this.db = options.db;
    this.network = options.network;
    this.logger = options.logger;
    this.clock = options.clock;
    this.timers = options.timers ?? systemTimers;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.historyTimeoutMs = options.historyTimeoutMs ?? DEFAULT_HISTORY_TIMEOUT_MS;
    this.optionalTimeoutMs = options.optionalTimeoutMs ?? OPTIONAL_REQUEST_TIMEOUT_MS;
    const showBalancesAgain = (): void =>
      this.emit('changed', { addresses: [], units: [], arrivals: [] });
    this.crossCheck = new BalanceCrossCheck({
      hub: options.hub,
      db: options.db,
      logger: options.logger,
      timeoutMs: this.optionalTimeoutMs,
      progress: (task, done, total) => this.progress(task, done, total),
      onFiguresChanged: showBalancesAgain,
    });
    this.assetMetadata = new AssetMetadataLearner({
      hub: options.hub,
      db: options.db,
      logger: options.logger,
      timeoutMs: this.optionalTimeoutMs,
      // The metadata unit is verified against the witnesses, like any history.
      refreshWitnesses: () => this.refreshWitnesses(),
      verify: (raw) => this.verify(raw, { verified: 0, total: 0, synced: new Set() }),
      onLearned: showBalancesAgain,
    });
    // What an earlier run learned is kept in the database (migration 3): a devnet's genesis
    // unit, and the witness list (shown before the hub answers, compared when it does).
    const storedGenesis = options.db.genesisUnit();
    this.genesisUnit = options.network.genesisUnit ?? storedGenesis;
    if (
      options.network.genesisUnit !== null &&
      storedGenesis !== null &&
      storedGenesis !== options.network.genesisUnit
    ) {
      this.logger.warn(
        'The stored genesis unit differs from the configured one; using the configured',
        {
          stored: storedGenesis,
        },
      );
    }
    this.witnesses = options.db.witnesses();
    // What an earlier run proved, until this run proves more: a quiet wallet (the hub answers
    // `{}`, which proves nothing new) still shows how far it was verified, and when.
    let stored: ReturnType<WalletDatabase['lastStableMci']> = null;
    try {
      stored = options.db.lastStableMci();
    } catch (error) {
      this.logger.warn('The stored last stable MCI is unreadable', { error });
    }
    this.stateValue = {
      running: null,
      lastStableMci: stored?.mci ?? null,
      lastStableMciAt: stored?.verifiedAt ?? null,
      lastStableUnitAt: stored?.unitAt ?? null,
      problem: null,
      problemAt: null,
      retryAt: null,
      lastSyncAt: null,
      witnesses: [...this.witnesses],
      crossCheck: null,
    };
  }

  /** Subscribe to the hub: sync on every (re)connect and on pushes. */
  start(): void {
    this.detach.push(
      this.hub.onConnected(() => {
        this.connections += 1;
        this.watchAll();
        this.schedule(0);
      }),
      this.hub.on('push', (push) => {
        switch (push.subject) {
          case 'light/have_updates':
          case 'joint':
            // A pushed joint is not proven: it only tells us to ask for history again.
            this.schedule(this.debounceMs);
            break;
          case 'light/sequence_became_bad': {
            const changed = this.db.markTempBad(push.units);
            if (changed.length > 0) {
              this.emit('changed', { addresses: [], units: changed, arrivals: [] });
            }
            break;
          }
          default:
            break;
        }
      }),
    );
  }

  /** Stop reacting; a sync in progress finishes its current answer and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduled?.cancel();
    this.scheduled = null;
    for (const off of this.detach.splice(0)) off();
    await this.running?.catch(() => undefined);
  }

  get state(): SyncState {
    return this.stateValue;
  }

  on<E extends keyof SyncEvents>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners[event] as Set<Listener<E>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Start watching an address (works without keys) and sync it when connected. */
  watch(address: string, label?: string): void {
    this.db.addWatchedAddress({ address, label, kind: 'watch-only' });
    if (this.hub.isConnected) {
      this.watchOne(address);
      this.schedule(0);
    }
  }

  /**
   * Sync now. A call during a sync waits for the next run, which starts when the current one
   * ends (so a push that arrived during a sync is never lost); calls waiting together share it.
   */
  syncNow(): Promise<SyncResult> {
    const promise = new Promise<SyncResult>((resolve) => this.waiting.push(resolve));
    this.runLoop();
    return promise;
  }

  private runLoop(): void {
    if (this.running) return;
    this.running = (async () => {
      while (this.waiting.length > 0) {
        const callers = this.waiting.splice(0);
        const result = this.stopped
          ? { ok: false, problem: 'Syncing was stopped.', changedUnits: 0 }
          : await this.syncOnce();
        for (const resolve of callers) resolve(result);
      }
    })().finally(() => {
      this.running = null;
      if (this.waiting.length > 0) this.runLoop();
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.waiting.push(() => undefined);
      return;
    }
    this.scheduled?.cancel();
    this.scheduled = this.timers.setTimeout(() => {
      this.scheduled = null;
      void this.syncNow();
    }, delayMs);
  }

  /** The hub the client is on now (a test's fake hub may not say). */
  private hubUrl(): string | null {
    return this.hub.url ?? null;
  }

  private watchAll(): void {
    for (const { address } of this.db.watchedAddresses()) this.watchOne(address);
  }

  private watchOne(address: string): void {
    try {
      watchAddress(this.hub, address);
    } catch (error) {
      this.logger.warn('Could not watch an address', { address, error });
    }
  }

  private setState(patch: Partial<SyncState>): void {
    this.stateValue = { ...this.stateValue, ...patch };
    this.emit('state', this.stateValue);
  }

  private progress(task: string, done: number, total: number | null): void {
    this.setState({ running: { task, done, total } });
  }

  private emit<E extends keyof SyncEvents>(event: E, value: SyncEvents[E]): void {
    for (const listener of this.listeners[event] as Set<Listener<E>>) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error('A sync listener failed', { event, error });
      }
    }
  }

  private async syncOnce(): Promise<SyncResult> {
    if (!this.hub.isConnected) {
      return { ok: false, problem: 'Not connected to a hub.', changedUnits: 0 };
    }
    let changedUnits = 0;
    this.served = new Set();
    this.asked = [];
    this.askedRefused = false;
    try {
      this.progress('Asking the hub for its witnesses', 0, null);
      await this.refreshWitnesses();
      const addresses = this.db.watchedAddresses().map((item) => item.address);
      const counter: Counter = { verified: 0, total: 0, synced: this.syncedAddresses() };
      let crossCheck: string | null = null;
      if (addresses.length > 0) {
        changedUnits += await this.syncAddresses(addresses, counter);
        changedUnits += await this.syncUnconfirmed(counter);
        crossCheck = await this.crossCheck.run(addresses);
        await this.fetchAssetMetadata();
      }
      this.setState({
        running: null,
        problem: null,
        problemAt: null,
        retryAt: null,
        lastSyncAt: this.clock.now(),
        crossCheck,
      });
      this.logger.info('Sync finished', { addresses: addresses.length, changedUnits });
      this.emit('synced', {
        url: this.hubUrl(),
        served: this.served,
        asked: this.asked,
        askedRefused: this.askedRefused,
      });
      return { ok: true, problem: null, changedUnits };
    } catch (error) {
      const problem = this.describe(error);
      const now = this.clock.now();
      const retryAt = this.isRetryable(error) ? this.scheduleRetry(now) : null;
      this.setState({ running: null, problem, problemAt: now, retryAt });
      if (error instanceof VerificationFailed) {
        this.logger.error('Rejected a history answer', { problem });
      } else if (error instanceof NotProvableYet) {
        this.logger.info('Nothing provable yet', { problem });
      } else {
        this.logger.warn('Sync failed', { error });
      }
      return { ok: false, problem, changedUnits };
    }
  }

  /** Returns when the retry runs (null: none, the service stopped). */
  private scheduleRetry(now: number): number | null {
    if (this.stopped) return null;
    if (this.scheduled) return this.stateValue.retryAt;
    this.scheduled = this.timers.setTimeout(() => {
      this.scheduled = null;
      if (this.hub.isConnected) void this.syncNow();
    }, this.retryMs);
    return now + this.retryMs;
  }

  /**
   * A rejected answer is retried too: the next answer may be honest (a hub that restarted, a
   * corrupted frame); nothing of the rejected one was stored, so asking again costs nothing.
   */
  private isRetryable(error: unknown): boolean {
    if (error instanceof NotProvableYet || error instanceof VerificationFailed) return true;
    if (error instanceof HubError) return error.retryable;
    return false;
  }

  private describe(error: unknown): string {
    if (error instanceof VerificationFailed || error instanceof NotProvableYet)
      return error.message;
    if (error instanceof HubTimeoutError) {
      return `The hub did not answer in ${seconds(error.timeoutMs)}; retrying in ${seconds(this.retryMs)}.`;
    }
    if (error instanceof HubRequestError) return `The hub refused the request: ${error.hubMessage}`;
    if (error instanceof HubError) return error.message;
    if (error instanceof Error) return `Syncing stopped: ${error.message}`;
    return 'Syncing stopped for an unknown reason.';
  }

  /** Once per connection (a hub's list does not change while connected; a new hub may differ). */
  private async refreshWitnesses(): Promise<void> {
    if (this.witnessesFrom === this.connections && this.witnesses.length > 0) return;
    const connection = this.connections;
    const witnesses = await getWitnesses(this.hub);
    if (witnesses.length !== this.network.countWitnesses) {
      throw new VerificationFailed(
        `The hub named ${witnesses.length} witnesses; this network has ${this.network.countWitnesses}.`,
      );
    }
    if (witnesses.join(',') !== this.witnesses.join(',')) {
      if (this.witnesses.length > 0) {
        this.logger.warn('The hub names another witness list than last time', {
          before: this.witnesses,
          now: witnesses,
        });
      }
      this.db.saveWitnesses(witnesses);
    }
    this.witnesses = witnesses;
    this.witnessesFrom = connection;
    this.setState({ witnesses });
  }

  /**
   * Histories of all addresses, in batches the hub accepts (≤ 2000 items per answer): a batch
   * the hub finds too large is split in two and retried; one address that alone is too large is
   * marked so (its balance then comes from the hub, unproven) and paged with `min_mci`.
   */
  private async syncAddresses(addresses: readonly string[], counter: Counter): Promise<number> {
    const queue: string[][] = chunks(addresses, MAX_HISTORY_ITEMS);
    let changed = 0;
    let batchNo = 0;
    while (queue.length > 0 && !this.stopped) {
      const batch = queue.shift() ?? [];
      batchNo += 1;
      this.progress('Requesting history', batchNo - 1, batchNo + queue.length);
      const known = this.db.provenUnits(batch);
      const group = this.db.syncGroup(addressGroupKey(batch));
      const request: HistoryRequest =
        known.length === 0
          ? { witnesses: this.witnesses, addresses: batch }
          : known.length <= MAX_HISTORY_ITEMS
            ? { witnesses: this.witnesses, addresses: batch, known_stable_units: known }
            : {
                witnesses: this.witnesses,
                addresses: batch,
                min_mci: group?.lastProvenMci ?? 0,
                known_stable_units: known.slice(-MAX_HISTORY_ITEMS),
              };
      let raw: JsonValue;
      try {
        raw = await getHistory(this.hub, request, { timeoutMs: this.historyTimeoutMs });
      } catch (error) {
        if (error instanceof HubRequestError && error.reason === 'history_too_large') {
          if (batch.length > 1) {
            const half = Math.ceil(batch.length / 2);
            queue.unshift(batch.slice(0, half), batch.slice(half));
            this.logger.info('History too large for one answer; splitting', {
              addresses: batch.length,
            });
            continue;
          }
          changed += await this.syncTooLarge(batch[0] ?? '', counter);
          continue;
        }
        throw this.historyError(error);
      }
      const result = this.verifyAndApply(raw, batch, counter);
      changed += result;
      for (const address of batch) {
        if (this.tooLarge(address)) this.db.setHistoryTooLarge(address, false);
      }
    }
    return changed;
  }

  private tooLarge(address: string): boolean {
    return this.db.addressSyncStates([address])[0]?.historyTooLarge ?? false;
  }

  /** One address whose history passes the hub's cap: keep what `min_mci` paging allows. */
  private async syncTooLarge(address: string, counter: Counter): Promise<number> {
    this.db.setHistoryTooLarge(address, true);
    this.logger.warn('The history of one address is larger than a hub serves', { address });
    const group = this.db.syncGroup(addressGroupKey([address]));
    if (group?.lastProvenMci === null || group === null) return 0;
    const known = this.db.provenUnits([address]).slice(-MAX_HISTORY_ITEMS);
    try {
      const raw = await getHistory(
        this.hub,
        {
          witnesses: this.witnesses,
          addresses: [address],
          min_mci: group.lastProvenMci,
          ...(known.length > 0 ? { known_stable_units: known } : {}),
        },
        { timeoutMs: this.historyTimeoutMs },
      );
      return this.verifyAndApply(raw, [address], counter);
    } catch (error) {
      if (error instanceof HubRequestError && error.reason === 'history_too_large') return 0;
      throw this.historyError(error);
    }
  }

  /** Units stored unconfirmed: ask for them again until a proof reaches them. */
  private async syncUnconfirmed(counter: Counter): Promise<number> {
    const unproven = this.db.unprovenUnits();
    this.asked = unproven;
    let changed = 0;
    for (const batch of chunks(unproven, MAX_HISTORY_ITEMS)) {
      if (this.stopped) break;
      let raw: JsonValue;
      try {
        raw = await getHistory(
          this.hub,
          { witnesses: this.witnesses, requested_joints: batch },
          { timeoutMs: this.historyTimeoutMs },
        );
      } catch (error) {
        // A unit the hub no longer knows (it was never stable, or was purged) is not an error.
        if (error instanceof HubRequestError && error.classification !== 'retryable') {
          this.askedRefused = true;
          this.logger.info('The hub did not serve unconfirmed units', { units: batch.length });
          continue;
        }
        throw this.historyError(error);
      }
      changed += this.verifyAndApply(raw, null, counter);
    }
    return changed;
  }

  private historyError(error: unknown): unknown {
    if (error instanceof HubRequestError && error.reason === 'already_current') {
      return new NotProvableYet(
        'The network is too young for the hub to prove any history yet; trying again shortly.',
      );
    }
    return error;
  }

  /**
   * Verify one answer and store it in one transaction. A failed verification throws
   * VerificationFailed before anything is written.
   */
  private verifyAndApply(
    raw: JsonValue,
    batch: readonly string[] | null,
    counter: Counter,
  ): number {
    const history = this.verify(raw, counter);
    for (const joint of history.joints) {
      if (joint.content.unit !== undefined) this.served.add(joint.content.unit);
    }
    if (history.kind === 'empty' && batch === null) return 0;
    const joints: StoredJoint[] = history.joints.map((joint) => ({
      unit: joint.content,
      proven: joint.proven,
      sequence: joint.sequence,
      ...(joint.ball === undefined ? {} : { ball: joint.ball }),
      mainChainIndex: joint.main_chain_index,
    }));
    const provenMcis = history.joints
      .filter((joint) => joint.proven)
      .map((joint) => joint.main_chain_index ?? 0);
    const lastProvenMci =
      provenMcis.length > 0
        ? Math.max(...provenMcis)
        : (this.db.syncGroup(addressGroupKey(batch ?? []))?.lastProvenMci ?? null);
    const result: ApplyResult = this.db.applyVerifiedHistory(
      joints,
      batch === null
        ? {}
        : { sync: { group: addressGroupKey(batch), addresses: batch, lastProvenMci } },
    );
    // What AAs did with the wallet's triggers (the hub's word, as in ocore): History links them.
    this.db.saveAaResponses(
      history.aaResponses.map((r) => ({
        triggerUnit: r.trigger_unit,
        aaAddress: r.aa_address,
        triggerAddress: r.trigger_address,
        mci: r.mci,
        bounced: r.bounced === 1,
        responseUnit: r.response_unit ?? null,
        response: r.response,
      })),
    );
    if (history.proofMci !== null) {
      const reached = {
        mci: history.proofMci,
        verifiedAt: this.clock.now(),
        unitAt: this.lastBallTimestamps.get(history.lastBallUnit ?? '') ?? null,
      };
      // Kept between runs (a later answer with nothing new proves no MCI); the newest wins.
      this.db.saveLastStableMci(reached);
      if (reached.mci >= (this.stateValue.lastStableMci ?? -1)) {
        this.setState({
          lastStableMci: reached.mci,
          lastStableMciAt: reached.verifiedAt,
          lastStableUnitAt: reached.unitAt,
        });
      }
    }
    const units = [...result.inserted, ...result.upgraded, ...result.enriched];
    if (units.length > 0) {
      const watched = new Set(this.db.watchedAddresses().map((item) => item.address));
      this.emit('changed', {
        addresses: result.affectedAddresses.filter((address) => watched.has(address)),
        units,
        arrivals: this.arrivalsOf(result.inserted, batch, counter.synced),
      });
    }
    return units.length;
  }

  /** Addresses with a recorded sync (any batch they were part of). */
  private syncedAddresses(): Set<string> {
    const synced = new Set<string>();
    for (const group of this.db.syncGroups()) {
      for (const address of group.addresses) synced.add(address);
    }
    return synced;
  }

  /** Units first stored now that touch an address synced before this run (see SyncChange). */
  private arrivalsOf(
    inserted: readonly string[],
    batch: readonly string[] | null,
    synced: ReadonlySet<string>,
  ): string[] {
    const known = (batch ?? []).filter((address) => synced.has(address));
    if (known.length === 0 || inserted.length === 0) return [];
    return inserted
      .slice(0, MAX_ARRIVALS)
      .filter(
        (unit) => this.db.history({ addresses: known, search: unit, limit: 1 }).entries.length > 0,
      );
  }

  private verify(raw: JsonValue, counter: Counter): VerifiedHistory {
    let parsed: ParsedHistoryResponse;
    try {
      parsed = parseHistoryResponse(raw);
    } catch (error) {
      if (error instanceof ProtocolError)
        throw new VerificationFailed(verificationProblem(error.message));
      throw error;
    }
    if (parsed.kind === 'empty') {
      return verifyHistory(parsed, this.verifyOptions(this.genesisUnit ?? ''));
    }
    counter.total += parsed.joints.length;
    this.progress('Verifying history', counter.verified, counter.total);
    this.rememberTimestamps(parsed);
    let genesis = this.genesisUnit;
    if (genesis === null) {
      genesis = genesisFromAnswer(parsed);
      if (genesis === null) {
        throw new VerificationFailed(
          verificationProblem('the answer does not name the genesis unit of this devnet.'),
        );
      }
    }
    let history: VerifiedHistory;
    try {
      history = verifyHistory(parsed, this.verifyOptions(genesis));
    } catch (error) {
      if (error instanceof ProtocolError)
        throw new VerificationFailed(verificationProblem(error.message));
      throw error;
    }
    if (this.genesisUnit === null) {
      this.genesisUnit = genesis;
      this.db.saveGenesisUnit(genesis);
      this.logger.info('Learned the genesis unit of this devnet', { genesis });
    }
    counter.verified += parsed.joints.length;
    this.progress('Verifying history', counter.verified, counter.total);
    return history;
  }

  /** Unit timestamps (ms) of the answer's main-chain joints, for the age of the last ball. */
  private rememberTimestamps(parsed: ParsedHistoryResponse): void {
    if (parsed.kind === 'empty') return;
    this.lastBallTimestamps.clear();
    for (const joint of [...parsed.unstable_mc_joints, ...parsed.joints]) {
      const { unit, timestamp } = joint.unit;
      if (unit !== undefined && typeof timestamp === 'number') {
        this.lastBallTimestamps.set(unit, timestamp * 1000);
      }
    }
  }

  private verifyOptions(genesisUnit: string): Parameters<typeof verifyHistory>[1] {
    return {
      witnesses: this.witnesses,
      network: historyNetworkOf(this.network, genesisUnit || 'A'.repeat(43) + '='),
      knownBalls: this.db.provenBalls(),
    };
  }

  /**
   * One stable unit from the hub (`light/get_history` with `requested_joints`), verified like any
   * history: witness proof, proofchain to it, unit hash. null when the hub does not serve it as
   * stable, or its content was voided. Throws VerificationFailed when the answer does not check.
   */
  async verifiedUnit(unit: string): Promise<Unit | null> {
    await this.refreshWitnesses();
    const raw = await getHistory(
      this.hub,
      { witnesses: this.witnesses, requested_joints: [unit] },
      { timeoutMs: this.optionalTimeoutMs },
    );
    const history = this.verify(raw, { verified: 0, total: 0, synced: new Set() });
    const joint = history.joints.find((item) => item.unit === unit);
    if (joint === undefined || !joint.proven || isVoidedUnit(joint.content)) return null;
    return joint.content;
  }

  /** Names and decimals of the assets we hold, from the registry's metadata unit. */
  private async fetchAssetMetadata(): Promise<void> {
    await this.learnAssetMetadata(Object.keys(this.db.balances().total));
  }

  /**
   * Names and decimals of these assets (ours, or an AA's), from the registry's metadata unit
   * (AssetMetadataLearner): each asked at most once per session, at most `max` in one call.
   */
  learnAssetMetadata(assets: readonly string[], max = Infinity): Promise<void> {
    return this.assetMetadata.learn(assets, max);
  }
}
