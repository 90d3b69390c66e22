#!/usr/bin/env -S npx tsx
/**
 * `obyte-light` from a terminal: the same services as the app (compose.ts), no Electron.
 *
 *   obyte-light [--network mainnet|testnet|devnet] [--hub URL] [--data-dir DIR] [--json]
 *               status | watch ADDRESS… | balance [ADDRESS…] | history [ADDRESS…]
 *               create | restore | address
 *               send --to ADDRESS --amount N [--unit GBYTE|MB|KB|bytes | --asset ASSET] [--data JSON] [--yes]
 *               aa dry-run|state|info ADDRESS | sign-message --address A TEXT | verify-message SIGNED
 *               textcoin send --amount N [--unit U | --asset A] [--yes] | textcoin claim WORDS [--yes]
 *               textcoin list | textcoin take-back ADDRESS [--yes]
 *
 * `balance` and `history` sync with the hub first (verified, like the app) and then print what
 * the database holds; `status` connects and waits up to 10 s for the first sync. `--json` prints
 * one JSON document.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Network, Status } from '../shared/ipc';
import {
  DisplayUnitSchema,
  HubUrlSchema,
  NetworkSchema,
  SpendUnconfirmedSchema,
} from '../shared/ipc/schemas';
import { signedAmountText } from '../shared/ipc/amount-text';
import { composeServices, type Services } from './main/compose';
import { balanceReport } from './cli-balance';
import {
  checkNewPasswordFromEnv,
  isWalletCliError,
  isWalletCommand,
  runWalletCommand,
  unlockForCli,
} from './cli-wallet';
import { ChatCliError, checkChatArgs, isChatCommand, runChatCommand } from './cli-chat';
import { AaCliError, checkAaArgs, isAaCommand, runAaCommand } from './cli-aa';
import { runTextcoinCommand } from './cli-textcoin';
import { ChatError } from './main/services/chat/words';
import { WalletRefusal } from './main/services/wallet/refusal';
import { walletSentence } from './main/ipc/wallet-sentences';
import { backupSentence } from './main/ipc/backup-sentences';
import { walletServiceSentence } from './main/ipc/wallet-service-sentences';
import { WalletError } from './main/services/wallet/wallet-service';
import { BackupError } from './main/services/backup/errors';
import { BackupUsageError, checkBackupArgs, isBackupCommand, runBackupCommand } from './cli-backup';
import { Logger } from './main/services/logger';
import { AppPaths } from './main/services/app-paths';
import { LogFile } from './main/services/log-file';
import { AtomicFile } from './main/services/atomic-file';
import { peekSettings } from './main/services/settings-store';
import { preflight } from './cli-preflight';
import {
  checkLabelArgs,
  isLabelCommand,
  LabelFileCliError,
  LabelUsageError,
  runLabelCommand,
  type LabelArgs,
} from './cli-labels';
import { checkHistoryExportArgs, HistoryExportUsageError, isHistoryExport } from './cli-history';
import { earlyAnswer, OPTIONS, programVersion, USAGE } from './cli-usage';
import {
  AccountsCliError,
  checkAccountsArgs,
  parseAccountOption,
  runAccountsCommand,
} from './cli-accounts';
import { systemClock, type Clock } from './main/services/clock';
import {
  balancesView,
  checkUserAddress,
  historyExport,
  historyPage,
  watchList,
  WalletInputError,
} from './main/services/sync/index';

/** Where this run logs (set once the data folder is known), for the failure message. */
let cliLogPath: string | null = null;

/** `balance` when the second hub disagrees with the main one (the balances are still printed). */
const EXIT_HUBS_DISAGREE = 3;

const CONNECT_TIMEOUT_MS = 20_000;
/** How long `status` waits for the hub and the first sync before it reports what it has. */
const STATUS_WAIT_MS = 10_000;

class UsageError extends Error {}

function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Obyte Light');
  if (process.platform === 'win32') {
    return join(process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Obyte Light');
  }
  return join(process.env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'Obyte Light');
}

