/**
 * The pure parts of the hub service: §1.8 classification of error answers, the backoff curve,
 * the version check and typed pushes (on every justsaying the reference hub sent in the captures).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  checkHubVersion,
  DEFAULT_BACKOFF,
  parsePush,
} from '../../../electron/main/services/hub';
import type { JsonValue } from '../../../shared/protocol/json';
import { NETWORKS } from '../../../shared/protocol/wire';
import { readJsonLines } from '../../support/fixtures';
import { recordedGreeting, recordedHubVersion } from '../../support/test-hub';
import { classifyHubError, HubRequestError } from '../../../shared/protocol/light/index';

describe('classifyHubError (light-client.md §1.8)', () => {
  const table: [string, string, string][] = [
    [
      'your history is too large, consider switching to a full client',
      'fatal',
      'history_too_large',
    ],
    ['already_current', 'retryable', 'already_current'],
    ['known', 'fatal', 'known'],
    ['already handling this unit', 'retryable', 'already_handling'],
    ["I'm light myself, can't serve you", 'fatal', 'not_light_vendor'],
    ['light clients have to be inbound', 'fatal', 'not_light_vendor'],
    ["I'm not a hub, can't serve hub/ requests", 'fatal', 'not_a_hub'],
    ['you are blocked', 'retryable', 'blocked'],
    ['no metadata', 'fatal', 'no_metadata'],
    [
      'your witness list might be too much off, too few witness authored units',
      'fatal',
      'witness_list',
    ],
    ['invalid witness addresses', 'fatal', 'witness_list'],
    ['unknown parents', 'retryable', 'transient'],
    ['last ball just advanced, try again', 'retryable', 'transient'],
    ['tps fee on address ABC must be at least 100', 'retryable', 'transient'],
    ['timestamp is too far into the future', 'retryable', 'transient'],
    ['catching up, will not handle posted joint', 'retryable', 'transient'],
    ['need hash tree', 'retryable', 'transient'],
    ['temp pub key not set yet', 'retryable', 'transient'],
    ['input unit X not found', 'retryable', 'state'],
    ['some definition changes are not stable yet', 'retryable', 'state'],
    ['tps_fee 10 less than required 20', 'fatal', 'unit_invalid'],
    ['inputs and outputs do not balance: 1 != 2', 'fatal', 'unit_invalid'],
    ['wrong unit hash: expected X', 'fatal', 'unit_invalid'],
    ['wrong headers commission, expected 400', 'fatal', 'unit_invalid'],
    ['bad signature at path r', 'fatal', 'unit_invalid'],
    ['known bad', 'fatal', 'unit_invalid'],
    ['no params in get_parents_and_last_ball_and_witness_list_unit', 'bad_request', 'params'],
    ['wrong number of witnesses', 'bad_request', 'params'],
    ['bad from addresses', 'bad_request', 'params'],
    ['addresses must be non-empty array', 'bad_request', 'params'],
    ['some addresses are not valid', 'bad_request', 'params'],
    ['address not valid', 'bad_request', 'params'],
    ['tag too long', 'bad_request', 'params'],
    ['min_mci should be non negative integer', 'bad_request', 'params'],
    ['wrong permanent_pubkey length', 'bad_request', 'params'],
    ['device with this pubkey is not registered here', 'fatal', 'other'],
    ['something nobody has seen before', 'fatal', 'other'],
  ];
  for (const [message, classification, reason] of table) {
    it(`"${message}" → ${classification} / ${reason}`, () => {
      expect(classifyHubError(message)).toEqual({ classification, reason });
    });
  }

  it('keeps AA error objects as JSON text and the object itself', () => {
    const error = new HubRequestError('light/dry_run_aa', { message: 'bounce', xpath: '/a' });
    expect(error.hubMessage).toBe('{"message":"bounce","xpath":"/a"}');
    expect(error.hubError).toEqual({ message: 'bounce', xpath: '/a' });
    expect(error.classification).toBe('fatal');
  });

  it('classifies every error the captured hubs and clients sent', () => {
    const texts = readJsonLines<{
      frame: [string, { response?: { error?: string }; body?: unknown }];
    }>('proxy_frames.jsonl')
      .map(({ frame }) => frame[1].response?.error)
      .filter((text): text is string => typeof text === 'string');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(classifyHubError(text).reason, text).not.toBe('other');
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap; jitter only takes away up to its share', () => {
    const policy = { initialMs: 1000, maxMs: 60_000, multiplier: 2, jitter: 0.5 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(policy, n, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(backoffDelay(policy, 1, () => 0.999_999)).toBe(500);
    expect(backoffDelay(policy, 100_000, () => 0.5)).toBe(45_000);
  });

  it('stays within [(1 − jitter) × ceiling, ceiling] for any random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r) => {
          const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** (n - 1));
          const delay = backoffDelay(DEFAULT_BACKOFF, n, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });
});

describe('checkHubVersion', () => {
  it('accepts the recorded devnet hub on the devnet', () => {
    expect(checkHubVersion(recordedHubVersion(), NETWORKS.devnet)).toEqual({
      ok: true,
      version: {
        protocolVersion: '4.0dev',
        alt: '3',
        library: 'ocore',
        libraryVersion: '0.4.6',
        program: 'devnet-hub',
        programVersion: '0.0.1',
      },
    });
  });

  it('accepts older protocol versions of the same network, as ocore does', () => {
    const body = { ...(recordedHubVersion() as object), protocol_version: '3.0dev' };
    expect(checkHubVersion(body, NETWORKS.devnet).ok).toBe(true);
  });

  it.each([
    ['another network', NETWORKS.mainnet, {}],
    ['another alt', NETWORKS.devnet, { alt: '1' }],
    ['a non-text library_version', NETWORKS.devnet, { library_version: 46 }],
    ['an old core', NETWORKS.devnet, { library_version: '0.3.9' }],
    ['no protocol_version', NETWORKS.devnet, { protocol_version: null }],
  ])('refuses %s', (_name, network, change) => {
    const body = { ...(recordedHubVersion() as object), ...change } as JsonValue;
    expect(checkHubVersion(body, network).ok).toBe(false);
  });

  it('refuses a missing body', () => {
    expect(checkHubVersion(undefined, NETWORKS.devnet).ok).toBe(false);
    expect(checkHubVersion('4.0', NETWORKS.devnet).ok).toBe(false);
  });
});

describe('parsePush', () => {
  it('types every justsaying the reference hub sent to light clients', () => {
    const frames = readJsonLines<{
      dir: string;
      frame: [string, { subject?: string; body?: JsonValue }];
    }>('proxy_frames.jsonl').filter(
      ({ dir, frame }) => dir === 'hub->client' && frame[0] === 'justsaying',
    );
    const greeting = recordedGreeting().map(({ subject, body }) => ({ subject, body }));
    const all = [
      ...frames.map(({ frame }) => ({ subject: frame[1].subject ?? '', body: frame[1].body })),
      ...greeting,
    ];
    const kinds = new Map<string, string>();
    for (const { subject, body } of all) {
      const parsed = parsePush(subject, body);
      expect(parsed.kind, subject).not.toBe('malformed');
      kinds.set(subject, parsed.kind);
    }
    expect(Object.fromEntries(kinds)).toMatchObject({
      version: 'ignored',
      'hub/challenge': 'push',
      'hub/message': 'push',
      'hub/push_project_number': 'ignored',
      info: 'push',
      joint: 'push',
      'light/have_updates': 'push',
      system_vars: 'push',
      result: 'push',
      free_joints_end: 'ignored',
    });
  });

  it.each([
    ['joint', { unit: 'x' }],
    ['joint', { unit: { unit: 'short' } }],
    ['light/sequence_became_bad', 'x'],
    ['light/sequence_became_bad', ['x']],
    ['system_vars', [1]],
    ['system_vars', { op_list: [{ value: 1 }] }],
    ['hub/challenge', 42],
    ['hub/challenge', 'x'.repeat(101)],
    ['hub/message', 'text'],
    ['hub/message_box_status', 'full'],
    ['info', undefined],
    ['result', { unit: 'x', result: 'ok' }],
  ] as [string, JsonValue | undefined][])('reports a malformed %s body', (subject, body) => {
    expect(parsePush(subject, body).kind).toBe('malformed');
  });

  it('reports unknown subjects as unknown and never throws on random bodies', () => {
    expect(parsePush('new_thing', 1).kind).toBe('unknown');
    const subjects = [
      'joint',
      'light/have_updates',
      'light/sequence_became_bad',
      'system_vars',
      'hub/challenge',
      'hub/message',
      'hub/message_box_status',
      'info',
      'error',
      'result',
      'upgrade_required',
      'light/aa_response',
      'version',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...subjects), fc.jsonValue({ maxDepth: 4 }), (subject, body) => {
        expect(['push', 'malformed', 'ignored']).toContain(
          parsePush(subject, body as JsonValue).kind,
        );
      }),
    );
  });
});
