/**
 * The one WebSocket connection of a light wallet to its hub (light-client.md §1, ocore
 * network.js as a light client). One instance per hub list; built in the composition root (or the
 * CLI) with explicit clock, timers, randomness and logger.
 *
 * What it does, and where ocore does the same:
 * - sends our `version` first, checks the hub's (`version` case of handleJustsaying); an
 *   incompatible hub, or a hub that refuses our version, is never retried: the client fails over
 *   to the next hub or, when none is left, goes `fatal`;
 * - answers the hub's `subscribe`, `light/*` and `hub/*` requests with ocore's refusals and its
 *   `heartbeat`s with an empty response; unknown requests get no answer, as in ocore;
 * - sends its own heartbeat after `heartbeatIdleMs` without any incoming message and drops the
 *   socket when the answer does not come within `heartbeatResponseTimeoutMs` (ocore `heartbeat`);
 * - tags every request uniquely (a counter: never reused, so a late answer can never be taken
 *   for another request's), while identical concurrent requests share one wire request, as
 *   ocore's deterministic tags make them;
 * - a timeout per request; requests fail with `connection_closed` when their socket closes
 *   (ocore's non-reroutable light requests); requests made while disconnected wait for the next
 *   connection within their timeout;
 * - reconnects with exponential backoff and jitter, rotating through the hub list after a
 *   failure; a connection counts as healthy (and resets the backoff) only after it stayed up for
 *   `stableAfterMs`, so a hub that accepts and drops every connection cannot cause a tight loop;
 * - runs the `onConnected` hooks after every handshake: hubs forget watched addresses when the
 *   socket closes, so the watch list must be re-sent every time (§1.6);
 * - parses every incoming frame as untrusted (`parseFrame`, `maxPayload`); malformed frames and
 *   bodies are logged by size and reason (never the frame itself) and dropped.
 */
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { JsonValue } from '../../../../shared/protocol/json';
import { isJsonObject } from '../../../../shared/protocol/json';
import type { Frame, NetworkConstants } from '../../../../shared/protocol/wire';
import {
  getLightClientRefusal,
  getRequestTag,
  getResponseError,
  MAX_FRAME_BYTES,
  MAX_TAG_LENGTH,
  parseFrame,
  serializeJustsaying,
  serializeRequest,
  serializeResponse,
  serializeVersion,
} from '../../../../shared/protocol/wire';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import {
  HubConnectionClosedError,
  HubParamsError,
  HubRequestError,
  HubTimeoutError,
  HubUnavailableError,
} from '../../../../shared/protocol/light/errors';
import type { HubRequester, RequestOptions } from '../../../../shared/protocol/light/requests';
import { parsePush, type HubPush } from './pushes';
import {
  systemRandom,
  systemTimers,
  type RandomSource,
  type TimerHandle,
  type Timers,
} from './timers';

/** The library we claim in `version`: ocore-compatible at the level of light-client.md §1.4. */
export const CLIENT_LIBRARY = 'ocore';

export interface HubClientTiming {
  /** Default per-request timeout (ocore: 300 s). */
  readonly requestTimeoutMs: number;
  /** From opening the socket to the hub's `version`. */
  readonly connectTimeoutMs: number;
  /** Silence after which we send a heartbeat (ocore HEARTBEAT_TIMEOUT, 10 s). */
  readonly heartbeatIdleMs: number;
  /**
   * No heartbeat answer (and no byte at all) this long after sending it: the socket is dead.
   * ocore waits 60 s; we say within 30 s that a hub stopped answering (10 s idle + 15 s).
   */
  readonly heartbeatResponseTimeoutMs: number;
  /**
   * A request made while no connection is up waits this long for one, then fails with the
   * reason in words (it never sits out its whole timeout behind a hub that cannot be reached).
   */
  readonly offlineWaitMs: number;
  /** A connection that lasted this long was healthy: the backoff starts over. */
  readonly stableAfterMs: number;
  /** How long `stop()` waits for the close handshake before cutting the socket. */
  readonly closeGraceMs: number;
}

export const DEFAULT_TIMING: HubClientTiming = {
  requestTimeoutMs: 120_000,
  connectTimeoutMs: 15_000,
  heartbeatIdleMs: 10_000,
  heartbeatResponseTimeoutMs: 15_000,
  offlineWaitMs: 20_000,
  stableAfterMs: 60_000,
  closeGraceMs: 1_000,
};

