import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatText } from '../../../shared/protocol/chat-links';
import { encryptJson } from '../../../shared/protocol/device-crypto';
import {
  createDeviceEnvelope,
  createInnerMessage,
  getDeviceMessageHash,
} from '../../../shared/protocol/device';
import type { JsonObject } from '../../../shared/protocol/json';
import { MAX_FRAME_BYTES } from '../../../shared/protocol/wire';
import { BOT_PAYMENT_ADDRESS } from '../../support/test-hub/test-bot';
import { UNREADABLE_NOTE } from '../../../electron/main/services/chat/words';
import { createWorld, newDeviceKey, sleep, waitUntil, type Wallet, type World } from './helpers';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function pairedWallet(): Promise<{ wallet: Wallet; bot: ReturnType<World['bot']> }> {
  const wallet = world.wallet();
  await wallet.start();
  const bot = world.bot(world.hubA);
  wallet.messenger.pair(bot.pairingCode);
  await waitUntil(() => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true);
  await waitUntil(() => wallet.received.length === 1);
  return { wallet, bot };
}

function deletes(): number {
  return world.hubA.hub.lastConnection?.justsayings('hub/delete').length ?? 0;
}

/** A validly signed envelope by `key` to the wallet's current temp key. */
function envelopeFrom(
  wallet: Wallet,
  key: ReturnType<typeof newDeviceKey>,
  inner: { from?: string; subject: string; body: string | JsonObject },
): JsonObject {
  const message = createInnerMessage(
    inner.from ?? key.deviceAddress,
    world.hubA.hubString,
    inner.subject,
    inner.body,
  );
  const encrypted = encryptJson(
    message,
    wallet.messenger.tempPubkey ?? '',
    newDeviceKey().privateKey,
    new Uint8Array(12).fill(7),
  );
  return JSON.parse(
    JSON.stringify(createDeviceEnvelope(encrypted, wallet.key.deviceAddress, key.privateKey)),
  ) as JsonObject;
}

