/**
 * Commands that do not chat do not start chat: restore, balance, history, address and send
 * (preview) against the loopback test hub (which sends its `hub/challenge` on connect, so a
 * chat start would log in) make no `hub/login` and create no chat database in the network's
 * folder. The chat commands themselves still log in (cli-chat.test.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOnHub } from '../../support/cli-on-hub';
import { DeviceHub } from '../../support/test-hub/device-hub';
import {
  TEST_MNEMONIC,
  WalletScenario,
  walletAddressesOf,
} from '../../support/test-hub/wallet-scenarios';

const FUNDED = walletAddressesOf(TEST_MNEMONIC, 0, false, 1);
const PASSWORD = 'a long enough password';

/** Every justsaying subject the hub received, in order. */
const subjects: string[] = [];
const on = cliOnHub({
  folder: 'obyte-cli-no-chat-',
  password: PASSWORD,
  setUp: (hub) => {
    new WalletScenario({
      payments: FUNDED.map((address) => ({ address, amount: 300_000_000 })),
    }).install(hub);
    // The device side answers logins, as a real hub does: a chat start would log in here.
    new DeviceHub(hub);
    hub.onJustsaying((_connection, subject) => subjects.push(subject));
  },
});
const { cli } = on;

/** The chat databases in the devnet folder (chat-<device address>.sqlite and its journals). */
function chatFiles(): string[] {
  return readdirSync(join(on.dir, 'devnet')).filter((name) => name.startsWith('chat-'));
}

describe('obyte-light commands that do not chat', () => {
  it('restore, balance, history, address and a send preview never log in to chat', async () => {
    const restored = await cli(['restore'], `${TEST_MNEMONIC}\n`);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Wallet restored and encrypted with your password.');

    const balance = await cli(['balance', '--unit', 'bytes']);
    expect(balance.code).toBe(0);
    expect(balance.stdout).toContain('300000000');

    const history = await cli(['history']);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/\+0\.3 GBYTE/);

    const address = await cli(['address']);
    expect(address.code).toBe(0);

    const send = await cli(['send', '--to', FUNDED[0] ?? '', '--amount', '0.1']);
    expect(send.stdout).toContain('Payment preview (nothing is sent yet):');

    // The hub heard from the wallet (its version at least), but never a chat login.
    expect(subjects).toContain('version');
    expect(subjects).not.toContain('hub/login');
    expect(chatFiles()).toEqual([]);
  }, 120_000);
});
