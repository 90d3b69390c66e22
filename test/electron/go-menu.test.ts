import { describe, expect, it } from 'vitest';
import { goMenu } from '../../electron/main/go-menu';
import { appMenuTemplate } from '../../electron/main/updates';
import {
  GO_TO_KEY,
  NavigateSchema,
  SCREENS,
  screenOfDigit,
  shortcutDigit,
  type Navigate,
} from '../../shared/ipc/screens';
import { EVENT_NAMES } from '../../shared/ipc/names';
import { events } from '../../shared/ipc/contract';

describe('the Go menu', () => {
  it('opens "Go to a screen" first (Ctrl or Cmd and K), then lists every screen in sidebar order with Ctrl or Cmd and its place', () => {
    const picked: Navigate[] = [];
    const menu = goMenu((where) => picked.push(where));
    expect(menu.label).toBe('Go');
    const items = Array.isArray(menu.submenu) ? menu.submenu : [];
    expect(items.map((item) => [item.type ?? 'normal', item.label ?? null])).toEqual([
      ['normal', 'Go to a Screen…'],
      ['separator', null],
      ...SCREENS.map((screen) => ['normal', screen.label]),
    ]);
    expect(items[0]?.accelerator).toBe('CmdOrCtrl+K');
    expect(GO_TO_KEY).toBe('k');
    const screens = items.slice(2);
    expect(screens.map((item) => [item.label, item.accelerator ?? null])).toEqual(
      SCREENS.map((screen, i) => [screen.label, i < 9 ? `CmdOrCtrl+${i + 1}` : null]),
    );
    expect(screens.map((item) => item.label).slice(0, 2)).toEqual(['Wallet', 'History']);
    // A click asks for that screen, or for the list (main sends it as a navigate event).
    type Click = (...args: unknown[]) => void;
    (screens[1]?.click as Click | undefined)?.();
    (screens.at(-1)?.click as Click | undefined)?.();
    (items[0]?.click as Click | undefined)?.();
    expect(picked).toEqual([{ screen: 'history' }, { screen: SCREENS.at(-1)?.id }, { goTo: true }]);
    for (const where of picked) expect(NavigateSchema.safeParse(where).success).toBe(true);
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
    expect(events.navigate.safeParse({ goTo: true }).success).toBe(true);
    expect(NavigateSchema.safeParse({ goTo: false }).success).toBe(false);
    expect(NavigateSchema.safeParse({ goTo: true, screen: 'send' }).success).toBe(false);
    expect(NavigateSchema.safeParse({}).success).toBe(false);
  });
});