export interface HubClientOptions {
  /** Hubs in order of preference: ws:// (devnet) or wss:// URLs. At least one. */
  readonly urls: readonly string[];
  readonly network: NetworkConstants;
  /** Reported as `program` / `program_version` in our `version`. */
  readonly program: { readonly name: string; readonly version: string };
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timers?: Timers;
  readonly random?: RandomSource;
  readonly timing?: Partial<HubClientTiming>;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Incoming frame limit (ocore maxPayload); bigger frames kill the socket. */
  readonly maxFrameBytes?: number;
}

/** The hub's own `version` body, once checked. */
export interface HubVersion {
  readonly protocolVersion: string;
  readonly alt: string;
  readonly library: string | null;
  readonly libraryVersion: string;
  readonly program: string | null;
  readonly programVersion: string | null;
}

export type HubConnectionStatus =
  | { readonly state: 'idle' }
  | {
      readonly state: 'connecting';
      readonly url: string;
      /** 1 for the first attempt after start or after a healthy connection. */
      readonly attempt: number;
      readonly since: number;
      /** Why the previous attempt failed (attempt > 1): the hub is unreachable until this one works. */
      readonly lastFailure?: string;
    }
  | {
      readonly state: 'connected';
      readonly url: string;
      readonly since: number;
      readonly hub: HubVersion;
    }
  | {
      readonly state: 'disconnected';
      readonly url: string;
      readonly since: number;
      readonly reason: string;
      /** Consecutive failures so far (the backoff exponent). */
      readonly failures: number;
      readonly retryInMs: number;
      readonly nextRetryAt: number;
      readonly nextUrl: string;
    }
  | {
      readonly state: 'fatal';
      readonly since: number;
      /** Why no hub can be used, in words; the same until the client is rebuilt. */
      readonly reason: string;
    }
  | { readonly state: 'stopped'; readonly since: number };

export interface HubSession {
  readonly url: string;
  readonly since: number;
  readonly hub: HubVersion;
}

export interface HubClientEvents {
  readonly state: HubConnectionStatus;
  readonly push: HubPush;
}

export type HubEventName = keyof HubClientEvents;

/**
 * Check the hub's `version` body as ocore checks a peer's: string fields, a supported protocol
 * version, our alt, library_version at least 0.4.0 (ocore minCoreVersion).
 */
export function checkHubVersion(
  body: JsonValue | undefined,
  network: NetworkConstants,
): { ok: true; version: HubVersion } | { ok: false; reason: string } {
  if (!isJsonObject(body)) return { ok: false, reason: 'its version message has no body' };
  const { protocol_version, alt, library, library_version, program, program_version } = body;
  if (typeof library_version !== 'string') {
    return { ok: false, reason: 'its library_version is not text' };
  }
  if (typeof protocol_version !== 'string') {
    return { ok: false, reason: 'its protocol_version is not text' };
  }
  if (typeof alt !== 'string') return { ok: false, reason: 'its alt is not text' };
  const [major = 0, minor = 0, patch = 0] = library_version.split('.').map(Number);
  const levels = [major, minor, patch].map((n) => (Number.isFinite(n) ? n : 0));
  const atLeast040 = (levels[0] ?? 0) * 1e6 + (levels[1] ?? 0) * 1e3 + (levels[2] ?? 0) >= 4000;
  if (!atLeast040) {
    return { ok: false, reason: `its library ${library_version.slice(0, 20)} is older than 0.4.0` };
  }
  if (!network.supportedVersions.includes(protocol_version)) {
    return {
      ok: false,
      reason: `it speaks protocol ${protocol_version.slice(0, 20)}, this ${network.name} client supports ${network.supportedVersions.join(', ')}`,
    };
  }
  if (alt !== network.alt) {
    return {
      ok: false,
      reason: `it is on alt ${alt.slice(0, 10)}, ${network.name} is alt ${network.alt} (another network)`,
    };
  }
  const textOrNull = (value: JsonValue | undefined): string | null =>
    typeof value === 'string' ? value.slice(0, 100) : null;
  return {
    ok: true,
    version: {
      protocolVersion: protocol_version,
      alt,
      library: textOrNull(library),
      libraryVersion: library_version.slice(0, 40),
      program: textOrNull(program),
      programVersion: textOrNull(program_version),
    },
  };
}

/** WebSocket readyState values (ws and the WHATWG API agree). */
const WS_OPEN = 1;
const WS_CLOSED = 3;

/** Error texts (or subjects) with which a hub refuses our handshake before closing. */
const HANDSHAKE_REFUSAL =
  /^(Incompatible versions|Incompatible alts|invalid library_version|invalid protocol_version|invalid alt|old core)/;

