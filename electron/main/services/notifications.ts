/**
 * Desktop notifications for incoming payments and chat messages, and the unread badge. The OS
 * side is a port (index.ts adapts Electron's `Notification` and `app.setBadgeCount`); the policy
 * lives here, in plain Node:
 *
 * - nothing is shown while the window has focus (the app shows it itself); unread still counts;
 * - a burst (a sync that finds 40 payments, a chatty bot) becomes one notification per subject
 *   and quiet period, replaced in place, never a stack of 40;
 * - chat notifications name the correspondent but never show the message text (it may be
 *   private, and notifications appear on lock screens); names come from peers, so they are
 *   cleaned of control and bidi characters, shortened, and escaped where the OS reads markup;
 * - a click shows what it was about (History, or that chat) through `onClick`.
 *
 * Callers report only live arrivals: a restore or first sync that finds old payments must not
 * call `paymentReceived`.
 */
import { systemTimers, type TimerHandle, type Timers } from './timers';

/** What a notification was about; clicking it shows that (History, or the chat). */
export type NotificationTarget =
  | { readonly kind: 'payment'; readonly unit: string }
  | { readonly kind: 'chat'; readonly deviceAddress: string };

export interface NotificationContent {
  readonly title: string;
  readonly body: string;
}

/** A notification the OS is showing. */
export interface ShownNotification {
  close(): void;
}

/** What the operating system offers; index.ts adapts Electron, tests pass a fake. */
export interface NotificationPort {
  isSupported(): boolean;
  show(content: NotificationContent, onClick: () => void): ShownNotification;
  /** The dock / launcher badge; a no-op where the OS has none (Windows, most Linux desktops). */
  setBadgeCount(count: number): void;
}

export interface PaymentArrival {
  readonly unit: string;
  /** The amount as the user reads it, already in their unit: "+0.5 GBYTE". */
  readonly amountText: string;
}

export interface ChatArrival {
  readonly deviceAddress: string;
  /** The correspondent's name as the peer gave it: untrusted. */
  readonly correspondentName: string;
}

/** What the user has now seen: every payment (History), or one chat. */
export type SeenTarget =
  { readonly kind: 'payment' } | { readonly kind: 'chat'; readonly deviceAddress: string };

/** What the sync and chat services will call. */
export interface NotificationService {
  paymentReceived(payment: PaymentArrival): void;
  chatMessageReceived(message: ChatArrival): void;
  /** The user saw it: History for payments, that chat for messages. */
  markRead(target: SeenTarget): void;
  readonly unreadCount: number;
  /** Closes what is shown and clears the badge. */
  dispose(): void;
}

/** Quiet period per subject: arrivals inside it update one notification at its end. */
export const DEFAULT_QUIET_MS = 5_000;
const MAX_NAME = 48;

/**
 * A peer-given name, safe to show: no control, format or bidi-override characters (which could
 * make "Bank" read as something else), whitespace collapsed, at most 48 characters.
 */
export function cleanName(name: string, escapeMarkup: boolean): string {
  const plain = name
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const short =
    [...plain].length > MAX_NAME ? `${[...plain].slice(0, MAX_NAME - 1).join('')}…` : plain;
  const text = short === '' ? 'a correspondent' : short;
  return escapeMarkup ? escapeForMarkup(text) : text;
}

/** Linux notification servers may read a subset of HTML in the body. */
function escapeForMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Subject {
  readonly key: string;
  target: NotificationTarget;
  content: NotificationContent;
  shown: ShownNotification | null;
  lastShownAt: number | null;
  timer: TimerHandle | null;
}

export class DesktopNotifications implements NotificationService {
  private readonly port: NotificationPort;
  private readonly onClick: (target: NotificationTarget) => void;
  private readonly isWindowFocused: () => boolean;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly quietMs: number;
  private readonly escapeMarkup: boolean;
  private readonly subjects = new Map<string, Subject>();
  private unseenPayments = 0;
  private readonly unreadChats = new Map<string, number>();

