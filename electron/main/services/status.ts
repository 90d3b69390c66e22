/**
 * What the status bar shows: network, hub, connection, last stable MCI, sync, outbox. The hub
 * client, the sync service (and later the chat outbox) report through `patch`; every change is
 * announced once.
 */
import type { Settings, Status } from '../../../shared/ipc';
import type { Clock } from './clock';
import type { EventHub } from './event-hub';
import { hubUrlFor } from './networks';

/** Before the hub client reports its first state (or when it is not started: the CLI offline). */
export const NO_HUB_CLIENT_DETAIL = 'Not connected to a hub yet.';

export type StatusPatch = Partial<Omit<Status, 'network' | 'hubUrl'>>;

export class StatusService {
  private current: Status;
  private readonly events: EventHub;
  private readonly clock: Clock;
  private readonly hubUrlOf: (settings: Settings) => string;

  constructor(deps: {
    events: EventHub;
    clock: Clock;
    settings: Settings;
    /** The hub in use for these settings (default: the settings' own; a --hub replaces it). */
    hubUrlOf?: (settings: Settings) => string;
  }) {
    this.events = deps.events;
    this.clock = deps.clock;
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

  get(): Status {
    return this.current;
  }

  /** A new network or hub starts from nothing known: nothing carries over between networks. */
  applySettings(settings: Settings): void {
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

  private set(next: Status): void {
    this.current = next;
    this.events.emit('statusChanged', next);
  }
}
