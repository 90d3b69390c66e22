/**
 * Accounts of one seed, as the official wallet has them:
 * - account N's addresses (m/44'/0'/N'/is_change/index) equal the reference derivation, run by
 *   hand with bitcore-lib 0.13 + bitcore-mnemonic and ocore object_hash (the official wallets'
 *   libraries), including a phrase where bitcore's hardened derivation differs from strict BIP-32;
 * - over the real IPC dispatcher and a loopback hub funding accounts 0 and 1: restore finds both,
 *   each has its own balance, history and receiving address, the switch is saved, new accounts
 *   stop at three unused ones in a row (what restore looks ahead), names, colours and hiding.
 */
import { accountsSentence } from '../../../electron/main/ipc/accounts-sentences';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { systemClock } from '../../../electron/main/services/clock';
import {
  AccountsError,
  AccountsFileStore,
  nextAccount,
} from '../../../electron/main/services/wallet/accounts';
import type {
  AccountsView,
  BalancesView,
  HistoryPageView,
  IpcReply,
  PaymentPreviewView,
  TextcoinSendPreviewView,
  WalletAddressView,
} from '../../../shared/ipc';
import {
  deriveAccount,
  deriveWalletAddress,
  masterKeyFromMnemonic,
} from '../../../shared/protocol/hd';
import { recordingLogger } from '../fakes';
import { TestHub } from '../../support/test-hub';
import { TEST_MNEMONIC, WalletScenario } from '../../support/test-hub/wallet-scenarios';
import { until } from '../../support/until';

/** Computed by hand with bitcore-lib 0.13.19, bitcore-mnemonic 1.0.1 and ocore getChash160. */
const REFERENCE = [
  {
    mnemonic: TEST_MNEMONIC,
    accounts: [
      {
        account: 1,
        xpub: 'xpub6BosfCnifzxcJJ1wYuntGJfF2zPJkDeG9ELNHcKNjezuea4tumswN9sH1psMdSVqCMoJC21Bv8usSeqSP4Sp1tLzW7aY59fGn9GCYzx5UTo',
        receive: ['XETGNH33FTYNHUQAULAFTCSI2X7B6C37', 'HEJFQHWH46WTMWOHGOFV6JDDTJQJ4TWY'],
        change: 'OFGLYWYO7MO357RKNXVQFL5SKM662KJS',
      },
      {
        account: 2,
        xpub: 'xpub6BosfCnifzxcLTjae7mWrRkurmuSuuDPqLxzR1njDKnTwn7g5axarX77NB5STUkWYSzaLN77HBYD6hpvLkHeUJuPTBvTnA6jhTUHyNrRg3j',
        receive: ['KLO2FMLP4MAPD2QKKW2QGOHMOZV2BR5N', '7FK2XU3ZUNCZEV3DMOTGY2UGVLXDMCQE'],
        change: 'GCCN3XYAAV3QYJOS2GYKXFDVVVHY4Y24',
      },
    ],
  },
  {
    // m/44'/0' has a private key starting with 0x00: bitcore-lib feeds it unpadded.
    mnemonic: 'real best uphold wealth plunge shove bottom water glide couple pole tank',
    accounts: [
      {
        account: 1,
        xpub: 'xpub6CVVmsNC4FKkgDTHu3ExRVK6Vc3oUqDFH5iXp9wwG2LpN15E5CTXbNEumTaNMJjtV5gxbzcjbwHDBZn7jRDvkMnrCZJZShuCF15g37mQKT3',
        receive: ['C2GWHESHN3WL5GYP3LDTOCS7NEJ3G7FD', '5W53BMWOYHIOTE4LO22KNAFU7HL35EIZ'],
        change: 'JCIVNRAM5RIGZYNP23ICRQISOALQ7N43',
      },
      {
        account: 2,
        xpub: 'xpub6CVVmsNC4FKkigU1vDE72p9SGStmMDx5bZxb6pxRBzpXScQ2x5mMsrzQi1gWKKrZNDST36x9zWyXFcbRUovKNntdrXxjYz25XEChurj63Nv',
        receive: ['NOOIM6HL5D5UNKXFDIBMDLZ4XZDRADLW', 'ZYP6JME76UMMLLTIA2TBOBPUGD6FFJU7'],
        change: 'JS7PVCGCRZVDSK5ZBPVMDNTUOYWUODHD',
      },
    ],
  },
];

