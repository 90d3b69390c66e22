/**
 * HubClient against the loopback test hub (a real ws server on 127.0.0.1 speaking the real wire
 * format): handshake, answers to the hub's requests, heartbeats, tags, timeouts, faults,
 * reconnects, failover, the reconnect hook and pushes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMING,
  type HubClient,
  type HubConnectionStatus,
  toConnectionStatus,
} from '../../../electron/main/services/hub';
import { StatusSchema } from '../../../shared/ipc';
import type { JsonValue } from '../../../shared/protocol/json';
import { MAX_FRAME_BYTES, NETWORKS } from '../../../shared/protocol/wire';
import {
  recordedExchanges,
  recordedHubVersion,
  recordedPushes,
  replayHandlers,
  TestHub,
  type TestHubOptions,
} from '../../support/test-hub';
import { createClient, PROGRAM, settle, waitForPush, waitForState } from './helpers';
import {
  HubConnectionClosedError,
  HubParamsError,
  HubRequestError,
  HubTimeoutError,
  HubUnavailableError,
  watchAddress,
  getHistory,
} from '../../../shared/protocol/light/index';

const hubs: TestHub[] = [];
const clients: HubClient[] = [];

async function startHub(options: TestHubOptions = {}): Promise<TestHub> {
  const hub = new TestHub({ version: recordedHubVersion(), ...options });
  await hub.start();
  hubs.push(hub);
  return hub;
}

function track<T extends { client: HubClient }>(value: T): T {
  clients.push(value.client);
  return value;
}

function disconnects(
  states: readonly HubConnectionStatus[],
): Extract<HubConnectionStatus, { state: 'disconnected' }>[] {
  return states.filter(
    (s): s is Extract<HubConnectionStatus, { state: 'disconnected' }> => s.state === 'disconnected',
  );
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
  await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
});

describe('handshake', () => {
  it('sends our version and reaches connected with the hub version and a since timestamp', async () => {
    const hub = await startHub();
    const { client, states } = track(createClient([hub.url]));
    const before = Date.now();
    client.start();
    const connected = await waitForState(client, 'connected');
    expect(connected.url).toBe(hub.url);
    expect(connected.since).toBeGreaterThanOrEqual(before);
    expect(connected.hub).toMatchObject({
      protocolVersion: '4.0dev',
      alt: '3',
      library: 'ocore',
      libraryVersion: '0.4.6',
      program: 'devnet-hub',
    });
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    const connection = await hub.waitForConnections(1);
    await connection.waitFor((f) => f.type === 'justsaying' && f.subject === 'version');
    expect(connection.clientVersion).toEqual({
      protocol_version: '4.0dev',
      alt: '3',
      library: 'ocore',
      library_version: '0.4.6',
      program: PROGRAM.name,
      program_version: PROGRAM.version,
    });
    // The version is the first thing we send.
    expect(connection.received[0]?.frame).toMatchObject({ type: 'justsaying', subject: 'version' });
  });

  it('goes fatal, without reconnecting, when the hub is on another network', async () => {
    const hub = await startHub(); // a devnet hub
    const { client, states } = track(
      createClient([hub.url], { network: NETWORKS.mainnet }), // a mainnet client
    );
    client.start();
    const fatal = await waitForState(client, 'fatal');
    expect(fatal.reason).toContain(hub.url);
    expect(fatal.reason).toMatch(/protocol 4\.0dev/);
    await settle(100); // several backoff periods (20 ms)
    expect(hub.attempts).toBe(1);
    expect(states.map((s) => s.state)).toEqual(['connecting', 'fatal']);
    await expect(client.request('get_last_mci')).rejects.toBeInstanceOf(HubUnavailableError);
  });

  it('goes fatal when the hub refuses our version with ocore’s "Incompatible versions"', async () => {
    // A testnet hub that claims to be a devnet hub: our check passes, the hub's does not.
    const hub = await startHub({ network: NETWORKS.testnet });
    const { client } = track(createClient([hub.url]));
    client.start();
    const fatal = await waitForState(client, 'fatal');
    expect(fatal.reason).toMatch(/Incompatible versions, I support 1\.0t/);
    await settle(100);
    expect(hub.attempts).toBe(1);
  });

  it('goes fatal on upgrade_required / old core', async () => {
    const hub = await startHub({ checkClientVersion: false });
    const { client } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    await waitForState(client, 'connected');
    connection.justsay('upgrade_required');
    connection.justsay('old core');
    connection.close(1000, 'old core');
    const fatal = await waitForState(client, 'fatal');
    expect(fatal.reason).toMatch(/refused our version/);
  });

  it('fails over past an incompatible hub and never goes back to it', async () => {
    const wrong = await startHub({ version: { ...(recordedHubVersion() as object), alt: '1' } });
    const good = await startHub();
    const { client, states } = track(createClient([wrong.url, good.url]));
    client.start();
    await waitForState(client, 'connected', (s) => s.url === good.url);
    const [disconnected] = disconnects(states);
    expect(disconnected).toMatchObject({ url: wrong.url, nextUrl: good.url });
    expect(disconnected?.reason).toMatch(/alt 1/);
    (await good.waitForConnections(1)).drop();
    await waitForState(client, 'connected', (s) => s.url === good.url && states.length > 4);
    expect(wrong.attempts).toBe(1);
    expect(good.attempts).toBe(2);
  });

  it('drops a hub that never completes the handshake and moves on', async () => {
    const silent = await startHub({ version: null });
    const good = await startHub();
    const { client } = track(
      createClient([silent.url, good.url], { timing: { connectTimeoutMs: 100 } }),
    );
    client.start();
    const dropped = await waitForState(client, 'disconnected');
    expect(dropped).toMatchObject({ url: silent.url, nextUrl: good.url });
    expect(dropped.reason).toMatch(/did not answer the connection within 100 ms/);
    await waitForState(client, 'connected', (s) => s.url === good.url);
  });
});

describe('answers to the hub', () => {
  it('refuses the hub’s subscribe as an ocore light client does', async () => {
    const hub = await startHub();
    const { client } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    const answer = await connection.waitFor(
      (f) => f.type === 'response' && f.command === 'subscribe',
    );
    expect(answer).toMatchObject({
      type: 'response',
      response: { error: "I'm light, cannot subscribe you to updates" },
    });
  });

  it('answers heartbeats with an empty response and refuses light/ and hub/ requests', async () => {
    const hub = await startHub();
    const { client } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const connection = await hub.waitForConnections(1);
    expect(await connection.request('heartbeat')).toBeUndefined();
    const heartbeatAnswer = connection.responses().find((f) => f.command === 'heartbeat');
    expect(heartbeatAnswer && 'response' in heartbeatAnswer).toBe(false);
    expect(await connection.request('light/get_history', { addresses: ['X'] })).toEqual({
      error: "I'm light myself, can't serve you",
    });
    expect(await connection.request('hub/get_bots')).toEqual({
      error: "I'm not a hub, can't serve hub/ requests",
    });
    // Unknown commands get no answer, as in ocore: a later request is answered, it is not.
    void connection.request('no_such_command');
    await connection.request('heartbeat');
    expect(connection.responses().map((f) => f.command)).not.toContain('no_such_command');
  });
});

describe('heartbeats', () => {
  it('answers the hub’s own periodic pings and is not dropped', async () => {
    const hub = await startHub({ heartbeatIdleMs: 20 });
    const { client } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    await waitForState(client, 'connected');
    await settle(120);
    const answers = connection.responses().filter((f) => f.command === 'heartbeat');
    expect(answers.length).toBeGreaterThanOrEqual(2);
    expect(answers.every((f) => !('response' in f))).toBe(true);
    expect(client.status.state).toBe('connected');
  });

  it('pings an idle hub and stays connected while it answers', async () => {
    const hub = await startHub();
    const { client } = track(
      createClient([hub.url], { timing: { heartbeatIdleMs: 30, heartbeatResponseTimeoutMs: 200 } }),
    );
    client.start();
    const connection = await hub.waitForConnections(1);
    await connection.waitFor((f) => f.type === 'request' && f.command === 'heartbeat');
    await settle(100);
    expect(connection.requests('heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(client.status.state).toBe('connected');
    expect(hub.connections).toHaveLength(1);
  });

  it('closes a socket whose hub does not answer the heartbeat, then reconnects', async () => {
    const hub = await startHub();
    hub.answer('heartbeat', { never: true });
    const { client } = track(
      createClient([hub.url], { timing: { heartbeatIdleMs: 30, heartbeatResponseTimeoutMs: 60 } }),
    );
    client.start();
    const lost = await waitForState(client, 'disconnected');
    expect(lost.reason).toMatch(
      /the hub stopped answering \(no reply to a heartbeat within 60 ms\)/,
    );
    hub.setHandler('heartbeat', null);
    await hub.waitForConnections(2);
    await waitForState(client, 'connected');
  });

  it('stops pinging a hub that answered "sleep"', async () => {
    const hub = await startHub();
    hub.answer('heartbeat', { response: 'sleep' });
    const { client } = track(
      createClient([hub.url], { timing: { heartbeatIdleMs: 20, heartbeatResponseTimeoutMs: 500 } }),
    );
    client.start();
    const connection = await hub.waitForConnections(1);
    await connection.waitFor((f) => f.type === 'request' && f.command === 'heartbeat');
    await settle(120);
    expect(connection.requests('heartbeat')).toHaveLength(1);
    expect(client.status.state).toBe('connected');
  });
});

describe('requests and tags', () => {
  it('gives every wire request its own tag and matches answers by tag', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    hub.answer('get_peers', { response: [], delayMs: 20 });
    const { client } = track(createClient([hub.url]));
    client.start();
    const [witnesses, mci, peers] = await Promise.all([
      client.request('get_witnesses'),
      client.request('get_last_mci'),
      client.request('get_peers'),
    ]);
    expect(witnesses).toEqual(['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D']);
    expect(mci).toBe(20);
    expect(peers).toEqual([]);
    // The same request again later goes out with a new tag (tags are never reused).
    expect(await client.request('get_last_mci')).toBe(20);
    const tags = hub.lastConnection?.requests().map((f) => f.tag) ?? [];
    expect(tags).toHaveLength(4);
    expect(new Set(tags).size).toBe(4);
    expect(tags.every((tag) => tag.length <= 44)).toBe(true);
  });

  it('shares one wire request between identical concurrent requests', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    hub.answer('get_last_mci', { response: 20, delayMs: 20 });
    const { client } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const results = await Promise.all([
      client.request('get_last_mci'),
      client.request('get_last_mci'),
      client.request('get_last_mci'),
    ]);
    expect(results).toEqual([20, 20, 20]);
    expect(hub.lastConnection?.requests('get_last_mci')).toHaveLength(1);
  });

  it('survives a hub that answers twice', async () => {
    const hub = await startHub();
    hub.answer('get_last_mci', { response: 20, twice: true });
    const { client, lines } = track(createClient([hub.url]));
    client.start();
    expect(await client.request('get_last_mci')).toBe(20);
    hub.answer('get_last_mci', { response: 21 });
    expect(await client.request('get_last_mci')).toBe(21);
    expect(lines.some((line) => line.includes('Dropped a response with no pending request'))).toBe(
      true,
    );
    expect(hub.connections).toHaveLength(1);
  });

  it('ignores an answer with an unknown tag: the request times out, the connection lives', async () => {
    const hub = await startHub();
    hub.answer('get_last_mci', { response: 20, tag: 'someone-elses-tag' });
    const { client } = track(createClient([hub.url]));
    client.start();
    const error = await client
      .request('get_last_mci', undefined, { timeoutMs: 80 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubTimeoutError);
    hub.answer('get_last_mci', { response: 20 });
    expect(await client.request('get_last_mci')).toBe(20);
    expect(hub.connections).toHaveLength(1);
  });

  it('times out a request the hub never answers, and drops the late answer of another', async () => {
    const hub = await startHub();
    hub.answer('get_witnesses', { never: true });
    hub.answer('get_last_mci', { response: 20, delayMs: 80 });
    const { client } = track(createClient([hub.url]));
    client.start();
    const never = await client
      .request('get_witnesses', undefined, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(never).toBeInstanceOf(HubTimeoutError);
    expect(never).toMatchObject({ code: 'timeout', retryable: true, command: 'get_witnesses' });
    const late = await client
      .request('get_last_mci', undefined, { timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(HubTimeoutError);
    await settle(80); // the late answer arrives and is dropped
    hub.answer('get_last_mci', { response: 21 });
    expect(await client.request('get_last_mci')).toBe(21);
  });

  it('times out a command the hub does not know (hubs never answer those)', async () => {
    const hub = await startHub();
    const { client } = track(createClient([hub.url]));
    client.start();
    await expect(
      client.request('light/no_such_thing', undefined, { timeoutMs: 50 }),
    ).rejects.toBeInstanceOf(HubTimeoutError);
  });

  it('turns {error} answers into HubRequestError with the §1.8 classification', async () => {
    const hub = await startHub();
    hub.answer('light/get_history', {
      error: 'your history is too large, consider switching to a full client',
    });
    hub.answer('get_joint', { error: 'unit must be a string' });
    const { client } = track(createClient([hub.url]));
    client.start();
    const tooLarge = await client
      .request('light/get_history', { addresses: ['A'] })
      .catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(HubRequestError);
    expect(tooLarge).toMatchObject({
      reason: 'history_too_large',
      classification: 'fatal',
      hubMessage: 'your history is too large, consider switching to a full client',
    });
    const bad = await client.request('get_joint', 1).catch((e: unknown) => e);
    expect(bad).toMatchObject({ classification: 'bad_request', retryable: false });
  });

  it('fails requests in flight with connection_closed when the socket closes', async () => {
    const hub = await startHub();
    hub.answer('get_witnesses', { never: true });
    const { client } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    await waitForState(client, 'connected');
    const pending = client.request('get_witnesses').catch((e: unknown) => e);
    await connection.waitFor((f) => f.type === 'request' && f.command === 'get_witnesses');
    connection.drop();
    const error = await pending;
    expect(error).toBeInstanceOf(HubConnectionClosedError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('holds requests made while disconnected until the next connection', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    const { client } = track(createClient([hub.url]));
    const early = client.request('get_last_mci');
    client.start();
    expect(await early).toBe(20);
  });

  it('refuses a request that would not fit in a frame, without sending it', async () => {
    const hub = await startHub();
    const { client } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const big = 'a'.repeat(MAX_FRAME_BYTES);
    await expect(client.request('custom', big)).rejects.toBeInstanceOf(HubParamsError);
    expect(hub.lastConnection?.requests('custom')).toHaveLength(0);
  });
});

describe('faults', () => {
  it('logs and ignores garbage, binary frames and malformed bodies, never the frame itself', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    const { client, lines, pushes } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const connection = await hub.waitForConnections(1);
    const marker = 'GARBAGE-MARKER';
    connection.send(`{not json ${marker}`);
    connection.send(`[1, 2, "${marker}"]`);
    connection.send(JSON.stringify(['response', { tag: 42, marker }]));
    connection.send(JSON.stringify(['request', { command: '', tag: 'x' }]));
    connection.send(
      JSON.stringify(['justsaying', { subject: 'light/sequence_became_bad', body: marker }]),
    );
    connection.send(JSON.stringify(['justsaying', { subject: 'system_vars', body: [marker] }]));
    connection.send(JSON.stringify(['justsaying', { subject: 'joint', body: { unit: marker } }]));
    connection.sendBinary(
      new TextEncoder().encode(JSON.stringify(['justsaying', { subject: 'info', body: marker }])),
    );
    connection.send('"just a string"');
    connection.send('');
    // Frames are handled in order: once this answer is in, all of the above was handled.
    expect(await client.request('get_last_mci')).toBe(20);
    expect(client.status.state).toBe('connected');
    expect(hub.connections).toHaveLength(1);
    expect(pushes.filter((p) => p.subject !== 'hub/challenge')).toEqual([]);
    expect(lines.filter((line) => /malformed|binary/.test(line)).length).toBeGreaterThanOrEqual(9);
    expect(lines.some((line) => line.includes(marker))).toBe(false);
  });

  it('survives an oversized frame: the socket is dropped, the client reconnects', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    hub.answer('get_witnesses', { never: true });
    const { client } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const connection = await hub.waitForConnections(1);
    const pending = client.request('get_witnesses').catch((e: unknown) => e);
    await connection.waitFor((f) => f.type === 'request' && f.command === 'get_witnesses');
    connection.send(
      JSON.stringify(['justsaying', { subject: 'info', body: 'x'.repeat(MAX_FRAME_BYTES) }]),
    );
    const dropped = await waitForState(client, 'disconnected');
    expect(dropped.reason).toMatch(/size|payload/i);
    expect(await pending).toBeInstanceOf(HubConnectionClosedError);
    await waitForState(client, 'connected');
    expect(await client.request('get_last_mci')).toBe(20);
    expect(hub.connections).toHaveLength(2);
  });
});

describe('reconnects', () => {
  it('backs off exponentially, with jitter, while a hub drops every connection, then recovers', async () => {
    const hub = await startHub({ connectionMode: 'drop' });
    const { client, states } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'disconnected', (s) => s.failures >= 6);
    const drops = disconnects(states);
    // 20 ms × 2^(n−1), capped at 320, less jitter 0.5 × random 0.5: three quarters of that.
    expect(drops.slice(0, 6).map((s) => s.retryInMs)).toEqual([15, 30, 60, 120, 240, 240]);
    expect(drops.slice(0, 6).map((s) => s.failures)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const drop of drops) expect(drop.nextRetryAt - drop.since).toBe(drop.retryInMs);
    // No tight loop: one attempt per scheduled retry, spaced at least by its delay.
    expect(hub.attempts).toBeLessThanOrEqual(drops.length + 1);
    for (let i = 1; i < 6; i++) {
      const gap = (hub.attemptTimes[i] ?? 0) - (hub.attemptTimes[i - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual((drops[i - 1]?.retryInMs ?? 0) - 2);
    }
    hub.connectionMode = 'accept';
    await waitForState(client, 'connected');
  });

  it('keeps backing off when the hub drops each connection right after the handshake', async () => {
    const hub = await startHub({ connectionMode: 'drop-after-handshake' });
    const { client, states } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'disconnected', (s) => s.failures >= 4);
    const drops = disconnects(states);
    expect(drops.map((s) => s.failures).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(states.filter((s) => s.state === 'connected').length).toBeGreaterThanOrEqual(3);
  });

  it('starts the backoff over after a connection that stayed up, and stays on the same hub', async () => {
    const hub = await startHub({ connectionMode: 'drop' });
    const other = await startHub();
    const { client, states } = track(
      createClient([hub.url, other.url], { timing: { stableAfterMs: 30 } }),
    );
    client.start();
    await waitForState(client, 'connected', (s) => s.url === other.url);
    await settle(60);
    (await other.waitForConnections(1)).drop();
    const again = await waitForState(client, 'disconnected', (s) => s.url === other.url);
    expect(again).toMatchObject({ failures: 1, retryInMs: 15, nextUrl: other.url });
    await waitForState(client, 'connected', (s) => s.url === other.url && s.since > again.since);
    expect(states.flatMap((s) => (s.state === 'connecting' ? [s.url] : []))).toEqual([
      hub.url,
      other.url,
      other.url,
    ]);
  });

  it('fails over to the second hub when the first refuses connections', async () => {
    const gone = await startHub();
    const goneUrl = gone.url;
    await gone.stop(); // nothing listens there any more: ECONNREFUSED
    const backup = await startHub({ handlers: replayHandlers() });
    const { client, states } = track(createClient([goneUrl, backup.url]));
    client.start();
    const connected = await waitForState(client, 'connected');
    expect(connected.url).toBe(backup.url);
    const [refused] = disconnects(states);
    expect(refused).toMatchObject({ url: goneUrl, nextUrl: backup.url, failures: 1 });
    expect(refused?.reason).toMatch(/ECONNREFUSED/);
    expect(await client.request('get_last_mci')).toBe(20);
  });

  it('re-sends the watch list after every reconnect through the onConnected hook', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    const { client } = track(createClient([hub.url]));
    const exchange = recordedExchanges('light/get_history').find(
      (e) => e.source === 'raw_client/get_history.json',
    );
    const params = exchange?.params as { witnesses: string[]; addresses: string[] };
    const histories: JsonValue[] = [];
    let historyArrived: () => void = () => undefined;
    client.onConnected(async () => {
      for (const address of params.addresses) watchAddress(client, address);
      histories.push(await getHistory(client, params));
      historyArrived();
    });
    const nextHistory = (): Promise<void> =>
      new Promise((resolve) => {
        historyArrived = resolve;
      });
    let arrived = nextHistory();
    client.start();
    await arrived;
    arrived = nextHistory();
    const first = await hub.waitForConnections(1);
    first.drop();
    await arrived;
    const second = await hub.waitForConnections(2);
    for (const connection of [first, second]) {
      expect(connection.justsayings('light/new_address_to_watch').map((f) => f.body)).toEqual(
        params.addresses,
      );
      expect(connection.requests('light/get_history')[0]?.params).toEqual(params);
    }
    expect(histories).toEqual([exchange?.response, exchange?.response]);
  });
});

describe('pushes', () => {
  it('emits typed events for the justsayings a real hub sends', async () => {
    const hub = await startHub();
    const { client, pushes } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    await waitForState(client, 'connected');
    const joint = recordedPushes('joint')[0];
    const systemVars = recordedPushes('system_vars')[0];
    const message = recordedPushes('hub/message')[0];
    const sent: [string, JsonValue | undefined][] = [
      ['joint', joint],
      ['light/have_updates', undefined],
      ['light/sequence_became_bad', ['voXQYuTuglkPKRXRGRhazluv/cOpBhTE6JT9F+jvOLc=']],
      ['system_vars', systemVars],
      ['hub/message', message],
      ['hub/message_box_status', 'empty'],
      ['info', recordedPushes('info')[0]],
      ['error', 'history response must be a non-empty object'],
      ['exchange_rates', { GBYTE_USD: 10, GBYTE_BTC: 'lots', BTC_USD: -1 }],
      ['result', { unit: 'voXQYuTuglkPKRXRGRhazluv/cOpBhTE6JT9F+jvOLc=', result: 'accepted' }],
      ['hub/push_project_number', { projectNumber: 0, hasKeyId: false }],
      ['some_future_subject', 1],
    ];
    for (const [subject, body] of sent) connection.justsay(subject, body);
    await waitForPush(client, 'result');
    const subjects = pushes.map((p) => p.subject);
    expect(subjects).toEqual([
      'hub/challenge',
      'joint',
      'light/have_updates',
      'light/sequence_became_bad',
      'system_vars',
      'hub/message',
      'hub/message_box_status',
      'info',
      'error',
      'exchange_rates',
      'result',
    ]);
    // Only the sane rates come through (the others are dropped one by one).
    expect(pushes[9]).toEqual({ subject: 'exchange_rates', rates: { GBYTE_USD: 10 } });
    expect(pushes[1]).toMatchObject({
      subject: 'joint',
      unit: (joint as { unit: { unit: string } }).unit.unit,
    });
    expect(pushes[4]).toMatchObject({
      subject: 'system_vars',
      systemVars: { op_list: [{ value: ['XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D'] }] },
    });
    expect(pushes[6]).toEqual({ subject: 'hub/message_box_status', status: 'empty' });
    expect(pushes[7]).toEqual({ subject: 'info', message: 'address created' });
  });

  it('emits nothing before the handshake and nothing after stop', async () => {
    const hub = await startHub({ version: null });
    const { client, pushes } = track(createClient([hub.url]));
    client.start();
    const connection = await hub.waitForConnections(1);
    connection.justsay('light/have_updates'); // before the hub's version: dropped
    connection.justsay('version', recordedHubVersion());
    await waitForState(client, 'connected');
    connection.justsay('info', 'after the handshake');
    await waitForPush(client, 'info');
    await client.stop();
    connection.justsay('light/have_updates'); // after stop: nobody listens
    await settle(20);
    expect(pushes).toEqual([{ subject: 'info', message: 'after the handshake' }]);
  });
});

describe('construction and reporting', () => {
  it('refuses hub lists that are empty, not ws(s), or carry credentials', () => {
    expect(() => createClient([])).toThrow(/at least one/);
    expect(() => createClient(['https://obyte.org/bb'])).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => createClient(['wss://user:secret@obyte.org/bb'])).toThrow(/user name or password/);
    expect(() => createClient(['not a url'])).toThrow(/Not a hub URL/);
  });

  it('runs an onConnected hook registered while already connected, once', async () => {
    const hub = await startHub();
    const { client } = track(createClient([hub.url]));
    client.start();
    const connected = await waitForState(client, 'connected');
    const sessions = await new Promise<unknown[]>((resolve) => {
      const seen: unknown[] = [];
      client.onConnected((session) => {
        seen.push(session);
        resolve(seen);
      });
    });
    await settle(10);
    expect(sessions).toEqual([{ url: hub.url, since: connected.since, hub: connected.hub }]);
  });

  it('maps every state to a valid status-bar connection', async () => {
    const wrong = await startHub({ version: { ...(recordedHubVersion() as object), alt: '1' } });
    const good = await startHub();
    const { client, states } = track(createClient([wrong.url, good.url]));
    client.start();
    await waitForState(client, 'connected');
    await client.stop();
    const mapped = [{ state: 'idle' } as const, ...states].map(toConnectionStatus);
    for (const connection of mapped) {
      expect(StatusSchema.shape.connection.safeParse(connection).success).toBe(true);
    }
    expect(mapped.map((c) => c.state)).toEqual([
      'offline',
      'connecting',
      'disconnected',
      'connecting',
      'connected',
      'offline',
    ]);
    expect(mapped[2]?.detail).toMatch(
      /^Lost ws:\/\/127\.0\.0\.1:\d+: incompatible hub: .*Trying ws:/,
    );
    const fatal = toConnectionStatus({ state: 'fatal', since: 1, reason: 'x'.repeat(400) });
    expect(fatal.detail).toHaveLength(300);
  });
});

describe('stop', () => {
  it('fails waiting requests, stops reconnecting and refuses new requests', async () => {
    const hub = await startHub();
    hub.answer('get_witnesses', { never: true });
    const { client, states } = track(createClient([hub.url]));
    client.start();
    await waitForState(client, 'connected');
    const pending = client.request('get_witnesses').catch((e: unknown) => e);
    await client.stop();
    expect(await pending).toBeInstanceOf(HubUnavailableError);
    await expect(client.request('get_last_mci')).rejects.toBeInstanceOf(HubUnavailableError);
    await settle(60);
    expect(hub.attempts).toBe(1);
    expect(states.at(-1)?.state).toBe('stopped');
  });
});

describe('a hub that stops answering (socket open, no frames)', () => {
  it('is noticed by the heartbeat, in words, within 30 s with the default timing', async () => {
    // The default timing: 10 s of silence, then 15 s for the heartbeat's answer.
    expect(DEFAULT_TIMING.heartbeatIdleMs + DEFAULT_TIMING.heartbeatResponseTimeoutMs).toBeLessThan(
      30_000,
    );
    const hub = await startHub({ handlers: replayHandlers() });
    const { client } = track(
      createClient([hub.url], {
        timing: { heartbeatIdleMs: 50, heartbeatResponseTimeoutMs: 100, connectTimeoutMs: 200 },
      }),
    );
    client.start();
    await waitForState(client, 'connected');
    hub.silent = true;
    const pending = client.request('get_last_mci');
    const lost = await waitForState(client, 'disconnected');
    expect(lost.reason).toMatch(
      /^the hub stopped answering \(no reply to a heartbeat within 100 ms\)$/,
    );
    // The request that was on the wire fails with the reason, not after its own timeout.
    await expect(pending).rejects.toBeInstanceOf(HubConnectionClosedError);
    await expect(pending).rejects.toThrow(/stopped answering/);
    // Reconnecting to the silent hub: the status keeps saying why it cannot be reached.
    const again = await waitForState(client, 'connecting', (s) => s.attempt > 1);
    expect(again.lastFailure).toMatch(/stopped answering|did not answer the connection/);
    const shown = toConnectionStatus(again);
    expect(shown.reason).toMatch(/stopped answering|did not answer the connection/);
    expect(shown.detail).toMatch(
      /^Cannot reach ws:\/\/127\.0\.0\.1:\d+: .*\. Trying again \(attempt \d+\)\.$/,
    );
    const handshake = await waitForState(client, 'disconnected', (s) => s.failures >= 2);
    expect(handshake.reason).toBe('the hub did not answer the connection within 200 ms');
  });

  it('a request made while the hub cannot be reached fails saying why, not after its timeout', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    hub.silent = true;
    const { client } = track(
      createClient([hub.url], { timing: { connectTimeoutMs: 100, offlineWaitMs: 400 } }),
    );
    client.start();
    await waitForState(client, 'disconnected');
    const request = client.request('get_last_mci');
    await expect(request).rejects.toBeInstanceOf(HubUnavailableError);
    await expect(request).rejects.toThrow(
      /^No hub is available for get_last_mci: the hub at ws:\/\/127\.0\.0\.1:\d+ cannot be reached \(the hub did not answer the connection within 100 ms\); it is tried again on its own$/,
    );
    // The hub answers again: the next request goes through.
    hub.silent = false;
    await waitForState(client, 'connected');
    await expect(client.request('get_last_mci')).resolves.toBe(20);
  });

  it('a hub that said "sleep" is still pinged while an answer is awaited', async () => {
    const hub = await startHub({ handlers: replayHandlers() });
    hub.answer('heartbeat', { response: 'sleep' });
    const { client } = track(
      createClient([hub.url], { timing: { heartbeatIdleMs: 30, heartbeatResponseTimeoutMs: 100 } }),
    );
    client.start();
    const connection = await hub.waitForConnections(1);
    await connection.waitFor((f) => f.type === 'request' && f.command === 'heartbeat');
    hub.silent = true;
    const pending = client.request('get_last_mci');
    await expect(pending).rejects.toThrow(/stopped answering/);
  });
});
