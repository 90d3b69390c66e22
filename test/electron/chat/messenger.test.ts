import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyDeviceObject } from '../../../shared/protocol/device';
import { parsePairingCode } from '../../../shared/protocol/pairing';
import { IN_DOUBT_REASON } from '../../../electron/main/services/chat/words';
import { createWorld, sleep, waitUntil, type World } from './helpers';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('hub login and temp keys', () => {
  it('logs in with a signed hub/login and uploads a signed temp pubkey', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const connection = world.hubA.hub.lastConnection;
    expect(connection).toBeDefined();
    if (!connection) return;
    expect(world.hubA.loginOf(connection)).toBe(wallet.key.deviceAddress);
    expect(world.hubA.loginErrors).toEqual([]);
    const login = connection.justsayings('hub/login')[0];
    expect(login?.body).toMatchObject({
      challenge: connection.challenge,
      pubkey: wallet.key.pubkey,
    });
    const pkg = world.hubA.devices.get(wallet.key.deviceAddress)?.tempPackage;
    expect(pkg?.pubkey).toBe(wallet.key.pubkey);
    expect(pkg && verifyDeviceObject(pkg, wallet.key.pubkey)).toBe(true);
  });

  it('started on a connection already up (unlock after connect): asks for the challenge at once, logs in once', async () => {
    const wallet = world.wallet({ timing: { challengeWaitMs: 60_000 } });
    wallet.client.start();
    await waitUntil(() => wallet.client.isConnected);
    const connection = world.hubA.hub.lastConnection;
    // The hub's challenge on connect went by before the messenger listened.
    await waitUntil(() => connection?.challenge !== null && connection?.challenge !== undefined);
    wallet.messenger.start();
    // The messenger counts itself logged in once it has written hub/login; wait until the hub has
    // read it. The challenge timer is 60 s, longer than the test may run: a login at all means the
    // messenger asked for the challenge at once.
    await waitUntil(
      () => connection !== undefined && world.hubA.loginOf(connection) !== null,
      15_000,
      'the hub to see a login without the 60 s wait',
    );
    expect(wallet.messenger.isLoggedIn).toBe(true);
    expect(connection?.justsayings('hub/repeat_challenge')).toHaveLength(1);
    expect(connection && world.hubA.loginOf(connection)).toBe(wallet.key.deviceAddress);
    await sleep(200);
    expect(connection?.justsayings('hub/login')).toHaveLength(1);
    expect(world.hubA.loginErrors).toEqual([]);
  });

  it('a fresh connection waits for the hub challenge and does not ask again', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const connection = world.hubA.hub.lastConnection;
    expect(connection?.justsayings('hub/repeat_challenge')).toHaveLength(0);
    expect(connection?.justsayings('hub/login')).toHaveLength(1);
  });

  it('logs in again after a reconnect and re-uploads the temp key', async () => {
    const wallet = world.wallet();
    await wallet.start();
    world.hubA.hub.lastConnection?.drop();
    await world.hubA.hub.waitForConnections(2);
    await waitUntil(() => world.hubA.hub.connections[1]?.justsayings('hub/login').length === 1);
    await waitUntil(
      () => (world.hubA.hub.connections[1]?.requests('hub/temp_pubkey').length ?? 0) === 1,
    );
  });

  it('rotates the temp key, uploads it and still reads messages sent to the previous one', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    const before = wallet.messenger.tempPubkey;
    // The bot encrypts to the current key, the wallet rotates before reading it.
    const envelope = bot.sendText(wallet.key.deviceAddress, 'sent before the rotation');
    expect(envelope.encrypted_package.dh.recipient_ephemeral_pubkey).toBe(before);
    expect(await wallet.messenger.rotateTempKey()).toBe(true);
    expect(wallet.messenger.tempPubkey).not.toBe(before);
    expect(world.hubA.devices.get(wallet.key.deviceAddress)?.tempPackage?.temp_pubkey).toBe(
      wallet.messenger.tempPubkey,
    );
    await waitUntil(() => wallet.received.some((m) => m.body === 'sent before the rotation'));
    expect(wallet.db.getTempKeys().previous?.pubkey).toBe(before);
  });

  it('a rotation due while away waits for the next login: what the hub kept for us is read', async () => {
    const first = world.wallet();
    await first.start();
    const bot = world.bot(world.hubA);
    first.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => first.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    const { key, directory } = first;
    const held = first.messenger.tempPubkey;
    await first.stop();
    // While the app is closed, the bot writes: encrypted to the key the hub holds.
    const envelope = bot.sendText(key.deviceAddress, 'written while you were away');
    expect(envelope.encrypted_package.dh.recipient_ephemeral_pubkey).toBe(held);

    // The app starts with no connection yet; rotations come due (the app was away for hours).
    const again = world.wallet({ deviceKey: key, directory });
    again.messenger.start();
    expect(await again.messenger.rotateTempKey()).toBe(false);
    expect(await again.messenger.rotateTempKey()).toBe(false);
    expect(again.messenger.tempPubkey).toBe(held);

    // Connected: it logs in, re-uploads the key the hub holds, reads what waited, then rotates.
    again.client.start();
    await waitUntil(() => again.received.some((m) => m.body === 'written while you were away'));
    await waitUntil(() => again.messenger.tempPubkey !== held);
    await waitUntil(
      () =>
        world.hubA.devices.get(key.deviceAddress)?.tempPackage?.temp_pubkey ===
        again.messenger.tempPubkey,
    );
    expect(again.db.getTempKeys().previous?.pubkey).toBe(held);
    expect(again.lines.join('\n')).not.toMatch(/Refused a hub message/);
  });

  it('does not rotate before the hub answered the upload of the current key', async () => {
    const wallet = world.wallet();
    // The hub takes the login but never answers hub/temp_pubkey.
    world.hubA.hub.setHandler('hub/temp_pubkey', () => ({ never: true }));
    wallet.messenger.start();
    wallet.client.start();
    await waitUntil(() => wallet.messenger.isLoggedIn);
    const current = wallet.messenger.tempPubkey;
    expect(await wallet.messenger.rotateTempKey()).toBe(false);
    expect(wallet.messenger.tempPubkey).toBe(current);
  });
});

