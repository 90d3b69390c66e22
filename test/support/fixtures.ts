/**
 * The one place that says where the captured devnet traffic is: $OBYTE_FIXTURES_DIR, else
 * ../shared/fixtures/devnet-traffic beside the repository. A missing directory or file is an
 * error that fails the run, never a skip. Fixtures are read-only input: tests copy before they
 * tamper.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (tests read the project's own files from here). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const FIXTURES_DIR = resolve(
  process.env['OBYTE_FIXTURES_DIR'] ??
    join(REPO_ROOT, '..', 'shared', 'fixtures', 'devnet-traffic'),
);

function pathOf(relative: string): string {
  const path = join(FIXTURES_DIR, relative);
  if (!existsSync(path)) {
    throw new Error(`fixture missing: ${path} (set OBYTE_FIXTURES_DIR)`);
  }
  return path;
}

/** Read and parse one JSON fixture; throws when it is missing or broken. */
export function readFixture<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(pathOf(relative), 'utf8')) as T;
}

/** The lines of a JSON-lines fixture, parsed. */
export function readJsonLines<T = unknown>(relative: string): T[] {
  return readFileSync(pathOf(relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** File names in a fixture directory (which must exist). */
export function listFixtures(directory: string): string[] {
  return readdirSync(pathOf(directory)).sort();
}

/** A deep copy of fixture data, for tampering without touching the cached original. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

type Frame = [string, Record<string, unknown>];

interface ExchangeFile {
  request: Frame;
  response: Frame;
}

export interface RequestResponse {
  /** Where the pair was found, e.g. "raw_client/get_history.json" or "proxy_frames.jsonl#3". */
  readonly source: string;
  readonly command: string;
  readonly tag: string;
  readonly params: unknown;
  /** The `response` member of the response frame (the hub's answer, or `{error}`). */
  readonly response: unknown;
}

function pair(source: string, request: Frame, response: Frame): RequestResponse {
  const [, req] = request;
  const [, res] = response;
  if (req['tag'] !== res['tag']) throw new Error(`${source}: request and response tags differ`);
  return {
    source,
    command: String(req['command']),
    tag: String(req['tag']),
    params: req['params'],
    response: res['response'],
  };
}

function pairsInFrames(
  source: string,
  frames: { frame: Frame; conn?: unknown }[],
  command: string,
): RequestResponse[] {
  const requests = new Map<string, Frame>();
  const out: RequestResponse[] = [];
  frames.forEach(({ frame, conn }) => {
    const [type, body] = frame;
    if (body['command'] !== command) return;
    const key = `${String(conn)}|${String(body['tag'])}`;
    if (type === 'request') requests.set(key, frame);
    if (type === 'response') {
      const request = requests.get(key);
      if (!request) throw new Error(`${source}: a ${command} response without its request`);
      out.push(pair(`${source}#${out.length + 1}`, request, frame));
    }
  });
  return out;
}

const RAW_CLIENT_DIRS = ['raw_client', 'raw_client_fresh', 'raw_client_first_run_young_dag'];

/**
 * Every request/response pair of `command` in the captured traffic: the per-command files of the
 * raw clients, their full session logs, the reference light client's split files and the proxy's
 * frame log. The same exchange appears in several places; `tag` tells them apart.
 */
export function findExchanges(command: string): RequestResponse[] {
  const out: RequestResponse[] = [];
  const fileName = command.replace(/^light\//, '').replace(/\//g, '_');
  for (const dir of RAW_CLIENT_DIRS) {
    const file = `${dir}/${fileName}.json`;
    if (listFixtures(dir).includes(`${fileName}.json`)) {
      const exchange = readFixture<ExchangeFile>(file);
      out.push(pair(file, exchange.request, exchange.response));
    }
    const sessionFile = `${dir}/raw_session_frames.json`;
    out.push(...pairsInFrames(sessionFile, readFixture(sessionFile), command));
  }
  const split = command.replace(/\//g, '_');
  for (const name of listFixtures('reference_light_client')) {
    if (!new RegExp(`^lightwallet_${split}_\\d+_by_client\\.json$`).test(name)) continue;
    const file = `reference_light_client/${name}`;
    const exchange = readFixture<ExchangeFile>(file);
    out.push(pair(file, exchange.request, exchange.response));
  }
  out.push(...pairsInFrames('proxy_frames.jsonl', readJsonLines('proxy_frames.jsonl'), command));
  return out;
}

/** The answer of one per-command raw-client file, e.g. ("raw_client", "get_balances"). */
export function rawClientResponse(dir: string, fileName: string): RequestResponse {
  const file = `${dir}/${fileName}.json`;
  const exchange = readFixture<ExchangeFile>(file);
  return pair(file, exchange.request, exchange.response);
}
