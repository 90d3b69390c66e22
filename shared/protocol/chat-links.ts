/**
 * Links inside bot chat text (device-messaging.md §10, vectors/chat-links.json).
 *
 * A port of the official wallet's chat renderer (obyte-gui-wallet
 * correspondentListService.highlightActions, commit 332ae09c): the same recognisers in the same
 * order, each pass claiming its matches so later passes cannot match inside them. It returns
 * data, never HTML: the text split into plain and link segments whose texts concatenate back to
 * the input exactly. Chat text is untrusted (any peer can send any text), so `parseChatText`
 * never throws: anything malformed stays plain text.
 *
 * Deliberate differences from the official renderer:
 * - Patterns run on the raw text, not on HTML-escaped text (the official click handlers then see
 *   `&amp;`-mangled queries and commands).
 * - A label never contains "](": the official lazy `\[.*?\]` lets a later pattern's label swallow
 *   an earlier link that no pattern had claimed yet (§10.2 "do not copy this behaviour").
 * - Pairing secrets and data queries end at the first ")" (the official greedy `(.+)` runs to the
 *   last ")" of the line).
 * - Amounts must be safe integers up to MAX_CAP; asset ids exactly 32 bytes of base64.
 * - A data link whose parameters ocore uri.js would refuse on click stays plain text.
 * - A link that contains an earlier, smaller link (a bare address inside a command label) absorbs
 *   it instead of nesting it.
 * vote: links are recognised only to keep their text plain (this wallet does not act on them
 * yet); a profile: link carries its base64 private profile and a signed-message: link its base64
 * package, both checked by the caller (private-profile.ts, signed-message.ts).
 */
import { isValidAmount, isValidAsset, parseAmountString, BASE_ASSET } from './amount';
import { fromBase64, fromUtf8, isBase64 } from './bytes';
import { getAddressFromDefinition, isValidAddress, isValidDeviceAddress } from './chash';
import type { JsonObject, JsonValue } from './json';
import { isJsonObject } from './json';
import { parsePairingCode } from './pairing';
import type { UriScheme } from './uri';
import { parseAdditionalAssets, parseQueryString, validateDataParams } from './uri';
import type { NetworkConstants } from './wire';
import { NETWORKS } from './wire';

/** A payment request: the wallet opens a pre-filled, locked send form (never sends by itself). */
export interface PaymentLink {
  readonly kind: 'payment';
  /** Not shown by the official wallet: it writes its own "Payment request: <amount>". */
  readonly label: string;
  readonly uri: string;
  readonly scheme: UriScheme;
  readonly address: string;
  readonly amount: number;
  readonly asset: string;
  readonly additional_assets: Readonly<Record<string, number>> | null;
  readonly device_address: string | null;
  readonly base64data: string | null;
  readonly from_address: string | null;
  readonly single_address: boolean;
}

/** "Pay to this address" without a usable request: the user enters the amount. */
export interface AddressLink {
  readonly kind: 'address';
  /** null for a bare address in the text. */
  readonly label: string | null;
  readonly uri: string | null;
  readonly address: string;
}

/** Click sends `command` as a new text message. */
export interface CommandLink {
  readonly kind: 'command';
  readonly label: string;
  readonly command: string;
}

/** Click only puts `command` into the input box. */
export interface SuggestCommandLink {
  readonly kind: 'suggest_command';
  readonly label: string;
  readonly command: string;
}

export interface DataLink {
  readonly kind: 'data';
  readonly label: string;
  readonly uri: string;
  /** Decoded query parameters, `app` included. */
  readonly params: Readonly<Record<string, string>>;
}

export interface PairingLink {
  readonly kind: 'pairing';
  readonly label: string;
  readonly uri: string;
  readonly pubkey: string;
  readonly hub: string;
  readonly pairing_secret: string;
  readonly device_address: string;
}

export interface TextcoinLink {
  readonly kind: 'textcoin';
  readonly label: string;
  readonly uri: string;
  /** Words joined by spaces; not yet checked against BIP-39 (the claim flow does that). */
  readonly mnemonic: string;
}

export interface MultiPaymentEntry {
  readonly address: string;
  readonly amount: number;
  readonly asset?: string;
}

