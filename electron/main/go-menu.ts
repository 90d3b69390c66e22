/**
 * The Go menu: "Go to a screen…" (CmdOrCtrl and GO_TO_KEY, the page's list of every screen), then
 * every screen with its shortcut (CmdOrCtrl and the screen's place, 1 to 9), so the shortcuts can
 * be found where desktop users look for them. Picking one (or pressing its keys, which the menu
 * then handles) asks the page to show that screen, or to open its list.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Navigate } from '../../shared/ipc/screens';
import { GO_TO_KEY, SCREENS, shortcutDigit } from '../../shared/ipc/screens';

export function goMenu(go: (where: Navigate) => void): MenuItemConstructorOptions {
  return {
    label: 'Go',
    submenu: [
      {
        label: 'Go to a Screen…',
        accelerator: `CmdOrCtrl+${GO_TO_KEY.toUpperCase()}`,
        click: () => go({ goTo: true }),
      },
      { type: 'separator' },
      ...SCREENS.map((screen): MenuItemConstructorOptions => {
        const digit = shortcutDigit(screen.id);
        return {
          label: screen.label,
          ...(digit === null ? {} : { accelerator: `CmdOrCtrl+${digit}` }),
          click: () => go({ screen: screen.id }),
        };
      }),
    ],
  };
}
