/**
 * The labels file (JSON lines after BIP-329) and the rules of a label, a note and a contact:
 * what is accepted, what is refused with the line's number and the reason, and that a file
 * written by formatLabelsFile reads back the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getChash160 } from '../../shared/protocol/chash';
import {
  checkContact,
  checkLabel,
  hasControlCharacters,
  labelTypeOf,
  LabelInputError,
  type ContactRecord,
  type LabelRecord,
} from '../../shared/vocabulary/labels';
import { neutralizeBidi } from '../../shared/vocabulary/bidi';
import {
  formatLabelsFile,
  LabelsFileError,
  parseLabelsFile,
} from '../../shared/vocabulary/labels-file';

const ADDRESS = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const OTHER = getChash160('another address');
const DEVICE = `0${getChash160('a device')}`;
const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';
/** ADDRESS with its last character changed: the checksum no longer matches. */
const TYPO = `${ADDRESS.slice(0, 31)}P`;

function refusal(text: string): LabelsFileError {
  try {
    parseLabelsFile(text);
  } catch (error) {
    if (error instanceof LabelsFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('a label, a note and a contact', () => {
  it('keeps the text, trims it, and removes bidi controls', () => {
    const record = checkLabel({
      type: 'addr',
      ref: ` ${ADDRESS} `,
      label: ' Rent\u202e ',
      note: 'a\r\nb',
    });
    expect(record).toEqual({
      type: 'addr',
      ref: ADDRESS,
      label: 'Rent',
      note: 'a\nb',
      origin: null,
    });
  });

  it('refuses a typo in an address, a bad unit, a label on two lines, an overlong note', () => {
    expect(() => checkLabel({ type: 'addr', ref: TYPO, label: 'x' })).toThrow(/checksum/);
    expect(() => checkLabel({ type: 'unit', ref: 'abc', label: 'x' })).toThrow(/44-character/);
    expect(() => checkLabel({ type: 'unit', ref: UNIT, label: 'a\nb' })).toThrow(/one line/);
    expect(() =>
      checkLabel({ type: 'unit', ref: UNIT, label: 'x', note: 'n'.repeat(1001) }),
    ).toThrow(/at most 1000/);
    expect(() => checkLabel({ type: 'unit', ref: UNIT, label: 'x'.repeat(101) })).toThrow(
      LabelInputError,
    );
  });

  it('checks a contact’s address and device address', () => {
    expect(checkContact({ name: ' Alice ', address: ADDRESS, deviceAddress: DEVICE })).toEqual({
      name: 'Alice',
      address: ADDRESS,
      deviceAddress: DEVICE,
      note: '',
    });
    expect(() => checkContact({ name: '', address: ADDRESS })).toThrow(/needs a name/);
    expect(() => checkContact({ name: 'A', address: TYPO })).toThrow(/checksum/);
    expect(() => checkContact({ name: 'A', address: ADDRESS, deviceAddress: ADDRESS })).toThrow(
      /device address/,
    );
  });

  it('tells a unit from an address', () => {
    expect(labelTypeOf(UNIT)).toBe('unit');
    expect(labelTypeOf(ADDRESS)).toBe('addr');
    expect(labelTypeOf('hello')).toBeNull();
  });
});

describe('the labels file', () => {
  it('reads every kind of record, skips blank lines and a byte-order mark', () => {
    const text = [
      `\uFEFF{"type":"unit","ref":"${UNIT}","label":"Rent, March","note":"paid \\"late\\"\\nsecond line"}`,
      '',
      `{"type":"addr","ref":"${ADDRESS}","label":"Exchange","origin":"obyte-light"}`,
      `{"type":"contact","ref":"${OTHER}","label":"Alice","device":"${DEVICE}"}`,
      '',
    ].join('\r\n');
    expect(parseLabelsFile(text)).toEqual({
      labels: [
        {
          type: 'unit',
          ref: UNIT,
          label: 'Rent, March',
          note: 'paid "late"\nsecond line',
          origin: null,
        },
        { type: 'addr', ref: ADDRESS, label: 'Exchange', note: '', origin: 'obyte-light' },
      ],
      contacts: [{ name: 'Alice', address: OTHER, deviceAddress: DEVICE, note: '' }],
    });
  });

  it.each([
    ['not JSON', `{"type":"unit"`, /^Line 2: this is not JSON/],
    ['an array', '[1,2]', /^Line 2: each line is one JSON object/],
    ['an unknown type', `{"type":"tx","ref":"${UNIT}","label":"x"}`, /^Line 2: the type "tx"/],
    ['no ref', '{"type":"unit","label":"x"}', /^Line 2: "ref" is missing\./],
    ['a typo', `{"type":"addr","ref":"${TYPO}","label":"x"}`, /^Line 2: .*checksum/],
    [
      'a number label',
      `{"type":"addr","ref":"${OTHER}","label":5}`,
      /^Line 2: "label" must be text/,
    ],
    [
      'an unknown field',
      `{"type":"addr","ref":"${OTHER}","label":"x","amount":1}`,
      /"amount" is not a field/,
    ],
    [
      'a device on a label',
      `{"type":"addr","ref":"${OTHER}","label":"x","device":"${DEVICE}"}`,
      /only a contact/,
    ],
    ['a nameless contact', `{"type":"contact","ref":"${OTHER}"}`, /needs a name/],
    [
      'a control character',
      `{"type":"addr","ref":"${OTHER}","label":"a\\u0007b"}`,
      /control characters/,
    ],
  ])('names the line of %s', (_name, line, reason) => {
    const error = refusal(`{"type":"addr","ref":"${ADDRESS}","label":"fine"}\n${line}\n`);
    expect(error.line).toBe(2);
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/\.$/);
  });

  it('refuses the same unit, address or contact twice', () => {
    const line = `{"type":"addr","ref":"${ADDRESS}","label":"a"}`;
    expect(refusal(`${line}\n\n${line}`).message).toBe(
      'Line 3: the same address as line 1; each appears once.',
    );
    const contact = `{"type":"contact","ref":"${ADDRESS}","label":"a"}`;
    // A label and a contact on the same address are two records.
    expect(parseLabelsFile(`${line}\n${contact}`).contacts).toHaveLength(1);
  });

  it('refuses a file that is too large before reading its lines', () => {
    expect(refusal('\n'.repeat(200_001)).line).toBeNull();
  });

  it('reads back what it wrote', () => {
    const text = (max: number) =>
      fc
        .string({ maxLength: max })
        .map((s) => neutralizeBidi([...s].filter((c) => !hasControlCharacters(c)).join('')).trim());
    const labelRecord: fc.Arbitrary<LabelRecord> = fc
      .record({
        type: fc.constantFrom('unit' as const, 'addr' as const),
        label: text(100).filter((s) => s !== ''),
        note: text(1000),
        origin: fc.constant(null),
      })
      .chain((r) =>
        (r.type === 'unit'
          ? fc
              .uint8Array({ minLength: 32, maxLength: 32 })
              .map((b) => Buffer.from(b).toString('base64'))
          : fc.string().map((s) => getChash160(s))
        ).map((ref) => ({ ...r, ref })),
      );
    const contact: fc.Arbitrary<ContactRecord> = fc.record({
      name: text(100).filter((s) => s !== ''),
      address: fc.string().map((s) => getChash160(s)),
      deviceAddress: fc.option(
        fc.string().map((s) => `0${getChash160(s)}`),
        { nil: null },
      ),
      note: text(1000),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(labelRecord, { selector: (r) => `${r.type} ${r.ref}`, maxLength: 8 }),
        fc.uniqueArray(contact, { selector: (c) => c.address, maxLength: 8 }),
        (labels, contacts) => {
          expect(parseLabelsFile(formatLabelsFile({ labels, contacts }))).toEqual({
            labels,
            contacts,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
