/**
 * `obyte:` links (light-client.md §6): payment requests, pairing, textcoins, data and auth
 * requests. A port of ocore uri.js `parseUri` / `parseQueryString` / `parseAdditionalAssets`,
 * without its network access (a `definition` given as an https URL is returned as is; the caller
 * fetches it) and with two deliberate refusals where ocore silently guesses:
 *
 * - a query pair with more than one raw "=" (e.g. an unencoded base64 asset `asset=…=`) is an
 *   error; ocore drops the pair and turns a token request into a request for bytes;
 * - a parameter given twice is an error; ocore keeps the last.
 *
 * Links arrive from QR codes, the clipboard, the OS protocol handler and bots: all untrusted.
 * Failures are ProtocolError('uri') with a message naming the part to fix (pairing links fail
 * with the 'pairing_code' errors of `parsePairingCode`).
 */
import { MAX_CAP } from './constants';
import { BASE_ASSET, isValidAsset, isValidUnitHash, parseAmountString } from './amount';
import { isBase64 } from './bytes';
import { isValidAddress, isValidDeviceAddress, parseAddress } from './chash';
import { fail, ProtocolError } from './errors';
import type { PairingCode } from './pairing';
import { parsePairingCode } from './pairing';
import type { NetworkConstants } from './wire';
import { NETWORKS } from './wire';

export type UriScheme = 'obyte' | 'byteball' | 'obyte-tn' | 'byteball-tn';

export const URI_SCHEMES: readonly UriScheme[] = ['obyte', 'byteball', 'obyte-tn', 'byteball-tn'];

/** Who a payment link pays: a payment address, or (textcoin to a person) an e-mail, handle or phone. */
export type RecipientKind = 'address' | 'email' | 'social' | 'phone';

export interface PaymentUri {
  readonly type: 'payment';
  readonly scheme: UriScheme;
  readonly address: string;
  readonly recipient_kind: RecipientKind;
  /** null: no amount in the link, the user enters it. */
  readonly amount: number | null;
  /** "base" for bytes, else an asset id; "base" whenever an amount came without an asset. */
  readonly asset: string | null;
  /** amount2/asset2, amount3/asset3, … in link order; every asset at most once. */
  readonly additional_assets: Readonly<Record<string, number>> | null;
  readonly device_address: string | null;
  /** base64 of a JSON object to attach as a data message (used to trigger autonomous agents). */
  readonly base64data: string | null;
  /** The payment must come from this address of mine. */
  readonly from_address: string | null;
  /** The payment must come from a single-address account. */
  readonly single_address: boolean;
}

export interface PairingUri extends PairingCode {
  readonly type: 'pairing';
  readonly scheme: UriScheme;
}

export interface TextcoinUri {
  readonly type: 'textcoin';
  readonly scheme: UriScheme;
  /** Lower-case words joined by single spaces; only the shape is checked here, not the BIP-39 checksum. */
  readonly mnemonic: string;
}

export const DATA_APPS = [
  'data',
  'temp_data',
  'data_feed',
  'attestation',
  'profile',
  'poll',
  'vote',
  'definition',
  'text',
  'system_vote',
  'system_vote_count',
] as const;

export type DataApp = (typeof DATA_APPS)[number];

export const SYSTEM_VOTE_SUBJECTS = [
  'op_list',
  'threshold_size',
  'base_tps_fee',
  'tps_interval',
  'tps_fee_multiplier',
] as const;

export interface DataUri {
  readonly type: 'data';
  readonly scheme: UriScheme;
  readonly app: DataApp;
  /** Every decoded query parameter, `app` included. A `definition` that is an https URL is not fetched. */
  readonly params: Readonly<Record<string, string>>;
}

export interface AuthUri {
  readonly type: 'auth';
  readonly scheme: UriScheme;
  readonly params: Readonly<Record<string, string>>;
}

export type ObyteUri = PaymentUri | PairingUri | TextcoinUri | DataUri | AuthUri;

