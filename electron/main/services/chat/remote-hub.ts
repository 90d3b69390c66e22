/**
 * The production `RemoteHubFactory`: a short-lived HubClient to the peer's hub (`wss://` + hub
 * string; `ws://` on a devnet), started at once and stopped by the messenger after its flush.
 */
import type { NetworkConstants } from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import { HubClient, type HubClientTiming, type Timers } from '../hub';
import type { Logger } from '../logger';
import type { RemoteHubFactory } from './context';

export interface RemoteHubFactoryOptions {
  readonly network: NetworkConstants;
  readonly program: { readonly name: string; readonly version: string };
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers?: Timers;
  /** `ws` only for a devnet on loopback. */
  readonly scheme?: 'wss' | 'ws';
  readonly timing?: Partial<HubClientTiming>;
}

export function createRemoteHubFactory(options: RemoteHubFactoryOptions): RemoteHubFactory {
  return (hub) => {
    const client = new HubClient({
      urls: [`${options.scheme ?? 'wss'}://${hub}`],
      network: options.network,
      program: options.program,
      logger: options.logger.child('remote-hub'),
      clock: options.clock,
      ...(options.timers ? { timers: options.timers } : {}),
      // One attempt's worth of patience: a failed delivery is retried by the outbox.
      timing: { requestTimeoutMs: 30_000, ...options.timing },
    });
    client.start();
    return client;
  };
}
