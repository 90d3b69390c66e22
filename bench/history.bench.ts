/**
 * History verification throughput (issue 4: "at least 5,000 units verified per second on one
 * core"). Generates a synthetic, fully valid `light/get_history` answer the way an ocore hub
 * builds one — 2000 payment joints on a main chain, 12 witnesses (majority 7) whose units form the
 * witness proof, a witness definition joint, a proofchain from the newest trusted last ball down
 * to every joint — signed with real keys derived through hd.ts, hashed and sized with unit.ts and
 * commission.ts. A second process (so that its peak RSS is the verifier's alone) then times
 * parse + verify on fresh copies (JSON.parse excluded and reported apart) and prints joints per
 * second and peak RSS. Asserts nothing about speed.
 *
 * Scenarios (ECDSA verification dominates on these machines, so they differ in how many):
 * - spec default: signatures are checked for witnesses and wherever the answer carries the
 *   definition (first use of each of the 110 addresses that author joints);
 * - + own defs: the wallet also passes its 10 address definitions, so every joint it authored
 *   (half of them) is signature-checked too;
 * - unproven sigs: as + own defs with `checkProvenSignatures: false`: proven joints rely on the
 *   proof (which binds their signed content), only the witness proof's signatures are checked.
 *
 * signature.ts caches decoded pubkeys and gives often-used ones a precomputed table. The three
 * scenarios above empty that cache before every run (a first sync after start); the "warm" ones
 * keep it from the runs before (later syncs in the same process, same witnesses and wallet keys).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddressFromDefinition } from '../shared/protocol/chash';
import { getHeadersSize, getPayloadSize } from '../shared/protocol/commission';
import { deriveAddressPrivateKey, masterKeyFromSeed } from '../shared/protocol/hd';
import {
  verifyHistory,
  type HistoryNetwork,
  type VerifyHistoryOptions,
} from '../shared/protocol/history';
import { parseHistoryResponse } from '../shared/protocol/history-parse';
import {
  clearVerificationKeyCache,
  getPublicKeyB64,
  sign,
  verificationKeyCacheStats,
} from '../shared/protocol/signature';
import {
  getBallHash,
  getMessagePayloadHash,
  getUnitHash,
  getUnitHashToSign,
} from '../shared/protocol/unit';
import type { AddressDefinition, Unit } from '../shared/protocol/unit-types';
import { emit } from './lib/figures';

const JOINTS = 2000;
const WITNESS_UNITS = 24;
const COUNT_WITNESSES = 12;
const MAJORITY = 7;
const LAST_BALL_LAG = 5;
const WALLET_ADDRESSES = 10;
const PAYERS = 100;

interface Signer {
  address: string;
  privateKey: Uint8Array;
  definition: AddressDefinition;
}

const root = masterKeyFromSeed(Uint8Array.from({ length: 32 }, (_, i) => i + 1));

function signer(account: number, index: number): Signer {
  const privateKey = deriveAddressPrivateKey(root, account, false, index);
  const definition: AddressDefinition = ['sig', { pubkey: getPublicKeyB64(privateKey) }];
  return { address: getAddressFromDefinition(definition), privateKey, definition };
}

const witnesses = Array.from({ length: COUNT_WITNESSES }, (_, i) => signer(1, i)).sort((a, b) =>
  a.address < b.address ? -1 : 1,
);
const wallet = Array.from({ length: WALLET_ADDRESSES }, (_, i) => signer(0, i));
const payers = Array.from({ length: PAYERS }, (_, i) => signer(2, i));

const seen = new Set<string>();

/** Compose, size, sign and hash a unit (ocore composer order: placeholders, sizes, sign, hash). */
function buildUnit(
  authors: Signer[],
  payload: Record<string, unknown>,
  header: Partial<Unit>,
): Unit {
  const sorted = [...authors].sort((a, b) => (a.address < b.address ? -1 : 1));
  const unit: Unit = {
    version: '4.0',
    alt: '1',
    authors: sorted.map((s) => {
      const firstUse = !seen.has(s.address);
      seen.add(s.address);
      return {
        address: s.address,
        authentifiers: { r: '-'.repeat(88) },
        ...(firstUse ? { definition: s.definition } : {}),
      };
    }),
    messages: [
      {
        app: 'payment',
        payload_location: 'inline',
        payload_hash: '',
        payload: payload as never,
      },
    ],
    ...header,
  };
  for (const message of unit.messages) message.payload_hash = getMessagePayloadHash(message, '4.0');
  unit.headers_commission = getHeadersSize(unit);
  unit.payload_commission = getPayloadSize(unit);
  const digest = getUnitHashToSign(unit);
  unit.authors.forEach((author, i) => {
    const key = sorted[i];
    if (key) author.authentifiers = { r: sign(digest, key.privateKey) };
  });
  unit.unit = getUnitHash(unit);
  return unit;
}

function payment(input: string, outputs: [string, number][]): Record<string, unknown> {
  return {
    inputs: [{ unit: input, message_index: 0, output_index: 0 }],
    outputs: outputs
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
      .map(([address, amount]) => ({ address, amount })),
  };
}

