/**
 * The benchmarks' figures: each is a value with its target, the CPU and wall time behind it
 * and the machine's load when it was taken, printed as a line `@@figure {json}` that
 * bench/all.ts collects into the one table `npm run bench` prints.
 */
import { loadavg } from 'node:os';

export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
}

export interface Figure {
  /** Stable key, e.g. "restore.devnet.wall". */
  readonly id: string;
  /** What the figure is, in words (the table's first column). */
  readonly label: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target?: Target;
  /** The 1-minute load average when the figure was taken (2 cores: above 2, work waits). */
  readonly load: number;
  /** CPU and wall time of the measured work, when they are not the value itself. */
  readonly cpuMs?: number;
  readonly wallMs?: number;
  /** Anything the reader needs to trust the figure (what it includes, what it leaves out). */
  readonly note?: string;
}

export const FIGURE_PREFIX = '@@figure ';

export function machineLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export function emit(figure: Omit<Figure, 'load'> & { load?: number }): Figure {
  const full: Figure = { ...figure, load: figure.load ?? machineLoad() };
  process.stdout.write(`${FIGURE_PREFIX}${JSON.stringify(full)}\n`);
  return full;
}

export function met(figure: Figure): boolean | null {
  if (figure.target === undefined || figure.value === null) return null;
  return figure.target.op === '<='
    ? figure.value <= figure.target.value
    : figure.value >= figure.target.value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `fn` once and returns its CPU and wall milliseconds (this process). */
export function timed<T>(fn: () => T): { value: T; cpuMs: number; wallMs: number } {
  const cpu = cpuNow();
  const wall = performance.now();
  const value = fn();
  return { value, cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall };
}

export interface PairResult {
  /** Operations per CPU-second, A and B, over all slices. */
  readonly a: number;
  readonly b: number;
  /** A/B per slice (CPU rates): its median and its spread show how steady the comparison was. */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  readonly slices: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/**
 * A against B in interleaved slices (A B, B A, A B …, each slice about `sliceMs` of wall time),
 * rates by CPU time, so that a load change during the run hits both sides alike; the per-slice
 * ratio's spread is reported with its median.
 */
export function interleaved(
  a: () => unknown,
  b: () => unknown,
  options: { slices?: number; sliceMs?: number; warmup?: number } = {},
): PairResult {
  const slices = options.slices ?? 10;
  const sliceMs = options.sliceMs ?? 150;
  for (let i = 0; i < (options.warmup ?? 20); i++) {
    a();
    b();
  }
  const loadBefore = machineLoad();
  const totals = { a: { ops: 0, cpu: 0 }, b: { ops: 0, cpu: 0 } };
  const ratios: number[] = [];
  const slice = (fn: () => unknown): { ops: number; cpu: number } => {
    const cpu = cpuNow();
    const end = performance.now() + sliceMs;
    let ops = 0;
    do {
      fn();
      ops++;
    } while (performance.now() < end);
    return { ops, cpu: Math.max(cpuNow() - cpu, 0.001) };
  };
  for (let s = 0; s < slices; s++) {
    const order: ['a' | 'b', () => unknown][] =
      s % 2 === 0
        ? [
            ['a', a],
            ['b', b],
          ]
        : [
            ['b', b],
            ['a', a],
          ];
    const got: Record<'a' | 'b', { ops: number; cpu: number }> = {
      a: { ops: 0, cpu: 1 },
      b: { ops: 0, cpu: 1 },
    };
    for (const [side, fn] of order) {
      got[side] = slice(fn);
      totals[side].ops += got[side].ops;
      totals[side].cpu += got[side].cpu;
    }
    ratios.push(got.a.ops / got.a.cpu / (got.b.ops / got.b.cpu));
  }
  return {
    a: (totals.a.ops / totals.a.cpu) * 1000,
    b: (totals.b.ops / totals.b.cpu) * 1000,
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    slices,
    loadBefore,
    loadAfter: machineLoad(),
  };
}
