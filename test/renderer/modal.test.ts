/**
 * Modal in jsdom, opened from a button on the page: focus moves into the dialog (to the safe
 * Cancel of an alert), Tab wraps from the last control to the first, Escape closes it and gives
 * focus back to the button that opened it; a click on the backdrop closes it too.
 */
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Modal from '../../renderer/components/Modal.svelte';

const BODY = createRawSnippet(() => ({
  render: () =>
    '<div><h2 id="t">Delete this?</h2><button type="button">Delete</button>' +
    '<button type="button" data-cancel>Cancel</button></div>',
}));

/** A page button that opens the dialog; Escape or the backdrop closes it (counted in `closed`). */
function page(): { opener: HTMLButtonElement; closed: () => number } {
  let closed = 0;
  const opener = document.createElement('button');
  opener.textContent = 'Delete…';
  document.body.append(opener);
  opener.addEventListener('click', () => {
    const { unmount } = render(Modal, {
      titleId: 't',
      role: 'alertdialog',
      initialFocus: '[data-cancel]',
      onCancel: () => {
        closed += 1;
        unmount();
      },
      children: BODY,
    });
  });
  return { opener, closed: () => closed };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('Modal', () => {
  it('moves focus in, wraps Tab, closes on Escape and gives focus back to the opener', async () => {
    const { opener, closed } = page();
    opener.focus();
    await fireEvent.click(opener);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    expect(await fireEvent.keyDown(cancel, { key: 'Tab' })).toBe(false);
    const del = screen.getByRole('button', { name: 'Delete' });
    expect(document.activeElement).toBe(del);
    await fireEvent.keyDown(del, { key: 'Escape' });
    expect(closed()).toBe(1);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a click beside the dialog', async () => {
    const { opener, closed } = page();
    await fireEvent.click(opener);
    const backdrop = document.querySelector('.backdrop');
    if (!backdrop) throw new Error('no backdrop');
    await fireEvent.click(backdrop);
    expect(closed()).toBe(1);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
