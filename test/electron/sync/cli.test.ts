/** The CLI (`npx tsx electron/cli.ts … --json`) against the loopback devnet hub, temp data dir. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetHistory, FUNDED, TestHub } from '../../support/test-hub';

const run = promisify(execFile);
let hub: TestHub;
let url: string;
let dir: string;

async function cli(
  ...args: string[]
): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      [
        'tsx',
        'electron/cli.ts',
        '--network',
        'devnet',
        '--hub',
        url,
        '--data-dir',
        dir,
        '--json',
        ...args,
      ],
      { timeout: 60_000 },
    );
    return { code: 0, json: JSON.parse(stdout) as Record<string, unknown>, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: e.code ?? 1,
      json: e.stdout ? (JSON.parse(e.stdout) as Record<string, unknown>) : {},
      stderr: e.stderr ?? '',
    };
  }
}

beforeAll(async () => {
  hub = new TestHub();
  new DevnetHistory().install(hub);
  url = await hub.start();
  dir = mkdtempSync(join(tmpdir(), 'obyte-cli-'));
});

afterAll(async () => {
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('obyte-light CLI', () => {
  it('status, watch, balance and history print one JSON document each', async () => {
    const status = await cli('status');
    expect(status.json).toMatchObject({ network: 'devnet', hub: url, watched: 0 });

    const watched = await cli('watch', ...FUNDED);
    expect((watched.json['watched'] as unknown[]).length).toBe(2);

    const balance = await cli('balance');
    expect(balance.code).toBe(0);
    expect(balance.json['problem']).toBeNull();
    const total = balance.json['total'] as { asset: string; stable: number; pending: number }[];
    expect(total.find((a) => a.asset === 'base')).toMatchObject({ stable: 129999196, pending: 0 });

    const history = await cli('history', FUNDED[1] ?? '');
    const rows = history.json['history'] as { unit: string; status: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.status === 'stable')).toBe(true);
  }, 180_000);

  it("a bad address gets parseAddress's sentence and exit code 2", async () => {
    const result = await cli('watch', 'NOTANADDRESS');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/An Obyte address has 32 characters; this one has 12\./);
  }, 60_000);
});
