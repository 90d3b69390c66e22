/**
 * The chat commands of the command line (`pairing-code`, `pair CODE`, `bots`, `chat list`,
 * `chat send`, `chat read [--follow]`) as plain functions over the messenger and an output
 * writer, for electron/cli.ts to call. Peer text is untrusted: control characters (terminal
 * escape sequences, bidi overrides) are replaced before anything reaches the terminal, and links
 * are described from their typed parse, never acted on.
 */
import { BIDI_CONTROLS } from '../../../../shared/vocabulary/bidi';
import { parseChatText, type ChatLink } from '../../../../shared/protocol/chat-links';
import type { DeviceMessenger } from './device-messenger';
import { assertDeviceAddress, ChatError } from './words';
import type { ChatMessage, Correspondent } from './types';

export type OutputWriter = (line: string) => void;

export interface CliOptions {
  readonly json?: boolean;
}

/** Untrusted text made safe for a terminal: C0/C1 controls and bidi controls become visible. */
export function terminalSafe(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what we replace
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD')
      .replace(BIDI_CONTROLS, '\uFFFD')
  );
}

function describeLink(link: ChatLink): string | null {
  switch (link.kind) {
    case 'payment':
      return `[payment request: ${link.amount} ${link.asset === 'base' ? 'bytes' : `of asset ${link.asset}`} to ${link.address}; pay it in the app]`;
    case 'command':
      return `[command: ${link.command}]`;
    case 'url':
      return `[link: ${link.url}]`;
    case 'pairing':
      return `[pairing code: ${link.uri}]`;
    default:
      return null;
  }
}

/** A message body as terminal text, with typed links described after their text. */
export function formatMessageBody(body: string): string {
  return parseChatText(body)
    .map((segment) => {
      if (segment.type === 'text') return segment.text;
      const described = describeLink(segment.link);
      return described === null ? segment.text : `${segment.text} ${described}`;
    })
    .map(terminalSafe)
    .join('');
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function formatMessage(message: ChatMessage, peerName: string): string {
  // A note of this app in the conversation (a message that could not be read), not the peer's words.
  const who =
    message.kind === 'system'
      ? '[note]'
      : message.direction === 'in'
        ? terminalSafe(peerName)
        : 'me';
  const state =
    message.direction === 'out'
      ? ` (${message.state}${message.failureReason ? `: ${message.failureReason}` : ''})`
      : '';
  const body =
    message.kind === 'unsupported'
      ? `[unsupported message "${terminalSafe(message.subject)}"]`
      : formatMessageBody(message.body);
  return `${formatTime(message.createdAt)} #${message.id} ${who}${state}: ${body}`;
}

function correspondentJson(c: Correspondent): Record<string, unknown> {
  return {
    deviceAddress: c.deviceAddress,
    name: c.name,
    hub: c.hub,
    isConfirmed: c.isConfirmed,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt,
  };
}

/** `obyte-light pairing-code`: a fresh one-time invitation. */
export function pairingCodeCommand(
  messenger: DeviceMessenger,
  out: OutputWriter,
  options: CliOptions = {},
): string {
  const code = messenger.ourPairingCode();
  out(options.json ? JSON.stringify({ pairingCode: code }) : code);
  return code;
}

/**
 * `obyte-light pair CODE`: starts pairing; with `waitMs`, waits for the peer's confirmation.
 * Resolves true when confirmed (false when still pending after `waitMs`).
 */
export async function pairCommand(
  messenger: DeviceMessenger,
  code: string,
  out: OutputWriter,
  options: CliOptions & { readonly waitMs?: number } = {},
): Promise<boolean> {
  const started = messenger.pair(code);
  const confirmed = await new Promise<boolean>((resolve) => {
    const now = messenger.getCorrespondent(started.deviceAddress);
    if (now?.isConfirmed || !options.waitMs) {
      resolve(now?.isConfirmed ?? false);
      return;
    }
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, options.waitMs);
    const off = messenger.on('correspondentChanged', ({ deviceAddress, correspondent }) => {
      if (deviceAddress === started.deviceAddress && correspondent?.isConfirmed) {
        clearTimeout(timer);
        off();
        resolve(true);
      }
    });
  });
  const current = messenger.getCorrespondent(started.deviceAddress) ?? started;
  if (options.json) out(JSON.stringify({ ...correspondentJson(current), isConfirmed: confirmed }));
  else {
    out(
      confirmed
        ? `Paired with ${terminalSafe(current.name)} (${current.deviceAddress}).`
        : `Pairing request sent to ${current.deviceAddress}; waiting for the peer to answer.`,
    );
  }
  return confirmed;
}