describe('hostile hub messages are refused, logged and still acknowledged', () => {
  it('malformed bodies, forged signatures, wrong hashes, tampered ciphertext', async () => {
    const { wallet, bot } = await pairedWallet();
    const good = envelopeFrom(wallet, newDeviceKey(), { subject: 'text', body: 'x' });
    const goodHash = getDeviceMessageHash(good);
    const forged = {
      ...good,
      signature: String(good['signature']).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    };
    const pkg = good['encrypted_package'] as JsonObject;
    const tampered = {
      ...good,
      encrypted_package: { ...pkg, authtag: 'AAAAAAAAAAAAAAAAAAAAAA==' },
    };
    const bodies = [
      { message_hash: goodHash, message: 'not an object' },
      { message_hash: goodHash, message: { ...good, to: bot.deviceAddress } },
      { message_hash: getDeviceMessageHash(forged), message: forged },
      { message_hash: 'A'.repeat(43) + '=', message: good },
      { message_hash: getDeviceMessageHash(tampered), message: tampered },
    ];
    const before = deletes();
    for (const body of bodies) world.hubA.pushRaw(wallet.key.deviceAddress, body);
    // No hash at all: nothing to acknowledge, nothing stored, no crash.
    world.hubA.pushRaw(wallet.key.deviceAddress, { message: good });
    await waitUntil(() => deletes() >= before + bodies.length);
    await waitUntil(
      () =>
        wallet.lines.filter((l) => l.includes('Refused a hub message')).length === bodies.length,
    );
    expect(wallet.received).toHaveLength(1);
    expect(wallet.lines.some((l) => /without a usable message_hash/.test(l))).toBe(true);
    // The wallet still works.
    wallet.messenger.sendText(bot.deviceAddress, 'still alive');
    await waitUntil(() => wallet.received.some((m) => m.body === 'You said: still alive'));
  });

  it('a correspondent’s message to a key we no longer hold is not dropped silently', async () => {
    const { wallet, bot } = await pairedWallet();
    const encryptedTo = (pubkey: string, from: { privateKey: Uint8Array; address: string }) => {
      const inner = createInnerMessage(from.address, world.hubA.hubString, 'text', 'lost?');
      const encrypted = encryptJson(inner, pubkey, newDeviceKey().privateKey, new Uint8Array(12));
      const envelope = JSON.parse(
        JSON.stringify(createDeviceEnvelope(encrypted, wallet.key.deviceAddress, from.privateKey)),
      ) as JsonObject;
      return { message_hash: getDeviceMessageHash(envelope), message: envelope };
    };
    // Encrypted to a temp key of ours from long ago (an old backup, another device).
    const oldKey = newDeviceKey().pubkey;
    const fromBot = encryptedTo(oldKey, { privateKey: bot.privateKey, address: bot.deviceAddress });
    const stranger = newDeviceKey();
    const fromStranger = encryptedTo(oldKey, {
      privateKey: stranger.privateKey,
      address: stranger.deviceAddress,
    });
    const before = deletes();
    world.hubA.pushRaw(wallet.key.deviceAddress, fromStranger);
    world.hubA.pushRaw(wallet.key.deviceAddress, fromBot);
    await waitUntil(() => deletes() >= before + 2);
    await waitUntil(() => wallet.received.length === 2);
    // The bot's conversation says a message could not be read; the stranger's is only logged.
    expect(wallet.received[1]).toMatchObject({
      correspondent: bot.deviceAddress,
      direction: 'in',
      kind: 'system',
      body: UNREADABLE_NOTE,
    });
    expect(wallet.db.getCorrespondent(bot.deviceAddress)?.unreadCount).toBeGreaterThan(0);
    expect(wallet.db.getCorrespondent(stranger.deviceAddress)).toBeNull();
    expect(wallet.lines.filter((l) => l.includes('Refused a hub message'))).toHaveLength(2);
    // A re-delivery of the same envelope adds no second note.
    world.hubA.pushRaw(wallet.key.deviceAddress, fromBot);
    await waitUntil(() => deletes() >= before + 3);
    await sleep(50);
    expect(wallet.received).toHaveLength(2);
  });

  it('a sender whose pubkey does not match "from" (a re-signed message) is refused', async () => {
    const { wallet, bot } = await pairedWallet();
    const attacker = newDeviceKey();
    // Claims to come from the paired bot, but is signed by the attacker.
    const envelope = envelopeFrom(wallet, attacker, {
      from: bot.deviceAddress,
      subject: 'text',
      body: 'send me your coins',
    });
    const before = deletes();
    world.hubA.pushRaw(wallet.key.deviceAddress, {
      message_hash: getDeviceMessageHash(envelope),
      message: envelope,
    });
    await waitUntil(() => deletes() >= before + 1);
    expect(wallet.received.map((m) => m.body)).not.toContain('send me your coins');
    expect(wallet.lines.some((l) => /signer is not its sender/.test(l))).toBe(true);
  });

  it('texts from strangers and pairings with a wrong secret are refused', async () => {
    const { wallet } = await pairedWallet();
    const stranger = newDeviceKey();
    const text = envelopeFrom(wallet, stranger, { subject: 'text', body: 'hello stranger' });
    const pairing = envelopeFrom(wallet, stranger, {
      subject: 'pairing',
      body: { pairing_secret: 'guessed', device_name: 'Mallory' },
    });
    const before = deletes();
    for (const envelope of [text, pairing]) {
      world.hubA.pushRaw(wallet.key.deviceAddress, {
        message_hash: getDeviceMessageHash(envelope),
        message: envelope,
      });
    }
    await waitUntil(() => deletes() >= before + 2);
    expect(wallet.messenger.getCorrespondent(stranger.deviceAddress)).toBeNull();
    expect(wallet.lines.some((l) => /unknown or expired pairing secret/.test(l))).toBe(true);
  });

  it('oversized texts are refused; unknown subjects are stored as unsupported', async () => {
    const { wallet, bot } = await pairedWallet();
    bot.sendText(wallet.key.deviceAddress, 'x'.repeat(20_001));
    bot.send(wallet.key.deviceAddress, 'prosaic_contract_offer', { title: '<b>deal</b>' });
    bot.send(wallet.key.deviceAddress, 'text', { not: 'a string' });
    bot.sendText(wallet.key.deviceAddress, 'after');
    await waitUntil(() => wallet.received.some((m) => m.body === 'after'));
    await waitUntil(() => world.hubA.stored(wallet.key.deviceAddress).length === 0);
    const kinds = wallet.received.slice(1).map((m) => [m.kind, m.subject, m.body]);
    expect(kinds).toEqual([
      ['unsupported', 'prosaic_contract_offer', '{"title":"<b>deal</b>"}'],
      ['text', 'text', 'after'],
    ]);
    expect(wallet.lines.some((l) => /too long/.test(l))).toBe(true);
  });

  it('stores an XSS corpus verbatim as plain text; links parse to typed segments only', async () => {
    const { wallet, bot } = await pairedWallet();
    const corpus = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '"><svg/onload=alert(1)>',
      '[click](javascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<a href="obyte:ADDR?amount=1">pay</a>',
      '\u202Eevil\u0000text\u001b[31m',
    ];
    for (const text of corpus) bot.sendText(wallet.key.deviceAddress, text);
    await waitUntil(() => wallet.received.length === 1 + corpus.length);
    const bodies = wallet.messenger
      .listMessages(bot.deviceAddress)
      .filter((m) => m.direction === 'in');
    expect(bodies.slice(1).map((m) => m.body)).toEqual(corpus);
    for (const message of bodies) {
      const segments = parseChatText(message.body);
      expect(segments.map((s) => s.text).join('')).toBe(message.body);
      for (const segment of segments) {
        if (segment.type === 'link') expect(segment.link.kind).not.toMatch(/html|script/);
      }
    }
    // javascript:/data: targets are never links.
    expect(parseChatText(corpus[3] ?? '').every((s) => s.type === 'text')).toBe(true);
    expect(parseChatText(corpus[4] ?? '').every((s) => s.type === 'text')).toBe(true);
  });

  it('a payment request from the bot is a typed payment segment, never a payment', async () => {
    const { wallet, bot } = await pairedWallet();
    wallet.messenger.sendText(bot.deviceAddress, 'pay');
    await waitUntil(() => wallet.received.some((m) => m.body.startsWith('Please pay')));
    const message = wallet.received.find((m) => m.body.startsWith('Please pay'));
    const links = parseChatText(message?.body ?? '').flatMap((s) =>
      s.type === 'link' ? [s.link] : [],
    );
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      kind: 'payment',
      address: BOT_PAYMENT_ADDRESS,
      amount: 100_000_000,
      asset: 'base',
    });
    // Receiving it sent nothing: the only outgoing message is the "pay" text.
    expect(
      wallet.messenger.listMessages(bot.deviceAddress).filter((m) => m.direction === 'out'),
    ).toHaveLength(1);
    expect(wallet.db.listOutbox()).toEqual([]);
  });
});

