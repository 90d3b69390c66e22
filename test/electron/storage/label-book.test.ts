/**
 * Labels, notes and contacts in the wallet database (schema version 9): written and read back,
 * checked before they are written, merged by an import in one transaction (a file with one bad
 * record changes nothing), kept across a reopen, and found by words.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { getChash160 } from '../../../shared/protocol/chash';
import { formatLabelsFile, parseLabelsFile } from '../../../shared/vocabulary/labels-file';
import { DATABASE_FILE } from '../../../electron/main/services/storage/index';
import { join } from 'node:path';
import { address, hash, tempDatabases } from './builders';

const temp = tempDatabases();
afterEach(() => temp.cleanup());

const A = address('a');
const B = address('b');
const DEVICE = `0${getChash160('device')}`;
const UNIT = hash('unit one');

describe('labels', () => {
  it('sets, replaces and clears the label and note of a unit and an address', () => {
    const book = temp.open(temp.dir()).labels;
    expect(book.setLabel({ type: 'unit', ref: UNIT, label: 'Rent', note: 'March' })).toMatchObject({
      type: 'unit',
      ref: UNIT,
      label: 'Rent',
      note: 'March',
    });
    book.setLabel({ type: 'addr', ref: A, label: 'Exchange' });
    book.setLabel({ type: 'unit', ref: UNIT, label: 'Rent (paid)' });
    expect(book.label('unit', UNIT)).toMatchObject({ label: 'Rent (paid)', note: '' });
    expect(book.labels().map((l) => [l.type, l.ref, l.label])).toEqual([
      ['unit', UNIT, 'Rent (paid)'],
      ['addr', A, 'Exchange'],
    ]);
    expect(book.setLabel({ type: 'addr', ref: A, label: '  ', note: '' })).toBeNull();
    expect(book.labels('addr')).toEqual([]);
  });

  it('refuses a bad reference before writing', () => {
    const book = temp.open(temp.dir()).labels;
    expect(() => book.setLabel({ type: 'addr', ref: A.toLowerCase(), label: 'x' })).toThrow(
      /upper case/,
    );
    expect(() => book.setLabel({ type: 'unit', ref: A, label: 'x' })).toThrow(/44-character/);
    expect(book.labels()).toEqual([]);
  });

  it('keeps them across a reopen', () => {
    const dir = temp.dir();
    const first = temp.open(dir);
    first.labels.setLabel({ type: 'addr', ref: A, label: 'Savings' });
    first.labels.addContact({ name: 'Alice', address: B, deviceAddress: DEVICE });
    first.close();
    const again = temp.open(dir);
    expect(again.labels.label('addr', A)?.label).toBe('Savings');
    expect(again.labels.contacts().map((c) => [c.name, c.address, c.deviceAddress])).toEqual([
      ['Alice', B, DEVICE],
    ]);
  });

  it('the file itself refuses an empty label row', () => {
    const dir = temp.dir();
    temp.open(dir);
    const raw = new Database(join(dir, DATABASE_FILE));
    try {
      expect(() =>
        raw
          .prepare(
            "INSERT INTO labels (type, ref, label, note, updated_at) VALUES ('addr', ?, '', '', 0)",
          )
          .run(A),
      ).toThrow(/CHECK/);
    } finally {
      raw.close();
    }
  });
});

describe('contacts', () => {
  it('adds, edits, removes; one contact per address', () => {
    const book = temp.open(temp.dir()).labels;
    const alice = book.addContact({ name: 'Alice', address: A, note: 'from the club' });
    const bob = book.addContact({ name: 'bob', address: B });
    expect(book.contacts().map((c) => c.name)).toEqual(['Alice', 'bob']);
    expect(() => book.addContact({ name: 'Carol', address: A })).toThrow(
      /already in your contacts as “Alice”/,
    );
    expect(() => book.updateContact(bob.id, { name: 'Bob', address: A })).toThrow(/“Alice”/);
    const edited = book.updateContact(bob.id, { name: 'Bob', address: B, deviceAddress: DEVICE });
    expect(edited).toMatchObject({ id: bob.id, name: 'Bob', deviceAddress: DEVICE });
    expect(book.contactByAddress(A)?.id).toBe(alice.id);
    expect(book.removeContact(alice.id)).toBe(true);
    expect(book.removeContact(alice.id)).toBe(false);
    expect(book.contacts().map((c) => c.name)).toEqual(['Bob']);
  });
});

describe('import and export', () => {
  it('exports everything and imports it into another database unchanged', () => {
    const source = temp.open(temp.dir()).labels;
    source.setLabel({ type: 'unit', ref: UNIT, label: 'Rent, "March"', note: 'line 1\nline 2' });
    source.setLabel({ type: 'addr', ref: A, label: '=SUM(A1)' });
    source.addContact({ name: 'Alice', address: B, deviceAddress: DEVICE });
    const text = formatLabelsFile(source.exportAll());
    const target = temp.open(temp.dir()).labels;
    expect(target.importAll(parseLabelsFile(text))).toEqual({
      labelsAdded: 2,
      labelsUpdated: 0,
      contactsAdded: 1,
      contactsUpdated: 0,
      unchanged: 0,
    });
    expect(target.exportAll()).toEqual(source.exportAll());
    // The same file again changes nothing.
    expect(target.importAll(parseLabelsFile(text))).toMatchObject({ unchanged: 3 });
  });

  it('merges: a record replaces the same reference, the rest stays', () => {
    const book = temp.open(temp.dir()).labels;
    book.setLabel({ type: 'addr', ref: A, label: 'Old' });
    book.setLabel({ type: 'unit', ref: UNIT, label: 'Kept' });
    book.addContact({ name: 'Alice', address: B });
    const counts = book.importAll(
      parseLabelsFile(
        [
          `{"type":"addr","ref":"${A}","label":"New"}`,
          `{"type":"contact","ref":"${B}","label":"Alice Smith"}`,
        ].join('\n'),
      ),
    );
    expect(counts).toEqual({
      labelsAdded: 0,
      labelsUpdated: 1,
      contactsAdded: 0,
      contactsUpdated: 1,
      unchanged: 0,
    });
    expect(book.labels().map((l) => l.label)).toEqual(['Kept', 'New']);
    expect(book.contacts().map((c) => c.name)).toEqual(['Alice Smith']);
  });

  it('writes nothing when a record fails while writing', () => {
    const book = temp.open(temp.dir()).labels;
    const before = book.exportAll();
    expect(() =>
      book.importAll({
        labels: [{ type: 'addr', ref: A, label: 'fine', note: '', origin: null }],
        contacts: [{ name: 'Bad', address: 'NOT AN ADDRESS', deviceAddress: null, note: '' }],
      }),
    ).toThrow();
    expect(book.exportAll()).toEqual(before);
  });
});

describe('finding by words', () => {
  it('finds units and addresses by label, note and contact name; wildcards are literal', () => {
    const book = temp.open(temp.dir()).labels;
    book.setLabel({ type: 'unit', ref: UNIT, label: 'Rent', note: 'flat 100%' });
    book.setLabel({ type: 'addr', ref: A, label: 'Exchange' });
    book.addContact({ name: 'Alice', address: B, note: 'rent share' });
    expect(book.matching('rent')).toEqual({ units: [UNIT], addresses: [B] });
    expect(book.matching('ALICE')).toEqual({ units: [], addresses: [B] });
    expect(book.matching('xchan')).toEqual({ units: [], addresses: [A] });
    expect(book.matching('100%')).toEqual({ units: [UNIT], addresses: [] });
    expect(book.matching('_')).toEqual({ units: [], addresses: [] });
  });
});
