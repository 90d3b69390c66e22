/**
 * Attested private profiles (ocore private_profile.js): field and profile hashes against values
 * ocore's own object_hash.js computed (test/fixtures/private-profile-vectors.json, made by a
 * generator kept out of the repository, never by this code), what a profile request discloses,
 * and hostile profiles from a chat peer refused in words before anything else.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from '../../shared/protocol/bytes';
import { ProtocolError } from '../../shared/protocol/errors';
import {
  checkPrivateProfile,
  discloseOnly,
  encodePrivateProfile,
  fieldHash,
  MAX_PROFILE_FIELDS,
  parsePrivateProfile,
  parsePrivateProfileObject,
  privateProfileReply,
  type PrivateProfile,
} from '../../shared/protocol/private-profile';
import type { Unit } from '../../shared/protocol/unit-types';

interface Vector {
  id: string;
  json_based: boolean;
  src_profile: Record<string, [string, string]>;
  field_hashes: Record<string, string>;
  profile_hash: string;
  disclose: string[];
  disclosed_src_profile: Record<string, [string, string] | string>;
  disclosed_hidden: Record<string, string>;
}

const VECTORS = (
  JSON.parse(
    readFileSync(new URL('../fixtures/private-profile-vectors.json', import.meta.url), 'utf8'),
  ) as { cases: Vector[] }
).cases;

const UNIT = toBase64(new Uint8Array(32).fill(7));
const PAYLOAD_HASH = toBase64(new Uint8Array(32).fill(9));
const SUBJECT = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const ATTESTOR = 'JFKWGRMXP3KHUAFMF4SJZVDXFL6ACC6P';

/** An attestation unit as the caller verified it (only what the check reads). */
function attestationUnit(profileHash: string, version = '4.0', extra: object = {}): Unit {
  return {
    unit: UNIT,
    version,
    alt: '1',
    authors: [{ address: ATTESTOR, authentifiers: {} }],
    messages: [
      { app: 'text', payload_location: 'inline', payload_hash: 'x', payload: 'hello' },
      {
        app: 'attestation',
        payload_location: 'inline',
        payload_hash: PAYLOAD_HASH,
        payload: { address: SUBJECT, profile: { profile_hash: profileHash, ...extra } },
      },
    ],
  } as unknown as Unit;
}

function profileOf(src: PrivateProfile['src_profile']): PrivateProfile {
  return { unit: UNIT, payload_hash: PAYLOAD_HASH, src_profile: src };
}

