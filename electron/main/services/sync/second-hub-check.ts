/**
 * A second hub's word on what the main hub served. After every sync that went well:
 * - the main hub's knowledge of each pending unit is recorded (it served it in a verified answer
 *   of that sync, or it did not when asked again);
 * - with a fallback hub configured, that hub is asked too: `get_joint` for each pending unit
 *   (does it know the unit, or could the main hub have made it up?) and `light/get_history` for
 *   the wallet's addresses, minus the proven units we hold (does it have units the main hub did
 *   not send: is the main hub withholding payments?). Its answer is verified like the main
 *   hub's; a unit it alone has is looked for again on the main hub (one more sync) before the
 *   main hub is said to withhold it, so a unit that merely arrived in between is not an alarm.
 *
 * The second hub's word is never a proof and never changes the stored history: differences are
 * shown in words (status panel, unit details, the pending units on the Wallet screen). A second
 * hub that is down, refuses or lies is "unavailable"; it never fails or delays the sync.
 * Plain Node: no Electron import.
 */
import {
  parseHistoryResponse,
  ProtocolError,
  verifyHistory,
  getUnitHash,
  type NetworkConstants,
  type VerifiedHistory,
} from '../../../../shared/protocol/index';
import type { JsonValue } from '../../../../shared/protocol/json';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import {
  systemTimers,
  type HubClientEvents,
  type HubConnectionStatus,
  type Timers,
} from '../hub/index';
import { MAX_HISTORY_ITEMS } from '../../../../shared/protocol/constants';
import {
  getHistory,
  getJoint,
  HubError,
  HubRequestError,
  HubTimeoutError,
  type HistoryRequest,
  type HubRequester,
} from '../../../../shared/protocol/light/index';
import { addressGroupKey, type WalletDatabase } from '../storage/index';
import { chunks } from './chunks';
import type { HubReports } from './hub-reports';
import {
  genesisFromAnswer,
  historyNetworkOf,
  type SyncDone,
  type SyncService,
} from './sync-service';

/** What the cross-check needs of the second hub's client (a HubClient of the fallbacks). */
export interface SecondHub extends HubRequester {
  readonly isConnected: boolean;
  readonly url: string | null;
  readonly status: HubConnectionStatus;
  start(): void;
  on(event: 'state', listener: (value: HubClientEvents['state']) => void): () => void;
}

export interface SecondHubCheckOptions {
  /** The main hub's client: where it is connected now. */
  readonly main: { readonly url: string | null };
  /** null: no fallback hub configured; only the main hub's word is recorded. */
  readonly second: SecondHub | null;
  /** The second hub's address before it connects (the first fallback). */
  readonly secondUrl: string | null;
  readonly db: WalletDatabase;
  readonly sync: SyncService;
  readonly reports: HubReports;
  readonly network: NetworkConstants;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers?: Timers;
  /** How long a check waits for the second hub to connect (it is started by the first check). */
  readonly connectWaitMs?: number;
  readonly requestTimeoutMs?: number;
  /** At most this many pending units are asked about per check (`get_joint` each). */
  readonly maxJoints?: number;
}

/**
 * The second hub's word on what the main hub served, for the status panel (the contract's
 * `Status.secondHub`).
 */
export interface SecondHubStatus {
  readonly hubUrl: string;
  /**
   * 'agrees': no difference found; 'disagrees': a difference (see `summary`); 'unavailable':
   * it could not be asked (down, refused, busy as the main hub); 'checking', 'waiting': not yet.
   */
  readonly state: 'waiting' | 'checking' | 'agrees' | 'disagrees' | 'unavailable';
  /** In words, whole: what was compared and what was found. */
  readonly summary: string;
  readonly checkedAt: number | null;
}

type Listener = (state: SecondHubStatus | null) => void;

const DEFAULT_CONNECT_WAIT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_JOINTS = 50;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A hub failure in words, for "unavailable". */
function reasonOf(error: unknown): string {
  if (error instanceof HubTimeoutError) {
    return `it did not answer in ${Math.round(error.timeoutMs / 1000)} s`;
  }
  if (error instanceof HubRequestError) return `it refused: ${error.hubMessage}`;
  if (error instanceof HubError) return error.message;
  if (error instanceof Error) return error.message;
  return 'an unknown error';
}

class SecondHubLied extends Error {}

