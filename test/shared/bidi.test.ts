/** Bidi controls in untrusted text are removed, everything else is kept exactly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasBidiControls, neutralizeBidi } from '../../shared/vocabulary/bidi';

const CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];

describe('neutralizeBidi', () => {
  it('removes every embedding, override, isolate and direction mark', () => {
    for (const control of CONTROLS) {
      expect(neutralizeBidi(`a${control}b`)).toBe('ab');
      expect(hasBidiControls(`a${control}b`)).toBe(true);
    }
  });

  it('a reversed "pay" reads as what the bot really wrote', () => {
    // Shown with the override, "Send 1 GBYTE to \u202eKCAB\u202c" would read "…to BACK".
    expect(neutralizeBidi('Send 1 GBYTE to \u202eKCAB\u202c')).toBe('Send 1 GBYTE to KCAB');
    expect(neutralizeBidi('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
  });

  it('keeps right-to-left letters, joiners and everything else', () => {
    const text = 'שלום, مرحبا 👨‍👩‍👧 e\u0301 \u200d \u00a0 tab\tend';
    expect(neutralizeBidi(text)).toBe(text);
    expect(hasBidiControls(text)).toBe(false);
  });

  it('property: the result has no control, and only controls were removed', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom(...CONTROLS));
    fc.assert(
      fc.property(fc.array(piece), (pieces) => {
        const text = pieces.join('');
        const out = neutralizeBidi(text);
        expect(hasBidiControls(out)).toBe(false);
        const kept = pieces
          .map((p) => [...p].filter((c) => !CONTROLS.includes(c)).join(''))
          .join('');
        expect(out).toBe(kept);
      }),
    );
  });
});
