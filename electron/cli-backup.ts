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
import { join, resolve } from 'node:path';
import { newPasswordProblem, UserFacingError, type Network } from '../shared/ipc';
import type { AppPaths } from './main/services/app-paths';
import { AtomicFile, isNotFound } from './main/services/atomic-file';
import { BackupService, createBackupRegistry } from './main/services/backup/index';
import { keystoreIn } from './main/services/backup/keystore-section';
import { AutoBackupService, type AutoBackupStatus } from './main/services/backup/auto-backup';
import { BackupRecord } from './main/services/backup/backup-record';
import { KeystoreService } from './main/services/keystore/index';
import { nodeRandomSource } from './main/services/random';
import { systemTimers } from './main/services/timers';
import type { Clock } from './main/services/clock';
import type { Logger } from './main/services/logger';
import { SettingsStore } from './main/services/settings-store';
import { ask } from './cli-wallet';

export const BACKUP_COMMANDS = ['backup'] as const;
export const BACKUP_PASSWORD_ENV = 'OBYTE_LIGHT_BACKUP_PASSWORD';
const WALLET_PASSWORD_ENV = 'OBYTE_LIGHT_PASSWORD';

export function isBackupCommand(command: string): boolean {
  return command === 'backup';
}

/** Wrong usage (exit code 2): the problem in one sentence. */
export class BackupUsageError extends Error {}

export type BackupArgs =
  | { readonly action: 'export' | 'import'; readonly file: string }
  | {
      readonly action: 'auto';
      readonly mode: 'status' | 'on' | 'off';
      /** `on` only: the folder, resolved. */
      readonly folder: string | null;
    };

