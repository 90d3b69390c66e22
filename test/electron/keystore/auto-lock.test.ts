/** Auto-lock after idle, on an injected clock and timers: activity resets it, null turns it off. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTO_LOCK_MS,
  type KeystoreService,
  type LockReason,
  type UnlockedWallet,
} from '../../../electron/main/services/keystore';
import { harness, PASSWORD, type Harness } from './support';

let h: Harness;
let keystore: KeystoreService;
let wallet: UnlockedWallet;
let locks: LockReason[];

const MINUTE = 60_000;

beforeEach(async () => {
  h = await harness();
  keystore = h.service({ autoLockMs: 5 * MINUTE });
  ({ wallet } = await keystore.create({
    network: 'mainnet',
    protection: { mode: 'password', password: PASSWORD },
  }));
  locks = [];
  keystore.onLock((reason) => locks.push(reason));
});

afterEach(async () => {
  await h.cleanup();
});

describe('auto-lock', () => {
  it('locks after the idle time and wipes the keys', () => {
    h.timers.advance(5 * MINUTE - 1);
    expect(keystore.isUnlocked()).toBe(true);
    h.timers.advance(1);
    expect(keystore.isUnlocked()).toBe(false);
    expect(wallet.isLocked).toBe(true);
    expect(() =>
      wallet.signWithAddressKey({ account: 0, isChange: false, index: 0 }, new Uint8Array(32)),
    ).toThrow('locked');
    expect(locks).toEqual(['idle']);
    expect(h.timers.size).toBe(0);
  });

  it('activity moves the deadline', () => {
    h.timers.advance(4 * MINUTE);
    keystore.recordActivity();
    h.timers.advance(4 * MINUTE);
    expect(keystore.isUnlocked()).toBe(true);
    keystore.recordActivity();
    h.timers.advance(5 * MINUTE - 1);
    expect(keystore.isUnlocked()).toBe(true);
    h.timers.advance(1);
    expect(locks).toEqual(['idle']);
    expect(h.timers.size).toBe(0);
  });

  it('keeps a single timer however much activity there is', () => {
    for (let i = 0; i < 100; i++) {
      h.timers.advance(1000);
      keystore.recordActivity();
    }
    expect(h.timers.size).toBe(1);
  });

  it('can be turned off and on again while unlocked', () => {
    keystore.setAutoLock(null);
    expect(h.timers.size).toBe(0);
    h.timers.advance(24 * 60 * MINUTE);
    expect(keystore.isUnlocked()).toBe(true);
    keystore.setAutoLock(MINUTE);
    expect(keystore.getAutoLock()).toBe(MINUTE);
    h.timers.advance(MINUTE);
    expect(locks).toEqual(['idle']);
  });

  it('shortening the time applies at once', () => {
    h.timers.advance(3 * MINUTE);
    keystore.setAutoLock(2 * MINUTE);
    h.timers.advance(0);
    expect(locks).toEqual(['idle']);
  });

  it('a manual lock cancels the timer; unlock starts it again', async () => {
    keystore.lock();
    expect(h.timers.size).toBe(0);
    await keystore.unlock(PASSWORD);
    expect(h.timers.size).toBe(1);
    h.timers.advance(5 * MINUTE);
    expect(locks).toEqual(['user', 'idle']);
  });

  it('reveal for backup counts as activity; a listener that throws does not stop the lock', async () => {
    keystore.onLock(() => {
      throw new Error('listener bug');
    });
    h.timers.advance(4 * MINUTE);
    await keystore.revealMnemonicForBackup(PASSWORD);
    h.timers.advance(4 * MINUTE);
    expect(keystore.isUnlocked()).toBe(true);
    h.timers.advance(MINUTE);
    expect(keystore.isUnlocked()).toBe(false);
    expect(locks).toEqual(['idle']);
    expect(h.lines.some((line) => line.includes('A lock listener failed'))).toBe(true);
  });

  it('defaults to ten minutes and refuses nonsense', () => {
    expect(DEFAULT_AUTO_LOCK_MS).toBe(10 * MINUTE);
    expect(h.service().getAutoLock()).toBe(10 * MINUTE);
    expect(() => keystore.setAutoLock(0)).toThrow();
    expect(() => keystore.setAutoLock(-5)).toThrow();
    expect(() => keystore.setAutoLock(Number.NaN)).toThrow();
  });

  it('unsubscribed listeners are not called', () => {
    const other: LockReason[] = [];
    const off = keystore.onLock((reason) => other.push(reason));
    off();
    keystore.lock();
    expect(other).toEqual([]);
    expect(locks).toEqual(['user']);
  });
});
