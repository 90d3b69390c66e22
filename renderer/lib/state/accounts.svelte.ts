/**
 * The seed's accounts (`accounts.list`, then `accountsChanged`): which one is in use, and the
 * requests that add, rename, recolour, hide and switch them. Main changes balances, history,
 * receiving and payments to follow the account in use and says so with its own events.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { AccountColourName, AccountsView } from '../../../shared/ipc/accounts-schemas';
import type { IpcReply } from '../../../shared/ipc/errors';
import { sentence } from '../api';

export class AccountsState {
  value = $state<AccountsView | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  subscribe(): Array<() => void> {
    return [
      this.api.on('accountsChanged', (view) => (this.value = view)),
      // A wallet created, restored, unlocked or locked: its accounts may be new.
      this.api.on('walletStateChanged', () => void this.load()),
    ];
  }

  async load(): Promise<void> {
    const reply = await this.api.accounts.list();
    this.value = reply.ok ? reply.value : null;
  }

  /** The accounts the switcher offers: the visible ones, and the one in use even if hidden. */
  get visible(): AccountsView['accounts'] {
    const view = this.value;
    if (view === null) return [];
    return view.accounts.filter((a) => !a.hidden || a.account === view.current);
  }

  get current(): AccountsView['accounts'][number] | null {
    const view = this.value;
    return view?.accounts.find((a) => a.account === view.current) ?? null;
  }

  private async run(
    action: string,
    request: () => Promise<IpcReply<AccountsView>>,
  ): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const reply = await request();
      if (reply.ok) {
        this.value = reply.value;
        return true;
      }
      this.error = sentence(action, reply.error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  select(account: number): Promise<boolean> {
    return this.run('The account was not switched', () => this.api.accounts.select({ account }));
  }

  create(name: string, colour?: AccountColourName): Promise<boolean> {
    return this.run('The account was not added', () =>
      this.api.accounts.create({ name, ...(colour ? { colour } : {}) }),
    );
  }

  update(
    account: number,
    patch: { name?: string; colour?: AccountColourName; hidden?: boolean },
  ): Promise<boolean> {
    return this.run('The account was not changed', () =>
      this.api.accounts.update({ account, ...patch }),
    );
  }
}
