/**
 * Notifications wired to what happens: live payment arrivals from the sync (never a restore or
 * a first sync: SyncChange.arrivals), and chat messages. Reading clears them: opening History
 * (`history.markSeen`) for payments, reading a conversation (its unread count back to 0) for
 * chat. Plain Node: the OS side is the port index.ts adapts from Electron (the harness and the
 * CLI have none, and then nothing is shown but the counts are kept the same way).
 */
import type { NotificationTarget } from '../../shared/ipc';
import type { ChatSession } from './services/chat/chat-session';
import type { Clock } from './services/clock';
import type { Logger } from './services/logger';
import {
  DesktopNotifications,
  type NotificationPort,
  type NotificationService,
} from './services/notifications';
import type { SettingsStore } from './services/settings-store';
import { paymentArrivals } from './services/sync/arrivals';
import type { LightSession } from './services/sync/index';

/** What the desktop gives; absent (harness, CLI): nothing is shown. */
export interface NotificationsBridge {
  readonly port: NotificationPort;
  /** The user clicked one: show the window and what it was about. */
  readonly onClick: (target: NotificationTarget) => void;
  readonly isWindowFocused: () => boolean;
  /** True on Linux, whose notification servers read markup in the body. */
  readonly escapeMarkup: boolean;
}

/** No OS notifications: nothing shown, no badge; unread counts still kept. */
const NO_PORT: NotificationPort = {
  isSupported: () => false,
  show: () => ({ close: () => undefined }),
  setBadgeCount: () => undefined,
};

export function composeNotifications(deps: {
  readonly bridge: NotificationsBridge | undefined;
  readonly clock: Clock;
  readonly chat: ChatSession;
  readonly light: LightSession;
  readonly settings: SettingsStore;
  readonly logger: Logger;
}): { readonly service: NotificationService; readonly stop: () => void } {
  const { bridge, chat, light, settings, logger } = deps;
  const service = new DesktopNotifications({
    port: bridge?.port ?? NO_PORT,
    onClick: (target) => bridge?.onClick(target),
    isWindowFocused: () => bridge?.isWindowFocused() ?? false,
    now: () => deps.clock.now(),
    escapeMarkup: bridge?.escapeMarkup ?? false,
  });
  const stops = [
    light.onArrivals((units, db) => {
      for (const payment of paymentArrivals(db, units, settings.get().unit)) {
        logger.info('Payment received', { unit: payment.unit });
        service.paymentReceived(payment);
      }
    }),
    // Only the sender's name, never the text (notifications show on lock screens).
    chat.onIncoming((message, from) => {
      if (message.direction !== 'in' || message.kind === 'system') return;
      service.chatMessageReceived({
        deviceAddress: message.correspondent,
        correspondentName: from?.name ?? 'a correspondent',
      });
    }),
    chat.onCorrespondentChanged((change) => {
      if (change.correspondent === null || change.correspondent.unreadCount === 0) {
        service.markRead({ kind: 'chat', deviceAddress: change.deviceAddress });
      }
    }),
  ];
  return {
    service,
    stop: () => {
      for (const stop of stops.splice(0)) stop();
      service.dispose();
    },
  };
}
