/** The restore phrase checked as it is typed: the word list, suggestions, the count, the checksum. */
import { describe, expect, it } from 'vitest';
import {
  checkPhrase,
  closest,
  completeWord,
  completions,
  replaceWord,
} from '../../renderer/lib/mnemonic-check';
import { TEST_WORDS } from './fake-api';

describe('checkPhrase', () => {
  it('accepts a valid phrase in any case and spacing, with the checksum', () => {
    const check = checkPhrase(`  ${TEST_WORDS.toUpperCase().replace(/ /g, '   ')}\n`);
    expect(check).toMatchObject({ complete: true, checksumOk: true, problem: null, typing: null });
    expect(check.words).toHaveLength(12);
  });

  it('suggests words of the list for the word being typed', () => {
    const check = checkPhrase('abandon aban');
    expect(check.typing).toEqual({ position: 2, prefix: 'aban' });
    expect(check.suggestions).toEqual(['abandon']);
    expect(check.problem).toMatch(/^Word 2, “aban”, is not in the BIP-39 word list\.$/);
    expect(checkPhrase('zoo ab').suggestions).toEqual([
      'abandon',
      'ability',
      'able',
      'about',
      'above',
      'absent',
    ]);
    expect(completeWord('abandon aban', 'abandon')).toBe('abandon abandon ');
  });

  it('names a word that is not in the list by its position, with the closest words', () => {
    const check = checkPhrase('abandon abandn about ');
    expect(check.typing).toBeNull();
    expect(check.problem).toBe('Word 2, “abandn”, is not in the BIP-39 word list.');
    expect(check.suggestions[0]).toBe('abandon');
    expect(closest('qqqqqqqq')).toEqual([]);
    expect(completions('')).toEqual([]);
    expect(replaceWord('abandon abandn about ', 2, 'abandon')).toBe('abandon abandon about ');
  });

  it('counts the words, and checks the checksum only with a valid count', () => {
    const eleven = TEST_WORDS.split(' ').slice(0, 11).join(' ');
    expect(checkPhrase(`${eleven} `)).toMatchObject({
      complete: false,
      checksumOk: null,
      problem: 'A recovery phrase has 12, 15, 18, 21 or 24 words; this one has 11.',
    });
    // Twelve words of the list with the wrong last word: the checksum says so.
    const swapped = `${eleven} abandon`;
    expect(checkPhrase(swapped)).toMatchObject({ complete: true, checksumOk: false });
    expect(checkPhrase(swapped).problem).toMatch(/checksum does not match/);
    expect(checkPhrase('').problem).toBe('Type or paste the words of your recovery phrase.');
  });

  it('never repeats the phrase in a message, only positions and the one unknown word', () => {
    const problem = checkPhrase(`${TEST_WORDS.replace('about', 'abuot')} `).problem ?? '';
    expect(problem).toBe('Word 12, “abuot”, is not in the BIP-39 word list.');
    expect(problem).not.toContain('abandon');
  });
});
