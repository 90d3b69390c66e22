/**
 * The Go menu: every screen with its shortcut (CmdOrCtrl and the screen's place, 1 to 9), so the
 * shortcuts can be found where desktop users look for them. Picking one (or pressing its keys,
 * which the menu then handles) asks the page to show that screen.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { SCREENS, shortcutDigit, type ScreenId } from '../../shared/ipc/screens';

export function goMenu(go: (screen: ScreenId) => void): MenuItemConstructorOptions {
  return {
    label: 'Go',
    submenu: SCREENS.map((screen) => {
      const digit = shortcutDigit(screen.id);
      return {
        label: screen.label,
        ...(digit === null ? {} : { accelerator: `CmdOrCtrl+${digit}` }),
        click: () => go(screen.id),
      };
    }),
  };
}
