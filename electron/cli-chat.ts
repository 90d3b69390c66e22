/**
 * The chat commands of the command line: `pairing-code`, `pair CODE`, `bots`, `chat list`,
 * `chat send DEVICE_ADDRESS TEXT`, `chat read DEVICE_ADDRESS [--follow]`. They unlock the wallet
 * (password from OBYTE_LIGHT_PASSWORD, like the wallet commands), which starts chat on the hub
 * exactly as in the app, then run the command functions of services/chat/cli-commands.ts.
 */
import type { ChatSession } from './main/services/chat/chat-session';
import {
  botsCommand,
  chatListCommand,
  chatReadCommand,
  chatSendCommand,
  pairCommand,
  pairingCodeCommand,
} from './main/services/chat/cli-commands';
import type { HubClient } from './main/services/hub/index';
import type { WalletSession } from './main/services/wallet-session';

export const CHAT_COMMANDS = ['pairing-code', 'pair', 'bots', 'chat'] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

export function isChatCommand(value: string): value is ChatCommand {
  return (CHAT_COMMANDS as readonly string[]).includes(value);
}

export class ChatCliError extends Error {}

const PASSWORD_ENV = 'OBYTE_LIGHT_PASSWORD';
const LOGIN_TIMEOUT_MS = 20_000;

export interface ChatCliContext {
  readonly wallet: WalletSession;
  readonly chat: ChatSession;
  readonly hub: HubClient;
  readonly json: boolean;
  readonly follow: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (line: string) => void;
}

/** Checks the arguments before anything is opened. */
export function checkChatArgs(command: ChatCommand, args: readonly string[]): void {
  const need = (count: number, usage: string): void => {
    if (args.length !== count)
      throw new ChatCliError(`Wrong arguments; use: obyte-light ${usage}.`);
  };
  if (command === 'pairing-code' || command === 'bots') need(0, command);
  if (command === 'pair') need(1, 'pair CODE');
  if (command !== 'chat') return;
  const [sub] = args;
  if (sub === 'list') need(1, 'chat list');
  else if (sub === 'send') need(3, 'chat send DEVICE_ADDRESS TEXT');
  else if (sub === 'read') need(2, 'chat read DEVICE_ADDRESS [--follow]');
  else
    throw new ChatCliError(
      'The chat commands are: obyte-light chat list, chat send DEVICE_ADDRESS TEXT, chat read DEVICE_ADDRESS [--follow].',
    );
}

/** How long a one-shot chat command waits for the hub's stored messages after login. */
const INBOX_DRAIN_TIMEOUT_MS = 5_000;

async function loggedIn(ctx: ChatCliContext): Promise<void> {
  const deadline = Date.now() + LOGIN_TIMEOUT_MS;
  while (!(ctx.chat.isRunning && ctx.chat.messenger.isLoggedIn)) {
    // A failed connection attempt is reported at once, with its reason.
    const state = ctx.hub.status;
    if (state.state === 'disconnected' || state.state === 'fatal') {
      throw new ChatCliError(
        `Could not log in to the hub for chat: ${state.state === 'fatal' ? state.reason : `the hub at ${state.url} cannot be reached (${state.reason})`}.`,
      );
    }
    if (Date.now() > deadline) {
      throw new ChatCliError(
        'Could not log in to the hub for chat. Check the connection and try again.',
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  // Messages already waiting at the hub arrive right after login: handle them before printing or
  // exiting (a reference hub ends the batch with message_box_status "empty"); never wait forever.
  await Promise.race([
    ctx.chat.messenger.whenInboxDrained(),
    new Promise((done) => setTimeout(done, INBOX_DRAIN_TIMEOUT_MS)),
  ]);
}

export async function runChatCommand(
  command: ChatCommand,
  args: readonly string[],
  ctx: ChatCliContext,
): Promise<number> {
  const out = ctx.out ?? ((line: string) => console.log(line));
  const password = (ctx.env ?? process.env)[PASSWORD_ENV];
  if (!ctx.wallet.isUnlocked()) {
    if (password === undefined || password === '') {
      throw new ChatCliError(
        `Chat needs the unlocked wallet: set ${PASSWORD_ENV} in the environment.`,
      );
    }
    await ctx.wallet.unlock(password);
  }
  ctx.hub.start();
  await loggedIn(ctx);
  const messenger = ctx.chat.messenger;
  const options = { json: ctx.json };
  switch (command) {
    case 'pairing-code':
      pairingCodeCommand(messenger, out, options);
      return 0;
    case 'pair':
      return (await pairCommand(messenger, args[0] ?? '', out, { ...options, waitMs: 30_000 }))
        ? 0
        : 1;
    case 'bots':
      await botsCommand(messenger, out, options);
      return 0;
    case 'chat': {
      const [sub, address = '', text = ''] = args;
      if (sub === 'list') {
        chatListCommand(messenger, out, options);
        return 0;
      }
      if (sub === 'send') {
        const message = await chatSendCommand(messenger, address, text, out, options);
        return message.state === 'failed' ? 1 : 0;
      }
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      process.once('SIGINT', stop);
      try {
        await chatReadCommand(messenger, address, out, {
          ...options,
          follow: ctx.follow,
          signal: abort.signal,
        });
      } finally {
        process.off('SIGINT', stop);
      }
      return 0;
    }
  }
}