function b64(value: unknown): string {
  return toBase64(utf8(JSON.stringify(value)));
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('private profiles against ocore', () => {
  it('has vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(3);
    expect(VECTORS.some((v) => !v.json_based)).toBe(true);
  });

  for (const v of VECTORS) {
    it(`${v.id}: field hashes, the profile hash and a disclosure of ${v.disclose.join(', ')}`, () => {
      for (const [name, field] of Object.entries(v.src_profile)) {
        expect(fieldHash(field, v.json_based)).toBe(v.field_hashes[name]);
      }
      const version = v.json_based ? '4.0' : '1.0';
      const unit = attestationUnit(v.profile_hash, version);
      const whole = checkPrivateProfile(profileOf(v.src_profile), unit);
      expect(whole).toEqual({
        address: SUBJECT,
        attestor: ATTESTOR,
        fields: Object.fromEntries(Object.entries(v.src_profile).map(([k, f]) => [k, f[0]])),
        hasHiddenFields: false,
        jsonBased: v.json_based,
      });
      const shared = discloseOnly(profileOf(v.src_profile), v.disclose, v.json_based);
      expect(shared.src_profile).toEqual(v.disclosed_src_profile);
      // What the peer receives checks against the same attestation, with only those fields.
      const received = parsePrivateProfile(encodePrivateProfile(shared));
      const seen = checkPrivateProfile(received, unit);
      expect(Object.keys(seen.fields)).toEqual(v.disclose);
      expect(seen.hasHiddenFields).toBe(v.disclose.length < Object.keys(v.src_profile).length);
    });
  }

  it('a changed value, or the other serialization, does not check', () => {
    const v = VECTORS[0] as Vector;
    const [first] = Object.keys(v.src_profile) as [string];
    const tampered = { ...v.src_profile, [first]: ['Eve', v.src_profile[first]?.[1] ?? ''] };
    expect(
      refusal(() =>
        checkPrivateProfile(profileOf(tampered as never), attestationUnit(v.profile_hash)),
      ),
    ).toBe('The profile does not match what the attestor attested.');
    expect(
      refusal(() =>
        checkPrivateProfile(profileOf(v.src_profile), attestationUnit(v.profile_hash, '1.0')),
      ),
    ).toBe('The profile does not match what the attestor attested.');
  });

  it('refuses a unit that is not the profile’s, a missing attestation, a public one', () => {
    const v = VECTORS[0] as Vector;
    const profile = profileOf(v.src_profile);
    const other = { ...attestationUnit(v.profile_hash), unit: PAYLOAD_HASH } as Unit;
    expect(refusal(() => checkPrivateProfile(profile, other))).toMatch(/not the one the profile/);
    expect(
      refusal(() =>
        checkPrivateProfile({ ...profile, payload_hash: UNIT }, attestationUnit(v.profile_hash)),
      ),
    ).toBe('The attestation unit has no such attestation.');
    const pub = attestationUnit(v.profile_hash);
    const message = pub.messages[1] as { payload: unknown };
    message.payload = { address: SUBJECT, profile: { first_name: 'Ada' } };
    expect(refusal(() => checkPrivateProfile(profile, pub))).toMatch(/public/);
  });

  it('discloses only fields the profile has in the clear', () => {
    const v = VECTORS[0] as Vector;
    const shared = discloseOnly(profileOf(v.src_profile), ['first_name'], true);
    expect(refusal(() => discloseOnly(shared, ['last_name'], true))).toBe(
      'The profile does not disclose the field last_name.',
    );
    expect(refusal(() => discloseOnly(shared, ['email'], true))).toMatch(/email/);
  });

  it('the reply is the official wallet’s link', () => {
    const profile = profileOf({ first_name: ['Ada', 'bGx4'] });
    const reply = privateProfileReply(profile);
    expect(reply).toBe(`[Private profile](profile:${b64(profile)})`);
  });
});

describe('hostile private profiles are refused in words', () => {
  const good = { unit: UNIT, payload_hash: PAYLOAD_HASH, src_profile: { a: ['1', '2'] } };
  const cases: Array<[string, string, RegExp]> = [
    ['far too long', 'A'.repeat(16_004), /far too long/],
    ['not base64', 'not base64!', /not base64/],
    ['not JSON', toBase64(utf8('{nope')), /not JSON/],
    ['an array', b64([good]), /JSON object/],
    ['no unit', b64({ ...good, unit: 'x' }), /attestation unit/],
    ['a short payload hash', b64({ ...good, payload_hash: 'AAAA' }), /attestation message/],
    ['no fields', b64({ ...good, src_profile: {} }), /no fields/],
    ['fields as an array', b64({ ...good, src_profile: [['a', 'b']] }), /no fields/],
    [
      'too many fields',
      b64({
        ...good,
        src_profile: Object.fromEntries(
          Array.from({ length: MAX_PROFILE_FIELDS + 1 }, (_, i) => [`f${i}`, ['v', 'b']]),
        ),
      }),
      /more than 50 fields/,
    ],
    ['a long field name', b64({ ...good, src_profile: { ['n'.repeat(51)]: ['v', 'b'] } }), /name/],
    ['a padded field name', b64({ ...good, src_profile: { ' a': ['v', 'b'] } }), /padded/],
    ['an empty value', b64({ ...good, src_profile: { a: ['', 'b'] } }), /neither/],
    ['three parts', b64({ ...good, src_profile: { a: ['v', 'b', 'c'] } }), /neither/],
    ['a number', b64({ ...good, src_profile: { a: 5 } }), /neither/],
    ['a huge value', b64({ ...good, src_profile: { a: ['v'.repeat(1001), 'b'] } }), /too long/],
  ];
  for (const [what, input, message] of cases) {
    it(what, () => {
      expect(refusal(() => parsePrivateProfile(input))).toMatch(message);
    });
  }

  it('never throws anything but a ProtocolError, and what parses encodes back the same', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          const parsed = parsePrivateProfileObject(value);
          expect(parsePrivateProfile(encodePrivateProfile(parsed))).toEqual(parsed);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parsePrivateProfile(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });
});
