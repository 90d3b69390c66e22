/**
 * The Send form: recipients (address checked as typed, amount in the asset's decimals), send
 * all, then a preview main composed (every recipient, the change, every fee by name, the total),
 * then Confirm & send, which asks main to sign exactly that preview. A payment link only fills
 * the form (`prefill`); it never sends.
 */
import type { ObyteApi } from '../../../shared/ipc/client';
import type { PaymentPreviewView } from '../../../shared/ipc/keys-schemas';
import type { DisplayUnit } from '../../../shared/ipc/schemas';
import { DISPLAY_UNIT_DECIMALS } from '../../../shared/ipc/amount-text';
import { BASE_ASSET, formatAmount } from '../../../shared/protocol/amount';
import { isValidAddress } from '../../../shared/protocol/chash';
import { MAX_CAP } from '../../../shared/protocol/constants';
import type { PaymentLink } from './deep-link';

export interface RecipientRow {
  address: string;
  amount: string;
}

export type SendPhase = 'edit' | 'previewing' | 'preview' | 'sending' | 'sent' | 'failed';

/**
 * What a payment link asks beyond one recipient and amount, carried to the preview as it was
 * written (issue 13: a link is paid as written or not at all): its data, more assets to the same
 * address, the paying address, a single address.
 */
export interface LinkExtras {
  readonly address: string;
  readonly base64data: string | null;
  readonly additionalAssets: readonly { readonly asset: string; readonly amount: number }[];
  readonly fromAddress: string | null;
  readonly singleAddress: boolean;
  /** The recipient's device: this wallet does not notify it (not part of the unit). */
  readonly deviceAddress: string | null;
}

/** What is wrong with an address as typed; null when it is a valid address (or still empty). */
export function addressProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (value.length !== 32) return `An Obyte address has 32 characters; this has ${value.length}.`;
  if (!/^[A-Z2-7]+$/.test(value)) {
    return 'An Obyte address has only capital letters A–Z and digits 2–7.';
  }
  if (!isValidAddress(value)) {
    return 'This address has a typo: its checksum does not match. Check it against the original.';
  }
  return null;
}

/** What is wrong with an amount as typed for these decimals; null when it looks right. */
export function amountProblem(text: string, decimals: number): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (!/^\d+(\.\d+)?$/.test(value)) return 'Enter a number such as 1.5 (no sign, no spaces).';
  const fraction = value.split('.')[1] ?? '';
  if (fraction.length > decimals) {
    return decimals === 0
      ? 'This unit has no decimals.'
      : `At most ${decimals} decimals for this unit.`;
  }
  if (/^0*(\.0*)?$/.test(value)) return 'Enter an amount greater than zero.';
  // Past the network's cap (and past 2^53, where numbers stop being exact): said here, at the
  // field, in the unit typed, before any preview is asked for.
  const units = BigInt(value.replace('.', '') + '0'.repeat(decimals - fraction.length));
  if (units > BigInt(MAX_CAP)) {
    return `This is more than the network allows in one payment: at most ${formatAmount(MAX_CAP, decimals)} in this unit.`;
  }
  return null;
}

export class SendForm {
  recipients = $state<RecipientRow[]>([{ address: '', amount: '' }]);
  /** "base" or an asset id, from the balances. */
  asset = $state<string>(BASE_ASSET);
  sendAll = $state(false);
  phase = $state<SendPhase>('edit');
  preview = $state<PaymentPreviewView | null>(null);
  error = $state<string | null>(null);
  sentUnit = $state<string | null>(null);
  sentNote = $state<string | null>(null);
  /** The link this form was filled from, shown as a reminder; never sent by itself. */
  fromLink = $state<string | null>(null);
  /** What the link asks beyond the form's fields; sent with the preview as written. */
  linkExtras = $state<LinkExtras | null>(null);
  /** The separate confirmation that a payment the preview says would bounce may be sent. */
  acceptBounce = $state(false);
  private readonly api: ObyteApi;

  constructor(api: ObyteApi) {
    this.api = api;
  }

  decimals(unit: DisplayUnit, assetDecimals: number): number {
    return this.asset === BASE_ASSET ? DISPLAY_UNIT_DECIMALS[unit] : assetDecimals;
  }

  addRecipient(): void {
    this.recipients.push({ address: '', amount: '' });
    this.sendAll = false;
  }

  removeRecipient(index: number): void {
    if (this.recipients.length > 1) this.recipients.splice(index, 1);
  }

