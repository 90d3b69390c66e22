/**
 * Every command of `obyte-light` with bad input, in a fresh data folder: it is refused with one
 * sentence on standard error and a failing exit code, the folder is left as it was (the run's own
 * log aside), and the hub is never contacted. Also a folder that already holds a wallet: create and
 * restore refuse without touching it.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';
import { runCli, type CliResult } from '../support/cli';
import { TestHub } from '../support/test-hub';
import { addressFor, dataFolder, sampleWallet, WALLET_PASSWORD } from './backup/support';

const ADDRESS = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const PUBKEY = 'A7SWMmbGhAKRsdMKm/2UZ5ZOBOC+ul8sL30VeP5AbPhc';
const PHRASE =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const TEXTCOIN = PHRASE.split(' ').join('-');

let hub: TestHub;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  writeFileSync(
    BAD_LABELS,
    `{"type":"addr","ref":"${ADDRESS}","label":"fine"}\n{"type":"addr","ref":"${ADDRESS.slice(0, 31)}P","label":"typo"}\n`,
  );
  hub = new TestHub();
  url = await hub.start();
});

afterAll(async () => {
  await hub.stop();
  rmSync(BAD_LABELS, { force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(
  dir: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return runCli(['--network', 'devnet', '--hub', url, '--data-dir', dir, ...args], {
    input: options.input ?? '',
    env: { OBYTE_LIGHT_PASSWORD: '', ...options.env },
  });
}

/** Every file under `dir` (but logs/) with a hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const rel = relative(dir, path);
      if (rel === 'logs') continue;
      if (statSync(path).isDirectory()) {
        files[`${rel}/`] = 'dir';
        walk(path);
      } else {
        files[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(dir);
  return files;
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'obyte-cli-refusals-'));
  dirs.push(dir);
  return dir;
}

/** One plain sentence (or a few) that ends with a full stop; no stack trace, no usage dump. */
function expectSentence(stderr: string): void {
  const text = stderr.trim();
  expect(text).toMatch(/^["“A-Z]/);
  expect(text).toMatch(/\.$/);
  expect(text).not.toMatch(/\n\s+at |TypeError|obyte-light failed/);
  expect(text.split('\n').length).toBeLessThanOrEqual(2);
}

type Case = readonly [
  name: string,
  args: readonly string[],
  reason: RegExp,
  options?: { input?: string; env?: NodeJS.ProcessEnv },
];

const withPassword = { env: { OBYTE_LIGHT_PASSWORD: 'a long enough password' } };
/** A labels file whose second line has a typo in its address (written in beforeAll). */
const BAD_LABELS = join(tmpdir(), `obyte-cli-refusals-labels-${process.pid}.jsonl`);
const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';

const CASES: readonly Case[] = [
  [
    'send to a javascript: link',
    ['send', '--to', 'javascript:alert(1)', '--amount', '1'],
    /javascript:alert\(1\)".* not an Obyte address/,
  ],
  ['send a negative amount', ['send', '--to', ADDRESS, '--amount=-1'], /negative/],
  ['send an exponent', ['send', '--to', ADDRESS, '--amount', '1e3'], /not an amount/],
  [
    'send past 2^53 bytes',
    ['send', '--to', ADDRESS, '--amount', '9007199254.740993'],
    /too large|maximum/,
  ],
  ['send unicode digits', ['send', '--to', ADDRESS, '--amount', '٣'], /not an amount/],
  [
    'send a bad asset',
    ['send', '--to', ADDRESS, '--amount', '1', '--asset', 'gold'],
    /not an asset/,
  ],
  ['send with no wallet', ['send', '--to', ADDRESS, '--amount', '1'], /no wallet/],
  [
    'restore a wrong checksum',
    ['restore'],
    /checksum/,
    { input: PHRASE.replace('about', 'abandon'), ...withPassword },
  ],
  [
    'restore 11 words',
    ['restore'],
    /this one has 11/,
    { input: PHRASE.split(' ').slice(1).join(' '), ...withPassword },
  ],
  ['restore without a password', ['restore'], /OBYTE_LIGHT_PASSWORD/, { input: PHRASE }],
  ['create without a password', ['create'], /OBYTE_LIGHT_PASSWORD/],
  ['address with no wallet', ['address'], /no wallet/],
  ['pair garbage', ['pair', 'garbage'], /not a valid pairing code/, withPassword],
  ['pair a code with port 0', ['pair', `${PUBKEY}@localhost:0#x`], /port "0"/, withPassword],
  ['pair a code with a bad host', ['pair', `${PUBKEY}@a_b#x`], /host name/, withPassword],
  ['pair a code with no #', ['pair', `${PUBKEY}@localhost`], /no #/, withPassword],
  ['bots with no wallet', ['bots'], /no wallet/, withPassword],
  ['chat list with no wallet', ['chat', 'list'], /no wallet/, withPassword],
  ['chat send to a bad device', ['chat', 'send', 'XYZ', 'hello'], /device address/, withPassword],
  ['watch a bad address', ['watch', 'BAD'], /32 characters/],
  ['history of a bad address', ['history', `${ADDRESS}A`], /32 characters/],
  ['status with an argument', ['status', ADDRESS], /takes no addresses/],
  ['textcoin with nothing to do', ['textcoin'], /Say what to do with textcoins/],
  ['an unknown textcoin command', ['textcoin', 'mint'], /"mint" is not a textcoin command/],
  ['textcoin send without an amount', ['textcoin', 'send'], /needs --amount/],
  ['textcoin send a negative amount', ['textcoin', 'send', '--amount=-1'], /negative/],
  [
    'textcoin send an unknown asset',
    ['textcoin', 'send', '--amount', '1', '--asset', 'gold'],
    /asset/,
  ],
  [
    'textcoin send of blackbytes (a private asset)',
    [
      '--network',
      'testnet',
      'textcoin',
      'send',
      '--amount',
      '1',
      '--asset',
      'LUQu5ik4WLfCrr8OwXezqBa+i3IlZLqxj2itQZQm8WY=',
    ],
    /^Blackbytes are a private asset and cannot be sent as a textcoin/,
  ],
  ['textcoin send with words', ['textcoin', 'send', 'x', '--amount', '1'], /takes no words/],
  ['textcoin claim nothing', ['textcoin', 'claim'], /needs the textcoin/],
  ['textcoin claim garbage', ['textcoin', 'claim', 'hello-world'], /not a valid textcoin/],
  [
    'textcoin claim a bad checksum',
    ['textcoin', 'claim', TEXTCOIN.replace('about', 'abandon')],
    /not a valid textcoin/,
  ],
  [
    'textcoin claim a testnet link',
    ['textcoin', 'claim', `obyte-tn:textcoin?${TEXTCOIN}`],
    /testnet link/,
  ],
  ['textcoin claim with an amount', ['textcoin', 'claim', TEXTCOIN, '--amount', '1'], /send only/],
  ['textcoin claim with no wallet', ['textcoin', 'claim', TEXTCOIN], /no wallet/],
  [
    'textcoin claim a link with no wallet',
    ['textcoin', 'claim', `https://obyte.org/#textcoin?${TEXTCOIN}`],
    /no wallet/,
  ],
  ['textcoin list with an argument', ['textcoin', 'list', 'x'], /takes no arguments/],
  ['textcoin list with no wallet', ['textcoin', 'list'], /no wallet/],
  ['textcoin take-back a bad address', ['textcoin', 'take-back', 'XYZ'], /"XYZ"/],
  ['textcoin take-back with no wallet', ['textcoin', 'take-back', ADDRESS], /no wallet/],
  ['label an address with a typo', ['label', 'set', `${ADDRESS.slice(0, 31)}P`, 'x'], /checksum/],
  ['label something that is neither', ['label', 'set', 'hello', 'x'], /neither a unit/],
  ['a label on two lines', ['label', 'set', UNIT, 'a\nb'], /one line/],
  ['a label without its text', ['label', 'set', UNIT], /Give the label/],
  ['label list of a bad type', ['label', 'list', '--type', 'tx'], /unit or addr/],
  ['a contact with a bad device', ['contacts', 'add', 'Al', ADDRESS, '--device', 'X'], /device/],
  ['a contact without an address', ['contacts', 'add', 'Alice'], /name and an address/],
  ['a contact with no name', ['contacts', 'add', ' ', ADDRESS], /needs a name/],
  ['remove a contact by a bad address', ['contacts', 'remove', 'BAD'], /32 characters/],
  [
    'import a labels file that is not there',
    ['labels', 'import', '/nonexistent/x.jsonl'],
    /cannot be read/,
  ],
  [
    'import a labels file with a typo',
    ['labels', 'import', BAD_LABELS],
    /Line 2: .*checksum.*Nothing was imported/,
  ],
  ['export labels over a file', ['labels', 'export', BAD_LABELS], /already exists/],
  ['export history as xml', ['history', 'export', '--format', 'xml'], /csv or json/],
  ['export history from no date', ['history', 'export', '--from', '2024-13-01'], /YYYY-MM-DD/],
  [
    'export history ending before it starts',
    ['history', 'export', '--from', '2024-02-01', '--to', '2024-01-01'],
    /after the end date/,
  ],
  ['export history over a file', ['history', 'export', BAD_LABELS], /already exists/],
  ['an unknown command', ['steal'], /Unknown command "steal"/],
  ['an unknown network', ['--network', 'moon', 'status'], /mainnet, testnet or devnet/],
  ['a hub no client can reach', ['--hub', 'ws://999.999.999.999', 'status'], /neither a host name/],
  ['backup with no action', ['backup'], /^Say what to do: obyte-light backup export FILE/],
  ['backup export with no file', ['backup', 'export'], /Name the backup file/],
  ['backup import with two files', ['backup', 'import', 'a', 'b'], /takes one file name/],
  [
    'backup auto with no mode',
    ['backup', 'auto'],
    /^Say what to do: obyte-light backup auto status/,
  ],
  ['backup auto on with no folder', ['backup', 'auto', 'on'], /^Name the folder: .*--folder DIR/],
  [
    'backup auto off with a folder',
    ['backup', 'auto', 'off', '--folder', tmpdir()],
    /--folder is for backup auto on only/,
  ],
  [
    'backup auto on with no wallet',
    ['backup', 'auto', 'on', '--folder', tmpdir()],
    /no wallet on devnet in this data folder to back up/,
    { env: { OBYTE_LIGHT_BACKUP_PASSWORD: 'a long enough password' } },
  ],
  [
    'backup export with no wallet',
    ['backup', 'export', join(tmpdir(), 'obyte-no-wallet.obyte-backup')],
    /no wallet on devnet in this data folder to back up/,
    { env: { OBYTE_LIGHT_BACKUP_PASSWORD: 'a long enough password' } },
  ],
  [
    'backup import of a missing file',
    ['backup', 'import', join(tmpdir(), 'obyte-no-such-backup.obyte-backup')],
    /^There is no file /,
  ],
  [
    'backup import of a foreign file',
    ['backup', 'import', join(REPO_ROOT, 'package.json')],
    /^This file is not an Obyte Light backup/,
  ],
];

describe('obyte-light refuses bad input before anything is opened', () => {
  const cases = CASES.map(([name, args, reason, options]) => ({ name, args, reason, options }));
  it.each(cases)(
    '$name',
    async ({ args, reason, options }) => {
      const dir = freshDir();
      const before = snapshot(dir);
      const connections = hub.connections.length;
      const result = await run(dir, args, options);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(reason);
      expectSentence(result.stderr);
      expect(result.stdout).toBe('');
      expect(snapshot(dir)).toEqual(before);
      expect(hub.connections.length).toBe(connections);
    },
    60_000,
  );

  it('textcoin send of an asset the wallet never saw a public payment in: refused before the hub', async () => {
    const folder = await dataFolder({ root: freshDir() });
    await sampleWallet(folder, { network: 'devnet' });
    const before = snapshot(folder.root);
    const connections = hub.connections.length;
    const asset = createHash('sha256').update('an asset of nobody').digest('base64');
    const result = await run(
      folder.root,
      ['textcoin', 'send', '--amount', '1', '--asset', asset, '--yes'],
      { env: { OBYTE_LIGHT_PASSWORD: WALLET_PASSWORD } },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /has seen no public payment in the asset .*private asset, which cannot be sent as a textcoin/,
    );
    expectSentence(result.stderr);
    expect(result.stdout).toBe('');
    expect(hub.connections.length).toBe(connections);
    expect(snapshot(folder.root)).toEqual(before);
  }, 60_000);

  it('create and restore leave an existing wallet as it was', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'devnet'));
    writeFileSync(join(dir, 'devnet', 'keystore.json'), '{"not":"touched"}');
    const before = snapshot(dir);
    for (const args of [['create'], ['restore']]) {
      const result = await run(dir, args, { input: PHRASE, ...withPassword });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/already exists/);
      expectSentence(result.stderr);
      expect(snapshot(dir)).toEqual(before);
    }
  }, 60_000);
});

