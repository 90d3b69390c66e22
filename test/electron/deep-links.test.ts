/**
 * obyte: links from the OS: parsed against the wallet's network into what the page may show,
 * queued until the page listens, and never more than an event: no payment, no pairing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeServices, type Services } from '../../electron/main/compose';
import { AppPaths } from '../../electron/main/services/app-paths';
import {
  DeepLinkInbox,
  describeForLog,
  linksInArgv,
  MAX_QUEUED_LINKS,
  NOT_A_LINK_MESSAGE,
  parseDeepLink,
  schemesToClaim,
  type DeepLinkTarget,
} from '../../electron/main/services/deep-links';
import {
  DeepLinkSchema,
  MAX_DEEP_LINK_LENGTH,
  type DeepLink,
  type EventName,
  type Network,
} from '../../shared/ipc';
import { URI_SCHEMES } from '../../shared/protocol/uri';
import { fixedClock, recordingLogger } from './fakes';

const ADDR = '4GDZSXHEFVFMHCUCSHZVXBVF5T2LJHMU';
const DEVICE = '0IFELMLENBBDEJKERPVOZCVNPLJPTW6MT';
const PUBKEY = 'ApCXmlSQ88tMOIU3XeGJ1uBC3/wq484d3eE8uNc4LHfd';
const ASSET = 'qO2JsiuDMh/j+pqJYZw3u82O71WjCDf0vTNvsnntr8o=';
const TEXTCOIN_WORDS =
  'abandon-abandon-abandon-abandon-abandon-abandon-abandon-abandon-abandon-abandon-abandon-about';

function refusal(link: DeepLink): Extract<DeepLink, { kind: 'refused' }> {
  expect(link.kind).toBe('refused');
  return link as Extract<DeepLink, { kind: 'refused' }>;
}

describe('parseDeepLink', () => {
  it('turns a payment link into a prefilled request, amounts as integers', () => {
    const data = Buffer.from('{"a":1}').toString('base64');
    const link = parseDeepLink(
      `obyte:${ADDR}?amount=500000000&amount2=7&asset2=${encodeURIComponent(ASSET)}&device_address=${DEVICE}&base64data=${encodeURIComponent(data)}`,
      'mainnet',
    );
    expect(link).toEqual({
      kind: 'payment',
      network: 'mainnet',
      address: ADDR,
      recipientKind: 'address',
      amount: 500000000,
      asset: 'base',
      additionalAssets: [{ asset: ASSET, amount: 7 }],
      deviceAddress: DEVICE,
      base64data: data,
      fromAddress: null,
      singleAddress: false,
    });
    expect(DeepLinkSchema.safeParse(link).success).toBe(true);
  });

  it('keeps a payment link without an amount for the user to fill, and accepts byteball:', () => {
    const link = parseDeepLink(`  byteball:${ADDR}  `, 'mainnet');
    expect(link).toMatchObject({ kind: 'payment', address: ADDR, amount: null, asset: null });
  });

  it('turns a pairing link into a pairing request with the device address it implies', () => {
    const link = parseDeepLink(`obyte:${PUBKEY}@obyte.org/bb#Zo1ntsecret`, 'mainnet');
    expect(link).toEqual({
      kind: 'pairing',
      network: 'mainnet',
      pubkey: PUBKEY,
      hub: 'obyte.org/bb',
      pairingSecret: 'Zo1ntsecret',
      deviceAddress: expect.stringMatching(/^0[A-Z2-7]{32}$/),
    });
  });

  it('checks the scheme against the network the wallet is on', () => {
    const testnetOnMainnet = refusal(parseDeepLink(`obyte-tn:${ADDR}?amount=1`, 'mainnet'));
    expect(testnetOnMainnet.reason).toBe('wrong_network');
    expect(testnetOnMainnet.message).toBe(
      'This is a testnet link (obyte-tn:), but the wallet is on mainnet. Switch to testnet in Settings, then open the link again.',
    );
    const mainnetOnTestnet = refusal(parseDeepLink(`byteball:${ADDR}`, 'testnet'));
    expect(mainnetOnTestnet.message).toContain('This is a mainnet link (byteball:)');
    expect(parseDeepLink(`obyte-tn:${ADDR}`, 'testnet').kind).toBe('payment');
    expect(parseDeepLink(`obyte:${ADDR}`, 'devnet').kind).toBe('payment');
    expect(refusal(parseDeepLink(`obyte-tn:${ADDR}`, 'devnet')).message).toContain(
      'the wallet is on a devnet',
    );
  });

  it('refuses garbage with a sentence, never an exception', () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'invalid'],
      [42, 'invalid'],
      [{ toString: () => `obyte:${ADDR}` }, 'invalid'],
      ['', 'invalid'],
      ['bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'invalid'],
      ['javascript:alert(1)', 'invalid'],
      ['https://obyte.org', 'invalid'],
      ['obyte:', 'invalid'],
      ['obyte:NOTANADDRESS?amount=1', 'invalid'],
      [`obyte:${ADDR}?amount=abc`, 'invalid'],
      [`obyte:${ADDR}?amount=1&amount=2`, 'invalid'],
      [`obyte:${ADDR}\n?amount=1`, 'invalid'],
      [`obyte:${ADDR}?amount=1&x=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`, 'too_long'],
    ];
    for (const [raw, reason] of cases) {
      const link = refusal(parseDeepLink(raw, 'mainnet'));
      expect(link.reason, String(raw).slice(0, 40)).toBe(reason);
      expect(link.message.length).toBeGreaterThan(10);
      expect(DeepLinkSchema.safeParse(link).success).toBe(true);
    }
    expect(refusal(parseDeepLink('bitcoin:x', 'mainnet')).message).toBe(NOT_A_LINK_MESSAGE);
    expect(refusal(parseDeepLink('obyte:NOTANADDRESS', 'mainnet')).message).toMatch(
      /^This link cannot be opened\. /,
    );
  });

  it('opens a textcoin link (URI or bare words) for its claim preview, on its network only', () => {
    for (const link of [`obyte:textcoin?${TEXTCOIN_WORDS}`, `obyte:${TEXTCOIN_WORDS}`]) {
      expect(parseDeepLink(link, 'mainnet')).toEqual({
        kind: 'textcoin',
        network: 'mainnet',
        words: TEXTCOIN_WORDS.toLowerCase(),
      });
    }
    expect(parseDeepLink(`obyte:textcoin?${TEXTCOIN_WORDS}`, 'testnet').kind).toBe('refused');
  });

  it('says plainly that data and login links cannot be opened yet', () => {
    const data = refusal(parseDeepLink('obyte:data?app=text&content=hello', 'mainnet'));
    expect(data.message).toContain('post data ("text")');
    const auth = refusal(parseDeepLink('obyte:auth?url=https://example.org/login', 'mainnet'));
    expect(auth.message).toContain('login link');
  });

  it('never throws and always gives a value inside the contract, for any input', () => {
    const network = fc.constantFrom<Network>('mainnet', 'testnet', 'devnet');
    const linkish = fc
      .tuple(fc.constantFrom(...URI_SCHEMES, 'OBYTE', 'x'), fc.string({ maxLength: 200 }))
      .map(([scheme, rest]) => `${scheme}:${rest}`);
    fc.assert(
      fc.property(fc.oneof(linkish, fc.string(), fc.anything()), network, (raw, net) => {
        expect(DeepLinkSchema.safeParse(parseDeepLink(raw, net)).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('logs only the kind of a link, never the link', () => {
    expect(describeForLog(parseDeepLink(`obyte:${ADDR}?amount=1`, 'mainnet'))).toEqual({
      kind: 'payment',
      network: 'mainnet',
    });
    expect(describeForLog(parseDeepLink('nonsense', 'mainnet'))).toEqual({
      kind: 'refused',
      reason: 'invalid',
    });
  });
});

describe('linksInArgv', () => {
  it('picks the links out of a command line and ignores switches, paths and other schemes', () => {
    const argv = [
      'C:\\Program Files\\Obyte Light\\Obyte Light.exe',
      '--allow-file-access-from-files',
      '--inspect=9229',
      '/home/u/obyte-light/out/main/index.js',
      'https://obyte.org',
      `obyte:${ADDR}?amount=1`,
      `BYTEBALL-TN:${ADDR}`,
      42,
    ];
    expect(linksInArgv(argv)).toEqual([`obyte:${ADDR}?amount=1`, `BYTEBALL-TN:${ADDR}`]);
    expect(linksInArgv('obyte:x')).toEqual([]);
    expect(linksInArgv(undefined)).toEqual([]);
  });
});

describe('schemesToClaim', () => {
  it('claims only the schemes no application handles, and never takes one away', () => {
    const claimed = schemesToClaim(URI_SCHEMES, {
      isOurs: (scheme) => scheme === 'obyte',
      holderOf: (scheme) =>
        scheme === 'byteball' ? 'Obyte' : scheme === 'obyte' ? 'Obyte Light' : '',
    });
    expect(claimed).toEqual(['obyte-tn', 'byteball-tn']);
  });
});

function fakeTarget(network: () => Network = () => 'mainnet') {
  const { logger, lines } = recordingLogger();
  const delivered: DeepLink[] = [];
  const target: DeepLinkTarget = { network, deliver: (link) => delivered.push(link), logger };
  return { target, delivered, lines };
}

describe('DeepLinkInbox', () => {
  it('queues links until the page listens, then delivers them in order', () => {
    const inbox = new DeepLinkInbox();
    expect(inbox.receiveArgv(['app', `obyte:${ADDR}?amount=1`])).toBe(1);
    inbox.receive(`obyte:${PUBKEY}@obyte.org/bb#s`);
    expect(inbox.pending).toBe(2);
    const { target, delivered } = fakeTarget();
    inbox.connect(target);
    expect(delivered.map((link) => link.kind)).toEqual(['payment', 'pairing']);
    expect(inbox.pending).toBe(0);
    inbox.receive(`obyte:${ADDR}?amount=2`);
    expect(delivered).toHaveLength(3);
  });

  it('queues again while the page reloads or the window is closed', () => {
    const inbox = new DeepLinkInbox();
    const { target, delivered } = fakeTarget();
    inbox.connect(target);
    inbox.disconnect();
    inbox.receive(`obyte:${ADDR}`);
    expect(delivered).toHaveLength(0);
    inbox.connect(target);
    expect(delivered).toHaveLength(1);
  });

  it('checks a queued link against the network at delivery time', () => {
    const inbox = new DeepLinkInbox();
    inbox.receive(`obyte-tn:${ADDR}`);
    let network: Network = 'mainnet';
    const { target, delivered } = fakeTarget(() => network);
    network = 'testnet';
    inbox.connect(target);
    expect(delivered[0]).toMatchObject({ kind: 'payment', network: 'testnet' });
  });

  it('keeps at most a few links, dropping the oldest, and says so in the log', () => {
    const inbox = new DeepLinkInbox();
    for (let i = 1; i <= MAX_QUEUED_LINKS + 3; i++) inbox.receive(`obyte:${ADDR}?amount=${i}`);
    expect(inbox.pending).toBe(MAX_QUEUED_LINKS);
    const { target, delivered, lines } = fakeTarget();
    inbox.connect(target);
    expect(delivered.map((link) => (link.kind === 'payment' ? link.amount : null))).toEqual(
      Array.from({ length: MAX_QUEUED_LINKS }, (_, i) => i + 4),
    );
    expect(
      lines.some((line) => line.includes('Dropped links') && line.includes('"dropped":3')),
    ).toBe(true);
  });

  it('delivers a refusal for a non-string and never writes a link into the log', () => {
    const inbox = new DeepLinkInbox();
    const { target, delivered, lines } = fakeTarget();
    inbox.connect(target);
    inbox.receive(undefined);
    inbox.receive(`obyte:textcoin?${TEXTCOIN_WORDS}`);
    inbox.receive(`obyte:${PUBKEY}@obyte.org/bb#VerySecretPairing`);
    expect(delivered.map((link) => link.kind)).toEqual(['refused', 'textcoin', 'pairing']);
    const log = lines.join('\n');
    expect(log).not.toContain('abandon');
    expect(log).not.toContain('VerySecretPairing');
    expect(log).not.toContain(PUBKEY);
  });
});

describe('a link in the app', () => {
  let root: string | undefined;
  let services: Services | undefined;

  afterEach(async () => {
    services?.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('only becomes a deepLinkOpened event: no IPC method runs, nothing is paid or paired', async () => {
    root = await mkdtemp(join(tmpdir(), 'obyte-links-'));
    services = await composeServices({
      app: { name: 'Obyte Light', version: '0.1.0' },
      paths: new AppPaths({ root: join(root, 'Obyte Light'), home: root }),
      appOrigin: 'app://obyte',
      clock: fixedClock(),
      logSink: () => undefined,
    });
    const app = services;
    const dispatch = vi.spyOn(app.dispatcher, 'dispatch');
    const walletBefore = app.wallet.state();
    const events: Array<[EventName, unknown]> = [];
    app.events.subscribe((event, payload) => events.push([event, payload]));

    const inbox = new DeepLinkInbox();
    inbox.receiveArgv([
      'obyte-light',
      `obyte:${ADDR}?amount=100000000000`,
      `obyte:${PUBKEY}@obyte.org/bb#secret`,
      `obyte:textcoin?${TEXTCOIN_WORDS}`,
      'obyte:data?app=text&content=hi',
    ]);
    inbox.connect({
      network: () => app.settings.get().network,
      deliver: (link) => app.events.emit('deepLinkOpened', link),
      logger: app.logger.child('links'),
    });

    expect(events.map(([event]) => event)).toEqual([
      'deepLinkOpened',
      'deepLinkOpened',
      'deepLinkOpened',
      'deepLinkOpened',
    ]);
    expect(events.map(([, link]) => (link as DeepLink).kind)).toEqual([
      'payment',
      'pairing',
      'textcoin',
      'refused',
    ]);
    expect(dispatch).not.toHaveBeenCalled();
    expect(app.wallet.state()).toEqual(walletBefore);
  });
});