  /**
   * Fills the form from a payment link; the user still previews and confirms. The link's amount
   * is in the smallest unit: it is written in the decimals the form will read it with (the
   * display unit for bytes, the asset's registry decimals, 0 for an asset the wallet does not know).
   */
  prefill(link: PaymentLink, unit: DisplayUnit, assetDecimals = 0): void {
    const asset = link.asset ?? BASE_ASSET;
    this.asset = asset;
    this.sendAll = false;
    const decimals = asset === BASE_ASSET ? DISPLAY_UNIT_DECIMALS[unit] : assetDecimals;
    this.recipients = [
      {
        address: link.recipientKind === 'address' ? link.address : '',
        amount: link.amount === null ? '' : formatAmount(link.amount, decimals),
      },
    ];
    this.fromLink = link.address;
    const extras: LinkExtras = {
      address: link.address,
      base64data: link.base64data,
      additionalAssets: link.additionalAssets,
      fromAddress: link.fromAddress,
      singleAddress: link.singleAddress,
      deviceAddress: link.deviceAddress,
    };
    const any =
      extras.base64data !== null ||
      extras.additionalAssets.length > 0 ||
      extras.fromAddress !== null ||
      extras.singleAddress;
    this.linkExtras = any ? extras : null;
    this.phase = 'edit';
    this.preview = null;
  }

  /** The first problem of the form, for the Preview button; null when it can be previewed. */
  problem(decimals: number): string | null {
    for (const [i, row] of this.recipients.entries()) {
      const n = this.recipients.length > 1 ? ` ${i + 1}` : '';
      if (row.address.trim() === '') return `Enter the address of recipient${n}.`;
      const a = addressProblem(row.address);
      if (a) return `Recipient${n}: ${a}`;
      if (!this.sendAll) {
        if (row.amount.trim() === '') return `Enter the amount for recipient${n}.`;
        const m = amountProblem(row.amount, decimals);
        if (m) return `Recipient${n}: ${m}`;
      }
    }
    return null;
  }

  /**
   * `decimalsOf`: an asset's registry decimals (0 for one the wallet does not know: the link's
   * amounts are in its smallest unit), for the link's additional assets.
   */
  async makePreview(
    unit: DisplayUnit,
    decimals: number,
    decimalsOf: (asset: string) => number = () => 0,
  ): Promise<void> {
    const problem = this.problem(decimals);
    if (problem) {
      this.error = problem;
      return;
    }
    this.error = null;
    this.phase = 'previewing';
    this.acceptBounce = false;
    const extras = this.linkExtras;
    const more = (extras?.additionalAssets ?? []).map((a) => ({
      address: extras?.address ?? '',
      amount: formatAmount(
        a.amount,
        a.asset === BASE_ASSET ? DISPLAY_UNIT_DECIMALS[unit] : decimalsOf(a.asset),
      ),
      asset: a.asset,
    }));
    const reply = await this.api.payments.preview({
      recipients: [
        ...this.recipients.map((r) => ({
          address: r.address.trim(),
          amount: this.sendAll ? '0' : r.amount.trim(),
          asset: this.asset,
        })),
        ...more,
      ],
      ...(this.sendAll ? { sendAll: true } : {}),
      unit,
      ...(extras?.base64data ? { base64data: extras.base64data } : {}),
      ...(extras?.fromAddress ? { fromAddress: extras.fromAddress } : {}),
      ...(extras?.singleAddress ? { singleAddress: true } : {}),
    });
    if (!reply.ok) {
      this.phase = 'edit';
      this.error = reply.error.message;
      return;
    }
    this.preview = reply.value;
    this.phase = 'preview';
  }

  /** Back to the form; the held preview is simply not used. */
  edit(): void {
    this.preview = null;
    this.phase = 'edit';
  }

  async confirm(): Promise<void> {
    const preview = this.preview;
    if (!preview || this.phase !== 'preview') return;
    if (preview.aa?.bounceReason && !this.acceptBounce) {
      this.error = 'This payment would bounce: tick the box to confirm that you accept it first.';
      return;
    }
    this.phase = 'sending';
    const reply = await this.api.payments.send({
      previewId: preview.previewId,
      ...(this.acceptBounce ? { acceptBounce: true } : {}),
    });
    if (!reply.ok) {
      this.phase = 'failed';
      this.error = reply.error.message;
      return;
    }
    this.sentUnit = reply.value.unit;
    this.sentNote = reply.value.message;
    this.phase = 'sent';
  }

  reset(): void {
    this.recipients = [{ address: '', amount: '' }];
    this.sendAll = false;
    this.preview = null;
    this.phase = 'edit';
    this.error = null;
    this.sentUnit = null;
    this.sentNote = null;
    this.fromLink = null;
    this.linkExtras = null;
    this.acceptBounce = false;
  }
}