export interface MultiPaymentLink {
  readonly kind: 'multi_payment';
  readonly label: string;
  readonly payments: readonly MultiPaymentEntry[];
  /** address → {definition, signers}; every definition hashes to its address. */
  readonly definitions: JsonObject | null;
}

export interface UrlLink {
  readonly kind: 'url';
  /** http(s) only: open in the external browser. */
  readonly url: string;
}

export interface SignMessageRequestLink {
  readonly kind: 'sign_message_request';
  readonly label: string;
  readonly network_aware: boolean;
  /** Exactly as in the link. */
  readonly message: string;
  /** The message decoded, when it is base64 of UTF-8 JSON; else null. */
  readonly decoded_json: JsonValue | null;
}

export interface ProfileRequestLink {
  readonly kind: 'profile_request';
  readonly label: string;
  readonly fields: readonly string[];
}

/** An attested private profile a peer sent (base64 of its JSON): check it before keeping it. */
export interface PrivateProfileLink {
  readonly kind: 'private_profile';
  readonly label: string;
  readonly base64: string;
}

/** A signed message a peer sent (base64 of the package's JSON): verify it before showing it. */
export interface SignedMessageLink {
  readonly kind: 'signed_message';
  readonly label: string;
  readonly base64: string;
}

/** The user may send back their own pairing code (permanent or one-time). */
export interface SendPairingCodeLink {
  readonly kind: 'send_pairing_code';
  readonly label: string;
  readonly permanent: boolean;
}

export type ChatLink =
  | PaymentLink
  | AddressLink
  | CommandLink
  | SuggestCommandLink
  | DataLink
  | PairingLink
  | TextcoinLink
  | MultiPaymentLink
  | UrlLink
  | SignMessageRequestLink
  | ProfileRequestLink
  | PrivateProfileLink
  | SignedMessageLink
  | SendPairingCodeLink;

export type ChatLinkKind = ChatLink['kind'];

// A record, so that adding a kind to ChatLink without listing it here fails to compile.
const KINDS: Record<ChatLinkKind, true> = {
  payment: true,
  address: true,
  command: true,
  suggest_command: true,
  data: true,
  pairing: true,
  textcoin: true,
  multi_payment: true,
  url: true,
  sign_message_request: true,
  profile_request: true,
  private_profile: true,
  signed_message: true,
  send_pairing_code: true,
};

export const CHAT_LINK_KINDS = Object.keys(KINDS) as readonly ChatLinkKind[];

/** `text` is the exact source text of the segment: joining all segments gives the input back. */
export type ChatSegment =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'link'; readonly text: string; readonly link: ChatLink };

export interface ChatTextOptions {
  /** My own payment addresses: a bare one in the text is not offered as "pay to this address". */
  readonly myAddresses?: Iterable<string>;
  /** For data links (op_list votes need the network's witness count). Default mainnet. */
  readonly network?: NetworkConstants;
}

/** A recognised span of the text; `link` null keeps it plain but stops later passes inside it. */
interface Claim {
  readonly start: number;
  readonly end: number;
  readonly link: ChatLink | null;
}

// The masked text replaces claimed spans by this character, one per UTF-16 unit, so offsets stay
// those of the input. It matches `.` (labels may absorb claims) but no character class below.
const MASK = '\uFFFC';
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g;
const SCHEME = '(byteball-tn|byteball|obyte-tn|obyte)';

/** "First occurrence at or after `from`", memoized for the mostly increasing queries of a pass. */
function finder(search: (from: number) => number): (from: number) => number {
  let lastFrom = Number.POSITIVE_INFINITY;
  let lastAt = -1;
  return (from) => {
    if (from >= lastFrom && (lastAt === -1 || from <= lastAt)) return lastAt;
    lastFrom = from;
    lastAt = search(from);
    return lastAt;
  };
}

function lineTerminatorFinder(text: string): (from: number) => number {
  const re = new RegExp(LINE_TERMINATORS.source, 'g');
  return finder((from) => {
    re.lastIndex = from;
    return re.exec(text)?.index ?? -1;
  });
}

