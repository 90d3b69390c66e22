/**
 * The history as CSV and JSON over a real database: one CSV line per unit and asset with
 * quoting for commas, quotes and line breaks; untrusted text that starts like a formula
 * (= + - @) made plain; amounts exact decimal strings of the asset's decimals (never floats);
 * the user's labels, notes and counterparty names beside each unit; the date range and the
 * other filters apply.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WalletDatabase } from '../../../electron/main/services/storage/index';
import {
  csvField,
  CSV_HEADER,
  decimal,
  historyExport,
  neutralizeFormula,
} from '../../../electron/main/services/sync/history-export';
import { ASSET, address, hash, joint, makeUnit, tempDatabases } from '../storage/builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const MINE = address('mine');
const ALICE = address('alice');
const SHOP = address('shop');

// 9e15 bytes (the cap) in, 1 byte out, and an asset with 4 decimals: exact in every case.
const big = makeUnit({
  label: 'big',
  authors: [ALICE],
  timestamp: 1_700_000_000,
  payments: [
    { inputs: [], outputs: [{ address: MINE, amount: 9_000_000_000_000_000 }] },
    { asset: ASSET, inputs: [], outputs: [{ address: MINE, amount: 12_345 }] },
  ],
});
const small = makeUnit({
  label: 'small',
  authors: [ALICE],
  timestamp: 1_700_086_400,
  payments: [{ inputs: [], outputs: [{ address: MINE, amount: 1 }] }],
});
const later = makeUnit({
  label: 'later',
  authors: [SHOP],
  timestamp: 1_700_172_800,
  payments: [{ inputs: [], outputs: [{ address: MINE, amount: 1_500_000_000 }] }],
});

let db: WalletDatabase;
beforeEach(() => {
  db = temp.open(temp.dir());
  db.addWatchedAddress({ address: MINE, kind: 'wallet' });
  db.applyVerifiedHistory([
    joint(big, 'stable', 1),
    joint(small, 'stable', 2),
    joint(later, 'unconfirmed'),
  ]);
  db.saveAssetMetadata({
    asset: ASSET,
    name: '=cmd|calc',
    decimals: 4,
    registryAddress: address('registry'),
    metadataUnit: hash('metadata'),
    suffix: null,
  });
  db.labels.setLabel({
    type: 'unit',
    ref: big.unit ?? '',
    label: 'Salary, "March"',
    note: 'line 1\nline 2',
  });
  db.labels.setLabel({ type: 'unit', ref: small.unit ?? '', label: '@SUM(A1:A9)', note: '-2+3' });
  db.labels.addContact({ name: '+Alice', address: ALICE });
  db.labels.setLabel({ type: 'addr', ref: SHOP, label: 'Shop' });
});

/** The CSV's records, quoted fields with line breaks kept whole. */
function records(text: string): string[][] {
  const out: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n') {
      endField();
      out.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  return out;
}

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks, and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('neutralizes text that starts like a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(neutralizeFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    }
    expect(neutralizeFormula('Rent = 5')).toBe('Rent = 5');
  });

  it('writes amounts as exact decimals', () => {
    expect(decimal(9_000_000_000_000_000, 9)).toBe('9000000');
    expect(decimal(1, 9)).toBe('0.000000001');
    expect(decimal(-1_500_000_000, 9)).toBe('-1.5');
    expect(decimal(12_345, 4)).toBe('1.2345');
    expect(decimal(7, 0)).toBe('7');
  });
});

describe('history as CSV', () => {
  it('one line per unit and asset, with labels, notes and names, nothing a spreadsheet runs', () => {
    const { text, rows } = historyExport(db, {}, 'csv');
    expect(rows).toBe(3);
    const [header, ...lines] = records(text);
    expect(header?.join(',')).toBe(CSV_HEADER);
    expect(lines.map((l) => [l[1], l[4], l[5], l[9], l[10], l[11]])).toEqual([
      [later.unit, 'GBYTE', '1.5', 'Shop', '', ''],
      [small.unit, 'GBYTE', '0.000000001', "'+Alice", "'@SUM(A1:A9)", "'-2+3"],
      [big.unit, 'GBYTE', '9000000', "'+Alice", 'Salary, "March"', 'line 1\nline 2'],
      [big.unit, "'=cmd|calc", '1.2345', "'+Alice", 'Salary, "March"', 'line 1\nline 2'],
    ]);
    expect(lines[0]?.[0]).toBe('2023-11-16T22:13:20.000Z');
    expect(lines[0]?.[2]).toBe('pending');
    expect(lines.every((l) => l.length === CSV_HEADER.split(',').length)).toBe(true);
    // No field outside quotes starts with a formula character.
    for (const line of lines)
      for (const field of line.slice(4)) expect(field).not.toMatch(/^[=+@]/);
  });

  it('takes the date range (from inclusive, to exclusive) and the other filters', () => {
    const day = (t: number) => historyExport(db, { from: t, to: t + 86_400 }, 'csv');
    expect(
      records(day(1_700_086_400).text)
        .slice(1)
        .map((l) => l[1]),
    ).toEqual([small.unit]);
    expect(historyExport(db, { from: 1_700_000_001 }, 'csv').rows).toBe(2);
    expect(historyExport(db, { search: 'salary' }, 'csv').rows).toBe(1);
    expect(historyExport(db, { from: 1_800_000_000 }, 'csv').text).toBe(`${CSV_HEADER}\n`);
  });
});

describe('history as JSON', () => {
  it('one object per unit, amounts as exact strings, the range it covers', () => {
    const { text, rows } = historyExport(db, { from: 1_700_000_000, to: 1_700_100_000 }, 'json');
    expect(rows).toBe(2);
    const document = JSON.parse(text) as {
      from: string;
      to: string;
      transactions: {
        unit: string;
        label: string | null;
        amounts: { amount: string; name: string }[];
      }[];
    };
    expect(document).toMatchObject({
      format: 'obyte-light-history',
      version: 1,
      from: '2023-11-14T22:13:20.000Z',
      to: '2023-11-16T02:00:00.000Z',
    });
    expect(document.transactions.map((t) => t.unit)).toEqual([small.unit, big.unit]);
    expect(document.transactions[1]).toMatchObject({
      label: 'Salary, "March"',
      note: 'line 1\nline 2',
      counterparties: [{ address: ALICE, name: '+Alice' }],
      amounts: [
        { asset: 'base', amount: '9000000', received: '9000000', sent: '0', decimals: 9 },
        { asset: ASSET, amount: '1.2345', name: '=cmd|calc', decimals: 4 },
      ],
    });
  });
});
