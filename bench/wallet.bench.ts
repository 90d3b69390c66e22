/**
 * Wallet benchmarks on the loopback test hub (synthetic devnet DAG, test/support/test-hub/
 * wallet-scenarios.ts):
 *
 * - restore discovery of 20 and 200 used addresses with 50 ms added to every light/get_history:
 *   round trips and wall time of WalletService.discover, beside the official wallets' scheme
 *   (sequential batches of 20 addresses per account and chain, stop after 3 unused accounts),
 *   simulated on the same hub with the same verification;
 * - preview time (wall and CPU, including the local parents request) for payments that spend 1,
 *   20 and 126 coins (126 = ocore's picker limit, MAX_INPUTS_PER_PAYMENT_MESSAGE − 2).
 *
 * Run: npx tsx bench/wallet.bench.ts
 */
import { systemClock } from '../electron/main/services/clock';
import { PaymentService } from '../electron/main/services/payments';
import {
  deriveWalletAddress,
  derivePath,
  getAccountPath,
  masterKeyFromMnemonic,
  serializeXpub,
  toHdPublicKey,
} from '../shared/protocol/hd';
import { verifyHistoryAnswer, type HistoryNetwork } from '../shared/protocol/history';
import { NETWORKS } from '../shared/protocol/wire';
import { recordingLogger } from '../test/electron/fakes';
import { createWalletRig } from '../test/electron/wallet/rig';
import { TEST_MNEMONIC, walletAddressesOf } from '../test/support/test-hub/wallet-scenarios';
import { getHistory, getWitnesses } from '../shared/protocol/light/index';

const LATENCY_MS = 50;
const OTHER = 'UENJPVZ7HVHM6QGVGT6MWOJGGRTUTJXQ';

function usedPayments(count: number): { address: string; amount: number }[] {
  return walletAddressesOf(TEST_MNEMONIC, 0, false, count).map((address, i) => ({
    address,
    amount: 10_000 + i,
  }));
}

async function ours(count: number): Promise<{ trips: number; ms: number; found: number }> {
  const rig = await createWalletRig({ payments: usedPayments(count), latencyMs: LATENCY_MS });
  try {
    const start = performance.now();
    const result = await rig.wallet.discover();
    return { trips: result.roundTrips, ms: performance.now() - start, found: result.usedAddresses };
  } finally {
    await rig.close();
  }
}

/** ocore light-wallet recovery: batches of 20 per account/chain, one request at a time. */
async function official(count: number): Promise<{ trips: number; ms: number; found: number }> {
  const rig = await createWalletRig({ payments: usedPayments(count), latencyMs: LATENCY_MS });
  try {
    const root = masterKeyFromMnemonic(TEST_MNEMONIC);
    const start = performance.now();
    const witnesses = await getWitnesses(rig.client);
    const network: HistoryNetwork = {
      countWitnesses: 1,
      majority: 1,
      genesisUnit: rig.scenario.genesisUnit,
      alt: NETWORKS.devnet.alt,
      versions: NETWORKS.devnet.supportedVersions,
    };
    let trips = 0;
    let found = 0;
    let unusedAccounts = 0;
    for (let account = 0; unusedAccounts < 3; account++) {
      let accountUsed = false;
      for (const isChange of [false, true]) {
        const xpub = serializeXpub(toHdPublicKey(derivePath(root, getAccountPath(account))));
        for (let from = 0; ; from += 20) {
          const batch = Array.from(
            { length: 20 },
            (_, i) => deriveWalletAddress(xpub, isChange, from + i).address,
          );
          const raw = await getHistory(rig.client, { witnesses, addresses: batch });
          trips += 1;
          const history = verifyHistoryAnswer(raw, { witnesses, network });
          const asked = new Set(batch);
          const used = history.addresses.filter((a) => asked.has(a)).length;
          found += used;
          if (used === 0) break;
          accountUsed = true;
        }
      }
      unusedAccounts = accountUsed ? 0 : unusedAccounts + 1;
    }
    return { trips, ms: performance.now() - start, found };
  } finally {
    await rig.close();
  }
}

async function previewTimes(
  inputs: number,
): Promise<{ wallMs: number; cpuMs: number; got: number }> {
  // Coins of 10 000+ bytes on up to 4 addresses; pay just below their sum so every coin is needed.
  const addresses = walletAddressesOf(TEST_MNEMONIC, 0, false, Math.min(4, inputs));
  const coins = Array.from({ length: inputs }, (_, i) => ({
    address: addresses[i % addresses.length] ?? '',
    amount: 10_000 + i,
  }));
  const wallet = await createWalletRig({ payments: coins });
  await wallet.wallet.discover();
  const payments = new PaymentService({
    hub: wallet.client,
    db: wallet.db,
    store: wallet.store,
    wallet: wallet.wallet,
    signer: () => wallet.keystore.wallet(),
    network: NETWORKS.devnet,
    logger: recordingLogger().logger,
    clock: systemClock,
  });
  const total = coins.reduce((s, c) => s + c.amount, 0);
  const amount = inputs === 1 ? 1000 : total - inputs * 120 - 3000;
  try {
    const runs = 15;
    const walls: number[] = [];
    const cpus: number[] = [];
    let got = 0;
    for (let i = 0; i < runs + 3; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const preview = await payments.preview({
        account: 0,
        recipients: [{ address: OTHER, amount }],
      });
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      got = preview.inputCount;
      payments.discardPreview(preview.previewId);
      if (i >= 3) {
        walls.push(wall);
        cpus.push((used.user + used.system) / 1000);
      }
    }
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return { wallMs: median(walls), cpuMs: median(cpus), got };
  } finally {
    await wallet.close();
  }
}

async function main(): Promise<void> {
  console.log(`restore discovery, ${LATENCY_MS} ms added per light/get_history`);
  for (const count of [20, 200]) {
    const a = await ours(count);
    const b = await official(count);
    console.log(
      `  ${String(count).padStart(3)} used: obyte-light ${a.trips} round trips ${a.ms.toFixed(0)} ms (found ${a.found})` +
        ` | official scheme ${b.trips} round trips ${b.ms.toFixed(0)} ms (found ${b.found})`,
    );
  }
  console.log('payment preview (parents request on loopback + coin choice + composition)');
  for (const inputs of [1, 20, 126]) {
    const r = await previewTimes(inputs);
    console.log(
      `  ${String(r.got).padStart(3)} inputs: median wall ${r.wallMs.toFixed(1)} ms, CPU ${r.cpuMs.toFixed(1)} ms`,
    );
  }
}

await main();
