/**
 * The wallet commands of `obyte-light` (issue 5): `create`, `restore` (recovery phrase on
 * standard input), `address`, `send --to ADDRESS --amount N [--unit U | --asset ASSET] [--yes]`
 * (the amount is a decimal in the display unit: GBYTE unless --unit; for an asset, in its own
 * decimals). They use the same WalletSession as the app. The password comes from
 * `OBYTE_LIGHT_PASSWORD` or a prompt that does not echo; the recovery phrase is printed only by
 * `create`, once, and is never logged. `send` prints the whole preview and sends only with `--yes` or after the user types y.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { DisplayUnit, PaymentPreviewView, SpendUnconfirmedSetting } from '../shared/ipc';
import { UserFacingError } from '../shared/ipc/errors';
import { busyTpsFeeNote } from '../shared/ipc/fee-text';
import { spendRuleLine } from '../shared/ipc/spend-text';
import { newPasswordProblem, PASSWORD_RULE, passwordStrength } from '../shared/ipc/password-rule';
import { formatAmount, parseDecimalAmount } from '../shared/protocol/amount';
import { ProtocolError } from '../shared/protocol/errors';
import type { WalletSession } from './main/services/wallet-session';
import { bytesText, DISPLAY_UNIT_DECIMALS } from '../shared/ipc/amount-text';
import { aaPreviewLines, bounceWarning, dataLines, responseLines } from '../shared/ipc/aa-text';
import { parseDataJson } from '../shared/protocol/aa-data';
import { responsesView } from './main/ipc/aa-view';
import { previewedPaymentView } from './main/ipc/payment-view';
import { restoreResultView } from './main/ipc/wallet-view';

export const WALLET_COMMANDS = ['create', 'restore', 'address', 'send'] as const;
export type WalletCommand = (typeof WALLET_COMMANDS)[number];

export function isWalletCommand(value: string): value is WalletCommand {
  return (WALLET_COMMANDS as readonly string[]).includes(value);
}

export interface WalletCliContext {
  readonly wallet: WalletSession;
  /** Connects to the hub and syncs once; returns a problem sentence or null. */
  readonly connect: () => Promise<string | null>;
  readonly out: (document: unknown, text: string) => void;
  readonly json: boolean;
  readonly options: {
    readonly to?: string | undefined;
    readonly amount?: string | undefined;
    readonly asset?: string | undefined;
    /** The display unit of a bytes amount (default GBYTE); not with `asset`. */
    readonly unit?: DisplayUnit | undefined;
    /** JSON of a data object to attach (for an autonomous agent). */
    readonly data?: string | undefined;
    /** Send even though the preview says the payment would bounce. */
    readonly acceptBounce?: boolean | undefined;
    /** --spend-unconfirmed: this payment's rule instead of the settings'. */
    readonly spendUnconfirmed?: SpendUnconfirmedSetting | undefined;
    readonly yes: boolean;
  };
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** `restore`: the recovery phrase, already read and checked (cli-preflight.ts). */
  readonly phrase?: string;
  /** `create`, `restore`: the new password, already asked and checked (cli-preflight.ts). */
  readonly newPassword?: string;
}

export class CliInputError extends Error {}

const PASSWORD_ENV = 'OBYTE_LIGHT_PASSWORD';
const PASSPHRASE_ENV = 'OBYTE_LIGHT_PASSPHRASE';

/**
 * A question on the terminal (`stdin`, standard input unless given); `hidden` does not echo what
 * is typed (passwords, a recovery phrase).
 */
export async function ask(
  question: string,
  hidden = false,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer));
      muted = hidden;
    });
  } finally {
    muted = false;
    rl.close();
    if (hidden) process.stderr.write('\n');
  }
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    if (chunks.reduce((n, c) => n + c.length, 0) > 4096) {
      throw new CliInputError('That is far too long for a recovery phrase.');
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

function interactive(ctx: WalletCliContext): boolean {
  return (ctx.stdin ?? process.stdin).isTTY === true;
}

/**
 * For `create` and `restore`, before anything is opened: a new password given in the
 * environment must keep the rule (the one the app and the keystore use). A weak but allowed one
 * is only warned about, on standard error.
 */
export function checkNewPasswordFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv === undefined || fromEnv === '') return;
  const problem = newPasswordProblem(fromEnv);
  if (problem !== null) {
    throw new CliInputError(`${PASSWORD_ENV}: ${problem} Nothing was written.`);
  }
}

function warnIfWeak(secret: string): void {
  const strength = passwordStrength(secret);
  if (strength.level === 'weak') {
    process.stderr.write(`Password strength (estimate): ${strength.words}\n`);
  }
}

/**
 * A new wallet's password: from the environment, else asked twice on the terminal, the rule
 * said first. Checked here, before anything is opened (the preflight of create and restore
 * asks it), so a refused password leaves the data folder as it was.
 */
