/**
 * Everything a command of `obyte-light` is given, checked before anything is opened, written or
 * sent: a refused command leaves the data folder as it was (its log aside) and says in one
 * sentence what to fix. Only reads happen here: the saved network (settings.json), whether a
 * wallet exists (its keystore file), and, for `restore`, the recovery phrase from the terminal
 * or standard input.
 */
import { parseDataJson } from '../shared/protocol/aa-data';
import { access } from 'node:fs/promises';
import type { DisplayUnit, Network } from '../shared/ipc';
import { checkDecimalShape, parseAsset } from '../shared/protocol/amount';
import { parseAddress, parseDeviceAddress } from '../shared/protocol/chash';
import { ProtocolError } from '../shared/protocol/errors';
import { parseMnemonic } from '../shared/protocol/mnemonic';
import { parsePairingCode } from '../shared/protocol/pairing';
import { ChatCliError } from './cli-chat';
import { ask, askNewPassword, checkBytesAmount, CliInputError } from './cli-wallet';
import { checkTextcoinArgs } from './cli-textcoin';
import type { AppPaths } from './main/services/app-paths';
import { MAX_TEXT_LENGTH } from './main/services/chat/context';

const PASSWORD_ENV = 'OBYTE_LIGHT_PASSWORD';

export interface PreflightInput {
  readonly command: string;
  readonly args: readonly string[];
  readonly options: {
    readonly to?: string | undefined;
    readonly amount?: string | undefined;
    readonly asset?: string | undefined;
    readonly unit?: DisplayUnit | undefined;
    /** send --data: JSON of a data object. */
    readonly data?: string | undefined;
    /** aa dry-run --from: the trigger's address when the wallet has none. */
    readonly from?: string | undefined;
    readonly yes: boolean;
  };
  readonly paths: AppPaths;
  /** The network this run uses (--network, else the saved one). */
  readonly network: Network;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** What was read during the checks and must not be read twice. */
export interface Prepared {
  /** `restore`: the recovery phrase, checked and in its canonical form. */
  readonly phrase?: string;
  /** `create`, `restore`: the new password, from the environment or asked, and checked. */
  readonly newPassword?: string;
}

/** The reason a ProtocolError gives, else the error itself. */
function reason(error: unknown): string {
  if (error instanceof ProtocolError) return error.message;
  throw error;
}

async function walletExists(paths: AppPaths, network: Network): Promise<boolean> {
  try {
    await access(paths.keystoreFile(network));
    return true;
  } catch {
    return false;
  }
}

function hasPassword(env: NodeJS.ProcessEnv): boolean {
  const value = env[PASSWORD_ENV];
  return value !== undefined && value !== '';
}

/** Standard input, at most a few kilobytes (a recovery phrase is far shorter). */
async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > 4096) throw new CliInputError('That is far too long for a recovery phrase.');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function noWallet(network: Network): never {
  throw new CliInputError(
    `There is no wallet on ${network} in this data folder yet: create one (obyte-light create) or restore one (obyte-light restore) first.`,
  );
}

