/**
 * Bidirectional-text controls in untrusted text (chat messages, correspondent and bot names,
 * link labels). An override such as U+202E makes what follows read backwards, so a bot could
 * show "pay 5" where the text says "5 yap", or dress one address up as another. They are
 * removed wherever such text enters what the user reads: letters of right-to-left scripts
 * still display right to left (the Unicode bidi algorithm needs no controls for that), but no
 * sender can reorder what the user sees. Pure: no DOM, no Node.
 */

/**
 * Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the invisible
 * direction marks (LRM U+200E, RLM U+200F, ALM U+061C).
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidi controls; everything else exactly as it was. */
export function neutralizeBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** True when `text` holds a bidi control. */
export function hasBidiControls(text: string): boolean {
  return /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text);
}
