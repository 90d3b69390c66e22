/**
 * What the status bar shows: network, hub, connection, last stable MCI, sync, outbox. This
 * version has no hub client, so the connection is honestly `offline`; later services (hub
 * client, sync, chat outbox) report through `patch` and every change is announced once.
 */
import type { Settings, Status } from '../../../shared/ipc';
import type { Clock } from './clock';
import type { EventHub } from './event-hub';
import { hubUrlFor } from './networks';

export const NO_HUB_CLIENT_DETAIL =
  'This version of Obyte Light does not connect to a hub yet; balances and history arrive in a later version.';

export type StatusPatch = Partial<Omit<Status, 'network' | 'hubUrl'>>;

export class StatusService {
  private current: Status;
  private readonly events: EventHub;
  private readonly clock: Clock;

  constructor(deps: { events: EventHub; clock: Clock; settings: Settings }) {
    this.events = deps.events;
    this.clock = deps.clock;
    this.current = {
      network: deps.settings.network,
      hubUrl: hubUrlFor(deps.settings),
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
    const hubUrl = hubUrlFor(settings);
    if (settings.network === this.current.network && hubUrl === this.current.hubUrl) return;
    this.set({
      ...this.current,
      network: settings.network,
      hubUrl,
      connection: { ...this.current.connection, since: this.clock.now() },
      lastStableMci: null,
      lastStableMciAt: null,
      sync: { state: 'idle' },
    });
  }

  patch(patch: StatusPatch): void {
    this.set({ ...this.current, ...patch });
  }

  private set(next: Status): void {
    this.current = next;
    this.events.emit('statusChanged', next);
  }
}
