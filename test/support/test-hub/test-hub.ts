/**
 * A loopback Obyte hub for tests: a real `ws` server on 127.0.0.1 (port 0) that speaks the real
 * wire format the way ocore's hub does (network.js): it sends its `version`, a `hub/challenge`
 * and its own `subscribe` request on connect, checks the client's `version` (and refuses it with
 * ocore's texts), answers `heartbeat`s, pings idle clients, leaves unknown commands unanswered,
 * and answers other commands from a scriptable handler table (see recordings.ts for replaying
 * captured devnet answers).
 *
 * Fault injection: per answer (delay, answer twice, answer with another tag, never answer, send
 * raw text instead), per connection (garbage, oversized frames, drop, close), and per hub
 * (`connectionMode`: drop every new connection at once or right after the handshake).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { JsonValue } from '../../../shared/protocol/json';
import { isJsonObject } from '../../../shared/protocol/json';
import {
  MAX_FRAME_BYTES,
  NETWORKS,
  parseFrame,
  serializeJustsaying,
  serializeRequest,
  serializeResponse,
  type Frame,
  type NetworkConstants,
} from '../../../shared/protocol/wire';

/** What the hub does with one request. All fields optional; `{}` answers with no `response`. */
export interface HubAnswer {
  /** The `response` value. Absent (and no `error`) = a response frame without `response`. */
  readonly response?: JsonValue;
  /** Shorthand for `response: {error}`. */
  readonly error?: JsonValue;
  /** Never answer (the request stays pending forever, like an unknown command). */
  readonly never?: boolean;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Send the same answer a second time. */
  readonly twice?: boolean;
  /** Answer with this tag instead of the request's. */
  readonly tag?: string;
  /** Send this text instead of a response frame. */
  readonly raw?: string;
}

export interface HandlerContext {
  readonly hub: TestHub;
  readonly connection: HubConnection;
  readonly command: string;
  readonly params: JsonValue | undefined;
  readonly tag: string;
}

export type JustsayingListener = (
  connection: HubConnection,
  subject: string,
  body: JsonValue | undefined,
) => void;

export type Handler = (context: HandlerContext) => HubAnswer | Promise<HubAnswer>;

/**
 * `accept`: behave. `drop`: cut every new connection at once (before any message).
 * `drop-after-handshake`: send version (and the rest of the greeting), then cut.
 */
export type ConnectionMode = 'accept' | 'drop' | 'drop-after-handshake';

export interface TestHubOptions {
  readonly network?: NetworkConstants;
  /**
   * Body of the hub's `version` justsaying; defaults to an ocore 0.4.6 hub on `network`. null:
   * send no version at all (a hub that never completes the handshake).
   */
  readonly version?: JsonValue | null;
  /** Send `hub/challenge` on connect (default true). */
  readonly challenge?: boolean;
  /** Send ocore's `subscribe` request on connect (default true). */
  readonly subscribe?: boolean;
  /** Ping a client that has been silent this long (obyte-hub: 30 s); null = never (default). */
  readonly heartbeatIdleMs?: number | null;
  /** Check the client's `version` like ocore and refuse it (default true). */
  readonly checkClientVersion?: boolean;
  readonly handlers?: Readonly<Record<string, Handler>>;
  readonly connectionMode?: ConnectionMode;
}

interface ReceivedFrame {
  readonly at: number;
  readonly frame: Frame;
}

type Waiter = {
  readonly test: (frame: Frame) => boolean;
  readonly resolve: (frame: Frame) => void;
};

/** The hub's side of one client socket. */
export class HubConnection {
  readonly id: number;
  readonly received: ReceivedFrame[] = [];
  /** Texts that did not parse as frames. */
  readonly malformed: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  clientVersion: JsonValue | undefined;
  /** The `hub/challenge` sent on connect (device-hub.ts checks logins against it). */
  challenge: string | null = null;
  private readonly socket: WebSocket;
  private readonly waiters = new Set<Waiter>();
  private readonly hubRequests = new Map<string, (response: JsonValue | undefined) => void>();
  private tagCounter = 0;
  private lastReceivedAt = Date.now();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  isClosed = false;

