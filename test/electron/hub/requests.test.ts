/**
 * The request catalogue: every parser on every answer a reference hub gave in the devnet captures,
 * every request function end to end through the loopback hub (recorded answers where the captures
 * have them, answers built from recorded data where they do not), malformed answers (tables and
 * random JSON), and param checks that stop a bad request before it is sent.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubClient } from '../../../electron/main/services/hub';
import type { DeviceEnvelope, TempPubkeyPackage } from '../../../shared/protocol/device';
import type { JsonObject, JsonValue } from '../../../shared/protocol/json';
import {
  clone,
  rawClientResponse,
  readFixture,
  type RequestResponse,
} from '../../support/fixtures';
import {
  RECORDED_COMMANDS,
  recordedExchanges,
  recordedHubVersion,
  replayHandlers,
  TestHub,
  type HubAnswer,
} from '../../support/test-hub';
import { createClient, waitForState } from './helpers';
import {
  catchup,
  customRequest,
  deliver,
  disableNotification,
  enableNotification,
  getAssetMetadata,
  getAttestation,
  getAttestations,
  getBalances,
  getBots,
  getDefinition,
  getHashTree,
  getHistory,
  getJoint,
  getLastMci,
  getLinkProofs,
  getParentsAndLastBall,
  getPeers,
  getProfileUnits,
  getTempPubkey,
  getWitnesses,
  heartbeat,
  HubMalformedResponseError,
  HubParamsError,
  HubRequestError,
  parseAssetMetadata,
  parseAttestation,
  parseAttestations,
  parseBalances,
  parseBots,
  parseCatchup,
  parseDefinition,
  parseDeliver,
  parseGetJoint,
  parseHashTree,
  parseHeartbeat,
  parseHistory,
  parseLastMci,
  parseLinkProofs,
  parseNotificationOk,
  parseParentsAndLastBall,
  parsePeers,
  parsePickedCoins,
  parsePostJoint,
  parseProfileUnits,
  parseSubscribe,
  parseTempPubkey,
  parseTempPubkeyUpdated,
  parseWitnesses,
  pickDivisibleCoinsForAmount,
  postJoint,
  subscribe,
  uploadTempPubkey,
  watchAddress,
  type HubRequester,
} from '../../../shared/protocol/light/index';

const WITNESS = 'XMXX36LUDWUEIXHW6ARCA2ABSA4Y3K2D';
const ADDRESS = 'GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GX';
const UNIT = 'voXQYuTuglkPKRXRGRhazluv/cOpBhTE6JT9F+jvOLc=';
const BOT_PUBKEY = 'A1JTn+UWwfFHrY9DbQNfbEDVkmZy8acBewcVv7jb6AR7';

interface HistoryAnswer {
  joints: JsonObject[];
  unstable_mc_joints: JsonObject[];
  witness_change_and_definition_joints: JsonObject[];
  proofchain_balls: JsonObject[];
}

function recordedHistory(): HistoryAnswer {
  const answer = recordedExchanges('light/get_history').find(
    (e) => e.source === 'raw_client/get_history.json',
  );
  if (!answer) throw new Error('raw_client/get_history.json is missing from the captures');
  return clone(answer.response) as HistoryAnswer;
}

/**
 * One recorded exchange by file. The raw clients' per-command files are named after the
 * command (get_parents.json is the one exception the fixture index does not map).
 */
function exchange(command: string, source: string): RequestResponse {
  const found = recordedExchanges(command).find((e) => e.source === source);
  if (found) return found;
  const file = /^(raw_client[a-z_]*)\/([a-z_]+)\.json$/.exec(source);
  if (file?.[1] && file[2]) return rawClientResponse(file[1], file[2]);
  throw new Error(`missing ${source}`);
}

