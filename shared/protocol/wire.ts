/**
 * WebSocket framing between a light wallet and its hub (light-client.md §1), and the per-network
 * constants of §0.
 *
 * Every frame is one text message `[type, content]`. Incoming frames are untrusted (a hub, or
 * anything in between): `parseFrame` checks size, JSON, arity, type and the fields a receiver
 * relies on, and returns a typed union. Outgoing frames are built exactly as ocore network.js
 * `sendMessage` / `sendRequest` / `sendResponse` / `sendJustsaying` build them (plain
 * `JSON.stringify`, keys in ocore's order, `params` left out when falsy), so a captured ocore frame
 * and ours are byte-identical.
 */
import { fail } from './errors';
import { sha256Base64 } from './hash';
import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';
import { getJsonSourceString } from './serialize';

/** ocore network.js `maxPayload`: a bigger frame kills the socket. */
export const MAX_FRAME_BYTES = 6 * 1024 * 1024;

/** ocore handleRequest: a tag longer than HASH_LENGTH is refused ("tag too long"). */
export const MAX_TAG_LENGTH = 44;

export type FrameType = 'request' | 'response' | 'justsaying';

export interface RequestFrame {
  readonly type: 'request';
  readonly command: string;
  /** Absent when the sender had none (ocore never sends falsy params). */
  readonly params?: JsonValue;
  readonly tag: string;
}

/**
 * A reply. Match it to its request by `tag` only. `response` absent means "no value" (heartbeat
 * replies, unknown definitions), not an error; an error is a `response` of `{error}`, see
 * `getResponseError`.
 */
export interface ResponseFrame {
  readonly type: 'response';
  readonly tag: string;
  readonly command?: string;
  readonly response?: JsonValue;
}

export interface JustsayingFrame {
  readonly type: 'justsaying';
  readonly subject: string;
  readonly body?: JsonValue;
}

export type Frame = RequestFrame | ResponseFrame | JustsayingFrame;