interface Caller {
  readonly resolve: (value: JsonValue | undefined) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
}

/** One request on the wire, shared by every caller that asked for the same thing meanwhile. */
interface WireRequest {
  readonly key: string;
  readonly command: string;
  readonly params: JsonValue | undefined;
  readonly callers: Set<Caller>;
  /** Set once sent; a request made while disconnected waits without one. */
  sent: { readonly connection: Connection; readonly tag: string } | null;
  /** While unsent: fails the request when no connection comes up in time (offlineWaitMs). */
  offlineTimer: TimerHandle | null;
}

interface Connection {
  readonly id: number;
  readonly url: string;
  readonly startedAt: number;
  socket: WebSocket | null;
  hub: HubVersion | null;
  connectedAt: number | null;
  lastReceivedAt: number;
  /** When the last byte arrived (a large frame still on its way keeps the connection alive). */
  lastByteAt: number;
  readonly pending: Map<string, WireRequest>;
  heartbeat: { readonly tag: string; readonly sentAt: number; timer: TimerHandle } | null;
  /** The hub answered our heartbeat with "sleep": no more pings until it pings us. */
  hubSleeping: boolean;
  idleTimer: TimerHandle | null;
  handshakeTimer: TimerHandle | null;
  lastError: string | null;
  /** Set when this hub must not be used again (incompatible, refused our version). */
  fatalReason: string | null;
  finished: boolean;
}

type Listener<E extends HubEventName> = (payload: HubClientEvents[E]) => void;
type ConnectedHook = (session: HubSession) => void | Promise<void>;

function validateUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Not a hub URL: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`A hub URL must start with ws:// or wss://, not ${parsed.protocol}`);
  }
  // URLs end up in logs and on screen: no credentials in them (hubs never use any).
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError('A hub URL must not contain a user name or password.');
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

function describeClose(code: number, reason: Buffer, lastError: string | null): string {
  if (lastError !== null) return lastError;
  const text = reason.toString('utf8').slice(0, 120);
  if (code === 1009) return 'the hub sent a frame over the size limit';
  if (code === 1006) return 'the connection was lost';
  return text === ''
    ? `the hub closed the connection (code ${code})`
    : `the hub closed the connection: ${text}`;
}

export class HubClient implements HubRequester {
  private readonly urls: readonly string[];
  private readonly network: NetworkConstants;
  private readonly versionFrame: string;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: RandomSource;
  private readonly timing: HubClientTiming;
  private readonly backoff: BackoffPolicy;
  private readonly maxFrameBytes: number;

  private readonly listeners: { [E in HubEventName]: Set<Listener<E>> } = {
    state: new Set(),
    push: new Set(),
  };
  private readonly connectedHooks = new Set<ConnectedHook>();
  private readonly inflight = new Map<string, WireRequest>();
  /** Hubs that refused us or that we refused, with the reason. */
  private readonly unusable = new Map<string, string>();

  private statusValue: HubConnectionStatus = { state: 'idle' };
  private current: Connection | null = null;
  private failures = 0;
  private connectionCounter = 0;
  private tagCounter = 0;
  private reconnectTimer: TimerHandle | null = null;
  private started = false;
  private stopped = false;

  constructor(options: HubClientOptions) {
    if (options.urls.length === 0)
      throw new TypeError('The hub client needs at least one hub URL.');
    options.urls.forEach(validateUrl);
    this.urls = [...options.urls];
    this.network = options.network;
    this.logger = options.logger;
    this.clock = options.clock;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? systemRandom;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.versionFrame = serializeVersion(options.network, {
      library: CLIENT_LIBRARY,
      program: options.program.name,
      programVersion: options.program.version,
    });
  }

  // ---- public API ----

  get status(): HubConnectionStatus {
    return this.statusValue;
  }

  /** The hub we are connected (or connecting) to, if any. */
  get url(): string | null {
    return this.current?.url ?? null;
  }

  get isConnected(): boolean {
    return this.statusValue.state === 'connected';
  }