function isErrorAnswer(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/** The parser of each recorded command, given the recorded exchange (some need the params). */
const PARSERS: Record<(typeof RECORDED_COMMANDS)[number], (e: RequestResponse) => unknown> = {
  get_witnesses: (e) => parseWitnesses(e.response as JsonValue),
  get_last_mci: (e) => parseLastMci(e.response as JsonValue),
  heartbeat: (e) => parseHeartbeat(e.response as JsonValue),
  post_joint: (e) => parsePostJoint(e.response as JsonValue),
  'light/get_history': (e) => parseHistory(e.response as JsonValue),
  'light/get_parents_and_last_ball_and_witness_list_unit': (e) =>
    parseParentsAndLastBall(e.response as JsonValue),
  'light/get_balances': (e) => parseBalances(e.response as JsonValue, e.params as string[]),
  'light/get_definition': (e) => parseDefinition(e.response as JsonValue),
  'hub/get_bots': (e) => parseBots(e.response as JsonValue),
  'hub/get_temp_pubkey': (e) => parseTempPubkey(e.response as JsonValue, e.params as string),
  'hub/temp_pubkey': (e) => parseTempPubkeyUpdated(e.response as JsonValue),
  'hub/deliver': (e) => parseDeliver(e.response as JsonValue),
};

describe('parsers on every answer captured from a reference hub', () => {
  for (const command of RECORDED_COMMANDS) {
    it(`parses every recorded ${command} answer`, () => {
      const exchanges = recordedExchanges(command);
      expect(exchanges.length).toBeGreaterThan(0);
      for (const exchange of exchanges) {
        if (isErrorAnswer(exchange.response)) {
          // Error answers never reach a parser: they become classified HubRequestErrors.
          const error = new HubRequestError(
            command,
            (exchange.response as JsonObject)['error'] ?? '',
          );
          expect(error.reason, `${exchange.source}: ${error.hubMessage}`).not.toBe('other');
          continue;
        }
        expect(() => PARSERS[command](exchange), exchange.source).not.toThrow();
      }
    });
  }

  it('reads the values a light wallet relies on', () => {
    const one = (command: (typeof RECORDED_COMMANDS)[number], source: string): unknown =>
      PARSERS[command](exchange(command, source));
    expect(one('get_witnesses', 'raw_client/get_witnesses.json')).toEqual([WITNESS]);
    expect(one('get_last_mci', 'raw_client/get_last_mci.json')).toBe(20);
    expect(one('heartbeat', 'raw_client/heartbeat.json')).toBe('awake');
    expect(
      one('light/get_parents_and_last_ball_and_witness_list_unit', 'raw_client/get_parents.json'),
    ).toEqual({
      timestamp: 1795662235,
      parent_units: ['qk2aIvLSnak1Eyy2YJ0CCa7XPMo3ycSXMIHGHnA+cAs='],
      last_stable_mc_ball: 'yoji8HlHxyua07jdz4dbMicmGNFhgqfkQY2KZFRDqFY=',
      last_stable_mc_ball_unit: 'talR4/CNMlfUfDQ7IRE0/EZJjGmdNSYZAscUa/4icFs=',
      last_stable_mc_ball_mci: 19,
      tps_fee: 0,
      count_primary_aa_triggers: 0,
    });
    expect(one('light/get_balances', 'raw_client/get_balances.json')).toEqual({
      '5HQYPVVV72EITFWDYJ47D3NSG4F3C7LV': {
        base: {
          stable: 111000000,
          pending: 0,
          stable_outputs_count: 3,
          pending_outputs_count: 0,
          total: 111000000,
        },
      },
      [ADDRESS]: {
        base: {
          stable: 18999196,
          pending: 0,
          stable_outputs_count: 1,
          pending_outputs_count: 0,
          total: 18999196,
        },
      },
    });
    expect(one('light/get_definition', 'raw_client/get_definition.json')).toEqual([
      'sig',
      { pubkey: 'AixIm1BMTJp8ctrlVRiSs+EOkZMvx40DePSdDa5inHk0' },
    ]);
    expect(one('light/get_definition', 'raw_client_fresh/get_definition.json')).toBeNull();
    expect(one('hub/get_bots', 'raw_client/hub_get_bots.json')).toEqual([
      {
        id: 53,
        name: 'Devnet Echo Bot',
        pairing_code: `${BOT_PUBKEY}@127.0.0.1:6611#0000`,
        description: 'echoes your messages',
      },
    ]);
    expect(one('hub/get_temp_pubkey', 'raw_client/hub_get_temp_pubkey.json')).toMatchObject({
      pubkey: BOT_PUBKEY,
      temp_pubkey: 'A3x4Va+v7hTfqMgKlfw/tsGCOvHbg8P36dWwWA53JPpZ',
    });
  });

  it('classifies the error answers of a young devnet', () => {
    const history = recordedExchanges('light/get_history').find((e) =>
      e.source.startsWith('raw_client_first_run_young_dag/get_history'),
    );
    const error = new HubRequestError(
      'light/get_history',
      (history?.response as JsonObject)['error'] ?? '',
    );
    expect(error).toMatchObject({ reason: 'already_current', classification: 'retryable' });
    const parents = exchange(
      'light/get_parents_and_last_ball_and_witness_list_unit',
      'raw_client_first_run_young_dag/get_parents.json',
    );
    const bad = new HubRequestError(
      'light/get_parents_and_last_ball_and_witness_list_unit',
      (parents.response as JsonObject)['error'] ?? '',
    );
    expect(bad).toMatchObject({ hubMessage: 'bad from addresses', classification: 'bad_request' });
  });
});

describe('the catalogue through the loopback hub', () => {
  let hub: TestHub;
  let client: HubClient;

  beforeAll(async () => {
    hub = new TestHub({ version: recordedHubVersion(), handlers: replayHandlers() });
    await hub.start();
    client = createClient([hub.url]).client;
    client.start();
    await waitForState(client, 'connected');
  });

  afterAll(async () => {
    await client.stop();
    await hub.stop();
  });

  it('sends each recorded request exactly as recorded and parses the recorded answer', async () => {
    // The replay answers only when our params equal the recorded ones (key order aside).
    const find = exchange;
    expect(await getWitnesses(client)).toEqual([WITNESS]);
    expect(await getLastMci(client)).toBe(20);
    expect(await heartbeat(client)).toBe('awake');
    const history = find('light/get_history', 'raw_client/get_history.json');
    expect(await getHistory(client, history.params as { witnesses: string[] })).toEqual(
      history.response,
    );
    const parents = find(
      'light/get_parents_and_last_ball_and_witness_list_unit',
      'raw_client/get_parents.json',
    );
    const parentsParams = parents.params as {
      witnesses: string[];
      from_addresses: string[];
      output_addresses: string[];
      max_aa_responses: number;
    };
    expect((await getParentsAndLastBall(client, parentsParams)).last_stable_mc_ball_mci).toBe(19);
    const balances = find('light/get_balances', 'raw_client/get_balances.json');
    expect(await getBalances(client, balances.params as string[])).toEqual(balances.response);
    expect(await getDefinition(client, ADDRESS)).toEqual([
      'sig',
      { pubkey: 'AixIm1BMTJp8ctrlVRiSs+EOkZMvx40DePSdDa5inHk0' },
    ]);
    expect(await getDefinition(client, 'SAU3GZYXVXVSMICDF4IHAREAL7NUDANB')).toBeNull();
    expect((await getBots(client))[0]?.name).toBe('Devnet Echo Bot');
    expect((await getTempPubkey(client, BOT_PUBKEY)).pubkey).toBe(BOT_PUBKEY);
    const post = find(
      'post_joint',
      'reference_light_client/lightwallet_post_joint_1_by_client.json',
    );
    expect(await postJoint(client, post.params as { unit: JsonObject })).toBe('accepted');
    const upload = find(
      'hub/temp_pubkey',
      'reference_light_client/lightwallet_hub_temp_pubkey_1_by_client.json',
    );
    expect(await uploadTempPubkey(client, upload.params as TempPubkeyPackage)).toBe('updated');
    const delivery = recordedExchanges('hub/deliver')[0];
    expect(await deliver(client, delivery?.params as DeviceEnvelope)).toBe('accepted');
  });

  it('maps the answers that mean something else than failure', async () => {
    hub.answer('post_joint', { error: 'known' });
    hub.answer('hub/get_asset_metadata', { error: 'no metadata' });
    const post = recordedExchanges('post_joint')[0];
    expect(await postJoint(client, post?.params as { unit: JsonObject })).toBe('known');
    expect(await getAssetMetadata(client, UNIT)).toBeNull();
    hub.answer('post_joint', { error: 'unknown parents' });
    const refused = await postJoint(client, post?.params as { unit: JsonObject }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'request_error', reason: 'transient', retryable: true });
    hub.setHandler('post_joint', replayHandlers()['post_joint'] ?? null);
  });

  it('runs the requests the captures do not cover, on answers built from recorded data', async () => {
    const history = recordedHistory();
    const joint = history.joints[0] as JsonObject;
    const unit = (joint['unit'] as JsonObject)['unit'] as string;
    const post = recordedExchanges('post_joint')[0];
    const postedInput = (
      (post?.params as JsonObject)['unit'] as { messages: { payload: { inputs: JsonObject[] } }[] }
    ).messages[0]?.payload.inputs[0] as JsonObject;

    hub.answer('get_peers', { response: ['wss://obyte.org/bb'] });
    expect(await getPeers(client)).toEqual(['wss://obyte.org/bb']);

    hub.setHandler('get_joint', ({ params }): HubAnswer =>
      params === unit ? { response: { joint } } : { response: { joint_not_found: params ?? null } },
    );
    const found = await getJoint(client, unit);
    expect(found.kind).toBe('found');
    expect(found.kind === 'found' && found.unit.unit).toBe(unit);
    expect(await getJoint(client, UNIT)).toEqual({ kind: 'not_found', unit: UNIT });

    const fullNodeSubscribe = readFixture<{ response: [string, { response: JsonValue }] }>(
      'reference_light_client/botfullnode_subscribe_2_by_client.json',
    );
    hub.answer('subscribe', { response: fullNodeSubscribe.response[1].response });
    expect(await subscribe(client, { subscription_id: 'abc', last_mci: 11 })).toBe('subscribed');

    hub.answer('catchup', { response: { status: 'current' } });
    const catchupParams = { witnesses: [WITNESS], last_stable_mci: 10, last_known_mci: 20 };
    expect(await catchup(client, catchupParams)).toEqual({ status: 'current' });
    hub.answer('catchup', {
      response: {
        unstable_mc_joints: history.unstable_mc_joints,
        stable_last_ball_joints: history.witness_change_and_definition_joints,
        witness_change_and_definition_joints: [],
      } as unknown as JsonObject,
    });
    const chain = await catchup(client, { ...catchupParams, last_stable_mci: 11 });
    expect(chain.status === 'chain' && chain.unstable_mc_joints).toHaveLength(3);

    const balls = history.proofchain_balls as JsonValue;
    hub.answer('get_hash_tree', { response: { balls } });
    const tree = await getHashTree(client, {
      from_ball: 'DKkhpM9to5d1LsYCcuORPOEoI0lMW1jJw99cW5D/scc=',
      to_ball: 'vosSUCAExhEjq4IQDGCM+qnXYsbjdqnwzF37vjNWwFM=',
    });
    expect(tree).toHaveLength(18);
    expect(tree[0]?.ball).toBe('vosSUCAExhEjq4IQDGCM+qnXYsbjdqnwzF37vjNWwFM=');

    hub.answer('light/get_link_proofs', {
      response: [joint, ...history.proofchain_balls.slice(0, 2)] as JsonValue,
    });
    expect(await getLinkProofs(client, [unit, UNIT])).toHaveLength(3);

    hub.answer('light/get_attestation', { response: '' });
    const attestation = { attestor_address: WITNESS, field: 'email', value: 'a@b.c' };
    expect(await getAttestation(client, attestation)).toBeNull();
    hub.answer('light/get_attestation', { response: UNIT });
    expect(await getAttestation(client, { ...attestation, value: 'x@y.z' })).toBe(UNIT);
    hub.answer('light/get_attestations', {
      response: [{ unit: UNIT, attestor_address: WITNESS, profile: { email: 'a@b.c' } }],
    });
    expect(await getAttestations(client, ADDRESS)).toEqual([
      { unit: UNIT, attestor_address: WITNESS, profile: { email: 'a@b.c' } },
    ]);

    hub.answer('light/pick_divisible_coins_for_amount', {
      response: { inputs_with_proofs: [{ input: postedInput }], total_amount: 20000000 },
    });
    const coins = await pickDivisibleCoinsForAmount(client, {
      addresses: [ADDRESS],
      last_ball_mci: 14,
      amount: 1000000,
    });
    expect(coins).toEqual({ inputs_with_proofs: [{ input: postedInput }], total_amount: 20000000 });

    hub.answer('light/get_profile_units', { response: [UNIT] });
    expect(await getProfileUnits(client, [ADDRESS])).toEqual([UNIT]);

    hub.answer('hub/enable_notification', { response: 'ok' });
    hub.answer('hub/disable_notification', { response: 'ok' });
    expect(await enableNotification(client, { registrationId: 'r1', platform: 'android' })).toBe(
      'ok',
    );
    expect(await disableNotification(client, 'r1')).toBe('ok');

    hub.answer('hub/get_asset_metadata', {
      response: { metadata_unit: UNIT, registry_address: WITNESS, suffix: null },
    });
    expect(await getAssetMetadata(client, 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=')).toEqual({
      metadata_unit: UNIT,
      registry_address: WITNESS,
      suffix: null,
    });

    hub.setHandler('custom', ({ params }) => ({ response: { echo: params ?? null } }));
    expect(await customRequest(client, { ping: 1 })).toEqual({ echo: { ping: 1 } });

    expect(watchAddress(client, ADDRESS)).toBe(true);
    await hub.lastConnection?.waitFor(
      (f) => f.type === 'justsaying' && f.subject === 'light/new_address_to_watch',
    );
  });

  it('rejects malformed answers with HubMalformedResponseError and keeps the connection', async () => {
    const cases: [string, JsonValue, () => Promise<unknown>][] = [
      ['get_witnesses', ['not an address'], () => getWitnesses(client)],
      ['get_last_mci', -1, () => getLastMci(client)],
      [
        'light/get_balances',
        {
          [ADDRESS]: {
            base: {
              stable: 1,
              pending: 1,
              stable_outputs_count: 1,
              pending_outputs_count: 1,
              total: 3,
            },
          },
        },
        () => getBalances(client, [ADDRESS]),
      ],
      ['light/get_balances', { [WITNESS]: {} }, () => getBalances(client, [ADDRESS])],
      [
        'light/get_parents_and_last_ball_and_witness_list_unit',
        {
          parent_units: [UNIT],
          last_stable_mc_ball: UNIT,
          last_stable_mc_ball_unit: UNIT,
          last_stable_mc_ball_mci: 1,
          witness_list_unit: UNIT,
        },
        () =>
          getParentsAndLastBall(client, { from_addresses: [ADDRESS], output_addresses: [ADDRESS] }),
      ],
      [
        'hub/get_bots',
        [{ id: 'one', name: 'x', pairing_code: 'y', description: null }],
        () => getBots(client),
      ],
      ['post_joint', 'ok', () => postJoint(client, { unit: { unit: UNIT } })],
      [
        'hub/deliver',
        'stored',
        () => deliver(client, recordedExchanges('hub/deliver')[0]?.params as DeviceEnvelope),
      ],
      [
        'get_joint',
        { joint: { unit: { unit: 'qk2aIvLSnak1Eyy2YJ0CCa7XPMo3ycSXMIHGHnA+cAs=' } } },
        () => getJoint(client, UNIT),
      ],
      ['light/get_definition', 'sig', () => getDefinition(client, ADDRESS)],
    ];
    // What the person reads names the request, never a field path; the path stays in `problem`
    // (for the log). A request that asks the hub to act cannot say that nothing happened.
    const acts = new Set(['post_joint', 'hub/deliver']);
    for (const [command, response, run] of cases) {
      hub.answer(command, { response });
      const error = await run().catch((e: unknown) => e);
      expect(error, command).toBeInstanceOf(HubMalformedResponseError);
      const malformed = error as HubMalformedResponseError;
      expect(malformed.command).toBe(command);
      expect(malformed.message).toBe(
        `The hub sent an answer this wallet cannot read (${command}). ${
          acts.has(command)
            ? 'Whether the hub did what was asked is not known yet.'
            : 'Nothing was changed.'
        }`,
      );
      expect(malformed.problem.length).toBeGreaterThan(0);
    }
    hub.answer('get_witnesses', { response: ['not an address'] });
    const witnesses = await getWitnesses(client).catch((e: unknown) => e);
    expect((witnesses as HubMalformedResponseError).problem).toBe('0: expected a valid address');
    // A forged temp pubkey package (another signer) is malformed too.
    const forged = clone(recordedExchanges('hub/get_temp_pubkey')[0]?.response) as JsonObject;
    forged['temp_pubkey'] = 'A/5BLvii+tS4FcBgOSWUUoyWZ4uU3Bfx6AW8ZbdD+SfW';
    hub.answer('hub/get_temp_pubkey', { response: forged });
    await expect(getTempPubkey(client, BOT_PUBKEY)).rejects.toBeInstanceOf(
      HubMalformedResponseError,
    );
    expect(hub.connections).toHaveLength(1);
    expect(client.status.state).toBe('connected');
  });
});

