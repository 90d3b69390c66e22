/**
 * The Chat screen in jsdom with a fake API: what a bot's messages turn into (buttons that do
 * nothing on their own), the signed messages a peer sent, copied on request.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { IpcReply } from '../../shared/ipc';
import type { ChatMessageView, CorrespondentView } from '../../shared/ipc/chat-schemas';
import { fakeApi, LOCKED_WALLET } from './fake-api';

const BOT = '0BOTBOTBOTBOTBOTBOTBOTBOTBOTBOTBO';
const UNLOCKED = { ...LOCKED_WALLET, state: 'unlocked' as const };

function ok(value: unknown): IpcReply<unknown> {
  return { ok: true, value };
}

const PEER: CorrespondentView = {
  deviceAddress: BOT,
  name: 'Test Bot',
  hub: 'obyte.org/bb',
  isConfirmed: true,
  lastMessageAt: 1,
  lastMessagePreview: null,
  unreadCount: 0,
};

function message(segments: ChatMessageView['segments'], id = 1): ChatMessageView {
  return {
    id,
    correspondent: BOT,
    direction: 'in',
    kind: 'text',
    subject: 'text',
    segments,
    createdAt: 1_700_000_000_000,
    sentAt: null,
    state: 'received',
    failureReason: null,
  };
}

/** The page's clipboard: what it was given, or a refusal. */
function fakeClipboard(refuse = false): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: (text: string) => {
        if (refuse) return Promise.reject(new Error('denied'));
        written.push(text);
        return Promise.resolve();
      },
    },
  });
  return written;
}

beforeAll(() => {
  // jsdom lays nothing out: the conversation's keep-the-newest-in-view has nowhere to scroll.
  Element.prototype.scrollIntoView = () => undefined;
});

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
});

async function renderChat(
  messages: ChatMessageView[],
  overrides: Parameters<typeof fakeApi>[0] = {},
) {
  const fake = fakeApi({
    'wallet.getState': () => ok(UNLOCKED),
    'chat.listCorrespondents': () => ok([PEER]),
    'chat.listMessages': () => ok(messages),
    'chat.markRead': () => ok(null),
    ...overrides,
  });
  const state = new AppState(fake.api, { hash: '#/chat' });
  await state.start();
  state.requestedChat = BOT;
  render(App, { props: { state } });
  flushSync();
  return { ...fake, state };
}

const SIGNED = message([
  { type: 'text', text: 'Here: ' },
  { type: 'signed_message', text: 'I own this address', base64: 'eyJzaWduZWQiOnRydWV9' },
]);

describe('Chat: a signed message from a peer', () => {
  it('is copied exactly as it arrived, and says so', async () => {
    const written = fakeClipboard();
    await renderChat([SIGNED]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Copy the signed message' }));
    expect(await screen.findByText('The signed message was copied.')).toBeInTheDocument();
    expect(written).toEqual(['eyJzaWduZWQiOnRydWV9']);
  });

  it('a clipboard that refuses is said in words', async () => {
    fakeClipboard(true);
    await renderChat([SIGNED]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Copy the signed message' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The clipboard refused the signed message. Select it and copy it by hand.',
    );
    expect(screen.queryByText('The signed message was copied.')).toBeNull();
  });
});