describe('pairing', () => {
  it('pairs with the test bot from its code (wallet → bot) and gets its greeting', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    const pending = wallet.messenger.pair(`obyte:${bot.pairingCode}`);
    expect(pending.isConfirmed).toBe(false);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    const paired = wallet.messenger.getCorrespondent(bot.deviceAddress);
    expect(paired?.name).toBe('Echo Bot'); // tags stripped
    expect(paired?.mySecret).toBeNull();
    expect(bot.peers.get(wallet.key.deviceAddress)?.name).toBe('My Laptop');
    await waitUntil(() => wallet.received.some((m) => m.body.startsWith('Hi My Laptop!')));
    // The reverse secret is consumed: it cannot be used again.
    expect(wallet.db.getValidPairingSecret(pending.mySecret ?? '')).toBeNull();
  });

  it('accepts a pairing from the bot with our own code (bot → wallet) and answers it', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    const code = wallet.messenger.ourPairingCode();
    const parsed = parsePairingCode(code);
    expect(parsed.device_address).toBe(wallet.key.deviceAddress);
    expect(parsed.hub).toBe(world.hubA.hubString);
    bot.pairWith(code);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    await waitUntil(() => bot.peers.get(wallet.key.deviceAddress)?.confirmed === true);
    expect(bot.peers.get(wallet.key.deviceAddress)?.name).toBe('My Laptop');
    // One-time secret: a second device cannot use it.
    expect(wallet.db.getValidPairingSecret(parsed.pairing_secret)).toBeNull();
  });

  it('refuses our own code, renames and removes a correspondent with removed_paired_device', async () => {
    const wallet = world.wallet();
    await wallet.start();
    expect(() => wallet.messenger.pair(wallet.messenger.ourPairingCode())).toThrow(
      /own pairing code/,
    );
    // A bad code is refused in words, never with the code's field syntax (PUBKEY, HUB, base64).
    const own = wallet.messenger.ourPairingCode();
    for (const [code, words] of [
      [
        'hello bot',
        /^This is not a pairing code \(it has no @ between the key and the hub\): it should look like .* Copy it again, whole/,
      ],
      [`B${own.slice(1)}`, /^This pairing code is damaged: the long key before the @/],
      [own.replace('#', ''), /^This is not a pairing code/],
      [
        own.replace(/@[^#]+#/, '@bad..hub#'),
        /^This pairing code names a hub that cannot be right, or a secret that cannot be used: the hub’s host name "bad..hub"/,
      ],
    ] as const) {
      let message = '';
      try {
        wallet.messenger.pair(code);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(words);
      expect(message).not.toMatch(/PUBKEY|base64|secp256k1|host\[/);
    }
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    expect(wallet.messenger.renameCorrespondent(bot.deviceAddress, ' <b>Echo</b> ').name).toBe(
      'Echo',
    );
    wallet.messenger.removeCorrespondent(bot.deviceAddress);
    expect(wallet.messenger.getCorrespondent(bot.deviceAddress)).toBeNull();
    await waitUntil(() => bot.received.some((m) => m.subject === 'removed_paired_device'));
    expect(bot.peers.has(wallet.key.deviceAddress)).toBe(false);
    await waitUntil(() => wallet.db.listOutbox().length === 0);
  });

  it('forgets a correspondent that removed us', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    bot.send(wallet.key.deviceAddress, 'removed_paired_device', 'removed');
    await waitUntil(() => wallet.messenger.getCorrespondent(bot.deviceAddress) === null);
  });

  it('lists the hub bot store and marks paired bots', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    world.hubA.bots = [
      {
        id: 1,
        name: 'Echo',
        pairing_code: bot.pairingCode,
        description: 'Echoes <script>x</script>',
      },
      { id: 2, name: 'Broken', pairing_code: 'not a code', description: null },
    ];
    let bots = await wallet.messenger.listBots();
    expect(bots.map((b) => [b.name, b.isPaired, b.pairing?.device_address ?? null])).toEqual([
      ['Echo', false, bot.deviceAddress],
      ['Broken', false, null],
    ]);
    wallet.messenger.pair(bots[0]?.pairingCode ?? '');
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    bots = await wallet.messenger.listBots();
    expect(bots[0]?.isPaired).toBe(true);
    expect(bots[0]?.description).toBe('Echoes <script>x</script>'); // text, never rendered as HTML
  });
});

