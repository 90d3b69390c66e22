/** The textcoin methods of the contract, over the current wallet's TextcoinSession. */
import type { TextcoinSession } from '../services/textcoin-session';
import type { WalletSession } from '../services/wallet-session';
import type { Handlers } from './dispatcher';
import {
  textcoinClaimPreviewView,
  textcoinSendPreviewView,
  textcoinSentView,
  textcoinViews,
} from './textcoin-views';

type TextcoinMethod = Extract<keyof Handlers, `textcoins.${string}`>;

export function createTextcoinHandlers(deps: {
  readonly textcoins: TextcoinSession;
  readonly wallet: WalletSession;
}): Pick<Handlers, TextcoinMethod> {
  const { textcoins, wallet } = deps;
  return {
    'textcoins.previewSend': async (params) =>
      textcoinSendPreviewView(await textcoins.previewSend(params), wallet.payments.assetNames()),
    'textcoins.send': async ({ previewId }) => textcoinSentView(await textcoins.send(previewId)),
    'textcoins.list': async () =>
      textcoinViews(await textcoins.list(), wallet.payments.assetNames()),
    'textcoins.assets': () => textcoins.assets(),
    'textcoins.previewClaim': async ({ input }) =>
      textcoinClaimPreviewView(await textcoins.previewClaim(input), wallet.payments.assetNames()),
    'textcoins.previewTakeBack': async ({ address }) =>
      textcoinClaimPreviewView(
        await textcoins.previewTakeBack(address),
        wallet.payments.assetNames(),
      ),
    'textcoins.claim': ({ previewId }) => textcoins.claim(previewId),
    'textcoins.discard': ({ previewId }) => textcoins.discard(previewId),
  };
}
