/**
 * Labels and contacts export and import (issue 16): a wallet with 1,000 labels (500 on units,
 * 500 on addresses, each with a note) and 100 contacts, written as the labels file
 * (docs/labels-format.md: formatLabelsFile over LabelBook.exportAll) and read back into a fresh
 * wallet database (parseLabelsFile, then LabelBook.importAll). Real SQLite in a temp folder.
 * Prints figures (median of `runs`, CPU and wall); asserts nothing.
 *
 * Run: npx tsx bench/labels.bench.ts [runs]
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../electron/main/services/clock';
import { Logger } from '../electron/main/services/logger';
import { WalletDatabase } from '../electron/main/services/storage/wallet-database';
import { formatLabelsFile, parseLabelsFile } from '../shared/vocabulary/labels-file';
import { getChash160 } from '../shared/protocol/chash';
import { emit, median, timed } from './lib/figures';

const runs = Number(process.argv[2] ?? 5);
const LABELS = 1000;
const CONTACTS = 100;
const logger = new Logger({ sink: () => undefined, clock: systemClock, level: 'error' });

const unitHash = (i: number): string => createHash('sha256').update(`unit ${i}`).digest('base64');
const address = (label: string): string => getChash160(`address ${label}`);

function open(directory: string): WalletDatabase {
  return WalletDatabase.open({ directory, clock: systemClock, logger });
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'obyte-labels-bench-'));
  try {
    const source = open(join(root, 'source'));
    for (let i = 0; i < LABELS; i++) {
      const unit = i % 2 === 0;
      source.labels.setLabel({
        type: unit ? 'unit' : 'addr',
        ref: unit ? unitHash(i) : address(`labelled ${i}`),
        label: `Label ${i}: ${unit ? 'rent for March' : 'a supplier'}`,
        note: `Note ${i}: paid on time, invoice ${1000 + i}.`,
      });
    }
    for (let i = 0; i < CONTACTS; i++) {
      source.labels.addContact({
        name: `Contact ${i}`,
        address: address(`contact ${i}`),
        note: `Met at the meetup ${i}.`,
      });
    }

    const exports: { cpuMs: number; wallMs: number }[] = [];
    const imports: { cpuMs: number; wallMs: number }[] = [];
    let text = '';
    for (let r = 0; r < runs; r++) {
      const exported = timed(() => formatLabelsFile(source.labels.exportAll()));
      text = exported.value;
      exports.push(exported);
      const target = open(join(root, `target-${r}`));
      try {
        const imported = timed(() => target.labels.importAll(parseLabelsFile(text)));
        imports.push(imported);
      } finally {
        target.close();
      }
    }
    source.close();

    const lines = text.trimEnd().split('\n').length;
    const what = `${LABELS} labels and ${CONTACTS} contacts (${lines} lines, ${Buffer.byteLength(text, 'utf8').toLocaleString('en-US')} bytes), median of ${runs}`;
    emit({
      id: 'labels.export.ms',
      label: 'labels file export: 1,000 labels + 100 contacts',
      value: Math.round(median(exports.map((e) => e.wallMs)) * 10) / 10,
      unit: 'ms',
      cpuMs: median(exports.map((e) => e.cpuMs)),
      note: what,
    });
    emit({
      id: 'labels.import.ms',
      label: 'labels file import into a fresh wallet: 1,000 labels + 100 contacts',
      value: Math.round(median(imports.map((e) => e.wallMs)) * 10) / 10,
      unit: 'ms',
      cpuMs: median(imports.map((e) => e.cpuMs)),
      note: `${what}; parsing included`,
    });
    emit({
      id: 'labels.file.bytes',
      label: 'labels file size: 1,000 labels + 100 contacts',
      value: Buffer.byteLength(text, 'utf8'),
      unit: 'bytes',
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