function generate(): { answer: unknown; network: HistoryNetwork } {
  const start = Date.now();
  const genesis = buildUnit(
    witnesses,
    {
      inputs: [{ type: 'issue', serial_number: 1, amount: 1e15, address: witnesses[0]?.address }],
      outputs: [...witnesses, ...payers]
        .map((s) => ({ address: s.address, amount: 1e12 }))
        .sort((a, b) => (a.address < b.address ? -1 : 1)),
    },
    { timestamp: 1_700_000_000 },
  );
  const chain: Unit[] = [genesis];
  const balls: string[] = [getBallHash(genesis.unit ?? '')];
  const header = (mci: number): Partial<Unit> => {
    const lastBallMci = Math.max(0, mci - LAST_BALL_LAG);
    return {
      parent_units: [chain[mci - 1]?.unit ?? ''],
      last_ball: balls[lastBallMci] ?? '',
      last_ball_unit: chain[lastBallMci]?.unit ?? '',
      timestamp: 1_700_000_000 + mci,
      tps_fee: 0,
    };
  };
  const append = (unit: Unit): void => {
    chain.push(unit);
    balls.push(getBallHash(unit.unit ?? '', [balls[balls.length - 1] ?? '']));
  };
  for (let mci = 1; mci <= JOINTS; mci++) {
    const mine = wallet[(mci >> 1) % WALLET_ADDRESSES] as Signer;
    const payer = payers[(mci >> 1) % PAYERS] as Signer;
    const previous = chain[mci - 1]?.unit ?? '';
    append(
      mci % 2 === 0
        ? buildUnit(
            [payer],
            payment(previous, [
              [mine.address, 10_000 + mci],
              [payer.address, 5e8],
            ]),
            header(mci),
          )
        : buildUnit(
            [mine],
            payment(previous, [
              [payer.address, 1_000 + mci],
              [mine.address, 4e8],
            ]),
            header(mci),
          ),
    );
  }
  for (let i = 0; i < WITNESS_UNITS; i++) {
    const mci = JOINTS + 1 + i;
    const witness = witnesses[i % COUNT_WITNESSES] as Signer;
    append(
      buildUnit(
        [witness],
        payment(chain[mci - 1]?.unit ?? '', [[witness.address, 1e9]]),
        header(mci),
      ),
    );
  }

  const served = (mci: number, withBall: boolean) => {
    const unit = chain[mci] as Unit;
    return {
      unit: { ...unit, main_chain_index: mci, actual_tps_fee: 0 },
      ...(withBall ? { ball: balls[mci] } : {}),
    };
  };
  const top = chain.length - 1;
  const unstable = Array.from({ length: WITNESS_UNITS }, (_, i) => served(top - i, false));
  // The newest trusted last ball: named by the element where the majority is reached.
  const lastBallMci = top - (MAJORITY - 1) - LAST_BALL_LAG;

  // ocore proof_chain.buildProofChain for joints in MCI-descending order.
  const proofchain: Record<string, unknown>[] = [];
  const ballObject = (mci: number) => ({
    unit: chain[mci]?.unit,
    ball: balls[mci],
    ...(mci > 0 ? { parent_balls: [balls[mci - 1]] } : {}),
  });
  let later = lastBallMci + 1;
  for (let mci = JOINTS; mci >= 1; mci--) {
    for (let m = later - 1; m >= mci; m--) proofchain.push(ballObject(m));
    proofchain.push(ballObject(mci)); // last mile: the joint itself
    later = mci;
  }

  const answer = {
    unstable_mc_joints: unstable,
    witness_change_and_definition_joints: [served(0, true)],
    joints: Array.from({ length: JOINTS }, (_, i) => served(JOINTS - i, true)),
    proofchain_balls: proofchain,
  };
  console.log(
    `generated ${JOINTS} joints, ${unstable.length} unstable MC joints, ${proofchain.length} proofchain balls in ${((Date.now() - start) / 1000).toFixed(1)} s`,
  );
  return {
    answer,
    network: {
      countWitnesses: COUNT_WITNESSES,
      majority: MAJORITY,
      genesisUnit: genesis.unit ?? '',
      alt: '1',
      versions: ['1.0', '2.0', '3.0', '4.0'],
    },
  };
}

interface Scenario {
  name: string;
  rounds: number;
  ownDefinitions: boolean;
  checkProvenSignatures: boolean;
  /** Keep signature.ts's key cache from the runs before (else emptied before each run). */
  warmKeys: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'spec default',
    rounds: 7,
    ownDefinitions: false,
    checkProvenSignatures: true,
    warmKeys: false,
  },
  {
    name: '+ own defs',
    rounds: 3,
    ownDefinitions: true,
    checkProvenSignatures: true,
    warmKeys: false,
  },
  {
    name: 'unproven sigs',
    rounds: 7,
    ownDefinitions: true,
    checkProvenSignatures: false,
    warmKeys: false,
  },
  {
    name: 'spec, warm',
    rounds: 7,
    ownDefinitions: false,
    checkProvenSignatures: true,
    warmKeys: true,
  },
  {
    name: '+ own, warm',
    rounds: 3,
    ownDefinitions: true,
    checkProvenSignatures: true,
    warmKeys: true,
  },
];

