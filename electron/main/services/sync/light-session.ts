/**
 * The light client of one network: its database (one data folder per network), its hub client
 * and its sync service, wired to the status bar. What changed (balances, history, sync progress,
 * exchange rates) it tells through typed signals, whichever network runs; the composition root
 * passes them on to the page. Changing network or hub stops the old client and builds a new one;
 * nothing carries over between networks.
 */
import type { Network } from '../../../../shared/protocol/wire';
import {
  NETWORKS,
  withNetworkOverrides,
  type NetworkConstants,
} from '../../../../shared/protocol/index';
import type { AppPaths } from '../app-paths';
import type { Clock } from '../clock';
import {
  HubClient,
  mergeSystemVars,
  toConnectionStatus,
  type HubClientTiming,
  type SystemVars,
} from '../hub/index';
import type { Logger } from '../logger';
import { hubUrlFor, hubUrlsFor, type HubChoice } from '../networks';
import type { StatusService, SyncIndicator } from '../status';
import { WalletDatabase, type WalletDataChange } from '../storage/index';
import { SecondHubCheck } from './second-hub-check';
import { HubReports } from './hub-reports';
import { SyncService, type SyncState } from './sync-service';
import { Signal } from '../signal';
import { watchSystemVars } from '../../../../shared/protocol/light/index';

export interface LightSessionOptions {
  readonly paths: AppPaths;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly program: { readonly name: string; readonly version: string };
  readonly status?: StatusService;
  /** Not stored in settings: the CLI's --hub, a test hub. */
  readonly hubUrl?: string;
  /** A devnet's genesis unit, when known in advance (else learned from the first answer). */
  readonly genesisUnit?: string;
  readonly hubTiming?: Partial<HubClientTiming>;
  /** Do not connect (the CLI's offline commands). */
  readonly offline?: boolean;
}

interface Running {
  readonly network: Network;
  readonly hubUrl: string;
  /** The first hub, then the fallbacks (the hub client moves along this list). */
  readonly hubUrls: readonly string[];
  readonly constants: NetworkConstants;
  readonly db: WalletDatabase;
  readonly hub: HubClient;
  readonly sync: SyncService;
  /** Which hubs know each pending unit (the main one, and the second when there is one). */
  readonly reports: HubReports;
  /** The second hub's word after each sync (a client of the fallbacks; null: none set). */
  readonly secondHubCheck: SecondHubCheck;
  readonly secondHub: HubClient | null;
  /** The hub's latest `system_vars` (unproven: fee parameters such as threshold_size). */
  readonly systemVars: () => SystemVars | null;
  /** The hub's latest `exchange_rates` (unproven; the sane entries only), or null. */
  readonly exchangeRates: () => HubRates;
  readonly detach: (() => void)[];
}

/**
 * The hub's exchange rates as it last pushed them (`exchange_rates`): the price of one whole
 * GBYTE or token, keyed "GBYTE_USD", "<asset id>_USD"…; the hub's word, never proven. Null until
 * the hub of this run sent any.
 */
export type HubRates = {
  readonly rates: Readonly<Record<string, number>>;
  /** When the rates arrived (the push carries no time of its own). */
  readonly receivedAt: number;
  /** The hub that sent them. */
  readonly hub: string;
} | null;

/** Live arrivals of the running network (SyncChange.arrivals) and the database they are in. */
export type ArrivalsListener = (units: readonly string[], db: WalletDatabase) => void;

/** The database whose balances moved, and the hubs' word on its pending units. */
export interface BalancesMoved {
  readonly db: WalletDatabase;
  readonly reports: HubReports;
}