  constructor(deps: {
    port: NotificationPort;
    onClick: (target: NotificationTarget) => void;
    isWindowFocused: () => boolean;
    now: () => number;
    /** True on Linux, whose notification servers read markup in the body. */
    escapeMarkup: boolean;
    timers?: Timers;
    quietMs?: number;
  }) {
    this.port = deps.port;
    this.onClick = deps.onClick;
    this.isWindowFocused = deps.isWindowFocused;
    this.now = deps.now;
    this.escapeMarkup = deps.escapeMarkup;
    this.timers = deps.timers ?? systemTimers;
    this.quietMs = deps.quietMs ?? DEFAULT_QUIET_MS;
  }

  get unreadCount(): number {
    let chats = 0;
    for (const count of this.unreadChats.values()) chats += count;
    return this.unseenPayments + chats;
  }

  paymentReceived(payment: PaymentArrival): void {
    this.unseenPayments++;
    this.updateBadge();
    const count = this.unseenPayments;
    const amount = this.escapeMarkup ? escapeForMarkup(payment.amountText) : payment.amountText;
    this.announce(
      'payment',
      { kind: 'payment', unit: payment.unit },
      {
        title: count === 1 ? 'Payment received' : `${count} payments received`,
        body:
          count === 1
            ? `${amount}. Open History for the details.`
            : `The latest: ${amount}. Open History for the details.`,
      },
    );
  }

  chatMessageReceived(message: ChatArrival): void {
    const count = (this.unreadChats.get(message.deviceAddress) ?? 0) + 1;
    this.unreadChats.set(message.deviceAddress, count);
    this.updateBadge();
    const name = cleanName(message.correspondentName, this.escapeMarkup);
    this.announce(
      `chat:${message.deviceAddress}`,
      { kind: 'chat', deviceAddress: message.deviceAddress },
      {
        title: `Message from ${name}`,
        body:
          count === 1
            ? 'Open the chat to read it.'
            : `${count} new messages. Open the chat to read them.`,
      },
    );
  }

  markRead(target: SeenTarget): void {
    if (target.kind === 'payment') {
      this.unseenPayments = 0;
      this.forget('payment');
    } else {
      this.unreadChats.delete(target.deviceAddress);
      this.forget(`chat:${target.deviceAddress}`);
    }
    this.updateBadge();
  }

  dispose(): void {
    for (const key of [...this.subjects.keys()]) this.forget(key);
    this.unseenPayments = 0;
    this.unreadChats.clear();
    this.port.setBadgeCount(0);
  }

  private announce(key: string, target: NotificationTarget, content: NotificationContent): void {
    if (this.isWindowFocused() || !this.port.isSupported()) return;
    const subject = this.subjects.get(key) ?? {
      key,
      target,
      content,
      shown: null,
      lastShownAt: null,
      timer: null,
    };
    subject.content = content;
    subject.target = target;
    this.subjects.set(key, subject);
    if (subject.timer !== null) return;
    const since = subject.lastShownAt === null ? Infinity : this.now() - subject.lastShownAt;
    if (since >= this.quietMs) {
      this.show(subject);
      return;
    }
    subject.timer = this.timers.setTimeout(() => {
      subject.timer = null;
      if (this.subjects.get(key) === subject && !this.isWindowFocused()) this.show(subject);
    }, this.quietMs - since);
  }

  private show(subject: Subject): void {
    subject.shown?.close();
    subject.lastShownAt = this.now();
    subject.shown = this.port.show(subject.content, () => {
      this.onClick(subject.target);
    });
  }

  private forget(key: string): void {
    const subject = this.subjects.get(key);
    if (!subject) return;
    subject.timer?.cancel();
    subject.shown?.close();
    this.subjects.delete(key);
  }

  private updateBadge(): void {
    this.port.setBadgeCount(this.unreadCount);
  }
}
