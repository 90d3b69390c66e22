/**
 * The wallet state classes against a fake API: the mnemonic is gone from the page once the
 * create/restore flow or the backup view closes; a payment link only fills the Send form; the
 * Send form previews before it sends, and sends only the preview main holds.
 */
import { describe, expect, it } from 'vitest';
import { OnboardingFlow, progressWords } from '../../renderer/lib/state/onboarding.svelte';
import { SendForm, addressProblem, amountProblem } from '../../renderer/lib/state/send.svelte';
import { WalletSettingsForm } from '../../renderer/lib/state/wallet-settings.svelte';
import { WalletState } from '../../renderer/lib/state/wallet.svelte';
import { LedgerState } from '../../renderer/lib/state/ledger.svelte';
import type { PaymentLink } from '../../renderer/lib/state/deep-link';
import type { IpcReply, PaymentPreviewView, WalletStatus } from '../../shared/ipc';
import { fakeApi, LOCKED_WALLET, TEST_WORDS } from './fake-api';

/** A real address (m/44'/0'/0'/0/0 of the test phrase) and the same with one letter changed. */
const ADDRESS = 'QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD';
const TYPO = 'QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDE';

function secretsOf(flow: OnboardingFlow): unknown[] {
  return [flow.draft, flow.phrase, flow.passphrase, flow.password, flow.passwordAgain, flow.words];
}

describe('OnboardingFlow', () => {
  it('shows the words once, checks them in main, and clears them when closed', async () => {
    const fake = fakeApi();
    const flow = new OnboardingFlow(fake.api, () => undefined);
    await flow.startCreate();
    expect(flow.step).toBe('show-words');
    expect(flow.words).toHaveLength(12);
    flow.wordsWritten();
    flow.answers = { 2: 'abandon', 5: 'abandon', 11: 'abandon' };
    await flow.checkWords();
    expect(flow.step).toBe('protect');
    expect(fake.calls.at(-1)?.[0]).toBe('wallet.confirmBackup');
    flow.close();
    expect(secretsOf(flow)).toEqual([null, '', '', '', '', []]);
    expect(flow.answers).toEqual({});
  });

  it('says which words do not match', async () => {
    const fake = fakeApi({
      'wallet.confirmBackup': () => ({
        ok: true,
        value: { confirmed: false, wrongPositions: [5], wallet: null },
      }),
    });
    const flow = new OnboardingFlow(fake.api, () => undefined);
    await flow.startCreate();
    flow.wordsWritten();
    flow.answers = { 2: 'abandon', 5: 'zoo', 11: 'abandon' };
    await flow.checkWords();
    expect(flow.step).toBe('confirm-words');
    expect(flow.error).toMatch(/^Word 5 does not match/);
  });

  it('writes the wallet with the password and forgets the phrase after', async () => {
    let received: WalletStatus | null = null;
    const fake = fakeApi({
      'wallet.confirmBackup': (params) => ({
        ok: true,
        value: {
          confirmed: true,
          wrongPositions: [],
          wallet:
            (params as { protection?: unknown }).protection === undefined
              ? null
              : { ...LOCKED_WALLET, state: 'unlocked' },
        },
      }),
    });
    const flow = new OnboardingFlow(fake.api, (state) => (received = state));
    await flow.startCreate();
    flow.wordsWritten();
    flow.answers = { 2: 'abandon', 5: 'abandon', 11: 'abandon' };
    await flow.checkWords();
    flow.password = 'short';
    flow.passwordAgain = 'short';
    await flow.finish();
    expect(flow.error).toMatch(/needs at least 10 \(a few words you can remember are best\)/);
    flow.password = 'a long password';
    flow.passwordAgain = 'a long password';
    await flow.finish();
    expect(flow.step).toBe('done');
    expect(received).not.toBeNull();
    expect(secretsOf(flow)).toEqual([null, '', '', '', '', []]);
    const sent = fake.calls.at(-1)?.[1] as { protection: { mode: string } };
    expect(sent.protection).toEqual({ mode: 'password', password: 'a long password' });
  });

  it('restore: counts the words, then shows progress with numbers and clears the phrase', async () => {
    const fake = fakeApi({
      'wallet.restoreFromMnemonic': () => {
        fake.emit('restoreProgress', {
          round: 1,
          addressesChecked: 40,
          addressesToCheck: 80,
          unitsVerified: 320,
          usedAddresses: 12,
        });
        return {
          ok: true,
          value: {
            wallet: { ...LOCKED_WALLET, state: 'unlocked' },
            discovery: {
              addressesChecked: 80,
              usedAddresses: 12,
              unitsVerified: 320,
              roundTrips: 2,
            },
            problem: null,
          },
        };
      },
    });
    const flow = new OnboardingFlow(fake.api, () => undefined);
    flow.subscribe();
    flow.startRestore();
    flow.phrase = 'abandon abandon';
    flow.restoreWordsEntered();
    expect(flow.error).toMatch(/12, 15, 18, 21 or 24 words; this one has 2/);
    // A bad phrase is refused on the phrase step, before any password.
    flow.phrase = TEST_WORDS.replace('about', 'abandon');
    flow.restoreWordsEntered();
    expect(flow.step).toBe('restore-words');
    expect(flow.error).toMatch(/checksum does not match/);
    flow.phrase = TEST_WORDS;
    flow.restoreWordsEntered();
    expect(flow.step).toBe('protect');
    flow.password = 'a long password';
    flow.passwordAgain = 'a long password';
    await flow.finish();
    expect(flow.progress?.usedAddresses).toBe(12);
    expect(progressWords(flow.progress)).toBe(
      'Checked 40 of 80 addresses, 12 used, 320 units verified',
    );
    expect(flow.summary).toBe('Restored. Checked 80 addresses, 12 used, 320 units verified.');
    expect(secretsOf(flow)).toEqual([null, '', '', '', '', []]);
  });
});