function run(text: string, options: VerifyHistoryOptions, scenario: Scenario): number {
  const parseTimes: number[] = [];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let checked = 0;
  for (let round = 0; round < scenario.rounds; round++) {
    if (!scenario.warmKeys) clearVerificationKeyCache();
    const t0 = performance.now();
    const raw: unknown = JSON.parse(text);
    const t1 = performance.now();
    const cpu = process.cpuUsage();
    const history = verifyHistory(parseHistoryResponse(raw), options);
    const used = process.cpuUsage(cpu);
    const t2 = performance.now();
    cpuTimes.push((used.user + used.system) / 1000);
    if (history.joints.length !== JOINTS || !history.joints.every((j) => j.proven)) {
      throw new Error('the generated answer did not verify as fully proven');
    }
    checked = history.joints.reduce((n, j) => n + j.verifiedAuthors.length, 0);
    parseTimes.push(t1 - t0);
    times.push(t2 - t1);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  const wall = median(times);
  const cpu = median(cpuTimes);
  const rate = (ms: number) => Math.round((JOINTS / ms) * 1000).toLocaleString('en-US');
  console.log(
    `${scenario.name.padEnd(14)} ${rate(wall).padStart(6)} joints/s wall, ${rate(cpu).padStart(6)} per CPU-second ` +
      `(medians of ${scenario.rounds} runs: ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU per ` +
      `${JOINTS}-joint answer; ECDSA checks: ${checked} joint + ${WITNESS_UNITS + COUNT_WITNESSES} ` +
      `witness; JSON.parse ${median(parseTimes).toFixed(0)} ms apart; key cache ` +
      `${scenario.warmKeys ? 'warm' : 'emptied'} before each run, after it ${stats()})`,
  );
  return Math.round((JOINTS / cpu) * 1000);
}

function stats(): string {
  const { keys, tables } = verificationKeyCacheStats();
  return `${keys} keys, ${tables} tables`;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** The child: only reads the answer and verifies it, so its peak RSS is the verifier's. */
function verifyFromFile(file: string): void {
  const { text, network } = JSON.parse(readFileSync(file, 'utf8')) as {
    text: string;
    network: HistoryNetwork;
  };
  const base: VerifyHistoryOptions = { witnesses: witnesses.map((w) => w.address), network };
  const startRss = maxRssMb();
  verifyHistory(parseHistoryResponse(JSON.parse(text)), base);
  const firstRss = maxRssMb();
  const rates = new Map<string, number>();
  for (const scenario of SCENARIOS) {
    const rate = run(
      text,
      {
        ...base,
        checkProvenSignatures: scenario.checkProvenSignatures,
        ...(scenario.ownDefinitions
          ? { knownDefinitions: new Map(wallet.map((w) => [w.address, w.definition])) }
          : {}),
      },
      scenario,
    );
    rates.set(scenario.name, rate);
  }
  const shape = `${JOINTS} joints on one main chain, ${COUNT_WITNESSES} witnesses; key cache emptied before each run`;
  emit({
    id: 'history.spec',
    label: 'history verification, spec path (joints per CPU-second)',
    value: rates.get('spec default') ?? null,
    unit: '/s',
    target: { op: '>=', value: 6000 },
    note: `${shape}; signatures where the answer carries the definition`,
  });
  emit({
    id: 'history.own-definitions',
    label: "history verification with the wallet's own definitions (joints per CPU-second)",
    value: rates.get('+ own defs') ?? null,
    unit: '/s',
    note: `${shape}; half the joints are the wallet's and signature-checked too`,
  });
  console.log(
    `peak RSS of the verifying process: ${startRss.toFixed(0)} MB after loading (node + tsx + ` +
      `modules + the answer text), ${firstRss.toFixed(0)} MB after one verification, ` +
      `${maxRssMb().toFixed(0)} MB after all runs (uncollected garbage of repeated runs)`,
  );
}

const verifyIndex = process.argv.indexOf('--verify');
const writeIndex = process.argv.indexOf('--write');
if (verifyIndex >= 0) {
  verifyFromFile(process.argv[verifyIndex + 1] ?? '');
} else if (writeIndex >= 0) {
  // Keep a generated answer (e.g. for a loopback hub): {text, network}.
  const { answer, network } = generate();
  writeFileSync(
    process.argv[writeIndex + 1] ?? 'answer.json',
    JSON.stringify({ text: JSON.stringify(answer), network }),
  );
} else {
  const { answer, network } = generate();
  const text = JSON.stringify(answer);
  console.log(`answer: ${(text.length / 1e6).toFixed(1)} MB of JSON; node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'obyte-history-bench-'));
  const file = join(dir, 'answer.json');
  writeFileSync(file, JSON.stringify({ text, network }));
  try {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--verify', file],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) throw new Error(`the verifying process failed (${child.status})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
