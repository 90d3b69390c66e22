/**
 * Replay of the captured devnet traffic (../shared/fixtures/devnet-traffic, or
 * $OBYTE_FIXTURES_DIR) through the loopback hub: answers recorded from a reference ocore hub,
 * looked up by command and params, and the justsayings it pushed. Reads through the shared
 * fixture loader (test/support/fixtures.ts), which fails loudly on a missing file.
 */
import type { JsonValue } from '../../../shared/protocol/json';
import { isJsonObject } from '../../../shared/protocol/json';
import { findExchanges, readFixture, type RequestResponse } from '../fixtures';
import type { Handler, HubAnswer } from './test-hub';

/** Commands for which the captures hold at least one answer from the hub. */
export const RECORDED_COMMANDS = [
  'get_witnesses',
  'get_last_mci',
  'heartbeat',
  'post_joint',
  'light/get_history',
  'light/get_parents_and_last_ball_and_witness_list_unit',
  'light/get_balances',
  'light/get_definition',
  'hub/get_bots',
  'hub/get_temp_pubkey',
  'hub/temp_pubkey',
  'hub/deliver',
] as const;

/** JSON with sorted keys, to compare params regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Every recorded answer to `command`. (For `heartbeat` this includes the client's answers to the
 * hub's pings: the same empty response.)
 */
export function recordedExchanges(command: string): RequestResponse[] {
  return findExchanges(command);
}

function toAnswer(exchange: RequestResponse): HubAnswer {
  const response = exchange.response as JsonValue | undefined;
  return response === undefined ? {} : { response };
}

/**
 * A handler answering `command` with the recorded answer whose request params equal the
 * client's (key order ignored). With `fallback: 'first'` an unmatched request gets the first
 * recorded answer; with `'none'` (default) it is left unanswered, as a hub would leave it.
 */
export function replayHandler(
  command: string,
  options: { fallback?: 'first' | 'none' } = {},
): Handler {
  const exchanges = recordedExchanges(command);
  if (exchanges.length === 0) throw new Error(`no recorded answers to ${command}`);
  const byParams = new Map<string, RequestResponse>();
  for (const exchange of exchanges) {
    const key = canonical(exchange.params);
    if (!byParams.has(key)) byParams.set(key, exchange);
  }
  return ({ params }) => {
    const match = byParams.get(canonical(params));
    if (match) return toAnswer(match);
    if (options.fallback === 'first' && exchanges[0]) return toAnswer(exchanges[0]);
    return { never: true };
  };
}

/** Replay handlers for every recorded command. */
export function replayHandlers(
  options: { fallback?: 'first' | 'none' } = {},
): Record<string, Handler> {
  return Object.fromEntries(
    RECORDED_COMMANDS.map((command) => [command, replayHandler(command, options)]),
  );
}

type FrameTuple = [string, { subject?: string; body?: JsonValue }];

/** The justsayings the reference hub sent right after connect and login (raw_client). */
export function recordedGreeting(
  dir = 'raw_client',
): { subject: string; body: JsonValue | undefined }[] {
  return readFixture<FrameTuple[]>(`${dir}/justsayings_on_connect.json`).map(([, content]) => ({
    subject: String(content.subject),
    body: content.body,
  }));
}

/** The hub's own `version` body, as recorded. */
export function recordedHubVersion(): JsonValue {
  const version = recordedGreeting().find((j) => j.subject === 'version');
  if (!version?.body) throw new Error('no recorded hub version');
  return version.body;
}

/**
 * Recorded hub → light wallet justsayings of one subject, from the reference light client's
 * split files (`lightwallet_justsaying_<subject>_hub_to_client.json`).
 */
export function recordedPushes(subject: string): (JsonValue | undefined)[] {
  const name = subject.replace(/\//g, '_');
  return readFixture<{ frame: FrameTuple }[]>(
    `reference_light_client/lightwallet_justsaying_${name}_hub_to_client.json`,
  ).map(({ frame }) => frame[1].body);
}