interface Scan {
  readonly raw: string;
  readonly masked: string;
  readonly nextLineEnd: (from: number) => number;
  readonly nextClose: (from: number) => number;
  readonly nextLabelEnd: (from: number) => number;
}

function makeScan(raw: string, claims: readonly Claim[]): Scan {
  let masked = raw;
  if (claims.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const claim of [...claims].sort((a, b) => a.start - b.start)) {
      parts.push(raw.slice(at, claim.start), MASK.repeat(claim.end - claim.start));
      at = claim.end;
    }
    parts.push(raw.slice(at));
    masked = parts.join('');
  }
  return {
    raw,
    masked,
    nextLineEnd: lineTerminatorFinder(masked),
    nextClose: finder((from) => masked.indexOf(')', from)),
    nextLabelEnd: finder((from) => masked.indexOf('](', from)),
  };
}

/** A matched link target: its captured groups (from the raw text) and the index after ")". */
interface TargetMatch {
  readonly groups: readonly string[];
  readonly end: number;
}

type TargetMatcher = (scan: Scan, at: number) => TargetMatch | null;

/** A target that is entirely `re` (sticky, ending in "\)"). */
function regexTarget(source: string): TargetMatcher {
  const re = new RegExp(source, 'y');
  return (scan, at) => {
    re.lastIndex = at;
    const m = re.exec(scan.masked);
    if (!m) return null;
    // Target character classes never match the mask, so these groups equal the raw text.
    return { groups: m.slice(1).map((g) => g ?? ''), end: re.lastIndex };
  };
}

/**
 * `prefix` (sticky, with groups) then `(.+?)\)`: the rest of the target up to the first ")" on
 * the same line, at least one character. The lazy part becomes the last group.
 */
function prefixThenLazy(prefixSource: string): TargetMatcher {
  const re = new RegExp(prefixSource, 'y');
  return (scan, at) => {
    re.lastIndex = at;
    const m = re.exec(scan.masked);
    if (!m) return null;
    const restStart = re.lastIndex;
    const close = scan.nextClose(restStart + 1);
    if (close === -1) return null;
    const lineEnd = scan.nextLineEnd(restStart);
    if (lineEnd !== -1 && lineEnd < close) return null;
    const groups = m.slice(1).map((g) => g ?? '');
    return { groups: [...groups, scan.raw.slice(restStart, close)], end: close + 1 };
  };
}

/** What a pass does with a match: a link, a plain claim (null), or 'decline' (no claim). */
type Outcome = ChatLink | null | 'decline';

/**
 * One `[label](target)` recogniser over the whole text, the way `String.replace` with a global
 * regex walks it: leftmost match first, continue after each match, try the next "[" on failure.
 */
function bracketPass(
  scan: Scan,
  labelRequired: boolean,
  target: TargetMatcher,
  handle: (label: string, target: TargetMatch, uri: string) => Outcome,
): Claim[] {
  const { masked } = scan;
  const claims: Claim[] = [];
  let pos = 0;
  for (;;) {
    const open = masked.indexOf('[', pos);
    if (open === -1) break;
    const labelEnd = scan.nextLabelEnd(open + 1);
    if (labelEnd === -1) break;
    const lineEnd = scan.nextLineEnd(open + 1);
    if ((labelRequired && labelEnd === open + 1) || (lineEnd !== -1 && lineEnd < labelEnd)) {
      pos = open + 1;
      continue;
    }
    const targetStart = labelEnd + 2;
    const match = target(scan, targetStart);
    if (!match) {
      // Every "[" before this "](" ends its label here too, so none of them can match.
      pos = labelEnd + 1;
      continue;
    }
    const label = scan.raw.slice(open + 1, labelEnd);
    const uri = scan.raw.slice(targetStart, match.end - 1);
    const outcome = handle(label, match, uri);
    if (outcome !== 'decline') claims.push({ start: open, end: match.end, link: outcome });
    pos = match.end;
  }
  return claims;
}

// ---- Pass 1: bare payment addresses ----

// Official: /(.*?\b|^)([2-7A-Z]{32})([\s.,;!:].*?|$)/g. An address starts at a word boundary and
// is followed by whitespace, . , ; ! : or the end of the text. Scanned in linear time.
const BARE_ADDRESS_RE = /(?<![A-Za-z0-9_])[2-7A-Z]{32}(?=[\s.,;!:]|$)/g;

