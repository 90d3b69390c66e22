/**
 * What the command line answers from its own text, before anything else loads: `--version`,
 * `--help`, `help [COMMAND]`, `COMMAND --help` and no command at all. The installed command line
 * (out/cli/obyte-light.mjs, electron/cli-bin.ts) answers these without loading the rest; every
 * other command line goes to electron/cli.ts, which asks the same questions here first.
 */
import { readFileSync } from 'node:fs';
import { commandHelp } from './cli-help';

/**
 * The version in package.json (what the hub is told, with the program name): beside electron/
 * when run from the sources, two folders up from the built command line (out/cli/).
 */
export function programVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const text = readFileSync(new URL(relative, import.meta.url), 'utf8');
      const { name, version } = JSON.parse(text) as { name?: unknown; version?: unknown };
      if (name !== 'obyte-light') continue;
      return typeof version === 'string' && /^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version)
        ? version
        : '0.0.0';
    } catch {
      continue;
    }
  }
  return '0.0.0';
}

export const USAGE = `Usage: obyte-light [--network mainnet|testnet|devnet] [--hub URL] [--data-dir DIR] [--json] COMMAND
Commands:
  status                 network, hub, connection, last stable MCI, watched addresses
                         (connects and waits up to 10 s for the first sync)
  watch ADDRESS…         watch addresses (no keys needed)
  balance [ADDRESS…]     sync, then balances per asset (stable / pending): the wallet's own,
                         then each watched address apart (no key: never the wallet's money);
                         bytes in --unit (GBYTE|MB|KB|bytes, default: the app's setting)
  history [ADDRESS…]     sync, then the history, newest first; with addresses, theirs only and
                         the amounts as they see them; bytes in --unit as for balance
  history export [FILE] [--format csv|json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                         sync, then the history of those days (UTC, both included) as CSV or
                         JSON with your labels and notes; to FILE (never overwritten) or stdout
  create                 a new wallet: shows the recovery phrase once, checks it, encrypts it
  restore                a wallet from its recovery phrase (read from standard input)
  address                the next unused receiving address
  accounts [create NAME] the seed's accounts (BIP-44, as the official wallet has them), or a
                         new one; --account N makes balance, history, address and send use
                         account N for that run
  send --to ADDRESS --amount N [--unit GBYTE|MB|KB|bytes | --asset ASSET] [--yes]
                         --amount is a decimal in the display unit: GBYTE unless --unit says
                         otherwise (0.1 = 100000000 bytes); with --asset, in the asset's own
                         decimals. Prints the full preview; sends only with --yes or after you
                         type y. --data JSON attaches a data object (for an autonomous agent):
                         the preview then shows the AA's bounce fee and the hub's dry run, and
                         after sending waits for the AA's response. A payment that would bounce
                         needs --accept-bounce (or typing "bounce"). --spend-unconfirmed
                         none|own|all: which coins not yet stable it may spend (default: the
                         app's setting, else own: this wallet's own change)
  aa dry-run ADDRESS --amount N [--asset A] [--data JSON] [--from ADDRESS]
                         what the AA would do with such a payment (the hub's dry run)
  aa state ADDRESS [--prefix P]
                         the AA's state variables (the hub's word)
  aa info ADDRESS        the AA's definition, bounce fees, balances and recent responses
  textcoin send --amount N [--unit GBYTE|MB|KB|bytes | --asset ASSET] [--yes]
                         a textcoin: the amount (as for send) to a fresh 12-word secret, plus
                         the bytes its claim will cost (shown in the preview); prints its words
                         joined by "-" and its link once
  textcoin claim WORDS [--yes]
                         claim a textcoin (its words, or its obyte.org / obyte: link) into
                         this wallet: shows what arrives first
  textcoin list          textcoins sent from this wallet: claimed or not (the hub's word)
  textcoin take-back ADDRESS [--yes]
                         claim an unclaimed textcoin you sent back into this wallet
  sign-message --address A TEXT
                         sign TEXT with an address of this wallet (prints the base64 package)
  verify-message SIGNED  check a signed message (base64 or JSON)
  pairing-code           our pairing code (one-time, 24 hours) for another device
  pair CODE              pair with a device or bot by its pairing code
  bots                   the hub's bot store
  chat list              conversations
  chat send DEVICE_ADDRESS TEXT
  chat read DEVICE_ADDRESS [--follow]
                         the conversation; --follow prints new messages until Ctrl+C
  backup export FILE     the whole wallet in one encrypted file: keystore, chat, addresses,
                         settings (and every section the app keeps); never overwrites a file
  backup import FILE     a backup into a data folder with no wallet on its network; the
                         history is synced from the hub when the wallet is next used
  backup auto status | backup auto on --folder DIR | backup auto off
                         the automatic backup: the same file, written by the app into DIR
                         a few seconds after each change while the wallet is unlocked
  label set UNIT|ADDRESS LABEL [--note TEXT] | label get UNIT|ADDRESS | label list [--type unit|addr]
                         your label and note on a unit or an address ("" removes it)
  contacts add NAME ADDRESS [--device DEVICE_ADDRESS] [--note TEXT] | contacts list
  contacts remove ADDRESS
                         the address book (addresses checked with their checksum)
  labels export FILE | labels import FILE
                         labels, notes and contacts as JSON lines (docs/labels-format.md);
                         an import checks every line first and changes nothing if one is bad
--version prints the version; --help this text; COMMAND --help (or help COMMAND) that
command's own usage, options and an example; --verbose (-v) prints the log as it goes
(every run also appends it to logs/cli.log in the data folder).
--network and --hub apply to this run only; the saved settings stay as they are.
The wallet password comes from OBYTE_LIGHT_PASSWORD or a prompt; a BIP-39 passphrase for
restore from OBYTE_LIGHT_PASSPHRASE; a backup's password from OBYTE_LIGHT_BACKUP_PASSWORD.
Exit codes: 0 done, 1 failed (or the hub/sync reported a problem), 2 wrong usage, 3 balance:
the second hub (a fallback hub in the settings) disagrees with the main one.`;

