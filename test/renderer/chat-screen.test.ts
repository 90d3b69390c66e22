/**
 * The Chat screen in jsdom with a fake API: what a bot's messages turn into (buttons that do
 * nothing on their own), the signed messages a peer sent, copied on request.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../renderer/App.svelte';
import { AppState } from '../../renderer/lib/state/app.svelte';
import type { IpcReply } from '../../shared/ipc';
import type { ChatMessageView, CorrespondentView } from '../../shared/ipc/chat-schemas';
import { fakeApi, LOCKED_WALLET } from './fake-api';

const BOT = '0BOTBOTBOTBOTBOTBOTBOTBOTBOTBOTBO';
/** The first render of the whole app can take seconds on a loaded machine. */
const SLOW = { timeout: 10_000 };
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

/**
 * A conversation with `peer`: its messages (received from it), and the whole app rendered on
 * #/chat with that chat open, the wallet unlocked, over a fake API (`overrides` answer the rest).
 */
function chatWith(peer: CorrespondentView) {
  return {
    message(segments: ChatMessageView['segments'], id = 1): ChatMessageView {
      return {
        id,
        correspondent: peer.deviceAddress,
        direction: 'in',
        kind: 'text',
        subject: 'text',
        segments,
        createdAt: 1_700_000_000_000,
        sentAt: null,
        state: 'received',
        failureReason: null,
      };
    },
    async render(messages: ChatMessageView[], overrides: Parameters<typeof fakeApi>[0] = {}) {
      const fake = fakeApi({
        'wallet.getState': () => ok(UNLOCKED),
        'chat.listCorrespondents': () => ok([peer]),
        'chat.listMessages': () => ok(messages),
        'chat.markRead': () => ok(null),
        ...overrides,
      });
      const state = new AppState(fake.api, { hash: '#/chat' });
      await state.start();
      state.requestedChat = peer.deviceAddress;
      render(App, { props: { state } });
      flushSync();
      return { ...fake, state };
    },
  };
}

const bot = chatWith(PEER);

const SIGNED = bot.message([
  { type: 'text', text: 'Here: ' },
  { type: 'signed_message', text: 'I own this address', base64: 'eyJzaWduZWQiOnRydWV9' },
]);

describe('Chat: a signed message from a peer', () => {
  it('is copied exactly as it arrived, and says so', async () => {
    const written = fakeClipboard();
    await bot.render([SIGNED]);
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Copy the signed message' }, SLOW),
    );
    expect(await screen.findByText('The signed message was copied.')).toBeInTheDocument();
    expect(written).toEqual(['eyJzaWduZWQiOnRydWV9']);
  });

  it('a clipboard that refuses is said in words', async () => {
    fakeClipboard(true);
    await bot.render([SIGNED]);
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Copy the signed message' }, SLOW),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The clipboard refused the signed message. Select it and copy it by hand.',
    );
    expect(screen.queryByText('The signed message was copied.')).toBeNull();
  });
});

const PAYEE = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const OTHER = 'QZAB2MYRLRVUNITTOOCF5ZE3AG4TCJDD';
const ATTESTOR = 'JFKWGRMXP3KHUAFMF4SJZVDXFL6ACC6P';

function payment(address: string, recipientKind: 'address' | 'email' = 'address') {
  return {
    type: 'payment' as const,
    text: `[pay](obyte:${address}?amount=1)`,
    payment: {
      kind: 'payment' as const,
      network: 'mainnet' as const,
      address,
      recipientKind,
      amount: 1,
      asset: null,
      additionalAssets: [],
      deviceAddress: null,
      base64data: null,
      fromAddress: null,
      singleAddress: false,
    },
  };
}

