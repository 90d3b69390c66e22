/**
 * Per-command help: every command the CLI runs has its own usage, options and example, printed
 * by `COMMAND --help` and by `help COMMAND` (the installed bundle, in an empty data folder that
 * stays empty); an unknown topic is wrong usage.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandHelp, helpCommands } from '../../electron/cli-help';
import { WALLET_COMMANDS } from '../../electron/cli-wallet';
import { CHAT_COMMANDS } from '../../electron/cli-chat';
import { AA_COMMANDS } from '../../electron/cli-aa';
import { BACKUP_COMMANDS } from '../../electron/cli-backup';
import { LABEL_COMMANDS } from '../../electron/cli-labels';
import { runCli, type CliResult } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'obyte-cli-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every command electron/cli.ts dispatches. */
const COMMANDS = [
  'status',
  'watch',
  'balance',
  'history',
  'accounts',
  ...WALLET_COMMANDS,
  ...CHAT_COMMANDS,
  ...AA_COMMANDS,
  ...BACKUP_COMMANDS,
  ...LABEL_COMMANDS,
  'textcoin',
];

function cli(args: readonly string[]): Promise<CliResult> {
  return runCli(['--data-dir', dir, ...args]);
}

describe('obyte-light COMMAND --help', () => {
  it('every command has its own help: usage, what it does, the common options, an example', () => {
    expect([...helpCommands()].sort()).toEqual([...COMMANDS].sort());
    for (const command of COMMANDS) {
      const text = commandHelp(command) ?? '';
      expect(text, command).toMatch(new RegExp(`^Usage: obyte-light \\[options\\] ${command}\\b`));
      expect(text, command).toContain('Options for every command:');
      expect(text, command).toContain('--data-dir DIR');
      expect(text, command).toMatch(new RegExp(`\\nExample: obyte-light .*\\b${command}\\b`));
    }
    // The command's own options are listed with it.
    expect(commandHelp('send')).toContain('--spend-unconfirmed none|own|all');
    expect(commandHelp('send')).toContain('--accept-bounce');
    expect(commandHelp('aa')).toContain('--prefix P');
    expect(commandHelp('chat')).toContain('--follow');
    expect(commandHelp('no-such-command')).toBeNull();
    expect(commandHelp('constructor')).toBeNull();
  });

  it('COMMAND --help and help COMMAND print it and exit 0; an unknown topic is wrong usage', async () => {
    const send = await cli(['send', '--help']);
    expect(send.code).toBe(0);
    expect(send.stdout.trim()).toBe(commandHelp('send'));
    const chat = await cli(['help', 'chat']);
    expect(chat.code).toBe(0);
    expect(chat.stdout.trim()).toBe(commandHelp('chat'));
    expect(chat.stdout).toContain('       obyte-light [options] chat read DEVICE_ADDRESS');
    const short = await cli(['balance', '-h']);
    expect(short.stdout.trim()).toBe(commandHelp('balance'));
    const general = await cli(['help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('COMMAND --help (or help COMMAND)');
    const unknown = await cli(['help', 'sned']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'There is no command "sned". Run obyte-light --help for the commands.',
    );
    // Help reads and writes nothing.
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
