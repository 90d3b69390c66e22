/**
 * The signed-message, autonomous-agent and attestation methods of the contract (issue 15).
 *
 * Signing mirrors payments: `messages.prepareSign` makes main hold exactly what will be signed
 * and says it back; `messages.sign` signs only that, with the keys unlocked and — in the app —
 * after the user said yes in a dialog main owns, showing the text and the address. The page
 * never hands main a digest to sign.
 */
import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../../../shared/ipc';
import type { AaAmountView } from '../../../shared/ipc/aa-schemas';
import { BASE_ASSET } from '../../../shared/protocol/amount';
import { isValidAddress } from '../../../shared/protocol/chash';
import { ProtocolError } from '../../../shared/protocol/errors';
import { encodeSignedMessage, signedMessageReply } from '../../../shared/protocol/signed-message';
import { AaError } from '../services/aa/index';
import type { ChatSession } from '../services/chat/index';
import { systemClock, type Clock } from '../services/clock';
import type { UserConfirmation } from '../services/user-confirmation';
import { WalletError } from '../services/wallet/index';
import type { WalletSession } from '../services/wallet-session';
import type { Handlers } from './dispatcher';

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

function address(text: string, what: string): string {
  const value = text.trim();
  if (!isValidAddress(value)) throw new UserFacingError(`${what} is not a valid Obyte address.`);
  return value;
}

async function inWords<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof AaError ||
      error instanceof WalletError ||
      error instanceof ProtocolError
    ) {
      throw new UserFacingError(error.message);
    }
    throw error;
  }
}

function amounts(
  values: Readonly<Record<string, number>>,
  label: (asset: string) => { name: string | null; decimals: number },
): AaAmountView[] {
  return Object.entries(values).map(([asset, amount]) => ({
    asset,
    amount,
    assetName: label(asset).name,
    decimals: label(asset).decimals,
  }));
}

export function createAaHandlers(deps: {
  readonly wallet: WalletSession;
  readonly chat: ChatSession;
  readonly clock?: Clock;
  readonly confirmation?: UserConfirmation;
}): Pick<Handlers, AaMethod> {
  const clock = deps.clock ?? systemClock;
  const label = (asset: string) =>
    asset === BASE_ASSET ? { name: 'GBYTE', decimals: 9 } : { name: null, decimals: 0 };
  return {
    'messages.prepareSign': (params) =>
      inWords(() =>
        deps.wallet
          .services()
          .messages.prepare(address(params.address, 'The address'), params.message, {
            ...(params.networkAware === undefined ? {} : { networkAware: params.networkAware }),
            ...(params.decodeJson === undefined ? {} : { decodeJson: params.decodeJson }),
            now: clock.now(),
            id: randomBytes(18).toString('base64url'),
          }),
      ),
    'messages.sign': ({ signId, replyTo }) =>
      inWords(async () => {
        const { messages } = deps.wallet.services();
        const held = messages.preparedText(signId);
        if (held === null) throw new UserFacingError('This signing request has expired.');
        const confirmation = deps.confirmation;
        if (confirmation !== undefined) {
          const yes = await confirmation.ask({
            title: 'Sign a message',
            message: `Sign this message with your address ${held.address}?`,
            detail: `The signature proves that you hold this address. Sign only what you have read and agree with:\n\n${held.text.slice(0, 2000)}${held.text.length > 2000 ? '…' : ''}`,
            confirm: 'Sign',
          });
          if (!yes) throw new UserFacingError('Not signed: you said no in the dialog.');
        }
        const pkg = await messages.signPrepared(signId, clock.now());
        let repliedTo: string | null = null;
        if (replyTo !== undefined) {
          deps.chat.messenger.sendText(replyTo, signedMessageReply(pkg));
          repliedTo = replyTo;
        }
        return { address: held.address, base64: encodeSignedMessage(pkg), repliedTo };
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
              reason: `It is not a signed message: ${error.message}`.slice(0, 1000),
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
        return {
          address: aa,
          kind: 'aa' as const,
          baseAa: kind.aa.baseAa,
          docUrl: kind.aa.docUrl,
          definition: JSON.stringify(kind.aa.definition, null, 2).slice(0, 400_000),
          bounceFees: amounts(kind.aa.bounceFees ?? {}, label),
          balances: amounts(balances, label).slice(0, 1000),
          responses: responses.map((r) => ({
            mci: r.mci,
            triggerUnit: r.triggerUnit,
            triggerAddress: r.triggerAddress,
            bounced: r.bounced,
            error: r.error,
            responseUnit: r.responseUnit,
          })),
        };
      }),
    'aa.stateVars': (params) =>
      inWords(async () => {
        const aa = address(params.address, 'The address');
        const limit = params.limit ?? 100;
        const vars = await deps.wallet.services().aa.stateVars({
          address: aa,
          ...(params.after !== undefined
            ? { prefixFrom: params.after }
            : params.prefix !== undefined
              ? { prefix: params.prefix }
              : {}),
          limit: limit + 1,
        });
        const names = Object.keys(vars)
          .sort()
          .filter((name) => params.after === undefined || name > params.after)
          .filter((name) => params.prefix === undefined || name.startsWith(params.prefix));
        const page = names.slice(0, limit);
        return {
          vars: page.map((name) => ({
            name: name.slice(0, 1000),
            value: JSON.stringify(vars[name]).slice(0, 10_000),
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
          attestorName: ATTESTORS[row.attestorAddress] ?? null,
          fields: Object.entries(row.profile).map(([name, value]) => ({ name, value })),
        }));
      }),
  };
}
