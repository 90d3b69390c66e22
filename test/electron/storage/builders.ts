/**
 * Units and joints for storage tests. Storage trusts the verifier for hashes, so synthetic
 * units carry well-formed but made-up hashes; addresses are real chash160 addresses so that
 * address checks pass. Real units come from the captured devnet traffic.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  getChash160,
  getUnitHash,
  parseUnit,
  type AnyUnit,
  type PaymentInput,
  type Unit,
} from '../../../shared/protocol/index';
import { Logger } from '../../../electron/main/services/logger';
import type { Clock } from '../../../electron/main/services/clock';
import { readFixture } from '../../support/fixtures';
import {
  WalletDatabase,
  type Migration,
  type StoredJoint,
} from '../../../electron/main/services/storage/index';

export const hash = (label: string): string => createHash('sha256').update(label).digest('base64');

export const address = (label: string): string => getChash160(`address ${label}`);

export const ASSET = hash('asset one');

export interface MessageSpec {
  asset?: string;
  /** Fixed-denomination assets only. */
  denomination?: number;
  inputs: PaymentInput[];
  outputs: { address: string; amount: number }[];
}

export interface UnitSpec {
  label: string;
  authors: string[];
  timestamp?: number;
  payments: MessageSpec[];
  fees?: { headers?: number; payload?: number; tps?: number; oversize?: number; burn?: number };
}

export const spend = (unit: string, message_index = 0, output_index = 0): PaymentInput => ({
  unit,
  message_index,
  output_index,
});

export function makeUnit(spec: UnitSpec): Unit {
  const fees = spec.fees ?? {};
  return {
    unit: hash(spec.label),
    version: '4.0',
    alt: '1',
    timestamp: spec.timestamp ?? 1_700_000_000,
    parent_units: [hash(`${spec.label} parent`)],
    last_ball: hash(`${spec.label} last ball`),
    last_ball_unit: hash(`${spec.label} last ball unit`),
    authors: spec.authors.map((author) => ({ address: author, authentifiers: { r: 'sig' } })),
    messages: spec.payments.map((payment) => ({
      app: 'payment',
      payload_location: 'inline',
      payload_hash: hash(`${spec.label} payload`),
      payload: {
        ...(payment.asset === undefined || payment.asset === 'base'
          ? {}
          : { asset: payment.asset }),
        ...(payment.denomination === undefined ? {} : { denomination: payment.denomination }),
        // parseUnit wants at least one input; tests that do not care get a foreign one.
        inputs:
          payment.inputs.length > 0 ? payment.inputs : [spend(hash(`${spec.label} outside input`))],
        outputs: payment.outputs,
      },
    })),
    headers_commission: fees.headers ?? 400,
    payload_commission: fees.payload ?? 300,
    tps_fee: fees.tps ?? 10,
    ...(fees.oversize === undefined ? {} : { oversize_fee: fees.oversize }),
    ...(fees.burn === undefined ? {} : { burn_fee: fees.burn }),
  };
}

export type State = 'stable' | 'final-bad' | 'unconfirmed';

export function joint(
  unit: AnyUnit,
  state: State,
  mainChainIndex: number | null = null,
): StoredJoint {
  if (state === 'unconfirmed')
    return { unit, proven: false, sequence: 'unconfirmed', mainChainIndex };
  return {
    unit,
    proven: true,
    sequence: state === 'stable' ? 'good' : 'final-bad',
    ball: hash(`ball of ${unit.unit ?? '?'}`),
    mainChainIndex,
  };
}

export const fixedClock = (at = Date.UTC(2025, 0, 1, 12)): Clock => ({ now: () => at });

export function silentLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    logger: new Logger({ sink: (line) => lines.push(line), clock: fixedClock(), level: 'debug' }),
    lines,
  };
}

/** A temp directory per test and databases opened in it, closed and removed by `cleanup`. */
export function tempDatabases() {
  const dirs: string[] = [];
  const open: WalletDatabase[] = [];
  return {
    dir(): string {
      const dir = mkdtempSync(join(tmpdir(), 'obyte-storage-'));
      dirs.push(dir);
      return dir;
    },
    open(
      directory: string,
      options: { clock?: Clock; migrations?: readonly Migration[] } = {},
    ): WalletDatabase {
      const db = WalletDatabase.open({
        directory,
        clock: options.clock ?? fixedClock(),
        logger: silentLogger().logger,
        ...(options.migrations ? { migrations: options.migrations } : {}),
      });
      open.push(db);
      return db;
    },
    cleanup(): void {
      for (const db of open) db.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      open.length = 0;
      dirs.length = 0;
    },
  };
}

// ----- captured devnet traffic (read-only) -----

interface Exchange {
  request: [string, { params?: unknown }];
  response: [string, { response?: unknown }];
}

export function readExchange(relative: string): { params: unknown; response: unknown } {
  const exchange = readFixture<Exchange>(relative);
  return { params: exchange.request[1].params, response: exchange.response[1].response };
}

interface RawHistory {
  joints?: { unit: unknown }[];
  proofchain_balls?: { unit: string; ball: string }[];
}

/**
 * A captured history answer as the sync layer would hand it over. Which joints are proven is
 * read from the answer's proofchain (as the verifier decides it, light-client.md §2.1 step 5;
 * the real verification is tested with the verifier). Unit hashes are still checked here.
 */
export function capturedHistory(relative: string): {
  addresses: string[];
  joints: StoredJoint[];
} {
  const { params, response } = readExchange(relative);
  const history = response as RawHistory;
  const balls = new Map((history.proofchain_balls ?? []).map((b) => [b.unit, b.ball]));
  const joints = (history.joints ?? []).map((raw): StoredJoint => {
    const unit = parseUnit(raw.unit);
    if (getUnitHash(unit) !== unit.unit) throw new Error('fixture unit hash mismatch');
    const ball = unit.unit === undefined ? undefined : balls.get(unit.unit);
    const mainChainIndex = unit.main_chain_index ?? null;
    return ball === undefined
      ? { unit, proven: false, sequence: 'unconfirmed', mainChainIndex }
      : { unit, proven: true, sequence: 'good', ball, mainChainIndex };
  });
  return { addresses: (params as { addresses: string[] }).addresses, joints };
}
