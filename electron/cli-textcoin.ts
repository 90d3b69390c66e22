/**
 * `obyte-light textcoin …` (issue 16): textcoins from a terminal, over the same TextcoinSession
 * as the app.
 *
 *   textcoin send --amount N [--unit U | --asset A] [--yes]   preview, then send; prints the
 *                                                              words joined by "-" and the link
 *   textcoin claim WORDS|LINK [--yes]                          preview what arrives, then claim
 *   textcoin list                                              textcoins sent, claimed or not
 *   textcoin take-back ADDRESS [--yes]                         claim an unclaimed one back
 *
 * Every argument is checked by `checkTextcoinArgs` before anything is opened (cli-preflight.ts).
 */
import type { DisplayUnit, Network, TextcoinClaimPreviewView } from '../shared/ipc';
import { checkDecimalShape, formatAmount, parseAsset } from '../shared/protocol/amount';
import { parseAddress } from '../shared/protocol/chash';
import { ProtocolError } from '../shared/protocol/errors';
import { parseTextcoinInput } from '../shared/protocol/textcoin';
import { NETWORKS } from '../shared/protocol/wire';
import { bytesText } from '../shared/ipc/amount-text';
import { ask, checkBytesAmount, CliInputError, previewText, unlockForCli } from './cli-wallet';
import type { TextcoinSession } from './main/services/textcoin-session';
import type { WalletSession } from './main/services/wallet-session';
import {
  textcoinClaimPreviewView,
  textcoinSendPreviewView,
  textcoinSentView,
  textcoinViews,
} from './main/ipc/textcoin-views';

export const TEXTCOIN_SUBCOMMANDS = ['send', 'claim', 'list', 'take-back'] as const;
type TextcoinSubcommand = (typeof TEXTCOIN_SUBCOMMANDS)[number];

export interface TextcoinOptions {
  readonly amount?: string | undefined;
  readonly asset?: string | undefined;
  readonly unit?: DisplayUnit | undefined;
  readonly yes: boolean;
}

const USAGE =
  'Use textcoin send --amount N [--unit U | --asset A], textcoin claim WORDS, textcoin list or textcoin take-back ADDRESS.';

function reason(error: unknown): string {
  if (error instanceof ProtocolError) return error.message;
  throw error;
}

/** The textcoin a person typed: one link or dash-joined argument, or the words as arguments. */
function claimInput(args: readonly string[]): string {
  return args.slice(1).join(' ');
}

