/**
 * What the page shows for an `obyte:` link main parsed: which screen opens and the sentence of
 * the banner. A link only prefills: the banner says what the link asks and where to review it,
 * and that nothing happens until the user confirms. Pure: no runes, no DOM.
 */
import type { DeepLink, DisplayUnit } from '../../../shared/ipc/schemas';
import { bytesText } from '../../../shared/ipc/amount-text';
import { BASE_ASSET } from '../../../shared/protocol/amount';
import type { ScreenId } from '../screens';

export type PaymentLink = Extract<DeepLink, { kind: 'payment' }>;
export type PairingLink = Extract<DeepLink, { kind: 'pairing' }>;

export interface LinkNotice {
  /** `info` for a request to review, `error` for a link that could not be opened. */
  readonly tone: 'info' | 'error';
  readonly text: string;
  /** The screen to show, or null to stay where the user is. */
  readonly screen: ScreenId | null;
  /** Identifiers in `text` the user compares (addresses, asset ids): shown in monospace. */
  readonly codes: readonly string[];
}

/** `text` cut into plain runs and the identifiers of `codes`, in order, for the banner. */
export function noticeParts(notice: LinkNotice): Array<{ text: string; code: boolean }> {
  const parts: Array<{ text: string; code: boolean }> = [];
  let rest = notice.text;
  for (;;) {
    let at = -1;
    let found = '';
    for (const code of notice.codes) {
      const i = code === '' ? -1 : rest.indexOf(code);
      if (i !== -1 && (at === -1 || i < at)) {
        at = i;
        found = code;
      }
    }
    if (at === -1) break;
    if (at > 0) parts.push({ text: rest.slice(0, at), code: false });
    parts.push({ text: found, code: true });
    rest = rest.slice(at + found.length);
  }
  if (rest !== '') parts.push({ text: rest, code: false });
  return parts;
}

/** Assets are shown in their smallest units: their decimals come from the registry, later. */
function amountWords(amount: number, asset: string | null, unit: DisplayUnit): string {
  if (asset === null || asset === BASE_ASSET) return bytesText(amount, unit);
  return `${amount.toLocaleString('en-US')} smallest units of the asset ${asset}`;
}

const RECIPIENT_WORDS: Readonly<Record<PaymentLink['recipientKind'], string>> = {
  address: '',
  email: 'the e-mail address ',
  social: 'the account ',
  phone: 'the phone number ',
};

/** "to pay 0.5 GBYTE to ADDRESS", "to pay the account @x (you choose the amount)". */
function paymentWords(link: PaymentLink, unit: DisplayUnit): string {
  const to = `${RECIPIENT_WORDS[link.recipientKind]}${link.address}`;
  return link.amount === null
    ? `to pay ${to} (you choose the amount)`
    : `to pay ${amountWords(link.amount, link.asset, unit)} to ${to}`;
}

export function paymentSentence(link: PaymentLink, unit: DisplayUnit): string {
  const what = paymentWords(link, unit);
  const extra = link.additionalAssets.length;
  const more = extra === 0 ? '' : ` and ${extra} more ${extra === 1 ? 'asset' : 'assets'}`;
  const data = link.base64data === null ? '' : ', with data for an autonomous agent';
  return `This link asks you ${what}${more}${data}. Review it in Send: nothing is paid until you confirm.`;
}

export function pairingSentence(link: PairingLink): string {
  return `This link asks you to pair with the device ${link.deviceAddress} at the hub ${link.hub}. Review it in Chat: nothing is paired until you confirm.`;
}

export function noticeFor(link: DeepLink, unit: DisplayUnit): LinkNotice {
  switch (link.kind) {
    case 'payment': {
      if (link.recipientKind !== 'address') {
        // Paying an e-mail address, a phone number or an account needs an attestor to name the
        // Obyte address behind it; Obyte Light does not do that lookup, so it fills in nothing.
        return {
          tone: 'error',
          text: `This link asks you ${paymentWords(link, unit)}. Obyte Light can pay only Obyte addresses: nothing was filled in or paid.`,
          screen: null,
          codes: [],
        };
      }
      const codes = [link.address];
      if (link.asset !== null && link.asset !== BASE_ASSET) codes.push(link.asset);
      return { tone: 'info', text: paymentSentence(link, unit), screen: 'send', codes };
    }
    case 'pairing':
      return {
        tone: 'info',
        text: pairingSentence(link),
        screen: 'chat',
        codes: [link.deviceAddress],
      };
    case 'textcoin':
      return {
        tone: 'info',
        text: 'This link is a textcoin: money for whoever holds it. Review what it brings in Textcoins: nothing is claimed until you confirm.',
        screen: 'textcoins',
        codes: [],
      };
    case 'refused':
      return { tone: 'error', text: link.message, screen: null, codes: [] };
  }
}
