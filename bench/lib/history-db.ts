/**
 * A synthetic wallet history for the storage and start-up benchmarks: about half incoming
 * payments, most of the rest payments out of the wallet spending 1–3 of its coins with change,
 * a few asset payments; 0.5% final-bad; the newest 40 still unconfirmed. Deterministic (seeded).
 */
import { createHash } from 'node:crypto';
import {
  getChash160,
  isPaymentMessage,
  type PaymentInput,
  type Unit,
} from '../../shared/protocol/index';
import type { StoredJoint } from '../../electron/main/services/storage/index';

const hash = (label: string): string => createHash('sha256').update(label).digest('base64');

/** mulberry32: a small deterministic generator so every run fills the same database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Coin {
  input: PaymentInput;
  amount: number;
}

function unitOf(
  index: number,
  author: string,
  messages: { asset?: string; inputs: PaymentInput[]; outputs: [string, number][] }[],
): Unit {
  const label = `bench unit ${index}`;
  return {
    unit: hash(label),
    version: '4.0',
    alt: '1',
    timestamp: 1_600_000_000 + index * 60,
    parent_units: [hash(`${label} p1`), hash(`${label} p2`)],
    last_ball: hash(`${label} lb`),
    last_ball_unit: hash(`${label} lbu`),
    authors: [{ address: author, authentifiers: { r: 'A'.repeat(88) } }],
    messages: messages.map((m) => ({
      app: 'payment',
      payload_location: 'inline',
      payload_hash: hash(`${label} payload`),
      payload: {
        ...(m.asset ? { asset: m.asset } : {}),
        inputs: m.inputs,
        outputs: m.outputs
          .map(([address, amount]) => ({ address, amount }))
          .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
      },
    })),
    headers_commission: 405,
    payload_commission: 311,
    tps_fee: 10,
  };
}

/**
 * A wallet's history: about half incoming payments, most of the rest payments out of the wallet
 * spending 1–3 of its coins with change, a few asset payments; 0.5% final-bad; the newest 40
 * still unconfirmed.
 */
export function history(
  count: number,
  addressCount: number,
): { wallet: string[]; joints: StoredJoint[] } {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const wallet = Array.from({ length: addressCount }, (_, i) => getChash160(`bench wallet ${i}`));
  const foreign = Array.from({ length: 30 }, (_, i) => getChash160(`bench foreign ${i}`));
  const asset = hash('bench asset');
  const coins = new Map<string, Coin[]>(wallet.map((a) => [a, []]));
  const joints: StoredJoint[] = [];
  for (let i = 0; i < count; i++) {
    const unconfirmed = i >= count - 40;
    const roll = rand();
    const spender = pick(wallet);
    const purse = coins.get(spender) ?? [];
    let unit: Unit;
    let finalBad = false;
    if (roll < 0.45 || purse.length === 0) {
      const to = pick(wallet);
      const amount = 100_000 + Math.floor(rand() * 1e9);
      const payer = pick(foreign);
      unit = unitOf(i, payer, [
        {
          inputs: [{ unit: hash(`outside ${i}`), message_index: 0, output_index: 0 }],
          outputs: [
            [to, amount],
            [payer, 5e9],
          ],
        },
      ]);
      finalBad = !unconfirmed && rand() < 0.01;
    } else if (roll < 0.95) {
      const taken = purse.splice(0, 1 + Math.floor(rand() * Math.min(3, purse.length)));
      const total = taken.reduce((sum, coin) => sum + coin.amount, 0);
      const fee = 726;
      const sent = Math.floor((total - fee) * rand() * 0.9) + 1;
      unit = unitOf(i, spender, [
        {
          inputs: taken.map((c) => c.input),
          outputs: [
            [pick(foreign), sent],
            [spender, total - fee - sent],
          ],
        },
      ]);
    } else {
      const to = pick(wallet);
      const payer = pick(foreign);
      unit = unitOf(i, payer, [
        {
          inputs: [{ unit: hash(`outside ${i}`), message_index: 0, output_index: 0 }],
          outputs: [[payer, 5e9]],
        },
        {
          asset,
          inputs: [{ unit: hash(`outside asset ${i}`), message_index: 0, output_index: 0 }],
          outputs: [[to, 1 + Math.floor(rand() * 1e6)]],
        },
      ]);
    }
    if (!finalBad) {
      unit.messages.forEach((message, messageIndex) => {
        if (!isPaymentMessage(message) || !message.payload || message.payload.asset) return;
        message.payload.outputs.forEach((output, outputIndex) => {
          const purseOf = output.address === undefined ? undefined : coins.get(output.address);
          purseOf?.push({
            input: {
              unit: unit.unit ?? '',
              message_index: messageIndex,
              output_index: outputIndex,
            },
            amount: output.amount,
          });
        });
      });
    }
    joints.push(
      unconfirmed
        ? { unit, proven: false, sequence: 'unconfirmed', mainChainIndex: null }
        : {
            unit,
            proven: true,
            sequence: finalBad ? 'final-bad' : 'good',
            ball: hash(`ball ${i}`),
            mainChainIndex: 1000 + i,
          },
    );
  }
  return { wallet, joints };
}