/** Checks a textcoin command's arguments without any I/O; throws the sentence to print. */
export function checkTextcoinArgs(
  args: readonly string[],
  options: TextcoinOptions,
  network: Network,
): TextcoinSubcommand {
  const sub = args[0];
  if (sub === undefined || !(TEXTCOIN_SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new CliInputError(
      sub === undefined
        ? `Say what to do with textcoins. ${USAGE}`
        : `"${sub.slice(0, 40)}" is not a textcoin command. ${USAGE}`,
    );
  }
  const command = sub as TextcoinSubcommand;
  if (command !== 'send' && (options.amount !== undefined || options.asset !== undefined)) {
    throw new CliInputError(
      `The options --amount and --asset are for textcoin send only. ${USAGE}`,
    );
  }
  switch (command) {
    case 'send': {
      if (args.length > 1) {
        throw new CliInputError(`Textcoin send takes no words, only options. ${USAGE}`);
      }
      const { amount, asset } = options;
      if (amount === undefined) {
        throw new CliInputError(
          'Textcoin send needs --amount N (a decimal in GBYTE, or in --unit; with --asset, in its decimals).',
        );
      }
      if (asset === undefined || asset === 'base') {
        checkBytesAmount(amount, options.unit ?? 'GBYTE');
      } else {
        try {
          parseAsset(asset);
          checkDecimalShape(amount);
        } catch (error) {
          throw new CliInputError(`Cannot make a textcoin of that: ${reason(error)}`);
        }
        if (asset === NETWORKS[network].blackbytesAsset) {
          throw new CliInputError(
            'Blackbytes are a private asset and cannot be sent as a textcoin: a textcoin carries bytes or a divisible public asset. Nothing was sent.',
          );
        }
      }
      return command;
    }
    case 'claim': {
      const input = claimInput(args);
      if (input.trim() === '') {
        throw new CliInputError('Textcoin claim needs the textcoin: its link or its 12 words.');
      }
      try {
        parseTextcoinInput(input, NETWORKS[network]);
      } catch (error) {
        throw new CliInputError(`${reason(error)} Nothing was claimed.`);
      }
      return command;
    }
    case 'list':
      if (args.length > 1) throw new CliInputError('Textcoin list takes no arguments.');
      return command;
    case 'take-back': {
      if (args.length !== 2) {
        throw new CliInputError('Textcoin take-back needs the address of one textcoin you sent.');
      }
      try {
        parseAddress(args[1] ?? '');
      } catch (error) {
        throw new CliInputError(`"${(args[1] ?? '').slice(0, 40)}" ${reason(error)}`);
      }
      return command;
    }
  }
}

export interface TextcoinCliContext {
  readonly textcoins: TextcoinSession;
  readonly wallet: WalletSession;
  readonly connect: () => Promise<string | null>;
  readonly out: (document: unknown, text: string) => void;
  readonly options: TextcoinOptions;
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

function interactive(ctx: TextcoinCliContext): boolean {
  return (ctx.stdin ?? process.stdin).isTTY === true;
}

async function confirmed(ctx: TextcoinCliContext, question: string): Promise<boolean> {
  if (ctx.options.yes) return true;
  if (!interactive(ctx)) {
    process.stderr.write('Not sent: add --yes to go ahead without a question.\n');
    return false;
  }
  const go = /^y(es)?$/i.test((await ask(`${question} [y/N] `)).trim());
  if (!go) process.stderr.write('Not sent.\n');
  return go;
}

function claimText(view: TextcoinClaimPreviewView, unit: DisplayUnit): string {
  return [
    `${view.ownTextcoin ? 'Taking back your textcoin' : 'Claiming the textcoin'} ${view.address} into ${view.to}:`,
    previewText(view.preview, unit),
    ...(view.unconfirmedCoins > 0
      ? [
          `  (${view.unconfirmedCoins} of its coins are not confirmed yet: the claim is valid only if they become so)`,
        ]
      : []),
  ].join('\n');
}

export async function runTextcoinCommand(
  args: readonly string[],
  ctx: TextcoinCliContext,
): Promise<number> {
  const { textcoins, out } = ctx;
  const command = args[0] as TextcoinSubcommand;
  // Every amount printed (the textcoin, its claim fee, the preview, the list) in --unit.
  const unit: DisplayUnit = ctx.options.unit ?? 'GBYTE';
  // An asset a textcoin cannot carry is refused from what the wallet knows, before the hub.
  if (command === 'send' && ctx.options.asset !== undefined)
    textcoins.checkAsset(ctx.options.asset);
  const problem = await ctx.connect();
  if (problem) process.stderr.write(`${problem}\n`);
  switch (command) {
    case 'send': {
      const view = textcoinSendPreviewView(
        await textcoins.previewSend({
          amount: ctx.options.amount ?? '',
          asset: ctx.options.asset,
          unit,
        }),
        ctx.wallet.payments.assetNames(),
      );
      const fee = (n: number) => bytesText(n, unit);
      const what =
        view.asset === 'base'
          ? bytesText(view.amount, unit)
          : `${formatAmount(view.amount, view.decimals)} ${view.assetName ?? view.asset}`;
      out(
        { preview: view },
        [
          `Textcoin of ${what} (nothing is sent yet). Whoever has its words can claim it.`,
          `  claim fee added  ${fee(view.claimFee)} + TPS allowance ${fee(view.tpsAllowance)} = ${fee(view.addedBytes)}`,
          `  (the recipient gets ${what}; the added bytes pay for the claim)`,
          ...(view.tpsVariables === 'initial'
            ? [
                `  (the hub has not sent the network's fee variables yet: the least TPS allowance, ${fee(view.leastTpsAllowance)}, uses their initial values)`,
              ]
            : []),
          previewText(view.preview, unit),
        ].join('\n'),
      );
      if (!(await confirmed(ctx, 'Send this textcoin?'))) {
        textcoins.discard(view.preview.previewId);
        return 1;
      }
      await unlockForCli(ctx.wallet, ctx);
      const sent = textcoinSentView(await textcoins.send(view.preview.previewId));
      out(
        { sent },
        [
          sent.status === 'accepted'
            ? `Sent: unit ${sent.unit} (pending until stable).`
            : `Posted unit ${sent.unit}, but the hub did not answer: ${sent.message ?? ''}`,
          'The textcoin (shown once; anyone with it can take the money):',
          `  words  ${sent.words}`,
          `  link   ${sent.link}`,
          `  URI    ${sent.uri}`,
        ].join('\n'),
      );
      return sent.status === 'accepted' ? 0 : 1;
    }
    case 'claim':
    case 'take-back': {
      if (command === 'take-back') await unlockForCli(ctx.wallet, ctx);
      const view = textcoinClaimPreviewView(
        command === 'claim'
          ? await textcoins.previewClaim(claimInput(args))
          : await textcoins.previewTakeBack(args[1] ?? ''),
        ctx.wallet.payments.assetNames(),
      );
      out({ preview: view }, claimText(view, unit));
      if (!(await confirmed(ctx, 'Claim this textcoin?'))) {
        textcoins.discard(view.preview.previewId);
        return 1;
      }
      const claimed = await textcoins.claim(view.preview.previewId);
      out(
        { claimed },
        claimed.status === 'accepted'
          ? `Claimed: unit ${claimed.unit} (pending until stable).`
          : `Posted unit ${claimed.unit}, but the hub did not answer: ${claimed.message ?? ''}`,
      );
      return claimed.status === 'accepted' ? 0 : 1;
    }
    case 'list': {
      const list = textcoinViews(await textcoins.list(), ctx.wallet.payments.assetNames());
      const lines = list.map((t) => {
        const amount =
          t.asset === 'base'
            ? bytesText(t.amount, unit)
            : `${formatAmount(t.amount, t.decimals)} ${t.assetName ?? t.asset}`;
        return `${new Date(t.createdAt).toISOString()}  ${t.address}  ${amount.padEnd(20)} ${t.state.padEnd(10)} ${t.unit ?? '(being posted)'}`;
      });
      const unknown = list.some((t) => t.state === 'unknown');
      out(
        { textcoins: list },
        [
          ...(list.length === 0 ? ['No textcoins sent from this wallet.'] : lines),
          ...(unknown ? ['(unknown: the hub could not say whether it was claimed)'] : []),
        ].join('\n'),
      );
      return 0;
    }
  }
}