function bareAddressPass(raw: string, myAddresses: ReadonlySet<string>): Claim[] {
  const claims: Claim[] = [];
  const nextLineEnd = lineTerminatorFinder(raw);
  let lineStart = 0;
  let afterPrevious = 0;
  BARE_ADDRESS_RE.lastIndex = 0;
  for (let m = BARE_ADDRESS_RE.exec(raw); m; m = BARE_ADDRESS_RE.exec(raw)) {
    const at = m.index;
    for (let lt = nextLineEnd(lineStart); lt !== -1 && lt < at; lt = nextLineEnd(lineStart)) {
      lineStart = lt + 1;
    }
    // The official `pre`: text since the previous match on this line (`.` stops at line ends).
    const pre = raw.slice(Math.max(afterPrevious, lineStart), at);
    const address = m[0];
    const end = at + address.length;
    afterPrevious = end < raw.length ? end + 1 : end;
    BARE_ADDRESS_RE.lastIndex = afterPrevious;
    if (!isValidAddress(address)) continue;
    if (pre.lastIndexOf(')') < pre.lastIndexOf('](')) continue; // inside a link target
    if (myAddresses.has(address)) continue;
    claims.push({ start: at, end, link: { kind: 'address', label: null, uri: null, address } });
  }
  return claims;
}

// ---- Pass 2: obyte:ADDRESS?query payment requests ----

function own(params: Record<string, string>, name: string): string {
  return Object.prototype.hasOwnProperty.call(params, name) ? (params[name] ?? '') : '';
}

type PaymentFields = Omit<PaymentLink, 'kind' | 'label' | 'uri' | 'scheme' | 'address'>;

/**
 * Official parsePaymentRequestQueryString: null (no request, only "pay to this address") when
 * the amount is missing or invalid, or any given option is invalid.
 */
function parsePaymentRequest(query: string): PaymentFields | null {
  if (query === '') return null;
  try {
    const params = parseQueryString(query);
    const amountText = own(params, 'amount');
    if (!amountText) return null;
    const amount = parseAmountString(amountText);
    const asset = own(params, 'asset') || BASE_ASSET;
    if (!isValidAsset(asset)) return null;
    const additionalAssets = parseAdditionalAssets(asset, params);
    const deviceAddress = own(params, 'device_address');
    if (deviceAddress && !isValidDeviceAddress(deviceAddress)) return null;
    const base64data = own(params, 'base64data');
    if (base64data && !isBase64(base64data)) return null;
    let fromAddress = own(params, 'from_address');
    if (fromAddress && !isValidAddress(fromAddress)) return null;
    const single = own(params, 'single_address');
    const singleAddress = single !== '' && single !== '0';
    if (singleAddress) {
      const legacy = single.replace(/^single/, '');
      if (isValidAddress(legacy)) fromAddress = legacy;
    }
    return {
      amount,
      asset,
      additional_assets: additionalAssets,
      device_address: deviceAddress || null,
      base64data: base64data || null,
      from_address: fromAddress || null,
      single_address: singleAddress,
    };
  } catch {
    return null;
  }
}

const paymentTarget = regexTarget(`${SCHEME}:([0-9A-Z]{32})(?:\\?([\\w=&;+%]+))?\\)`);

function paymentPass(scan: Scan): Claim[] {
  return bracketPass(scan, false, paymentTarget, (label, { groups }, uri) => {
    const [scheme = '', address = '', query = ''] = groups;
    if (!isValidAddress(address)) return 'decline';
    const request = parsePaymentRequest(query);
    if (!request) return { kind: 'address', label, uri, address };
    return { kind: 'payment', label, uri, scheme: scheme as UriScheme, address, ...request };
  });
}

// ---- Passes 3–5: pairing, textcoin and data links ----

const pairingTarget = prefixThenLazy(`${SCHEME}:([\\w/+]{44})@([\\w.:/-]+)#`);

