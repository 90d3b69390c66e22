/** The words the status bar uses. */
import { describe, expect, it } from 'vitest';
import {
  connectionWords,
  hubShort,
  mciWords,
  outboxWords,
  syncWords,
} from '../../renderer/lib/format';

describe('format', () => {
  it('says the connection in words', () => {
    expect(connectionWords('offline')).toBe('Offline');
    expect(connectionWords('connecting')).toBe('Connecting…');
  });

  it('says an unknown MCI plainly and groups a known one', () => {
    expect(mciWords({ lastStableMci: null, lastStableMciAt: null })).toBe('not known yet');
    expect(mciWords({ lastStableMci: 12345678, lastStableMciAt: null })).toBe('12,345,678');
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
