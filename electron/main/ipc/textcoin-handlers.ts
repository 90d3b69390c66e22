/** The textcoin methods of the contract, over the current wallet's TextcoinSession. */
import type { TextcoinSession } from '../services/textcoin-session';
import type { Handlers } from './dispatcher';

type TextcoinMethod = Extract<keyof Handlers, `textcoins.${string}`>;

export function createTextcoinHandlers(deps: {
  readonly textcoins: TextcoinSession;
}): Pick<Handlers, TextcoinMethod> {
  const { textcoins } = deps;
  return {
    'textcoins.previewSend': (params) => textcoins.previewSend(params),
    'textcoins.send': ({ previewId }) => textcoins.send(previewId),
    'textcoins.list': () => textcoins.list(),
    'textcoins.assets': () => textcoins.assets(),
    'textcoins.previewClaim': ({ input }) => textcoins.previewClaim(input),
    'textcoins.previewTakeBack': ({ address }) => textcoins.previewTakeBack(address),
    'textcoins.claim': ({ previewId }) => textcoins.claim(previewId),
    'textcoins.discard': ({ previewId }) => textcoins.discard(previewId),
  };
}
