/**
 * Chat values as the page sees them. A message body is split here, in main, by `parseChatText`
 * into plain text and typed links; payment and pairing links go through the same parser as the
 * OS's `obyte:` links (`parseDeepLink`, against the wallet's network), so a chat link can only
 * ever prefill the forms a deep link prefills. Anything not understood stays plain text.
 *
 * This is where peer text enters what the user reads: bidi controls are removed from message
 * bodies (before the links are found, so labels and links are clean too), names, hubs and bot
 * descriptions, so no sender can make text read backwards (neutralizeBidi).
 */
import type {
  BotView,
  ChatMessageView,
  ChatSegment,
  CorrespondentView,
  Network,
} from '../../../shared/ipc';
import { neutralizeBidi } from '../../../shared/vocabulary/bidi';
import { parseChatText, type ChatLink } from '../../../shared/protocol/chat-links';
import { ProtocolError } from '../../../shared/protocol/errors';
import {
  MAX_FIELD_NAME,
  MAX_PROFILE_FIELDS,
  parsePrivateProfile,
} from '../../../shared/protocol/private-profile';
import { NETWORKS } from '../../../shared/protocol/wire';
import { parseDeepLink } from '../services/deep-links';
import type { BotEntry } from '../services/chat/bots';
import type { ChatSession } from '../services/chat/chat-session';
import type { ChatMessage, Correspondent } from '../services/chat/types';
import type { EventHub } from '../services/event-hub';

const MAX_PREVIEW = 200;

function segmentOf(text: string, link: ChatLink, network: Network): ChatSegment {
  switch (link.kind) {
    case 'payment': {
      const parsed = parseDeepLink(link.uri, network);
      return parsed.kind === 'payment'
        ? { type: 'payment', text, payment: parsed }
        : { type: 'text', text };
    }
    case 'pairing': {
      const parsed = parseDeepLink(link.uri, network);
      return parsed.kind === 'pairing'
        ? { type: 'pairing', text, pairing: parsed }
        : { type: 'text', text };
    }
    case 'command':
      return { type: 'command', text: link.label, command: link.command };
    case 'suggest_command':
      return { type: 'suggest', text: link.label, command: link.command };
    case 'data':
      return {
        type: 'data',
        text: link.label,
        params: Object.entries(link.params).map(([name, value]) => ({ name, value })),
      };
    case 'url':
      return /^https?:\/\//i.test(link.url)
        ? { type: 'url', text, url: link.url }
        : { type: 'text', text };
    case 'sign_message_request':
      return link.message.length <= 10_000
        ? {
            type: 'sign_request',
            text: link.label,
            message: link.message,
            networkAware: link.network_aware,
          }
        : { type: 'text', text };
    case 'profile_request': {
      const fields = profileRequestFields(link.fields);
      return fields.length > 0
        ? { type: 'profile_request', text: link.label, fields }
        : { type: 'text', text };
    }
    case 'private_profile':
      try {
        const profile = parsePrivateProfile(link.base64);
        return {
          type: 'private_profile',
          text: link.label,
          base64: link.base64,
          fields: Object.entries(profile.src_profile)
            .filter(([, field]) => typeof field !== 'string')
            .map(([name]) => name),
        };
      } catch (error) {
        if (error instanceof ProtocolError) return { type: 'text', text };
        throw error;
      }
    case 'signed_message':
      return link.base64.length <= 100_000
        ? { type: 'signed_message', text: link.label, base64: link.base64 }
        : { type: 'text', text };
    default:
      return { type: 'text', text };
  }
}

/**
 * The fields a profile request names, as a request may name them: non-empty, at most 50
 * characters, each once, at most 50; none when the request names more than that.
 */
export function profileRequestFields(fields: readonly string[]): string[] {
  const unique = [...new Set(fields.filter((field) => field !== ''))];
  return unique.length <= MAX_PROFILE_FIELDS && unique.every((f) => f.length <= MAX_FIELD_NAME)
    ? unique
    : [];
}

