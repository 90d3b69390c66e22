/**
 * The rule for a new wallet password, in words, and a rough strength estimate to show while
 * the user types. Pure (no DOM, no Node): the IPC schemas, the keystore (which has the last
 * word), the command line and the page all call `newPasswordProblem`, so a password that breaks
 * the rule is refused before anything is written, wherever it comes in.
 *
 * Only new passwords are held to the rule (create, restore, change password, moving from the
 * keychain to a password); a password that already protects a wallet always opens it.
 *
 * The rule is deliberately short enough to say in one sentence. The estimate is advice, not
 * the rule: it is what a thief who copied the wallet file would face, guessing offline against
 * scrypt (the delay after wrong passwords only slows guessing through the app).
 */

/** Characters (Unicode code points, after NFC) a new password needs at least. */
export const MIN_PASSWORD_CHARS = 10;
/** UTF-16 units a password may have at most (the IPC schemas say the same). */
export const MAX_PASSWORD_UNITS = 1024;

export const PASSWORD_RULE =
  'A wallet password has at least 10 characters (a few words you can remember are best), and is not one short pattern repeated or a plain run like 1234567890 or qwertyuiop.';

/** Runs of keys or letters people type as a "password"; each is also checked backwards. */
const RUNS = [
  '012345678901234567890123456789',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  '1234567890qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
];

function codePoints(text: string): string[] {
  return Array.from(text.normalize('NFC'));
}

/** "abcabcabca": the text is its first 1–3 characters repeated (a cut-off repeat counts). */
function isShortRepeat(chars: readonly string[]): boolean {
  for (let period = 1; period <= 3; period++) {
    if (chars.every((char, i) => char === chars[i % period])) return true;
  }
  return false;
}

function isRun(lower: string): boolean {
  return RUNS.some((run) => run.includes(lower) || [...run].reverse().join('').includes(lower));
}

/**
 * Why `password` cannot protect a new wallet, in words, or null when it can. Never repeats the
 * password (the sentence may be shown, logged or printed).
 */
export function newPasswordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'The password must be text.';
  if (password.length > MAX_PASSWORD_UNITS) {
    return `That password is too long (${MAX_PASSWORD_UNITS} characters at most).`;
  }
  const chars = codePoints(password);
  if (chars.length === 0) return `Choose a password for the wallet. ${PASSWORD_RULE}`;
  if (chars.length < MIN_PASSWORD_CHARS) {
    const has = chars.length === 1 ? '1 character' : `${chars.length} characters`;
    return `That password has ${has}; a wallet password needs at least ${MIN_PASSWORD_CHARS} (a few words you can remember are best).`;
  }
  const lower = chars.join('').toLowerCase();
  if (isShortRepeat(codePoints(lower))) {
    return 'That password is one short pattern repeated, which is guessed at once. Choose another: a few words you can remember are best.';
  }
  if (isRun(lower)) {
    return 'That password is a plain run of keys or letters (like 1234567890 or qwertyuiop), which is guessed at once. Choose another: a few words you can remember are best.';
  }
  return null;
}

export type StrengthLevel = 'too-short' | 'weak' | 'fair' | 'good' | 'strong';

export interface PasswordStrength {
  readonly level: StrengthLevel;
  /** log2 of the estimated guesses: a rough figure, for tests and the meter's fill. */
  readonly bits: number;
  /** One sentence for the person typing. */
  readonly words: string;
}

/** Words every password cracker tries first; a password built on one counts it as one guess. */
const COMMON = [
  'password',
  'passwort',
  'qwerty',
  'letmein',
  'iloveyou',
  'welcome',
  'admin',
  'monkey',
  'dragon',
  'sunshine',
  'football',
  'princess',
  'secret',
  'master',
  'obyte',
  'byteball',
  'wallet',
  'bitcoin',
  'crypto',
];

const LOOK_ALIKE: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