function pairingPass(scan: Scan): Claim[] {
  return bracketPass(scan, false, pairingTarget, (label, { groups }, uri) => {
    const [, pubkey = '', hub = '', secret = ''] = groups;
    try {
      const code = parsePairingCode(`${pubkey}@${hub}#${secret}`);
      return { kind: 'pairing', label, uri, ...code };
    } catch {
      return null;
    }
  });
}

const textcoinTarget = regexTarget(`${SCHEME}:textcoin\\?([a-z-]+)\\)`);

function textcoinPass(scan: Scan): Claim[] {
  return bracketPass(scan, false, textcoinTarget, (label, { groups }, uri) => ({
    kind: 'textcoin',
    label,
    uri,
    mnemonic: (groups[1] ?? '').split('-').join(' '),
  }));
}

const dataTarget = prefixThenLazy(`${SCHEME}:data\\?`);

function dataPass(scan: Scan, network: NetworkConstants): Claim[] {
  return bracketPass(scan, false, dataTarget, (label, { groups }, uri) => {
    try {
      const params = parseQueryString(groups[1] ?? '');
      validateDataParams(params, network.countWitnesses);
      return { kind: 'data', label, uri, params };
    } catch {
      return null;
    }
  });
}

// ---- Passes 6–14: [label](prefix:…) links ----

function decodeBase64Json(text: string): JsonValue | undefined {
  if (!isBase64(text)) return undefined;
  try {
    return JSON.parse(fromUtf8(fromBase64(text))) as JsonValue;
  } catch {
    return undefined;
  }
}

/** Official getMovementsFromJsonBase64PaymentRequest, with amounts capped at MAX_CAP. */
function parseMultiPayment(
  base64: string,
): Pick<MultiPaymentLink, 'payments' | 'definitions'> | null {
  const request = decodeBase64Json(base64);
  if (!isJsonObject(request)) return null;
  const list = request['payments'];
  if (!Array.isArray(list) || list.length === 0) return null;
  const payments: MultiPaymentEntry[] = [];
  for (const payment of list) {
    if (!isJsonObject(payment)) return null;
    const { address, amount, asset } = payment;
    if (!isValidAddress(address) || !isValidAmount(amount)) return null;
    if (asset === undefined || asset === null || asset === false || asset === 0 || asset === '') {
      payments.push({ address, amount });
    } else {
      if (!isValidAsset(asset)) return null;
      payments.push({ address, amount, asset });
    }
  }
  const given = request['definitions'];
  let definitions: JsonObject | null = null;
  if (given !== undefined && given !== null && given !== false && given !== 0 && given !== '') {
    if (!isJsonObject(given)) return null;
    for (const [address, entry] of Object.entries(given)) {
      if (!isJsonObject(entry)) return null;
      try {
        if (getAddressFromDefinition(entry['definition']) !== address) return null;
      } catch {
        return null;
      }
    }
    definitions = given;
  }
  return { payments, definitions };
}

type Pass = (scan: Scan) => Claim[];

function prefixPasses(): Pass[] {
  const opaque = (): null => null;
  return [
    (scan) =>
      bracketPass(scan, true, prefixThenLazy('suggest-command:'), (label, { groups }) => ({
        kind: 'suggest_command',
        label,
        command: groups[0] ?? '',
      })),
    (scan) =>
      bracketPass(scan, true, prefixThenLazy('command:'), (label, { groups }) => ({
        kind: 'command',
        label,
        command: groups[0] ?? '',
      })),
    (scan) =>
      bracketPass(scan, true, regexTarget('payment:([\\w/+=]+)\\)'), (label, { groups }) => {
        const request = parseMultiPayment(groups[0] ?? '');
        return request ? { kind: 'multi_payment', label, ...request } : null;
      }),
    (scan) => bracketPass(scan, true, regexTarget('vote:([\\w/+=]+)\\)'), opaque),
    (scan) =>
      bracketPass(scan, true, regexTarget('profile:([\\w/+=]+)\\)'), (label, { groups }) => ({
        kind: 'private_profile',
        label,
        base64: groups[0] ?? '',
      })),
    (scan) =>
      bracketPass(scan, true, prefixThenLazy('pairing-code:'), (label, { groups }) => ({
        kind: 'send_pairing_code',
        label,
        permanent: groups[0] === 'true',
      })),
    (scan) =>
      bracketPass(scan, true, regexTarget('profile-request:([\\w,]+)\\)'), (label, { groups }) => ({
        kind: 'profile_request',
        label,
        fields: (groups[0] ?? '').split(','),
      })),
    (scan) =>
      bracketPass(
        scan,
        true,
        prefixThenLazy('sign-message-request(-network-aware)?:'),
        (label, { groups }) => {
          const message = groups[1] ?? '';
          return {
            kind: 'sign_message_request',
            label,
            network_aware: groups[0] === '-network-aware',
            message,
            decoded_json: decodeBase64Json(message) ?? null,
          };
        },
      ),
    (scan) =>
      bracketPass(
        scan,
        true,
        regexTarget('signed-message:([\\w/+=]+)\\)'),
        (label, { groups }) => ({
          kind: 'signed_message',
          label,
          base64: groups[0] ?? '',
        }),
      ),
  ];
}

