/**
 * The signed-message, autonomous-agent and attestation methods of the contract (issue 15).
 *
 * Signing mirrors payments: `messages.prepareSign` makes main hold exactly what will be signed
 * and says it back; `messages.sign` signs only that, with the keys unlocked and — in the app —
 * after the user said yes in a dialog main owns, showing the text and the address. The page
 * never hands main a digest to sign.
 */
import { UserFacingError } from '../../../shared/ipc';
import { isValidAddress } from '../../../shared/protocol/chash';
import { ProtocolError } from '../../../shared/protocol/errors';
import { encodeSignedMessage, signedMessageReply } from '../../../shared/protocol/signed-message';
import { AaError } from '../services/aa/index';
import { aaSentence } from './aa-sentences';
import { walletServiceSentence } from './wallet-service-sentences';
import { amountsView } from './aa-view';
import type { ChatSession } from '../services/chat/chat-session';
import { ChatError } from '../services/chat/words';
import { systemClock, type Clock } from '../services/clock';
import type { ConfirmRequest, UserConfirmation } from '../services/user-confirmation';
import type { HeldSignature } from '../services/wallet/message-signing';
import { neutralizeBidi } from '../../../shared/ipc/bidi';
import { WalletError } from '../services/wallet/index';
import type { WalletSession } from '../services/wallet-session';
import type { Handlers } from './dispatcher';
import { drawRandom, nodeRandomSource } from '../services/random';

type AaMethod =
  | 'messages.prepareSign'
  | 'messages.sign'
  | 'messages.verify'
  | 'aa.details'
  | 'aa.stateVars'
  | 'attestations.list';

/** Mainnet attestors as the official wallet names them (obyte-gui-wallet configService). */
const ATTESTORS: Readonly<Record<string, string>> = {
  I2ADHGP4HL6J37NQAD73J7E5SKFIXJOT: 'Real name attestation bot (Jumio Netverify)',
  JFKWGRMXP3KHUAFMF4SJZVDXFL6ACC6P: 'Real name attestation bot (Veriff)',
  OHVQ2R5B6TUR5U7WJNYLP3FIOSR7VCED: 'Real name attestation bot (eID Easy)',
  H5EZTQE7ABFH27AUDTQFMZIALANK6RBG: 'Email attestation bot',
  OYW2XTDKSNKGSEZ27LMGNOPJSYIXHBHC: 'GitHub attestation bot',
  JBW7HT5CRBSF7J7RD26AYLQG6GZDPFPS: 'Telegram attestation bot',
  '5KM36CFPBD2QJLVD65PHZG34WEM4RPY2': 'Discord attestation bot',
  JEDZYC2HMGDBIDQKG3XSTXUSHMCBK725: 'Steem attestation bot',
  UENJPVZ7HVHM6QGVGT6MWOJGGRTUTJXQ: 'Username attestation bot',
};

/** What an attestor is known as (the official wallet's mainnet names), or null. */
export function attestorName(address: string): string | null {
  return ATTESTORS[address] ?? null;
}

function address(text: string, what: string): string {
  const value = text.trim();
  if (!isValidAddress(value)) throw new UserFacingError(`${what} is not a valid Obyte address.`);
  return value;
}

async function inWords<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AaError) throw new UserFacingError(aaSentence(error.facts));
    if (error instanceof WalletError) {
      throw new UserFacingError(walletServiceSentence(error.facts));
    }
    if (error instanceof ProtocolError) throw new UserFacingError(error.message);
    throw error;
  }
}

/** `text` within `max` characters, an ellipsis saying it was cut. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Main's own question before a message is signed: the whole text, the address, the reply. */
export function signConfirmation(held: HeldSignature, replyName: string | null): ConfirmRequest {
  const reply =
    held.replyTo === null
      ? ''
      : `\n\nThe signed message is sent back to ${neutralizeBidi(replyName ?? 'the chat')} (${held.replyTo}).`;
  return {
    title: 'Sign a message',
    message: `Sign this message with your address ${held.address}?`,
    detail: `Your signature proves that you hold this address. Sign only what you have read and agree with.${held.networkAware ? ' It also names the current state of the network.' : ''}\n\n${held.text}${reply}`,
    confirm: 'Sign',
  };
}