/** The command line, or a UsageError (exit code 2) for an unknown option or a missing value. */
function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      throw new UsageError(
        `${error.message}\nRun obyte-light --help for the commands and options.`,
      );
    }
    throw error;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, ...args] = positionals;
  // --version, --help, help [COMMAND], COMMAND --help, no command (null only with a command).
  const early = earlyAnswer(values, command, args);
  if (early !== null || command === undefined) {
    const answer = early ?? { exitCode: 2, stdout: USAGE };
    if (answer.stderr !== undefined) throw new UsageError(answer.stderr);
    if (answer.stdout !== undefined) console.log(answer.stdout);
    return answer.exitCode;
  }
  if (
    !['status', 'watch', 'balance', 'history', 'accounts'].includes(command) &&
    !isWalletCommand(command) &&
    !isChatCommand(command) &&
    !isAaCommand(command) &&
    !isBackupCommand(command) &&
    !isLabelCommand(command) &&
    command !== 'textcoin'
  ) {
    throw new UsageError(
      `Unknown command "${command.slice(0, 40)}". Run obyte-light --help for the commands.`,
    );
  }
  const network =
    values.network === undefined ? undefined : NetworkSchema.safeParse(values.network);
  if (network && !network.success)
    throw new UsageError('The network (--network) is mainnet, testnet or devnet.');
  const hub = values.hub === undefined ? undefined : HubUrlSchema.safeParse(values.hub);
  if (hub && !hub.success) {
    throw new UsageError(hub.error.issues[0]?.message ?? 'That hub address is not valid.');
  }
  const unit = values.unit === undefined ? undefined : DisplayUnitSchema.safeParse(values.unit);
  if (unit && !unit.success) throw new UsageError('The unit (--unit) is GBYTE, MB, KB or bytes.');
  const spendUnconfirmed =
    values['spend-unconfirmed'] === undefined
      ? undefined
      : SpendUnconfirmedSchema.safeParse(values['spend-unconfirmed']);
  if (spendUnconfirmed && !spendUnconfirmed.success) {
    throw new UsageError(
      'Which unconfirmed coins to spend (--spend-unconfirmed) is none, own or all.',
    );
  }
  if (unit && values.asset !== undefined && values.asset !== 'base') {
    throw new UsageError(
      "The unit (--unit) is for bytes only; with --asset, --amount is in the asset's own decimals.",
    );
  }
  if (isBackupCommand(command)) {
    return runBackup(
      args,
      {
        dataDir: values['data-dir'] ?? defaultDataDir(),
        network: network?.success ? network.data : undefined,
        json: values.json,
        verbose: values.verbose,
      },
      values.folder,
    );
  }
  if (isLabelCommand(command)) {
    let checked;
    try {
      checked = checkLabelArgs(command, args, {
        note: values.note,
        device: values.device,
        type: values.type,
      });
    } catch (error) {
      if (error instanceof LabelUsageError) throw new UsageError(error.message);
      throw error;
    }
    return runLabels(checked, {
      dataDir: values['data-dir'] ?? defaultDataDir(),
      network: network?.success ? network.data : undefined,
      json: values.json,
      verbose: values.verbose,
    });
  }
  let exportArgs = null;
  if (isHistoryExport(command, args)) {
    try {
      exportArgs = await checkHistoryExportArgs(args, {
        format: values.format,
        from: values.from,
        to: values.to,
      });
    } catch (error) {
      if (error instanceof HistoryExportUsageError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (isChatCommand(command)) checkChatArgs(command, args);
  let account: number | undefined;
  try {
    account = parseAccountOption(values.account);
    if (command === 'accounts') checkAccountsArgs(args);
  } catch (error) {
    if (error instanceof AccountsCliError) throw new UsageError(error.message);
    throw error;
  }
  if (account !== undefined && !['balance', 'history', 'address', 'send'].includes(command)) {
    throw new UsageError('--account is for balance, history, address and send.');
  }
  // A new password that breaks the rule is refused before the data folder is touched.
  if (command === 'create' || command === 'restore') checkNewPasswordFromEnv();
  const aaOptions = {
    amount: values.amount,
    asset: values.asset,
    data: values.data,
    prefix: values.prefix,
    address: values.address,
    from: values.from,
  };
  if (isAaCommand(command)) {
    try {
      checkAaArgs(command, args, aaOptions);
    } catch (error) {
      if (error instanceof AaCliError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (command === 'status' && args.length > 0) {
    throw new UsageError('Status takes no addresses (watch adds them).');
  }
  const addresses =
    isWalletCommand(command) ||
    isChatCommand(command) ||
    isAaCommand(command) ||
    command === 'textcoin' ||
    exportArgs !== null ||
    command === 'accounts'
      ? []
      : args.map((address) => checkUserAddress(address));
  if (command === 'watch' && addresses.length === 0)
    throw new UsageError('Name the address to watch: obyte-light watch ADDRESS.');

  const json = values.json;
  const paths = new AppPaths({ root: values['data-dir'] ?? defaultDataDir(), home: homedir() });
  // Every input of the command is checked before anything is opened or written.
  const prepared = await preflight({
    command,
    args,
    options: {
      to: values.to,
      amount: values.amount,
      asset: values.asset,
      unit: unit?.success ? unit.data : undefined,
      data: values.data,
      from: values.from,
      yes: values.yes,
    },
    paths,
    network: network?.success
      ? network.data
      : (await peekSettings(new AtomicFile(paths.settingsFile))).network,
    env: process.env,
    stdin: process.stdin,
  });
  const { logFile, sink } = openCliLog(paths, values.verbose);
  const services = await composeServices({
    app: { name: 'obyte-light-cli', version: programVersion() },
    paths,
    appOrigin: 'cli://obyte',
    clock: systemClock,
    logSink: sink,
    offline: true,
    // Only the chat commands chat: the others open no chat database and make no hub login.
    chatFollowsWallet: isChatCommand(command),
    // --network and --hub apply to this run only (compose applies them before it opens
    // anything, so only that network's folder is made); the saved settings stay as they are.
    ...(hub?.success ? { hubUrl: hub.data } : {}),
    ...(network?.success ? { network: network.data } : {}),
  });
  try {
    const parts = services.light.parts;
    const out = (document: unknown, text: string): void => {
      console.log(json ? JSON.stringify(document, null, 2) : text);
    };

    // --account N: this run uses account N of the seed (the app's choice stays as it was).
    if (account !== undefined) await services.wallet.accounts.useForRun(account);

    if (command === 'accounts') {
      return await runAccountsCommand(args, {
        wallet: services.wallet,
        out,
        unlock: () => unlockForCli(services.wallet),
        unit: unit?.success ? unit.data : services.settings.get().unit,
      });
    }

    if (isChatCommand(command)) {
      return await runChatCommand(command, args, {
        wallet: services.wallet,
        chat: services.chat,
        hub: parts.hub,
        json,
        follow: values.follow,
      });
    }

    if (isAaCommand(command)) {
      return await runAaCommand(command, args, {
        wallet: services.wallet,
        connect: () => syncOnce(parts),
        out,
        unit: unit?.success ? unit.data : services.settings.get().unit,
        options: aaOptions,
        unlock: () => unlockForCli(services.wallet),
      });
    }

    if (command === 'textcoin') {
      return await runTextcoinCommand(args, {
        textcoins: services.textcoins,
        wallet: services.wallet,
        connect: () => syncOnce(parts),
        out,
        options: {
          amount: values.amount,
          asset: values.asset,
          unit: unit?.success ? unit.data : undefined,
          yes: values.yes,
        },
      });
    }

    if (isWalletCommand(command)) {
      return await runWalletCommand(command, {
        wallet: services.wallet,
        connect: () => syncOnce(parts),
        out,
        json,
        options: {
          to: values.to,
          amount: values.amount,
          asset: values.asset,
          unit: unit?.success ? unit.data : undefined,
          data: values.data,
          acceptBounce: values['accept-bounce'],
          spendUnconfirmed: spendUnconfirmed?.success ? spendUnconfirmed.data : undefined,
          yes: values.yes,
        },
        ...prepared,
      });
    }

    if (command === 'watch') {
      for (const address of addresses) parts.db.addWatchedAddress({ address, kind: 'watch-only' });
      const list = watchList(parts.db);
      out({ network: parts.network, watched: list }, list.map((item) => item.address).join('\n'));
      return 0;
    }

    if (command === 'status') {
      const report = await statusReport(services);
      out(report.document, report.text);
      return report.problem ? 1 : 0;
    }

    for (const address of addresses) parts.db.addWatchedAddress({ address, kind: 'watch-only' });
    const problem = await syncOnce(parts);
    // Bytes in --unit, else the unit saved in the app's settings; assets in their decimals.
    const displayUnit = unit?.success ? unit.data : services.settings.get().unit;
    if (command === 'balance') {
      // The second hub's word (a fallback hub in the settings) is part of the answer.
      if (problem === null) await parts.secondHubCheck.idle();
      const report = balanceReport(
        balancesView(parts.db, parts.reports),
        addresses,
        displayUnit,
        parts.secondHubCheck.state,
      );
      // The hub's own figures are an optional check: when it could not be made, say so.
      const crossCheck = problem === null ? parts.sync.state.crossCheck : null;
      out(
        {
          network: parts.network,
          hub: parts.hubUrl,
          lastStableMci: parts.db.lastStableMci()?.mci ?? null,
          problem,
          crossCheckUnavailable: crossCheck,
          ...report.document,
        },
        [report.text, crossCheck, problem].filter((line) => line !== null).join('\n'),
      );
      if (problem) return 1;
      // The balances printed are verified, but a script must notice that the hubs disagree.
      return report.document.secondHub?.state === 'disagrees' ? EXIT_HUBS_DISAGREE : 0;
    }
    if (exportArgs !== null) {
      const { text, rows } = historyExport(
        parts.db,
        {
          ...(exportArgs.from === undefined ? {} : { from: exportArgs.from }),
          ...(exportArgs.to === undefined ? {} : { to: exportArgs.to }),
        },
        exportArgs.format,
      );
      if (exportArgs.file === null) {
        process.stdout.write(text);
        if (problem) console.error(problem);
        return problem ? 1 : 0;
      }
      await new AtomicFile(exportArgs.file).write(text);
      const where = services.paths.display(exportArgs.file);
      out(
        { network: parts.network, file: where, format: exportArgs.format, rows, problem },
        `Wrote ${rows} transactions as ${exportArgs.format.toUpperCase()} to ${where}.${problem ? `\n${problem}` : ''}`,
      );
      return problem ? 1 : 0;
    }
    // history
    // The addresses' own history (their inputs, outputs and authorship), amounts as they see it.
    const filtered = [];
    let cursor: string | null = null;
    do {
      const page = historyPage(parts.db, { cursor, limit: 500, addresses });
      filtered.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor !== null);
    out(
      { network: parts.network, hub: parts.hubUrl, problem, history: filtered },
      filtered
        .map(
          (row) =>
            `${new Date(row.timestamp * 1000).toISOString()}  ${row.unit}  ${row.status.padEnd(9)} ${row.amounts
              .map((a) =>
                signedAmountText(
                  a.net,
                  { asset: a.asset, name: a.name, decimals: a.decimals },
                  displayUnit,
                ),
              )
              .join(', ')}`,
        )
        .join('\n') + (problem ? `\n${problem}` : ''),
    );
    return problem ? 1 : 0;
  } finally {
    await services.close();
    await logFile.close();
  }
}

/**
 * The run's log: logs/cli.log beside the app's own log (redacted like it); --verbose also prints
 * it on standard error as it happens.
 */
function openCliLog(
  paths: AppPaths,
  verbose: boolean,
): {
  logFile: LogFile;
  sink: (line: string) => void;
} {
  const logFile = new LogFile(join(paths.root, 'logs', 'cli.log'));
  cliLogPath = paths.display(join(paths.root, 'logs', 'cli.log'));
  return {
    logFile,
    sink: (line) => {
      logFile.sink(line);
      if (verbose) process.stderr.write(`${line}\n`);
    },
  };
}

interface OfflineOptions {
  dataDir: string;
  network: Network | undefined;
  json: boolean;
  verbose: boolean;
}

/** What a command that needs no hub and no services gets: the folders, the network, a logger. */
interface OfflineContext {
  paths: AppPaths;
  network: Network;
  clock: Clock;
  logger: Logger;
  out: (document: unknown, text: string) => void;
}

async function runOffline(
  options: OfflineOptions,
  run: (ctx: OfflineContext) => Promise<number>,
): Promise<number> {
  const paths = new AppPaths({ root: options.dataDir, home: homedir() });
  const network =
    options.network ?? (await peekSettings(new AtomicFile(paths.settingsFile))).network;
  const { logFile, sink } = openCliLog(paths, options.verbose);
  try {
    return await run({
      paths,
      network,
      clock: systemClock,
      logger: new Logger({ sink, clock: systemClock }),
      out: (document, text) => console.log(options.json ? JSON.stringify(document, null, 2) : text),
    });
  } finally {
    await logFile.close();
  }
}

/** `label`, `contacts`, `labels export|import`, `history export`: the wallet database only. */
function runLabels(args: LabelArgs, options: OfflineOptions): Promise<number> {
  return runOffline(options, (ctx) => runLabelCommand(args, ctx));
}

/** `backup export|import FILE`: no hub and no services beyond the backup's own. */
async function runBackup(
  args: readonly string[],
  options: OfflineOptions,
  folder: string | undefined,
): Promise<number> {
  let checked;
  try {
    checked = checkBackupArgs(args, { folder });
  } catch (error) {
    if (error instanceof BackupUsageError) throw new UsageError(error.message);
    throw error;
  }
  return runOffline(options, (ctx) =>
    runBackupCommand(checked, {
      ...ctx,
      env: process.env,
      stdin: process.stdin,
      program: { name: 'obyte-light-cli', version: programVersion() },
    }),
  );
}

function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * Connects and waits (at most STATUS_WAIT_MS) until the first sync after connecting ends, or
 * every hub was tried once and refused, or no hub is usable. Returns a problem sentence or null.
 */
function waitForFirstSync(parts: Services['light']['parts']): Promise<string | null> {
  const { hub, sync } = parts;
  const seconds = STATUS_WAIT_MS / 1000;
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const done = (problem: string | null): void => {
      clearTimeout(timer);
      for (const stop of stops) stop();
      resolve(problem);
    };
    const timer = setTimeout(() => {
      done(
        hub.isConnected
          ? `Connected, but the sync did not finish within ${seconds} s; showing what is known.`
          : `Could not connect to the hub within ${seconds} s.`,
      );
    }, STATUS_WAIT_MS);
    stops.push(
      sync.on('state', (state) => {
        if (state.running === null && (state.lastSyncAt !== null || state.problem !== null)) {
          done(state.problem);
        }
      }),
      hub.on('state', (state) => {
        if (state.state === 'fatal') done(`The hub cannot be used: ${state.reason}`);
        if (state.state === 'disconnected' && state.failures >= parts.hubUrls.length) {
          done(`Could not reach the hub at ${state.url} (${state.reason}).`);
        }
      }),
    );
    hub.start();
  });
}

function connectionText(connection: Status['connection'], hubUrl: string): string {
  const url = connection.url ?? hubUrl;
  const since = connection.since === null ? '' : ` since ${iso(connection.since)}`;
  switch (connection.state) {
    case 'connected':
      return `connected to ${url}${since}`;
    case 'connecting':
      return `connecting to ${url}${since}`;
    case 'disconnected':
      return `offline: could not reach ${url}${connection.reason ? ` (${connection.reason})` : ''}`;
    case 'offline':
      return 'offline';
  }
}

/** `status`: connects, waits briefly for the first sync, and reports the facts at that moment. */
async function statusReport(
  services: Services,
): Promise<{ document: unknown; text: string; problem: string | null }> {
  const parts = services.light.parts;
  const problem = await waitForFirstSync(parts);
  const status = services.status.get();
  // The snapshot is taken: end the connection now, so that closing does not wait for a sync
  // still waiting on the hub.
  await parts.hub.stop();
  const watched = watchList(parts.db).length;
  const dataDir = services.paths.display(services.paths.networkDir(parts.network));
  // What the sync proved, in this run or an earlier one (an answer with nothing new proves
  // no MCI): the newest is kept in the database.
  const reached = parts.db.lastStableMci();
  const mciText =
    reached !== null
      ? `${reached.mci} (verified ${iso(reached.verifiedAt)}${reached.unitAt !== null ? `; the unit at that MCI is from ${iso(reached.unitAt)}` : ''})`
      : watched === 0
        ? 'none yet (nothing is watched, so there is no history to prove)'
        : 'none yet';
  const document = {
    network: parts.network,
    hub: parts.hubUrl,
    connection: {
      state: status.connection.state,
      url: status.connection.url ?? null,
      since: iso(status.connection.since),
      reason: status.connection.reason ?? null,
    },
    lastStableMci: reached?.mci ?? null,
    lastStableMciAt: iso(reached?.verifiedAt),
    lastStableUnitAt: iso(reached?.unitAt),
    witnesses: status.witnesses ?? null,
    problem,
    dataDir,
    watched,
  };
  const text = [
    `Network: ${parts.network}`,
    `Hub: ${parts.hubUrl}`,
    `Connection: ${connectionText(status.connection, parts.hubUrl)}`,
    `Last stable MCI: ${mciText}`,
    `Data: ${dataDir}`,
    `Watched addresses: ${watched}`,
    ...(problem ? [problem] : []),
  ].join('\n');
  return { document, text, problem };
}

/**
 * Connect, let the sync run once, and say what went wrong if it did. Gives up at once when
 * every hub was tried and refused (or one cannot be used), else after CONNECT_TIMEOUT_MS.
 */
async function syncOnce(parts: Services['light']['parts']): Promise<string | null> {
  const { hub, sync } = parts;
  hub.start();
  const refusal = await new Promise<string | null>((resolve) => {
    if (hub.isConnected) return resolve(null);
    const timer = setTimeout(() => {
      off();
      resolve(
        `Could not connect to the hub in ${CONNECT_TIMEOUT_MS / 1000} s; showing what is stored.`,
      );
    }, CONNECT_TIMEOUT_MS);
    const finish = (problem: string | null): void => {
      clearTimeout(timer);
      off();
      resolve(problem);
    };
    const off = hub.on('state', (state) => {
      if (state.state === 'connected') finish(null);
      else if (state.state === 'fatal') finish(`The hub cannot be used: ${state.reason}`);
      else if (state.state === 'disconnected' && state.failures >= parts.hubUrls.length) {
        finish(
          `Could not reach the hub at ${state.url} (${state.reason}); showing what is stored.`,
        );
      }
    });
  });
  if (refusal !== null) return refusal;
  const result = await sync.syncNow();
  return result.problem;
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof WalletRefusal) {
        console.error(walletSentence(error.facts));
        process.exitCode = 1;
        return;
      }
      if (error instanceof BackupError) {
        console.error(backupSentence(error.facts));
        process.exitCode = 1;
        return;
      }
      if (
        isWalletCliError(error) ||
        error instanceof ChatCliError ||
        error instanceof ChatError ||
        error instanceof AaCliError ||
        error instanceof LabelFileCliError
      ) {
        console.error(error.message);
        process.exitCode = 1;
        return;
      }
      if (error instanceof UsageError || error instanceof WalletInputError) {
        console.error(error.message);
        process.exitCode = 2;
        return;
      }
      console.error(
        `obyte-light failed: ${error instanceof WalletError ? walletServiceSentence(error.facts) : error instanceof Error ? error.message : String(error)}` +
          (cliLogPath === null ? '' : `\nThe log of this run is in ${cliLogPath}.`),
      );
      process.exitCode = 1;
    },
  )
  .finally(() => {
    // Every service was closed; a socket or timer some service failed to release must not keep
    // a finished command hanging (the timer itself does not keep the process alive).
    setTimeout(() => process.exit(), 1_000).unref();
  });