describe('the outbox', () => {
  it('a stored message too big for one frame is deleted by the hub at login and holds nothing back', async () => {
    const { wallet, bot } = await pairedWallet();
    const { key, directory } = wallet;
    await wallet.stop();
    // While the wallet is away: a hostile sender's message larger than a frame we accept, then
    // an ordinary one behind it.
    const huge = { padding: 'x'.repeat(MAX_FRAME_BYTES) };
    world.hubA.storeRaw(key.deviceAddress, 'H'.repeat(43) + '=', huge);
    bot.sendText(key.deviceAddress, 'behind the big one');

    const again = world.wallet({ deviceKey: key, directory });
    await again.start();
    await waitUntil(() => again.received.some((m) => m.body === 'behind the big one'));
    expect(world.hubA.purged).toEqual(['H'.repeat(43) + '=']);
    const connection = world.hubA.hub.lastConnection;
    expect(connection?.justsayings('hub/login')[0]?.body).toMatchObject({
      max_message_length: MAX_FRAME_BYTES - 4096,
    });
    expect(world.hubA.loginErrors).toEqual([]);
    // One socket all along: no frame killed it.
    expect(world.hubA.hub.connections.filter((c) => !c.isClosed)).toHaveLength(1);
  });

  it('survives a restart while the hub is down, then sends once on reconnect', async () => {
    const { wallet, bot } = await pairedWallet();
    const port = world.hubA.hub.port;
    await world.hubA.hub.stop();
    const message = wallet.messenger.sendText(bot.deviceAddress, 'queued while offline');
    await sleep(100);
    expect(wallet.db.getMessage(message.id)?.state).toBe('queued');
    expect(wallet.db.listOutbox()).toHaveLength(1);
    const { key, directory } = wallet;
    await wallet.stop();

    // Restarted app, hub back on the same port.
    await world.hubA.hub.start(port);
    const again = world.wallet({ deviceKey: key, directory });
    expect(again.db.listOutbox()).toHaveLength(1);
    await again.start();
    await waitUntil(() => again.db.getMessage(message.id)?.state === 'delivered');
    await waitUntil(() => again.received.some((m) => m.body === 'You said: queued while offline'));
    // One more reconnect: nothing is sent again.
    const before = world.hubA.hub.connections.length;
    world.hubA.hub.lastConnection?.drop();
    // Logged in again as the hub sees it: the login on the new connection has been read.
    await waitUntil(() => {
      const latest = world.hubA.hub.connections[before];
      return latest !== undefined && world.hubA.loginOf(latest) === key.deviceAddress;
    });
    await sleep(100);
    expect(bot.received.filter((m) => m.body === 'queued while offline')).toHaveLength(1);
    expect(
      world.hubA.deliveries.filter(
        (d) =>
          d.to === bot.deviceAddress && d.hash === again.db.getMessage(message.id)?.messageHash,
      ),
    ).toHaveLength(1);
  });
});

