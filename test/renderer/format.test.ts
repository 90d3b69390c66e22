/** The words the status bar uses. */
import { describe, expect, it } from 'vitest';
import {
  clockTime,
  clockTimeOrDate,
  connectionWords,
  hubShort,
  mciWords,
  outboxWords,
  syncWords,
} from '../../renderer/lib/format';
import { deliveryText } from '../../renderer/lib/chat-format';
import type { ChatMessageView } from '../../shared/ipc/chat-schemas';

describe('format', () => {
  it('says the connection in words', () => {
    expect(connectionWords('offline')).toBe('Offline');
    expect(connectionWords('connecting')).toBe('Connecting…');
  });

  it('says an unknown MCI plainly and groups a known one', () => {
    expect(mciWords({ lastStableMci: null, lastStableMciAt: null })).toBe('not known yet');
    expect(mciWords({ lastStableMci: 12345678, lastStableMciAt: null })).toBe('12,345,678');
  });

  it('says the verification time today, and the date too for an earlier day', () => {
    const verified = new Date(2026, 10, 26, 9, 30).getTime();
    const sameDay = mciWords({ lastStableMci: 5, lastStableMciAt: verified }, verified + 3_600_000);
    expect(sameDay).toBe(`5 (at ${clockTime(verified)})`);
    const later = mciWords(
      { lastStableMci: 5, lastStableMciAt: verified },
      verified + 3 * 86_400_000,
    );
    expect(later).not.toBe(sameDay);
    expect(later).toContain('2026');
  });

  it('a time of today alone, of an earlier day with its date', () => {
    const at = new Date(2026, 10, 26, 9, 30).getTime();
    expect(clockTimeOrDate(at, new Date(2026, 10, 26, 23, 59).getTime())).toBe(clockTime(at));
    const yesterday = clockTimeOrDate(at, new Date(2026, 10, 27, 0, 1).getTime());
    expect(yesterday).toContain('2026');
    expect(yesterday).toContain('26');
    expect(yesterday).toContain(clockTime(at));
  });

  it('shows sync progress with numbers', () => {
    expect(syncWords({ state: 'idle' })).toBe('Idle');
    expect(syncWords({ state: 'running', task: 'Verifying history', done: 320, total: 505 })).toBe(
      'Verifying history 320/505',
    );
    expect(syncWords({ state: 'running', task: 'Checking addresses', done: 40, total: null })).toBe(
      'Checking addresses 40',
    );
  });

  it('counts the outbox', () => {
    expect(outboxWords(0)).toBe('Empty');
    expect(outboxWords(1)).toBe('1 payment');
    expect(outboxWords(1200)).toBe('1,200 payments');
  });

  it('drops the scheme of a hub for the compact bar', () => {
    expect(hubShort('wss://obyte.org/bb')).toBe('obyte.org/bb');
  });
});

describe('chat delivery words', () => {
  const message = (
    state: ChatMessageView['state'],
    failureReason: string | null,
  ): ChatMessageView => ({
    id: 1,
    correspondent: '0'.repeat(33),
    direction: 'out',
    kind: 'text',
    subject: 'text',
    segments: [],
    createdAt: 0,
    sentAt: null,
    state,
    failureReason,
  });

  it('says why a queued message is not delivered yet, instead of a bare "Sending…"', () => {
    expect(deliveryText(message('queued', null))).toBe('Sending…');
    expect(
      deliveryText(message('queued', 'Could not reach hub.example.org:443. Trying again.')),
    ).toBe('Not sent yet: Could not reach hub.example.org:443. Trying again.');
    expect(deliveryText(message('failed', 'gone'))).toBe('Not sent: gone');
  });
});