  /** Begin connecting to the first hub. Idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect(this.urls[0] ?? '');
  }

  /**
   * Close the socket and stop reconnecting. Every waiting request fails with `unavailable`.
   * Resolves once the socket is closed (or cut after `closeGraceMs`).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.reconnectTimer?.cancel();
    this.reconnectTimer = null;
    const connection = this.current;
    let closed: Promise<void> = Promise.resolve();
    if (connection?.socket) {
      const socket = connection.socket;
      closed = new Promise<void>((resolve) => {
        if (socket.readyState === WS_CLOSED) return resolve();
        const grace = this.timers.setTimeout(() => {
          socket.terminate();
          resolve();
        }, this.timing.closeGraceMs);
        socket.once('close', () => {
          grace.cancel();
          resolve();
        });
      });
    }
    if (connection) this.finish(connection, 'the hub client was stopped', 'close');
    this.rejectAll(() => new HubUnavailableError(undefined, 'the hub client was stopped', true));
    this.setStatus({ state: 'stopped', since: this.clock.now() });
    await closed;
  }

  on<E extends HubEventName>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners[event] as Set<Listener<E>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Run `hook` after every successful handshake (the first one included), and at once (in a
   * microtask) when the client is connected already. Use it to re-send the watch list: the hub
   * forgets watched addresses when a socket closes. A failing hook is logged.
   */
  onConnected(hook: ConnectedHook): () => void {
    this.connectedHooks.add(hook);
    const status = this.statusValue;
    const connection = this.current;
    if (status.state === 'connected' && connection) {
      const session: HubSession = { url: status.url, since: status.since, hub: status.hub };
      queueMicrotask(() => {
        if (this.connectedHooks.has(hook) && this.current === connection && !connection.finished) {
          this.runHook(hook, session);
        }
      });
    }
    return () => this.connectedHooks.delete(hook);
  }

  /**
   * Send a request and wait for its answer. Resolves with the hub's `response` (undefined when
   * the answer had none); rejects with a `HubError`: `HubRequestError` for `{error}` answers.
   */
  request(
    command: string,
    params?: JsonValue,
    options: RequestOptions = {},
  ): Promise<JsonValue | undefined> {
    if (this.stopped || this.statusValue.state === 'fatal') {
      const reason =
        this.statusValue.state === 'fatal' ? this.statusValue.reason : 'the hub client was stopped';
      return Promise.reject(new HubUnavailableError(command, reason, true));
    }
    if (typeof command !== 'string' || command === '') {
      return Promise.reject(new HubParamsError(String(command), 'the command is empty'));
    }
    // The last attempt failed and the next has not begun: say so now rather than wait.
    if (this.statusValue.state === 'disconnected') {
      return Promise.reject(new HubUnavailableError(command, this.unreachableReason(), false));
    }
    const size = this.frameSize(command, params);
    if (size > this.maxFrameBytes) {
      return Promise.reject(
        new HubParamsError(
          command,
          `the request is ${size} bytes; a hub accepts at most ${this.maxFrameBytes}`,
        ),
      );
    }
    const key = this.dedupKey(command, params);
    let wire = this.inflight.get(key);
    const isNew = wire === undefined;
    if (wire === undefined) {
      wire = { key, command, params, callers: new Set(), sent: null, offlineTimer: null };
      this.inflight.set(key, wire);
    }
    const shared = wire;
    const timeoutMs = options.timeoutMs ?? this.timing.requestTimeoutMs;
    const promise = new Promise<JsonValue | undefined>((resolve, reject) => {
      const caller: Caller = {
        resolve,
        reject,
        timer: this.timers.setTimeout(() => {
          shared.callers.delete(caller);
          if (shared.callers.size === 0) this.abandon(shared);
          reject(new HubTimeoutError(command, timeoutMs));
        }, timeoutMs),
      };
      shared.callers.add(caller);
    });
    if (isNew && this.current?.hub && this.statusValue.state === 'connected') {
      this.send(this.current, shared);
    }
    if (shared.sent === null && shared.offlineTimer === null) {
      shared.offlineTimer = this.timers.setTimeout(() => {
        shared.offlineTimer = null;
        if (shared.sent !== null) return;
        if (this.inflight.get(shared.key) === shared) this.inflight.delete(shared.key);
        this.settle(shared, {
          error: new HubUnavailableError(shared.command, this.unreachableReason(), false),
        });
      }, this.timing.offlineWaitMs);
    }
    return promise;
  }

  /** Send a justsaying on the current connection; false when there is none. */
  justsay(subject: string, body?: JsonValue): boolean {
    const connection = this.current;
    if (!connection?.hub || this.statusValue.state !== 'connected') return false;
    return this.write(
      connection,
      serializeJustsaying(body === undefined ? { subject } : { subject, body }),
    );
  }

  // ---- connection lifecycle ----

