/**
 * Protocol throughput of shared/protocol beside obyte.js (the npm package `obyte`) on the
 * primitives both compute, in one run on this machine. Each pair is checked to produce the same
 * value before it is timed, then timed in interleaved slices (CPU time), with the spread of the
 * per-slice ratio beside its median. Prints figures; asserts nothing about speed.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fromHex,
  getAddressFromDefinition,
  getHeadersSize,
  getJsonSourceString,
  getPublicKeyB64,
  getSourceString,
  getUnitHash,
  getUnitHashToSign,
  parseUnit,
  sign,
  verify,
  verifyUncached,
  clearVerificationKeyCache,
  isValidAddress,
  isVoidedUnit,
} from '../shared/protocol/index';
import { formatRate, measure } from './measure';
import { interleaved, machineLoad } from './lib/figures';

interface ObyteInternal {
  getSourceString(value: unknown): string;
  getJsonSourceString(value: unknown): string;
  chashGetChash160(data: string): string;
  isChashValid(chash: string): boolean;
  getUnitHash(unit: unknown): string;
  getUnitHashToSign(unit: unknown): Buffer;
  getHeadersSize(unit: unknown, withKeys: boolean): number;
  sign(hash: Buffer, privateKey: Buffer): string;
  verify(hash: Buffer, signature: string, pubkey: string): boolean;
}

const require = createRequire(import.meta.url);
const obyte = require('obyte/lib/internal.js') as ObyteInternal;

const here = dirname(fileURLToPath(import.meta.url));
const vectorsDir = resolve(
  process.env['OBYTE_VECTORS_DIR'] ?? join(here, '..', '..', 'shared', 'vectors'),
);

interface UnitVector {
  version: string;
  unit: unknown;
}
const units = (
  JSON.parse(readFileSync(join(vectorsDir, 'units.json'), 'utf8')) as { vectors: UnitVector[] }
).vectors;
// obyte.js composes version 3.0 units: compare on the 3.0 vector, which both can hash.
const v3 = units.find((v) => v.version === '3.0');
if (!v3) throw new Error('units.json has no version 3.0 unit to compare on');
const parsed = parseUnit(v3.unit);
if (isVoidedUnit(parsed)) throw new Error('the version 3.0 vector has no content');
const unit = parsed;
const rawUnit = v3.unit;

const privateKey = fromHex('edc73b0fdb41f3b05eec83ba5bd4510b6b874b03a479dcb6325d20b324617f22');
const pubkey = getPublicKeyB64(privateKey);
const definition = ['sig', { pubkey }];
const address = getAddressFromDefinition(definition);
const digest = getUnitHashToSign(unit);
const signature = sign(digest, privateKey);

function same(label: string, ours: unknown, theirs: unknown): void {
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
    throw new Error(
      `${label}: obyte.js disagrees (${JSON.stringify(ours)} vs ${JSON.stringify(theirs)})`,
    );
  }
}

same('source string', getSourceString(rawUnit), obyte.getSourceString(rawUnit));
same('json source string', getJsonSourceString(rawUnit), obyte.getJsonSourceString(rawUnit));
same('address', address, obyte.chashGetChash160(getSourceString(definition)));
same('unit hash', getUnitHash(unit), obyte.getUnitHash(structuredClone(rawUnit)));
same(
  'hash to sign',
  Buffer.from(digest).toString('base64'),
  obyte.getUnitHashToSign(structuredClone(rawUnit)).toString('base64'),
);
// obyte.js adds a fixed 88-byte signature allowance to every unit, so on a signed unit its figure
// is not ocore's; it is timed below anyway, and the difference is printed.
const theirHeaders = obyte.getHeadersSize(structuredClone(rawUnit), true);
if (theirHeaders !== getHeadersSize(unit)) {
  console.log(
    `note: headers size differs: ocore/Obyte Light ${getHeadersSize(unit)}, obyte.js ${theirHeaders}`,
  );
}
same('signature', signature, obyte.sign(Buffer.from(digest), Buffer.from(privateKey)));

interface Secp256k1Js {
  sign(hash: Buffer, privateKey: Buffer): { signature: Buffer };
  verify(hash: Buffer, signature: Buffer, pubkey: Buffer): boolean;
}
// obyte.js signs through the `secp256k1` package: its native addon under plain Node, its pure-JS
// fallback (elliptic) wherever the addon is not built for the runtime, as in a packaged Electron app.
const secp256k1Js = require('secp256k1/elliptic.js') as Secp256k1Js;
const digestBuffer = Buffer.from(digest);
const privateKeyBuffer = Buffer.from(privateKey);

const pairs: Array<[string, () => unknown, () => unknown]> = [
  ['source string (unit)', () => getSourceString(rawUnit), () => obyte.getSourceString(rawUnit)],
  [
    'json source string (unit)',
    () => getJsonSourceString(rawUnit),
    () => obyte.getJsonSourceString(rawUnit),
  ],
  ['unit hash', () => getUnitHash(unit), () => obyte.getUnitHash(rawUnit)],
  ['hash to sign', () => getUnitHashToSign(unit), () => obyte.getUnitHashToSign(rawUnit)],
  ['headers size', () => getHeadersSize(unit), () => obyte.getHeadersSize(rawUnit, true)],
  [
    'address from definition',
    () => getAddressFromDefinition(definition),
    () => obyte.chashGetChash160(getSourceString(definition)),
  ],
  ['address validation', () => isValidAddress(address), () => obyte.isChashValid(address)],
  ['sign digest', () => sign(digest, privateKey), () => obyte.sign(digestBuffer, privateKeyBuffer)],
  [
    // The same key every time: signature.ts's key cache gives it a precomputed table.
    'verify signature',
    () => verify(digest, signature, pubkey),
    () => obyte.verify(digestBuffer, signature, pubkey),
  ],
  [
    // A key never seen before (cache emptied): what a one-off signer costs.
    'verify, cold key cache',
    () => {
      clearVerificationKeyCache();
      return verify(digest, signature, pubkey);
    },
    () => obyte.verify(digestBuffer, signature, pubkey),
  ],
  [
    'sign (obyte.js pure JS)',
    () => sign(digest, privateKey),
    () => secp256k1Js.sign(digestBuffer, privateKeyBuffer),
  ],
  [
    'verify (obyte.js pure JS)',
    () => verify(digest, signature, pubkey),
    () =>
      secp256k1Js.verify(
        digestBuffer,
        Buffer.from(signature, 'base64'),
        Buffer.from(pubkey, 'base64'),
      ),
  ],
];

const seconds = Number(process.env['BENCH_SECONDS'] ?? '1');
console.log(
  `protocol throughput, ${process.version}, ${seconds}s per pair in 10 interleaved slices, CPU ` +
    `time (obyte.js ${require('obyte/package.json').version as string}); load ${machineLoad()}`,
);
console.log(
  [
    'primitive'.padEnd(28),
    'Obyte Light'.padStart(14),
    'obyte.js'.padStart(14),
    'ratio'.padStart(7),
    'slices'.padStart(12),
  ].join(' '),
);
for (const [name, ours, theirs] of pairs) {
  // A and B alternate in slices (A B, B A, …): a change of load hits both alike.
  const pair = interleaved(ours, theirs, { slices: 10, sliceMs: (seconds * 1000) / 20 });
  console.log(
    [
      name.padEnd(28),
      formatRate(pair.a).padStart(14),
      formatRate(pair.b).padStart(14),
      pair.ratio.toFixed(2).padStart(7),
      `${pair.ratioMin.toFixed(2)}–${pair.ratioMax.toFixed(2)}`.padStart(12),
    ].join(' '),
  );
}

// The key cache on its own: the same key over and over, against noble's verify on the bytes.
const cached = measure('cached', () => verify(digest, signature, pubkey), seconds).opsPerSecond;
const uncached = measure(
  'uncached',
  () => verifyUncached(digest, signature, pubkey),
  seconds,
).opsPerSecond;
console.log(
  `verify, same key repeated: cached ${formatRate(cached)}, uncached (noble verify on the ` +
    `bytes) ${formatRate(uncached)}, ×${(cached / uncached).toFixed(2)}`,
);
