/**
 * What every part of the device messenger (login, inbox, outbox, pairing, bots) is handed: the
 * chat database, the home hub, our device key and the clock, timers, randomness and logger, plus
 * the one event emitter and the messenger's stopped flag. Built once by DeviceMessenger.
 */
import { isValidPrivateKey } from '../../../../shared/protocol/signature';
import type { HubJustsayer, HubRequester } from '../../../../shared/protocol/light/index';
import type { Clock } from '../clock';
import type { HubPush, HubSession, Timers } from '../hub';
import type { DeviceSigner } from '../keystore/signer';
import type { Logger } from '../logger';
import type { RandomSource } from '../random';
import type { ChatDatabase } from './chat-database';
import type { ChatEmitter } from './events';

/** The home hub connection: a HubClient, or a fake with the same surface. */
export interface HomeHub extends HubRequester, HubJustsayer {
  on(event: 'push', listener: (push: HubPush) => void): () => void;
  onConnected(hook: (session: HubSession) => void | Promise<void>): () => void;
  readonly isConnected: boolean;
}

/** A short-lived connection to another hub, for delivering to a peer registered there. */
export interface RemoteHub extends HubRequester {
  stop(): Promise<void>;
}

/** Opens (starts) a connection to a hub given as a hub string (host[:port][/path]). */
export type RemoteHubFactory = (hub: string) => RemoteHub;

export interface MessengerTiming {
  /** ocore: temp keys rotate hourly. */
  readonly tempKeyRotationMs: number;
  /** No `hub/challenge` this long after connecting: ask with `hub/repeat_challenge`. */
  readonly challengeWaitMs: number;
  /** Retry transiently failed outbox entries after this long (also on every reconnect). */
  readonly outboxRetryMs: number;
  /** Invitations and reverse secrets are valid this long (ocore: one month). */
  readonly pairingSecretTtlMs: number;
  /** Per request to a hub (temp pubkey, deliver). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_MESSENGER_TIMING: MessengerTiming = {
  tempKeyRotationMs: 60 * 60_000,
  challengeWaitMs: 5_000,
  outboxRetryMs: 60_000,
  pairingSecretTtlMs: 30 * 24 * 60 * 60_000,
  requestTimeoutMs: 30_000,
};

/** Longest chat text we store or send (characters). Longer incoming texts are refused. */
export const MAX_TEXT_LENGTH = 20_000;

export interface MessengerContext {
  readonly db: ChatDatabase;
  readonly home: HomeHub;
  /** Our hub string (host[:port][/path]), sent as `device_hub` and put in our pairing codes. */
  readonly myHub: string;
  readonly device: DeviceSigner;
  /** Read at each use: the name can change in Settings. */
  readonly deviceName: () => string;
  readonly openRemoteHub: RemoteHubFactory;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly timing: MessengerTiming;
  /** Only fetch what `home` kept for us: no temp key upload or rotation and no outbox flush. */
  readonly drainOnly: boolean;
  readonly events: ChatEmitter;
  /** The messenger was stopped: nothing more is started. */
  readonly isStopped: () => boolean;
}

/** A fresh secp256k1 private key (temp keys, and the ephemeral key of each envelope). */
export function newPrivateKey(random: RandomSource): Uint8Array {
  for (;;) {
    const key = random.randomBytes(32);
    if (key.length === 32 && isValidPrivateKey(key)) return key;
  }
}
