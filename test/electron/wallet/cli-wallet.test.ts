/**
 * The wallet commands of the CLI against the loopback test hub's funded wallet: restore (phrase
 * on standard input, password from the environment), address, and send — which prints the
 * preview and posts nothing without --yes, then posts exactly one unit with --yes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOnHub } from '../../support/cli-on-hub';
import {
  TEST_MNEMONIC,
  WalletScenario,
  walletAddressesOf,
} from '../../support/test-hub/wallet-scenarios';

const FUNDED = walletAddressesOf(TEST_MNEMONIC, 0, false, 2);
const [RECIPIENT = ''] = walletAddressesOf(
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
  0,
  false,
  1,
);
const PASSWORD = 'a long enough password';

const scenario = new WalletScenario({
  payments: FUNDED.map((address) => ({ address, amount: 300_000_000 })),
});
const { hub, cli } = cliOnHub({
  folder: 'obyte-cli-wallet-',
  password: PASSWORD,
  setUp: (hub) => scenario.install(hub),
});

describe('obyte-light wallet commands', () => {
  it('restore reads the phrase from stdin and finds the used addresses', async () => {
    const result = await cli(['restore'], `${TEST_MNEMONIC}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The balance is printed once discovery has verified it, before the file is encrypted.
    expect(result.stdout).toMatch(
      /Checked \d+ addresses, 2 used, \d+ units? verified \(\d round trips?\)\.\nBalance: 0\.6 GBYTE stable, 0 GBYTE pending\.\nWallet restored and encrypted with your password\./,
    );
    expect(result.stdout).not.toContain('abandon');
  }, 60_000);

  it('address prints the next unused receiving address', async () => {
    const result = await cli(['address']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(walletAddressesOf(TEST_MNEMONIC, 0, false, 3)[2]);
  }, 60_000);

  it('send prints the preview and posts nothing without --yes', async () => {
    const result = await cli(['send', '--to', RECIPIENT, '--amount', '0.1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Payment preview (nothing is sent yet):');
    expect(result.stdout).toMatch(/headers fee +0\.\d+ GBYTE/);
    expect(result.stdout).toMatch(/TPS fee/);
    expect(result.stdout).toContain(`to ${RECIPIENT}  0.1 GBYTE`);
    // The settings' rule (ocore's default, own change) is named in the preview.
    expect(result.stdout).toContain(
      'Coins: confirmed coins and my own change; every coin spent is stable.',
    );
    expect(result.stderr).toContain('Not sent: add --yes');
    expect(scenario.posted).toHaveLength(0);
  }, 60_000);

  it('send --unit bytes: the amount is a whole number of bytes (same payment as 0.1 GBYTE)', async () => {
    const result = await cli([
      'send',
      '--to',
      RECIPIENT,
      '--amount',
      '100000000',
      '--unit',
      'bytes',
      '--spend-unconfirmed',
      'none',
    ]);
    expect(result.code).toBe(1);
    // The recipient, the change and the total leaving are in the chosen unit, like the fees.
    expect(result.stdout).toContain(`to ${RECIPIENT}  100000000 bytes\n`);
    expect(result.stdout).toMatch(/change back to [A-Z2-7]{32} {2}[1-9]\d* bytes\n/);
    expect(result.stdout).toMatch(/total leaving the wallet: 1000\d{5} bytes(\n|$)/);
    expect(result.stdout).not.toContain('GBYTE');
    expect(result.stdout).toContain('Coins: confirmed coins only; every coin spent is stable.');
    // The fee lines are in the chosen unit too.
    expect(result.stdout).toMatch(/headers fee +[1-9]\d* bytes\n/);
    expect(result.stdout).toMatch(/payload fee +[1-9]\d* bytes\n/);
    expect(result.stdout).toMatch(/TPS fee +\d+ bytes\n/);
    expect(result.stdout).toMatch(/all fees +[1-9]\d* bytes\n/);
    expect(result.stdout).not.toMatch(/fees? +[\d.]+ GBYTE/);
    expect(scenario.posted).toHaveLength(0);
  }, 60_000);

  it('textcoin send --unit KB: the claim fee line and the fee lines are in KB', async () => {
    const result = await cli(['textcoin', 'send', '--amount', '100', '--unit', 'KB']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /claim fee added +[\d.]+ KB \+ TPS allowance +[\d.]+ KB = [\d.]+ KB\n/,
    );
    expect(result.stdout).toMatch(/headers fee +[\d.]+ KB\n/);
    // The textcoin's amount, its recipient line and the change too: no GBYTE anywhere.
    expect(result.stdout).toContain('Textcoin of 100 KB (nothing is sent yet).');
    expect(result.stdout).toContain('(the recipient gets 100 KB; the added bytes pay');
    // The test hub sends no system_vars: the least allowance uses the initial values, said so.
    expect(result.stdout).toContain(
      "(the hub has not sent the network's fee variables yet: the least TPS allowance, 0.344 KB, uses their initial values)",
    );
    expect(result.stdout).toMatch(/change back to [A-Z2-7]{32} {2}[\d.]+ KB\n/);
    expect(result.stdout).not.toContain('GBYTE');
    expect(scenario.posted).toHaveLength(0);
  }, 60_000);

  it('accounts --unit MB: the account’s bytes in MB', async () => {
    const result = await cli(['accounts', '--unit', 'MB']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\* +0 +.+ 600 MB$/m);
    expect(result.stdout).not.toContain('GBYTE');
  }, 60_000);

  it('a bad --amount or --unit is refused before anything connects, saying what the unit is', async () => {
    const connectionsBefore = hub.connections.length;
    const tooFine = await cli(['send', '--to', RECIPIENT, '--amount', '0.0000000001']);
    expect(tooFine.code).toBe(1);
    expect(tooFine.stdout).toBe('');
    expect(tooFine.stderr).toContain('--amount "0.0000000001" is not an amount of GBYTE');
    expect(tooFine.stderr).toContain('--amount is a decimal number in GBYTE');
    expect(tooFine.stderr).toContain('--unit GBYTE|MB|KB|bytes');

    const fraction = await cli(['send', '--to', RECIPIENT, '--amount', '1.5', '--unit', 'bytes']);
    expect(fraction.code).toBe(1);
    expect(fraction.stderr).toMatch(/not an amount of bytes: This unit has no decimals/);

    const unit = await cli(['send', '--to', RECIPIENT, '--amount', '1', '--unit', 'tonnes']);
    expect(unit.code).toBe(2);
    expect(unit.stderr).toContain('The unit (--unit) is GBYTE, MB, KB or bytes.');

    const rule = await cli([
      'send',
      '--to',
      RECIPIENT,
      '--amount',
      '1',
      '--spend-unconfirmed',
      'x',
    ]);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('(--spend-unconfirmed) is none, own or all.');

    const withAsset = await cli([
      'send',
      '--to',
      RECIPIENT,
      '--amount',
      '1',
      '--unit',
      'KB',
      '--asset',
      'x'.repeat(43) + '=',
    ]);
    expect(withAsset.code).toBe(2);
    expect(withAsset.stderr).toContain('(--unit) is for bytes only');
    expect(scenario.posted).toHaveLength(0);
    expect(hub.connections.length).toBe(connectionsBefore);
  }, 60_000);

  it('send --yes signs and posts exactly one unit', async () => {
    const result = await cli(['send', '--to', RECIPIENT, '--amount', '0.1', '--yes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Sent: unit [A-Za-z0-9+/]{43}=/);
    expect(scenario.posted).toHaveLength(1);
    expect(JSON.stringify(scenario.posted[0]?.messages)).toContain(RECIPIENT);
  }, 60_000);

  it('textcoin send --yes then textcoin list --unit bytes: the textcoin’s amount in bytes', async () => {
    const sent = await cli(['textcoin', 'send', '--amount', '0.002', '--unit', 'MB', '--yes']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Textcoin of 0.002 MB (nothing is sent yet).');
    expect(scenario.posted).toHaveLength(2);
    const list = await cli(['textcoin', 'list', '--unit', 'bytes']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ [A-Z2-7]{32} {2}2000 bytes +\S+/);
    expect(list.stdout).not.toContain('GBYTE');
  }, 60_000);

  it('restore --unit MB prints the balance it found in MB', async () => {
    const other = mkdtempSync(join(tmpdir(), 'obyte-cli-wallet-mb-'));
    try {
      const result = await cli(
        ['--data-dir', other, 'restore', '--unit', 'MB'],
        `${TEST_MNEMONIC}\n`,
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/\nBalance: \d+(\.\d+)? MB stable, \d+(\.\d+)? MB pending\.\n/);
      expect(result.stdout).not.toContain('GBYTE');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);
});
