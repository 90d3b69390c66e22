/** parseUnit on served units: what a hub may send and what it may not. */
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../shared/protocol/errors';
import { isVoidedUnit } from '../../shared/protocol/unit-types';
import { parseUnit } from '../../shared/protocol/unit-parse';
import { loadVectors } from './vectors/load';

interface UnitsFile {
  vectors: { version: string; unit: Record<string, unknown> }[];
}

function v4Unit(): Record<string, unknown> {
  const vector = loadVectors<UnitsFile>('units.json').vectors.find((v) => v.version === '4.0');
  if (!vector) throw new Error('units.json has no version 4.0 unit');
  return structuredClone(vector.unit);
}

describe('parseUnit: authors', () => {
  it('accepts an author without authentifiers, as AA response units are served', () => {
    const raw = v4Unit();
    const authors = raw['authors'] as Record<string, unknown>[];
    for (const author of authors) delete author['authentifiers'];
    const unit = parseUnit(raw);
    expect(isVoidedUnit(unit)).toBe(false);
    expect(unit.authors.every((a) => !('authentifiers' in a))).toBe(true);
  });

  it('rejects an empty authentifiers object', () => {
    const raw = v4Unit();
    const authors = raw['authors'] as Record<string, unknown>[];
    for (const author of authors) author['authentifiers'] = {};
    expect(() => parseUnit(raw)).toThrow(ProtocolError);
  });

  it('rejects a non-string authentifier', () => {
    const raw = v4Unit();
    const authors = raw['authors'] as Record<string, unknown>[];
    for (const author of authors) author['authentifiers'] = { r: 5 };
    expect(() => parseUnit(raw)).toThrow(ProtocolError);
  });
});