export interface ParseUriOptions {
  /** When given, the link's scheme must belong to this network (a testnet link on mainnet fails). */
  readonly network?: NetworkConstants;
}

function shorten(text: string): string {
  return text.length > 60 ? text.slice(0, 60) + '…' : text;
}

function decode(text: string, where: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail('uri', `The link has a broken %-escape in ${where}: "${shorten(text)}".`);
  }
}

/**
 * ocore uri.js `parseQueryString`: pairs split on "&", only pairs with exactly one "=" kept,
 * name and value percent-decoded ("+" stays "+"). Later duplicates win. Throws
 * ProtocolError('uri') on a broken %-escape, where ocore would throw a bare URIError.
 */
export function parseQueryString(query: string): Record<string, string> {
  return readQuery(query, false);
}

function readQuery(query: string, strict: boolean): Record<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      if (strict && parts.length > 2) {
        fail(
          'uri',
          `The link parameter "${shorten(parts[0] ?? '')}" has a raw "=" in its value; it must be written as %3D.`,
        );
      }
      continue;
    }
    const name = decode(parts[0] ?? '', 'a parameter name');
    const value = decode(parts[1] ?? '', `the parameter "${shorten(name)}"`);
    if (strict && params.has(name))
      fail('uri', `The link gives the parameter "${shorten(name)}" twice.`);
    params.set(name, value);
  }
  // fromEntries defines own properties, so a "__proto__" parameter is just a key.
  return Object.fromEntries(params);
}

function get(params: Record<string, string>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
}

function amountOf(text: string, name: string): number {
  try {
    return parseAmountString(text);
  } catch (error) {
    if (error instanceof ProtocolError)
      fail('uri', `The link's ${name} is not valid. ${error.message}`);
    throw error;
  }
}

function checkAsset(asset: string, name: string): string {
  if (!isValidAsset(asset)) {
    fail(
      'uri',
      `Invalid ${name} "${shorten(asset)}" in the link: use "base" or a 44-character asset id.`,
    );
  }
  return asset;
}

/**
 * ocore uri.js `parseAdditionalAssets`: amount2/asset2, amount3/asset3, … until the first missing
 * amountN; assetN defaults to "base"; no asset twice (the main one included). Returns null when
 * there are none.
 */
export function parseAdditionalAssets(
  mainAsset: string,
  params: Record<string, string>,
): Record<string, number> | null {
  const seen = new Set<string>([mainAsset]);
  const assets = new Map<string, number>();
  for (let i = 2; ; i++) {
    const amountText = get(params, `amount${i}`);
    if (!amountText) break;
    const amount = amountOf(amountText, `amount${i}`);
    const asset = checkAsset(get(params, `asset${i}`) || BASE_ASSET, `asset${i}`);
    if (seen.has(asset)) fail('uri', `The link asks for the asset ${shorten(asset)} twice.`);
    seen.add(asset);
    assets.set(asset, amount);
  }
  return assets.size > 0 ? Object.fromEntries(assets) : null;
}

/**
 * ocore uri.js data-request rules: the app must be known; an attestation names a valid address;
 * a vote names a poll unit; a definition is present; a system vote names a known subject and a
 * value (an op_list of exactly `countWitnesses` valid addresses, one per line, or a number).
 */