/** What one check found. */
interface Findings {
  /** Pending units: which the second hub knows, does not know, or could not be asked about. */
  known: number;
  unknown: string[];
  notAsked: number;
  /** Units of the addresses the second hub served and the main hub did not. */
  withheld: { unit: string; proven: boolean }[];
  /** Why a part could not be done (the second hub's history, or all of it). */
  unavailable: string | null;
}

export class SecondHubCheck {
  private readonly options: SecondHubCheckOptions;
  private readonly timers: Timers;
  private readonly listeners = new Set<Listener>();
  private readonly detach: (() => void)[] = [];
  private stateValue: SecondHubStatus | null;
  private running: Promise<void> | null = null;
  private pending: SyncDone | null = null;
  private stopped = false;
  /** Units the second hub alone served for which the main hub was already asked again. */
  private readonly resynced = new Set<string>();

  constructor(options: SecondHubCheckOptions) {
    this.options = options;
    this.timers = options.timers ?? systemTimers;
    const url = options.secondUrl;
    this.stateValue =
      options.second === null || url === null
        ? null
        : {
            hubUrl: url,
            state: 'waiting',
            summary: `The second hub (${url}) is asked after the first sync.`,
            checkedAt: null,
          };
  }

  /** Check after every sync that went well. */
  start(): void {
    this.detach.push(this.options.sync.on('synced', (done) => this.schedule(done)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.detach.splice(0)) off();
    await this.running?.catch(() => undefined);
  }

  get state(): SecondHubStatus | null {
    return this.stateValue;
  }

  on(event: 'state', listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no check runs or waits (the command line prints after it). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private schedule(done: SyncDone): void {
    if (this.stopped) return;
    this.pending = done;
    if (this.running) return;
    this.running = (async () => {
      while (this.pending && !this.stopped) {
        const next = this.pending;
        this.pending = null;
        try {
          await this.check(next);
        } catch (error) {
          // A bug here must never reach the sync: say so and carry on.
          this.options.logger.error('The check with the second hub failed', { error });
        }
      }
    })().finally(() => {
      this.running = null;
    });
  }

  private setState(state: SecondHubStatus | null): void {
    this.stateValue = state;
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (error) {
        this.options.logger.error('A second-hub listener failed', { error });
      }
    }
  }

  private async check(done: SyncDone): Promise<void> {
    const { db, reports, clock } = this.options;
    const now = clock.now();
    const pending = db.unprovenUnits();
    this.recordMain(done, pending, now);
    reports.retain(new Set(pending));
    const second = this.options.second;
    const secondUrl = second?.url ?? this.options.secondUrl;
    if (second === null || secondUrl === null) {
      this.setState(null);
      return;
    }
    const mainUrl = done.url ?? this.options.main.url ?? 'the main hub';
    this.setState({
      hubUrl: secondUrl,
      state: 'checking',
      summary: `Asking the second hub (${secondUrl}) whether it knows the same units.`,
      checkedAt: this.stateValue?.checkedAt ?? null,
    });
    const findings = await this.ask(second, secondUrl, mainUrl, pending.slice(0, this.maxJoints));
    findings.notAsked += Math.max(0, pending.length - this.maxJoints);
    this.setState(this.verdict(second.url ?? secondUrl, mainUrl, findings, clock.now()));
  }

  private get maxJoints(): number {
    return this.options.maxJoints ?? DEFAULT_MAX_JOINTS;
  }

  /** The main hub knows what it served in this sync; what it did not serve when asked, not. */
  private recordMain(done: SyncDone, pending: readonly string[], at: number): void {
    const url = done.url ?? this.options.main.url;
    if (url === null) return;
    const asked = new Set(done.asked);
    for (const unit of pending) {
      if (done.served.has(unit)) {
        this.options.reports.record(unit, { role: 'main', url, knows: 'yes', at });
      } else if (asked.has(unit)) {
        this.options.reports.record(unit, {
          role: 'main',
          url,
          knows: done.askedRefused ? 'unavailable' : 'no',
          detail: done.askedRefused
            ? 'It refused to serve units not proven yet.'
            : 'Asked again in the last sync, it did not serve this unit.',
          at,
        });
      }
    }
  }

  private async ask(
    second: SecondHub,
    secondUrl: string,
    mainUrl: string,
    pending: readonly string[],
  ): Promise<Findings> {
    const findings: Findings = {
      known: 0,
      unknown: [],
      notAsked: 0,
      withheld: [],
      unavailable: null,
    };
    const at = this.options.clock.now();
    const noWord = (detail: string): Findings => {
      for (const unit of pending) {
        this.options.reports.record(unit, {
          role: 'second',
          url: secondUrl,
          knows: 'unavailable',
          detail,
          at,
        });
      }
      return { ...findings, notAsked: pending.length, unavailable: detail };
    };
    if (second.url !== null && second.url === this.options.main.url) {
      return noWord('it is the hub in use now (the main hub could not be reached)');
    }
    const reason = await this.connected(second);
    if (reason !== null) return noWord(reason);

    const timeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    for (const unit of pending) {
      if (this.stopped) break;
      let knows: 'yes' | 'no' | 'unavailable';
      let detail: string | null = null;
      try {
        const answer = await getJoint(second, unit, { timeoutMs });
        if (answer.kind === 'not_found') knows = 'no';
        else if (getUnitHash(answer.unit) === unit) knows = 'yes';
        else {
          knows = 'unavailable';
          detail = 'It answered with a unit whose content does not match its hash.';
        }
      } catch (error) {
        knows = 'unavailable';
        detail = `Could not ask: ${reasonOf(error)}.`;
      }
      if (knows === 'yes') findings.known += 1;
      else if (knows === 'no') findings.unknown.push(unit);
      else findings.notAsked += 1;
      this.options.reports.record(unit, {
        role: 'second',
        url: secondUrl,
        knows,
        detail,
        at: this.options.clock.now(),
      });
    }

    try {
      const alone = await this.unitsOnlySecondHas(second, timeoutMs);
      findings.withheld = await this.stillMissing(alone, mainUrl);
    } catch (error) {
      findings.unavailable =
        error instanceof SecondHubLied
          ? `its history failed verification (${error.message}); its word is not used`
          : `it did not serve the history of your addresses: ${reasonOf(error)}`;
    }
    return findings;
  }

  /** null when connected; else why not, in words (waits a little for a first connection). */
  private connected(second: SecondHub): Promise<string | null> {
    second.start();
    if (second.isConnected) return Promise.resolve(null);
    const why = (status: HubConnectionStatus): string | null => {
      switch (status.state) {
        case 'connected':
          return null;
        case 'disconnected':
          return `could not reach it (${status.reason})`;
        case 'fatal':
          return `it cannot be used: ${status.reason}`;
        case 'stopped':
          return 'it was stopped';
        default:
          return 'not connected';
      }
    };
    // Already failed once: say so now instead of waiting for the next attempt.
    if (second.status.state === 'disconnected' || second.status.state === 'fatal') {
      return Promise.resolve(why(second.status));
    }
    const waitMs = this.options.connectWaitMs ?? DEFAULT_CONNECT_WAIT_MS;
    return new Promise((resolve) => {
      const finish = (reason: string | null): void => {
        timer.cancel();
        off();
        resolve(reason);
      };
      const timer = this.timers.setTimeout(
        () => finish(`it did not connect within ${Math.round(waitMs / 1000)} s`),
        waitMs,
      );
      const off = second.on('state', (status) => {
        if (status.state === 'connecting' || status.state === 'idle') return;
        finish(why(status));
      });
    });
  }

  /** Units of the watched addresses the second hub serves that are not stored (verified). */
  private async unitsOnlySecondHas(
    second: SecondHub,
    timeoutMs: number,
  ): Promise<{ unit: string; proven: boolean }[]> {
    const { db, network } = this.options;
    const witnesses = db.witnesses();
    // Nothing to compare with before the main hub named its witnesses (no sync went well yet).
    if (witnesses.length === 0) return [];
    const genesis = network.genesisUnit ?? db.genesisUnit();
    const addresses = db.watchedAddresses().map((item) => item.address);
    const found = new Map<string, boolean>();
    for (const batch of chunks(addresses, MAX_HISTORY_ITEMS)) {
      if (this.stopped) break;
      const known = db.provenUnits(batch);
      const request: HistoryRequest =
        known.length === 0
          ? { witnesses, addresses: batch }
          : known.length <= MAX_HISTORY_ITEMS
            ? { witnesses, addresses: batch, known_stable_units: known }
            : {
                witnesses,
                addresses: batch,
                min_mci: db.syncGroup(addressGroupKey(batch))?.lastProvenMci ?? 0,
                known_stable_units: known.slice(-MAX_HISTORY_ITEMS),
              };
      let raw: JsonValue;
      try {
        raw = await getHistory(second, request, { timeoutMs });
      } catch (error) {
        // ocore: nothing provable yet on a young network; nothing to compare.
        if (error instanceof HubRequestError && error.reason === 'already_current') continue;
        throw error;
      }
      const joints = this.verified(raw, witnesses, genesis).joints;
      for (const joint of joints) {
        if (db.getUnit(joint.unit) === null) found.set(joint.unit, joint.proven);
      }
      this.options.logger.info('The second hub served the history of the addresses', {
        addresses: batch.length,
        known: known.length,
        joints: joints.length,
        notStored: found.size,
      });
    }
    return [...found.entries()].map(([unit, proven]) => ({ unit, proven }));
  }

  /**
   * The second hub's answer, verified as the main hub's is. A devnet whose genesis unit is not
   * stored yet (a wallet restored, no full answer since) learns it from the answer, as the sync
   * does: the joint without parents among the definitions.
   */
  private verified(
    raw: JsonValue,
    witnesses: readonly string[],
    stored: string | null,
  ): VerifiedHistory {
    try {
      const parsed = parseHistoryResponse(raw);
      const genesis = stored ?? genesisFromAnswer(parsed);
      if (genesis === null && parsed.kind !== 'empty') {
        throw new SecondHubLied('the answer does not name the genesis unit of this devnet');
      }
      return verifyHistory(parsed, {
        witnesses,
        network: historyNetworkOf(this.options.network, genesis ?? 'A'.repeat(43) + '='),
        knownBalls: this.options.db.provenBalls(),
      });
    } catch (error) {
      if (error instanceof ProtocolError) throw new SecondHubLied(error.message);
      throw error;
    }
  }

  /**
   * Units only the second hub served: the main hub is asked once more (one sync) before it is
   * said to withhold them; a unit that merely arrived between the two answers then is stored.
   */
  private async stillMissing(
    alone: readonly { unit: string; proven: boolean }[],
    mainUrl: string,
  ): Promise<{ unit: string; proven: boolean }[]> {
    const fresh = alone.filter((item) => !this.resynced.has(item.unit));
    if (fresh.length > 0) {
      for (const item of fresh) this.resynced.add(item.unit);
      this.options.logger.info('The second hub served units the main hub did not; syncing again', {
        units: fresh.length,
        main: mainUrl,
      });
      await this.options.sync.syncNow();
    }
    return alone.filter((item) => this.options.db.getUnit(item.unit) === null);
  }

  private verdict(
    secondUrl: string,
    mainUrl: string,
    findings: Findings,
    at: number,
  ): SecondHubStatus {
    const second = `The second hub (${secondUrl})`;
    const parts: string[] = [];
    if (findings.withheld.length > 0) {
      const proven = findings.withheld.filter((item) => item.proven).length;
      parts.push(
        `${second} has ${plural(findings.withheld.length, 'unit')} of your addresses that the main hub (${mainUrl}) did not send${proven > 0 ? ` (${proven} proven stable)` : ''}, first ${findings.withheld[0]?.unit ?? ''}: the main hub may be withholding payments. Consider another hub in Settings → Network.`,
      );
    }
    if (findings.unknown.length > 0) {
      parts.push(
        `${second} does not know ${plural(findings.unknown.length, 'pending unit')} the main hub sent, first ${findings.unknown[0] ?? ''}: it may not exist on the network. It stays marked not verified yet.`,
      );
    }
    if (parts.length > 0) {
      return { hubUrl: secondUrl, state: 'disagrees', summary: parts.join(' '), checkedAt: at };
    }
    const knownWords =
      findings.known === 0
        ? 'there was no pending unit to compare'
        : `it knows the ${plural(findings.known, 'pending unit')} the main hub sent`;
    const notAsked =
      findings.notAsked > 0
        ? ` ${plural(findings.notAsked, 'pending unit')} could not be asked about.`
        : '';
    if (findings.unavailable !== null) {
      return {
        hubUrl: secondUrl,
        state: 'unavailable',
        summary: `${second} is unavailable: ${findings.unavailable}.${findings.known > 0 ? ` Before that, ${knownWords}.` : ''}${notAsked} The main hub’s word stands alone; syncing goes on as usual.`,
        checkedAt: at,
      };
    }
    return {
      hubUrl: secondUrl,
      state: 'agrees',
      summary: `${second} agrees: ${knownWords}, and it has no unit of your addresses that the main hub did not send.${notAsked}`,
      checkedAt: at,
    };
  }
}