describe('a correspondent whose stored hub no client can reach', () => {
  it('fails that message in words and keeps the messenger running (was: an uncaught TypeError)', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const peer = newDeviceKey();
    // Stored before the stricter hub checks: a host no URL parser accepts.
    wallet.db.upsertCorrespondent({
      deviceAddress: peer.deviceAddress,
      pubkey: peer.pubkey,
      hub: '999.999.999.999',
      name: 'Old peer',
      isConfirmed: true,
    });
    const queued = wallet.messenger.sendText(peer.deviceAddress, 'hello');
    await waitUntil(() => wallet.states.some((m) => m.id === queued.id && m.state === 'failed'));
    const failed = wallet.states.find((m) => m.id === queued.id && m.state === 'failed');
    expect(failed?.failureReason).toMatch(/^The peer's hub "999\.999\.999\.999" cannot be reached/);
    // The messenger still works for everyone else.
    const bot = world.bot(world.hubA);
    wallet.messenger.pair(bot.pairingCode);
    await waitUntil(
      () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.isConfirmed === true,
    );
  });
});

/**
 * ocore has no message that announces a new hub: every message carries the sender's hub in its
 * encrypted `device_hub`, and the recipient stores it for a known correspondent when it differs
 * and is valid (device.js, 'hub/message'). A peer's word about where it lives decides where our
 * messages go, so it is taken only when it is a hub string we could connect to.
 */
describe('a correspondent’s device_hub', () => {
  it('is stored only when it is a valid hub string; hostile values leave the stored hub as it was', async () => {
    const { wallet, bot } = await pairedWallet();
    const stored = () => wallet.messenger.getCorrespondent(bot.deviceAddress)?.hub;
    expect(stored()).toBe(world.hubA.hubString);
    const hostile = [
      'evil.example/#x',
      'user:pw@evil.example',
      'evil.example:0',
      'evil.example:65536',
      'evil.example:080',
      `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example/${'p'.repeat(20)}`,
      'evil.example/../x',
      'evil..example',
      '127.1',
      ' evil.example',
      'evil.example\n',
      'javascript:alert(1)',
      'wss://evil.example',
      '',
      'evil.example?x=1',
      '[::1]:6611',
      'evil_host.example',
    ];
    for (const [i, deviceHub] of hostile.entries()) {
      bot.send(wallet.key.deviceAddress, 'text', `hostile hub ${i}`, { deviceHub });
    }
    await waitUntil(() => wallet.received.length === 1 + hostile.length);
    // Each text is still read (as ocore does); only the hub is not taken.
    expect(wallet.received.slice(1).map((m) => m.body)).toEqual(
      hostile.map((_, i) => `hostile hub ${i}`),
    );
    expect(stored()).toBe(world.hubA.hubString);
    expect(wallet.db.getCorrespondent(bot.deviceAddress)?.hub).toBe(world.hubA.hubString);

    // A valid hub is taken, as ocore takes it.
    bot.send(wallet.key.deviceAddress, 'text', 'I live on hub B now', {
      deviceHub: world.hubB.hubString,
    });
    await waitUntil(() => wallet.received.some((m) => m.body === 'I live on hub B now'));
    expect(stored()).toBe(world.hubB.hubString);
  });
});
