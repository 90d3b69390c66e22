/** What the status bar shows, kept current by `statusChanged` events from main. */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { Status } from '../../../shared/ipc/schemas';
import { sentence } from '../api';

export class StatusState {
  value = $state<Status | null>(null);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    const reply = await this.api.status.get();
    if (reply.ok) this.value = reply.value;
    else this.error = sentence('The connection status could not be read', reply.error);
  }

  received(status: Status): void {
    this.value = status;
    this.error = null;
  }
}