export function validateDataParams(
  params: Record<string, string>,
  countWitnesses: number,
): DataApp {
  const app = get(params, 'app');
  const known: readonly string[] = DATA_APPS;
  if (app === undefined || !known.includes(app)) {
    fail(
      'uri',
      app === undefined
        ? 'The data link has no app parameter.'
        : `The data link's app "${shorten(app)}" is not one of: ${DATA_APPS.join(', ')}.`,
    );
  }
  const dataApp = app as DataApp;
  if (dataApp === 'attestation' && !isValidAddress(get(params, 'address'))) {
    fail('uri', 'The attestation link does not name a valid attested address.');
  }
  if (dataApp === 'vote' && !isValidUnitHash(get(params, 'unit'))) {
    fail('uri', 'The vote link does not name a valid poll unit.');
  }
  if (dataApp === 'definition' && !get(params, 'definition')) {
    fail('uri', 'The definition link has no definition.');
  }
  if (dataApp === 'system_vote' || dataApp === 'system_vote_count') {
    const subject = get(params, 'subject');
    const subjects: readonly string[] = SYSTEM_VOTE_SUBJECTS;
    if (subject === undefined || !subjects.includes(subject)) {
      fail(
        'uri',
        `The system vote subject "${shorten(subject ?? '')}" is not one of: ${SYSTEM_VOTE_SUBJECTS.join(', ')}.`,
      );
    }
    if (dataApp === 'system_vote') {
      const value = get(params, 'value');
      if (!value) fail('uri', 'The system vote link has no value.');
      if (subject === 'op_list') {
        const ops = value.split('\n');
        if (ops.length !== countWitnesses) {
          fail(
            'uri',
            `An op_list vote needs exactly ${countWitnesses} addresses; the link has ${ops.length}.`,
          );
        }
        if (!ops.every((op) => isValidAddress(op))) {
          fail('uri', 'Some order-provider addresses in the op_list vote are invalid.');
        }
      } else if (!/^[\d.]+$/.test(value)) {
        fail('uri', `The ${subject} vote must be a number, not "${shorten(value)}".`);
      }
    }
  }
  return dataApp;
}

// ocore ValidationUtils.isValidEmail.
const EMAIL_RE =
  /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
const SOCIAL_RE = /^(steem\/|reddit\/|github\/|bitcointalk\/|@).{3,}/i;
const PHONE_RE = /^\+\d{9,14}$/;

function recipientKind(address: string): RecipientKind | null {
  if (isValidAddress(address)) return 'address';
  if (EMAIL_RE.test(address)) return 'email';
  if (SOCIAL_RE.test(address)) return 'social';
  if (PHONE_RE.test(address)) return 'phone';
  return null;
}

const SCHEME_RE = /^(obyte|byteball|obyte-tn|byteball-tn):(.+)$/i;
const PAIRING_SHAPE_RE = /^([\w/+]{44})@([\w.:/-]+)#(.+)$/;
const MNEMONIC_WORD_COUNTS = [12, 15, 18, 21, 24];

function parseTextcoin(words: string[], scheme: UriScheme): TextcoinUri {
  if (!MNEMONIC_WORD_COUNTS.includes(words.length) || !words.every((w) => /^[a-z]+$/i.test(w))) {
    fail('uri', 'The textcoin link must hold 12 to 24 words of letters joined by "-".');
  }
  return { type: 'textcoin', scheme, mnemonic: words.join(' ').toLowerCase() };
}