export async function askNewPassword(env: NodeJS.ProcessEnv, isTerminal: boolean): Promise<string> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    checkNewPasswordFromEnv(env);
    warnIfWeak(fromEnv);
    return fromEnv;
  }
  if (!isTerminal) {
    throw new CliInputError(
      `No terminal to ask for the new password: set ${PASSWORD_ENV} in the environment. Nothing was written.`,
    );
  }
  process.stderr.write(`${PASSWORD_RULE}\n`);
  const first = await ask('New wallet password: ', true);
  const problem = newPasswordProblem(first);
  if (problem !== null) throw new CliInputError(`${problem} Nothing was written.`);
  warnIfWeak(first);
  const again = await ask('The same password again: ', true);
  if (again !== first) {
    throw new CliInputError('The two passwords are not the same. Nothing was written.');
  }
  return first;
}

/** The password from the environment, else a prompt (twice for a new one). */
async function password(ctx: WalletCliContext, purpose: 'new' | 'open'): Promise<string> {
  if (purpose === 'new') {
    return ctx.newPassword ?? askNewPassword(ctx.env ?? process.env, interactive(ctx));
  }
  const fromEnv = (ctx.env ?? process.env)[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!interactive(ctx)) {
    throw new CliInputError(
      `No terminal to ask for the password: set ${PASSWORD_ENV} in the environment.`,
    );
  }
  return ask('Wallet password: ', true);
}

/**
 * Checks a bytes amount before anything connects: a decimal in the display unit. (An asset's
 * decimals are known only from the database; the wallet checks those amounts.)
 */
export function checkBytesAmount(amount: string, unit: DisplayUnit): void {
  try {
    parseDecimalAmount(amount, DISPLAY_UNIT_DECIMALS[unit]);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    const example = unit === 'GBYTE' ? ' (0.1 GBYTE = 100000000 bytes)' : '';
    throw new CliInputError(
      `The amount --amount "${amount.slice(0, 40)}" is not an amount of ${unit}: ${error.message} --amount is a decimal number in ${unit}${example}, greater than zero; --unit GBYTE|MB|KB|bytes chooses the unit.`,
    );
  }
}

/** Bytes in the chosen unit (--unit); an asset in its own decimals, with its name or id. */
function amountWords(
  amount: number,
  decimals: number,
  name: string | null,
  asset: string,
  unit: DisplayUnit,
): string {
  if (asset === 'base') return bytesText(amount, unit);
  return `${formatAmount(amount, decimals)} ${name ?? asset}`;
}

/** The preview as the terminal shows it: every recipient, the change, every fee, the total. */
export function previewText(preview: PaymentPreviewView, unit: DisplayUnit = 'GBYTE'): string {
  // Amounts, change and fees in the unit the user chose (--unit), like the amounts they typed.
  const bytes = (n: number) => bytesText(n, unit);
  const lines = [
    'Payment preview (nothing is sent yet):',
    ...preview.recipients.map(
      (r) => `  to ${r.address}  ${amountWords(r.amount, r.decimals, r.assetName, r.asset, unit)}`,
    ),
    ...preview.change.map(
      (c) =>
        `  change back to ${c.address}  ${amountWords(c.amount, c.decimals, c.assetName, c.asset, unit)}`,
    ),
    `  headers fee   ${bytes(preview.fees.headers)}`,
    `  payload fee   ${bytes(preview.fees.payload)}`,
    `  TPS fee       ${bytes(preview.fees.tps)}`,
    `  oversize fee  ${bytes(preview.fees.oversize)}`,
    ...(preview.fees.burn > 0 ? [`  burn fee      ${bytes(preview.fees.burn)}`] : []),
    `  all fees      ${bytes(preview.fees.total)}`,
    ...[busyTpsFeeNote(preview)].flatMap((note) => (note === null ? [] : [`  ${note}`])),
    ...preview.totalLeaving.map(
      (t) =>
        `  total leaving the wallet: ${amountWords(t.amount, t.decimals, t.assetName, t.asset, unit)}`,
    ),
  ];
  if (preview.coinsFromHub) {
    lines.push('  (the hub chose the coins while the wallet was still syncing: not proven)');
  }
  if (preview.payingAddress) lines.push(`  paid from ${preview.payingAddress} only`);
  if (preview.spendUnconfirmed !== undefined) {
    lines.push(`  ${spendRuleLine(preview.spendUnconfirmed, preview.unconfirmedCoins ?? 0)}`);
  }
  if (preview.data) {
    lines.push('Data sent with the payment:', ...dataLines(preview.data).map((l) => `  ${l}`));
  }
  if (preview.aa) {
    const warning = bounceWarning(preview.aa, unit);
    const rest = aaPreviewLines(preview.aa, unit).filter((l) => !l.startsWith('WARNING: '));
    if (warning !== null) lines.unshift(`WARNING: ${warning}`);
    lines.push(...rest);
  } else if (preview.data) {
    lines.push('  (the recipient is not an autonomous agent: nothing will act on this data)');
  }
  return lines.join('\n');
}

