/** The app's screens, in sidebar order; the route is the location hash ("#/send"). */
export const SCREENS = [
  { id: 'wallet', label: 'Wallet', icon: 'wallet' },
  { id: 'history', label: 'History', icon: 'history' },
  { id: 'send', label: 'Send', icon: 'send' },
  { id: 'receive', label: 'Receive', icon: 'receive' },
  { id: 'chat', label: 'Chat', icon: 'chat' },
  { id: 'bots', label: 'Bots', icon: 'bots' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
  { id: 'tools', label: 'Tools', icon: 'key' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];
export type IconName = (typeof SCREENS)[number]['icon'];

export const DEFAULT_SCREEN: ScreenId = 'wallet';

export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((screen) => screen.id === id)?.id ?? DEFAULT_SCREEN;
}

export function hashOf(id: ScreenId): string {
  return `#/${id}`;
}

export function labelOf(id: ScreenId): string {
  return SCREENS.find((screen) => screen.id === id)?.label ?? id;
}
