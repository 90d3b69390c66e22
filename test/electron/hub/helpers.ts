/**
 * Shared set-up for the hub client tests: a client with short timers and a fixed jitter, a
 * logger that records its lines, and waits driven by the client's own events (no sleeps).
 */
import { Logger } from '../../../electron/main/services/logger';
import { systemClock } from '../../../electron/main/services/clock';
import {
  HubClient,
  type HubClientOptions,
  type HubConnectionStatus,
  type HubPush,
} from '../../../electron/main/services/hub';
import { NETWORKS } from '../../../shared/protocol/wire';

export const PROGRAM = { name: 'obyte-light', version: '0.1.0' } as const;

export interface ClientUnderTest {
  readonly client: HubClient;
  readonly states: HubConnectionStatus[];
  readonly pushes: HubPush[];
  readonly lines: string[];
}

/** A client on the devnet with test timings; `overrides` replace any option. */
export function createClient(
  urls: readonly string[],
  overrides: Partial<HubClientOptions> = {},
): ClientUnderTest {
  const lines: string[] = [];
  const logger = new Logger({
    sink: (line) => lines.push(line),
    clock: systemClock,
    level: 'debug',
  });
  const client = new HubClient({
    urls,
    network: NETWORKS.devnet,
    program: PROGRAM,
    logger,
    clock: systemClock,
    random: () => 0.5,
    ...overrides,
    timing: {
      requestTimeoutMs: 3_000,
      connectTimeoutMs: 2_000,
      heartbeatIdleMs: 60_000,
      heartbeatResponseTimeoutMs: 60_000,
      stableAfterMs: 60_000,
      closeGraceMs: 200,
      ...overrides.timing,
    },
    backoff: { initialMs: 20, maxMs: 320, multiplier: 2, jitter: 0.5, ...overrides.backoff },
  });
  const states: HubConnectionStatus[] = [];
  const pushes: HubPush[] = [];
  client.on('state', (state) => states.push(state));
  client.on('push', (push) => pushes.push(push));
  return { client, states, pushes, lines };
}

type StateName = HubConnectionStatus['state'];
type StateOf<S extends StateName> = Extract<HubConnectionStatus, { state: S }>;

/** Resolves with the client's status once it is `state` (and passes `test`), now or later. */
export function waitForState<S extends StateName>(
  client: HubClient,
  state: S,
  test: (status: StateOf<S>) => boolean = () => true,
): Promise<StateOf<S>> {
  const matches = (status: HubConnectionStatus): status is StateOf<S> =>
    status.state === state && test(status as StateOf<S>);
  const now = client.status;
  if (matches(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = client.on('state', (status) => {
      if (matches(status)) {
        off();
        resolve(status);
      }
    });
  });
}

/** Resolves with the next push of `subject`. */
export function waitForPush<S extends HubPush['subject']>(
  client: HubClient,
  subject: S,
): Promise<Extract<HubPush, { subject: S }>> {
  return new Promise((resolve) => {
    const off = client.on('push', (push) => {
      if (push.subject === subject) {
        off();
        resolve(push as Extract<HubPush, { subject: S }>);
      }
    });
  });
}

/** Wait for the event loop to deliver what is already on the wire (a few round trips). */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
