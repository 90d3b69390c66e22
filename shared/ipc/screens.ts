/**
 * The app's screens in sidebar order: the page routes and draws its sidebar from this list, and
 * main's Go menu lists the same screens with their shortcuts (Ctrl, or Cmd on macOS, and the
 * screen's place in the list, 1 to 9). Every screen, past the ninth too, is in the page's "Go to
 * a screen" list (Ctrl or Cmd and GO_TO_KEY). Ctrl+0 is not a screen's: it is View → Actual Size.
 * Pure data.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const SCREENS = [
  { id: 'wallet', label: 'Wallet', icon: 'wallet' },
  { id: 'history', label: 'History', icon: 'history' },
  { id: 'send', label: 'Send', icon: 'send' },
  { id: 'receive', label: 'Receive', icon: 'receive' },
  { id: 'contacts', label: 'Contacts', icon: 'contacts' },
  { id: 'chat', label: 'Chat', icon: 'chat' },
  { id: 'bots', label: 'Bots', icon: 'bots' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
  { id: 'tools', label: 'Tools', icon: 'key' },
  { id: 'textcoins', label: 'Textcoins', icon: 'textcoin' },
] as const;

/** With Ctrl (Cmd on macOS), opens the page's "Go to a screen" list of every screen. */
export const GO_TO_KEY = 'k';

export type ScreenId = (typeof SCREENS)[number]['id'];

const SCREEN_IDS = SCREENS.map((screen) => screen.id) as [ScreenId, ...ScreenId[]];

/** The digit after Ctrl (Cmd on macOS) that opens a screen, or null past the ninth. */
export function shortcutDigit(id: ScreenId): string | null {
  const place = SCREENS.findIndex((screen) => screen.id === id) + 1;
  return place >= 1 && place <= 9 ? String(place) : null;
}

/** The screen a digit typed with Ctrl (Cmd on macOS) opens, or null. */
export function screenOfDigit(key: string): ScreenId | null {
  if (!/^[1-9]$/.test(key)) return null;
  return SCREENS[Number(key) - 1]?.id ?? null;
}

/**
 * Main's Go menu asks the page to show a screen (the same as its shortcut in the page), or, with
 * `goTo`, to open "Go to a screen" (the same as Ctrl or Cmd and GO_TO_KEY in the page).
 */
export const NavigateSchema = lazySchema(() =>
  z.union([
    z.strictObject({ screen: z.enum(SCREEN_IDS) }),
    z.strictObject({ goTo: z.literal(true) }),
  ]),
);
export type Navigate = z.infer<typeof NavigateSchema>;