export function createAaHandlers(deps: {
  readonly wallet: WalletSession;
  readonly chat: ChatSession;
  readonly clock?: Clock;
  readonly confirmation?: UserConfirmation;
}): Pick<Handlers, AaMethod> {
  const clock = deps.clock ?? systemClock;
  // The official wallet's attestor names are mainnet addresses.
  const mainnet = () => deps.wallet.network() === 'mainnet';
  return {
    'messages.prepareSign': (params) =>
      inWords(() => {
        const signer = address(params.address, 'The address');
        let replyTo: string | undefined;
        if (params.replyTo !== undefined) {
          // Only to a chat that exists: the reply goes where the request came from.
          if (deps.chat.messenger.getCorrespondent(params.replyTo) === null) {
            throw new UserFacingError('There is no chat with the device that asked.');
          }
          replyTo = params.replyTo;
        }
        return deps.wallet.services().messages.prepare(signer, params.message, {
          ...(params.networkAware === undefined ? {} : { networkAware: params.networkAware }),
          ...(params.decodeJson === undefined ? {} : { decodeJson: params.decodeJson }),
          ...(replyTo === undefined ? {} : { replyTo }),
          now: clock.now(),
          id: Buffer.from(drawRandom(nodeRandomSource, 18)).toString('base64url'),
        });
      }),
    // Signs only what prepareSign holds, once, and only after the user said yes in a dialog main
    // owns showing the whole text, the address and who receives the signature. Without such a
    // dialog (the browser harness without one) nothing is signed.
    'messages.sign': ({ signId }) =>
      inWords(async () => {
        const { messages } = deps.wallet.services();
        const held = messages.take(signId, clock.now());
        const confirmation = deps.confirmation;
        if (confirmation === undefined) {
          throw new UserFacingError(
            'Signing a message needs your confirmation in a dialog of the app, which is not available here: nothing was signed.',
          );
        }
        const correspondent =
          held.replyTo === null ? null : deps.chat.messenger.getCorrespondent(held.replyTo);
        if (held.replyTo !== null && correspondent === null) {
          throw new UserFacingError('The chat that asked for this signature is gone: not signed.');
        }
        const yes = await confirmation.ask(signConfirmation(held, correspondent?.name ?? null));
        if (!yes) throw new UserFacingError('Not signed: you said no in the dialog.');
        const pkg = await messages.sign(held.address, held.message, held.networkAware);
        const base64 = encodeSignedMessage(pkg);
        if (held.replyTo === null) {
          return { address: held.address, base64, repliedTo: null, replyProblem: null };
        }
        try {
          deps.chat.messenger.sendText(held.replyTo, signedMessageReply(pkg));
          return { address: held.address, base64, repliedTo: held.replyTo, replyProblem: null };
        } catch (error) {
          // Signed, but the reply could not be queued: the signature is still the user's to copy.
          if (error instanceof ChatError || error instanceof UserFacingError) {
            return {
              address: held.address,
              base64,
              repliedTo: null,
              replyProblem: `It could not be sent back to the chat: ${error.message}`.slice(0, 500),
            };
          }
          throw error;
        }
      }),
    'messages.verify': ({ signed }) =>
      inWords(async () => {
        try {
          const result = await deps.wallet.services().messages.verify(signed);
          const v = result.verdict;
          return {
            status: v.status,
            address: v.address,
            text: result.text.slice(0, 40_000),
            reason: v.status === 'valid' ? null : v.reason,
            networkAware: v.status === 'valid' ? v.networkAware : false,
          };
        } catch (error) {
          if (error instanceof ProtocolError || error instanceof SyntaxError) {
            return {
              status: 'invalid' as const,
              address: null,
              text: null,
              // A ProtocolError's message is a sentence; JSON.parse's is not for the user.
              reason: (error instanceof ProtocolError
                ? `It is not a signed message. ${error.message}`
                : 'It is not a signed message: it is neither base64 nor JSON that can be read.'
              ).slice(0, 1000),
              networkAware: false,
            };
          }
          throw error;
        }
      }),
    'aa.details': (params) =>
      inWords(async () => {
        const aa = address(params.address, 'The address');
        const service = deps.wallet.services().aa;
        const kind = await service.kindOf(aa);
        if (kind.kind !== 'aa') {
          return {
            address: aa,
            kind: kind.kind,
            baseAa: null,
            docUrl: null,
            definition: null,
            bounceFees: [],
            balances: [],
            responses: [],
          };
        }
        const [balances, responses] = await Promise.all([
          service.balances(aa),
          service.responses(aa),
        ]);
        // "12.3 OUSD" rather than an id and a raw amount: names from the asset registry.
        const named = await deps.wallet.payments.assetLabels([
          ...Object.keys(balances),
          ...Object.keys(kind.aa.bounceFees ?? {}),
        ]);
        return {
          address: aa,
          kind: 'aa' as const,
          baseAa: kind.aa.baseAa,
          docUrl: kind.aa.docUrl === null ? null : clip(kind.aa.docUrl, 500),
          definition: clip(JSON.stringify(kind.aa.definition, null, 2), 400_000),
          bounceFees: amountsView(kind.aa.bounceFees ?? {}, named),
          balances: amountsView(balances, named).slice(0, 1000),
          responses: responses.map((r) => ({
            mci: r.mci,
            triggerUnit: r.triggerUnit,
            triggerAddress: r.triggerAddress,
            bounced: r.bounced,
            error: r.error === null ? null : clip(r.error, 2000),
            responseUnit: r.responseUnit,
          })),
        };
      }),
    // One page of variables in name order. ocore reads [from, to + U+FFFF]: a page after a
    // name starts there (that name itself comes back, so one more is asked) and stays within
    // the prefix; the hub's answer is filtered again, since it is only the hub's word.
    'aa.stateVars': (params) =>
      inWords(async () => {
        const aa = address(params.address, 'The address');
        const limit = params.limit ?? 100;
        const prefix = params.prefix ?? '';
        const after = params.after;
        if (after !== undefined && !after.startsWith(prefix)) {
          throw new UserFacingError('The page to continue from is not within the prefix.');
        }
        const vars = await deps.wallet.services().aa.stateVars({
          address: aa,
          ...(after !== undefined
            ? { prefixFrom: after, prefixTo: prefix, limit: limit + 2 }
            : prefix !== ''
              ? { prefix, limit: limit + 1 }
              : { limit: limit + 1 }),
        });
        const names = Object.keys(vars)
          .filter((name) => name.startsWith(prefix) && (after === undefined || name > after))
          .sort();
        const page = names.slice(0, limit);
        return {
          vars: page.map((name) => ({
            name: name.slice(0, 1000),
            value: clip(JSON.stringify(vars[name]) ?? 'null', 10_000),
          })),
          nextAfter: names.length > limit ? (page.at(-1) ?? null) : null,
        };
      }),
    'attestations.list': (params) =>
      inWords(async () => {
        const subject = address(params.address, 'The address');
        const rows = await deps.wallet.services().aa.attestations(subject);
        return rows.map((row) => ({
          unit: row.unit,
          attestor: row.attestorAddress,
          attestorName: mainnet() ? attestorName(row.attestorAddress) : null,
          fields: Object.entries(row.profile).map(([name, value]) => ({ name, value })),
        }));
      }),
  };
}
