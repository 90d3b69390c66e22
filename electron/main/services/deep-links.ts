/**
 * `obyte:` links the operating system hands to the app: the command line of the first launch and
 * of a second launch (Windows, Linux), and `open-url` (macOS). Every such string is untrusted: any
 * web page or local program can produce one. It is parsed once, here, with the protocol's
 * `parseUri`, against the network the wallet is on, into a `DeepLink` for the page.
 *
 * A link only ever fills a form. This module has no way to pay or to pair: its one output is
 * `deliver(link)`, an event the page turns into a prefilled Send form or a pairing screen that the
 * user must confirm. Links that arrive before the page can listen (at launch, while the window
 * loads or after it was closed on macOS) wait in a short queue. Plain Node: no electron import.
 */
import { MAX_DEEP_LINK_LENGTH, type DeepLink, type Network } from '../../../shared/ipc';
import { ProtocolError } from '../../../shared/protocol/errors';
import { parseUri, URI_SCHEMES, type ObyteUri, type UriScheme } from '../../../shared/protocol/uri';
import { NETWORKS } from '../../../shared/protocol/wire';
import type { Logger } from './logger';

/** How many links wait for the page at most; beyond that the oldest are dropped. */
export const MAX_QUEUED_LINKS = 8;

const LINK_PREFIX = /^(obyte|byteball|obyte-tn|byteball-tn):/i;

export const NOT_A_LINK_MESSAGE =
  'Obyte Light opens only obyte: and byteball: links (obyte-tn: and byteball-tn: on testnet).';

const NETWORK_WORDS: Readonly<Record<Network, string>> = {
  mainnet: 'mainnet',
  testnet: 'testnet',
  devnet: 'a devnet',
};

const MAX_MESSAGE = 500;

function refused(reason: Extract<DeepLink, { kind: 'refused' }>['reason'], message: string) {
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
  return { kind: 'refused', reason, message: text } as const satisfies DeepLink;
}

/** The scheme of a link-shaped string, lower-cased; null when it is not one of ours. */
export function schemeOf(text: string): UriScheme | null {
  const match = LINK_PREFIX.exec(text);
  if (!match?.[1]) return null;
  const scheme = match[1].toLowerCase();
  return URI_SCHEMES.find((known) => known === scheme) ?? null;
}

/** The networks whose wallets open links of this scheme. */
function networksOf(scheme: UriScheme): Network[] {
  return (Object.keys(NETWORKS) as Network[]).filter((network) =>
    NETWORKS[network].uriSchemes.includes(scheme),
  );
}

function unsupported(
  uri: Exclude<ObyteUri, { type: 'payment' | 'pairing' | 'textcoin' }>,
): DeepLink {
  switch (uri.type) {
    case 'data':
      return refused(
        'unsupported',
        `This link asks to post data ("${uri.app}") to the network. Obyte Light cannot do that yet.`,
      );
    case 'auth':
      return refused(
        'unsupported',
        'This is a login link for a website. Obyte Light cannot sign in to websites yet.',
      );
  }
}

/**
 * One untrusted string -> what the page may show. Never throws: anything that is not a valid
 * link for the wallet's network becomes `refused` with a sentence saying why.
 */
export function parseDeepLink(raw: unknown, network: Network): DeepLink {
  if (typeof raw !== 'string') return refused('invalid', NOT_A_LINK_MESSAGE);
  const text = raw.trim();
  if (text.length > MAX_DEEP_LINK_LENGTH) {
    return refused(
      'too_long',
      `This link is too long to be an Obyte link (${text.length} characters; at most ${MAX_DEEP_LINK_LENGTH}).`,
    );
  }
  const scheme = schemeOf(text);
  if (scheme === null) return refused('invalid', NOT_A_LINK_MESSAGE);
  const linkNetworks = networksOf(scheme);
  if (!linkNetworks.includes(network)) {
    const linkNetwork = linkNetworks[0] ?? 'mainnet';
    return refused(
      'wrong_network',
      `This is a ${linkNetwork} link (${scheme}:), but the wallet is on ${NETWORK_WORDS[network]}. Switch to ${linkNetwork} in Settings, then open the link again.`,
    );
  }

  let uri: ObyteUri;
  try {
    uri = parseUri(text, { network: NETWORKS[network] });
  } catch (error) {
    const why =
      error instanceof ProtocolError ? error.message : 'it is not a link Obyte Light understands.';
    return refused('invalid', `This link cannot be opened. ${why}`);
  }

  switch (uri.type) {
    case 'payment':
      return {
        kind: 'payment',
        network,
        address: uri.address,
        recipientKind: uri.recipient_kind,
        amount: uri.amount,
        asset: uri.asset,
        additionalAssets: Object.entries(uri.additional_assets ?? {}).map(([asset, amount]) => ({
          asset,
          amount,
        })),
        deviceAddress: uri.device_address,
        base64data: uri.base64data,
        fromAddress: uri.from_address,
        singleAddress: uri.single_address,
      };
    case 'pairing':
      return {
        kind: 'pairing',
        network,
        pubkey: uri.pubkey,
        hub: uri.hub,
        pairingSecret: uri.pairing_secret,
        deviceAddress: uri.device_address,
      };
    case 'textcoin':
      // Only the shape was checked by parseUri; the claim preview checks the words and says why.
      return { kind: 'textcoin', network, words: uri.mnemonic.split(' ').join('-') };
    default:
      return unsupported(uri);
  }
}