/** The options of every command (node:util parseArgs). */
export const OPTIONS = {
  network: { type: 'string' },
  hub: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  to: { type: 'string' },
  amount: { type: 'string' },
  unit: { type: 'string' },
  asset: { type: 'string' },
  data: { type: 'string' },
  prefix: { type: 'string' },
  address: { type: 'string' },
  from: { type: 'string' },
  'accept-bounce': { type: 'boolean', default: false },
  'spend-unconfirmed': { type: 'string' },
  account: { type: 'string' },
  yes: { type: 'boolean', default: false },
  follow: { type: 'boolean', default: false },
  note: { type: 'string' },
  device: { type: 'string' },
  type: { type: 'string' },
  format: { type: 'string' },
  folder: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

/** An answer given from the text alone: what to print and the exit code. */
export interface EarlyAnswer {
  readonly exitCode: number;
  readonly stdout?: string;
  /** Wrong usage (exit code 2): the sentence for standard error. */
  readonly stderr?: string;
}

/**
 * The answer to `--version`, `--help`, `help [COMMAND]`, `COMMAND --help` or no command at all,
 * from parsed options; null for every other command line.
 */
export function earlyAnswer(
  values: { readonly version?: boolean | undefined; readonly help?: boolean | undefined },
  command: string | undefined,
  args: readonly string[],
): EarlyAnswer | null {
  if (values.version === true) return { exitCode: 0, stdout: programVersion() };
  // `help COMMAND` and `COMMAND --help`: that command's own usage and options.
  if (command === 'help' || (values.help === true && command !== undefined)) {
    const topic = command === 'help' ? args[0] : command;
    if (topic === undefined) return { exitCode: 0, stdout: USAGE };
    const text = commandHelp(topic);
    if (text === null) {
      return {
        exitCode: 2,
        stderr: `There is no command "${topic.slice(0, 40)}". Run obyte-light --help for the commands.`,
      };
    }
    return { exitCode: 0, stdout: text };
  }
  if (values.help === true || command === undefined) {
    return { exitCode: values.help === true ? 0 : 2, stdout: USAGE };
  }
  return null;
}