function charsetSize(chars: readonly string[]): number {
  let size = 0;
  if (chars.some((c) => /[a-z]/.test(c))) size += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) size += 26;
  if (chars.some((c) => /[0-9]/.test(c))) size += 10;
  if (chars.some((c) => /[ -/:-@[-`{-~]/.test(c))) size += 33;
  if (chars.some((c) => c > '~')) size += 100;
  return Math.max(size, 10);
}

/** Bits of a run of letters that may be a dictionary word (about 65,000 words: 16 bits). */
function letterRunBits(run: string, original: readonly string[], perChar: number): number {
  if (run.length < 4) return run.length * perChar;
  const common = COMMON.find((word) => run.includes(word));
  const asWord = common
    ? 8 + (run.length - common.length) * 2
    : 16 + Math.max(0, run.length - 8) * 2;
  // Capitals beyond the first letter, and look-alike digits or signs, add a little.
  const capitals = original.slice(1).some((c) => c !== c.toLowerCase()) ? 2 : 0;
  const lookAlikes = original.some((c) => c in LOOK_ALIKE) ? 2 : 0;
  return Math.min(run.length * perChar, asWord + capitals + lookAlikes);
}

/**
 * Characters as a guesser sees them: runs of letters (look-alikes read as letters, "p4ssw0rd")
 * as possible words; any other character at the full alphabet's cost, but a repeat or a
 * one-step neighbour of the character before it almost free.
 */
function characterBits(chars: readonly string[]): number {
  const perChar = Math.log2(charsetSize(chars));
  const read = chars.map((c) => LOOK_ALIKE[c] ?? c.toLowerCase());
  let bits = 0;
  let i = 0;
  while (i < chars.length) {
    let end = i;
    while (end < chars.length && /^\p{L}$/u.test(read[end] ?? '')) end++;
    if (end - i >= 4) {
      bits += letterRunBits(read.slice(i, end).join(''), chars.slice(i, end), perChar);
      i = end;
      continue;
    }
    const here = chars[i]?.codePointAt(0) ?? 0;
    const before = i > 0 ? (chars[i - 1]?.codePointAt(0) ?? -9) : -9;
    bits += Math.abs(here - before) <= 1 ? 1 : perChar;
    i++;
  }
  return bits;
}

/**
 * Several words: as if each came from a list of about 2,000 common words (11 bits each), which
 * is how people choose them; the rest of the characters are counted as characters.
 */
function passphraseBits(text: string): number | null {
  const words = text.split(/[\s\-_.,;:]+/).filter((word) => /^\p{L}{3,}$/u.test(word));
  if (words.length < 3) return null;
  const rest = Array.from(text.replace(/[\s\-_.,;:]+/g, '').replace(/\p{L}/gu, ''));
  return words.length * 11 + (rest.length === 0 ? 0 : characterBits(rest));
}

/**
 * A rough estimate of how hard `password` is to guess, with a sentence to show while typing.
 * Deliberately pessimistic: the smaller of a character count and a word count.
 */
export function passwordStrength(password: string): PasswordStrength {
  const chars = codePoints(password);
  if (chars.length < MIN_PASSWORD_CHARS) {
    return {
      level: 'too-short',
      bits: 0,
      words: `Too short: at least ${MIN_PASSWORD_CHARS} characters (${chars.length} so far).`,
    };
  }
  const byChars = characterBits(chars);
  const byWords = passphraseBits(chars.join(''));
  const bits = Math.round(byWords === null ? byChars : Math.min(byChars, byWords));
  if (newPasswordProblem(password) !== null || bits < 30) {
    return {
      level: 'weak',
      bits,
      words:
        'Weak: someone with a copy of the wallet file could guess it quickly. Add a word or two.',
    };
  }
  if (bits < 40) {
    return {
      level: 'fair',
      bits,
      words: 'Fair: another word or two would make it much harder to guess.',
    };
  }
  if (bits < 50) {
    return { level: 'good', bits, words: 'Good: hard to guess, even with a copy of the file.' };
  }
  return { level: 'strong', bits, words: 'Strong.' };
}
