/**
 * The chat commands of the CLI against the loopback test hub with its device side and the test
 * bot: the wallet (restored by the CLI) unlocks with OBYTE_LIGHT_PASSWORD, logs in to the hub and
 * runs bots, pair, chat list, chat send, chat read, pairing-code.
 */
import { describe, expect, it } from 'vitest';
import { cliOnHub } from '../../support/cli-on-hub';
import { DeviceHub } from '../../support/test-hub/device-hub';
import { TestBot } from '../../support/test-hub/test-bot';
import { WalletScenario } from '../../support/test-hub/wallet-scenarios';

const PASSWORD = 'a long enough password';

let bot: TestBot;
const { cli } = cliOnHub({
  folder: 'obyte-cli-chat-',
  password: PASSWORD,
  setUp: (hub) => new WalletScenario({ payments: [] }).install(hub),
  started: (hub) => {
    const device = new DeviceHub(hub);
    bot = new TestBot(device, new Map([[device.hubString, device]]), { name: 'Echo Bot' });
    device.bots = [{ id: 1, name: 'Echo Bot', pairing_code: bot.pairingCode, description: 'x' }];
  },
  restore: true,
});

describe('obyte-light chat commands', () => {
  it('refuses without the password and checks its arguments', async () => {
    const locked = await cli(['chat', 'list'], '', { OBYTE_LIGHT_PASSWORD: '' });
    expect(locked.code).not.toBe(0);
    expect(locked.stderr).toMatch(/OBYTE_LIGHT_PASSWORD|password/);
    const usage = await cli(['chat', 'send', '0ABC']);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain('chat send DEVICE_ADDRESS TEXT');
  }, 60_000);

  it('bots, pair, send, list, read and our pairing code', async () => {
    const bots = await cli(['bots']);
    expect(bots.code).toBe(0);
    expect(bots.stdout).toContain('Echo Bot');

    const paired = await cli(['pair', bot.pairingCode]);
    expect(paired.code).toBe(0);

    const sent = await cli(['chat', 'send', bot.deviceAddress, 'hello from the terminal']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^Delivered \(#\d+\)\.$/m);
    await bot.waitFor(() => bot.received.some((m) => m.body === 'hello from the terminal'));

    const list = await cli(['chat', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(bot.deviceAddress);

    const read = await cli(['chat', 'read', bot.deviceAddress]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('hello from the terminal');

    const code = await cli(['pairing-code']);
    expect(code.code).toBe(0);
    expect(code.stdout.trim()).toMatch(/^[A-Za-z0-9+/]{44}@127\.0\.0\.1:\d+#.+$/);
    // Seven CLI processes (the built bundle), each unlocking with the real scrypt cost: several
    // times longer while the rest of the suite runs beside it than on an idle machine.
  }, 300_000);
});
