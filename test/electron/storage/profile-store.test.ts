/**
 * The private_profiles table (migration 11): a checked profile kept with its attested address
 * and attestor; the same attestation again adds the fields disclosed this time and loses none;
 * bad input and a damaged row are refused in words.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PROFILES } from '../../../electron/main/services/storage/profile-store';
import { StorageError } from '../../../electron/main/services/storage/index';
import { toBase64 } from '../../../shared/protocol/bytes';
import type { PrivateProfile } from '../../../shared/protocol/private-profile';
import { address, tempDatabases } from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const SUBJECT = address('subject');
const ATTESTOR = address('attestor');
const hash32 = (n: number) => {
  const bytes = new Uint8Array(32).fill(1);
  bytes[0] = n % 256;
  bytes[1] = Math.floor(n / 256);
  return toBase64(bytes);
};

function profile(src: PrivateProfile['src_profile'], payload = 9): PrivateProfile {
  return { unit: hash32(7), payload_hash: hash32(payload), src_profile: src };
}

function record(p: PrivateProfile) {
  return { profile: p, address: SUBJECT, attestor: ATTESTOR, jsonBased: true, receivedFrom: null };
}

describe('ProfileStore', () => {
  it('keeps a profile; the same attestation again adds what was kept back, and loses nothing', () => {
    const store = temp.open(temp.dir()).profileStore();
    const first = store.save(record(profile({ first_name: ['Ada', 'b1'], last_name: hash32(3) })));
    expect(first).toMatchObject({
      address: SUBJECT,
      attestor: ATTESTOR,
      jsonBased: true,
      receivedFrom: null,
      profile: { src_profile: { first_name: ['Ada', 'b1'], last_name: hash32(3) } },
    });
    // The last name disclosed now, the first name kept back this time: both in the clear.
    const again = store.save(
      record(profile({ first_name: hash32(4), last_name: ['Lovelace', 'b2'] })),
    );
    expect(again.id).toBe(first.id);
    expect(again.profile.src_profile).toEqual({
      first_name: ['Ada', 'b1'],
      last_name: ['Lovelace', 'b2'],
    });
    expect(store.list()).toHaveLength(1);
    expect(store.remove(first.id)).toBe(true);
    expect(store.list()).toEqual([]);
    expect(store.remove(first.id)).toBe(false);
  });

  it('forgets one profile or all of them, and says how many', () => {
    const store = temp.open(temp.dir()).profileStore();
    expect(store.removeAll()).toBe(0);
    const a = store.save(record(profile({ first_name: ['Ada', 'b1'] }, 1)));
    const b = store.save(record(profile({ first_name: ['Bob', 'b2'] }, 2)));
    store.save(record(profile({ first_name: ['Cy', 'b3'] }, 3)));
    expect(store.remove(b.id)).toBe(true);
    expect(store.list().map((r) => r.id)).not.toContain(b.id);
    expect(store.list().map((r) => r.id)).toContain(a.id);
    expect(store.removeAll()).toBe(2);
    expect(store.list()).toEqual([]);
  });

  it('refuses bad addresses, bad profiles and more than it keeps', () => {
    const store = temp.open(temp.dir()).profileStore();
    expect(() => store.save({ ...record(profile({ a: ['1', '2'] })), address: 'nope' })).toThrow(
      StorageError,
    );
    expect(() => store.save(record({ ...profile({ a: ['1', '2'] }), unit: 'x' }))).toThrow(
      /attestation unit/,
    );
    for (let i = 0; i < MAX_PROFILES; i += 1) {
      store.save(record(profile({ a: ['1', '2'] }, 1000 + i)));
    }
    expect(() => store.save(record(profile({ a: ['1', '2'] }, 5000)))).toThrow(
      `This wallet keeps at most ${MAX_PROFILES} private profiles.`,
    );
  });

  it('a damaged row is refused in words, not returned', () => {
    const dir = temp.dir();
    const db = temp.open(dir);
    db.profileStore().save(record(profile({ a: ['1', '2'] })));
    // Edited by hand: the stored profile is no longer JSON.
    const raw = new Database(db.path);
    raw.exec(`UPDATE private_profiles SET src_profile = '{broken'`);
    raw.close();
    expect(() => db.profileStore().list()).toThrow('A stored private profile is not JSON.');
  });
});
