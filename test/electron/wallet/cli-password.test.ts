/**
 * Passwords on the command line, with real CLI processes: a new password that breaks the rule
 * is refused on `create` and `restore` before the data folder is touched, and wrong passwords
 * tried in three separate runs are met in the fourth by the delay, in words, before any key
 * derivation (the delay is kept beside the keystore, not in a process's memory).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_COMMAND, runCli, type CliResult } from '../../support/cli';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { systemClock } from '../../../electron/main/services/clock';
import {
  KeystoreService,
  nodeRandomSource,
  systemTimers,
} from '../../../electron/main/services/keystore';
import { recordingLogger } from '../fakes';

const PASSWORD = 'a long enough password';
const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'obyte-cli-password-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: readonly string[], password: string, input = ''): Promise<CliResult> {
  // The hub is never reached: every run here ends before it would connect.
  return runCli(['--network', 'devnet', '--hub', 'ws://127.0.0.1:9', '--data-dir', dir, ...args], {
    input,
    env: { OBYTE_LIGHT_PASSWORD: password },
  });
}

/** Every file under the data folder. */
function files(): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('a new password on the command line', () => {
  it('a one-character password is refused on create and restore, before anything is written', async () => {
    const rule =
      'OBYTE_LIGHT_PASSWORD: That password has 1 character; a wallet password needs at least 10 (a few words you can remember are best). Nothing was written.';
    const create = await cli(['create'], 'x');
    expect(create.code).toBe(1);
    expect(create.stderr.trim()).toBe(rule);
    expect(create.stdout).toBe('');
    const restore = await cli(['restore'], 'x', `${MNEMONIC}\n`);
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim()).toBe(rule);
    const run = await cli(['restore'], '1234567890', `${MNEMONIC}\n`);
    expect(run.stderr).toMatch(/plain run of keys or letters/);
    // Not even the log or the network folder.
    expect(files()).toEqual([]);
  }, 120_000);
});

/**
 * The command line on a real terminal (util-linux `script` gives it a pseudo-terminal): each
 * answer is typed once its question is on the screen. No password in the environment.
 */
function onTerminal(
  args: readonly string[],
  answers: readonly (readonly [question: string, answer: string])[],
): Promise<{ code: number; screen: string }> {
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [
    ...CLI_COMMAND,
    '--network',
    'devnet',
    '--hub',
    'ws://127.0.0.1:9',
    '--data-dir',
    dir,
    ...args,
  ]
    .map(quote)
    .join(' ');
  const env = { ...process.env };
  delete env['OBYTE_LIGHT_PASSWORD'];
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env });
    const pending = [...answers];
    let screen = '';
    // Where the screen was read up to: each question is looked for after the last answer.
    let from = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      for (let next = pending[0]; next !== undefined; next = pending[0]) {
        const at = screen.indexOf(next[0], from);
        if (at < 0) break;
        from = at + next[0].length;
        pending.shift();
        child.stdin.write(`${next[1]}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, screen }));
  });
}

describe('a new password asked on the terminal', () => {
  it('is checked before anything is opened: a refused one leaves the data folder as it was', async () => {
    const short = await onTerminal(
      ['restore'],
      [
        ['Recovery phrase', MNEMONIC],
        ['New wallet password', 'x'],
      ],
    );
    expect(short.code).toBe(1);
    expect(short.screen).toContain(
      'That password has 1 character; a wallet password needs at least 10 (a few words you can remember are best). Nothing was written.',
    );
    const different = await onTerminal(
      ['restore'],
      [
        ['Recovery phrase', MNEMONIC],
        ['New wallet password', PASSWORD],
        ['The same password again', `${PASSWORD}!`],
      ],
    );
    expect(different.code).toBe(1);
    expect(different.screen).toContain('The two passwords are not the same. Nothing was written.');
    const create = await onTerminal(['create'], [['New wallet password', 'x']]);
    expect(create.code).toBe(1);
    expect(create.screen).toContain('Nothing was written.');
    // No database, no network folder, not even the log: nothing was opened.
    expect(files()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});

describe('wrong passwords across separate runs', () => {
  it('three wrong tries in three processes: the fourth is met by the delay, in words, before any key derivation', async () => {
    // A wallet in the devnet folder, as `create` would leave it (fast scrypt, recorded in the
    // file: each run derives quickly, and the log says when it derives).
    const keystore = new KeystoreService({
      file: new AtomicFile(join(dir, 'devnet', 'keystore.json')),
      clock: systemClock,
      timers: systemTimers,
      random: nodeRandomSource,
      logger: recordingLogger().logger,
      keychain: null,
      testScrypt: { N: 16, r: 1, p: 1 },
    });
    await keystore.restore({
      mnemonic: MNEMONIC,
      network: 'devnet',
      protection: { mode: 'password', password: PASSWORD },
    });
    keystore.lock();

    const log = (): string => readFileSync(join(dir, 'logs', 'cli.log'), 'utf8');
    const derivations = (): number => log().split('Deriving the key from the password').length - 1;

    const expected = [
      'That password does not open this wallet.',
      'That password does not open this wallet.',
      'That password does not open this wallet. Try again in 30 s.',
    ];
    for (const [i, message] of expected.entries()) {
      const run = await cli(['chat', 'list'], `wrong password number ${i + 1}`);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(message);
      expect(derivations()).toBe(i + 1);
    }
    // The fourth run, even with the right password, is refused before any key derivation.
    const fourth = await cli(['chat', 'list'], PASSWORD);
    expect(fourth.code).toBe(1);
    expect(fourth.stderr.trim()).toMatch(
      /^Too many wrong passwords in a row\. Try again in \d+ s\.$/,
    );
    expect(derivations()).toBe(3);
    expect(log()).toContain('Refused a password try: the wrong-password delay is running');
  }, 180_000);
});
