/**
 * A recovery phrase checked as it is typed, word by word: each word against the BIP-39 English
 * list (with suggestions for the word being typed and for a word that is not in the list), the
 * count, and the checksum once every word is there. Pure: no runes, no DOM. The phrase itself is
 * never put into a message: a word is named by its position, and an unknown one by its letters.
 */
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { MNEMONIC_WORD_COUNTS, parseMnemonic } from '../../shared/protocol/mnemonic';

const WORDS: ReadonlySet<string> = new Set(wordlist);
const MAX_SUGGESTIONS = 6;

export interface WordState {
  /** 1-based position in the phrase. */
  readonly position: number;
  readonly word: string;
  readonly known: boolean;
}

export interface PhraseCheck {
  readonly words: readonly WordState[];
  /** The word being typed (the text does not end with a space yet), with completions. */
  readonly typing: { readonly position: number; readonly prefix: string } | null;
  readonly suggestions: readonly string[];
  /** Every word known and a valid count: the checksum decides. */
  readonly complete: boolean;
  /** null until complete; then whether the checksum matches. */
  readonly checksumOk: boolean | null;
  /** What stops this phrase, in words; null when it is a valid phrase. */
  readonly problem: string | null;
}

/** Words of the list starting with `prefix`, in list order. */
export function completions(prefix: string): string[] {
  if (prefix === '') return [];
  const found: string[] = [];
  for (const word of wordlist) {
    if (word.startsWith(prefix)) {
      found.push(word);
      if (found.length === MAX_SUGGESTIONS) break;
    }
  }
  return found;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The list's words closest to a misspelt one (at most two letters off). */
export function closest(word: string): string[] {
  const scored: Array<{ word: string; d: number }> = [];
  for (const candidate of wordlist) {
    if (Math.abs(candidate.length - word.length) > 2) continue;
    const d = distance(word, candidate);
    if (d <= 2) scored.push({ word: candidate, d });
  }
  return scored
    .sort((x, y) => x.d - y.d)
    .slice(0, MAX_SUGGESTIONS)
    .map((item) => item.word);
}

function countWords(counts: readonly number[]): string {
  return `${counts.slice(0, -1).join(', ')} or ${counts.at(-1) ?? ''}`;
}

export function checkPhrase(text: string): PhraseCheck {
  const normalized = text.normalize('NFKD').toLowerCase();
  const parts = normalized.trim().split(/\s+/).filter(Boolean);
  const words = parts.map((word, i) => ({ position: i + 1, word, known: WORDS.has(word) }));
  // The last word is still being typed while no space follows it.
  const open = parts.length > 0 && !/\s$/.test(normalized);
  const last = words.at(-1);
  const typing = open && last ? { position: last.position, prefix: last.word } : null;
  const unknown = words.filter((w) => !w.known && !(typing && w.position === typing.position));

  let suggestions: string[] = [];
  if (typing && !(last?.known ?? false)) {
    suggestions = completions(typing.prefix);
    if (suggestions.length === 0) suggestions = closest(typing.prefix);
  } else if (unknown[0]) {
    suggestions = closest(unknown[0].word);
  }

  const allKnown = words.length > 0 && words.every((w) => w.known);
  const complete = allKnown && MNEMONIC_WORD_COUNTS.includes(words.length);
  let checksumOk: boolean | null = null;
  if (complete) {
    try {
      parseMnemonic(normalized);
      checksumOk = true;
    } catch {
      checksumOk = false;
    }
  }

  let problem: string | null = null;
  const notInList = words.filter((w) => !w.known);
  if (words.length === 0) problem = 'Type or paste the words of your recovery phrase.';
  else if (notInList[0]) {
    const first = notInList[0];
    problem =
      notInList.length === 1
        ? `Word ${first.position}, “${first.word.slice(0, 20)}”, is not in the BIP-39 word list.`
        : `Words ${notInList
            .slice(0, 3)
            .map((w) => w.position)
            .join(
              ', ',
            )}${notInList.length > 3 ? ' and more' : ''} are not in the BIP-39 word list.`;
  } else if (!MNEMONIC_WORD_COUNTS.includes(words.length)) {
    problem = `A recovery phrase has ${countWords(MNEMONIC_WORD_COUNTS)} words; this one has ${words.length}.`;
  } else if (checksumOk === false) {
    problem =
      'Every word is in the list, but the checksum does not match: a word is wrong or two are swapped. Check them against your paper.';
  }
  return { words, typing, suggestions, complete, checksumOk, problem };
}

/** The text with its last word (the one being typed) replaced by `word`, and a space after. */
export function completeWord(text: string, word: string): string {
  return `${text.replace(/\S*$/, '')}${word} `;
}

/** The text with the word at `position` (1-based) replaced by `word`, spaces made single. */
export function replaceWord(text: string, position: number, word: string): string {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (position < 1 || position > parts.length) return text;
  parts[position - 1] = word;
  return `${parts.join(' ')}${/\s$/.test(text) || position < parts.length ? ' ' : ''}`;
}
