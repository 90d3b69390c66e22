// The keyboard of a modal dialog, as a Svelte action: Tab stays inside the dialog (from its last
// control to its first, Shift+Tab from the first to the last), and Escape, when the dialog closes
// on it, closes it without reaching the page behind. `<div role="dialog" use:trapFocus={{ onEscape: close }}>`.
import type { ActionReturn } from 'svelte/action';

export interface TrapFocusOptions {
  /** Called on Escape (the key goes no further); without it Escape is left alone. */
  onEscape?: () => void;
}

/** What Tab can reach in a dialog: its enabled controls and links, in document order. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusableIn(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
}

export function trapFocus(
  node: HTMLElement,
  options: TrapFocusOptions = {},
): ActionReturn<TrapFocusOptions> {
  let current = options;

  function onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && current.onEscape) {
      event.preventDefault();
      event.stopPropagation();
      current.onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const all = focusableIn(node);
    const first = all[0];
    const last = all.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  node.addEventListener('keydown', onKeydown);
  return {
    update(next: TrapFocusOptions) {
      current = next;
    },
    destroy() {
      node.removeEventListener('keydown', onKeydown);
    },
  };
}
