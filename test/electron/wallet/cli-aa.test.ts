/**
 * The CLI's autonomous-agent and message commands against the loopback hub with an echo AA (the
 * devnet's: bounce fee 10000 bytes, returns the amount minus 2000, echoes data.echo): aa info,
 * aa state, aa dry-run; send --data shows the dry run, sends, and prints the AA's response once
 * its unit is proven; a bouncing payment needs --accept-bounce; sign-message and verify-message
 * round-trip, and a changed message does not verify.
 */
import { describe, expect, it } from 'vitest';
import { cliOnHub } from '../../support/cli-on-hub';
import type { GenericMessage } from '../../../shared/protocol/unit-types';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../../../shared/protocol/bytes';
import {
  ECHO_AA,
  TEST_MNEMONIC,
  WalletScenario,
  walletAddressesOf,
} from '../../support/test-hub/wallet-scenarios';

const FUNDED = walletAddressesOf(TEST_MNEMONIC, 0, false, 2);
const PASSWORD = 'a long enough password 1';

const scenario = new WalletScenario({
  payments: FUNDED.map((address) => ({ address, amount: 300_000_000 })),
});
const aa = scenario.addAa(ECHO_AA);
scenario.respondToTriggers = true;
const { cli } = cliOnHub({
  folder: 'obyte-cli-aa-',
  password: PASSWORD,
  setUp: (hub) => scenario.install(hub),
  restore: true,
});

describe('obyte-light aa, send --data, sign-message, verify-message', () => {
  it('aa info and aa dry-run say what the AA is and would do, as the hub’s word', async () => {
    const info = await cli(['aa', 'info', aa]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(`Autonomous agent ${aa}`);
    expect(info.stdout).toContain('Bounce fees: 0.00001 GBYTE');
    const dry = await cli([
      'aa',
      'dry-run',
      aa,
      '--amount',
      '20000',
      '--unit',
      'bytes',
      '--data',
      '{"echo":"hi"}',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run by the hub (its word');
    expect(dry.stdout).toMatch(/sends 18000 bytes to you/);
    expect(dry.stdout).toContain('Response echo = "hi"');
    const notAa = await cli(['aa', 'dry-run', FUNDED[0] ?? '', '--amount', '1']);
    expect(notAa.code).toBe(1);
    expect(notAa.stderr).toMatch(/is not an autonomous agent/);
    const usage = await cli(['aa', 'dry-run', aa]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --amount/);
  }, 120_000);

  it('send --data previews the dry run, sends, and prints the response once proven', async () => {
    const result = await cli([
      'send',
      '--to',
      aa,
      '--amount',
      '20000',
      '--unit',
      'bytes',
      '--data',
      '{"echo":"from the cli"}',
      '--yes',
    ]);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Data sent with the payment:');
    expect(result.stdout).toContain('echo: "from the cli"');
    expect(result.stdout).toContain(`This pays the autonomous agent ${aa}.`);
    expect(result.stdout).toMatch(/bounce fee is 10000 bytes/);
    expect(result.stdout).toContain('Response echo = "from the cli"');
    expect(result.stdout).toMatch(/The AA responded to .+:/);
    expect(result.stdout).toContain('The response unit is stable and proven');
    const posted = scenario.posted.at(-1);
    const data = posted?.messages.find((m) => m.app === 'data') as GenericMessage | undefined;
    expect(data?.payload).toEqual({ echo: 'from the cli' });
    const state = await cli(['aa', 'state', aa, '--prefix', 'last']);
    expect(state.stdout).toContain('last_echo = "from the cli"');
  }, 180_000);

  it('a payment that would bounce is not sent without --accept-bounce', async () => {
    const before = scenario.posted.length;
    const result = await cli(['send', '--to', aa, '--amount', '5000', '--unit', 'bytes', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^WARNING: This payment would bounce/);
    expect(result.stderr).toContain('add --accept-bounce');
    expect(scenario.posted).toHaveLength(before);
    const bad = await cli([
      'send',
      '--to',
      aa,
      '--amount',
      '5000',
      '--unit',
      'bytes',
      '--data',
      '[1]',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a list/);
  }, 120_000);

  it('sign-message and verify-message round-trip; a changed message does not verify', async () => {
    const signer = FUNDED[0] ?? '';
    const signed = await cli(['--json', 'sign-message', '--address', signer, 'I own this address']);
    expect(signed.code).toBe(0);
    const { base64 } = JSON.parse(signed.stdout) as { base64: string };
    const verified = await cli(['verify-message', base64]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`VALID: signed by ${signer}.`);
    expect(verified.stdout).toContain('I own this address');
    const pkg = JSON.parse(fromUtf8(fromBase64(base64))) as { signed_message: string };
    pkg.signed_message = 'I own this address, and yours';
    const forged = await cli(['verify-message', toBase64(utf8(JSON.stringify(pkg)))]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/NOT VALID/);
    const notMine = await cli(['sign-message', '--address', aa, 'x']);
    expect(notMine.code).toBe(1);
    expect(notMine.stderr).toMatch(/not an address of this wallet/);
  }, 120_000);
});
