import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_VECTOR_FILES, VECTORS_DIR } from './load';

describe(`vector directory ${VECTORS_DIR}`, () => {
  it('exists', () => {
    expect(existsSync(VECTORS_DIR), `missing vectors directory ${VECTORS_DIR}`).toBe(true);
  });

  it('holds every vector file this suite checks', () => {
    const present = new Set(readdirSync(VECTORS_DIR));
    const missing = KNOWN_VECTOR_FILES.filter((f) => !present.has(f));
    expect(missing).toEqual([]);
  });

  it('holds no vector file this suite cannot check', () => {
    const known = new Set<string>(KNOWN_VECTOR_FILES);
    const unknown = readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json') && !known.has(f));
    expect(unknown).toEqual([]);
  });
});