describe('chat', () => {
  async function paired(): Promise<{
    wallet: ReturnType<World['wallet']>;
    bot: ReturnType<World['bot']>;
  }> {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    await waitUntil(() => wallet.received.length === 1); // greeting
    return { wallet, bot };
  }

  /**
   * Paired, then stopped while the bot sends `bodies`: the hub keeps them. `again` is the same
   * device (key and folder), not started yet.
   */
  async function writtenToWhileAway(bodies: readonly string[]): Promise<{
    key: ReturnType<World['wallet']>['key'];
    again: ReturnType<World['wallet']>;
  }> {
    const { wallet, bot } = await paired();
    const { directory, key } = wallet;
    await wallet.stop();
    for (const body of bodies) bot.sendText(key.deviceAddress, body);
    return { key, again: world.wallet({ deviceKey: key, directory }) };
  }

  /** Hub A stores what it is given to deliver, but its answer is lost. */
  function loseDeliverAnswers(): void {
    world.hubA.hub.setHandler('hub/deliver', ({ params }) => {
      world.hubA.deliver(params as never);
      return { never: true };
    });
  }

  /** Hub A answers deliveries again. */
  function answerDeliveries(): void {
    world.hubA.hub.setHandler('hub/deliver', ({ params }) => world.hubA.deliver(params as never));
  }

  it('a text sent just as a flush finishes is still sent, not left for the retry timer', async () => {
    // The retry timer is longer than the test may run: only the flush itself can deliver.
    const wallet = world.wallet({ timing: { outboxRetryMs: 600_000 } });
    await wallet.start();
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    // An empty flush, and a text sent 0, 1, 2, … microtasks later: one of them lands after the
    // flush's last look at the outbox and before it counts itself done (found by the CLI test).
    for (let hops = 0; hops < 8; hops += 1) {
      const flush = wallet.messenger.flushOutbox();
      let later = Promise.resolve();
      for (let i = 0; i < hops; i += 1) later = later.then(() => undefined);
      const message = await later.then(() =>
        wallet.messenger.sendText(bot.deviceAddress, `after ${hops} microtasks`),
      );
      await flush;
      await waitUntil(
        () => wallet.db.getMessage(message.id)?.state === 'delivered',
        10_000,
        `the text sent ${hops} microtasks after a flush began to be delivered`,
      );
    }
  }, 60_000);

  it('round-trips a text with emoji; states go queued → delivered', async () => {
    const { wallet, bot } = await paired();
    const text = 'Hello 👋🏽 — ünïcödé 🚀';
    const queued = wallet.messenger.sendText(bot.deviceAddress, text);
    expect(queued.state).toBe('queued');
    await waitUntil(() => wallet.received.some((m) => m.body === `You said: ${text}`));
    const sent = wallet.db.getMessage(queued.id);
    expect(sent?.state).toBe('delivered');
    expect(sent?.messageHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(bot.received.at(-1)).toMatchObject({ subject: 'text', body: text });
    const correspondent = wallet.messenger.getCorrespondent(bot.deviceAddress);
    expect(correspondent?.unreadCount).toBe(2);
    expect(correspondent?.lastMessagePreview).toBe(`You said: ${text}`);
    wallet.messenger.markRead(bot.deviceAddress);
    expect(wallet.messenger.getCorrespondent(bot.deviceAddress)?.unreadCount).toBe(0);
    await waitUntil(() => world.hubA.stored(wallet.key.deviceAddress).length === 0); // all acked
  });

  it('receives messages stored at the hub on the next login, in order', async () => {
    const { key, again } = await writtenToWhileAway(['one', 'two', 'three']);
    expect(world.hubA.stored(key.deviceAddress)).toHaveLength(3);
    world.hubA.batchSize = 2; // has_more → hub/refresh
    await again.start();
    await waitUntil(() => again.received.length === 3);
    expect(again.received.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    await waitUntil(() => world.hubA.stored(key.deviceAddress).length === 0);
    expect(world.hubA.hub.lastConnection?.justsayings('hub/refresh').length).toBe(1);
  });

  it('says when the stored messages of a login are all handled (what the CLI waits for)', async () => {
    const { key, again } = await writtenToWhileAway([
      'waiting one',
      'waiting two',
      'waiting three',
    ]);
    world.hubA.batchSize = 2; // two batches: has_more, then empty
    await again.start();
    await again.messenger.whenInboxDrained();
    expect(again.received.map((m) => m.body)).toEqual([
      'waiting one',
      'waiting two',
      'waiting three',
    ]);
    // Every one was acknowledged (hub/delete is on its way to the hub).
    await waitUntil(() => world.hubA.stored(key.deviceAddress).length === 0);
  });

  it('the first login of a new device ("address created", no message box) counts as drained', async () => {
    const wallet = world.wallet();
    // Unknown to the hub: it answers the login with `info` "address created" and no box status.
    expect(world.hubA.devices.has(wallet.key.deviceAddress)).toBe(false);
    await wallet.start();
    let drained = false;
    void wallet.messenger.whenInboxDrained().then(() => {
      drained = true;
    });
    await waitUntil(() => drained, 1_000, 'drained without a message box status');
  });

  it('drops a re-delivered message (same hash) but acknowledges it again', async () => {
    const { wallet, bot } = await paired();
    bot.sendText(wallet.key.deviceAddress, 'only once');
    await waitUntil(() => wallet.received.some((m) => m.body === 'only once'));
    const stored = wallet.received.find((m) => m.body === 'only once');
    const hash = stored?.messageHash ?? '';
    const deletesBefore = world.hubA.hub.lastConnection?.justsayings('hub/delete').length ?? 0;
    const envelope = world.hubA.deliveries.find((d) => d.hash === hash);
    expect(envelope).toBeDefined();
    // A hub pushes it again (e.g. before our delete arrived).
    const original = bot.received.length; // unchanged marker
    world.hubA.pushRaw(wallet.key.deviceAddress, {
      message_hash: hash,
      message: { note: 'not even parsed: the hash is known' },
    });
    await waitUntil(
      () =>
        (world.hubA.hub.lastConnection?.justsayings('hub/delete').length ?? 0) ===
        deletesBefore + 1,
    );
    expect(
      wallet.messenger.listMessages(bot.deviceAddress).filter((m) => m.body === 'only once'),
    ).toHaveLength(1);
    expect(bot.received.length).toBe(original);
  });

  it('sends across hubs through a short-lived second connection', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubB);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
    expect(world.remoteOpened).toContain(world.hubB.hubString);
    expect(wallet.messenger.getCorrespondent(bot.deviceAddress)?.hub).toBe(world.hubB.hubString);
    const message = wallet.messenger.sendText(bot.deviceAddress, 'across');
    await waitUntil(() => wallet.received.some((m) => m.body === 'You said: across'));
    expect(wallet.db.getMessage(message.id)?.state).toBe('delivered');
    // Nothing for the bot went through our home hub.
    expect(world.hubA.deliveries.filter((d) => d.to === bot.deviceAddress)).toEqual([]);
    // The remote connections are closed after each flush.
    await waitUntil(() => world.hubB.hub.connections.every((c) => c.isClosed));
  });

  it('a correspondent whose hub is lost: the message says why it waits, then follows it to its new hub', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubB);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(() => wallet.received.length === 1); // greeting, through hub B
    await world.hubB.hub.stop();
    const message = wallet.messenger.sendText(bot.deviceAddress, 'after your hub went away');
    // Not a bare "Sending…": the queued message says why it is not delivered yet.
    await waitUntil(() =>
      /Trying again\.$/.test(wallet.db.getMessage(message.id)?.failureReason ?? ''),
    );
    expect(wallet.db.getMessage(message.id)?.state).toBe('queued');
    expect(
      wallet.states.some(
        (m) => m.id === message.id && m.state === 'queued' && m.failureReason !== null,
      ),
    ).toBe(true);

    // The bot now lives on hub A and writes from there: the waiting message follows it.
    bot.moveTo(world.hubA);
    bot.sendText(wallet.key.deviceAddress, 'I moved');
    await waitUntil(() => wallet.received.some((m) => m.body === 'I moved'));
    expect(wallet.messenger.getCorrespondent(bot.deviceAddress)?.hub).toBe(world.hubA.hubString);
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'delivered');
    expect(wallet.db.getMessage(message.id)?.failureReason).toBeNull();
    await waitUntil(() => bot.received.some((m) => m.body === 'after your hub went away'));
    expect(bot.received.filter((m) => m.body === 'after your hub went away')).toHaveLength(1);
  });

  it('a lost answer, then the recipient’s key changed: not sent again on its own, failed in words', async () => {
    const { wallet, bot } = await paired();
    loseDeliverAnswers();
    const message = wallet.messenger.sendText(bot.deviceAddress, 'maybe arrived');
    await waitUntil(
      () =>
        wallet.db.listOutbox()[0]?.inDoubt === true &&
        wallet.db.listOutbox()[0]?.lastError !== null,
    );
    await waitUntil(() => bot.received.some((m) => m.body === 'maybe arrived'));
    // The bot rotates its key: the stored envelope is refused; a new one would arrive twice.
    bot.rotateTempKey();
    answerDeliveries();
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'failed');
    expect(wallet.db.getMessage(message.id)?.failureReason).toBe(IN_DOUBT_REASON);
    expect(wallet.db.listOutbox()).toEqual([]);
    await sleep(50);
    expect(bot.received.filter((m) => m.body === 'maybe arrived')).toHaveLength(1);
    // The user's Retry sends it again, on purpose.
    wallet.messenger.retryMessage(message.id);
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'delivered');
    await waitUntil(() => bot.received.filter((m) => m.body === 'maybe arrived').length === 2);
  });

  it('the recipient’s key changed between asking and delivering: encrypted again, delivered once', async () => {
    const { wallet, bot } = await paired();
    // The bot rotates just as our first try reaches the hub: the hub refuses it in words
    // (nothing stored), so a new envelope cannot make it arrive twice.
    let tries = 0;
    world.hubA.hub.setHandler('hub/deliver', ({ params }) => {
      tries += 1;
      if (tries === 1) bot.rotateTempKey();
      return world.hubA.deliver(params as never);
    });
    const message = wallet.messenger.sendText(bot.deviceAddress, 'sent once');
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'delivered');
    await waitUntil(() => bot.received.some((m) => m.body === 'sent once'));
    await sleep(50);
    expect(bot.received.filter((m) => m.body === 'sent once')).toHaveLength(1);
    const toBot = world.hubA.deliveries.filter((d) => d.to === bot.deviceAddress);
    expect(new Set(toBot.map((d) => d.hash)).size).toBeGreaterThanOrEqual(2);
  });

  it('marks a message failed with the hub reason and can retry it', async () => {
    const { wallet, bot } = await paired();
    world.hubA.hub.answer('hub/get_temp_pubkey', {
      error: 'device with this pubkey is not registered here',
    });
    const message = wallet.messenger.sendText(bot.deviceAddress, 'will fail');
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'failed');
    expect(wallet.db.getMessage(message.id)?.failureReason).toMatch(/not registered here/);
    expect(wallet.db.listOutbox()).toEqual([]);
    world.hubA.hub.setHandler('hub/get_temp_pubkey', ({ params }) =>
      world.hubA.getTempPubkey(String(params)),
    );
    wallet.messenger.retryMessage(message.id);
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'delivered');
  });

  it('a lost accepted answer: the retry re-delivers the same envelope, the bot gets it once', async () => {
    const { wallet, bot } = await paired();
    loseDeliverAnswers();
    const message = wallet.messenger.sendText(bot.deviceAddress, 'once only');
    await waitUntil(
      () => wallet.db.listOutbox()[0]?.lastError !== null && wallet.db.listOutbox().length === 1,
    );
    await waitUntil(() => bot.received.some((m) => m.body === 'once only'));
    answerDeliveries();
    await waitUntil(() => wallet.db.getMessage(message.id)?.state === 'delivered');
    await sleep(50);
    expect(bot.received.filter((m) => m.body === 'once only')).toHaveLength(1);
    // Every attempt carried the same envelope (one message hash).
    const toBot = world.hubA.deliveries.filter((d) => d.to === bot.deviceAddress).slice(1);
    expect(toBot.length).toBeGreaterThanOrEqual(2);
    expect(new Set(toBot.map((d) => d.hash)).size).toBe(1);
    expect(wallet.db.getMessage(message.id)?.messageHash).toBe(toBot[0]?.hash);
  });
});