describe('WalletSettingsForm', () => {
  it('forgets the revealed phrase when hidden and when the screen closes', async () => {
    const fake = fakeApi();
    const form = new WalletSettingsForm(fake.api, () => undefined);
    await form.reveal('password');
    expect(form.revealError).toMatch(/Enter the wallet password/);
    form.revealPassword = 'a long password';
    await form.reveal('password');
    expect(form.revealed?.mnemonic).toBe(TEST_WORDS);
    expect(form.revealPassword).toBe('');
    form.hidePhrase();
    expect(form.revealed).toBeNull();
    form.revealPassword = 'a long password';
    await form.reveal('password');
    form.close();
    expect(form.revealed).toBeNull();
  });
});

describe('WalletState', () => {
  it('shows the wrong-password sentence and when the next try is allowed', async () => {
    const fake = fakeApi({
      'wallet.getState': () => ({ ok: true, value: { ...LOCKED_WALLET, retryAfterMs: 2000 } }),
      'wallet.unlock': () => ({
        ok: false,
        error: {
          code: 'rejected',
          message: 'That password does not open this wallet. Try again in 2 s.',
        },
      }),
    });
    const wallet = new WalletState(fake.api, () => 1_000);
    await wallet.load();
    expect(wallet.phase).toBe('locked');
    // A delay still running when the page opens (main keeps it across restarts) counts down.
    expect(wallet.retryAt).toBe(3_000);
    wallet.password = 'wrong';
    expect(await wallet.unlock()).toBe(false);
    expect(wallet.unlockError).toBe('That password does not open this wallet. Try again in 2 s.');
    expect(wallet.retryAt).toBe(3_000);
    expect(wallet.password).toBe('');
  });

  it('follows walletStateChanged (auto-lock)', async () => {
    const fake = fakeApi();
    const wallet = new WalletState(fake.api);
    wallet.subscribe();
    fake.emit('walletStateChanged', LOCKED_WALLET);
    expect(wallet.phase).toBe('locked');
  });
});