describe('parsers on random JSON', () => {
  const parsers: [string, (value: JsonValue | undefined) => unknown][] = [
    ['get_peers', parsePeers],
    ['get_witnesses', parseWitnesses],
    ['get_last_mci', parseLastMci],
    ['get_joint', (v) => parseGetJoint(v, UNIT)],
    ['post_joint', parsePostJoint],
    ['heartbeat', parseHeartbeat],
    ['subscribe', parseSubscribe],
    ['catchup', parseCatchup],
    ['get_hash_tree', parseHashTree],
    ['light/get_history', parseHistory],
    ['light/get_link_proofs', parseLinkProofs],
    ['light/get_parents_and_last_ball_and_witness_list_unit', parseParentsAndLastBall],
    ['light/get_attestation', parseAttestation],
    ['light/get_attestations', parseAttestations],
    ['light/pick_divisible_coins_for_amount', parsePickedCoins],
    ['light/get_definition', parseDefinition],
    ['light/get_balances', (v) => parseBalances(v, [ADDRESS])],
    ['light/get_profile_units', parseProfileUnits],
    ['hub/deliver', parseDeliver],
    ['hub/get_temp_pubkey', (v) => parseTempPubkey(v, BOT_PUBKEY)],
    ['hub/temp_pubkey', parseTempPubkeyUpdated],
    ['hub/enable_notification', (v) => parseNotificationOk('hub/enable_notification', v)],
    ['hub/get_bots', parseBots],
    ['hub/get_asset_metadata', parseAssetMetadata],
  ];

  for (const [command, parse] of parsers) {
    it(`${command}: returns a value or throws HubMalformedResponseError, nothing else`, () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
          try {
            parse(value as JsonValue);
          } catch (error) {
            expect(error).toBeInstanceOf(HubMalformedResponseError);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('param checks', () => {
  function recorder(): HubRequester & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      request: (command) => {
        calls.push(command);
        return Promise.resolve(undefined);
      },
    };
  }

  it('refuses bad params before sending anything', async () => {
    const hub = recorder();
    const refusals: (() => Promise<unknown>)[] = [
      () => getHistory(hub, { witnesses: [WITNESS] }),
      () => getHistory(hub, { witnesses: [WITNESS], addresses: [] }),
      () => getHistory(hub, { witnesses: ['nope'], addresses: [ADDRESS] }),
      () => getHistory(hub, { witnesses: [WITNESS], addresses: [ADDRESS], min_mci: -1 }),
      () =>
        getHistory(hub, {
          witnesses: [WITNESS],
          addresses: Array.from({ length: 2001 }, () => ADDRESS),
        }),
      () => getHistory(hub, { witnesses: [WITNESS], requested_joints: ['short'] }),
      () =>
        getBalances(
          hub,
          Array.from({ length: 101 }, () => ADDRESS),
        ),
      () => getBalances(hub, ['GRFM3XVRV4OI4M52R6TGLHDNM5CZJ5GY']),
      () => getJoint(hub, 'not-a-unit'),
      () => getLinkProofs(hub, [UNIT]),
      () => getParentsAndLastBall(hub, { from_addresses: [], output_addresses: [ADDRESS] }),
      () =>
        getParentsAndLastBall(hub, {
          from_addresses: [ADDRESS],
          output_addresses: [ADDRESS],
          max_aa_responses: 11,
        }),
      () => pickDivisibleCoinsForAmount(hub, { addresses: [ADDRESS], last_ball_mci: 0, amount: 1 }),
      () =>
        pickDivisibleCoinsForAmount(hub, { addresses: [ADDRESS], last_ball_mci: 1, amount: 1e16 }),
      () => getAttestation(hub, { attestor_address: WITNESS, field: 'x'.repeat(51), value: 'v' }),
      () => getTempPubkey(hub, 'not a pubkey'),
      () => postJoint(hub, { unit: {} }),
      () => getAssetMetadata(hub, 'base'),
      () => getDefinition(hub, 'nope'),
    ];
    for (const refusal of refusals) {
      await expect(refusal()).rejects.toBeInstanceOf(HubParamsError);
    }
    expect(() => watchAddress({ justsay: () => true }, 'nope')).toThrow(HubParamsError);
    expect(hub.calls).toEqual([]);
  });

  it('leaves params out when a request has none, as ocore does', async () => {
    const seen: [string, JsonValue | undefined][] = [];
    const hub: HubRequester = {
      request: (command, params) => {
        seen.push([command, params]);
        return Promise.resolve(command === 'get_peers' ? [] : [WITNESS]);
      },
    };
    await getPeers(hub);
    await getWitnesses(hub);
    expect(seen).toEqual([
      ['get_peers', undefined],
      ['get_witnesses', undefined],
    ]);
  });
});
