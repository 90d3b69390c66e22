/**
 * The user's labels, notes and address book as the page shows them: History's rows and details,
 * Send's contact picker and "This is Alice", the Contacts screen. Read once and after each change
 * made here; main checks every value (checksums, lengths) and says what is wrong in words.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { ContactView, LabelView } from '../../../shared/ipc/labels-schemas';
import { sentence } from '../api';

export interface ContactDraft {
  name: string;
  address: string;
  deviceAddress: string;
  note: string;
}

export const emptyDraft = (): ContactDraft => ({
  name: '',
  address: '',
  deviceAddress: '',
  note: '',
});

export class LabelsState {
  labels = $state<LabelView[]>([]);
  contacts = $state<ContactView[]>([]);
  error = $state<string | null>(null);
  /** What the last export or import did, in words. */
  fileMessage = $state<string | null>(null);
  // Lookups by unit or address (refs are checked hashes and addresses: no prototype keys).
  private readonly units = $derived(
    Object.fromEntries(this.labels.filter((l) => l.type === 'unit').map((l) => [l.ref, l])),
  );
  private readonly addresses = $derived(
    Object.fromEntries(this.labels.filter((l) => l.type === 'addr').map((l) => [l.ref, l])),
  );
  private readonly byAddress = $derived(
    Object.fromEntries(this.contacts.map((c) => [c.address, c])),
  );
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  async load(): Promise<void> {
    const [labels, contacts] = await Promise.all([
      this.api.labels.list(),
      this.api.contacts.list(),
    ]);
    if (labels.ok) this.labels = labels.value;
    if (contacts.ok) this.contacts = contacts.value;
    const failed = !labels.ok ? labels.error : !contacts.ok ? contacts.error : null;
    this.error = failed ? sentence('Your labels and contacts could not be read', failed) : null;
  }

  unitLabel(unit: string): LabelView | null {
    return Object.hasOwn(this.units, unit) ? (this.units[unit] ?? null) : null;
  }

  addressLabel(address: string): LabelView | null {
    return Object.hasOwn(this.addresses, address) ? (this.addresses[address] ?? null) : null;
  }

  contactOf(address: string): ContactView | null {
    const key = address.trim().toUpperCase();
    return Object.hasOwn(this.byAddress, key) ? (this.byAddress[key] ?? null) : null;
  }

  /** What the user calls an address: a contact's name, else its label; null when nothing. */
  nameOf(address: string): string | null {
    return this.contactOf(address)?.name ?? this.addressLabel(address)?.label ?? null;
  }

  /** Returns null when saved, else the problem in words. */
  async setLabel(
    type: 'unit' | 'addr',
    ref: string,
    label: string,
    note: string,
  ): Promise<string | null> {
    const reply = await this.api.labels.set({ type, ref, label, note });
    if (!reply.ok) return reply.error.message;
    await this.load();
    return null;
  }

  /** Adds (no id) or edits a contact; returns null when saved, else the problem in words. */
  async saveContact(draft: ContactDraft, id: number | null): Promise<string | null> {
    const params = {
      name: draft.name,
      address: draft.address,
      deviceAddress: draft.deviceAddress.trim() === '' ? null : draft.deviceAddress,
      note: draft.note,
    };
    const reply =
      id === null
        ? await this.api.contacts.add(params)
        : await this.api.contacts.update({ id, ...params });
    if (!reply.ok) return reply.error.message;
    await this.load();
    return null;
  }

  async removeContact(id: number): Promise<string | null> {
    const reply = await this.api.contacts.remove({ id });
    await this.load();
    return reply.ok ? null : reply.error.message;
  }

  /** Contacts whose name, address or note holds `search` (any case). */
  search(search: string): ContactView[] {
    const needle = search.trim().toLowerCase();
    if (needle === '') return this.contacts;
    return this.contacts.filter((c) =>
      [c.name, c.address, c.note, c.deviceAddress ?? ''].some((text) =>
        text.toLowerCase().includes(needle),
      ),
    );
  }

  async exportFile(): Promise<string | null> {
    const reply = await this.api.labels.export({ saveToFile: true });
    if (!reply.ok) {
      this.fileMessage = sentence('The labels were not exported', reply.error);
      return null;
    }
    const { labels, contacts, savedTo, text } = reply.value;
    const what = `${labels} ${labels === 1 ? 'label' : 'labels'} and ${contacts} ${contacts === 1 ? 'contact' : 'contacts'}`;
    this.fileMessage = savedTo
      ? `Saved ${what} in ${savedTo}.`
      : text !== null
        ? `Prepared ${what}; this window cannot save files.`
        : 'Export cancelled: nothing was saved.';
    return text;
  }

  /** Imports a labels file's text; the message says what changed or which line is wrong. */
  async importText(text: string): Promise<boolean> {
    const reply = await this.api.labels.import({ text });
    if (!reply.ok) {
      this.fileMessage = `Nothing was imported. ${reply.error.message}`;
      return false;
    }
    const c = reply.value;
    this.fileMessage = `Imported: ${c.labelsAdded} labels added, ${c.labelsUpdated} changed; ${c.contactsAdded} contacts added, ${c.contactsUpdated} changed; ${c.unchanged} already as in the file.`;
    await this.load();
    return true;
  }
}