/**
 * The link arguments of a command line. The executable, Chromium switches, the app path in
 * development and anything else that is not one of our schemes are ignored.
 */
export function linksInArgv(argv: unknown): string[] {
  if (!Array.isArray(argv)) return [];
  const links: string[] = [];
  for (const arg of argv as readonly unknown[]) {
    if (typeof arg === 'string' && schemeOf(arg.trim()) !== null) links.push(arg);
  }
  return links;
}

/** What the log may say about a link: its kind and reason, never the link (a textcoin is money). */
export function describeForLog(link: DeepLink): Record<string, string> {
  return link.kind === 'refused'
    ? { kind: link.kind, reason: link.reason }
    : { kind: link.kind, network: link.network };
}

/**
 * Which schemes to register as ours at start: those no other application handles yet. An
 * installer (NSIS, the .desktop file, Info.plist) normally registered them already; this covers
 * the AppImage, and never takes a scheme away from a wallet the user chose.
 */
export function schemesToClaim(
  schemes: readonly string[],
  os: { isOurs(scheme: string): boolean; holderOf(scheme: string): string },
): string[] {
  return schemes.filter((scheme) => !os.isOurs(scheme) && os.holderOf(scheme).trim() === '');
}

/** Where links go once the page listens. */
export interface DeepLinkTarget {
  /** The wallet's network now: a link is checked against it when it is delivered. */
  network(): Network;
  deliver(link: DeepLink): void;
  readonly logger: Logger;
}

/**
 * The queue between the OS and the page. Built before the app is ready (a macOS launch link
 * arrives that early); `connect` once the page has loaded, `disconnect` when it reloads or the
 * window closes.
 */
export class DeepLinkInbox {
  private readonly queue: string[] = [];
  private dropped = 0;
  private target: DeepLinkTarget | null = null;
  private readonly maxQueued: number;

  constructor(options: { maxQueued?: number } = {}) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_LINKS;
  }

  /** One link from `open-url` (or anywhere a single string arrives). */
  receive(raw: unknown): void {
    const text = typeof raw === 'string' ? raw : '';
    if (this.target) {
      this.open(text, this.target);
      return;
    }
    this.queue.push(text);
    if (this.queue.length > this.maxQueued) {
      this.queue.shift();
      this.dropped++;
    }
  }

  /** The links in a command line; returns how many there were. */
  receiveArgv(argv: unknown): number {
    const links = linksInArgv(argv);
    for (const link of links) this.receive(link);
    return links.length;
  }

  /** The page listens now: deliver what waited, in order, then every new link at once. */
  connect(target: DeepLinkTarget): void {
    this.target = target;
    if (this.dropped > 0) {
      target.logger.warn('Dropped links that arrived before the window was ready', {
        dropped: this.dropped,
      });
      this.dropped = 0;
    }
    for (const text of this.queue.splice(0)) this.open(text, target);
  }

  /** The page is gone or reloading: queue again. */
  disconnect(): void {
    this.target = null;
  }

  get pending(): number {
    return this.queue.length;
  }

  private open(text: string, target: DeepLinkTarget): void {
    const link = parseDeepLink(text, target.network());
    if (link.kind === 'refused') target.logger.warn('Refused a link', describeForLog(link));
    else target.logger.info('Opened a link', describeForLog(link));
    target.deliver(link);
  }
}