function parseAuth(query: string, scheme: UriScheme): AuthUri {
  const params = readQuery(query, true);
  const url = get(params, 'url');
  const device = get(params, 'device');
  if (url) {
    if (!/^https?:\/\//.test(url)) fail('uri', 'The login link has a url that is not http(s).');
  } else if (device) {
    if (!get(params, 'pairing_secret')) fail('uri', 'The login link has no pairing_secret.');
    if (!get(params, 'app')) fail('uri', 'The login link has no app.');
    const parts = device.split('@');
    if (parts.length !== 2) fail('uri', 'The login link device must be PUBKEY@HUB.');
    const [pubkey = '', hub = ''] = parts;
    if (pubkey.length !== 44) fail('uri', 'The login link device pubkey must have 44 characters.');
    if (/[^\w.:-]/.test(hub)) fail('uri', 'The login link device hub is not a valid host.');
  } else {
    fail('uri', 'The login link has neither a url nor a device.');
  }
  return { type: 'auth', scheme, params };
}

function parsePayment(
  address: string,
  kind: RecipientKind,
  query: string | undefined,
  scheme: UriScheme,
): PaymentUri {
  let amount: number | null = null;
  let asset: string | null = null;
  let additionalAssets: Record<string, number> | null = null;
  let deviceAddress: string | null = null;
  let base64data: string | null = null;
  let fromAddress: string | null = null;
  let singleAddress = false;
  if (query) {
    const params = readQuery(query, true);
    const amountText = get(params, 'amount');
    if (amountText !== undefined) amount = amountOf(amountText, 'amount');
    const assetText = get(params, 'asset');
    if (assetText !== undefined) asset = checkAsset(assetText, 'asset');
    if (amount !== null && asset === null) asset = BASE_ASSET;
    if (amount !== null && asset !== null) additionalAssets = parseAdditionalAssets(asset, params);
    else if (get(params, 'amount2')) fail('uri', 'The link has amount2 but no amount.');
    const device = get(params, 'device_address');
    if (device) {
      if (!isValidDeviceAddress(device))
        fail('uri', `The link's device_address "${shorten(device)}" is not valid.`);
      deviceAddress = device;
    }
    const data = get(params, 'base64data');
    if (data) {
      if (!isBase64(data))
        fail('uri', "The link's base64data is not valid base64 (write = as %3D).");
      base64data = data;
    }
    const from = get(params, 'from_address');
    if (from) {
      if (!isValidAddress(from))
        fail('uri', `The link's from_address "${shorten(from)}" is not a valid address.`);
      fromAddress = from;
    }
    // ocore: any non-empty value; legacy "single<ADDRESS>" also names the paying address. Like
    // the official wallet's chat, "0" means no.
    const single = get(params, 'single_address');
    if (single && single !== '0') {
      const legacy = single.replace(/^single/, '');
      if (legacy && isValidAddress(legacy)) fromAddress = legacy;
      singleAddress = true;
    }
  }
  return {
    type: 'payment',
    scheme,
    address,
    recipient_kind: kind,
    amount,
    asset,
    additional_assets: additionalAssets,
    device_address: deviceAddress,
    base64data,
    from_address: fromAddress,
    single_address: singleAddress,
  };
}

function addressError(address: string): never {
  if (/^[A-Za-z2-7]{20,40}$/.test(address)) {
    try {
      parseAddress(address);
    } catch (error) {
      if (error instanceof ProtocolError)
        fail('uri', `The link's address is not valid. ${error.message}`);
      throw error;
    }
  }
  return fail('uri', `"${shorten(address)}" is not an Obyte address.`);
}

/** Parse an `obyte:` (or `byteball:`, `obyte-tn:`, `byteball-tn:`) link. */
export function parseUri(text: string, options: ParseUriOptions = {}): ObyteUri {
  if (typeof text !== 'string') fail('uri', 'A link must be text.');
  const trimmed = text.trim();
  if (/[\n\r\u2028\u2029]/.test(trimmed)) fail('uri', 'A link must be on one line.');
  const match = SCHEME_RE.exec(trimmed);
  if (!match) fail('uri', 'That is not an Obyte link: it must start with obyte: (or byteball:).');
  const scheme = (match[1] ?? '').toLowerCase() as UriScheme;
  const value = match[2] ?? '';
  const network = options.network;
  if (network && !network.uriSchemes.includes(scheme)) {
    const linkNetwork = NETWORKS.testnet.uriSchemes.includes(scheme) ? 'testnet' : 'mainnet';
    fail(
      'uri',
      `This is a ${linkNetwork} link (${scheme}:), but the wallet is on ${network.name}.`,
    );
  }

  if (PAIRING_SHAPE_RE.test(value.replace('%23', '#'))) {
    return { type: 'pairing', scheme, ...parsePairingCode(value) };
  }
  const auth = /^auth\?(.+)$/.exec(value);
  if (auth) return parseAuth(auth[1] ?? '', scheme);
  const textcoin = /^textcoin\?(.+)$/.exec(value);
  if (textcoin) return parseTextcoin((textcoin[1] ?? '').split('-'), scheme);
  const words = value.split('-');
  if (words.length === 12) return parseTextcoin(words, scheme);

  const parts = value.split('?');
  if (parts.length > 2) fail('uri', 'The link has more than one "?".');
  const main = decode(parts[0] ?? '', 'the address');
  const query = parts[1];
  if (main === 'data') {
    if (!query) fail('uri', 'The data link has no parameters.');
    const params = readQuery(query, true);
    const app = validateDataParams(
      params,
      network?.countWitnesses ?? NETWORKS.mainnet.countWitnesses,
    );
    return { type: 'data', scheme, app, params };
  }
  const kind = recipientKind(main);
  if (kind === null) addressError(main);
  return parsePayment(main, kind, query, scheme);
}

/** What a payment link asks for; the fields of `PaymentUri` a sender chooses. */
export interface PaymentRequest {
  readonly address: string;
  readonly amount?: number | null;
  readonly asset?: string | null;
  readonly additional_assets?: Readonly<Record<string, number>> | null;
  readonly device_address?: string | null;
  readonly base64data?: string | null;
  readonly from_address?: string | null;
  readonly single_address?: boolean;
}

function checkedAmount(amount: number, name: string): number {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_CAP) {
    fail('uri', `The ${name} must be a whole number from 1 to 9e15, not ${amount}.`);
  }
  return amount;
}

