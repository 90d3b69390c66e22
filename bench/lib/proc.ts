/**
 * A child process measured from outside, as a user's shell would see it: wall time from spawn
 * to each line it prints and to its exit, its CPU time, and its memory, sampled from /proc
 * every few milliseconds (Linux). Threads that end before the process does (the KDF's worker
 * thread) are counted apart: their CPU, and the process's peak RSS while none of them ran.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface MeasuredRun {
  readonly exitCode: number | null;
  readonly wallMs: number;
  /** CPU of the whole process (user + system), every thread. */
  readonly cpuMs: number;
  /** CPU of the busy threads that ended before the process (worker threads: the KDF). */
  readonly endedThreadsCpuMs: number;
  readonly peakRssMb: number;
  /** Peak RSS over the samples taken while no thread that later ended was running. */
  readonly peakRssOutsideWorkersMb: number;
  /** Each stdout line with the wall time (ms since spawn) it arrived. */
  readonly lines: readonly { atMs: number; text: string }[];
  readonly stderr: string;
  /** Whether /proc could be read (else CPU and memory are NaN). */
  readonly sampled: boolean;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const WORKER_MIN_CPU_MS = 100;

function threadTimes(pid: number): Map<number, number> | null {
  const times = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After "pid (comm) ": state is field 3, utime 14, stime 15 (1-based in proc(5)).
        times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return times;
  } catch {
    return null;
  }
}

function processCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function runMeasured(
  command: string,
  args: readonly string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string; sampleMs?: number } = {},
): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pid = child.pid ?? -1;
    const lines: { atMs: number; text: string }[] = [];
    let partial = '';
    let stderr = '';
    let sampled = true;
    let cpu = 0;
    const lastSeen = new Map<number, number>();
    const samples: { rss: number; tids: number[] }[] = [];
    const sample = (): void => {
      const rss = rssMb(pid);
      const threads = threadTimes(pid);
      const total = processCpu(pid);
      if (rss === null || threads === null || total === null) return;
      cpu = total;
      for (const [tid, ms] of threads) lastSeen.set(tid, ms);
      samples.push({ rss, tids: [...threads.keys()] });
    };
    const timer = setInterval(sample, options.sampleMs ?? 5);
    child.stdout.on('data', (chunk: Buffer) => {
      const at = performance.now() - start;
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ atMs: at, text });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - start;
      if (partial !== '') lines.push({ atMs: wallMs, text: partial });
      if (samples.length === 0) sampled = false;
      // Worker threads: gone before the last sample, after real work (≥ 100 ms of CPU; the
      // thread pool's and V8's helpers may also go at exit, idle).
      const finalTids = new Set(samples.at(-1)?.tids ?? []);
      const ended = new Set(
        [...lastSeen.keys()].filter(
          (tid) => !finalTids.has(tid) && (lastSeen.get(tid) ?? 0) >= WORKER_MIN_CPU_MS,
        ),
      );
      const endedThreadsCpuMs = [...ended].reduce((sum, tid) => sum + (lastSeen.get(tid) ?? 0), 0);
      const peak = Math.max(0, ...samples.map((s) => s.rss));
      const outside = Math.max(
        0,
        ...samples.filter((s) => !s.tids.some((tid) => ended.has(tid))).map((s) => s.rss),
      );
      resolve({
        exitCode: code,
        wallMs,
        cpuMs: sampled ? cpu : Number.NaN,
        endedThreadsCpuMs: sampled ? endedThreadsCpuMs : Number.NaN,
        peakRssMb: sampled ? peak : Number.NaN,
        peakRssOutsideWorkersMb: sampled ? outside : Number.NaN,
        lines,
        stderr,
        sampled,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
