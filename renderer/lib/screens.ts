/** The app's screens, in sidebar order; the route is the location hash ("#/send"). */
import { SCREENS, type ScreenId } from '../../shared/ipc/screens';

export {
  GO_TO_KEY,
  SCREENS,
  shortcutDigit,
  screenOfDigit,
  type ScreenId,
} from '../../shared/ipc/screens';
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
