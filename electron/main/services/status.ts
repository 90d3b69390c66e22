/**
 * What the status bar shows: network, hub, connection, last stable MCI, sync, outbox. The hub
 * client, the sync service and the payment outbox report through `patch`; every change is told
 * once, to the listeners of `onChange` (the composition root passes it on to the page as the
 * contract's `Status`, built by electron/main/ipc/status-view.ts).
 */
import type { Network } from '../../../shared/protocol/wire';
import type { Clock } from './clock';
import type { ConnectionStatus } from './hub/connection-status';
import type { Logger } from './logger';
import { hubUrlFor, type HubChoice } from './networks';
import { Signal } from './signal';
import type { SecondHubStatus } from './sync/second-hub-check';

/** Before the hub client reports its first state (or when it is not started: the CLI offline). */
export const NO_HUB_CLIENT_DETAIL = 'Not connected to a hub yet.';

/** What the page's sync indicator shows: idle, or the task running and how far it got. */
export type SyncIndicator =
  | { readonly state: 'idle' }
  | {
      readonly state: 'running';
      /** What is being done, in words: "Verifying history". */
      readonly task: string;
      readonly done: number;
      readonly total: number | null;
    };

/** The status of the running network, as its parts told it. */
export interface AppStatus {
  readonly network: Network;
  readonly hubUrl: string;
  readonly connection: ConnectionStatus;
  /** The last main-chain index the hub proved stable to us; null until we have one. */
  readonly lastStableMci: number | null;
  /** When we learned `lastStableMci`. */
  readonly lastStableMciAt: number | null;
  /** The timestamp of the unit at `lastStableMci`. */
  readonly lastStableUnitAt?: number | null;
  /** How many witnesses the hub named for this sync; null until it did. */
  readonly witnesses?: number | null;
  readonly sync: SyncIndicator;
  /** What went wrong in the last sync, in plain words (absent or null: nothing). */
  readonly problem?: string | null;
  readonly problemAt?: number | null;
  /** When the sync tries again after `problem`; null: only on the next push or reconnect. */
  readonly retryAt?: number | null;
  /** Why the last sync could not compare our balances with the hub's own, in words. */
  readonly crossCheck?: string | null;
  /** Chat messages waiting to be delivered. */
  readonly outbox: number;
  /** The second hub's word on what the main hub served (absent or null: no second hub). */
  readonly secondHub?: SecondHubStatus | null;
}

export type StatusPatch = Partial<Omit<AppStatus, 'network' | 'hubUrl'>>;

export class StatusService {
  private current: AppStatus;
  private readonly changed: Signal<AppStatus>;
  private readonly clock: Clock;
  private readonly hubUrlOf: (settings: HubChoice) => string;

  constructor(deps: {
    clock: Clock;
    logger?: Logger;
    settings: HubChoice;
    /** The hub in use for these settings (default: the settings' own; a --hub replaces it). */
    hubUrlOf?: (settings: HubChoice) => string;
  }) {
    this.clock = deps.clock;
    this.changed = new Signal('statusChanged', deps.logger);
    this.hubUrlOf = deps.hubUrlOf ?? hubUrlFor;
    this.current = {
      network: deps.settings.network,
      hubUrl: this.hubUrlOf(deps.settings),
      connection: { state: 'offline', since: null, detail: NO_HUB_CLIENT_DETAIL },
      lastStableMci: null,
      lastStableMciAt: null,
      sync: { state: 'idle' },
      outbox: 0,
    };
  }

  get(): AppStatus {
    return this.current;
  }

  /** Each change, once (not a repeated count, not a same state). */
  onChange(listener: (status: AppStatus) => void): () => void {
    return this.changed.add(listener);
  }

  /** A new network or hub starts from nothing known: nothing carries over between networks. */
  applySettings(settings: HubChoice): void {
    const hubUrl = this.hubUrlOf(settings);
    if (settings.network === this.current.network && hubUrl === this.current.hubUrl) return;
    this.set({
      ...this.current,
      network: settings.network,
      hubUrl,
      connection: { ...this.current.connection, since: this.clock.now() },
      lastStableMci: null,
      lastStableMciAt: null,
      lastStableUnitAt: null,
      witnesses: null,
      sync: { state: 'idle' },
      problem: null,
      problemAt: null,
      retryAt: null,
      secondHub: null,
    });
  }

  /** Applies `patch`; says nothing when nothing changes (a repeated count, a same state). */
  patch(patch: StatusPatch): void {
    const next = { ...this.current, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.set(next);
  }

  private set(next: AppStatus): void {
    this.current = next;
    this.changed.emit(next);
  }
}