  constructor(id: number, socket: WebSocket) {
    this.id = id;
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.isClosed = true;
        if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
        resolve({ code, reason: reason.toString('utf8') });
      });
    });
  }

  /** Send raw text (garbage, oversized frames, anything). */
  send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  /** Send a binary frame (ocore converts those to text; a careful client drops them). */
  sendBinary(bytes: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(bytes, { binary: true });
  }

  justsay(subject: string, body?: JsonValue): void {
    this.send(serializeJustsaying(body === undefined ? { subject } : { subject, body }));
  }

  /** Send a request to the client; resolves with its `response` (undefined when absent). */
  request(command: string, params?: JsonValue): Promise<JsonValue | undefined> {
    const tag = `hub-${this.id}-${++this.tagCounter}`;
    return new Promise((resolve) => {
      this.hubRequests.set(tag, resolve);
      this.send(
        serializeRequest(params === undefined ? { command, tag } : { command, params, tag }),
      );
    });
  }

  /** Cut the TCP connection without a close handshake. */
  drop(): void {
    this.socket.terminate();
  }

  close(code = 1000, reason = ''): void {
    this.socket.close(code, reason);
  }

  /** Frames the client sent, filtered. */
  requests(command?: string): Extract<Frame, { type: 'request' }>[] {
    return this.received
      .map((r) => r.frame)
      .filter(
        (f): f is Extract<Frame, { type: 'request' }> =>
          f.type === 'request' && (command === undefined || f.command === command),
      );
  }

  justsayings(subject?: string): Extract<Frame, { type: 'justsaying' }>[] {
    return this.received
      .map((r) => r.frame)
      .filter(
        (f): f is Extract<Frame, { type: 'justsaying' }> =>
          f.type === 'justsaying' && (subject === undefined || f.subject === subject),
      );
  }

  responses(): Extract<Frame, { type: 'response' }>[] {
    return this.received
      .map((r) => r.frame)
      .filter((f): f is Extract<Frame, { type: 'response' }> => f.type === 'response');
  }

  /** Resolves with the first frame (already received or future) that passes `test`. */
  waitFor(test: (frame: Frame) => boolean): Promise<Frame> {
    const found = this.received.find((r) => test(r.frame));
    if (found) return Promise.resolve(found.frame);
    return new Promise((resolve) => this.waiters.add({ test, resolve }));
  }

  /** @internal */
  onFrame(frame: Frame): void {
    this.lastReceivedAt = Date.now();
    this.received.push({ at: this.lastReceivedAt, frame });
    if (frame.type === 'response') {
      const resolve = this.hubRequests.get(frame.tag);
      if (resolve) {
        this.hubRequests.delete(frame.tag);
        resolve(frame.response);
      }
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.test(frame)) {
        this.waiters.delete(waiter);
        waiter.resolve(frame);
      }
    }
  }

  /** @internal ocore-hub-style pings when the client is silent. */
  startHeartbeats(idleMs: number): void {
    const tick = (): void => {
      if (this.isClosed) return;
      const silent = Date.now() - this.lastReceivedAt;
      if (silent >= idleMs) {
        void this.request('heartbeat');
        this.lastReceivedAt = Date.now();
      }
      this.heartbeatTimer = setTimeout(tick, Math.max(5, idleMs - silent));
    };
    this.heartbeatTimer = setTimeout(tick, idleMs);
  }
}

function defaultVersion(network: NetworkConstants): JsonValue {
  return {
    protocol_version: network.protocolVersion,
    alt: network.alt,
    library: 'ocore',
    library_version: '0.4.6',
    program: 'test-hub',
    program_version: '0.0.1',
  };
}

function versionLevel(text: string): number {
  const [a = 0, b = 0, c = 0] = text.split('.').map((n) => Number(n) || 0);
  return a * 1e6 + b * 1e3 + c;
}

export class TestHub {
  readonly connections: HubConnection[] = [];
  /** Mutable at run time: switch a misbehaving hub back to normal. */
  connectionMode: ConnectionMode;
  heartbeatIdleMs: number | null;
  private readonly network: NetworkConstants;
  private readonly version: JsonValue | null;
  private readonly sendChallenge: boolean;
  private readonly sendSubscribe: boolean;
  private readonly checkClientVersion: boolean;
  private readonly handlers = new Map<string, Handler>();
  private readonly connectionWaiters: { count: number; resolve: () => void }[] = [];
  private readonly justsayingListeners = new Set<JustsayingListener>();
  private server: WebSocketServer | null = null;
  private portValue = 0;
  /**
   * A hub that stopped answering (a stopped process behind an open socket): nothing it receives
   * is answered or acted on, nothing is sent, and new connections are accepted but never greeted.
   * Mutable at run time; false brings it back.
   */
  silent = false;
  /** Connection attempts, including those dropped at once. */
  attempts = 0;
  readonly attemptTimes: number[] = [];

  constructor(options: TestHubOptions = {}) {
    this.network = options.network ?? NETWORKS.devnet;
    this.version = options.version === undefined ? defaultVersion(this.network) : options.version;
    this.sendChallenge = options.challenge ?? true;
    this.sendSubscribe = options.subscribe ?? true;
    this.checkClientVersion = options.checkClientVersion ?? true;
    this.heartbeatIdleMs = options.heartbeatIdleMs ?? null;
    this.connectionMode = options.connectionMode ?? 'accept';
    for (const [command, handler] of Object.entries(options.handlers ?? {})) {
      this.handlers.set(command, handler);
    }
  }