describe('SendForm', () => {
  const PREVIEW: PaymentPreviewView = {
    previewId: 'p1',
    expiresAt: 0,
    recipients: [{ address: ADDRESS, amount: 1e9, asset: 'base', assetName: 'GBYTE', decimals: 9 }],
    change: [],
    fees: { headers: 391, payload: 197, tps: 0, oversize: 0, burn: 0, total: 588 },
    totalLeaving: [{ asset: 'base', amount: 1_000_000_588, assetName: 'GBYTE', decimals: 9 }],
    inputCount: 1,
    coinsFromHub: false,
  };

  it('checks addresses and amounts as typed', () => {
    expect(addressProblem('')).toBeNull();
    expect(addressProblem(ADDRESS)).toBeNull();
    expect(addressProblem(TYPO)).toMatch(/checksum/);
    expect(addressProblem('abc')).toMatch(/32 characters/);
    expect(amountProblem('1.5', 9)).toBeNull();
    expect(amountProblem('1.5', 0)).toMatch(/no decimals/);
    expect(amountProblem('0', 9)).toMatch(/greater than zero/);
    expect(amountProblem('-1', 9)).toMatch(/Enter a number/);
    // Past the cap and past 2^53 (9007199254740993 bytes): refused at the field, in words.
    expect(amountProblem('9000000', 9)).toBeNull();
    expect(amountProblem('9000000.000000001', 9)).toBe(
      'This is more than the network allows in one payment: at most 9000000 in this unit.',
    );
    expect(amountProblem('9007199.254740993', 9)).toMatch(/^This is more than the network allows/);
    expect(amountProblem('9007199254740993', 0)).toMatch(
      /at most 9000000000000000 in this unit\.$/,
    );
  });

  it('a payment link only fills the form; sending needs a preview and a confirm', async () => {
    const fake = fakeApi({
      'payments.preview': () => ({ ok: true, value: PREVIEW }),
      'payments.send': () => ({
        ok: true,
        value: { status: 'accepted', unit: 'U'.repeat(43) + '=', message: null },
      }),
    });
    const form = new SendForm(fake.api);
    const link: PaymentLink = {
      kind: 'payment',
      network: 'mainnet',
      address: ADDRESS,
      recipientKind: 'address',
      amount: 1_500_000_000,
      asset: null,
      additionalAssets: [],
      deviceAddress: null,
      base64data: null,
      fromAddress: null,
      singleAddress: false,
    };
    form.prefill(link, 'GBYTE');
    expect(form.recipients).toEqual([{ address: ADDRESS, amount: '1.5' }]);
    expect(fake.calls.map(([m]) => m)).toEqual([]);
    await form.makePreview('GBYTE', 9);
    expect(form.phase).toBe('preview');
    expect(fake.calls.map(([m]) => m)).toEqual(['payments.preview']);
    expect(fake.calls[0]?.[1]).toEqual({
      recipients: [{ address: ADDRESS, amount: '1.5', asset: 'base' }],
      unit: 'GBYTE',
    });
    await form.confirm();
    expect(fake.calls.at(-1)).toEqual(['payments.send', { previewId: 'p1' }]);
    expect(form.phase).toBe('sent');
  });

  it('a payment link in an asset is written in the decimals the form reads it with', () => {
    const form = new SendForm(fakeApi().api);
    const asset = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';
    const link: PaymentLink = {
      kind: 'payment',
      network: 'mainnet',
      address: ADDRESS,
      recipientKind: 'address',
      amount: 1500,
      asset,
      additionalAssets: [],
      deviceAddress: null,
      base64data: null,
      fromAddress: null,
      singleAddress: false,
    };
    // An asset with 2 decimals in the registry: 1500 smallest units are 15.00, not 1500.
    form.prefill(link, 'GBYTE', 2);
    expect(form.asset).toBe(asset);
    expect(form.recipients).toEqual([{ address: ADDRESS, amount: '15' }]);
    // An asset the wallet does not know: the smallest unit, as the link says.
    form.prefill(link, 'GBYTE');
    expect(form.recipients).toEqual([{ address: ADDRESS, amount: '1500' }]);
  });

  it('refuses to preview an address with a typo', async () => {
    const fake = fakeApi();
    const form = new SendForm(fake.api);
    form.recipients = [{ address: TYPO, amount: '1' }];
    await form.makePreview('GBYTE', 9);
    expect(form.error).toMatch(/checksum/);
    expect(fake.calls).toEqual([]);
  });
});

describe('LedgerState: the history export in words', () => {
  it('says what was saved where, as a sentence, and a refusal as main said it', async () => {
    let answer: IpcReply<unknown> = {
      ok: true,
      value: { rows: 3, savedTo: '/home/ada/history.csv', text: null },
    };
    const { api } = fakeApi({ 'history.export': () => answer });
    const ledger = new LedgerState(api);
    await ledger.exportHistory('csv');
    expect(ledger.exportMessage).toBe('Saved 3 transactions as CSV in /home/ada/history.csv.');
    answer = { ok: false, error: { code: 'rejected', message: 'The disk is full.' } };
    await ledger.exportHistory('json');
    expect(ledger.exportMessage).toBe('The history was not exported. The disk is full.');
  });
});
