/**
 * Labels and contacts from the installed command line, without a hub: set, read, list, export
 * to a file, import that file into another data folder, and find everything there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';

const ADDRESS = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';
const root = mkdtempSync(join(tmpdir(), 'obyte-cli-labels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(dir: string, args: readonly string[]): Promise<CliResult> {
  return runCli(['--network', 'devnet', '--data-dir', dir, ...args]);
}

async function ok(dir: string, args: readonly string[]): Promise<string> {
  const result = await run(dir, args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('obyte-light label, contacts and labels', () => {
  it('sets, exports, and imports into another data folder', async () => {
    const first = join(root, 'first');
    const second = join(root, 'second');
    const file = join(root, 'labels.jsonl');
    await ok(first, ['label', 'set', UNIT, 'Rent, March', '--note', 'paid late']);
    await ok(first, ['label', 'set', ADDRESS, 'Exchange']);
    await ok(first, ['contacts', 'add', 'Alice', ADDRESS]);
    expect(await ok(first, ['label', 'get', ADDRESS])).toBe('Label: Exchange\nContact: Alice\n');
    expect(await ok(first, ['labels', 'export', file])).toMatch(/Wrote 2 labels and 1 contacts/);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        `{"type":"unit","ref":"${UNIT}","label":"Rent, March","note":"paid late"}`,
        `{"type":"addr","ref":"${ADDRESS}","label":"Exchange"}`,
        `{"type":"contact","ref":"${ADDRESS}","label":"Alice"}`,
        '',
      ].join('\n'),
    );
    expect(await ok(second, ['labels', 'import', file])).toMatch(
      /Labels: 2 added.*Contacts: 1 added/,
    );
    const labels = JSON.parse(await ok(second, ['--json', 'label', 'list'])) as {
      labels: { ref: string; label: string; note: string }[];
    };
    expect(labels.labels.map((l) => [l.ref, l.label, l.note])).toEqual([
      [UNIT, 'Rent, March', 'paid late'],
      [ADDRESS, 'Exchange', ''],
    ]);
    expect(await ok(second, ['contacts', 'list'])).toBe(`${ADDRESS}  Alice\n`);
    expect(await ok(second, ['contacts', 'remove', ADDRESS])).toBe('Removed Alice.\n');
    expect(await ok(second, ['contacts', 'list'])).toBe('No contacts yet.\n');
  }, 90_000);
});