const PREFIX_PASSES = prefixPasses();

// ---- Pass 15: bare http(s) URLs (official url_regexp) ----

function urlPass(scan: Scan): Claim[] {
  const re = /\bhttps?:\/\/[\w+&@#/%?=~|!:,.;-]+[\w+&@#/%=~|-]/g;
  const claims: Claim[] = [];
  for (const m of scan.masked.matchAll(re)) {
    const start = m.index;
    claims.push({ start, end: start + m[0].length, link: { kind: 'url', url: m[0] } });
  }
  return claims;
}

/** Add a pass's claims; a new claim absorbs the earlier claims inside it. */
function addClaims(existing: Claim[], added: readonly Claim[]): Claim[] {
  if (added.length === 0) return existing;
  // A pass's claims do not overlap, so sorted by start their ends increase too: the only one
  // that can overlap an old claim is the last one starting before the old claim ends.
  const sorted = [...added].sort((a, b) => a.start - b.start);
  const overlapsNew = (old: Claim): boolean => {
    let lo = 0;
    let hi = sorted.length - 1;
    let candidate: Claim | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const claim = sorted[mid];
      if (claim !== undefined && claim.start < old.end) {
        candidate = claim;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return candidate !== undefined && candidate.end > old.start;
  };
  return [...existing.filter((old) => !overlapsNew(old)), ...sorted];
}

function findClaims(raw: string, options: ChatTextOptions): Claim[] {
  const network = options.network ?? NETWORKS.mainnet;
  const passes: Pass[] = [
    paymentPass,
    pairingPass,
    textcoinPass,
    (scan) => dataPass(scan, network),
    ...PREFIX_PASSES,
    urlPass,
  ];
  let claims = bareAddressPass(raw, new Set(options.myAddresses ?? []));
  for (const pass of passes) claims = addClaims(claims, pass(makeScan(raw, claims)));
  return claims;
}

/**
 * Split chat text into plain segments and link segments, in order. Never throws; joining every
 * segment's `text` gives back `text` exactly.
 */
export function parseChatText(text: string, options: ChatTextOptions = {}): ChatSegment[] {
  if (typeof text !== 'string' || text === '') return [];
  const raw = text;
  let claims: Claim[];
  try {
    claims = findClaims(raw, options);
  } catch {
    // A bug in a recogniser must not hide a message: show it as plain text.
    claims = [];
  }
  const segments: ChatSegment[] = [];
  let at = 0;
  let plain = '';
  for (const claim of claims.sort((a, b) => a.start - b.start)) {
    if (claim.link === null) continue;
    plain += raw.slice(at, claim.start);
    if (plain !== '') segments.push({ type: 'text', text: plain });
    plain = '';
    segments.push({ type: 'link', text: raw.slice(claim.start, claim.end), link: claim.link });
    at = claim.end;
  }
  plain += raw.slice(at);
  if (plain !== '') segments.push({ type: 'text', text: plain });
  return segments;
}

/** Just the links of a chat text, in order of appearance. */
export function getChatLinks(text: string, options: ChatTextOptions = {}): ChatLink[] {
  return parseChatText(text, options).flatMap((segment) =>
    segment.type === 'link' ? [segment.link] : [],
  );
}
