/**
 * ChatSession after the home hub changed: what contacts left on the old hub is fetched once by
 * logging into it (no temp key uploaded there), and not again once its inbox was emptied.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { ChatSession } from '../../../electron/main/services/chat/chat-session';
import type { ChatMessage } from '../../../electron/main/services/chat/types';
import { systemClock } from '../../../electron/main/services/clock';
import type { HubClient } from '../../../electron/main/services/hub';
import { openDeviceSigner } from '../../../electron/main/services/keystore/signer';
import type { LightSession } from '../../../electron/main/services/sync/index';
import { NETWORKS } from '../../../shared/protocol/wire';
import type { DeviceHub } from '../../support/test-hub/device-hub';
import {
  createWorld,
  newClient,
  newDeviceKey,
  newLogger,
  PROGRAM,
  waitUntil,
  type World,
} from './helpers';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

/** The light session as chat sees it: its network, hub URL and running hub client. */
function lightOn(hub: DeviceHub): { light: LightSession; moveTo: (next: DeviceHub) => void } {
  const logger = newLogger();
  const partsOf = (on: DeviceHub): { hubUrl: string; hub: HubClient } => {
    const client = newClient(on.hub.url, logger);
    client.start();
    world.cleanup.push(() => client.stop());
    return { hubUrl: on.hub.url, hub: client };
  };
  let current = partsOf(hub);
  const light = {
    isOpen: true,
    get parts() {
      return { network: 'devnet', constants: NETWORKS.devnet, ...current };
    },
  } as unknown as LightSession;
  return { light, moveTo: (next) => (current = partsOf(next)) };
}

/**
 * A ChatSession on hub A (its own data folder and device key), logged in and paired with a bot
 * there, the bot's greeting received. `moveTo` changes the home hub the light session reports;
 * `lines` is what the session logged; `received` every incoming message, in order.
 */
async function pairedOnHubA(): Promise<{
  key: ReturnType<typeof newDeviceKey>;
  signer: () => ReturnType<typeof openDeviceSigner>;
  moveTo: (next: DeviceHub) => void;
  lines: string[];
  session: ChatSession;
  received: ChatMessage[];
  bot: ReturnType<World['bot']>;
}> {
  const root = mkdtempSync(join(tmpdir(), 'obyte-chat-session-'));
  world.dirs.push(root);
  const key = newDeviceKey();
  const signer = (): ReturnType<typeof openDeviceSigner> =>
    openDeviceSigner(new Uint8Array(key.privateKey));
  const { light, moveTo } = lightOn(world.hubA);
  const lines: string[] = [];
  const logger = newLogger(lines);
  const session = new ChatSession({
    paths: new AppPaths({ root, home: root }),
    light,
    logger,
    clock: systemClock,
    program: PROGRAM,
    deviceName: () => 'Laptop',
    timing: { challengeWaitMs: 300, outboxRetryMs: 200, requestTimeoutMs: 1_500 },
  });
  world.cleanup.push(() => session.stop());
  const received: ChatMessage[] = [];
  session.onIncoming((message) => received.push(message));
  await session.start(signer());
  await waitUntil(() => session.messenger.isLoggedIn, 5_000, 'the login on hub A');
  const bot = world.bot(world.hubA);
  session.messenger.pair(bot.pairingCode);
  await waitUntil(() => received.length === 1, 5_000, 'the bot’s greeting');
  return { key, signer, moveTo, lines, session, received, bot };
}

describe('ChatSession after a change of home hub', () => {
  it('logs into the old hub once and receives what contacts left there', async () => {
    const { key, signer, moveTo, lines, session, received, bot } = await pairedOnHubA();

    // Paired with a bot on hub A, then locked: the bot writes while we are away.
    await waitUntil(() => world.hubA.stored(key.deviceAddress).length === 0, 5_000, 'the acks');
    await session.stop();
    bot.sendText(key.deviceAddress, 'left on hub A');
    expect(world.hubA.stored(key.deviceAddress)).toHaveLength(1);
    const heldByA = world.hubA.devices.get(key.deviceAddress)?.tempPackage;

    // The user picks hub B, then unlocks: chat runs on B and empties A's inbox once.
    moveTo(world.hubB);
    await session.start(signer());
    await waitUntil(() => received.length === 2, 10_000, 'the message left on hub A');
    expect(received[1]?.body).toBe('left on hub A');
    await waitUntil(() => world.hubA.stored(key.deviceAddress).length === 0, 5_000, 'the ack');
    expect(session.messenger.hub).toBe(world.hubB.hubString);
    await waitUntil(() => session.messenger.isLoggedIn, 5_000, 'the login on hub B');
    // Hub A was only read: the temp key it holds is the one it had.
    expect(world.hubA.devices.get(key.deviceAddress)?.tempPackage).toBe(heldByA);
    // Done once hub A said its inbox is empty (a stop before that leaves it for the next start).
    await waitUntil(
      () => lines.some((line) => line.includes('Fetched what the earlier hub kept')),
      5_000,
      'the end of the drain',
    );

    // Drained: the next start does not go back to hub A.
    await session.stop();
    bot.sendText(key.deviceAddress, 'too late for hub A');
    await session.start(signer());
    await waitUntil(() => session.messenger.isLoggedIn, 5_000, 'the login on hub B again');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(world.hubA.stored(key.deviceAddress)).toHaveLength(1);
    expect(received).toHaveLength(2);
  });

  it('tells a contact our new hub the way ocore does: in the device_hub of the next message we send it', async () => {
    const { key, moveTo, session, received, bot } = await pairedOnHubA();
    bot.echo = false;

    // On hub B now: the next message to the bot names hub B (no message of its own for it).
    moveTo(world.hubB);
    await session.follow();
    await waitUntil(() => session.messenger.isLoggedIn, 5_000, 'the login on hub B');
    expect(session.messenger.hub).toBe(world.hubB.hubString);
    session.messenger.sendText(bot.deviceAddress, 'hello from hub B');
    await waitUntil(() => bot.received.some((m) => m.body === 'hello from hub B'), 5_000, 'it');
    expect(bot.received.map((m) => m.subject)).toEqual(['pairing', 'text']);

    // The bot's next message goes to hub B. Hub A is gone: a message left there would never come.
    await world.hubA.hub.stop();
    bot.sendText(key.deviceAddress, 'found you on hub B');
    await waitUntil(() => received.length === 2, 5_000, 'the bot’s message through hub B');
    expect(received[1]?.body).toBe('found you on hub B');
    expect(world.hubA.stored(key.deviceAddress)).toHaveLength(0);
  });
});
