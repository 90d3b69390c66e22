/**
 * Properties of the hub framing (ocore network.js): serialize → parse round trips, strict
 * rejection of malformed or oversized frames, ocore's tag rule, and every real frame captured
 * from reference nodes on a devnet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from '../support/fixtures';
import { ProtocolError } from '../../shared/protocol/errors';
import type { JsonValue } from '../../shared/protocol/json';
import {
  buildRequest,
  buildVersionBody,
  getLightClientRefusal,
  getRequestTag,
  getResponseError,
  MAX_FRAME_BYTES,
  NETWORKS,
  parseFrame,
  serializeFrame,
  serializeJustsaying,
  serializeRequest,
  serializeResponse,
  withNetworkOverrides,
} from '../../shared/protocol/wire';
import { protocolError } from './protocol-error';

function frameError(text: string, maxBytes?: number): string {
  const error = protocolError(() => parseFrame(text, maxBytes));
  expect(error.code).toBe('frame');
  return error.message;
}

const name = fc.string({ minLength: 1, maxLength: 60 });
const tag = fc.string({ minLength: 1, maxLength: 44 });
// JSON has no negative zero: -0 is written as 0, so a round trip cannot keep it.
const json = fc
  .jsonValue({ maxDepth: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

describe('frames round trip', () => {
  it('request: serialize → parse gives the same request (falsy params dropped)', () => {
    fc.assert(
      fc.property(name, fc.option(json, { nil: undefined }), tag, (command, params, t) => {
        const text = serializeRequest(
          params === undefined ? { command, tag: t } : { command, params, tag: t },
        );
        const frame = parseFrame(text);
        const kept = Boolean(params);
        expect(frame).toStrictEqual(
          kept
            ? { type: 'request', command, params, tag: t }
            : { type: 'request', command, tag: t },
        );
        expect(serializeFrame(frame)).toBe(text);
      }),
    );
  });

  it('response: serialize → parse keeps command and response, absent stays absent', () => {
    fc.assert(
      fc.property(
        tag,
        fc.option(name, { nil: undefined }),
        fc.option(json, { nil: undefined }),
        (t, command, response) => {
          const input: { tag: string; command?: string; response?: JsonValue } = { tag: t };
          if (command !== undefined) input.command = command;
          if (response !== undefined) input.response = response;
          const text = serializeResponse(input);
          const frame = parseFrame(text);
          expect(frame).toStrictEqual({ type: 'response', ...input });
          expect('response' in frame).toBe(response !== undefined);
          expect(serializeFrame(frame)).toBe(text);
        },
      ),
    );
  });

  it('justsaying: serialize → parse', () => {
    fc.assert(
      fc.property(name, fc.option(json, { nil: undefined }), (subject, body) => {
        const input = body === undefined ? { subject } : { subject, body };
        const text = serializeJustsaying(input);
        expect(parseFrame(text)).toStrictEqual({ type: 'justsaying', ...input });
        expect(serializeFrame(parseFrame(text))).toBe(text);
      }),
    );
  });

  it('falsy params are never sent and never change the tag (ocore `if (params)`)', () => {
    for (const params of [0, '', false, null] as JsonValue[]) {
      expect(serializeRequest({ command: 'heartbeat', params, tag: 't' })).toBe(
        '["request",{"command":"heartbeat","tag":"t"}]',
      );
      expect(getRequestTag({ command: 'heartbeat', params })).toBe(
        getRequestTag({ command: 'heartbeat' }),
      );
    }
  });
});

describe('request tags', () => {
  it('are 44-character base64 hashes, deterministic, and differ with the request', () => {
    const params = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { minKeys: 1 }),
    ) as fc.Arbitrary<JsonValue>;
    fc.assert(
      fc.property(name, params, (command, p) => {
        const t = getRequestTag({ command, params: p });
        expect(t).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(getRequestTag({ command, params: p })).toBe(t);
        expect(getRequestTag({ command })).not.toBe(t);
        expect(buildRequest(command, p)).toStrictEqual({
          type: 'request',
          command,
          params: p,
          tag: t,
        });
      }),
    );
  });

  it('do not depend on key order (canonical JSON)', () => {
    expect(getRequestTag({ command: 'x', params: { a: 1, b: 2 } })).toBe(
      getRequestTag({ command: 'x', params: { b: 2, a: 1 } }),
    );
  });

  it('refuse what ocore refuses to hash (empty arrays, nulls)', () => {
    expect(protocolError(() => getRequestTag({ command: 'x', params: { a: [] } })).code).toBe(
      'serialization',
    );
    expect(protocolError(() => getRequestTag({ command: 'x', params: { a: null } })).code).toBe(
      'serialization',
    );
  });
});

describe('malformed frames are rejected with frame errors', () => {
  it('arbitrary text never throws anything but a frame error', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseFrame(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
          expect((error as ProtocolError).code).toBe('frame');
        }
      }),
    );
  });

  it('arbitrary JSON that is not a well-formed frame is rejected', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        const ok =
          Array.isArray(value) &&
          value.length === 2 &&
          ['request', 'response', 'justsaying'].includes(value[0] as string);
        if (!ok) frameError(text);
      }),
    );
  });

  it('wrong arity', () => {
    fc.assert(
      fc.property(fc.array(fc.constant({ subject: 'x' }), { maxLength: 6 }), (items) => {
        const text = JSON.stringify(['justsaying', ...items].slice(0, items.length));
        if (items.length !== 2) expect(frameError(text)).toMatch(/two elements/);
      }),
    );
    expect(frameError('["justsaying",{"subject":"x"},1]')).toMatch(/it has 3/);
  });

  it('content that is not an object', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('request', 'response', 'justsaying'),
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.integer()),
        ),
        (type, content) => {
          expect(frameError(JSON.stringify([type, content]))).toMatch(/must be a JSON object/);
        },
      ),
    );
  });

  it('unknown type, missing or non-string fields, bad tags', () => {
    expect(frameError('["hello",{}]')).toMatch(/Unknown message type "hello"/);
    expect(frameError('[1,{}]')).toMatch(/Unknown message type/);
    expect(frameError('{"type":"request"}')).toMatch(/JSON array/);
    expect(frameError('not json')).toMatch(/not valid JSON/);
    expect(frameError('["request",{"tag":"t"}]')).toMatch(/no command/);
    expect(frameError('["request",{"command":"","tag":"t"}]')).toMatch(/no command/);
    expect(frameError('["request",{"command":5,"tag":"t"}]')).toMatch(/no command/);
    expect(frameError('["request",{"command":"x"}]')).toMatch(/no tag/);
    expect(frameError('["request",{"command":"x","tag":""}]')).toMatch(/no tag/);
    expect(frameError('["request",{"command":"x","tag":{"a":1}}]')).toMatch(/no tag/);
    expect(frameError(`["request",{"command":"x","tag":"${'a'.repeat(45)}"}]`)).toMatch(
      /45 characters; at most 44/,
    );
    expect(frameError('["response",{"command":"x"}]')).toMatch(/no tag/);
    expect(frameError('["response",{"tag":"t","command":7}]')).toMatch(/command of a response/);
    expect(frameError('["justsaying",{"body":1}]')).toMatch(/no subject/);
    expect(parseFrame(`["request",{"command":"x","tag":"${'a'.repeat(44)}"}]`).type).toBe(
      'request',
    );
  });

  it('serializers refuse what the parser would refuse', () => {
    expect(protocolError(() => serializeRequest({ command: '', tag: 't' })).code).toBe('frame');
    expect(protocolError(() => serializeRequest({ command: 'x', tag: 'a'.repeat(45) })).code).toBe(
      'frame',
    );
    expect(protocolError(() => serializeResponse({ tag: '' })).code).toBe('frame');
    expect(protocolError(() => serializeJustsaying({ subject: '' })).code).toBe('frame');
  });
});

describe('frame size limit (UTF-8 bytes)', () => {
  // A justsaying whose text is exactly `bytes` UTF-8 bytes long, padded with `pad`.
  function frameOfBytes(bytes: number, pad: string, padBytes: number): string {
    const empty = serializeJustsaying({ subject: 'x', body: '' });
    const room = bytes - empty.length;
    const count = Math.floor(room / padBytes);
    const rest = room - count * padBytes;
    return serializeJustsaying({ subject: 'x', body: pad.repeat(count) + 'a'.repeat(rest) });
  }

  it('a frame of exactly the limit passes; one byte more fails', () => {
    const pads: [string, number][] = [
      ['a', 1],
      ['é', 2],
      ['€', 3],
      ['😀', 4],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 400 }),
        fc.constantFrom(...pads),
        (limit, [pad, n]) => {
          const exact = frameOfBytes(limit, pad, n);
          expect(new TextEncoder().encode(exact).length).toBe(limit);
          expect(parseFrame(exact, limit).type).toBe('justsaying');
          expect(frameError(exact, limit - 1)).toMatch(new RegExp(`over ${limit - 1} bytes`));
        },
      ),
    );
  });

  it('the default limit is ocore maxPayload, 6 MiB', () => {
    expect(MAX_FRAME_BYTES).toBe(6 * 1024 * 1024);
    const exact = frameOfBytes(MAX_FRAME_BYTES, '€', 3);
    expect(parseFrame(exact).type).toBe('justsaying');
    const over = frameOfBytes(MAX_FRAME_BYTES + 1, '€', 3);
    expect(frameError(over)).toMatch(/over 6291456 bytes/);
    expect(frameError('x'.repeat(MAX_FRAME_BYTES + 1))).toMatch(/over 6291456 bytes/);
  });
});

describe('response errors', () => {
  it('recognises {error} with a string or an object, and nothing else', () => {
    expect(getResponseError({ error: 'address not valid' })).toBe('address not valid');
    expect(getResponseError({ error: { aa: 'bounced' } })).toStrictEqual({ aa: 'bounced' });
    expect(getResponseError({ error: 5 })).toBe('5');
    expect(getResponseError({ error: '' })).toBeUndefined();
    expect(getResponseError({ error: null })).toBeUndefined();
    expect(getResponseError(undefined)).toBeUndefined();
    expect(getResponseError('accepted')).toBeUndefined();
    expect(getResponseError(null)).toBeUndefined();
    expect(getResponseError({ joint: { unit: {} } })).toBeUndefined();
    expect(getResponseError([{ error: 'x' }])).toBeUndefined();
  });

  it('refusals a light client sends back use ocore wording', () => {
    expect(getLightClientRefusal('subscribe')).toBe("I'm light, cannot subscribe you to updates");
    expect(getLightClientRefusal('light/get_history')).toBe("I'm light myself, can't serve you");
    expect(getLightClientRefusal('hub/get_temp_pubkey')).toBe(
      "I'm not a hub, can't serve hub/ requests",
    );
    expect(getLightClientRefusal('heartbeat')).toBeUndefined();
  });
});

describe('networks and the version handshake', () => {
  it('carries the constants of light-client.md §0', () => {
    expect(NETWORKS.mainnet).toMatchObject({
      protocolVersion: '4.0',
      alt: '1',
      genesisUnit: 'oj8yEksX9Ubq7lLc+p6F2uyHUuynugeVq4+ikT67X6E=',
      blackbytesAsset: 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=',
      countWitnesses: 12,
      majorityOfWitnesses: 7,
      defaultHub: 'wss://obyte.org/bb',
      uriSchemes: ['obyte', 'byteball'],
    });
    expect(NETWORKS.testnet).toMatchObject({
      protocolVersion: '4.0t',
      alt: '2',
      genesisUnit: 'TvqutGPz3T4Cs6oiChxFlclY92M2MvCvfXR5/FETato=',
      blackbytesAsset: 'LUQu5ik4WLfCrr8OwXezqBa+i3IlZLqxj2itQZQm8WY=',
      countWitnesses: 12,
      majorityOfWitnesses: 7,
      defaultHub: 'wss://obyte.org/bb-test',
      uriSchemes: ['obyte-tn', 'byteball-tn'],
    });
    expect(NETWORKS.devnet).toMatchObject({
      protocolVersion: '4.0dev',
      alt: '3',
      genesisUnit: null,
      countWitnesses: 1,
      majorityOfWitnesses: 1,
      defaultHub: null,
    });
    for (const network of Object.values(NETWORKS)) {
      const suffix = network.protocolVersion.slice(3);
      expect(network.supportedVersions).toStrictEqual(
        ['1.0', '2.0', '3.0', '4.0'].map((v) => v + suffix),
      );
    }
  });

  it('devnet values are filled in and checked', () => {
    const devnet = withNetworkOverrides(NETWORKS.devnet, {
      genesisUnit: 'InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=',
      defaultHub: 'ws://127.0.0.1:6611',
    });
    expect(devnet.genesisUnit).toBe('InFFA9ix9lnTfhtnsCM2TzgAsiJza6XfiIxnSLG+Dzw=');
    expect(devnet.defaultHub).toBe('ws://127.0.0.1:6611');
    expect(devnet.blackbytesAsset).toBeNull();
    expect(
      protocolError(() => withNetworkOverrides(NETWORKS.devnet, { genesisUnit: 'x' })).code,
    ).toBe('unit');
    expect(
      protocolError(() => withNetworkOverrides(NETWORKS.devnet, { defaultHub: 'http://x' })).code,
    ).toBe('frame');
  });

  it('refuses a library_version the hub would treat as an old core', () => {
    const app = { library: 'obyte-light', program: 'Obyte Light', programVersion: '0.1.0' };
    expect(buildVersionBody(NETWORKS.mainnet, app).library_version).toBe('0.4.6');
    expect(buildVersionBody(NETWORKS.testnet, app).protocol_version).toBe('4.0t');
    for (const libraryVersion of ['0.4.1', '0.3.9', '1.0', 'x', '0.4.2-beta']) {
      expect(
        protocolError(() => buildVersionBody(NETWORKS.mainnet, { ...app, libraryVersion })).code,
      ).toBe('frame');
    }
    expect(buildVersionBody(NETWORKS.mainnet, { ...app, libraryVersion: '0.4.2' })).toBeTruthy();
    expect(buildVersionBody(NETWORKS.mainnet, { ...app, libraryVersion: '0.10.0' })).toBeTruthy();
  });
});

describe('real frames from reference nodes (fixtures/devnet-traffic)', () => {
  const lines = readJsonLines<{ frame: unknown }>('proxy_frames.jsonl');

  it('every captured frame parses and re-serializes byte for byte', () => {
    expect(lines.length).toBeGreaterThan(100);
    for (const { frame } of lines) {
      const text = JSON.stringify(frame);
      expect(serializeFrame(parseFrame(text))).toBe(text);
    }
  });
});
