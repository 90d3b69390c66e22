/**
 * AA payment preview cost (issue 15 target: ≤ 20 ms of CPU, the AA's definition cached, the dry
 * run excluded): a link's base64data decoded and checked, the served definition checked against
 * the AA's address (what the cache saves is the round trip, not this check: it is counted),
 * a 20-coin payment composed with the data message and the AA output (sizes, fees, payload
 * hashes, hash to sign, re-verification), the trigger, bounce fees, bounce outcome and the data
 * table. Prints figures; asserts nothing.
 *
 * Run: npx tsx bench/aa.bench.ts
 */
import {
  bounceOutcome,
  buildDryRunTrigger,
  classifyAddress,
  missingBounceFees,
  triggerOutputs,
} from '../shared/protocol/aa';
import { dataRows, decodeBase64Data, encodeBase64Data } from '../shared/protocol/aa-data';
import { toBase64 } from '../shared/protocol/bytes';
import { getAddressFromDefinition } from '../shared/protocol/chash';
import type { CoinCandidate } from '../shared/protocol/coins';
import { composePayment } from '../shared/protocol/compose';
import { sha256Utf8 } from '../shared/protocol/hash';
import { getPublicKeyB64 } from '../shared/protocol/signature';

const privateKey = sha256Utf8('aa bench key');
const address = getAddressFromDefinition(['sig', { pubkey: getPublicKeyB64(privateKey) }]);
const hash = (label: string): string => toBase64(sha256Utf8(label));
const definition = [
  'autonomous agent',
  {
    bounce_fees: { base: 10000 },
    messages: [
      {
        app: 'payment',
        payload: {
          asset: 'base',
          outputs: [
            { address: '{trigger.address}', amount: '{trigger.output[[asset=base]] - 2000}' },
          ],
        },
      },
      {
        app: 'state',
        state: "{ var['last_echo'] = trigger.data.echo; response['echo'] = trigger.data.echo; }",
      },
    ],
  },
];
const aa = getAddressFromDefinition(definition);
// A typical dApp request: an order with a few fields.
const base64data = encodeBase64Data({
  order: 'buy',
  pair: 'GBYTE/USDC',
  price: 0.0123,
  slippage: 0.5,
  deadline: 1_790_000_000,
  ref: 'R5X4QXN7P3K2WQ7M3H7XZ3YJZ3S5D2QX',
  meta: { app: 'example dex', note: 'limit order é 😀' },
});

function coins(count: number): CoinCandidate[] {
  return Array.from({ length: count }, (_, i) => ({
    unit: hash(`aa bench coin ${i}`),
    message_index: 0,
    output_index: i % 4,
    amount: 10_000,
    address,
    asset: 'base',
    is_stable: true,
    main_chain_index: 100,
  }));
}
const walletCoins = coins(20);

function preview(): unknown {
  const data = decodeBase64Data(base64data);
  const kind = classifyAddress(aa, definition);
  if (kind.kind !== 'aa' || kind.aa.bounceFees === null) throw new Error('not an AA');
  const composed = composePayment({
    network: 'mainnet',
    parentsInfo: {
      parent_units: [hash('parent a'), hash('parent b')].sort(),
      last_stable_mc_ball: hash('ball'),
      last_stable_mc_ball_unit: hash('ball unit'),
      last_stable_mc_ball_mci: 12_000_000,
      timestamp: 1_790_000_000,
      tps_fee: 1200,
      count_primary_aa_triggers: 1,
    },
    thresholdSize: 10_000,
    authors: [{ address }],
    recipients: [{ address: aa, amount: 189_000 }],
    changeAddress: address,
    coins: { base: walletCoins },
    messages: [{ app: 'data', payload: data }],
    aaAddresses: [aa],
  });
  if (composed.preview.inputCount !== 20) throw new Error('expected 20 inputs');
  const outputs = composed.unit.messages.flatMap((m) =>
    m.app === 'payment' && m.payload
      ? (m.payload as { outputs: { address: string; amount: number }[] }).outputs.map((o) => ({
          ...o,
          asset: 'base',
        }))
      : [],
  );
  const received = triggerOutputs(aa, outputs);
  return [
    buildDryRunTrigger({ aaAddress: aa, triggerAddress: address, outputs, data }),
    missingBounceFees(kind.aa.bounceFees, received),
    bounceOutcome(kind.aa.bounceFees, received),
    dataRows(data),
  ];
}

function time(fn: () => unknown, minSeconds = 2): { cpuMs: number; wallMs: number } {
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
  return { cpuMs: (used.user + used.system) / 1000 / runs, wallMs: Number(elapsed) / 1e6 / runs };
}

const t = time(preview);
console.log(
  `aa bench, node ${process.version}: preview of an AA payment with data, 20 coins ` +
    `(definition cached, dry run excluded; target ≤ 20 ms CPU): ` +
    `${t.cpuMs.toFixed(2)} ms CPU, ${t.wallMs.toFixed(2)} ms wall`,
);
