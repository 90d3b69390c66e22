import { describe, expect, it } from 'vitest';
import { goMenu } from '../../electron/main/go-menu';
import { appMenuTemplate } from '../../electron/main/updates';
import { NavigateSchema, SCREENS, screenOfDigit, shortcutDigit } from '../../shared/ipc/screens';
import { EVENT_NAMES } from '../../shared/ipc/names';
import { events } from '../../shared/ipc/contract';

describe('the Go menu', () => {
  it('lists every screen in sidebar order with Ctrl or Cmd and its place', () => {
    const picked: string[] = [];
    const menu = goMenu((screen) => picked.push(screen));
    expect(menu.label).toBe('Go');
    const items = Array.isArray(menu.submenu) ? menu.submenu : [];
    expect(items.map((item) => [item.label, item.accelerator ?? null])).toEqual(
      SCREENS.map((screen, i) => [screen.label, i < 9 ? `CmdOrCtrl+${i + 1}` : null]),
    );
    expect(items.map((item) => item.label).slice(0, 2)).toEqual(['Wallet', 'History']);
    // A click asks for that screen (main sends it to the page as a navigate event).
    type Click = (...args: unknown[]) => void;
    (items[1]?.click as Click | undefined)?.();
    (items.at(-1)?.click as Click | undefined)?.();
    expect(picked).toEqual(['history', SCREENS.at(-1)?.id]);
  });

  it('sits after View in the application menu', () => {
    const template = appMenuTemplate('linux', [], [goMenu(() => undefined)]);
    expect(template.map((item) => item.role ?? item.label)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'Go',
      'windowMenu',
      'help',
    ]);
  });

  it('the page and the menu agree on each digit; the navigate event takes only a screen', () => {
    for (const screen of SCREENS) {
      const digit = shortcutDigit(screen.id);
      expect(digit === null ? null : screenOfDigit(digit)).toBe(digit === null ? null : screen.id);
    }
    expect(screenOfDigit('0')).toBeNull();
    expect(screenOfDigit('12')).toBeNull();
    expect(screenOfDigit('a')).toBeNull();
    expect(EVENT_NAMES).toContain('navigate');
    expect(events.navigate.safeParse({ screen: 'history' }).success).toBe(true);
    expect(NavigateSchema.safeParse({ screen: 'nowhere' }).success).toBe(false);
    expect(NavigateSchema.safeParse({ screen: 'send', extra: 1 }).success).toBe(false);
  });
});
