/** Which screen is shown. The location hash is the source of truth, so back/forward work. */
import { hashOf, labelOf, screenFromHash, type ScreenId } from '../screens';

export interface HashLocation {
  hash: string;
}

export class NavigationState {
  current = $state<ScreenId>('wallet');
  readonly title = $derived(`${labelOf(this.current)} — Obyte Light`);
  private readonly location: HashLocation;

  constructor(location: HashLocation) {
    this.location = location;
    this.current = screenFromHash(location.hash);
  }

  /** Called on `hashchange`. */
  sync(): void {
    this.current = screenFromHash(this.location.hash);
  }

  go(id: ScreenId): void {
    this.current = id;
    const hash = hashOf(id);
    if (this.location.hash !== hash) this.location.hash = hash;
  }
}