describe('Chat: who the correspondent is', () => {
  it('lists the addresses they asked to be paid to, and shows their attestations as the hub’s word', async () => {
    const { calls } = await bot.render(
      [
        bot.message([payment(PAYEE), { type: 'text', text: ' please' }], 1),
        bot.message([payment('someone@example.com', 'email')], 2),
        bot.message([payment(OTHER), payment(PAYEE)], 3),
      ],
      {
        'attestations.list': (params) =>
          (params as { address: string }).address === PAYEE
            ? ok([
                {
                  unit: 'A'.repeat(43) + '=',
                  attestor: ATTESTOR,
                  attestorName: 'Real name attestation bot (Veriff)',
                  fields: [{ name: 'first_name', value: '<b>Ada</b>' }],
                },
              ])
            : ok([]),
      },
    );
    await fireEvent.click(await screen.findByRole('button', { name: 'Who is this?' }, SLOW));
    const panel = within(screen.getByRole('region', { name: 'Who is Test Bot?' }));
    // Newest first, each once; an e-mail recipient is no address.
    const listed = panel
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.mono')?.textContent);
    expect(listed).toEqual([OTHER, PAYEE]);
    const buttons = panel.getAllByRole('button', { name: 'Attestations of this address' });
    await fireEvent.click(buttons[1] as HTMLElement);
    expect(
      await panel.findByText(/Attested by Real name attestation bot \(Veriff\)/),
    ).toBeInTheDocument();
    expect(panel.getByText(/the hub's word/, { selector: 'p[role="status"]' })).toBeInTheDocument();
    // A value is text, never markup.
    expect(panel.getByText(': <b>Ada</b>', { exact: false })).toBeInTheDocument();
    expect(document.querySelector('.peer b')).toBeNull();
    await fireEvent.input(panel.getByLabelText('Another address of Test Bot'), {
      target: { value: ` ${OTHER} ` },
    });
    await fireEvent.click(panel.getByRole('button', { name: 'Look up' }));
    expect(await panel.findByText(/No attestations of/)).toBeInTheDocument();
    expect(calls.filter(([m]) => m === 'attestations.list').map(([, p]) => p)).toEqual([
      { address: PAYEE },
      { address: OTHER },
    ]);
  });

  it('a refusal of the hub is said in words', async () => {
    await bot.render([bot.message([payment(PAYEE)])], {
      'attestations.list': () => ({
        ok: false,
        error: { code: 'rejected', message: 'The hub did not answer.' },
      }),
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Who is this?' }, SLOW));
    await fireEvent.click(screen.getByRole('button', { name: 'Attestations of this address' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The attestations could not be read. The hub did not answer.',
    );
  });
});

describe('Chat: a bot asks for a private profile', () => {
  const REQUEST = bot.message([
    { type: 'text', text: 'Please ' },
    { type: 'profile_request', text: 'share', fields: ['first_name', 'last_name'] },
  ]);
  const VIEW = {
    correspondent: BOT,
    correspondentName: 'Test Bot',
    fields: ['first_name', 'last_name'],
    candidates: [
      {
        profileId: 4,
        address: PAYEE,
        attestor: ATTESTOR,
        attestorName: null,
        values: [
          { name: 'first_name', value: '<i>Ada</i>' },
          { name: 'last_name', value: 'Lovelace' },
        ],
        keptBack: ['dob'],
      },
    ],
  };

  /** The chat with the request, its button clicked: the dialog that asks. */
  async function askedForProfile(overrides: Parameters<typeof fakeApi>[0]) {
    const rendered = await bot.render([REQUEST], overrides);
    await fireEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Asks for your profile: first_name, last_name' },
        SLOW,
      ),
    );
    const box = within(
      await screen.findByRole('dialog', { name: 'Test Bot asks for your profile' }),
    );
    return { ...rendered, box };
  }

  it('shows exactly which values go to whom, and shares only the chosen profile on Send', async () => {
    const { calls, box } = await askedForProfile({
      'profiles.prepareShare': () => ok(VIEW),
      'profiles.share': () => ok({ sentTo: BOT, fields: ['first_name', 'last_name'] }),
    });
    const rows = box.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['first_name<i>Ada</i>', 'last_nameLovelace']);
    expect(document.querySelector('.dialog i')).toBeNull();
    expect(box.getByText('Kept back (only a hash is sent): dob.')).toBeInTheDocument();
    expect(calls.filter(([m]) => m === 'profiles.share')).toEqual([]);
    await fireEvent.click(box.getByRole('button', { name: 'Send these details' }));
    expect(await screen.findByText('Sent to Test Bot: first_name, last_name.')).toBeInTheDocument();
    expect(calls.find(([m]) => m === 'profiles.prepareShare')?.[1]).toEqual({
      correspondent: BOT,
      fields: ['first_name', 'last_name'],
    });
    expect(calls.find(([m]) => m === 'profiles.share')?.[1]).toEqual({
      correspondent: BOT,
      profileId: 4,
      fields: ['first_name', 'last_name'],
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('with no profile to answer it says so; Decline sends nothing; a refusal stays in the dialog', async () => {
    const { calls, box } = await askedForProfile({
      'profiles.prepareShare': () => ok({ ...VIEW, candidates: [] }),
    });
    expect(
      box.getByText(/You have no attested private profile with all these fields/),
    ).toBeInTheDocument();
    expect(box.queryByRole('button', { name: 'Send these details' })).toBeNull();
    await fireEvent.click(box.getByRole('button', { name: 'Decline' }));
    expect(await screen.findByText('Declined: nothing was sent to Test Bot.')).toBeInTheDocument();
    expect(calls.some(([m]) => m === 'profiles.share')).toBe(false);
  });

  it('a refusal from main is shown in the dialog, which stays open', async () => {
    const { box } = await askedForProfile({
      'profiles.prepareShare': () => ok(VIEW),
      'profiles.share': () => ({
        ok: false,
        error: { code: 'rejected', message: 'Not sent: you said no in the dialog.' },
      }),
    });
    await fireEvent.click(box.getByRole('button', { name: 'Send these details' }));
    expect(await box.findByRole('alert')).toHaveTextContent('Not sent: you said no in the dialog.');
  });
});