  /** Listen on 127.0.0.1, port 0 unless given (to restart a stopped hub on its old port). */
  async start(port = 0): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: MAX_FRAME_BYTES });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.server = server;
    this.portValue = (server.address() as AddressInfo).port;
    server.on('connection', (socket) => this.onConnection(socket));
    return this.url;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.portValue}`;
  }

  get port(): number {
    return this.portValue;
  }

  /** Close every connection and the server. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setHandler(command: string, handler: Handler | null): void {
    if (handler === null) this.handlers.delete(command);
    else this.handlers.set(command, handler);
  }

  /** Answer `command` with a fixed answer. */
  answer(command: string, answer: HubAnswer): void {
    this.setHandler(command, () => answer);
  }

  get lastConnection(): HubConnection | undefined {
    return this.connections.at(-1);
  }

  /** Resolves once at least `count` connections were accepted (greeted). */
  waitForConnections(count: number): Promise<HubConnection> {
    const done = (): HubConnection => this.connections[count - 1] as HubConnection;
    if (this.connections.length >= count) return Promise.resolve(done());
    return new Promise((resolve) => {
      this.connectionWaiters.push({ count, resolve: () => resolve(done()) });
    });
  }

  /** Called for every justsaying a client sends (device-hub.ts: login, delete, refresh). */
  onJustsaying(listener: JustsayingListener): () => void {
    this.justsayingListeners.add(listener);
    return () => this.justsayingListeners.delete(listener);
  }

  /** Push a justsaying to every open connection. */
  broadcast(subject: string, body?: JsonValue): void {
    for (const connection of this.connections) {
      if (!connection.isClosed) connection.justsay(subject, body);
    }
  }

  private onConnection(socket: WebSocket): void {
    this.attempts += 1;
    this.attemptTimes.push(Date.now());
    if (this.connectionMode === 'drop') {
      socket.terminate();
      return;
    }
    if (this.silent) {
      socket.on('error', () => undefined);
      return;
    }
    const connection = new HubConnection(this.connections.length + 1, socket);
    this.connections.push(connection);
    socket.on('message', (data: RawData, isBinary: boolean) =>
      this.onMessage(connection, data, isBinary),
    );
    socket.on('error', () => undefined);
    if (this.version !== null) connection.justsay('version', this.version);
    if (this.sendChallenge) {
      connection.challenge = randomBytes(30).toString('base64');
      connection.justsay('hub/challenge', connection.challenge);
    }
    if (this.sendSubscribe) {
      void connection.request('subscribe', {
        subscription_id: randomBytes(30).toString('base64'),
        last_mci: 11,
        library_version: '0.4.6',
      });
    }
    if (this.heartbeatIdleMs !== null) connection.startHeartbeats(this.heartbeatIdleMs);
    for (const waiter of [...this.connectionWaiters]) {
      if (this.connections.length >= waiter.count) {
        this.connectionWaiters.splice(this.connectionWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (this.connectionMode === 'drop-after-handshake') setTimeout(() => connection.drop(), 5);
  }

  private onMessage(connection: HubConnection, data: RawData, isBinary: boolean): void {
    if (this.silent) return;
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    let frame: Frame;
    try {
      frame = parseFrame(text);
    } catch {
      connection.malformed.push(text.slice(0, 200));
      return;
    }
    connection.onFrame(frame);
    if (frame.type === 'justsaying' && frame.subject === 'version') {
      connection.clientVersion = frame.body;
      if (this.checkClientVersion) this.checkVersion(connection, frame.body);
    }
    if (frame.type === 'request') void this.onRequest(connection, frame);
    if (frame.type === 'justsaying') {
      for (const listener of [...this.justsayingListeners]) {
        listener(connection, frame.subject, frame.body);
      }
    }
  }

  /** ocore network.js `version` case, from the hub's side. */
  private checkVersion(connection: HubConnection, body: JsonValue | undefined): void {
    if (!isJsonObject(body)) return;
    const { library_version, protocol_version, alt } = body;
    if (typeof library_version !== 'string') {
      connection.justsay('error', 'invalid library_version');
      return connection.close(1000, 'invalid library_version');
    }
    if (versionLevel(library_version) < versionLevel('0.4.0')) {
      connection.justsay('upgrade_required');
      connection.justsay('old core');
      return connection.close(1000, 'old core');
    }
    if (
      typeof protocol_version !== 'string' ||
      !this.network.supportedVersions.includes(protocol_version)
    ) {
      connection.justsay(
        'error',
        `Incompatible versions, I support ${this.network.supportedVersions.join(', ')}, yours ${String(protocol_version)}`,
      );
      return connection.close(1000, 'incompatible versions');
    }
    if (alt !== this.network.alt) {
      connection.justsay(
        'error',
        `Incompatible alts, mine ${this.network.alt}, yours ${String(alt)}`,
      );
      return connection.close(1000, 'incompatible alts');
    }
  }

  private async onRequest(
    connection: HubConnection,
    frame: Extract<Frame, { type: 'request' }>,
  ): Promise<void> {
    const { command, params, tag } = frame;
    const handler =
      this.handlers.get(command) ?? (command === 'heartbeat' ? (): HubAnswer => ({}) : undefined);
    if (handler === undefined) return; // ocore: unknown commands get no answer
    const answer = await handler({ hub: this, connection, command, params, tag });
    if (answer.never) return;
    if (answer.delayMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    }
    if (this.silent) return;
    let text: string;
    if (answer.raw !== undefined) text = answer.raw;
    else {
      const response = answer.error !== undefined ? { error: answer.error } : answer.response;
      text = serializeResponse({ tag: answer.tag ?? tag, command, response });
    }
    connection.send(text);
    if (answer.twice) connection.send(text);
  }
}
