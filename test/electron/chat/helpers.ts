/**
 * Set-up for the chat tests: loopback hubs with their device side, a test bot, and the wallet's
 * ChatDatabase + HubClient + DeviceMessenger with short timers. Waits are driven by events.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatDatabase } from '../../../electron/main/services/chat/chat-database';
import type { MessengerTiming, RemoteHub } from '../../../electron/main/services/chat/context';
import { DeviceMessenger } from '../../../electron/main/services/chat/device-messenger';
import type { ChatMessage } from '../../../electron/main/services/chat/types';
import { systemClock } from '../../../electron/main/services/clock';
import { openDeviceSigner } from '../../../electron/main/services/keystore/signer';
import { HubClient, systemTimers } from '../../../electron/main/services/hub';
import { nodeRandomSource } from '../../../electron/main/services/random';
import { Logger } from '../../../electron/main/services/logger';
import { getDeviceAddress } from '../../../shared/protocol/chash';
import type { DeviceKey } from '../../../shared/protocol/hd';
import { getPublicKeyB64, isValidPrivateKey } from '../../../shared/protocol/signature';
import { NETWORKS } from '../../../shared/protocol/wire';
import { DeviceHub } from '../../support/test-hub/device-hub';
import { TestBot, type TestBotOptions } from '../../support/test-hub/test-bot';
import { TestHub } from '../../support/test-hub/test-hub';

export const PROGRAM = { name: 'obyte-light', version: '0.1.0' } as const;

export function newDeviceKey(): DeviceKey {
  for (;;) {
    const privateKey = new Uint8Array(randomBytes(32));
    if (!isValidPrivateKey(privateKey)) continue;
    const pubkey = getPublicKeyB64(privateKey);
    return { privateKey, pubkey, deviceAddress: getDeviceAddress(pubkey) };
  }
}

export function newLogger(lines: string[] = []): Logger {
  return new Logger({ sink: (line) => lines.push(line), clock: systemClock, level: 'debug' });
}

export function newClient(url: string, logger: Logger): HubClient {
  return new HubClient({
    urls: [url],
    network: NETWORKS.devnet,
    program: PROGRAM,
    logger,
    clock: systemClock,
    random: () => 0.5,
    timing: {
      requestTimeoutMs: 2_000,
      connectTimeoutMs: 2_000,
      heartbeatIdleMs: 60_000,
      heartbeatResponseTimeoutMs: 60_000,
      stableAfterMs: 60_000,
      closeGraceMs: 100,
    },
    backoff: { initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0.5 },
  });
}

export interface World {
  readonly hubs: Map<string, DeviceHub>;
  readonly hubA: DeviceHub;
  readonly hubB: DeviceHub;
  readonly dirs: string[];
  readonly remoteOpened: string[];
  readonly cleanup: (() => Promise<void> | void)[];
  bot(home: DeviceHub, options?: TestBotOptions): TestBot;
  wallet(options?: WalletOptions): Wallet;
  close(): Promise<void>;
}

export interface WalletOptions {
  readonly deviceKey?: DeviceKey;
  readonly directory?: string;
  readonly home?: DeviceHub;
  readonly name?: string;
  readonly timing?: Partial<MessengerTiming>;
}

export interface Wallet {
  readonly key: DeviceKey;
  readonly directory: string;
  readonly db: ChatDatabase;
  readonly client: HubClient;
  readonly messenger: DeviceMessenger;
  readonly lines: string[];
  readonly received: ChatMessage[];
  readonly states: ChatMessage[];
  start(): Promise<void>;
  /** Stop messenger and client, close the database. */
  stop(): Promise<void>;
}

export async function createWorld(): Promise<World> {
  const testA = new TestHub();
  const testB = new TestHub();
  await testA.start();
  await testB.start();
  const hubA = new DeviceHub(testA);
  const hubB = new DeviceHub(testB);
  const hubs = new Map([
    [hubA.hubString, hubA],
    [hubB.hubString, hubB],
  ]);
  const dirs: string[] = [];
  const remoteOpened: string[] = [];
  const cleanup: (() => Promise<void> | void)[] = [];
  const world: World = {
    hubs,
    hubA,
    hubB,
    dirs,
    remoteOpened,
    cleanup,
    bot: (home, options) => new TestBot(home, hubs, options),
    wallet: (options = {}) => {
      const key = options.deviceKey ?? newDeviceKey();
      const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'obyte-chat-'));
      if (!dirs.includes(directory)) dirs.push(directory);
      const home = options.home ?? hubA;
      const lines: string[] = [];
      const logger = newLogger(lines);
      const db = ChatDatabase.open({
        directory,
        deviceAddress: key.deviceAddress,
        clock: systemClock,
        logger,
      });
      const client = newClient(home.hub.url, logger);
      const messenger = new DeviceMessenger({
        db,
        home: client,
        myHub: home.hubString,
        deviceKey: openDeviceSigner(key.privateKey),
        deviceName: () => options.name ?? 'My <i>Laptop</i>',
        openRemoteHub: (hub): RemoteHub => {
          remoteOpened.push(hub);
          const remote = newClient(`ws://${hub}`, logger);
          remote.start();
          return remote;
        },
        clock: systemClock,
        timers: systemTimers,
        random: nodeRandomSource,
        logger,
        timing: {
          challengeWaitMs: 300,
          outboxRetryMs: 200,
          requestTimeoutMs: 1_500,
          ...options.timing,
        },
      });
      const received: ChatMessage[] = [];
      const states: ChatMessage[] = [];
      messenger.on('messageReceived', (message) => received.push(message));
      messenger.on('messageStateChanged', (message) => states.push(message));
      let stopped = false;
      const wallet: Wallet = {
        key,
        directory,
        db,
        client,
        messenger,
        lines,
        received,
        states,
        start: async () => {
          messenger.start();
          client.start();
          await waitUntil(
            () =>
              messenger.isLoggedIn &&
              home.devices.get(key.deviceAddress)?.tempPackage?.temp_pubkey ===
                messenger.tempPubkey,
          );
        },
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await messenger.stop();
          await client.stop();
          db.close();
        },
      };
      cleanup.push(() => wallet.stop());
      return wallet;
    },
    close: async () => {
      for (const fn of cleanup.reverse()) await fn();
      await testA.stop();
      await testB.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Polls `test` every 10 ms until it holds (or fails after `timeoutMs`). */
export async function waitUntil(
  test: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
