/**
 * Address derivation: a cached chain node (chainOf: the xpub parsed and m/<is_change> derived
 * once, each address one HMAC, one base-point multiplication and one addition) against deriving
 * each address from the xpub text (deriveWalletAddress: parse, chain node, address), in
 * interleaved slices, CPU time. Each address is a new index, so no result is reused.
 *
 * Run: npx tsx bench/derive.bench.ts
 */
import {
  chainOf,
  deriveAccount,
  deriveWalletAddress,
  masterKeyFromMnemonic,
} from '../shared/protocol/hd';
import { emit, interleaved } from './lib/figures';

const xpub = deriveAccount(
  masterKeyFromMnemonic(
    'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  ),
  0,
);
const chain = chainOf(xpub, false);
if (chain.address(7).address !== deriveWalletAddress(xpub, false, 7).address) {
  throw new Error('the cached chain disagrees with the full derivation');
}
let a = 0;
let b = 0;
const pair = interleaved(
  () => chain.address(a++),
  () => deriveWalletAddress(xpub, false, b++),
  { slices: 10, sliceMs: 200, warmup: 30 },
);
const cached = 1000 / pair.a;
const full = 1000 / pair.b;
console.log(
  `address derivation: cached chain ${cached.toFixed(3)} ms, from the xpub each time ` +
    `${full.toFixed(3)} ms CPU per address; ×${pair.ratio.toFixed(2)} (slices ${pair.ratioMin.toFixed(2)}–` +
    `${pair.ratioMax.toFixed(2)}), load ${pair.loadBefore} → ${pair.loadAfter}`,
);
emit({
  id: 'derive.address',
  label: 'address derivation from a cached chain node (CPU per address)',
  value: Math.round(cached * 1000) / 1000,
  unit: 'ms',
  target: { op: '<=', value: 0.3 },
  load: pair.loadAfter,
  note: `from the xpub text each time: ${full.toFixed(2)} ms; ${pair.slices} interleaved slices, ratio ${pair.ratioMin.toFixed(2)}–${pair.ratioMax.toFixed(2)}`,
});
