/**
 * What makes a message for the user a sentence in words (UX.md: "Errors say what happened and
 * what the user can do, in plain words, never a code or a stack"): the rules the sentence tests
 * hold every message to.
 */

/** What is wrong with `text` as a message for the user; empty when nothing is. */
export function problemsOf(text: string): string[] {
  const found: string[] = [];
  if (!/^[A-Z“"]/.test(text)) found.push('does not start with a capital');
  if (!/[.?!]”?$/.test(text)) found.push('does not end with a full stop');
  if (/\bundefined\b|\bnull\b|\bNaN\b|\[object /.test(text)) found.push('says undefined/null');
  if (/\bError:|\bat \w+ \(|\n\s+at /.test(text)) found.push('looks like a stack');
  if (/\bE[A-Z]{3,}\b/.test(text)) found.push('holds an error code');
  if (/[{[]\s*"/.test(text)) found.push('holds raw JSON');
  if (/\w\.\d+\.\w/.test(text)) found.push('holds a field path');
  return found;
}
