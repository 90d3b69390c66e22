/**
 * The autonomous-agent and message commands of `obyte-light` (issue 15):
 *
 *   aa dry-run ADDRESS --amount N [--asset A] [--data JSON]   what the AA would do (the hub's word)
 *   aa state ADDRESS [--prefix P]                              its state variables
 *   aa info ADDRESS                                            definition, balances, recent responses
 *   sign-message --address A TEXT                              sign a text with an address of the wallet
 *   verify-message SIGNED                                      check a signed message (base64 or JSON)
 *
 * Everything is checked before the hub is asked; the hub's answers are labelled as its word.
 */
import type { DisplayUnit } from '../shared/ipc';
import { responseLines } from '../shared/ipc/aa-text';
import { bytesText } from '../shared/ipc/amount-text';
import { DISPLAY_UNIT_DECIMALS } from '../shared/ipc/amount-text';
import { buildDryRunTrigger } from '../shared/protocol/aa';
import { parseDataJson } from '../shared/protocol/aa-data';
import {
  BASE_ASSET,
  formatAmount,
  isValidAsset,
  parseDecimalAmount,
} from '../shared/protocol/amount';
import { isValidAddress } from '../shared/protocol/chash';
import { ProtocolError } from '../shared/protocol/errors';
import type { HashableObject } from '../shared/protocol/json';
import { encodeSignedMessage } from '../shared/protocol/signed-message';
import { AaError } from './main/services/aa/index';
import { aaSentence } from './main/ipc/aa-sentences';
import { responsesView } from './main/ipc/aa-view';
import type { WalletSession } from './main/services/wallet-session';

export const AA_COMMANDS = ['aa', 'sign-message', 'verify-message'] as const;
export type AaCommand = (typeof AA_COMMANDS)[number];

export function isAaCommand(value: string): value is AaCommand {
  return (AA_COMMANDS as readonly string[]).includes(value);
}

export class AaCliError extends Error {}

export interface AaCliOptions {
  readonly amount?: string | undefined;
  readonly asset?: string | undefined;
  readonly unit?: DisplayUnit | undefined;
  readonly data?: string | undefined;
  readonly prefix?: string | undefined;
  readonly address?: string | undefined;
  readonly from?: string | undefined;
}

export interface AaCliContext {
  readonly wallet: WalletSession;
  readonly connect: () => Promise<string | null>;
  readonly out: (document: unknown, text: string) => void;
  readonly unit: DisplayUnit;
  readonly options: AaCliOptions;
  /** Asks for the password when the wallet is locked. */
  readonly unlock: () => Promise<void>;
}

function address(text: string | undefined, what: string): string {
  if (text === undefined || !isValidAddress(text)) {
    throw new AaCliError(`${what} must be a valid Obyte address (32 characters, A–Z and 2–7).`);
  }
  return text;
}

/** Every argument checked before anything connects (exit code 2 on a mistake). */
export function checkAaArgs(
  command: AaCommand,
  args: readonly string[],
  options: AaCliOptions,
): void {
  if (command === 'aa') {
    const [sub, target, ...rest] = args;
    if (sub !== 'dry-run' && sub !== 'state' && sub !== 'info') {
      throw new AaCliError('aa needs dry-run, state or info, then the AA address.');
    }
    address(target, 'The AA address');
    if (rest.length > 0) throw new AaCliError(`aa ${sub} takes one address.`);
    if (sub === 'dry-run') {
      if (options.amount === undefined) throw new AaCliError('aa dry-run needs --amount N.');
      if (options.asset !== undefined && !isValidAsset(options.asset)) {
        throw new AaCliError('--asset is "base" or a 44-character asset id.');
      }
      if (options.data !== undefined) checkData(options.data);
      if (options.from !== undefined) address(options.from, '--from');
    }
    if (options.prefix !== undefined && (sub !== 'state' || options.prefix.length > 1000)) {
      throw new AaCliError('--prefix goes with aa state (at most 1000 characters).');
    }
  }
  if (command === 'sign-message') {
    address(options.address, '--address');
    if (args.length !== 1 || args[0] === '') {
      throw new AaCliError('sign-message needs --address A and the text to sign (quoted).');
    }
  }
  if (command === 'verify-message' && args.length !== 1) {
    throw new AaCliError(
      'verify-message needs the signed message (base64 or JSON) in one argument.',
    );
  }
}

function checkData(text: string): HashableObject {
  try {
    return parseDataJson(text);
  } catch (error) {
    if (error instanceof ProtocolError) throw new AaCliError(`--data: ${error.message}`);
    throw error;
  }
}

function json(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
}

