/**
 * The notification policy with a fake OS: what is shown and when, bursts folded into one,
 * nothing while the window has focus, names from peers cleaned, the badge, clicks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cleanName,
  DEFAULT_QUIET_MS,
  DesktopNotifications,
} from '../../electron/main/services/notifications';
import type { NotificationTarget } from '../../shared/ipc';
import { recordingOs } from '../support/recording-notifications';

const DEVICE = '0IFELMLENBBDEJKERPVOZCVNPLJPTW6MT';
const DEVICE2 = '0DTZZY6J27KSEVEXL4BIGTZXAELJ47OYW';

const fakeOs = recordingOs;

let now = 0;
let focused = false;
let clicks: NotificationTarget[] = [];

function service(os: ReturnType<typeof fakeOs>, escapeMarkup = false): DesktopNotifications {
  return new DesktopNotifications({
    port: os.port,
    onClick: (target) => clicks.push(target),
    isWindowFocused: () => focused,
    now: () => now,
    escapeMarkup,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  now = 1_000_000;
  focused = false;
  clicks = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DesktopNotifications', () => {
  it('announces a payment with its amount; a click shows it', () => {
    const os = fakeOs();
    const notifications = service(os);
    notifications.paymentReceived({ unit: 'U1', amountText: '+0.5 GBYTE' });
    expect(os.shown).toEqual([
      expect.objectContaining({
        title: 'Payment received',
        body: '+0.5 GBYTE. Open History for the details.',
      }),
    ]);
    os.shown[0]?.click();
    expect(clicks).toEqual([{ kind: 'payment', unit: 'U1' }]);
  });

  it('announces a chat message by name only, never its text', () => {
    const os = fakeOs();
    service(os).chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'Exchange bot' });
    expect(os.shown[0]).toMatchObject({
      title: 'Message from Exchange bot',
      body: 'Open the chat to read it.',
    });
    os.shown[0]?.click();
    expect(clicks).toEqual([{ kind: 'chat', deviceAddress: DEVICE }]);
  });

  it('folds a burst into one notification per subject, updated once the quiet period ends', () => {
    const os = fakeOs();
    const notifications = service(os);
    notifications.paymentReceived({ unit: 'U1', amountText: '+1 GBYTE' });
    for (let i = 2; i <= 40; i++) {
      now += 10;
      notifications.paymentReceived({ unit: `U${i}`, amountText: `+${i} GBYTE` });
    }
    expect(os.shown).toHaveLength(1);
    now += DEFAULT_QUIET_MS;
    vi.advanceTimersByTime(DEFAULT_QUIET_MS);
    expect(os.shown).toHaveLength(2);
    expect(os.open()).toEqual([
      expect.objectContaining({
        title: '40 payments received',
        body: 'The latest: +40 GBYTE. Open History for the details.',
      }),
    ]);
    os.open()[0]?.click();
    expect(clicks).toEqual([{ kind: 'payment', unit: 'U40' }]);
  });

  it('keeps separate chats separate and counts each', () => {
    const os = fakeOs();
    const notifications = service(os);
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    notifications.chatMessageReceived({ deviceAddress: DEVICE2, correspondentName: 'B' });
    expect(os.open().map((entry) => entry.title)).toEqual(['Message from A', 'Message from B']);
    now += DEFAULT_QUIET_MS + 1;
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    expect(os.open().map((entry) => entry.body)).toEqual([
      'Open the chat to read it.',
      '2 new messages. Open the chat to read them.',
    ]);
    expect(notifications.unreadCount).toBe(3);
  });

  it('shows nothing while the window has focus, but still counts unread', () => {
    const os = fakeOs();
    const notifications = service(os);
    focused = true;
    notifications.paymentReceived({ unit: 'U1', amountText: '+1 GBYTE' });
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    expect(os.shown).toHaveLength(0);
    expect(os.badges.at(-1)).toBe(2);
  });

  it('shows nothing where the OS has no notifications', () => {
    const os = fakeOs(false);
    service(os).paymentReceived({ unit: 'U1', amountText: '+1 GBYTE' });
    expect(os.shown).toHaveLength(0);
    expect(os.badges).toEqual([1]);
  });

  it('keeps the badge at the unread count and clears what the user has seen', () => {
    const os = fakeOs();
    const notifications = service(os);
    notifications.paymentReceived({ unit: 'U1', amountText: '+1 GBYTE' });
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    notifications.chatMessageReceived({ deviceAddress: DEVICE2, correspondentName: 'B' });
    expect(os.badges).toEqual([1, 2, 3]);
    notifications.markRead({ kind: 'chat', deviceAddress: DEVICE });
    expect(os.badges.at(-1)).toBe(2);
    expect(os.open().map((entry) => entry.title)).toEqual(['Payment received', 'Message from B']);
    notifications.markRead({ kind: 'payment' });
    expect(notifications.unreadCount).toBe(1);
    notifications.dispose();
    expect(os.open()).toEqual([]);
    expect(os.badges.at(-1)).toBe(0);
  });

  it('drops a pending update once the subject was read', () => {
    const os = fakeOs();
    const notifications = service(os);
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    notifications.chatMessageReceived({ deviceAddress: DEVICE, correspondentName: 'A' });
    notifications.markRead({ kind: 'chat', deviceAddress: DEVICE });
    vi.advanceTimersByTime(DEFAULT_QUIET_MS * 2);
    expect(os.shown).toHaveLength(1);
    expect(os.open()).toEqual([]);
  });
});

describe('cleanName', () => {
  it('removes control and bidi characters, collapses spaces and shortens', () => {
    expect(cleanName('  Good\u202Ekcab\u202C \n\t bot\u0007 ', false)).toBe('Goodkcab bot');
    expect(cleanName('x'.repeat(100), false)).toBe(`${'x'.repeat(47)}…`);
    expect(cleanName('\u200B\u0000', false)).toBe('a correspondent');
  });

  it('escapes markup where the notification server reads it (Linux)', () => {
    expect(cleanName('<b>Bank</b> & Co', true)).toBe('&lt;b&gt;Bank&lt;/b&gt; &amp; Co');
    expect(cleanName('<b>Bank</b> & Co', false)).toBe('<b>Bank</b> & Co');
    const os = fakeOs();
    service(os, true).chatMessageReceived({ deviceAddress: DEVICE, correspondentName: '<i>x</i>' });
    expect(os.shown[0]?.title).toBe('Message from &lt;i&gt;x&lt;/i&gt;');
  });
});
