/**
 * trapFocus, the keyboard of the modal dialogs (Go to a screen, the private profiles' delete
 * dialog) in jsdom: Tab from the last control goes to the first, Shift+Tab from the first to
 * the last, Tab between them is the browser's; disabled controls and tabindex -1 are passed over;
 * Escape calls onEscape and goes no further (or is left alone without one); after destroy the
 * dialog's keys are the page's again.
 */
import { fireEvent } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { trapFocus } from '../../renderer/lib/trap-focus';

function byId<T extends HTMLElement>(node: HTMLElement, id: string): T {
  const found = node.querySelector<T>(`#${id}`);
  if (found === null) throw new Error(`no #${id}`);
  return found;
}

function dialog(): { node: HTMLDivElement; field: HTMLInputElement; close: HTMLButtonElement } {
  const node = document.createElement('div');
  node.setAttribute('role', 'dialog');
  node.tabIndex = -1;
  node.innerHTML =
    '<h2 tabindex="-1">Title</h2>' +
    '<input id="field" />' +
    '<button type="button" id="middle">Middle</button>' +
    '<button type="button" id="close">Close</button>' +
    '<button type="button" id="off" disabled>Off</button>';
  document.body.append(node);
  return {
    node,
    field: byId<HTMLInputElement>(node, 'field'),
    close: byId<HTMLButtonElement>(node, 'close'),
  };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('trapFocus', () => {
  it('wraps Tab from the last control to the first and Shift+Tab from the first to the last', async () => {
    const { node, field, close } = dialog();
    trapFocus(node);
    close.focus();
    const forward = await fireEvent.keyDown(close, { key: 'Tab' });
    expect(forward).toBe(false); // the browser's Tab was prevented
    expect(document.activeElement).toBe(field);
    const backward = await fireEvent.keyDown(field, { key: 'Tab', shiftKey: true });
    expect(backward).toBe(false);
    expect(document.activeElement).toBe(close);
  });

  it('leaves Tab between the first and the last control to the browser', async () => {
    const { node, field } = dialog();
    trapFocus(node);
    field.focus();
    expect(await fireEvent.keyDown(field, { key: 'Tab' })).toBe(true);
    expect(document.activeElement).toBe(field);
    const middle = byId<HTMLButtonElement>(node, 'middle');
    middle.focus();
    expect(await fireEvent.keyDown(middle, { key: 'Tab', shiftKey: true })).toBe(true);
    expect(document.activeElement).toBe(middle);
  });

  it('closes on Escape, which goes no further, when the dialog closes on it', async () => {
    const { node, field } = dialog();
    let closed = 0;
    let reachedPage = 0;
    const onPage = (): void => {
      reachedPage += 1;
    };
    document.body.addEventListener('keydown', onPage);
    trapFocus(node, { onEscape: () => (closed += 1) });
    field.focus();
    expect(await fireEvent.keyDown(field, { key: 'Escape' })).toBe(false);
    expect(closed).toBe(1);
    expect(reachedPage).toBe(0);
    document.body.removeEventListener('keydown', onPage);
  });

  it('leaves Escape alone without onEscape, and follows an update', async () => {
    const { node, field } = dialog();
    const action = trapFocus(node);
    field.focus();
    expect(await fireEvent.keyDown(field, { key: 'Escape' })).toBe(true);
    let closed = 0;
    action.update?.({ onEscape: () => (closed += 1) });
    await fireEvent.keyDown(field, { key: 'Escape' });
    expect(closed).toBe(1);
  });

  it('after destroy, Tab from the last control is the browser’s again', async () => {
    const { node, close } = dialog();
    const action = trapFocus(node, { onEscape: () => undefined });
    action.destroy?.();
    close.focus();
    expect(await fireEvent.keyDown(close, { key: 'Tab' })).toBe(true);
    expect(await fireEvent.keyDown(close, { key: 'Escape' })).toBe(true);
    expect(document.activeElement).toBe(close);
  });
});
