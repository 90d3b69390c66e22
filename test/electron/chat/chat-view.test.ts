/** Message bodies for the page: typed segments from parseChatText, validated by the contract. */
import { describe, expect, it } from 'vitest';
import {
  botView,
  chatSegments,
  correspondentView,
  messageView,
  previewText,
} from '../../../electron/main/ipc/chat-view';
import { ChatMessageViewSchema, CorrespondentViewSchema } from '../../../shared/ipc/chat-schemas';
import { toBase64, utf8 } from '../../../shared/protocol/bytes';

const ADDRESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';

const PROFILE = {
  unit: toBase64(new Uint8Array(32).fill(7)),
  payload_hash: toBase64(new Uint8Array(32).fill(9)),
  src_profile: { first_name: ['Ada', 'bGx4'], dob: toBase64(new Uint8Array(32).fill(1)) },
};

function b64(value: unknown): string {
  return toBase64(utf8(JSON.stringify(value)));
}

describe('profile links in chat', () => {
  it('a profile request names its fields, each once; a private profile its fields in the clear', () => {
    expect(
      chatSegments('Please [share](profile-request:first_name,,last_name,first_name)', 'mainnet'),
    ).toEqual([
      { type: 'text', text: 'Please ' },
      { type: 'profile_request', text: 'share', fields: ['first_name', 'last_name'] },
    ]);
    const base64 = b64(PROFILE);
    expect(chatSegments(`[Private profile](profile:${base64})`, 'mainnet')).toEqual([
      { type: 'private_profile', text: 'Private profile', base64, fields: ['first_name'] },
    ]);
  });

  it('hostile ones stay plain text and still fit the contract', () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => `f${i}`).join(',');
    const longName = 'n'.repeat(51);
    const bodies = [
      `[x](profile-request:${tooMany})`,
      `[x](profile-request:${longName})`,
      '[x](profile-request:,,,)',
      `[x](profile:${b64({ ...PROFILE, unit: 'nope' })})`,
      `[x](profile:${b64([PROFILE])})`,
      `[x](profile:${'A'.repeat(16_004)})`,
      '[x](profile:bm90IGpzb24=)',
    ];
    for (const body of bodies) {
      const segments = chatSegments(body, 'mainnet');
      expect(segments.map((s) => s.type)).toEqual(['text']);
      expect(segments.map((s) => ('text' in s ? s.text : '')).join('')).toBe(body);
      const view = messageView(
        {
          id: 1,
          correspondent: '0BOTBOTBOTBOTBOTBOTBOTBOTBOTBOTBO',
          direction: 'in',
          kind: 'text',
          subject: 'text',
          body,
          createdAt: 1,
          sentAt: null,
          state: 'received',
          failureReason: null,
          messageHash: null,
        },
        'mainnet',
      );
      expect(ChatMessageViewSchema.safeParse(view).success).toBe(true);
    }
  });
});

describe('chat segments', () => {
  it('turns a payment request into a payment preview link (a deep link), never more', () => {
    const segments = chatSegments(
      `Please pay [0.1 GB](obyte:${ADDRESS}?amount=100000000)`,
      'devnet',
    );
    expect(segments[0]).toEqual({ type: 'text', text: 'Please pay ' });
    expect(segments[1]).toMatchObject({
      type: 'payment',
      payment: { kind: 'payment', address: ADDRESS, amount: 100000000, network: 'devnet' },
    });
  });

  it('keeps a payment link for another network as text', () => {
    const segments = chatSegments(`[pay](obyte-tn:${ADDRESS}?amount=1)`, 'mainnet');
    expect(segments.every((s) => s.type === 'text')).toBe(true);
  });

  it('commands, suggestions and web links are typed; javascript: stays text', () => {
    expect(chatSegments('[help](command:help)', 'mainnet')).toEqual([
      { type: 'command', text: 'help', command: 'help' },
    ]);
    expect(chatSegments('[buy](suggest-command:buy 5)', 'mainnet')).toEqual([
      { type: 'suggest', text: 'buy', command: 'buy 5' },
    ]);
    expect(chatSegments('see https://obyte.org/x', 'mainnet')).toContainEqual({
      type: 'url',
      text: 'https://obyte.org/x',
      url: 'https://obyte.org/x',
    });
    const hostile = '[x](javascript:alert(1)) <img src=x onerror=alert(1)> <script>1</script>';
    expect(chatSegments(hostile, 'mainnet')).toEqual([{ type: 'text', text: hostile }]);
  });

  it('a message view passes the contract; our own texts are never parsed', () => {
    const base = {
      id: 1,
      correspondent: `0${'A'.repeat(32)}`,
      kind: 'text' as const,
      subject: 'text',
      body: '[help](command:help)',
      createdAt: 1,
      sentAt: null,
      messageHash: null,
      failureReason: null,
    };
    const incoming = messageView({ ...base, direction: 'in', state: 'received' }, 'mainnet');
    expect(ChatMessageViewSchema.parse(incoming).segments[0]?.type).toBe('command');
    const outgoing = messageView({ ...base, direction: 'out', state: 'queued' }, 'mainnet');
    expect(outgoing.segments).toEqual([{ type: 'text', text: '[help](command:help)' }]);
  });
});