/** The body split into segments; adjacent plain texts are joined. Never throws. */
export function chatSegments(body: string, network: Network): ChatSegment[] {
  const out: ChatSegment[] = [];
  for (const segment of parseChatText(neutralizeBidi(body), { network: NETWORKS[network] })) {
    const next: ChatSegment =
      segment.type === 'text'
        ? { type: 'text', text: segment.text }
        : segmentOf(segment.text, segment.link, network);
    const last = out.at(-1);
    if (next.type === 'text' && last?.type === 'text') {
      out[out.length - 1] = { type: 'text', text: last.text + next.text };
    } else {
      out.push(next);
    }
  }
  return out;
}

export function messageView(message: ChatMessage, network: Network): ChatMessageView {
  return {
    id: message.id,
    correspondent: message.correspondent,
    direction: message.direction,
    kind: message.kind,
    subject: neutralizeBidi(message.subject).slice(0, 100),
    segments:
      message.kind === 'text' && message.direction === 'in'
        ? chatSegments(message.body, network)
        : [{ type: 'text', text: neutralizeBidi(message.body) }],
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    state: message.state,
    failureReason: message.failureReason?.slice(0, 300) ?? null,
  };
}

/** What a link reads as in running text: its label, else its own text. */
function labelOf(link: ChatLink, text: string): string {
  return 'label' in link && typeof link.label === 'string' && link.label !== '' ? link.label : text;
}

/**
 * The last message as the list shows it: link markup replaced by its label ("Please pay 0.1 GB",
 * not "Please pay [0.1 GB](obyte:…)"), whitespace folded, at most 200 characters.
 */
export function previewText(body: string): string {
  const plain = parseChatText(neutralizeBidi(body))
    .map((segment) =>
      segment.type === 'link' ? labelOf(segment.link, segment.text) : segment.text,
    )
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_PREVIEW) return plain;
  // Cut at a whole character (never half of a surrogate pair) within the limit, counted in
  // UTF-16 units as the contract counts them.
  let cut = '';
  for (const char of plain) {
    if (cut.length + char.length > MAX_PREVIEW - 1) break;
    cut += char;
  }
  return `${cut}…`;
}

export function correspondentView(correspondent: Correspondent): CorrespondentView {
  return {
    deviceAddress: correspondent.deviceAddress,
    name: neutralizeBidi(correspondent.name),
    hub: neutralizeBidi(correspondent.hub).slice(0, 200),
    isConfirmed: correspondent.isConfirmed,
    lastMessageAt: correspondent.lastMessageAt,
    lastMessagePreview:
      correspondent.lastMessagePreview === null
        ? null
        : previewText(correspondent.lastMessagePreview),
    unreadCount: correspondent.unreadCount,
  };
}

export function botView(bot: BotEntry): BotView {
  return {
    id: bot.id,
    name: neutralizeBidi(bot.name).slice(0, 100),
    description: neutralizeBidi(bot.description).slice(0, 2_000),
    pairingCode: bot.pairing === null ? null : bot.pairingCode.slice(0, 1_000),
    deviceAddress: bot.pairing?.device_address ?? null,
    isPaired: bot.isPaired,
  };
}

/**
 * The page hears what chat tells, as contract values: each message received or changed, each
 * correspondent change and the login state. Returns the functions that stop listening.
 */
export function forwardChatEvents(chat: ChatSession, events: EventHub): (() => void)[] {
  return [
    chat.onMessageReceived(({ message, network }) =>
      events.emit('chatMessageReceived', messageView(message, network)),
    ),
    chat.onMessageStateChanged(({ message, network }) =>
      events.emit('chatMessageStateChanged', messageView(message, network)),
    ),
    chat.onCorrespondentChanged(({ deviceAddress, correspondent }) =>
      events.emit('correspondentChanged', {
        deviceAddress,
        correspondent: correspondent ? correspondentView(correspondent) : null,
      }),
    ),
    chat.onLoginChanged((login) => events.emit('chatLoginChanged', login)),
  ];
}
