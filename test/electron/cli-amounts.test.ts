/**
 * The CLI's printed amounts follow --unit: a payment preview's recipients, change, fees and total
 * leaving, and the accounts list. An asset keeps its own decimals and name whatever the unit.
 * (The textcoin and restore lines are checked through the built CLI in cli-wallet.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { AccountsView, PaymentPreviewView } from '../../shared/ipc';
import { accountsText } from '../../electron/cli-accounts';
import { previewText } from '../../electron/cli-wallet';

const TO = 'BVVJ2K7ENPZZ3VYZFWQWK7ISPCATFIW3';
const CHANGE = 'GFK3RDAPQLLNCMQEVGGD2KCPZTLSG3HN';
const ASSET = 'oXmtd2ZEbJL2xvwt8FUs5S/Ju7/BLsDBsOWz+WImf0A=';

const preview: PaymentPreviewView = {
  previewId: 'p1',
  expiresAt: 1_800_000_000_000,
  recipients: [
    { address: TO, amount: 123_456_789, asset: 'base', assetName: null, decimals: 9 },
    { address: TO, amount: 1_500, asset: ASSET, assetName: 'TICKETS', decimals: 2 },
  ],
  change: [{ address: CHANGE, amount: 876_000_000, asset: 'base', assetName: null, decimals: 9 }],
  fees: { headers: 391, payload: 197, tps: 10, oversize: 0, burn: 0, total: 598 },
  totalLeaving: [
    { amount: 123_457_387, asset: 'base', assetName: null, decimals: 9 },
    { amount: 1_500, asset: ASSET, assetName: 'TICKETS', decimals: 2 },
  ],
  inputCount: 1,
  coinsFromHub: false,
};

describe('CLI amounts follow --unit', () => {
  it('a preview in bytes: recipient, change, fees and total leaving, the asset in its decimals', () => {
    const text = previewText(preview, 'bytes');
    expect(text).toContain(`  to ${TO}  123456789 bytes\n`);
    expect(text).toContain(`  to ${TO}  15 TICKETS\n`);
    expect(text).toContain(`  change back to ${CHANGE}  876000000 bytes\n`);
    expect(text).toContain('  all fees      598 bytes\n');
    expect(text).toContain('  total leaving the wallet: 123457387 bytes\n');
    expect(text).toContain('  total leaving the wallet: 15 TICKETS');
    expect(text).not.toContain('GBYTE');
  });

  it('a preview in MB and in KB', () => {
    const mb = previewText(preview, 'MB');
    expect(mb).toContain(`  to ${TO}  123.456789 MB\n`);
    expect(mb).toContain(`  change back to ${CHANGE}  876 MB\n`);
    expect(mb).toContain('  total leaving the wallet: 123.457387 MB\n');
    expect(mb).not.toContain('GBYTE');
    const kb = previewText(preview, 'KB');
    expect(kb).toContain(`  to ${TO}  123456.789 KB\n`);
    expect(kb).toContain(`  change back to ${CHANGE}  876000 KB\n`);
    expect(kb).toContain('  headers fee   0.391 KB\n');
    expect(kb).not.toContain('GBYTE');
  });

  it('without --unit a preview stays in GBYTE', () => {
    const text = previewText(preview);
    expect(text).toContain(`  to ${TO}  0.123456789 GBYTE\n`);
    expect(text).toContain(`  change back to ${CHANGE}  0.876 GBYTE\n`);
  });

  it('a preview whose bytes leaving are mostly a TPS fee says the network is busy', () => {
    // An AA trigger of 20,000 bytes while the hub's TPS fee is 30,000: 50,818 leave.
    const busy = (tps: number): PaymentPreviewView => ({
      ...preview,
      recipients: [{ address: TO, amount: 20_000, asset: 'base', assetName: null, decimals: 9 }],
      fees: { headers: 408, payload: 410, tps, oversize: 0, burn: 0, total: 818 + tps },
      totalLeaving: [{ amount: 20_818 + tps, asset: 'base', assetName: null, decimals: 9 }],
    });
    const note =
      "  Most of the bytes leaving the wallet are the network's TPS fee, which is high right now because the network is busy; it usually falls within a minute, so waiting costs less.\n";
    expect(previewText(busy(30_000), 'bytes')).toContain(`  all fees      30818 bytes\n${note}`);
    // Half of what leaves is enough (20,818 + 20,818 = 41,636); a byte less is not.
    expect(previewText(busy(20_818), 'bytes')).toContain(note);
    expect(previewText(busy(20_817), 'bytes')).not.toContain('TPS fee,');
    expect(previewText(preview, 'bytes')).not.toContain('TPS fee,');
  });

  it('the accounts list shows each account’s bytes in the unit', () => {
    const view: AccountsView = {
      current: 1,
      createProblem: null,
      accounts: [
        {
          account: 0,
          name: 'Main',
          colour: 'teal',
          hidden: false,
          used: true,
          bytes: { stable: 600_000_000, pending: 2_500 },
        },
        {
          account: 1,
          name: 'Savings',
          colour: 'blue',
          hidden: true,
          used: false,
          bytes: { stable: 0, pending: 0 },
        },
      ],
    };
    expect(accountsText(view, 'MB').split('\n')).toEqual([
      `   0  ${'Main'.padEnd(24)} 600.0025 MB`,
      `*  1  ${'Savings'.padEnd(24)} 0 MB  (hidden)`,
    ]);
    expect(accountsText(view, 'GBYTE')).toContain('0.6000025 GBYTE');
  });
});