/** The password from the environment or a prompt, when the wallet is locked. */
export async function unlockForCli(
  wallet: WalletSession,
  ctx: Pick<WalletCliContext, 'env' | 'stdin'> = {},
): Promise<void> {
  if (wallet.isUnlocked()) return;
  await wallet.unlock(await password(ctx as WalletCliContext, 'open'));
}

export async function runWalletCommand(
  command: WalletCommand,
  ctx: WalletCliContext,
): Promise<number> {
  const { wallet, out } = ctx;
  switch (command) {
    case 'create': {
      const state = await wallet.state();
      if (state.state !== 'none') {
        throw new CliInputError('A wallet already exists here. Obyte Light never overwrites one.');
      }
      const draft = wallet.createWithMnemonicForBackup();
      const words = draft.mnemonic.split(' ');
      process.stderr.write(
        [
          'Your recovery phrase (shown once; write it on paper, in order):',
          '',
          ...words.map((w, i) => `  ${String(i + 1).padStart(2)}. ${w}`),
          '',
          'It restores: every address of this wallet and its funds, and your device key.',
          'It does not restore: chat messages, labels, settings, your password, textcoins,',
          'or funds in shared (multi-signature) addresses.',
          'Anyone with these words can take your funds.',
          '',
        ].join('\n'),
      );
      let answers = draft.askPositions.map((position) => ({
        position,
        word: words[position - 1] ?? '',
      }));
      if (interactive(ctx)) {
        answers = [];
        for (const position of draft.askPositions) {
          answers.push({ position, word: await ask(`Word ${position}: `) });
        }
      } else {
        process.stderr.write('No terminal: the backup check was skipped.\n');
      }
      const secret = await password(ctx, 'new');
      const result = await wallet.confirmBackup({
        draftId: draft.draftId,
        answers,
        protection: { mode: 'password', password: secret },
      });
      if (!result.confirmed || result.wallet === null) {
        throw new CliInputError(
          `Word ${result.wrongPositions.join(', ')} does not match the recovery phrase; nothing was written. Run create again.`,
        );
      }
      const address = await wallet.nextAddress();
      const created = result.wallet;
      const walletId =
        created.state === 'locked' || created.state === 'unlocked' ? created.walletId : null;
      out(
        { created: true, walletId, address },
        `Wallet created and encrypted with your password.\nFirst address: ${address}`,
      );
      return 0;
    }
    case 'restore': {
      const stdin = ctx.stdin ?? process.stdin;
      const phrase =
        ctx.phrase ??
        (interactive(ctx)
          ? await ask('Recovery phrase (the words, separated by spaces): ', true)
          : await readStdin(stdin));
      const passphrase = (ctx.env ?? process.env)[PASSPHRASE_ENV];
      const unit: DisplayUnit = ctx.options.unit ?? 'GBYTE';
      const secret = await password(ctx, 'new');
      const problem = await ctx.connect();
      let bytes: { stable: number; pending: number } | null = null;
      const result = await wallet.restoreFromMnemonic({
        mnemonic: phrase.trim(),
        ...(passphrase ? { passphrase } : {}),
        protection: { mode: 'password', password: secret },
        // The balance is known before the wallet file is encrypted (about a second): show it.
        onDiscovered: ({ discovery: d, balances }) => {
          const base = balances.total.find((a) => a.asset === 'base');
          bytes = { stable: base?.stable ?? 0, pending: base?.pending ?? 0 };
          if (ctx.json || d === null) return;
          console.log(
            `Checked ${d.addressesChecked} addresses, ${d.usedAddresses} used, ${d.unitsVerified} ${d.unitsVerified === 1 ? 'unit' : 'units'} verified (${d.roundTrips} round trips).\n` +
              `Balance: ${bytesText(bytes.stable, unit)} stable, ${bytesText(bytes.pending, unit)} pending.`,
          );
        },
      });
      const restored = restoreResultView(result);
      out(
        {
          restored: true,
          discovery: restored.discovery,
          bytes,
          problem: restored.problem ?? problem,
        },
        ['Wallet restored and encrypted with your password.', restored.problem ?? problem ?? '']
          .filter(Boolean)
          .join('\n'),
      );
      return restored.problem ? 1 : 0;
    }
    case 'address': {
      const address = await wallet.nextAddress();
      out({ address }, address);
      return 0;
    }
    case 'send': {
      const { to, amount, asset, yes } = ctx.options;
      if (to === undefined || amount === undefined) {
        throw new CliInputError(
          'send needs --to ADDRESS and --amount N (a decimal in GBYTE, or in --unit; with --asset, in its decimals).',
        );
      }
      const unit: DisplayUnit = ctx.options.unit ?? 'GBYTE';
      if (asset === undefined || asset === 'base') checkBytesAmount(amount, unit);
      const dataJson = ctx.options.data;
      if (dataJson !== undefined) {
        try {
          parseDataJson(dataJson);
        } catch (error) {
          if (error instanceof ProtocolError) throw new CliInputError(`--data: ${error.message}`);
          throw error;
        }
      }
      const problem = await ctx.connect();
      if (problem) process.stderr.write(`${problem}\n`);
      const previewed = await wallet.payments.preview({
        recipients: [{ address: to, amount, ...(asset ? { asset } : {}) }],
        unit,
        ...(dataJson === undefined ? {} : { dataJson }),
        ...(ctx.options.spendUnconfirmed === undefined
          ? {}
          : { spendUnconfirmed: ctx.options.spendUnconfirmed }),
      });
      const preview = previewedPaymentView(previewed, wallet.payments.assetNames());
      out({ preview }, previewText(preview, unit));
      const bounce = preview.aa?.bounceReason ?? null;
      let go = yes;
      if (!go) {
        if (!interactive(ctx)) {
          process.stderr.write('Not sent: add --yes to send without a question.\n');
          return 1;
        }
        go = /^y(es)?$/i.test((await ask('Send this payment? [y/N] ')).trim());
      }
      if (!go) {
        process.stderr.write('Not sent.\n');
        return 1;
      }
      let acceptBounce = ctx.options.acceptBounce === true;
      if (bounce !== null && !acceptBounce) {
        if (!interactive(ctx)) {
          process.stderr.write(
            'Not sent: this payment would bounce; add --accept-bounce to send it anyway.\n',
          );
          return 1;
        }
        acceptBounce =
          (await ask('This payment would bounce. Type "bounce" to send it anyway: ')).trim() ===
          'bounce';
        if (!acceptBounce) {
          process.stderr.write('Not sent.\n');
          return 1;
        }
      }
      await unlockForCli(wallet, ctx);
      const sent = await wallet.payments.send(preview.previewId, { acceptBounce });
      out(
        sent,
        sent.status === 'accepted'
          ? `Sent: unit ${sent.unit} (pending until stable).`
          : `Posted unit ${sent.unit}, but the hub did not answer: ${sent.message ?? ''}`,
      );
      if (sent.status !== 'accepted') return 1;
      if (preview.aa) return await followResponse(ctx, preview, sent.unit, unit);
      return 0;
    }
  }
}