  private connect(url: string): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    // ws (and the http, https, zlib and stream modules it loads) is loaded by the first
    // connection, not at start: balances from the database show without waiting for it.
    const loading = import('ws').then((module) => module.default);
    const now = this.clock.now();
    const connection: Connection = {
      id: ++this.connectionCounter,
      url,
      startedAt: now,
      socket: null,
      hub: null,
      connectedAt: null,
      lastReceivedAt: now,
      lastByteAt: now,
      pending: new Map(),
      heartbeat: null,
      hubSleeping: false,
      idleTimer: null,
      handshakeTimer: null,
      lastError: null,
      fatalReason: null,
      finished: false,
    };
    this.current = connection;
    const previous = this.statusValue;
    this.setStatus({
      state: 'connecting',
      url,
      attempt: this.failures + 1,
      since: now,
      ...(previous.state === 'disconnected' ? { lastFailure: previous.reason } : {}),
    });
    connection.handshakeTimer = this.timers.setTimeout(() => {
      if (connection.hub === null) {
        this.finish(
          connection,
          `the hub did not answer the connection within ${seconds(this.timing.connectTimeoutMs)}`,
          'terminate',
        );
      }
    }, this.timing.connectTimeoutMs);
    loading.then(
      (WebSocketClass) => this.open(connection, WebSocketClass),
      (error: unknown) => {
        connection.fatalReason = `the WebSocket module did not load (${error instanceof Error ? error.message : 'unknown error'})`;
        this.finish(connection, connection.fatalReason, 'none');
      },
    );
  }

  /** Opens the connection's socket (once ws is loaded), unless it ended meanwhile. */
  private open(connection: Connection, WebSocketClass: typeof WebSocket): void {
    if (connection.finished || this.stopped) return;
    const { url } = connection;
    let socket: WebSocket;
    try {
      socket = new WebSocketClass(url, {
        maxPayload: this.maxFrameBytes,
        handshakeTimeout: this.timing.connectTimeoutMs,
        perMessageDeflate: false,
        followRedirects: false,
      });
    } catch (error) {
      connection.fatalReason = `the URL cannot be opened (${error instanceof Error ? error.message : 'unknown error'})`;
      this.finish(connection, connection.fatalReason, 'none');
      return;
    }
    connection.socket = socket;
    // Bytes count as life even before a whole frame is in (a multi-megabyte history answer).
    // The listener joins once ws reads the socket itself ('open'): an earlier one would start
    // the stream before ws listens, and the first frames would be lost.
    let raw: NodeJS.EventEmitter | null = null;
    socket.on('upgrade', (response) => {
      raw = response.socket;
    });
    socket.on('open', () => {
      raw?.on('data', () => {
        connection.lastByteAt = this.clock.now();
      });
      if (connection.finished) return;
      this.logger.debug('Socket open, sending our version', { url, connection: connection.id });
      this.write(connection, this.versionFrame);
    });
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.onMessage(connection, data, isBinary),
    );
    socket.on('error', (error: Error) => {
      connection.lastError = error.message.slice(0, 200);
      this.logger.debug('Socket error', {
        url,
        connection: connection.id,
        error: connection.lastError,
      });
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.finish(connection, describeClose(code, reason, connection.lastError), 'none');
    });
  }

  /**
   * End a connection once (idempotent): cancel its timers, fail its requests, and unless the
   * client is stopped, decide what comes next (same hub, next hub, or fatal).
   */
  private finish(
    connection: Connection,
    reason: string,
    how: 'close' | 'terminate' | 'none',
  ): void {
    if (connection.finished) return;
    connection.finished = true;
    connection.handshakeTimer?.cancel();
    connection.idleTimer?.cancel();
    connection.heartbeat?.timer.cancel();
    connection.heartbeat = null;
    const socket = connection.socket;
    if (socket && how !== 'none') {
      try {
        if (how === 'terminate') socket.terminate();
        else socket.close(1000, reason.slice(0, 100));
      } catch (error) {
        this.logger.debug('Closing the socket failed', { error });
      }
    }
    for (const wire of connection.pending.values()) {
      if (this.inflight.get(wire.key) === wire) this.inflight.delete(wire.key);
      this.settle(wire, {
        error: this.stopped
          ? new HubUnavailableError(wire.command, reason, true)
          : new HubConnectionClosedError(wire.command, reason),
      });
    }
    connection.pending.clear();
    if (this.current !== connection) return;
    this.current = null;
    if (this.stopped) return;

    const now = this.clock.now();
    if (connection.fatalReason !== null) {
      this.unusable.set(connection.url, connection.fatalReason);
      this.logger.error('This hub cannot be used', {
        url: connection.url,
        reason: connection.fatalReason,
      });
    }
    const healthy =
      connection.connectedAt !== null && now - connection.connectedAt >= this.timing.stableAfterMs;
    this.failures = healthy ? 1 : this.failures + 1;
    const usable = this.urls.filter((url) => !this.unusable.has(url));
    if (usable.length === 0) {
      const reasons = [...this.unusable].map(([url, why]) => `${url}: ${why}`).join('; ');
      const fatal = `No usable hub. ${reasons}`;
      this.rejectAll(() => new HubUnavailableError(undefined, fatal, true));
      this.setStatus({ state: 'fatal', since: now, reason: fatal });
      return;
    }
    const nextUrl =
      healthy && !this.unusable.has(connection.url) ? connection.url : this.nextUrl(connection.url);
    const retryInMs = backoffDelay(this.backoff, this.failures, this.random);
    this.logger.info('Disconnected from the hub', {
      url: connection.url,
      reason,
      failures: this.failures,
      retryInMs,
      nextUrl,
    });
    this.setStatus({
      state: 'disconnected',
      url: connection.url,
      since: now,
      reason,
      failures: this.failures,
      retryInMs,
      nextRetryAt: now + retryInMs,
      nextUrl,
    });
    // Requests that waited for this attempt learn at once that it failed.
    for (const wire of [...this.inflight.values()]) {
      if (wire.sent !== null) continue;
      this.inflight.delete(wire.key);
      this.settle(wire, {
        error: new HubUnavailableError(wire.command, this.unreachableReason(), false),
      });
    }
    this.reconnectTimer = this.timers.setTimeout(() => this.connect(nextUrl), retryInMs);
  }

  /** The next usable hub after `url` in list order (wrapping around). */
  private nextUrl(url: string): string {
    const from = this.urls.indexOf(url);
    for (let step = 1; step <= this.urls.length; step++) {
      const candidate = this.urls[(from + step) % this.urls.length];
      if (candidate !== undefined && !this.unusable.has(candidate)) return candidate;
    }
    return url;
  }

  private onHandshake(connection: Connection, hub: HubVersion): void {
    connection.handshakeTimer?.cancel();
    connection.handshakeTimer = null;
    const since = this.clock.now();
    connection.hub = hub;
    connection.connectedAt = since;
    this.logger.info('Connected to the hub', {
      url: connection.url,
      program: hub.program,
      library: hub.libraryVersion,
    });
    this.armIdle(connection);
    this.setStatus({ state: 'connected', url: connection.url, since, hub });
    // Requests made while we were away go out now, then the watch list is re-sent.
    for (const wire of this.inflight.values()) {
      if (wire.sent === null && !connection.finished) this.send(connection, wire);
    }
    const session: HubSession = { url: connection.url, since, hub };
    for (const hook of [...this.connectedHooks]) {
      if (connection.finished) break;
      this.runHook(hook, session);
    }
  }

  private runHook(hook: ConnectedHook, session: HubSession): void {
    try {
      Promise.resolve(hook(session)).catch((error: unknown) => {
        this.logger.warn('A reconnect hook failed', { error });
      });
    } catch (error) {
      this.logger.warn('A reconnect hook failed', { error });
    }
  }

  // ---- heartbeats ----

  private armIdle(connection: Connection, delayMs = this.timing.heartbeatIdleMs): void {
    connection.idleTimer?.cancel();
    connection.idleTimer = this.timers.setTimeout(() => this.onIdleCheck(connection), delayMs);
  }

  private onIdleCheck(connection: Connection): void {
    connection.idleTimer = null;
    if (connection.finished || connection.heartbeat !== null) return;
    const silentFor = this.clock.now() - connection.lastReceivedAt;
    if (silentFor < this.timing.heartbeatIdleMs) {
      this.armIdle(connection, this.timing.heartbeatIdleMs - silentFor);
      return;
    }
    // A hub that said "sleep" is not pinged (ocore), unless we are waiting for its answers.
    if (connection.hubSleeping && connection.pending.size === 0) {
      this.armIdle(connection);
      return;
    }
    const tag = this.nextTag();
    const sentAt = this.clock.now();
    connection.heartbeat = {
      tag,
      sentAt,
      timer: this.timers.setTimeout(
        () => this.onHeartbeatTimeout(connection),
        this.timing.heartbeatResponseTimeoutMs,
      ),
    };
    this.write(connection, serializeRequest({ command: 'heartbeat', tag }));
  }

  private onHeartbeatTimeout(connection: Connection): void {
    const heartbeat = connection.heartbeat;
    if (connection.finished || heartbeat === null) return;
    if (connection.lastReceivedAt > heartbeat.sentAt || connection.lastByteAt > heartbeat.sentAt) {
      // The hub is alive (it sent something else, or a frame is still arriving), it just has
      // not answered the heartbeat yet: like ocore, keep the socket and ping again later.
      connection.heartbeat = null;
      this.armIdle(connection);
      return;
    }
    this.finish(
      connection,
      `the hub stopped answering (no reply to a heartbeat within ${seconds(this.timing.heartbeatResponseTimeoutMs)})`,
      'terminate',
    );
  }

  // ---- incoming frames ----

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.finished) return;
    connection.lastReceivedAt = this.clock.now();
    const bytes = rawLength(data);
    if (isBinary) {
      this.logger.warn('Ignored a binary frame from the hub', { url: connection.url, bytes });
      return;
    }
    let frame: Frame;
    try {
      frame = parseFrame(rawToText(data), this.maxFrameBytes);
    } catch (error) {
      this.logger.warn('Ignored a malformed frame from the hub', {
        url: connection.url,
        bytes,
        problem: error instanceof Error ? error.message : 'unknown',
      });
      return;
    }
    try {
      switch (frame.type) {
        case 'request':
          this.onRequest(connection, frame.command, frame.tag);
          break;
        case 'response':
          this.onResponse(connection, frame.tag, frame.response);
          break;
        case 'justsaying':
          this.onJustsaying(connection, frame.subject, frame.body);
          break;
      }
    } catch (error) {
      // A bug of ours must not take the process down because of what a hub sent.
      this.logger.error('Failed to handle a frame from the hub', {
        url: connection.url,
        type: frame.type,
        error,
      });
    }
  }

  private onRequest(connection: Connection, command: string, tag: string): void {
    if (command === 'heartbeat') {
      connection.hubSleeping = false;
      this.write(connection, serializeResponse({ tag, command }));
      return;
    }
    const refusal = getLightClientRefusal(command);
    if (refusal !== undefined) {
      this.write(connection, serializeResponse({ tag, command, response: { error: refusal } }));
      return;
    }
    // ocore leaves unknown commands unanswered.
    this.logger.debug('Left a request from the hub unanswered', { command: command.slice(0, 60) });
  }

  private onResponse(connection: Connection, tag: string, response: JsonValue | undefined): void {
    if (connection.heartbeat?.tag === tag) {
      connection.heartbeat.timer.cancel();
      connection.heartbeat = null;
      if (response === 'sleep') connection.hubSleeping = true;
      this.armIdle(connection);
      return;
    }
    const wire = connection.pending.get(tag);
    if (wire === undefined) {
      // Answered twice, answered after we gave up, or never asked: ocore logs and drops it too.
      this.logger.debug('Dropped a response with no pending request', {
        url: connection.url,
        tag: tag.slice(0, MAX_TAG_LENGTH),
      });
      return;
    }
    connection.pending.delete(tag);
    if (this.inflight.get(wire.key) === wire) this.inflight.delete(wire.key);
    const error = getResponseError(response);
    if (error !== undefined) this.settle(wire, { error: new HubRequestError(wire.command, error) });
    else this.settle(wire, { value: response });
  }

  private onJustsaying(connection: Connection, subject: string, body: JsonValue | undefined): void {
    if (subject === 'version') {
      if (connection.hub !== null) return;
      const checked = checkHubVersion(body, this.network);
      if (!checked.ok) {
        connection.fatalReason = `incompatible hub: ${checked.reason}`;
        this.finish(connection, connection.fatalReason, 'close');
        return;
      }
      this.onHandshake(connection, checked.version);
      return;
    }
    if (subject === 'upgrade_required' || HANDSHAKE_REFUSAL.test(subject)) {
      connection.fatalReason = `the hub refused our version (${subject.slice(0, 60)})`;
    }
    if (subject === 'error' && typeof body === 'string' && HANDSHAKE_REFUSAL.test(body)) {
      connection.fatalReason = `the hub refused our version: ${body.slice(0, 200)}`;
    }
    if (connection.hub === null) {
      this.logger.debug('Dropped a message sent before the handshake', {
        subject: subject.slice(0, 60),
      });
      return;
    }
    const parsed = parsePush(subject, body);
    switch (parsed.kind) {
      case 'push':
        if (connection === this.current) this.emit('push', parsed.push);
        return;
      case 'malformed':
        this.logger.warn('Ignored a malformed message from the hub', {
          url: connection.url,
          subject,
          problem: parsed.problem,
        });
        return;
      case 'ignored':
        return;
      case 'unknown':
        this.logger.debug('Ignored a message with an unknown subject', {
          subject: subject.slice(0, 60),
        });
        return;
    }
  }

  // ---- requests ----

  private send(connection: Connection, wire: WireRequest): void {
    wire.offlineTimer?.cancel();
    wire.offlineTimer = null;
    const tag = this.nextTag();
    wire.sent = { connection, tag };
    connection.pending.set(tag, wire);
    const text = serializeRequest(
      wire.params === undefined
        ? { command: wire.command, tag }
        : { command: wire.command, params: wire.params, tag },
    );
    if (!this.write(connection, text)) {
      connection.pending.delete(tag);
      if (this.inflight.get(wire.key) === wire) this.inflight.delete(wire.key);
      this.settle(wire, {
        error: new HubConnectionClosedError(wire.command, 'the socket is not open'),
      });
    }
  }

  /** Every caller of a wire request has given up: forget it (a late answer is dropped). */
  private abandon(wire: WireRequest): void {
    wire.offlineTimer?.cancel();
    wire.offlineTimer = null;
    if (this.inflight.get(wire.key) === wire) this.inflight.delete(wire.key);
    if (wire.sent) wire.sent.connection.pending.delete(wire.sent.tag);
  }

  private settle(
    wire: WireRequest,
    outcome: { value: JsonValue | undefined } | { error: Error },
  ): void {
    wire.offlineTimer?.cancel();
    wire.offlineTimer = null;
    const callers = [...wire.callers];
    wire.callers.clear();
    for (const caller of callers) {
      caller.timer.cancel();
      if ('error' in outcome) caller.reject(outcome.error);
      else caller.resolve(outcome.value);
    }
  }

  private rejectAll(makeError: () => Error): void {
    const wires = [...this.inflight.values()];
    this.inflight.clear();
    for (const wire of wires) {
      if (wire.sent) wire.sent.connection.pending.delete(wire.sent.tag);
      this.settle(wire, { error: makeError() });
    }
  }

  /** Why no connection is up, for a request that waited for one in vain. */
  private unreachableReason(): string {
    const status = this.statusValue;
    const seconds = Math.round(this.timing.offlineWaitMs / 1000);
    switch (status.state) {
      case 'disconnected':
        return `the hub at ${status.url} cannot be reached (${status.reason}); it is tried again on its own`;
      case 'connecting':
        return status.lastFailure === undefined
          ? `the connection to ${status.url} did not come up within ${seconds} s`
          : `the hub at ${status.url} cannot be reached (${status.lastFailure}); it is tried again on its own`;
      default:
        return `no connection to a hub came up within ${seconds} s`;
    }
  }

  private nextTag(): string {
    this.tagCounter += 1;
    return `ol${this.tagCounter.toString(36)}`;
  }

  /** Identical requests (same command and params) share one wire request, as in ocore. */
  private dedupKey(command: string, params: JsonValue | undefined): string {
    try {
      return getRequestTag(params === undefined ? { command } : { command, params });
    } catch {
      // Params the canonical JSON refuses (null, empty containers): fall back to plain JSON.
      return `${command}\u0000${JSON.stringify(params ?? null)}`;
    }
  }

  private frameSize(command: string, params: JsonValue | undefined): number {
    const text = serializeRequest(
      params === undefined
        ? { command, tag: 'x'.repeat(12) }
        : { command, params, tag: 'x'.repeat(12) },
    );
    return Buffer.byteLength(text, 'utf8');
  }

  private write(connection: Connection, text: string): boolean {
    const socket = connection.socket;
    if (connection.finished || socket === null || socket.readyState !== WS_OPEN) return false;
    try {
      socket.send(text);
      return true;
    } catch (error) {
      this.logger.warn('Could not send to the hub', { url: connection.url, error });
      return false;
    }
  }

  // ---- events ----

  private setStatus(status: HubConnectionStatus): void {
    this.statusValue = status;
    this.emit('state', status);
  }

  private emit<E extends HubEventName>(event: E, payload: HubClientEvents[E]): void {
    for (const listener of [...(this.listeners[event] as Set<Listener<E>>)]) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error('A hub client listener failed', { event, error });
      }
    }
  }
}
