/**
 * The main process log. Everything logged passes through `redact` first: secrets (mnemonics,
 * seeds, passwords, private keys, authentifiers) and whole wire frames never reach the sink.
 */
import { wordlist as BIP39_ENGLISH } from '@scure/bip39/wordlists/english.js';
import type { Clock } from './clock';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

const SENSITIVE_KEY =
  /(mnemonic|seed|passw|passphrase|secret|priv|xprv|authentifier|signature|token|cookie|credential|device_?key|temp_?priv)/i;

const EXTENDED_PRIVATE_KEY = /\b[xtuvyz]prv[1-9A-HJ-NP-Za-km-z]{60,}\b/g;
const MNEMONIC_WORDS = new Set(BIP39_ENGLISH);
/** A run of this many BIP39 words in a row is treated as a (part of a) recovery phrase. */
const MNEMONIC_RUN = 6;
const WIRE_FRAME_START = /^\s*\[\s*"(request|response|justsaying)"/;
const MAX_STRING = 500;
const MAX_DEPTH = 6;

export const REDACTED = '[redacted]';

/** Replaces every run of MNEMONIC_RUN or more BIP39 words (separated by spaces) with REDACTED. */
function redactMnemonicRuns(text: string): string {
  const tokens = text.split(/(\s+)/);
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    const words = run.filter((token) => !/^\s+$/.test(token)).length;
    if (words >= MNEMONIC_RUN) {
      const trailing = /^\s+$/.test(run.at(-1) ?? '') ? (run.at(-1) ?? '') : '';
      out.push(REDACTED, trailing);
    } else out.push(...run);
    run = [];
  };
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (run.length > 0) run.push(token);
      else out.push(token);
    } else if (MNEMONIC_WORDS.has(token.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, ''))) {
      run.push(token);
    } else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out.join('');
}

function redactString(value: string): string {
  const frame = WIRE_FRAME_START.exec(value);
  if (frame) return `[wire frame: ${frame[1]}, ${value.length} chars]`;
  const cleaned = redactMnemonicRuns(value.replace(EXTENDED_PRIVATE_KEY, REDACTED));
  return cleaned.length > MAX_STRING
    ? `${cleaned.slice(0, MAX_STRING)}… [${cleaned.length} chars]`
    : cleaned;
}

function isWireFrame(value: readonly unknown[]): boolean {
  return (
    value.length === 2 &&
    (value[0] === 'request' || value[0] === 'response' || value[0] === 'justsaying')
  );
}

/** A copy of `value` that is safe to write to the log. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) {
    // An error's message is written for a person; what exactly went wrong may be beside it.
    const problem: unknown = (value as { problem?: unknown }).problem;
    return {
      name: value.name,
      message: redactString(value.message),
      ...(typeof problem === 'string' ? { problem: redactString(problem) } : {}),
      stack: value.stack === undefined ? undefined : redactString(value.stack),
    };
  }
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (Array.isArray(value)) {
    if (isWireFrame(value)) return `[wire frame: ${String(value[0])}]`;
    return value.map((item) => redact(item, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

export class Logger {
  private readonly sink: LogSink;
  private readonly clock: Clock;
  private readonly minLevel: number;
  private readonly scope: string;

  constructor(options: { sink: LogSink; clock: Clock; level?: LogLevel; scope?: string }) {
    this.sink = options.sink;
    this.clock = options.clock;
    this.minLevel = LEVEL_ORDER[options.level ?? 'info'];
    this.scope = options.scope ?? 'main';
  }

  /** A logger for one service, writing to the same sink. */
  child(scope: string): Logger {
    const level = (Object.keys(LEVEL_ORDER) as LogLevel[]).find(
      (name) => LEVEL_ORDER[name] === this.minLevel,
    );
    return new Logger({ sink: this.sink, clock: this.clock, level, scope });
  }

  debug(message: string, details?: unknown): void {
    this.write('debug', message, details);
  }
  info(message: string, details?: unknown): void {
    this.write('info', message, details);
  }
  warn(message: string, details?: unknown): void {
    this.write('warn', message, details);
  }
  error(message: string, details?: unknown): void {
    this.write('error', message, details);
  }

  private write(level: LogLevel, message: string, details: unknown): void {
    if (LEVEL_ORDER[level] < this.minLevel) return;
    const time = new Date(this.clock.now()).toISOString();
    const tail = details === undefined ? '' : ` ${JSON.stringify(redact(details))}`;
    this.sink(`${time} ${level.toUpperCase()} [${this.scope}] ${redactString(message)}${tail}`);
  }
}