/** Errors the wallet commands raise on purpose, as they are to be printed. */
export function isWalletCliError(error: unknown): error is Error {
  return error instanceof CliInputError || error instanceof UserFacingError;
}

/**
 * After a payment to an AA: wait for the AA's response (it exists once the trigger is stable),
 * print it, then wait until the response unit is proven in the wallet's history.
 */
async function followResponse(
  ctx: WalletCliContext,
  preview: PaymentPreviewView,
  trigger: string,
  unit: DisplayUnit,
): Promise<number> {
  const aa = preview.aa;
  if (!aa) return 0;
  const { aa: service, wallet } = ctx.wallet.services();
  const you = preview.payingAddress ?? wallet.addresses()[0]?.address ?? '';
  process.stderr.write(
    'Waiting for the autonomous agent to respond (once your payment is stable)…\n',
  );
  const responses = await service.followTrigger(trigger, aa.address, you);
  if (responses === null) {
    process.stderr.write('No response yet; it will show in the history once the AA responds.\n');
    return 1;
  }
  const author = responses[0]?.triggerAddress ?? you;
  const views = responsesView(responses, author, (asset) => ({
    name: asset === 'base' ? 'GBYTE' : null,
    decimals: asset === 'base' ? 9 : 0,
  }));
  const lines = [`The AA responded to ${trigger}:`];
  for (const view of views) {
    lines.push(...responseLines(view, unit).map((l) => `  ${l}`));
    if (view.responseUnit) lines.push(`  response unit ${view.responseUnit}`);
  }
  const responseUnit = views[0]?.responseUnit ?? null;
  let proven = responseUnit === null;
  for (let i = 0; i < 30 && !proven; i++) {
    await ctx.connect();
    proven = ctx.wallet.services().db.getUnit(responseUnit ?? '')?.proven === true;
    if (!proven) await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  if (responseUnit !== null) {
    lines.push(
      proven
        ? "  The response unit is stable and proven in the wallet's history."
        : '  The response unit is not proven yet; it will be at the next sync.',
    );
  }
  ctx.out({ trigger, responses: views, responseProven: proven }, lines.join('\n'));
  return views.some((v) => v.bounced) ? 1 : 0;
}
