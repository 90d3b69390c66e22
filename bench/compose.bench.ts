/**
 * Payment preview cost: CPU time of composePayment (unsigned: coin selection, sizes, fees,
 * payload hashes, hash to sign, the built-in re-verification) for payments spending 1, 20 and 128
 * coins, plus signing for comparison. The coins are chosen so that selection must take exactly
 * that many (128 only with given coins: ocore's selection stops at 126). Target from the issue: a
 * 20-input preview in at most 20 ms of CPU. Prints figures; asserts nothing.
 *
 * Run: npx tsx bench/compose.bench.ts
 */
import {
  composePayment,
  signComposedUnit,
  type ComposedPayment,
  type ComposePaymentParams,
} from '../shared/protocol/compose';
import type { CoinCandidate } from '../shared/protocol/coins';
import { getAddressFromDefinition } from '../shared/protocol/chash';
import { toBase64 } from '../shared/protocol/bytes';
import { sha256Utf8 } from '../shared/protocol/hash';
import { getPublicKeyB64 } from '../shared/protocol/signature';

const privateKey = sha256Utf8('compose bench key');
const address = getAddressFromDefinition(['sig', { pubkey: getPublicKeyB64(privateKey) }]);
const recipient = getAddressFromDefinition([
  'sig',
  { pubkey: getPublicKeyB64(sha256Utf8('compose bench recipient')) },
]);
const hash = (label: string): string => toBase64(sha256Utf8(label));

function coins(count: number, amount: number, label = 'coin'): CoinCandidate[] {
  return Array.from({ length: count }, (_, i) => ({
    unit: hash(`bench ${label} ${i}`),
    message_index: 0,
    output_index: i % 4,
    amount,
    address,
    asset: 'base',
    is_stable: true,
    main_chain_index: 100,
  }));
}

/** A payment that needs `inputs` coins of 10 000 bytes (plus 20 smaller distractors). */
function paramsFor(inputs: number): ComposePaymentParams {
  const given = inputs > 126;
  // n − 1 coins never cover (n − 1) × 10 000 plus fees; n coins do (for n < 100).
  const amount = inputs === 1 ? 5_000 : (inputs - 1) * 10_000;
  return {
    network: 'mainnet',
    parentsInfo: {
      parent_units: [hash('parent a'), hash('parent b')].sort(),
      last_stable_mc_ball: hash('ball'),
      last_stable_mc_ball_unit: hash('ball unit'),
      last_stable_mc_ball_mci: 1_000,
      timestamp: 1_760_000_000,
      tps_fee: 12,
      count_primary_aa_triggers: 0,
    },
    thresholdSize: 10_000,
    authors: [{ address }],
    recipients: [{ address: recipient, amount: given ? 1_000_000 : amount }],
    changeAddress: address,
    coins: {
      base: given ? coins(inputs, 10_000) : [...coins(inputs, 10_000), ...coins(20, 50, 'dust')],
    },
    coinSelection: given ? 'given' : 'pick',
  };
}

interface Timing {
  cpuMs: number;
  wallMs: number;
}

function time(fn: () => unknown, minSeconds = 1): Timing {
  for (let i = 0; i < 20; i++) fn();
  let runs = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsed: bigint;
  do {
    fn();
    runs += 1;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < BigInt(minSeconds * 1e9) || runs < 20);
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000 / runs,
    wallMs: Number(elapsed) / 1e6 / runs,
  };
}

const format = (ms: number): string => `${ms.toFixed(2)} ms`;

console.log(
  `compose bench, node ${process.version} (CPU time per operation; target: 20 inputs ≤ 20 ms)`,
);
console.log('inputs  unit size  preview CPU  preview wall  sign CPU');
for (const inputs of [1, 20, 128]) {
  const params = paramsFor(inputs);
  const sample: ComposedPayment = composePayment(params);
  const count = sample.preview.inputCount;
  if (count !== inputs) throw new Error(`expected ${inputs} inputs, composed ${count}`);
  const size = sample.preview.fees.headers_commission + sample.preview.fees.payload_commission;
  const preview = time(() => composePayment(params));
  const signing = time(() => signComposedUnit(sample, () => privateKey));
  console.log(
    `${String(inputs).padStart(6)}  ${String(size).padStart(9)}  ${format(preview.cpuMs).padStart(11)}  ` +
      `${format(preview.wallMs).padStart(12)}  ${format(signing.cpuMs).padStart(8)}`,
  );
}