describe('account N of a seed: the official wallet’s addresses', () => {
  it('xpub and addresses of accounts 1 and 2 equal the reference derivation', () => {
    for (const seed of REFERENCE) {
      const root = masterKeyFromMnemonic(seed.mnemonic);
      for (const expected of seed.accounts) {
        const xpub = deriveAccount(root, expected.account);
        expect(xpub).toBe(expected.xpub);
        expect([0, 1].map((i) => deriveWalletAddress(xpub, false, i).address)).toEqual(
          expected.receive,
        );
        expect(deriveWalletAddress(xpub, true, 0).address).toBe(expected.change);
      }
    }
  });
});

describe('new accounts and the accounts file', () => {
  it('a new account is the next number, while fewer than 3 unused accounts end the list', () => {
    expect(nextAccount([0], new Set())).toBe(1);
    expect(nextAccount([0, 1, 2], new Set([0, 2]))).toBe(3);
    expect(nextAccount([0, 1, 2], new Set([0]))).toBe(3);
    expect(() => nextAccount([0, 1, 2, 3], new Set([0]))).toThrow(AccountsError);
    const refusal = ((): unknown => {
      try {
        return nextAccount([0, 1, 2, 3], new Set([0]));
      } catch (error) {
        return error;
      }
    })();
    expect((refusal as AccountsError).facts).toEqual({
      kind: 'too-many-unused',
      unused: 3,
      lookahead: 3,
    });
    // In words at the IPC edge, for the page and the command line.
    expect(accountsSentence((refusal as AccountsError).facts)).toMatch(
      /^There are already 3 accounts that have received nothing\. Receive a payment in one/,
    );
    expect(nextAccount([0, 1, 2, 3], new Set([3]))).toBe(4);
  });

  it('a damaged or odd accounts file means the defaults, field by field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obyte-accounts-file-'));
    try {
      const path = join(dir, 'accounts.json');
      const store = () =>
        new AccountsFileStore({ file: new AtomicFile(path), logger: recordingLogger().logger });
      await writeFile(path, '{"version": 1, "current": 2, "accou');
      await expect(store().load()).resolves.toEqual({ current: 0, accounts: {} });
      await writeFile(
        path,
        JSON.stringify({
          version: 1,
          current: 'two',
          accounts: {
            '1': { name: 'Savings', colour: 'plaid', hidden: 'yes' },
            '2': 'nothing',
            x: { name: 'odd' },
          },
        }),
      );
      const loaded = await store().load();
      expect(loaded.current).toBe(0);
      expect(loaded.accounts[1]).toEqual({ name: 'Savings' });
      expect(loaded.accounts[2]).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const PASSWORD = 'a long enough password';
const [ACCOUNT_1] = REFERENCE[0]?.accounts ?? [];
const A1_RECEIVE = ACCOUNT_1?.receive ?? [];

let hub: TestHub;
let root: string;
let services: Services;

async function value<T>(method: string, params?: unknown): Promise<T> {
  const reply = (await services.dispatcher.dispatch(method, params, APP)) as IpcReply<T>;
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

async function refused(method: string, params: unknown): Promise<string> {
  const reply = (await services.dispatcher.dispatch(method, params, APP)) as IpcReply<unknown>;
  if (reply.ok) throw new Error(`${method} was not refused`);
  return reply.error.message;
}

function bytesOf(view: BalancesView): number {
  const base = view.total.find((a) => a.asset === 'base');
  return (base?.stable ?? 0) + (base?.pending ?? 0);
}

describe('accounts over IPC with a funded seed', () => {
  beforeAll(async () => {
    const root0 = masterKeyFromMnemonic(TEST_MNEMONIC);
    const account0 = deriveWalletAddress(deriveAccount(root0, 0), false, 0).address;
    hub = new TestHub();
    const scenario = new WalletScenario({
      payments: [
        { address: account0, amount: 1_000_000_000 },
        { address: A1_RECEIVE[0] ?? '', amount: 500_000_000 },
      ],
    });
    scenario.install(hub);
    const url = await hub.start();
    root = await mkdtemp(join(tmpdir(), 'obyte-accounts-'));
    services = await composeServices({
      app: { name: 'Obyte Light', version: '0.1.0' },
      paths: new AppPaths({ root: join(root, 'data'), home: root }),
      appOrigin: 'app://obyte',
      clock: systemClock,
      logSink: () => undefined,
      network: 'devnet',
      hubUrl: url,
      genesisUnit: scenario.genesisUnit,
      testScrypt: { N: 16, r: 1, p: 1 },
    });
    await until(() => services.light.parts.hub.isConnected, 'the test hub connection', 20_000);
    const restored = await services.wallet.restoreFromMnemonic({
      mnemonic: TEST_MNEMONIC,
      protection: { mode: 'password', password: PASSWORD },
    });
    expect(restored.problem).toBeNull();
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    await hub?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('restore finds both accounts; each has its own balance, history and receiving address', async () => {
    const view = await value<AccountsView>('accounts.list');
    expect(view.current).toBe(0);
    expect(view.accounts.map((a) => [a.account, a.name, a.used])).toEqual([
      [0, 'Main account', true],
      [1, 'Account 1', true],
    ]);
    expect(view.accounts.map((a) => a.bytes.stable)).toEqual([1_000_000_000, 500_000_000]);
    expect(bytesOf(await value<BalancesView>('balances.get'))).toBe(1_000_000_000);
    const history0 = await value<HistoryPageView>('history.list', {});
    expect(history0.rows).toHaveLength(1);

    const switched = await value<AccountsView>('accounts.select', { account: 1 });
    expect(switched.current).toBe(1);
    expect(bytesOf(await value<BalancesView>('balances.get'))).toBe(500_000_000);
    const history1 = await value<HistoryPageView>('history.list', {});
    expect(history1.rows).toHaveLength(1);
    // One funding unit paid both accounts: each sees its own part of it.
    expect(history0.rows[0]?.amounts.map((a) => a.net)).toEqual([1_000_000_000]);
    expect(history1.rows[0]?.amounts.map((a) => a.net)).toEqual([500_000_000]);
    // Receiving goes to account 1: the address after its last used one.
    const next = await value<{ address: string }>('receive.nextAddress');
    expect(next.address).toBe(A1_RECEIVE[1]);
    const addresses = await value<WalletAddressView[]>('addresses.list');
    expect(new Set(addresses.map((a) => a.account))).toEqual(new Set([1]));
    // The choice is saved in the network's folder.
    const file = JSON.parse(
      await readFile(join(root, 'data', 'devnet', 'accounts.json'), 'utf8'),
    ) as { current: number };
    expect(file.current).toBe(1);
    await value<AccountsView>('accounts.select', { account: 0 });
    expect(bytesOf(await value<BalancesView>('balances.get'))).toBe(1_000_000_000);
  }, 60_000);

  it('pays from the account in use: its coins, its change address, its balance', async () => {
    const account0 = await value<WalletAddressView[]>('addresses.list');
    const payee = account0[0]?.address ?? '';
    await value<AccountsView>('accounts.select', { account: 1 });
    const mine1 = new Set(
      (await value<WalletAddressView[]>('addresses.list')).map((a) => a.address),
    );
    expect(mine1.has(payee)).toBe(false);
    const preview = await value<PaymentPreviewView>('payments.preview', {
      recipients: [{ address: payee, amount: '100000000' }],
      unit: 'bytes',
    });
    // Account 1 holds 500 000 000 bytes: the change (what is left after 100 000 000 and the
    // fees) goes back to one of its own addresses, never to account 0's.
    expect(preview.change).toHaveLength(1);
    expect(mine1.has(preview.change[0]?.address ?? '')).toBe(true);
    expect(preview.change[0]?.amount).toBeGreaterThan(399_000_000);
    expect(preview.change[0]?.amount).toBeLessThan(400_000_000);
    // More than account 1 holds (but less than account 0 holds) is refused.
    expect(
      await refused('payments.preview', {
        recipients: [{ address: payee, amount: '700000000' }],
        unit: 'bytes',
      }),
    ).toMatch(/^Not enough bytes/);
    // A textcoin is funded from the account in use too.
    const textcoin = await value<TextcoinSendPreviewView>('textcoins.previewSend', {
      amount: '100000000',
      unit: 'bytes',
    });
    expect(textcoin.preview.change).toHaveLength(1);
    expect(mine1.has(textcoin.preview.change[0]?.address ?? '')).toBe(true);
    expect(await refused('textcoins.previewSend', { amount: '700000000', unit: 'bytes' })).toMatch(
      /^Not enough bytes/,
    );
    await value<AccountsView>('accounts.select', { account: 0 });
  }, 60_000);

  it('adds accounts up to three unused in a row, names, colours and hides them', async () => {
    const added = await value<AccountsView>('accounts.create', {
      name: 'Savings',
      colour: 'green',
    });
    expect(added.current).toBe(2);
    expect(added.accounts.find((a) => a.account === 2)).toMatchObject({
      name: 'Savings',
      colour: 'green',
      used: false,
      hidden: false,
    });
    // Its first receiving address is the official wallet's account 2 address 0.
    const next = await value<{ address: string }>('receive.nextAddress');
    expect(next.address).toBe(REFERENCE[0]?.accounts[1]?.receive[0]);
    expect(bytesOf(await value<BalancesView>('balances.get'))).toBe(0);
    await value<AccountsView>('accounts.create', { name: 'Travel' });
    const third = await value<AccountsView>('accounts.create', { name: 'Gifts' });
    expect(third.accounts.map((a) => a.account)).toEqual([0, 1, 2, 3, 4]);
    expect(third.createProblem).toMatch(/3 accounts that have received nothing/);
    expect(await refused('accounts.create', { name: 'One too many' })).toMatch(
      /3 accounts that have received nothing/,
    );
    // The keystore's public part lists them (an xpub each), so they survive a restart.
    const info = await services.wallet.keystore().readPublicInfo();
    expect(info.accounts.map((a) => a.account)).toEqual([0, 1, 2, 3, 4]);

    expect(await refused('accounts.update', { account: 4, hidden: true })).toMatch(
      /switch to another account before hiding it/,
    );
    await value<AccountsView>('accounts.select', { account: 0 });
    const hidden = await value<AccountsView>('accounts.update', { account: 4, hidden: true });
    expect(hidden.accounts.find((a) => a.account === 4)?.hidden).toBe(true);
    const renamed = await value<AccountsView>('accounts.update', {
      account: 1,
      name: 'Business',
      colour: 'violet',
    });
    expect(renamed.accounts.find((a) => a.account === 1)).toMatchObject({
      name: 'Business',
      colour: 'violet',
    });
    expect(await refused('accounts.update', { account: 1, name: ' ' })).toMatch(/name/);
    expect(await refused('accounts.select', { account: 9 })).toMatch(/no account 9/);
    expect(await refused('accounts.update', { account: 1 })).toMatch(/Nothing to change/);
  }, 60_000);
});