describe('the chat list preview', () => {
  it('reads link markup as its label, folds whitespace, and never shows markup', () => {
    expect(previewText(`Please pay [0.1 GB](obyte:${ADDRESS}?amount=100000000)`)).toBe(
      'Please pay 0.1 GB',
    );
    expect(previewText('Try\n\n[help](command:help)   now')).toBe('Try help now');
    expect(previewText(`pay to ${ADDRESS}`)).toBe(`pay to ${ADDRESS}`);
  });

  it('fits the contract: at most 200 UTF-16 units, cut at whole characters', () => {
    const long = previewText('😀'.repeat(300));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
    expect([...long.slice(0, -1)].every((char) => char === '😀')).toBe(true);
    const view = correspondentView({
      deviceAddress: `0${'A'.repeat(32)}`,
      name: 'Bot',
      hub: 'obyte.org/bb',
      pubkey: 'A'.repeat(44),
      isConfirmed: true,
      lastMessageAt: 1,
      lastMessagePreview: `${'x'.repeat(150)} [${'y'.repeat(40)}](command:go) ${'😀'.repeat(100)}`,
      unreadCount: 0,
    } as Parameters<typeof correspondentView>[0]);
    expect(CorrespondentViewSchema.safeParse(view).success).toBe(true);
    expect(view.lastMessagePreview).not.toContain('](');
  });
});

describe('bidi controls from peers', () => {
  const RLO = '\u202e';
  const base = {
    id: 2,
    correspondent: `0${'A'.repeat(32)}`,
    kind: 'text' as const,
    subject: 'text',
    createdAt: 1,
    sentAt: null,
    messageHash: null,
    failureReason: null,
  };
  const texts = (segments: readonly { text: string }[]): string =>
    segments.map((s) => s.text).join('');

  it('are removed from message text and link labels before the page sees them', () => {
    const body = `Pay here: [0.1 GB${RLO}ETYB 5](obyte:${ADDRESS}?amount=100000000) or ${RLO}\u2066https://obyte.org/\u2069 [he\u200flp](command:he\u202alp)`;
    const view = messageView({ ...base, body, direction: 'in', state: 'received' }, 'mainnet');
    expect(ChatMessageViewSchema.parse(view).segments.some((s) => s.type === 'payment')).toBe(true);
    const all = JSON.stringify(view);
    expect(all).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(texts(view.segments)).toContain('0.1 GBETYB 5');
    expect(view.segments).toContainEqual({ type: 'command', text: 'help', command: 'help' });
    expect(view.segments).toContainEqual({
      type: 'url',
      text: 'https://obyte.org/',
      url: 'https://obyte.org/',
    });
    const outgoing = messageView(
      { ...base, body: `mine${RLO}`, direction: 'out', state: 'queued' },
      'mainnet',
    );
    expect(outgoing.segments).toEqual([{ type: 'text', text: 'mine' }]);
  });

  it('are removed from correspondent names, hubs, previews, and the bot store', () => {
    const view = correspondentView({
      deviceAddress: `0${'A'.repeat(32)}`,
      name: `Exchange${RLO}toB`,
      hub: `obyte.org/bb${RLO}`,
      pubkey: 'A'.repeat(44),
      isConfirmed: true,
      lastMessageAt: 1,
      lastMessagePreview: `sent ${RLO}5 GBYTE`,
      unreadCount: 0,
    } as Parameters<typeof correspondentView>[0]);
    expect(view.name).toBe('ExchangetoB');
    expect(view.hub).toBe('obyte.org/bb');
    expect(view.lastMessagePreview).toBe('sent 5 GBYTE');
    const bot = botView({
      id: 1,
      name: `Faucet\u2067 bot`,
      description: `Free ${RLO}coins\u061c`,
      pairingCode: 'x',
      pairing: null,
      isPaired: false,
    });
    expect(bot.name).toBe('Faucet bot');
    expect(bot.description).toBe('Free coins');
  });
});
