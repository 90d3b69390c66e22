/**
 * `obyte-light backup export FILE` and `backup import FILE`: the full backup from a terminal,
 * without a hub. Everything is checked before anything is written: the file (export: not there
 * yet; import: a backup of this network, not from a newer version), the wallet (export: one
 * exists; import: none yet on this network), the backup password (from
 * OBYTE_LIGHT_BACKUP_PASSWORD or a prompt that does not echo; a new one keeps the password
 * rule). The history is not in the backup: it is synced from the hub the next time the wallet
 * is used (`obyte-light balance`).
 */
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { newPasswordProblem, UserFacingError, type Network } from '../shared/ipc';
import type { AppPaths } from './main/services/app-paths';
import { AtomicFile, isNotFound } from './main/services/atomic-file';
import { BackupService, createBackupRegistry } from './main/services/backup/index';
import { keystoreIn } from './main/services/backup/keystore-section';
import type { Clock } from './main/services/clock';
import type { Logger } from './main/services/logger';
import { SettingsStore } from './main/services/settings-store';
import { ask } from './cli-wallet';

export const BACKUP_COMMANDS = ['backup'] as const;
export const BACKUP_PASSWORD_ENV = 'OBYTE_LIGHT_BACKUP_PASSWORD';

export function isBackupCommand(command: string): boolean {
  return command === 'backup';
}

/** Wrong usage (exit code 2): the problem in one sentence. */
export class BackupUsageError extends Error {}

export interface BackupArgs {
  readonly action: 'export' | 'import';
  readonly file: string;
}

/** The command's arguments, checked before anything is read. */
export function checkBackupArgs(args: readonly string[]): BackupArgs {
  const [action, file, ...rest] = args;
  if (action !== 'export' && action !== 'import') {
    throw new BackupUsageError(
      'Say what to do: obyte-light backup export FILE, or obyte-light backup import FILE.',
    );
  }
  if (file === undefined || file.trim() === '') {
    throw new BackupUsageError(`Name the backup file: obyte-light backup ${action} FILE.`);
  }
  if (rest.length > 0) {
    throw new BackupUsageError(
      `The command backup ${action} takes one file name (quote a name with spaces).`,
    );
  }
  return { action, file: resolve(file) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function backupPassword(ctx: BackupCliContext, isNew: boolean): Promise<string> {
  const given = ctx.env[BACKUP_PASSWORD_ENV];
  if (given !== undefined && given !== '') return given;
  if (ctx.stdin.isTTY !== true) {
    throw new UserFacingError(
      `No terminal to ask for the backup password: set ${BACKUP_PASSWORD_ENV} in the environment. Nothing was ${isNew ? 'written' : 'changed'}.`,
    );
  }
  const first = await ask(isNew ? 'New backup password: ' : 'Backup password: ', true, ctx.stdin);
  if (!isNew) return first;
  const problem = newPasswordProblem(first);
  if (problem !== null) throw new UserFacingError(backupRule(problem));
  const again = await ask('The backup password again: ', true, ctx.stdin);
  if (again !== first) {
    throw new UserFacingError('The two backup passwords differ. Nothing was written.');
  }
  return first;
}

function backupRule(problem: string): string {
  return problem.replace(/a wallet password/gi, 'a backup password');
}

export interface BackupCliContext {
  readonly paths: AppPaths;
  readonly network: Network;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly program: { readonly name: string; readonly version: string };
  readonly out: (document: unknown, text: string) => void;
}

function service(ctx: BackupCliContext, settings: SettingsStore): BackupService {
  return new BackupService({
    paths: ctx.paths,
    registry: createBackupRegistry({
      keychain: null,
      settings,
      clock: ctx.clock,
      logger: ctx.logger,
    }),
    clock: ctx.clock,
    logger: ctx.logger,
    program: ctx.program,
  });
}

export async function runBackupCommand(args: BackupArgs, ctx: BackupCliContext): Promise<number> {
  const { network, paths } = ctx;
  const hasWallet = await exists(paths.keystoreFile(network));
  const settings = new SettingsStore({
    file: new AtomicFile(paths.settingsFile),
    logger: ctx.logger,
    clock: ctx.clock,
  });
  if (args.action === 'export') {
    if (!hasWallet) {
      throw new UserFacingError(
        `There is no wallet on ${network} in this data folder to back up. Nothing was written.`,
      );
    }
    try {
      const info = await stat(args.file);
      throw new UserFacingError(
        info.isDirectory()
          ? `The path ${args.file} is a folder: give a file name for the backup. Nothing was written.`
          : `The file ${args.file} already exists: choose a new file name (a backup never overwrites a file). Nothing was written.`,
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    // A keychain wallet's backup would carry its file key, making the backup password the
    // wallet's only protection; the command line cannot reach the keychain anyway. Said before
    // any password is asked for.
    if ((await keystoreIn(paths.networkDir(network)))?.protection.mode === 'keychain') {
      throw new UserFacingError(
        `This ${network} wallet is unlocked by the system keychain, which the command line cannot reach, so it cannot be backed up from here. Nothing was written. Export it in the app (Settings → Backup), knowing that such a backup carries the wallet's key, so its backup password becomes the only protection of your money; or first move the wallet to a password in the app (Settings → Wallet and keys), and its backup stays locked by the wallet password too.`,
      );
    }
    const given = ctx.env[BACKUP_PASSWORD_ENV];
    if (given !== undefined && given !== '') {
      const problem = newPasswordProblem(given);
      if (problem !== null) throw new UserFacingError(backupRule(problem));
    }
    const password = await backupPassword(ctx, true);
    await settings.load();
    const result = await service(ctx, settings).exportTo({ path: args.file, password, network });
    ctx.out(
      { network, file: result.path, bytes: result.bytes, sections: result.sections },
      `Backup of the ${network} wallet written to ${paths.display(result.path)} (${result.bytes} bytes: ${result.sections.join(', ')}). Keep it with its password; the wallet password is still needed to open the wallet inside it.`,
    );
    return 0;
  }
  // import
  const backup = service(ctx, settings);
  const header = await backup.inspect(args.file, network);
  if (hasWallet) {
    throw new UserFacingError(
      `There is already a wallet on ${network} in this data folder. Nothing was changed. Import a backup into an empty data folder (--data-dir DIR).`,
    );
  }
  const password = await backupPassword(ctx, false);
  await settings.load();
  const result = await backup.importFrom({ path: args.file, password, network });
  const made = new Date(header.createdAt).toISOString();
  ctx.out(
    {
      network,
      createdAt: made,
      app: result.app,
      sections: result.sections,
      skipped: result.skipped,
    },
    [
      `Imported the ${network} backup made ${made} by ${result.app} (${result.sections.join(', ')}).`,
      ...(result.skipped.length > 0
        ? [`Not imported (made by a newer version): ${result.skipped.join(', ')}.`]
        : []),
      'The history is synced from the hub the next time the wallet is used (obyte-light balance).',
    ].join('\n'),
  );
  return 0;
}