/** The command's arguments, checked before anything is read. */
export function checkBackupArgs(
  args: readonly string[],
  options: { readonly folder?: string | undefined } = {},
): BackupArgs {
  const [action, file, ...rest] = args;
  if (action === 'auto') return checkAutoArgs(file, rest, options.folder);
  if (action !== 'export' && action !== 'import') {
    throw new BackupUsageError(
      'Say what to do: obyte-light backup export FILE, obyte-light backup import FILE, or obyte-light backup auto status|on --folder DIR|off.',
    );
  }
  if (options.folder !== undefined) {
    throw new BackupUsageError('The option --folder is for backup auto on only.');
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

function checkAutoArgs(
  mode: string | undefined,
  rest: readonly string[],
  folder: string | undefined,
): BackupArgs {
  if (mode !== 'status' && mode !== 'on' && mode !== 'off') {
    throw new BackupUsageError(
      'Say what to do: obyte-light backup auto status, backup auto on --folder DIR, or backup auto off.',
    );
  }
  if (rest.length > 0) {
    throw new BackupUsageError(
      `The command backup auto ${mode} takes no more words${mode === 'on' ? ' (the folder goes after --folder; quote a name with spaces)' : ''}.`,
    );
  }
  if (mode !== 'on') {
    if (folder !== undefined)
      throw new BackupUsageError('The option --folder is for backup auto on only.');
    return { action: 'auto', mode, folder: null };
  }
  if (folder === undefined || folder.trim() === '') {
    throw new BackupUsageError('Name the folder: obyte-light backup auto on --folder DIR.');
  }
  return { action: 'auto', mode, folder: resolve(folder) };
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

/** What `backup auto status` (and on, off) prints. */
function autoText(network: Network, status: AutoBackupStatus): string {
  if (!status.enabled) return `Automatic backup of the ${network} wallet: off.`;
  const last =
    status.lastBackupAt === null
      ? 'no automatic backup written yet'
      : `last written ${new Date(status.lastBackupAt).toISOString()}`;
  return [
    `Automatic backup of the ${network} wallet: on, to ${status.folder ?? ''} as ${status.fileName ?? ''}; ${last}.`,
    ...(status.pending
      ? ['Changes are waiting: they are written while the app runs with the wallet unlocked.']
      : []),
    ...(status.problem === null ? [] : [`The last try failed: ${status.problem}`]),
  ].join('\n');
}

function autoDocument(network: Network, status: AutoBackupStatus) {
  return {
    network,
    ...status,
    lastBackupAt: status.lastBackupAt === null ? null : new Date(status.lastBackupAt).toISOString(),
  };
}

/**
 * `backup auto status|on --folder DIR|off`. On: the folder is checked first (reads only), then
 * the backup password (the rule), then the wallet is unlocked (its password) to wrap the key,
 * and the first backup is written. Later backups are written by the app while it runs with the
 * wallet unlocked (a command here that changes something leaves the backup pending for it).
 */
async function runAutoCommand(
  args: Extract<BackupArgs, { action: 'auto' }>,
  ctx: BackupCliContext,
  settings: SettingsStore,
): Promise<number> {
  const { network, paths } = ctx;
  let keystore: KeystoreService | null = null;
  const auto = new AutoBackupService({
    paths,
    backup: service(ctx, settings),
    record: new BackupRecord(new AtomicFile(join(paths.root, 'backup-state.json'))),
    clock: ctx.clock,
    timers: systemTimers,
    logger: ctx.logger,
    network: () => network,
    walletId: async (n) => (await keystoreIn(paths.networkDir(n)))?.public.walletId ?? null,
    atRestKey: (context) => {
      if (keystore === null || !keystore.isUnlocked()) return null;
      const signer = keystore.wallet().deviceSigner();
      try {
        return signer.atRestKey(context);
      } finally {
        signer.wipe();
      }
    },
  });
  try {
    if (args.mode === 'status') {
      const status = await auto.status();
      ctx.out(autoDocument(network, status), autoText(network, status));
      return 0;
    }
    if (args.mode === 'off') {
      const status = await auto.turnOff();
      ctx.out(
        autoDocument(network, status),
        `Automatic backup of the ${network} wallet turned off: the key it wrote with is forgotten; the backups already written stay where they are.`,
      );
      return 0;
    }
    const file = await keystoreIn(paths.networkDir(network));
    if (file === null) {
      throw new UserFacingError(
        `There is no wallet on ${network} in this data folder to back up. Nothing was written.`,
      );
    }
    if (file.protection.mode === 'keychain') {
      throw new UserFacingError(
        `This ${network} wallet is unlocked by the system keychain, which the command line cannot reach. Nothing was written. Turn the automatic backup on in the app (Settings → Backup).`,
      );
    }
    const folder = args.folder ?? '';
    await auto.checkFolder(folder);
    const given = ctx.env[BACKUP_PASSWORD_ENV];
    if (given !== undefined && given !== '') {
      const problem = newPasswordProblem(given);
      if (problem !== null) throw new UserFacingError(backupRule(problem));
    }
    const backupPasswordGiven = await backupPassword(ctx, true);
    keystore = new KeystoreService({
      file: new AtomicFile(paths.keystoreFile(network)),
      clock: ctx.clock,
      timers: systemTimers,
      random: nodeRandomSource,
      logger: ctx.logger,
      keychain: null,
      autoLockMs: null,
    });
    const walletPassword = ctx.env[WALLET_PASSWORD_ENV];
    await keystore.unlock(
      walletPassword !== undefined && walletPassword !== ''
        ? walletPassword
        : ctx.stdin.isTTY === true
          ? await ask('Wallet password: ', true, ctx.stdin)
          : (() => {
              throw new UserFacingError(
                `No terminal to ask for the wallet password: set ${WALLET_PASSWORD_ENV} in the environment. Nothing was written.`,
              );
            })(),
    );
    const status = await auto.turnOn({ folder, password: backupPasswordGiven });
    ctx.out(autoDocument(network, status), autoText(network, status));
    return status.problem === null ? 0 : 1;
  } finally {
    auto.close();
    keystore?.lock('user');
  }
}

export async function runBackupCommand(args: BackupArgs, ctx: BackupCliContext): Promise<number> {
  const { network, paths } = ctx;
  if (args.action === 'auto') {
    const settings = new SettingsStore({
      file: new AtomicFile(paths.settingsFile),
      logger: ctx.logger,
      clock: ctx.clock,
    });
    await settings.load();
    return runAutoCommand(args, ctx, settings);
  }
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
