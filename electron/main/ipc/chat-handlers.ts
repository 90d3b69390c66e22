/** The chat, bots and web-link methods of the contract, over the ChatSession. */
import { UserFacingError } from '../../../shared/ipc';
import { CHAT_MESSAGE_PAGE } from '../../../shared/ipc/chat-schemas';
import type { ChatSession } from '../services/chat/index';
import { botView, correspondentView, messageView } from './chat-view';
import { ChatError } from '../services/chat/words';
import type { UserConfirmation } from '../services/user-confirmation';
import { parseWebLink, webLinkConfirmation } from '../services/web-links';
import type { DesktopBridge } from './desktop-bridge';
import type { Handlers } from './dispatcher';

type ChatMethod =
  | 'links.openWeb'
  | 'chat.listCorrespondents'
  | 'chat.listMessages'
  | 'chat.sendText'
  | 'chat.retry'
  | 'chat.markRead'
  | 'chat.pair'
  | 'chat.ourPairingCode'
  | 'chat.rename'
  | 'chat.remove'
  | 'bots.list';

/** ChatError (bad code, unknown device, own code…) in the user's words. */
async function chat<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChatError) throw new UserFacingError(error.message);
    throw error;
  }
}

export function createChatHandlers(deps: {
  readonly chat: ChatSession;
  readonly desktop?: DesktopBridge;
  readonly confirmation?: UserConfirmation;
}): Pick<Handlers, ChatMethod> {
  const { chat: session } = deps;
  const known = (address: string) => {
    const correspondent = session.messenger.getCorrespondent(address);
    if (!correspondent) throw new UserFacingError('There is no chat with that device.');
    return correspondent;
  };
  return {
    // A link from a chat message opens only after the user confirmed its full address and
    // its host (in ASCII) in a dialog main owns: the page asking is not enough.
    'links.openWeb': async ({ url }) => {
      const parsed = parseWebLink(url);
      if (!parsed.ok) throw new UserFacingError(parsed.problem);
      const { link } = parsed;
      const open = deps.desktop?.openExternal;
      const confirmation = deps.confirmation;
      if (!open || !confirmation) return { opened: false, url: link.href };
      if (!(await confirmation.ask(webLinkConfirmation(link)))) {
        return { opened: false, url: link.href };
      }
      await open(link.href);
      return { opened: true, url: link.href };
    },
    'chat.listCorrespondents': () =>
      session.messenger.listCorrespondents().map((c) => correspondentView(c)),
    'chat.listMessages': ({ correspondent, before }) => {
      known(correspondent);
      const network = session.network;
      return session.messenger
        .listMessages(correspondent, {
          limit: CHAT_MESSAGE_PAGE,
          ...(before === undefined ? {} : { beforeId: before }),
        })
        .map((message) => messageView(message, network));
    },
    'chat.sendText': ({ correspondent, text }) =>
      chat(() => messageView(session.messenger.sendText(correspondent, text), session.network)),
    'chat.retry': ({ id }) =>
      chat(() => messageView(session.messenger.retryMessage(id), session.network)),
    'chat.markRead': ({ correspondent }) => {
      session.messenger.markRead(correspondent);
      return { done: true };
    },
    'chat.pair': ({ code }) => chat(() => correspondentView(session.messenger.pair(code))),
    'chat.ourPairingCode': () => ({ code: session.messenger.ourPairingCode() }),
    'chat.rename': ({ correspondent, name }) =>
      chat(() => correspondentView(session.messenger.renameCorrespondent(correspondent, name))),
    'chat.remove': ({ correspondent }) =>
      chat(() => {
        known(correspondent);
        session.messenger.removeCorrespondent(correspondent);
        return { done: true as const };
      }),
    'bots.list': () => chat(async () => (await session.messenger.listBots()).map(botView)),
  };
}