export async function runAaCommand(
  command: AaCommand,
  args: readonly string[],
  ctx: AaCliContext,
): Promise<number> {
  checkAaArgs(command, args, ctx.options);
  const { out, options } = ctx;
  if (command === 'verify-message') {
    const problem = await ctx.connect();
    if (problem) process.stderr.write(`${problem}\n`);
    const { messages } = ctx.wallet.services();
    let result;
    try {
      result = await messages.verify(args[0] ?? '');
    } catch (error) {
      if (error instanceof ProtocolError || error instanceof SyntaxError) {
        throw new AaCliError(`That is not a signed message: ${error.message}`);
      }
      throw error;
    }
    const v = result.verdict;
    const head =
      v.status === 'valid'
        ? `VALID: signed by ${v.address}${v.networkAware ? ' (network-aware)' : ''}.`
        : v.status === 'invalid'
          ? `NOT VALID: ${v.reason} (claimed signer ${v.address}).`
          : `CANNOT BE CHECKED: ${v.reason} (claimed signer ${v.address}).`;
    out(
      { verdict: v, message: result.package.signed_message },
      `${head}\nMessage:\n${result.text}`,
    );
    return v.status === 'valid' ? 0 : 1;
  }
  if (command === 'sign-message') {
    const signer = address(options.address, '--address');
    const text = args[0] ?? '';
    await ctx.unlock();
    const pkg = await ctx.wallet.services().messages.sign(signer, text);
    const base64 = encodeSignedMessage(pkg);
    out(
      { signed: pkg, base64 },
      `Signed by ${signer}:\n${text}\n\nSigned message (base64, as wallets exchange it):\n${base64}`,
    );
    return 0;
  }

  const [sub, aa = ''] = args;
  const problem = await ctx.connect();
  if (problem) process.stderr.write(`${problem}\n`);
  const service = ctx.wallet.services().aa;
  try {
    if (sub === 'state') {
      const vars = await service.stateVars({
        address: aa,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      });
      const names = Object.keys(vars).sort();
      out(
        { aa, source: 'hub', stateVars: vars },
        [
          `State variables of ${aa} (the hub's word)${options.prefix ? ` starting with "${options.prefix}"` : ''}:`,
          ...(names.length === 0 ? ['  none'] : names.map((n) => `  ${n} = ${json(vars[n])}`)),
        ].join('\n'),
      );
      return 0;
    }
    const kind = await service.kindOf(aa);
    if (kind.kind !== 'aa') {
      throw new AaCliError(
        `${aa} is not an autonomous agent (${kind.kind === 'plain' ? 'it is an ordinary address' : 'the hub knows no definition for it'}).`,
      );
    }
    if (sub === 'info') {
      const balances = await service.balances(aa);
      const responses = await service.responses(aa);
      const lines = [
        `Autonomous agent ${aa}${kind.aa.baseAa ? ` (runs the code of ${kind.aa.baseAa})` : ''}`,
        `Bounce fees: ${Object.entries(kind.aa.bounceFees ?? {})
          .map(([a, v]) => (a === BASE_ASSET ? bytesText(v, ctx.unit) : `${v} of ${a}`))
          .join(', ')}`,
        ...(kind.aa.docUrl ? [`Documentation: ${kind.aa.docUrl}`] : []),
        `Balances (the hub's word): ${
          Object.entries(balances)
            .map(([a, v]) => (a === BASE_ASSET ? bytesText(v, ctx.unit) : `${v} of ${a}`))
            .join(', ') || 'none'
        }`,
        `Recent responses (the hub's word): ${responses.length}`,
        ...responses
          .slice(0, 10)
          .map(
            (r) =>
              `  MCI ${r.mci ?? '?'}  trigger ${r.triggerUnit}  ${r.bounced ? `bounced: ${r.error ?? ''}` : 'ok'}`,
          ),
        'Definition:',
        JSON.stringify(kind.aa.definition, null, 2),
      ];
      out({ aa: kind.aa, balances, responses }, lines.join('\n'));
      return 0;
    }
    // dry-run
    const asset = options.asset ?? BASE_ASSET;
    const decimals = asset === BASE_ASSET ? DISPLAY_UNIT_DECIMALS[ctx.unit] : 0;
    let amount: number;
    try {
      amount = parseDecimalAmount(options.amount ?? '', decimals);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new AaCliError(`--amount: ${error.message}`);
      }
      throw error;
    }
    const data = options.data === undefined ? null : checkData(options.data);
    const you =
      options.from ??
      ctx.wallet.services().wallet.addresses()[0]?.address ??
      (() => {
        throw new AaCliError('aa dry-run needs --from ADDRESS (the wallet has no address yet).');
      })();
    const outputs = [{ address: aa, amount, asset }];
    if (asset !== BASE_ASSET) outputs.push({ address: aa, amount: 0, asset: BASE_ASSET });
    const responses = await service.dryRun(
      aa,
      buildDryRunTrigger({ aaAddress: aa, triggerAddress: you, outputs, data }),
    );
    const label = (a: string) => ({
      name: a === BASE_ASSET ? 'GBYTE' : null,
      decimals: a === BASE_ASSET ? 9 : 0,
    });
    const views = responsesView(responses, you, label);
    const sent =
      asset === BASE_ASSET ? bytesText(amount, ctx.unit) : `${formatAmount(amount, 0)} of ${asset}`;
    out(
      { aa, trigger: { address: you, amount, asset, data }, source: 'hub', responses: views },
      [
        `Dry run by the hub (its word, on the current state) of ${sent} from ${you} to ${aa}${data ? ' with the data' : ''}:`,
        ...views.flatMap((v) => responseLines(v, ctx.unit).map((l) => `  ${l}`)),
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof AaError) throw new AaCliError(aaSentence(error.facts));
    throw error;
  }
}
