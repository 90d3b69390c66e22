/**
 * Each command's own help: `obyte-light COMMAND --help` and `obyte-light help COMMAND` print its
 * usage, what it does, its options and an example. A command added to the CLI adds its entry
 * here (a test checks that every command the CLI runs has one).
 */

/** The options every command takes, printed under each command's own help. */
const COMMON_OPTIONS = `Options for every command:
  --network mainnet|testnet|devnet   this run only (the saved setting stays)
  --hub URL                          this run only
  --data-dir DIR                     the wallet and its database in DIR instead of the app's folder
  --json                             one JSON document on standard output
  --verbose, -v                      print the log as it is written (always kept in logs/cli.log)`;

const ACCOUNT_OPTION =
  '  --account N                account N of the seed for this run (default: the one the app uses)';

const PASSWORD_NOTE =
  'The wallet password comes from OBYTE_LIGHT_PASSWORD, else a prompt on the terminal.';

export interface CommandHelp {
  /** The usage line(s) after "obyte-light ". */
  readonly usage: string;
  readonly summary: string;
  /** The command's own options, one "  --name VALUE   what" line each. */
  readonly options?: readonly string[];
  readonly notes?: readonly string[];
  readonly example: string;
}

export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  status: {
    usage: 'status',
    summary:
      'Connects to the hub and waits up to 10 s for the first sync, then prints the network, hub, connection, last stable MCI, data folder and how many addresses are watched.',
    example: 'obyte-light --network testnet status',
  },
  watch: {
    usage: 'watch ADDRESS…',
    summary:
      'Watches addresses that have no key here: their balances and history are shown apart from the wallet, never as its money.',
    example: 'obyte-light watch QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD',
  },
  balance: {
    usage: 'balance [ADDRESS…] [--unit GBYTE|MB|KB|bytes] [--account N]',
    summary:
      "Syncs with the hub (verified, as the app does), then prints the balances per asset, stable and pending: the wallet's own first, then each watched address apart. With addresses, those addresses (watched from now on).",
    options: [
      "  --unit GBYTE|MB|KB|bytes   bytes in this unit (default: the app's setting)",
      ACCOUNT_OPTION,
    ],
    notes: [
      'Exit code 3 when the second hub (a fallback hub in the settings) disagrees with the main one; 1 when the hub or the sync reported a problem.',
    ],
    example: 'obyte-light balance --unit MB',
  },
  history: {
    usage:
      'history [ADDRESS…] [--unit GBYTE|MB|KB|bytes] [--account N]\n  history export [FILE] [--format csv|json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
    summary:
      'Syncs, then prints the history, newest first: time, unit, state and the amounts. With addresses, their own history with the amounts as they see them. history export writes the history of the days asked for as CSV (one line per unit and asset) or JSON, with your labels and notes, amounts exact; to FILE, which must not exist yet, or to standard output.',
    options: [
      "  --unit GBYTE|MB|KB|bytes   bytes in this unit (default: the app's setting)",
      ACCOUNT_OPTION,
      '  --format csv|json          export: the file format (default csv)',
      '  --from YYYY-MM-DD          export: from this day (UTC, included)',
      '  --to YYYY-MM-DD            export: to this day (UTC, included)',
    ],
    example: 'obyte-light history export 2024.csv --from 2024-01-01 --to 2024-12-31',
  },
  label: {
    usage:
      'label set UNIT|ADDRESS LABEL [--note TEXT]\n  label get UNIT|ADDRESS\n  label list [--type unit|addr]',
    summary:
      'Your label (one line) and note on a unit or an address, shown in History and Send and found by its search. An address is checked with its checksum. An empty label and note remove it. Works without the hub.',
    options: [
      '  --note TEXT          set: a note (line breaks allowed)',
      '  --type unit|addr     list: only labels of units or of addresses',
    ],
    example: 'obyte-light label set QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD "Exchange deposit"',
  },
  contacts: {
    usage:
      'contacts add NAME ADDRESS [--device DEVICE_ADDRESS] [--note TEXT]\n  contacts list\n  contacts remove ADDRESS',
    summary:
      'The address book: a name for an address (checked with its checksum), and, for someone you chat with, their device address. One contact per address. Send offers them, and History shows their names.',
    options: [
      "  --device DEVICE_ADDRESS   add: the contact's device address (33 characters, starts with 0)",
      '  --note TEXT               add: a note',
    ],
    example: 'obyte-light contacts add Alice QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD',
  },
  labels: {
    usage: 'labels export FILE\n  labels import FILE',
    summary:
      'Labels, notes and contacts as JSON lines after BIP-329 (docs/labels-format.md). export never overwrites a file. import checks every line first: a bad line is named with the reason and nothing is written; otherwise each record replaces what the same unit, address or contact had.',
    example: 'obyte-light labels export my-labels.jsonl',
  },
  create: {
    usage: 'create',
    summary:
      'Makes a new wallet: shows the 12-word recovery phrase once, asks three of its words back, then encrypts the wallet with your new password. A wallet already in the data folder is never overwritten.',
    notes: [
      'The new password comes from OBYTE_LIGHT_PASSWORD, else a prompt (twice); at least 10 characters, not one short pattern repeated.',
    ],
    example: 'obyte-light --data-dir ~/second-wallet create',
  },
  restore: {
    usage: 'restore [--unit GBYTE|MB|KB|bytes]',
    summary:
      'Restores a wallet from its recovery phrase, read from standard input (or typed at a prompt that does not echo), and finds its used addresses and accounts.',
    notes: [
      'The new password comes from OBYTE_LIGHT_PASSWORD, else a prompt; a BIP-39 passphrase from OBYTE_LIGHT_PASSPHRASE.',
      'The balance found is printed in --unit (default GBYTE).',
    ],
    example: 'obyte-light restore < phrase.txt',
  },
  address: {
    usage: 'address [--account N]',
    summary:
      'Prints the next unused receiving address of the wallet (of account N with --account).',
    options: [ACCOUNT_OPTION],
    example: 'obyte-light address --account 1',
  },
  accounts: {
    usage: 'accounts [--unit GBYTE|MB|KB|bytes]\n       accounts create NAME',
    summary:
      "Lists the seed's accounts (BIP-44 account N is m/44'/0'/N', the same addresses as the official wallet): number, name, bytes, hidden; * marks the one the app uses. create adds the next account with that name (at most 3 unused accounts in a row, so that a restore finds them all).",
    notes: ["The bytes in --unit (default: the app's setting).", PASSWORD_NOTE],
    example: 'obyte-light accounts create Savings',
  },
  send: {
    usage:
      'send --to ADDRESS --amount N [--unit GBYTE|MB|KB|bytes | --asset ASSET] [--data JSON] [--spend-unconfirmed none|own|all] [--accept-bounce] [--account N] [--yes]',
    summary:
      'Prints the full preview (every recipient, the change, every fee and the total) and sends only with --yes or after you type y.',
    options: [
      '  --to ADDRESS              the recipient',
      '  --amount N                a decimal in the display unit (GBYTE unless --unit says',
      '                            otherwise: 0.1 = 100000000 bytes); with --asset, in its decimals',
      '  --unit GBYTE|MB|KB|bytes  the unit of a bytes amount',
      '  --asset ASSET             pay an asset (its 44-character id) instead of bytes',
      '  --data JSON               a data object for an autonomous agent: the preview then shows',
      "                            the AA's bounce fee and the hub's dry run",
      '  --spend-unconfirmed none|own|all',
      '                            which coins not yet stable it may spend (default: the',
      "                            app's setting, else own: this wallet's own change)",
      '  --accept-bounce           send even though the dry run says the AA would bounce',
      '  --account N               pay from account N (default: the one the app uses)',
      '  --account N               pay from account N (default: the one the app uses)',
      '  --yes                     send without asking',
    ],
    notes: [PASSWORD_NOTE],
    example: 'obyte-light send --to QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD --amount 0.1',
  },
  aa: {
    usage:
      'aa dry-run ADDRESS --amount N [--asset A] [--data JSON] [--from ADDRESS]\n       aa state ADDRESS [--prefix P]\n       aa info ADDRESS',
    summary:
      "An autonomous agent, in the hub's word: dry-run says what it would do with such a payment, state lists its state variables, info its definition, bounce fees, balances and recent responses.",
    options: [
      '  --amount N        dry-run: the amount, as for send',
      '  --asset A         dry-run: an asset instead of bytes',
      '  --data JSON       dry-run: the data object',
      "  --from ADDRESS    dry-run: the paying address (default: the wallet's first)",
      '  --prefix P        state: only variables whose names start with P',
    ],
    example: 'obyte-light aa state 7DTJZNB3MHSBVI72CKXRIKONJYBV7I2Z --prefix balance_',
  },
  'sign-message': {
    usage: 'sign-message --address A TEXT',
    summary:
      'Signs TEXT with the key of address A of this wallet and prints the signed package (base64), which anyone can check with verify-message.',
    options: ['  --address A   an address of this wallet'],
    notes: [PASSWORD_NOTE],
    example: 'obyte-light sign-message --address QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD "I own this"',
  },
  'verify-message': {
    usage: 'verify-message SIGNED',
    summary:
      'Checks a signed message (base64 or JSON): says whether the signature is valid and which address signed what.',
    example: 'obyte-light verify-message eyJzaWduZWRfbWVzc2FnZSI6…',
  },
  'pairing-code': {
    usage: 'pairing-code',
    summary: 'Prints our pairing code (one-time, valid 24 hours) for another device or bot.',
    notes: [PASSWORD_NOTE],
    example: 'obyte-light pairing-code',
  },
  pair: {
    usage: 'pair CODE',
    summary: 'Pairs with a device or bot by its pairing code (pubkey@hub#secret).',
    notes: [PASSWORD_NOTE],
    example: 'obyte-light pair "A7UYSlJtrGq9o9jVSlQUcc6D6MImDVZwYFPieAkiMZ9e@obyte.org/bb#0000"',
  },
  bots: {
    usage: 'bots',
    summary: "Lists the hub's bot store: each bot's name, description and pairing code.",
    example: 'obyte-light bots',
  },
  chat: {
    usage:
      'chat list\n       chat send DEVICE_ADDRESS TEXT\n       chat read DEVICE_ADDRESS [--follow]',
    summary:
      'Conversations with paired devices and bots: list them, send a text, or read one (with --follow, new messages are printed until Ctrl+C).',
    options: ['  --follow   chat read: keep printing new messages'],
    notes: [PASSWORD_NOTE],
    example: 'obyte-light chat read 0BQHH2EQ754G2WF4O5IQACV7KEOWHT3YY --follow',
  },
  backup: {
    usage:
      'backup export FILE\n       backup import FILE\n       backup auto status\n       backup auto on --folder DIR\n       backup auto off',
    summary:
      "The whole wallet in one encrypted file. export writes the keystore (still under its own protection), the chat (correspondents, messages, the device's chat keys), the wallet's and watched addresses, the settings and every other section the app keeps, encrypted with a backup password of its own; it never overwrites a file. import brings such a file back into a data folder that has no wallet on the backup's network; a wrong password, a damaged or foreign file, or another network's backup is refused and nothing is changed. The history is not in the file: it is synced from the hub the next time the wallet is used.",
    notes: [
      'The backup password comes from OBYTE_LIGHT_BACKUP_PASSWORD, else a prompt (twice for export); a new one has at least 10 characters, not one short pattern repeated.',
      "auto on checks DIR (there, writable, not inside the data folder), asks the backup password and the wallet password (OBYTE_LIGHT_PASSWORD), keeps the key derived from the backup password wrapped under the wallet's own key, and writes the first backup; the app then writes it again a few seconds after each change while the wallet is unlocked. auto off forgets that key; the files stay.",
    ],
    options: ['  --folder DIR   auto on: the folder the automatic backup writes to'],
    example: 'obyte-light --data-dir ~/new-folder backup import wallet.obyte-backup',
  },
  textcoin: {
    usage:
      'textcoin send --amount N [--unit GBYTE|MB|KB|bytes | --asset ASSET] [--yes]\n       textcoin claim WORDS|LINK [--yes]\n       textcoin list\n       textcoin take-back ADDRESS [--yes]',
    summary:
      "Textcoins: money anyone holding 12 words can claim. send previews a payment to a fresh textcoin (the amount, plus the bytes its claim will cost: the claim fee and twice the hub's TPS fee estimate, at least twice the TPS fee of one unit at one unit per second by the hub's current system variables: 344 bytes with their initial values), then prints its words joined by \"-\" and its link once; the words are kept in the wallet database, sealed with the wallet's key. claim shows what a textcoin holds and moves all of it into this wallet. list shows the textcoins sent from here and whether the hub says they were claimed. take-back claims an unclaimed one of yours back.",
    options: [
      '  --amount N       send: a decimal in GBYTE (or --unit); with --asset, in its decimals',
      "  --unit U         GBYTE, MB, KB or bytes: the unit of send's --amount and of every",
      '                   amount of bytes printed (send, claim, take-back, list)',
      '  --asset ASSET    send: a divisible public asset instead of bytes (indivisible and',
      '                   private assets, blackbytes among them, are refused before the hub)',
      '  --yes            go ahead after the preview without a question',
    ],
    notes: [
      'claim takes the words (joined by "-" or as separate arguments), an https://obyte.org/#textcoin?… link or an obyte:textcoin?… link.',
      PASSWORD_NOTE,
    ],
    example: 'obyte-light textcoin send --amount 0.01 --yes',
  },
};

/** The commands with help, in the order the general usage lists them. */
export function helpCommands(): string[] {
  return Object.keys(COMMAND_HELP);
}

/** One command's help text, or null for a command the CLI does not have. */
export function commandHelp(command: string): string | null {
  const help = Object.hasOwn(COMMAND_HELP, command) ? COMMAND_HELP[command] : undefined;
  if (help === undefined) return null;
  const [first = '', ...more] = help.usage.split('\n').map((line) => line.trim());
  return [
    `Usage: obyte-light [options] ${first}`,
    ...more.map((line) => `       obyte-light [options] ${line}`),
    '',
    help.summary,
    ...(help.options && help.options.length > 0 ? ['', 'Options:', ...help.options] : []),
    ...(help.notes && help.notes.length > 0 ? ['', ...help.notes] : []),
    '',
    COMMON_OPTIONS,
    '',
    `Example: ${help.example}`,
  ].join('\n');
}