export class LightSession {
  private readonly options: LightSessionOptions;
  private readonly arrivalListeners = new Set<ArrivalsListener>();
  private readonly balancesMoved: Signal<BalancesMoved>;
  private readonly historyMoved: Signal<{ units: readonly string[] }>;
  private readonly syncProgress: Signal<SyncIndicator>;
  private readonly ratesMoved: Signal<NonNullable<HubRates>>;
  private readonly walletDataChanged: Signal<WalletDataChange>;
  private current: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: LightSessionOptions) {
    this.options = options;
    this.balancesMoved = new Signal('balancesMoved', options.logger);
    this.historyMoved = new Signal('historyChanged', options.logger);
    this.syncProgress = new Signal('syncProgress', options.logger);
    this.ratesMoved = new Signal('ratesChanged', options.logger);
    this.walletDataChanged = new Signal('walletDataChanged', options.logger);
  }

  /**
   * Balances of the running network moved outside a sync (a payment sent, the account in use
   * changed, a discovery stored history): the page is told once, from here.
   */
  balancesChanged(): void {
    const { db, reports } = this.parts;
    this.balancesMoved.emit({ db, reports });
  }

  /** Balances moved: a sync changed units, the hubs' word changed, or `balancesChanged`. */
  onBalancesChanged(listener: (moved: BalancesMoved) => void): () => void {
    return this.balancesMoved.add(listener);
  }

  /**
   * Units of the running network's history changed outside a sync (a payment sent, an AA's
   * response kept, a discovery; no units: look again at all of it): told once, from here.
   */
  historyChanged(units: readonly string[]): void {
    this.historyMoved.emit({ units });
  }

  /** History changed: a sync stored units, or `historyChanged`. */
  onHistoryChanged(listener: (change: { units: readonly string[] }) => void): () => void {
    return this.historyMoved.add(listener);
  }

  /** The running sync's task and progress, or idle. */
  onSyncProgress(listener: (progress: SyncIndicator) => void): () => void {
    return this.syncProgress.add(listener);
  }

  /** The hub pushed exchange rates (merged over the same hub's earlier ones; unproven). */
  onRatesChanged(listener: (rates: NonNullable<HubRates>) => void): () => void {
    return this.ratesMoved.add(listener);
  }

  /** What a backup holds changed in the running network's database (labels, contacts…). */
  onWalletDataChanged(listener: (change: WalletDataChange) => void): () => void {
    return this.walletDataChanged.add(listener);
  }

  /** The running network's parts; throws before `open`. */
  get parts(): Running {
    if (!this.current) throw new Error('The light client is not open.');
    return this.current;
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Units that arrived live, on whichever network runs now and after a switch. */
  onArrivals(listener: ArrivalsListener): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  hubUrlFor(settings: HubChoice): string {
    return this.options.hubUrl ?? hubUrlFor(settings);
  }

  /** The failover list; a hub given on the command line (or by a test) stands alone. */
  hubUrlsFor(settings: HubChoice): string[] {
    return this.options.hubUrl !== undefined ? [this.options.hubUrl] : hubUrlsFor(settings);
  }

  /** Opens (or re-opens, when network or hub changed) for these settings. One at a time. */
  apply(settings: HubChoice): Promise<void> {
    const run = async (): Promise<void> => {
      const hubUrls = this.hubUrlsFor(settings);
      const current = this.current;
      if (
        current &&
        current.network === settings.network &&
        current.hubUrls.join(' ') === hubUrls.join(' ')
      ) {
        return;
      }
      if (current) await this.shutdown(current);
      this.current = await this.build(settings.network, hubUrls);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    const current = this.current;
    this.current = null;
    if (current) await this.shutdown(current);
  }

  private async build(network: Network, hubUrls: readonly string[]): Promise<Running> {
    const hubUrl = hubUrls[0] ?? '';
    const { paths, logger, clock, status } = this.options;
    const dir = await paths.ensureNetworkDir(network);
    const db = WalletDatabase.open({ directory: dir, clock, logger: logger.child('storage') });
    const constants =
      this.options.genesisUnit !== undefined
        ? withNetworkOverrides(NETWORKS[network], { genesisUnit: this.options.genesisUnit })
        : NETWORKS[network];
    const hub = new HubClient({
      urls: hubUrls,
      network: constants,
      program: this.options.program,
      logger: logger.child('hub'),
      clock,
      ...(this.options.hubTiming ? { timing: this.options.hubTiming } : {}),
    });
    const sync = new SyncService({
      hub,
      db,
      network: constants,
      logger: logger.child('sync'),
      clock,
    });
    // The fallbacks in order, for the second hub's word: started by the first check (after the
    // first sync), never by the command line's offline commands.
    const fallbacks = hubUrls.slice(1);
    const secondHub =
      fallbacks.length === 0
        ? null
        : new HubClient({
            urls: fallbacks,
            network: constants,
            program: this.options.program,
            logger: logger.child('second-hub'),
            clock,
            ...(this.options.hubTiming ? { timing: this.options.hubTiming } : {}),
          });
    const reports = new HubReports(() => ({
      main: hub.url ?? hubUrl,
      second: secondHub === null ? null : (secondHub.url ?? fallbacks[0] ?? null),
    }));
    const secondHubCheck = new SecondHubCheck({
      main: hub,
      second: secondHub,
      secondUrl: fallbacks[0] ?? null,
      db,
      sync,
      reports,
      network: constants,
      logger: logger.child('cross-check'),
      clock,
    });
    let systemVars: SystemVars | null = null;
    let exchangeRates: HubRates = null;
    const detach: (() => void)[] = [
      // Fee parameters voted by the network; the hub sends them with the first history answer
      // of a connection, and on every change once asked to; a body naming only some variables
      // changes only those (mergeSystemVars).
      hub.on('push', (push) => {
        if (push.subject === 'system_vars')
          systemVars = mergeSystemVars(systemVars, push.systemVars);
        if (push.subject === 'exchange_rates') {
          const merged = mergeRates(exchangeRates, push.rates, clock.now(), hub.url ?? hubUrl);
          exchangeRates = merged;
          this.ratesMoved.emit(merged);
        }
      }),
      hub.onConnected(() => {
        watchSystemVars(hub);
      }),
      db.changed.add((change) => this.walletDataChanged.emit(change)),
      sync.on('changed', (change) => {
        if (change.arrivals.length === 0) return;
        for (const listener of this.arrivalListeners) {
          try {
            listener(change.arrivals, db);
          } catch (error) {
            logger.error('An arrivals listener failed', { error });
          }
        }
      }),
    ];
    if (status) {
      detach.push(
        hub.on('state', (state) => status.patch({ connection: toConnectionStatus(state) })),
      );
      detach.push(sync.on('state', (state) => status.patch(statusOf(state))));
      status.patch({ secondHub: secondHubCheck.state });
      detach.push(secondHubCheck.on('state', (state) => status.patch({ secondHub: state })));
    }
    detach.push(
      sync.on('state', (state) => this.syncProgress.emit(statusOf(state).sync)),
      sync.on('changed', (change) => {
        this.historyMoved.emit({ units: change.units.slice(0, 10_000) });
        this.balancesMoved.emit({ db, reports });
      }),
      // The hubs' word on pending units is shown beside them.
      secondHubCheck.on('state', () => this.balancesMoved.emit({ db, reports })),
    );
    sync.start();
    secondHubCheck.start();
    if (!this.options.offline) hub.start();
    logger.info('Light client started', { network, hub: hubUrl, fallbacks: hubUrls.length - 1 });
    return {
      network,
      hubUrl,
      hubUrls,
      constants,
      db,
      hub,
      sync,
      reports,
      secondHubCheck,
      secondHub,
      systemVars: () => systemVars,
      exchangeRates: () => exchangeRates,
      detach,
    };
  }

  private async shutdown(running: Running): Promise<void> {
    for (const off of running.detach) off();
    await running.sync.stop();
    await running.secondHubCheck.stop();
    await running.secondHub?.stop();
    await running.hub.stop();
    running.db.close();
  }
}

function statusOf(state: SyncState): {
  sync: SyncIndicator;
  lastStableMci: number | null;
  lastStableMciAt: number | null;
  lastStableUnitAt: number | null;
  witnesses: number | null;
  problem: string | null;
  problemAt: number | null;
  retryAt: number | null;
  crossCheck: string | null;
} {
  return {
    sync: state.running
      ? {
          state: 'running',
          task: state.running.task.slice(0, 120),
          done: state.running.done,
          total: state.running.total,
        }
      : { state: 'idle' },
    lastStableMci: state.lastStableMci,
    lastStableMciAt: state.lastStableMciAt,
    lastStableUnitAt: state.lastStableUnitAt,
    witnesses: state.witnesses.length > 0 ? state.witnesses.length : null,
    problem: state.problem ? state.problem.slice(0, 500) : null,
    problemAt: state.problem ? state.problemAt : null,
    retryAt: state.problem ? state.retryAt : null,
    crossCheck: state.crossCheck ? state.crossCheck.slice(0, 400) : null,
  };
}

/** Most rates kept from one hub across its pushes (a hub cannot grow the table without end). */
const MAX_KEPT_RATES = 1_000;

/**
 * A new `exchange_rates` push over what the same hub sent before (ocore merges them with
 * _.assign); rates from another hub, or a table that would grow past MAX_KEPT_RATES, start over.
 */
export function mergeRates(
  previous: HubRates,
  rates: Readonly<Record<string, number>>,
  receivedAt: number,
  hub: string,
): NonNullable<HubRates> {
  const merged = previous !== null && previous.hub === hub ? { ...previous.rates, ...rates } : null;
  return {
    rates: merged !== null && Object.keys(merged).length <= MAX_KEPT_RATES ? merged : { ...rates },
    receivedAt,
    hub,
  };
}
