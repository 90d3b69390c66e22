/**
 * The attested private profiles this wallet keeps (Settings → Private profiles): the ones
 * contacts sent in chat and the user chose to keep, and our own. Listed as main holds them;
 * deleting one or all removes this wallet's copies only (asked first, on the page).
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { ProfileView, RemoveProfilesResult } from '../../../shared/ipc/profile-schemas';
import type { IpcReply } from '../../../shared/ipc/errors';
import { sentence } from '../api';

export class ProfilesState {
  /** Newest first; null until read (or while the wallet is locked). */
  value = $state<ProfileView[] | null>(null);
  error = $state<string | null>(null);
  /** What the last deletion did, in words. */
  notice = $state<string | null>(null);
  busy = $state(false);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    const reply = await this.api.profiles.list();
    if (reply.ok) {
      this.value = reply.value;
      this.error = null;
    } else {
      this.value = null;
      this.error = sentence('The private profiles could not be read', reply.error);
    }
  }

  async remove(profile: ProfileView): Promise<void> {
    await this.run(
      () => this.api.profiles.remove({ id: profile.id }),
      `Deleted the profile of ${profile.address}.`,
      'The profile was not deleted',
    );
  }

  async removeAll(): Promise<void> {
    await this.run(() => this.api.profiles.removeAll(), null, 'The profiles were not deleted');
  }

  private async run(
    call: () => Promise<IpcReply<RemoveProfilesResult>>,
    done: string | null,
    failed: string,
  ): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      const reply = await call();
      if (!reply.ok) {
        // The list as main holds it now (another window may have deleted it already).
        await this.load();
        this.error = sentence(failed, reply.error);
        return;
      }
      this.error = null;
      this.value = reply.value.profiles;
      const { removed } = reply.value;
      this.notice = done ?? (removed === 1 ? 'Deleted 1 profile.' : `Deleted ${removed} profiles.`);
    } finally {
      this.busy = false;
    }
  }
}