/** `obyte-light bots`: the hub's bot store. */
export async function botsCommand(
  messenger: DeviceMessenger,
  out: OutputWriter,
  options: CliOptions = {},
): Promise<void> {
  const bots = await messenger.listBots();
  if (options.json) {
    out(JSON.stringify(bots.map((b) => ({ ...b, pairing: b.pairing?.device_address ?? null }))));
    return;
  }
  if (bots.length === 0) out('This hub lists no bots.');
  for (const bot of bots) {
    out(`${bot.isPaired ? '*' : ' '} ${terminalSafe(bot.name)}  ${terminalSafe(bot.pairingCode)}`);
    if (bot.description)
      out(`    ${terminalSafe(bot.description.replace(/\s+/g, ' ')).slice(0, 200)}`);
  }
}

/** `obyte-light chat list`: correspondents, most recent first. */
export function chatListCommand(
  messenger: DeviceMessenger,
  out: OutputWriter,
  options: CliOptions = {},
): void {
  const list = messenger.listCorrespondents();
  if (options.json) {
    out(JSON.stringify(list.map(correspondentJson)));
    return;
  }
  if (list.length === 0) out('No correspondents yet. Pair with `obyte-light pair CODE`.');
  for (const c of list) {
    const unread = c.unreadCount > 0 ? ` (${c.unreadCount} unread)` : '';
    const pending = c.isConfirmed ? '' : ' [pairing]';
    out(`${c.deviceAddress}  ${terminalSafe(c.name)}${pending}${unread}`);
  }
}

/**
 * `obyte-light chat send DEVICE_ADDRESS TEXT`: queues the text and waits (up to `waitMs`,
 * default 30 s) for the hub's answer. Resolves with the final state.
 */
export async function chatSendCommand(
  messenger: DeviceMessenger,
  deviceAddress: string,
  text: string,
  out: OutputWriter,
  options: CliOptions & { readonly waitMs?: number } = {},
): Promise<ChatMessage> {
  assertDeviceAddress(deviceAddress);
  const queued = messenger.sendText(deviceAddress, text);
  const final = await new Promise<ChatMessage>((resolve) => {
    // The newest word on it: a queued message may say why it is not delivered yet.
    let latest = queued;
    const timer = setTimeout(() => {
      off();
      resolve(latest);
    }, options.waitMs ?? 30_000);
    const off = messenger.on('messageStateChanged', (message) => {
      if (message.id === queued.id) latest = message;
      if (message.id === queued.id && message.state !== 'queued') {
        clearTimeout(timer);
        off();
        resolve(message);
      }
    });
  });
  if (options.json)
    out(JSON.stringify({ id: final.id, state: final.state, reason: final.failureReason }));
  else if (final.state === 'delivered') out(`Delivered (#${final.id}).`);
  else if (final.state === 'failed') out(`Failed: ${final.failureReason ?? 'unknown reason'}`);
  else if (final.failureReason !== null) out(`Not sent yet (#${final.id}): ${final.failureReason}`);
  else out(`Queued (#${final.id}); it will be sent when the hub can be reached.`);
  return final;
}

/**
 * `obyte-light chat read DEVICE_ADDRESS [--follow]`: the conversation; with `follow`, new
 * messages until `signal` aborts. Marks the conversation read.
 */
export async function chatReadCommand(
  messenger: DeviceMessenger,
  deviceAddress: string,
  out: OutputWriter,
  options: CliOptions & {
    readonly limit?: number;
    readonly follow?: boolean;
    readonly signal?: AbortSignal;
  } = {},
): Promise<void> {
  assertDeviceAddress(deviceAddress);
  const correspondent = messenger.getCorrespondent(deviceAddress);
  if (correspondent === null) throw new ChatError('not_found', 'No such correspondent.');
  const print = (message: ChatMessage): void => {
    const name = messenger.getCorrespondent(deviceAddress)?.name ?? correspondent.name;
    out(options.json ? JSON.stringify(message) : formatMessage(message, name));
  };
  for (const message of messenger.listMessages(deviceAddress, { limit: options.limit ?? 50 })) {
    print(message);
  }
  messenger.markRead(deviceAddress);
  if (!options.follow) return;
  await new Promise<void>((resolve) => {
    const offs = [
      messenger.on('messageReceived', (message) => {
        if (message.correspondent !== deviceAddress) return;
        print(message);
        messenger.markRead(deviceAddress);
      }),
      messenger.on('messageSent', (message) => {
        if (message.correspondent === deviceAddress) print(message);
      }),
    ];
    const stop = (): void => {
      for (const off of offs) off();
      resolve();
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
}
