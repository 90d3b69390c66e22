/**
 * Accounts and wallet addresses in the full backup: the accounts' names, colours, hidden flags and
 * the account in use come back in a fresh data folder; a hand-made backup (sealed with the right
 * password, so it opens) with a hostile accounts section, or with addresses the keystore's xpub
 * does not give, is refused in words before anything is written, and the folder stays as it was.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { passwordKey } from '../../../electron/main/services/keystore/cipher';
import { AccountsFileStore } from '../../../electron/main/services/wallet/accounts';
import {
  openBackup,
  parseBackupEnvelope,
  sealBackup,
  type JsonValue,
} from '../../../shared/backup/format';
import { fromBase64 } from '../../../shared/protocol/bytes';
import { recordingLogger } from '../fakes';
import {
  addressFor,
  BACKUP_PASSWORD,
  dataFolder,
  refusalWords,
  sampleWallet,
  type DataFolder,
} from './support';

const folders: DataFolder[] = [];
async function folder(): Promise<DataFolder> {
  const made = await dataFolder();
  folders.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => f.cleanup()));
});

function accountsFileIn(f: DataFolder): AccountsFileStore {
  return new AccountsFileStore({
    file: new AtomicFile(join(f.paths.networkDir('testnet'), 'accounts.json')),
    logger: recordingLogger().logger,
  });
}

async function exportedWithAccounts(): Promise<{ source: DataFolder; file: string }> {
  const source = await folder();
  await sampleWallet(source, { bots: 1, messages: 1 });
  await accountsFileIn(source).update(() => ({
    current: 1,
    accounts: {
      0: { name: 'Daily', colour: 'violet' },
      1: { name: 'Savings', hidden: true },
      2: { colour: 'blue' },
    },
  }));
  const file = join(source.root, 'exports', 'wallet.obyte-backup');
  await source.backup.exportTo({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });
  return { source, file };
}

type Sections = Record<string, JsonValue>;

/** The backup opened with its password, its sections changed, sealed again with that password. */
async function handMade(
  file: string,
  dir: string,
  change: (sections: Sections) => Sections,
): Promise<string> {
  const envelope = parseBackupEnvelope(await readFile(file, 'utf8'));
  const salt = fromBase64(envelope.kdf.salt);
  const key = await passwordKey(BACKUP_PASSWORD, salt, envelope.kdf);
  const payload = openBackup(envelope, key);
  const { N, r, p } = envelope.kdf;
  const text = sealBackup({
    payload: { ...payload, sections: change({ ...payload.sections }) },
    key,
    kdf: { N, r, p },
    salt,
    nonce: fromBase64(envelope.nonce),
  });
  const path = join(dir, `hand-made-${Math.random().toString(36).slice(2)}.obyte-backup`);
  await writeFile(path, text);
  return path;
}

function objectOf(value: JsonValue | undefined): Record<string, JsonValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('not an object');
  }
  return value as Record<string, JsonValue>;
}

describe('the accounts section of the full backup', () => {
  it('brings back the names, colours, hidden flags and the account in use', async () => {
    const { file } = await exportedWithAccounts();
    const target = await folder();
    const result = await target.backup.importFrom({
      path: file,
      password: BACKUP_PASSWORD,
      network: 'testnet',
    });
    expect(result.sections).toContain('accounts');
    expect(await accountsFileIn(target).load()).toEqual({
      current: 1,
      accounts: {
        0: { name: 'Daily', colour: 'violet' },
        1: { name: 'Savings', hidden: true },
        2: { colour: 'blue' },
      },
    });
  });

  it('refuses a hostile accounts section in words, and the folder stays as it was', async () => {
    const { source, file } = await exportedWithAccounts();
    const target = await folder();
    const before = await target.snapshot();
    const many = Array.from({ length: 101 }, (_, i) => ({ account: i % 100 }));
    for (const [accounts, expected] of [
      [
        { current: 0, accounts: [{ account: -1, name: 'Under' }] },
        /accounts entry 1: the account number cannot be negative/,
      ],
      [
        { current: 0, accounts: [{ account: 0 }, { account: 100 }] },
        /accounts entry 2: the account number must be below 100/,
      ],
      [{ current: 0, accounts: [{ account: 1.5 }] }, /must be a whole number/],
      [{ current: 0, accounts: many }, /accounts: a wallet has at most 100 accounts/],
      [
        { current: 0, accounts: [{ account: 3 }, { account: 3 }] },
        /accounts entry 2: account 3 is listed twice/,
      ],
      [{ current: 7, accounts: [{ account: 0 }] }, /account in use \(7\) is not among/],
      [{ current: 0, accounts: [{ account: 0, colour: 'plaid' }] }, /the colour must be one of/],
      [{ current: 0, accounts: [{ account: 0, name: 'a\u202eb' }] }, /control characters/],
      [{ current: 0, accounts: [{ account: 0, owner: 'x' }] }, /accounts entry 1/],
      [[], /accounts: /],
    ] as const) {
      const path = await handMade(file, source.root, (sections) => ({
        ...sections,
        accounts: accounts as unknown as JsonValue,
      }));
      const message = await refusalWords(
        target.backup.importFrom({ path, password: BACKUP_PASSWORD, network: 'testnet' }),
      );
      expect(message).toMatch(expected);
      expect(message).toMatch(/^This backup cannot be imported: .*Nothing was changed\.$/);
    }
    expect(await target.snapshot()).toEqual(before);
  }, 120_000);
});

describe("the addresses section is checked against the keystore's xpub", () => {
  it('refuses addresses the wallet key does not give, in words, changing nothing', async () => {
    const { source, file } = await exportedWithAccounts();
    const target = await folder();
    const before = await target.snapshot();
    const thief = addressFor('somebody else');
    const cases: [(wallet: Record<string, JsonValue>[]) => Record<string, JsonValue>[], RegExp][] =
      [
        // Another address (with its own valid definition) in place of the wallet's first.
        [
          (wallet) => [{ ...wallet[0], ...thief }, ...wallet.slice(1)],
          new RegExp(
            `addresses\\.wallet entry 1 \\(${thief.address}\\) is not an address of this wallet: the wallet's key gives another address at account 0, receiving index 0`,
          ),
        ],
        // The wallet's own address, moved to another index.
        [
          (wallet) => [{ ...wallet[0], index: 7 }, ...wallet.slice(1)],
          /addresses\.wallet entry 1 .* at account 0, receiving index 7/,
        ],
        // An account the keystore does not have.
        [
          (wallet) => [...wallet, { ...thief, account: 5, is_change: false, index: 0 }],
          /addresses\.wallet entry 4 .* account 5, which is not in the backup's keystore/,
        ],
      ];
    for (const [change, expected] of cases) {
      const path = await handMade(file, source.root, (sections) => {
        const addresses = objectOf(sections['addresses']);
        const wallet = (addresses['wallet'] as Record<string, JsonValue>[]).map((a) => ({ ...a }));
        return { ...sections, addresses: { ...addresses, wallet: change(wallet) } };
      });
      expect(
        await refusalWords(
          target.backup.importFrom({ path, password: BACKUP_PASSWORD, network: 'testnet' }),
        ),
      ).toMatch(expected);
    }
    expect(await target.snapshot()).toEqual(before);
    // The untouched backup still imports (the check refuses only what is foreign).
    const fine = await handMade(file, source.root, (sections) => sections);
    await target.backup.importFrom({ path: fine, password: BACKUP_PASSWORD, network: 'testnet' });
  }, 120_000);
});