function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** UTF-8 length of a JS string without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
function utf8Length(text: string, stopAbove: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function checkTag(tag: unknown, what: string): string {
  if (typeof tag !== 'string' || tag === '') {
    fail('frame', `The ${what} has no tag (a non-empty string is required).`);
  }
  if (tag.length > MAX_TAG_LENGTH) {
    fail(
      'frame',
      `The ${what} tag has ${tag.length} characters; at most ${MAX_TAG_LENGTH} are allowed.`,
    );
  }
  return tag;
}

function checkName(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value === '') {
    fail('frame', `The ${what} has no ${field} (a non-empty string is required).`);
  }
  return value;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Parse one incoming text frame. Throws ProtocolError('frame') with a message saying what is
 * wrong; the caller decides whether that closes the connection (ocore just logs and drops).
 */
export function parseFrame(text: string, maxBytes: number = MAX_FRAME_BYTES): Frame {
  if (typeof text !== 'string') fail('frame', 'A message must be text.');
  // Every UTF-16 unit is at least one UTF-8 byte, so the length alone can already rule it out.
  const size = text.length > maxBytes ? text.length : utf8Length(text, maxBytes);
  if (size > maxBytes) {
    fail('frame', `The message is over ${maxBytes} bytes, the most a peer may send.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('frame', 'The message is not valid JSON.');
  }
  if (!Array.isArray(parsed)) {
    fail(
      'frame',
      `The message must be a JSON array [type, content], not ${describeJsonType(parsed)}.`,
    );
  }
  if (parsed.length !== 2) {
    fail(
      'frame',
      `The message must have exactly two elements [type, content]; it has ${parsed.length}.`,
    );
  }
  const [type, content] = parsed as [unknown, unknown];
  if (type !== 'request' && type !== 'response' && type !== 'justsaying') {
    const shown = typeof type === 'string' ? `"${type.slice(0, 40)}"` : describeJsonType(type);
    fail('frame', `Unknown message type ${shown}; expected request, response or justsaying.`);
  }
  if (!isJsonObject(content)) {
    fail(
      'frame',
      `The content of a ${type} must be a JSON object, not ${describeJsonType(content)}.`,
    );
  }
  switch (type) {
    case 'request': {
      const command = checkName(content['command'], 'command', 'request');
      const tag = checkTag(content['tag'], 'request');
      const params = content['params'];
      return params === undefined ? { type, command, tag } : { type, command, params, tag };
    }
    case 'response': {
      const tag = checkTag(content['tag'], 'response');
      const command = content['command'];
      if (command !== undefined && typeof command !== 'string') {
        fail('frame', `The command of a response must be text, not ${describeJsonType(command)}.`);
      }
      const frame: { type: 'response'; tag: string; command?: string; response?: JsonValue } = {
        type,
        tag,
      };
      if (command !== undefined) frame.command = command;
      if (has(content, 'response')) frame.response = content['response'] as JsonValue;
      return frame;
    }
    case 'justsaying': {
      const subject = checkName(content['subject'], 'subject', 'justsaying');
      const body = content['body'];
      return body === undefined ? { type, subject } : { type, subject, body };
    }
  }
}

/** Truthy JSON, the way ocore's `if (params)` sees it. */
function isTruthy(value: JsonValue | undefined): value is JsonValue {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** ocore sendRequest: `{command, params?, tag}`; params omitted whenever falsy. */
export function serializeRequest(request: {
  command: string;
  params?: JsonValue;
  tag: string;
}): string {
  const command = checkName(request.command, 'command', 'request');
  const tag = checkTag(request.tag, 'request');
  const content = isTruthy(request.params)
    ? { command, params: request.params, tag }
    : { command, tag };
  return JSON.stringify(['request', content]);
}

/** ocore sendResponse: `{tag, command, response}`; undefined fields disappear, `null` stays. */
export function serializeResponse(response: {
  tag: string;
  command?: string;
  response?: JsonValue;
}): string {
  const tag = checkTag(response.tag, 'response');
  const content: { tag: string; command?: string; response?: JsonValue } = { tag };
  if (response.command !== undefined) content.command = response.command;
  if (response.response !== undefined) content.response = response.response;
  return JSON.stringify(['response', content]);
}

/** ocore sendJustsaying: `{subject, body}`; an undefined body disappears. */
export function serializeJustsaying(justsaying: { subject: string; body?: JsonValue }): string {
  const subject = checkName(justsaying.subject, 'subject', 'justsaying');
  const content: { subject: string; body?: JsonValue } =
    justsaying.body === undefined ? { subject } : { subject, body: justsaying.body };
  return JSON.stringify(['justsaying', content]);
}

/** Serialize any frame (the `type` field picks the shape). */
export function serializeFrame(frame: Frame): string {
  switch (frame.type) {
    case 'request':
      return serializeRequest(frame);
    case 'response':
      return serializeResponse(frame);
    case 'justsaying':
      return serializeJustsaying(frame);
  }
}

/**
 * ocore sendRequest's deterministic tag: base64(sha256(canonical JSON of {command, params})),
 * `params` left out when falsy. Identical requests get identical tags, so a caller must not send
 * a second one while the first is in flight (the hub would ignore it). Throws
 * ProtocolError('serialization') for params the canonical JSON refuses (null, empty arrays or
 * objects), exactly where ocore throws.
 */
export function getRequestTag(request: { command: string; params?: JsonValue }): string {
  const command = checkName(request.command, 'command', 'request');
  const preimage: { command: string; params?: JsonValue } = { command };
  if (isTruthy(request.params)) preimage.params = request.params;
  return sha256Base64(getJsonSourceString(preimage));
}

/** A request ready for `serializeRequest`, tagged the way ocore tags it. */
export function buildRequest(command: string, params?: JsonValue): RequestFrame {
  const tag = getRequestTag(params === undefined ? { command } : { command, params });
  return isTruthy(params)
    ? { type: 'request', command, params, tag }
    : { type: 'request', command, tag };
}

/**
 * The error carried by a response, if any: `{error: "..."}` (occasionally an object for AA
 * errors). Like ocore's `if (response.error)`, only a truthy `error` counts; a number or `true`
 * is returned as its JSON text. `undefined` means the response is not an error (an absent
 * response included).
 */
export function getResponseError(
  response: JsonValue | undefined,
): string | JsonObject | JsonValue[] | undefined {
  if (!isJsonObject(response) || !has(response, 'error')) return undefined;
  const error = response['error'];
  if (error === undefined || error === null || !isTruthy(error)) return undefined;
  if (typeof error === 'string' || typeof error === 'object') return error;
  return JSON.stringify(error);
}

// ---- What a light client answers when the hub asks it something (ocore network.js wording) ----

/** Answer to the hub's `subscribe` request (ocore light nodes). */
export const LIGHT_SUBSCRIBE_REFUSAL = "I'm light, cannot subscribe you to updates";
/** Answer to any `light/*` request. */
export const LIGHT_VENDOR_REFUSAL = "I'm light myself, can't serve you";
/** Answer to any `hub/*` request. */
export const NOT_A_HUB_REFUSAL = "I'm not a hub, can't serve hub/ requests";

/**
 * The error text ocore sends back for an incoming request a light client cannot serve, or
 * undefined for commands it must answer itself (`heartbeat`) or simply ignore (unknown ones get no
 * answer at all in ocore).
 */
export function getLightClientRefusal(command: string): string | undefined {
  if (command === 'subscribe') return LIGHT_SUBSCRIBE_REFUSAL;
  if (command.startsWith('light/')) return LIGHT_VENDOR_REFUSAL;
  if (command.startsWith('hub/')) return NOT_A_HUB_REFUSAL;
  return undefined;
}

// ---- Networks (light-client.md §0, ocore constants.js) ----

/** The networks this app speaks, by name: settings, data folders and the IPC contract use these. */
export const NETWORK_NAMES = ['mainnet', 'testnet', 'devnet'] as const;
export type Network = (typeof NETWORK_NAMES)[number];

export interface NetworkConstants {
  readonly name: Network;
  /** ocore constants.version: the `version` of new units and the handshake's protocol_version. */
  readonly protocolVersion: string;
  readonly alt: string;
  /** Unit versions still valid in history. */
  readonly supportedVersions: readonly string[];
  /** null on a devnet: every devnet has its own; configure it with `withNetworkOverrides`. */
  readonly genesisUnit: string | null;
  readonly blackbytesAsset: string | null;
  readonly countWitnesses: number;
  readonly majorityOfWitnesses: number;
  /** Default hub / light vendor URL; null on a devnet (the user gives one). */
  readonly defaultHub: string | null;
  /** URI schemes (without ":") of this network's links, preferred first. */
  readonly uriSchemes: readonly string[];
}

export const NETWORKS: Readonly<Record<Network, NetworkConstants>> = {
  mainnet: {
    name: 'mainnet',
    protocolVersion: '4.0',
    alt: '1',
    supportedVersions: ['1.0', '2.0', '3.0', '4.0'],
    genesisUnit: 'oj8yEksX9Ubq7lLc+p6F2uyHUuynugeVq4+ikT67X6E=',
    blackbytesAsset: 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=',
    countWitnesses: 12,
    majorityOfWitnesses: 7,
    defaultHub: 'wss://obyte.org/bb',
    uriSchemes: ['obyte', 'byteball'],
  },
  testnet: {
    name: 'testnet',
    protocolVersion: '4.0t',
    alt: '2',
    supportedVersions: ['1.0t', '2.0t', '3.0t', '4.0t'],
    genesisUnit: 'TvqutGPz3T4Cs6oiChxFlclY92M2MvCvfXR5/FETato=',
    blackbytesAsset: 'LUQu5ik4WLfCrr8OwXezqBa+i3IlZLqxj2itQZQm8WY=',
    countWitnesses: 12,
    majorityOfWitnesses: 7,
    defaultHub: 'wss://obyte.org/bb-test',
    uriSchemes: ['obyte-tn', 'byteball-tn'],
  },
  devnet: {
    name: 'devnet',
    protocolVersion: '4.0dev',
    alt: '3',
    supportedVersions: ['1.0dev', '2.0dev', '3.0dev', '4.0dev'],
    genesisUnit: null,
    blackbytesAsset: null,
    countWitnesses: 1,
    majorityOfWitnesses: 1,
    defaultHub: null,
    uriSchemes: ['obyte', 'byteball'],
  },
};

function isHash(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value);
}

/** A network's constants with the per-devnet values filled in (genesis, blackbytes, hub). */
export function withNetworkOverrides(
  base: NetworkConstants,
  overrides: { genesisUnit?: string; blackbytesAsset?: string; defaultHub?: string },
): NetworkConstants {
  const { genesisUnit, blackbytesAsset, defaultHub } = overrides;
  if (genesisUnit !== undefined && !isHash(genesisUnit)) {
    fail('unit', 'The genesis unit must be a 44-character base64 unit hash.');
  }
  if (blackbytesAsset !== undefined && !isHash(blackbytesAsset)) {
    fail('asset', 'The blackbytes asset must be a 44-character base64 asset id.');
  }
  if (defaultHub !== undefined && !/^wss?:\/\/[^\s]+$/.test(defaultHub)) {
    fail('frame', 'The hub must be a ws:// or wss:// URL.');
  }
  return {
    ...base,
    genesisUnit: genesisUnit ?? base.genesisUnit,
    blackbytesAsset: blackbytesAsset ?? base.blackbytesAsset,
    defaultHub: defaultHub ?? base.defaultHub,
  };
}

// ---- Handshake (light-client.md §1.4) ----

/** The ocore level this client implements; the hub refuses `get_joint` below 0.4.2. */
export const LIBRARY_VERSION = '0.4.6';

export interface VersionBody {
  readonly protocol_version: string;
  readonly alt: string;
  readonly library: string;
  readonly library_version: string;
  readonly program: string;
  readonly program_version: string;
}

function compareDottedVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Body of the `version` justsaying each side sends first (ocore network.js `sendVersion`, same key
 * order). `library_version` must be a dotted triple of at least 0.4.2, or the hub treats us as an
 * old core and refuses `get_joint`.
 */
export function buildVersionBody(
  network: NetworkConstants,
  app: { library: string; libraryVersion?: string; program: string; programVersion: string },
): VersionBody {
  const libraryVersion = app.libraryVersion ?? LIBRARY_VERSION;
  if (
    !/^\d+\.\d+\.\d+$/.test(libraryVersion) ||
    compareDottedVersions(libraryVersion, '0.4.2') < 0
  ) {
    fail(
      'frame',
      `library_version must be a dotted triple of at least 0.4.2, not "${libraryVersion}".`,
    );
  }
  for (const [field, value] of [
    ['library', app.library],
    ['program', app.program],
    ['program_version', app.programVersion],
  ] as const) {
    if (typeof value !== 'string' || value === '')
      fail('frame', `The version ${field} must be non-empty text.`);
  }
  return {
    protocol_version: network.protocolVersion,
    alt: network.alt,
    library: app.library,
    library_version: libraryVersion,
    program: app.program,
    program_version: app.programVersion,
  };
}

/** The complete `version` justsaying frame. */
export function serializeVersion(
  network: NetworkConstants,
  app: { library: string; libraryVersion?: string; program: string; programVersion: string },
): string {
  return serializeJustsaying({ subject: 'version', body: { ...buildVersionBody(network, app) } });
}
