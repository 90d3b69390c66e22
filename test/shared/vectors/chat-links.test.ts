/**
 * chat-links.json (official wallet correspondentListService.highlightActions + ocore uri.js):
 * bot texts and the links a wallet must find in them, in order, with every field of every link.
 */
import { describe, expect, it } from 'vitest';
import type { ChatLinkKind } from '../../../shared/protocol/chat-links';
import { CHAT_LINK_KINDS, getChatLinks, parseChatText } from '../../../shared/protocol/chat-links';
import { expectFields, list, nonEmptyList, optionalStrings, str, type Json } from './fields';
import { loadVectors } from './load';

/** Every field of every kind this suite knows how to check (all of them are always present). */
const FIELDS: Record<ChatLinkKind, string[]> = {
  payment: [
    'kind',
    'label',
    'uri',
    'scheme',
    'address',
    'amount',
    'asset',
    'additional_assets',
    'device_address',
    'base64data',
    'from_address',
    'single_address',
  ],
  address: ['kind', 'label', 'uri', 'address'],
  command: ['kind', 'label', 'command'],
  suggest_command: ['kind', 'label', 'command'],
  data: ['kind', 'label', 'uri', 'params'],
  pairing: ['kind', 'label', 'uri', 'pubkey', 'hub', 'pairing_secret', 'device_address'],
  textcoin: ['kind', 'label', 'uri', 'mnemonic'],
  multi_payment: ['kind', 'label', 'payments', 'definitions'],
  url: ['kind', 'url'],
  sign_message_request: ['kind', 'label', 'network_aware', 'message', 'decoded_json'],
  profile_request: ['kind', 'label', 'fields'],
  private_profile: ['kind', 'label', 'base64'],
  signed_message: ['kind', 'label', 'base64'],
  send_pairing_code: ['kind', 'label', 'permanent'],
};

const file = loadVectors<Json>('chat-links.json');
const known = new Set<string>(CHAT_LINK_KINDS);

describe('chat-links.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(
      file,
      ['vectors', 'link_fields'],
      ['generated_with', 'about', 'order'],
      'chat-links.json',
    );
    optionalStrings(file, ['generated_with', 'about', 'order']);
    nonEmptyList(file['vectors'], 'vectors');
  });

  it('link_fields lists only kinds and fields this parser implements', () => {
    const fields = expectFields(
      file['link_fields'],
      ['kind'],
      ['label', 'uri', ...CHAT_LINK_KINDS],
      'link_fields',
    );
    for (const value of Object.values(fields)) expect(value).toBeTypeOf('string');
    const kinds = String(fields['kind'])
      .split('|')
      .map((k) => k.trim());
    expect(kinds.filter((k) => !known.has(k))).toEqual([]);
    // Every kind described in detail is also listed.
    for (const key of Object.keys(fields)) {
      if (known.has(key)) expect(kinds).toContain(key);
    }
  });

  const vectors = (file['vectors'] ?? []) as unknown[];
  for (const [i, entry] of vectors.entries()) {
    const id = String((entry as Json)['id'] ?? i);
    it(`${i}: ${id}`, () => {
      const v = expectFields(entry, ['text', 'links'], ['id', 'note'], `vectors[${i}]`);
      optionalStrings(v, ['id', 'note']);
      const text = str(v, 'text');
      const expected = list(v, 'links');

      for (const [j, link] of expected.entries()) {
        const where = `vectors[${i}].links[${j}]`;
        const kind = (link as Json)['kind'];
        expect(known.has(String(kind)), `${where}: kind ${String(kind)}`).toBe(true);
        const fields = FIELDS[kind as ChatLinkKind];
        expectFields(link, fields, [], where);
      }

      // Every link, in order, every field deep-equal (no missing or extra field).
      expect(getChatLinks(text)).toStrictEqual(expected);

      // The segments give the text back exactly, and each link segment is its source text.
      const segments = parseChatText(text);
      expect(segments.map((s) => s.text).join('')).toBe(text);
      const linkSegments = segments.filter((s) => s.type === 'link');
      expect(linkSegments.length).toBe(expected.length);
      for (const segment of linkSegments) {
        const link = segment.link as unknown as Json;
        if ('uri' in link && typeof link['uri'] === 'string') {
          expect(segment.text).toBe(`[${String(link['label'])}](${link['uri']})`);
        } else if (link['kind'] === 'address') {
          expect(segment.text).toBe(link['address']);
        } else if (link['kind'] === 'url') {
          expect(segment.text).toBe(link['url']);
        } else {
          expect(segment.text.startsWith(`[${String(link['label'])}](`)).toBe(true);
          expect(segment.text.endsWith(')')).toBe(true);
        }
      }
      // Plain segments never sit next to each other.
      for (let k = 1; k < segments.length; k++) {
        expect(segments[k - 1]?.type === 'text' && segments[k]?.type === 'text').toBe(false);
      }
    });
  }
});
