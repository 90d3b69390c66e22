/** A tiny ops/second meter for benchmark scripts: warm up, then run for a fixed wall time. */
export interface Rate {
  name: string;
  opsPerSecond: number;
}

export function measure(name: string, fn: () => unknown, seconds = 1): Rate {
  for (let i = 0; i < 200; i++) fn();
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let ops = 0;
  let elapsed: bigint;
  do {
    for (let i = 0; i < 50; i++) fn();
    ops += 50;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return { name, opsPerSecond: (ops * 1e9) / Number(elapsed) };
}

export function formatRate(ops: number): string {
  return ops >= 1e6
    ? `${(ops / 1e6).toFixed(2)} M/s`
    : `${Math.round(ops).toLocaleString('en-US')} /s`;
}
