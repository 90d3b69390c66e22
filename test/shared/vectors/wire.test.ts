/**
 * wire.json (ocore network.js sendRequest / sendResponse / sendJustsaying / sendVersion):
 * deterministic request tags with their canonical-JSON preimages and the exact frames, plus
 * example frames of each kind that must parse and re-serialize byte for byte.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toBase64, utf8 } from '../../../shared/protocol/bytes';
import { isValidAddress } from '../../../shared/protocol/chash';
import { getJsonSourceString } from '../../../shared/protocol/serialize';
import type { JsonValue } from '../../../shared/protocol/json';
import {
  buildRequest,
  getRequestTag,
  getResponseError,
  NETWORKS,
  parseFrame,
  serializeFrame,
  serializeRequest,
  serializeVersion,
} from '../../../shared/protocol/wire';
import { expectFields, nonEmptyList, optionalStrings, str, type Json } from './fields';
import { loadVectors } from './load';

/** The preimage rule of ocore sendRequest, written out here independently of wire.ts. */
function truthy(value: unknown): boolean {
  return Boolean(value);
}

const file = loadVectors<Json>('wire.json');

describe('wire.json', () => {
  it('has only sections this suite checks', () => {
    expectFields(file, ['request_tags', 'examples'], ['generated_with', 'note'], 'wire.json');
    optionalStrings(file, ['generated_with', 'note'], 'wire.json');
    nonEmptyList(file['request_tags'], 'request_tags');
  });

  describe('request_tags', () => {
    const tags = (file['request_tags'] ?? []) as unknown[];
    for (const [i, entry] of tags.entries()) {
      const where = `request_tags[${i}]`;
      it(`${i}: ${String((entry as Json)['request'] && ((entry as Json)['request'] as Json)['command'])}`, () => {
        const v = expectFields(
          entry,
          ['request', 'preimage', 'tag', 'wire'],
          ['name', 'note'],
          where,
        );
        const request = expectFields(v['request'], ['command'], ['params'], `${where}.request`);
        const command = str(request, 'command', `${where}.request`);
        const params = request['params'] as JsonValue | undefined;
        const preimage = str(v, 'preimage', where);
        const tag = str(v, 'tag', where);
        const wire = str(v, 'wire', where);

        // The preimage is the canonical JSON of {command, params?} (params only when truthy) …
        const preimageObject = truthy(params) ? { command, params } : { command };
        expect(getJsonSourceString(preimageObject)).toBe(preimage);
        // … and the tag is base64(sha256(preimage)), computed here straight from noble.
        expect(toBase64(sha256(utf8(preimage)))).toBe(tag);
        expect(getRequestTag(params === undefined ? { command } : { command, params })).toBe(tag);

        // The wire frame is exactly what ocore puts on the socket.
        const frame = params === undefined ? { command, tag } : { command, params, tag };
        expect(serializeRequest(frame)).toBe(wire);
        expect(serializeFrame(buildRequest(command, params))).toBe(wire);
        expect(parseFrame(wire)).toStrictEqual(
          truthy(params)
            ? { type: 'request', command, params, tag }
            : { type: 'request', command, tag },
        );
        expect(serializeFrame(parseFrame(wire))).toBe(wire);
      });
    }
  });

  describe('examples', () => {
    const KNOWN_EXAMPLES = [
      'version_justsaying',
      'heartbeat_response',
      'error_response',
      'new_address_to_watch',
      'have_updates_push',
    ];
    const examples = (file['examples'] ?? {}) as Json;

    it('has only examples this suite checks', () => {
      expectFields(file['examples'], [], KNOWN_EXAMPLES, 'examples');
    });

    it('every example parses and re-serializes byte for byte', () => {
      expect(Object.keys(examples).length).toBeGreaterThan(0);
      for (const [name, text] of Object.entries(examples)) {
        expect(text, `examples.${name}`).toBeTypeOf('string');
        expect(serializeFrame(parseFrame(text as string)), `examples.${name}`).toBe(text);
      }
    });

    if ('version_justsaying' in examples) {
      it('version_justsaying: the handshake body, rebuilt from its fields', () => {
        const text = str(examples, 'version_justsaying', 'examples');
        const frame = parseFrame(text);
        expect(frame.type).toBe('justsaying');
        if (frame.type !== 'justsaying') return;
        expect(frame.subject).toBe('version');
        const body = expectFields(
          frame.body,
          ['protocol_version', 'alt', 'library', 'library_version', 'program', 'program_version'],
          [],
          'version body',
        );
        const network = Object.values(NETWORKS).find(
          (n) => n.protocolVersion === body['protocol_version'] && n.alt === body['alt'],
        );
        expect(network, 'a known network for this protocol_version/alt').toBeDefined();
        if (!network) return;
        const rebuilt = serializeVersion(network, {
          library: str(body, 'library', 'version body'),
          libraryVersion: str(body, 'library_version', 'version body'),
          program: str(body, 'program', 'version body'),
          programVersion: str(body, 'program_version', 'version body'),
        });
        expect(rebuilt).toBe(text);
      });
    }

    if ('heartbeat_response' in examples) {
      it('heartbeat_response: a response without a response key is no value, not an error', () => {
        const frame = parseFrame(str(examples, 'heartbeat_response', 'examples'));
        expect(frame.type).toBe('response');
        if (frame.type !== 'response') return;
        expect(frame.command).toBe('heartbeat');
        expect('response' in frame).toBe(false);
        expect(getResponseError(frame.response)).toBeUndefined();
        expect(frame.tag.length).toBeGreaterThan(0);
      });
    }

    if ('error_response' in examples) {
      it('error_response: {error} is recognised as an error', () => {
        const frame = parseFrame(str(examples, 'error_response', 'examples'));
        expect(frame.type).toBe('response');
        if (frame.type !== 'response') return;
        const response = expectFields(frame.response, ['error'], [], 'error_response.response');
        expect(getResponseError(frame.response)).toBe(response['error']);
        expect(getResponseError(frame.response)).toBeTypeOf('string');
      });
    }

    if ('new_address_to_watch' in examples) {
      it('new_address_to_watch: a justsaying whose body is an address', () => {
        const frame = parseFrame(str(examples, 'new_address_to_watch', 'examples'));
        expect(frame.type).toBe('justsaying');
        if (frame.type !== 'justsaying') return;
        expect(frame.subject).toBe('light/new_address_to_watch');
        expect(isValidAddress(frame.body)).toBe(true);
      });
    }

    if ('have_updates_push' in examples) {
      it('have_updates_push: a justsaying without body', () => {
        const frame = parseFrame(str(examples, 'have_updates_push', 'examples'));
        expect(frame).toStrictEqual({ type: 'justsaying', subject: 'light/have_updates' });
      });
    }
  });
});
