/**
 * `npm run bench`: every benchmark script in turn (each in its own process, its own output as
 * it goes), then one table of every figure against its target, with the machine's load beside
 * each (a 2-core machine: a load above 2 means work waited for a core, and wall times stretch).
 *
 *   npm run bench [-- --only restore,storage]
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURE_PREFIX, machineLoad, met, type Figure } from './lib/figures';

const here = fileURLToPath(new URL('.', import.meta.url));

const SCRIPTS: readonly [string, readonly string[]][] = [
  ['protocol', ['protocol.bench.ts']],
  ['derive', ['derive.bench.ts']],
  ['history', ['history.bench.ts']],
  ['compose', ['compose.bench.ts']],
  ['aa', ['aa.bench.ts']],
  ['storage', ['storage.bench.ts']],
  ['labels', ['labels.bench.ts']],
  ['keystore', ['keystore.bench.ts']],
  ['wallet', ['wallet.bench.ts']],
  ['restore', ['restore.bench.ts']],
  ['renderer', ['renderer-size.ts']],
  ['renderer-start', ['renderer-start.bench.ts']],
];

function runScript(
  file: string,
  args: readonly string[],
): Promise<{ code: number | null; figures: Figure[] }> {
  return new Promise((resolve, reject) => {
    const figures: Figure[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, file), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(FIGURE_PREFIX))
          figures.push(JSON.parse(line.slice(FIGURE_PREFIX.length)) as Figure);
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, figures }));
  });
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return 'not measured';
  const text = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(value);
  return unit === '' ? text : `${text} ${unit}`;
}

function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = met(f);
    return [
      f.label,
      formatValue(f.value, f.unit),
      f.target ? `${f.target.op === '<=' ? '≤' : '≥'} ${formatValue(f.target.value, f.unit)}` : '',
      ok === null ? (f.target ? '—' : '') : ok ? 'met' : 'NOT MET',
      [
        f.cpuMs !== undefined && f.unit !== 'ms' ? `CPU ${Math.round(f.cpuMs)} ms` : '',
        f.cpuMs !== undefined && f.unit === 'ms' && f.cpuMs !== f.value
          ? `CPU ${Math.round(f.cpuMs)} ms`
          : '',
        f.wallMs !== undefined ? `wall ${Math.round(f.wallMs)} ms` : '',
      ]
        .filter(Boolean)
        .join(', '),
      f.load.toFixed(1),
      f.note ?? '',
    ];
  });
  const header = ['figure', 'value', 'target', '', 'CPU / wall', 'load', 'how measured'];
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join(' │ ');
  return [
    line(header),
    line(widths.map((w) => '─'.repeat(Math.max(w, 1)))),
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const onlyIndex = process.argv.indexOf('--only');
  const only =
    onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean)) : null;
  const figures: Figure[] = [];
  const failed: string[] = [];
  const started = performance.now();
  console.log(`npm run bench: node ${process.version}, load at start ${machineLoad()}`);
  for (const [name, [file, ...args]] of SCRIPTS) {
    if (only !== null && !only.has(name)) continue;
    if (file === undefined) continue;
    console.log(`\n=== ${name} (${file}) ===`);
    const result = await runScript(file, args);
    figures.push(...result.figures);
    if (result.code !== 0) failed.push(`${name} (exit ${result.code})`);
  }
  console.log(
    `\n=== every figure against its target (${((performance.now() - started) / 60_000).toFixed(1)} min; ` +
      `load = 1-minute load average when the figure was taken, on ${cpus().length} cores) ===`,
  );
  console.log(table(figures));
  const missed = figures.filter((f) => met(f) === false).length;
  console.log(
    `\n${figures.length} figures, ${figures.filter((f) => met(f) === true).length} targets met, ${missed} not met` +
      (failed.length > 0 ? `; scripts that failed: ${failed.join(', ')}` : ''),
  );
  if (failed.length > 0) process.exitCode = 1;
}

await main();