/** Checks one command's input; throws the sentence to print, or returns what it read. */
export async function preflight(input: PreflightInput): Promise<Prepared> {
  const { command, args, options, paths, network, env, stdin } = input;
  const interactive = stdin.isTTY === true;
  const exists = (): Promise<boolean> => walletExists(paths, network);

  switch (command) {
    case 'create':
    case 'restore': {
      if (await exists()) {
        throw new CliInputError(
          'A wallet already exists here. Obyte Light never overwrites one; nothing was changed.',
        );
      }
      if (!hasPassword(env) && !interactive) {
        throw new CliInputError(
          `No terminal to ask for the new password: set ${PASSWORD_ENV} in the environment. Nothing was written.`,
        );
      }
      // The new password is asked (and its rule checked) here, before anything is opened.
      if (command === 'create') return { newPassword: await askNewPassword(env, interactive) };
      const text = interactive
        ? await ask('Recovery phrase (the words, separated by spaces): ', true, stdin)
        : await readAll(stdin);
      let phrase: string;
      try {
        phrase = parseMnemonic(text);
      } catch (error) {
        throw new CliInputError(`${reason(error)} Nothing was written.`);
      }
      return { phrase, newPassword: await askNewPassword(env, interactive) };
    }
    case 'address':
      if (!(await exists())) noWallet(network);
      return {};
    case 'send': {
      const { to, amount, asset } = options;
      if (to === undefined || amount === undefined) {
        throw new CliInputError(
          'Send needs --to ADDRESS and --amount N (a decimal in GBYTE, or in --unit; with --asset, in its decimals).',
        );
      }
      try {
        parseAddress(to);
      } catch (error) {
        throw new CliInputError(
          `"${to.slice(0, 40)}" (--to) is not an Obyte address. ${reason(error)}`,
        );
      }
      if (asset === undefined || asset === 'base')
        checkBytesAmount(amount, options.unit ?? 'GBYTE');
      else {
        try {
          parseAsset(asset);
        } catch (error) {
          throw new CliInputError(reason(error));
        }
        // The asset's own decimals are known only from the database; the shape is checked now.
        try {
          checkDecimalShape(amount);
        } catch (error) {
          throw new CliInputError(
            `Cannot send "${amount.slice(0, 40)}" of that asset: ${reason(error)}`,
          );
        }
      }
      if (options.data !== undefined) {
        try {
          parseDataJson(options.data);
        } catch (error) {
          throw new CliInputError(`The data (--data) cannot be sent: ${reason(error)}`);
        }
      }
      if (!(await exists())) noWallet(network);
      if (options.yes && !hasPassword(env) && !interactive) {
        throw new CliInputError(
          `Sending with --yes and no terminal needs the wallet password in ${PASSWORD_ENV}.`,
        );
      }
      return {};
    }
    case 'sign-message':
      if (!(await exists())) noWallet(network);
      return {};
    case 'textcoin': {
      const sub = checkTextcoinArgs(args, options, network);
      if (!(await exists())) noWallet(network);
      // Sending seals the words with the wallet's key; taking back opens them.
      const needsKey = sub === 'send' || sub === 'take-back';
      if (needsKey && options.yes && !hasPassword(env) && !interactive) {
        throw new CliInputError(
          `Textcoin ${sub} with --yes and no terminal needs the wallet password in ${PASSWORD_ENV}.`,
        );
      }
      return {};
    }
    case 'aa':
      if (args[0] === 'dry-run' && options.from === undefined && !(await exists())) {
        throw new CliInputError(
          'aa dry-run needs --from ADDRESS here: there is no wallet to take the paying address from.',
        );
      }
      return {};
    case 'pair':
    case 'chat':
    case 'pairing-code':
    case 'bots': {
      if (command === 'pair') {
        try {
          parsePairingCode(args[0] ?? '');
        } catch (error) {
          throw new ChatCliError(reason(error));
        }
      }
      if (command === 'chat' && args[0] !== 'list') {
        try {
          parseDeviceAddress(args[1] ?? '');
        } catch (error) {
          throw new ChatCliError(reason(error));
        }
      }
      if (command === 'chat' && args[0] === 'send') {
        const text = args[2] ?? '';
        if (text.trim() === '') throw new ChatCliError('The message is empty.');
        if (text.length > MAX_TEXT_LENGTH) {
          throw new ChatCliError(`The message is longer than ${MAX_TEXT_LENGTH} characters.`);
        }
      }
      if (!(await exists())) noWallet(network);
      if (!hasPassword(env)) {
        throw new ChatCliError(
          `Chat needs the unlocked wallet: set ${PASSWORD_ENV} in the environment.`,
        );
      }
      return {};
    }
    case 'accounts':
      if (!(await exists())) noWallet(network);
      if (args[0] === 'create' && !hasPassword(env) && !interactive) {
        throw new CliInputError(
          `Adding an account needs the wallet password: set ${PASSWORD_ENV} in the environment.`,
        );
      }
      return {};
    default:
      return {};
  }
}