describe('obyte-light backup: a backup round trip, and refusals that change nothing', () => {
  const password = { OBYTE_LIGHT_BACKUP_PASSWORD: 'the backup password here' };

  it('says what a keychain wallet backup would mean, before any password, and writes nothing', async () => {
    const source = await dataFolder({ root: freshDir() });
    await sampleWallet(source, { network: 'devnet', protection: 'keychain' });
    const file = join(freshDir(), 'keychain.obyte-backup');
    const before = snapshot(source.root);
    const result = await run(source.root, ['backup', 'export', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /^This devnet wallet is unlocked by the system keychain, which the command line cannot reach/,
    );
    expect(result.stderr).toMatch(/its backup password becomes the only protection of your money/);
    // Not the password question: the warning comes first.
    expect(result.stderr).not.toMatch(/OBYTE_LIGHT_BACKUP_PASSWORD/);
    expectSentence(result.stderr);
    expect(snapshot(source.root)).toEqual(before);
    expect(() => readFileSync(file)).toThrow();
  }, 60_000);

  it('exports, refuses what it must, and imports into an empty data folder', async () => {
    const source = await dataFolder({ root: freshDir() });
    const wallet = await sampleWallet(source, { network: 'devnet' });
    const file = join(freshDir(), 'wallet.obyte-backup');

    // A weak backup password, and no password at all: nothing is written.
    const sourceBefore = snapshot(source.root);
    const weak = await run(source.root, ['backup', 'export', file], {
      env: { OBYTE_LIGHT_BACKUP_PASSWORD: '1234567890' },
    });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/plain run/);
    const none = await run(source.root, ['backup', 'export', file]);
    expect(none.stderr).toMatch(/set OBYTE_LIGHT_BACKUP_PASSWORD/);
    expectSentence(none.stderr);
    expect(snapshot(source.root)).toEqual(sourceBefore);

    const exported = await run(source.root, ['backup', 'export', file], { env: password });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^Backup of the devnet wallet written to /);

    // Never overwrites a file.
    const again = await run(source.root, ['backup', 'export', file], { env: password });
    expect(again.stderr).toMatch(/already exists: choose a new file name/);
    expectSentence(again.stderr);

    // Refusals in a fresh folder: wrong password, another network, a cut-short copy.
    const target = freshDir();
    const before = snapshot(target);
    const wrong = await run(target, ['backup', 'import', file], {
      env: { OBYTE_LIGHT_BACKUP_PASSWORD: 'not the backup password' },
    });
    expect(wrong.stderr).toMatch(/^That password does not open this backup/);
    expectSentence(wrong.stderr);
    const cut = join(freshDir(), 'cut.obyte-backup');
    writeFileSync(cut, readFileSync(file, 'utf8').slice(0, 400));
    const truncated = await run(target, ['backup', 'import', cut], { env: password });
    expect(truncated.stderr).toMatch(/cut short/);
    expectSentence(truncated.stderr);
    const otherNetwork = await runCli(
      ['--network', 'testnet', '--data-dir', target, 'backup', 'import', file],
      { env: password },
    );
    expect(otherNetwork.stderr).toMatch(
      /^This backup is of a devnet wallet, and this app is on testnet/,
    );
    expect(snapshot(target)).toEqual(before);

    // Into the folder that has the wallet: refused, unchanged.
    const onto = await run(source.root, ['backup', 'import', file], { env: password });
    expect(onto.stderr).toMatch(/already a wallet on devnet/);
    expect(snapshot(source.root)).toEqual(sourceBefore);

    // The import itself.
    const imported = await run(target, ['--json', 'backup', 'import', file], { env: password });
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({
      network: 'devnet',
      sections: expect.arrayContaining(['keystore', 'settings', 'addresses', 'chat']),
      skipped: [],
    });
    expect(readFileSync(join(target, 'devnet', 'keystore.json'), 'utf8')).toBe(
      readFileSync(join(source.root, 'devnet', 'keystore.json'), 'utf8'),
    );
    expect(readdirSync(join(target, 'devnet'))).toContain(`chat-${wallet.deviceAddress}.sqlite`);
  }, 180_000);

  it('backup auto: refuses a folder before any password, turns on, says its state, turns off', async () => {
    const source = await dataFolder({ root: freshDir() });
    await sampleWallet(source, { network: 'devnet' });
    const out = freshDir();
    const env = { ...password, OBYTE_LIGHT_PASSWORD: WALLET_PASSWORD };
    const before = snapshot(source.root);
    const inside = await run(source.root, ['backup', 'auto', 'on', '--folder', source.root], {
      env,
    });
    expect(inside.stderr).toMatch(/inside Obyte Light's own data folder/);
    const missing = await run(source.root, ['backup', 'auto', 'on', '--folder', join(out, 'no')], {
      env,
    });
    expect(missing.stderr).toMatch(/^There is no folder /);
    expectSentence(missing.stderr);
    expect(snapshot(source.root)).toEqual(before);

    const on = await run(source.root, ['backup', 'auto', 'on', '--folder', out], { env });
    expect(on.stderr).toBe('');
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(
      /^Automatic backup of the devnet wallet: on, to .* as obyte-light-devnet-[0-9a-f]{12}\.obyte-backup; last written /,
    );
    const [written] = readdirSync(out);
    expect(written).toMatch(/^obyte-light-devnet-[0-9a-f]{12}\.obyte-backup$/);
    const config = readFileSync(join(source.root, 'devnet', 'auto-backup.json'), 'utf8');
    expect(config).not.toContain(password.OBYTE_LIGHT_BACKUP_PASSWORD);

    const status = await run(source.root, ['--json', 'backup', 'auto', 'status']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      network: 'devnet',
      enabled: true,
      problem: null,
    });
    // A label or a contact changed from the command line (the app closed): the backup is
    // pending, for the app to write at its next unlock.
    const label = await run(source.root, ['label', 'set', addressFor('cli').address, 'from CLI']);
    expect(label.code).toBe(0);
    expect(
      JSON.parse(readFileSync(join(source.root, 'devnet', 'auto-backup.json'), 'utf8')),
    ).toMatchObject({
      pending: true,
    });
    const pending = await run(source.root, ['--json', 'backup', 'auto', 'status']);
    expect(JSON.parse(pending.stdout)).toMatchObject({ enabled: true, pending: true });

    const off = await run(source.root, ['backup', 'auto', 'off']);
    expect(off.stdout).toMatch(/turned off: the key it wrote with is forgotten/);
    expect(readdirSync(join(source.root, 'devnet'))).not.toContain('auto-backup.json');
    expect(readdirSync(out)).toEqual([written]);
    const after = await run(source.root, ['backup', 'auto', 'status']);
    expect(after.stdout.trim()).toBe('Automatic backup of the devnet wallet: off.');
  }, 180_000);
});
