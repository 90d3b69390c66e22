import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  botsCommand,
  chatListCommand,
  chatReadCommand,
  chatSendCommand,
  formatMessageBody,
  pairCommand,
  pairingCodeCommand,
  terminalSafe,
} from '../../../electron/main/services/chat/cli-commands';
import { parsePairingCode } from '../../../shared/protocol/pairing';
import { BOT_PAYMENT_ADDRESS } from '../../support/test-hub/test-bot';
import { createWorld, waitUntil, type World } from './helpers';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('chat CLI commands', () => {
  it('pairing-code, pair, bots, chat list/send/read --follow', async () => {
    const wallet = world.wallet();
    await wallet.start();
    const bot = world.bot(world.hubA);
    world.hubA.bots = [{ id: 1, name: 'Echo', pairing_code: bot.pairingCode, description: 'x' }];
    const out: string[] = [];
    const write = (line: string): void => {
      out.push(line);
    };

    const code = pairingCodeCommand(wallet.messenger, write);
    expect(parsePairingCode(code).device_address).toBe(wallet.key.deviceAddress);

    expect(await pairCommand(wallet.messenger, bot.pairingCode, write, { waitMs: 3_000 })).toBe(
      true,
    );
    expect(out.at(-1)).toBe(`Paired with Echo Bot (${bot.deviceAddress}).`);

    await botsCommand(wallet.messenger, write);
    expect(out.at(-2)).toMatch(/^\* Echo {2}/);

    const sent = await chatSendCommand(wallet.messenger, bot.deviceAddress, 'pay', write, {
      waitMs: 3_000,
    });
    expect(sent.state).toBe('delivered');
    await waitUntil(() => wallet.received.some((m) => m.body.startsWith('Please pay')));

    out.length = 0;
    chatListCommand(wallet.messenger, write);
    expect(out[0]).toMatch(new RegExp(`^${bot.deviceAddress} {2}Echo Bot \\(2 unread\\)$`));

    out.length = 0;
    const controller = new AbortController();
    const reading = chatReadCommand(wallet.messenger, bot.deviceAddress, write, {
      follow: true,
      signal: controller.signal,
    });
    expect(
      out.some((l) =>
        l.includes(
          `[payment request: 100000000 bytes to ${BOT_PAYMENT_ADDRESS}; pay it in the app]`,
        ),
      ),
    ).toBe(true);
    expect(wallet.messenger.getCorrespondent(bot.deviceAddress)?.unreadCount).toBe(0);
    bot.sendText(wallet.key.deviceAddress, 'later \u001b[2J');
    await waitUntil(() => out.some((l) => l.includes('later')));
    expect(out.find((l) => l.includes('later'))).toContain('later \uFFFD[2J');
    controller.abort();
    await reading;
  });

  it('makes peer text terminal-safe', () => {
    expect(terminalSafe('a\u001b]0;pwned\u0007b\u202Ec')).toBe('a\uFFFD]0;pwned\uFFFDb\uFFFDc');
    expect(formatMessageBody('<script>x</script>')).toBe('<script>x</script>');
  });
});
