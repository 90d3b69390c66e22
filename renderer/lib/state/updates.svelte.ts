/**
 * The update check as main holds it (the same state the Help menu shows): the opt-in, whether
 * this copy can check, and the last check's result. Main announces every change
 * (`updatesChanged`), also for checks started from the menu or at start; the page never polls.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { UpdateState } from '../../../shared/ipc/update-schemas';
import { sentence } from '../api';

export class UpdatesState {
  value = $state<UpdateState | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);
  /** After "Open release page" where this copy cannot open a browser: the address to show. */
  manualUrl = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  subscribe(): Array<() => void> {
    return [this.api.on('updatesChanged', (state) => this.received(state))];
  }

  async load(): Promise<void> {
    const reply = await this.api.updates.getState();
    if (reply.ok) this.received(reply.value);
    else this.error = sentence('The update settings could not be read', reply.error);
  }

  received(state: UpdateState): void {
    this.value = state;
  }

  async setCheckAtStartup(checkAtStartup: boolean): Promise<void> {
    this.saving = true;
    this.error = null;
    try {
      const reply = await this.api.updates.setCheckAtStartup({ checkAtStartup });
      if (reply.ok) this.received(reply.value);
      else this.error = sentence('Your choice was not saved', reply.error);
    } finally {
      this.saving = false;
    }
  }

  async checkNow(): Promise<void> {
    this.error = null;
    this.manualUrl = null;
    if (this.value) this.value = { ...this.value, checking: true };
    const reply = await this.api.updates.checkNow();
    if (reply.ok) {
      this.received(reply.value);
    } else {
      // A check that outlives the request still ends in an `updatesChanged`.
      this.error = sentence('The check did not finish', reply.error);
      await this.load();
    }
  }

  async openReleasePage(): Promise<void> {
    this.error = null;
    const reply = await this.api.updates.openReleasePage();
    if (!reply.ok) this.error = sentence('The release page was not opened', reply.error);
    else this.manualUrl = reply.value.opened ? null : reply.value.url;
  }
}