/**
 * A payment link for a request, every value validated so the link parses back to the same
 * request (asset "base" is written only when there is no amount, where it is not implied).
 */
export function buildPaymentUri(request: PaymentRequest, scheme: UriScheme = 'obyte'): string {
  if (!URI_SCHEMES.includes(scheme))
    fail('uri', `Unknown link scheme "${shorten(String(scheme))}".`);
  if (!isValidAddress(request.address)) addressError(String(request.address));
  const pairs: string[] = [];
  const amount = request.amount ?? null;
  const asset = request.asset ?? null;
  if (amount !== null) pairs.push(`amount=${checkedAmount(amount, 'amount')}`);
  if (asset !== null) {
    checkAsset(asset, 'asset');
    if (asset !== BASE_ASSET || amount === null) pairs.push(`asset=${encodeURIComponent(asset)}`);
  }
  const additional = request.additional_assets ?? null;
  if (additional !== null && Object.keys(additional).length > 0) {
    if (amount === null) fail('uri', 'Additional assets need a main amount.');
    const seen = new Set([asset ?? BASE_ASSET]);
    let i = 2;
    for (const [extraAsset, extraAmount] of Object.entries(additional)) {
      checkAsset(extraAsset, `asset${i}`);
      if (seen.has(extraAsset)) fail('uri', `The asset ${shorten(extraAsset)} appears twice.`);
      seen.add(extraAsset);
      pairs.push(`amount${i}=${checkedAmount(extraAmount, `amount${i}`)}`);
      pairs.push(`asset${i}=${encodeURIComponent(extraAsset)}`);
      i++;
    }
  }
  const device = request.device_address ?? null;
  if (device !== null) {
    if (!isValidDeviceAddress(device))
      fail('uri', 'The device_address is not a valid device address.');
    pairs.push(`device_address=${device}`);
  }
  const data = request.base64data ?? null;
  if (data !== null) {
    if (data === '' || !isBase64(data)) fail('uri', 'The base64data is not valid base64.');
    pairs.push(`base64data=${encodeURIComponent(data)}`);
  }
  const from = request.from_address ?? null;
  if (from !== null) {
    if (!isValidAddress(from)) fail('uri', 'The from_address is not a valid address.');
    pairs.push(`from_address=${from}`);
  }
  if (request.single_address) pairs.push('single_address=1');
  return `${scheme}:${request.address}${pairs.length > 0 ? '?' + pairs.join('&') : ''}`;
}
