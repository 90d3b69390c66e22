/**
 * Signed messages, AA details and attestations over the real IPC dispatcher (compose.ts) against
 * the loopback test hub's synthetic DAG with its echo AA: messages.sign signs only what
 * prepareSign holds, once, and only after main's own dialog (a recording stand-in) showed the
 * whole text; without a dialog nothing is signed. A hub that lies about a definition, or sends
 * more than was asked, is refused or filtered; state variables page in name order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { systemClock } from '../../../electron/main/services/clock';
import type { UserConfirmation } from '../../../electron/main/services/user-confirmation';
import type {
  AaDetailsView,
  AaStateView,
  AttestationListView,
  PreparedSignatureView,
  VerifyResultView,
} from '../../../shared/ipc/aa-schemas';
import type { IpcReply } from '../../../shared/ipc';
import { toBase64, utf8 } from '../../../shared/protocol/bytes';
import { decodeSignedMessage } from '../../../shared/protocol/signed-message';
import { NETWORKS } from '../../../shared/protocol/wire';
import { TestHub } from '../../support/test-hub';
import { RecordingConfirmation } from '../../support/recording-confirmation';
import { ECHO_AA, TEST_MNEMONIC, WalletScenario } from '../../support/test-hub/wallet-scenarios';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const PASSWORD = 'a long enough password';
const OTHER_AA = [
  'autonomous agent',
  { bounce_fees: { base: 20000 }, messages: [{ app: 'state', state: '{ var["x"] = 1; }' }] },
];

let hub: TestHub;
let scenario: WalletScenario;
let aa: string;
let other: string;
const running: Array<{ services: Services; root: string }> = [];

beforeAll(async () => {
  hub = new TestHub();
  scenario = new WalletScenario({ payments: [] });
  aa = scenario.addAa(ECHO_AA);
  other = scenario.addAa(OTHER_AA);
  scenario.install(hub);
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
});

afterEach(async () => {
  for (const { services, root } of running.splice(0)) {
    await services.close();
    await rm(root, { recursive: true, force: true });
  }
  scenario.install(hub);
});

async function start(confirmation?: UserConfirmation): Promise<Services> {
  const root = await mkdtemp(join(tmpdir(), 'obyte-messages-ipc-'));
  const services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'data'), home: root }),
    appOrigin: 'app://obyte',
    clock: systemClock,
    logSink: () => undefined,
    network: 'devnet',
    hubUrl: hub.url,
    genesisUnit: scenario.genesisUnit,
    testScrypt: { N: 16, r: 1, p: 1 },
    ...(confirmation === undefined ? {} : { confirmation }),
  });
  running.push({ services, root });
  const restored = await services.wallet.restoreFromMnemonic({
    mnemonic: TEST_MNEMONIC,
    protection: { mode: 'password', password: PASSWORD },
  });
  expect(restored.problem).toBeNull();
  return services;
}

async function call<T>(services: Services, method: string, params?: unknown) {
  return (await services.dispatcher.dispatch(method, params, APP)) as IpcReply<T>;
}

async function value<T>(services: Services, method: string, params?: unknown): Promise<T> {
  const reply = await call<T>(services, method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

async function ownAddress(services: Services): Promise<string> {
  const list = await value<Array<{ address: string }>>(services, 'addresses.list');
  const first = list[0]?.address;
  if (first === undefined) throw new Error('no address');
  return first;
}

describe('signing a message over IPC', () => {
  it('signs exactly the prepared text, once, after main showed it whole; verify says valid', async () => {
    const dialog = new RecordingConfirmation();
    const services = await start(dialog);
    const address = await ownAddress(services);
    const text = 'I, the holder of this address, agree to the terms of 7 December 2026.';
    const prepared = await value<PreparedSignatureView>(services, 'messages.prepareSign', {
      address,
      message: text,
    });
    expect(prepared).toMatchObject({ address, text, isJson: false, networkAware: false });
    expect(prepared.replyTo).toBeNull();

    // No in the dialog: nothing signed, and the prepared message is used up.
    dialog.answer = false;
    const refused = await call(services, 'messages.sign', { signId: prepared.signId });
    expect(refused).toMatchObject({ ok: false, error: { message: /you said no/ } });
    expect(dialog.asked).toHaveLength(1);
    expect(dialog.asked[0]?.message).toContain(address);
    expect(dialog.asked[0]?.detail).toContain(text);
    const again = await call(services, 'messages.sign', { signId: prepared.signId });
    expect(again).toMatchObject({ ok: false, error: { message: /expired or was already used/ } });
    expect(dialog.asked).toHaveLength(1);

    dialog.answer = true;
    const next = await value<PreparedSignatureView>(services, 'messages.prepareSign', {
      address,
      message: text,
    });
    const signed = await value<{ address: string; base64: string; repliedTo: string | null }>(
      services,
      'messages.sign',
      { signId: next.signId },
    );
    expect(signed.address).toBe(address);
    expect(signed.repliedTo).toBeNull();
    const pkg = decodeSignedMessage(signed.base64, NETWORKS.devnet.supportedVersions);
    expect(pkg.signed_message).toBe(text);
    expect(pkg.authors[0]?.address).toBe(address);

    const verified = await value<VerifyResultView>(services, 'messages.verify', {
      signed: signed.base64,
    });
    expect(verified).toEqual({ status: 'valid', address, text, reason: null, networkAware: false });
    // The same package with another text is not valid.
    const forged = toBase64(
      utf8(JSON.stringify({ ...pkg, signed_message: text.replace('agree', 'refuse') })),
    );
    const bad = await value<VerifyResultView>(services, 'messages.verify', { signed: forged });
    expect(bad.status).toBe('invalid');
    expect(bad.reason).toMatch(/./);
    const garbage = await value<VerifyResultView>(services, 'messages.verify', {
      signed: 'not a signed message',
    });
    expect(garbage).toMatchObject({ status: 'invalid', address: null });
    expect(garbage.reason).toMatch(/^It is not a signed message/);
  });

  it('signs nothing without main’s own dialog', async () => {
    const services = await start();
    const address = await ownAddress(services);
    const prepared = await value<PreparedSignatureView>(services, 'messages.prepareSign', {
      address,
      message: 'hello',
    });
    const reply = await call(services, 'messages.sign', { signId: prepared.signId });
    expect(reply).toMatchObject({
      ok: false,
      error: { message: /needs your confirmation in a dialog of the app.*nothing was signed/ },
    });
  });

  it('signs a bot’s base64 JSON as that value, and the network-aware form', async () => {
    const dialog = new RecordingConfirmation();
    const services = await start(dialog);
    const address = await ownAddress(services);
    const request = { challenge: 'abc123', domain: 'example.org' };
    const prepared = await value<PreparedSignatureView>(services, 'messages.prepareSign', {
      address,
      message: toBase64(utf8(JSON.stringify(request))),
      decodeJson: true,
      networkAware: true,
    });
    expect(prepared.isJson).toBe(true);
    expect(prepared.networkAware).toBe(true);
    expect(JSON.parse(prepared.text)).toEqual(request);
    const signed = await value<{ base64: string }>(services, 'messages.sign', {
      signId: prepared.signId,
    });
    expect(dialog.asked[0]?.detail).toContain(prepared.text);
    const pkg = decodeSignedMessage(signed.base64, NETWORKS.devnet.supportedVersions);
    expect(pkg.signed_message).toEqual(request);
    expect(pkg.last_ball_unit).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const verified = await value<VerifyResultView>(services, 'messages.verify', {
      signed: signed.base64,
    });
    expect(verified).toMatchObject({ status: 'valid', address, networkAware: true });
  });

  it('refuses in words what the user could not read whole, and a chat that does not exist', async () => {
    const services = await start(new RecordingConfirmation());
    const address = await ownAddress(services);
    const cases: Array<[unknown, RegExp]> = [
      [{ address, message: 'pay me\u202Eevil' }, /invisible or text-direction characters/],
      [{ address, message: 'a\u200Bb' }, /invisible/],
      [{ address, message: 'bell\u0007' }, /invisible/],
      [{ address, message: 'x'.repeat(4001) }, /4001 characters; at most 4000/],
      [{ address, message: '  \n ' }, /empty/],
      [{ address: aa, message: 'hi' }, /not an address of this wallet/],
      [{ address: 'nope', message: 'hi' }, /not a valid Obyte address/],
      [{ address, message: 'hi', replyTo: '0KOTZ5HHNY7MKOGI6ZKHK4MCGIOT3TREU' }, /no chat/],
    ];
    for (const [params, reason] of cases) {
      const reply = await call(services, 'messages.prepareSign', params);
      expect(reply, JSON.stringify(params)).toMatchObject({
        ok: false,
        error: { message: reason },
      });
    }
    // Multi-line text and tabs are readable and fine.
    const ok = await call(services, 'messages.prepareSign', { address, message: 'a\n\tb\r\nc' });
    expect(ok.ok).toBe(true);
  });
});

describe('AA details and state over IPC', () => {
  it('shows the echo AA: definition, bounce fee, balances and responses as the hub says', async () => {
    const services = await start();
    const details = await value<AaDetailsView>(services, 'aa.details', { address: ` ${aa} ` });
    expect(details).toMatchObject({ address: aa, kind: 'aa', baseAa: null });
    expect(details.bounceFees).toEqual([
      { asset: 'base', amount: 10000, assetName: 'GBYTE', decimals: 9 },
    ]);
    expect(details.definition).toContain("var['last_echo']");
    expect(JSON.parse(details.definition ?? '')).toEqual(ECHO_AA);
    const wallet = await ownAddress(services);
    const plain = await value<AaDetailsView>(services, 'aa.details', { address: wallet });
    expect(plain.kind).not.toBe('aa');
    expect(plain.definition).toBeNull();
  });

  it('names an AA’s assets and decimals from the asset registry, and keeps each id', async () => {
    const assetId = (byte: number) => toBase64(new Uint8Array(32).fill(byte));
    const [ousd, unnamed, claimed, other] = [1, 2, 3, 4].map(assetId) as [
      string,
      string,
      string,
      string,
    ];
    const registry = scenario.funder.address;
    // The registry's metadata units (data messages naming an asset), provable on the main chain.
    const metadataUnit = scenario.publish([
      { app: 'data', payload: { asset: ousd, name: 'OUSD', decimals: 4 } },
    ]);
    const otherUnit = scenario.publish([
      { app: 'data', payload: { asset: other, name: 'WRONG', decimals: 2 } },
    ]);
    const asked: string[] = [];
    hub.setHandler('hub/get_asset_metadata', ({ params }) => {
      asked.push(String(params));
      if (params === ousd) {
        return { response: { metadata_unit: metadataUnit, registry_address: registry } };
      }
      // The hub points at a unit that names another asset: no name is taken from it.
      if (params === claimed) {
        return { response: { metadata_unit: otherUnit, registry_address: registry } };
      }
      return { error: 'no metadata' };
    });
    scenario.aaBalances.set(aa, { base: 1398, [ousd]: 123_000, [unnamed]: 5, [claimed]: 7 });
    try {
      const services = await start();
      await ownAddress(services);
      const details = await value<AaDetailsView>(services, 'aa.details', { address: aa });
      expect(details.balances).toEqual([
        { asset: 'base', amount: 1398, assetName: 'GBYTE', decimals: 9 },
        { asset: ousd, amount: 123_000, assetName: 'OUSD', decimals: 4 },
        { asset: unnamed, amount: 5, assetName: null, decimals: 0 },
        { asset: claimed, amount: 7, assetName: null, decimals: 0 },
      ]);
      expect(asked.sort()).toEqual([claimed, ousd, unnamed].sort());
      // Known now (kept in the wallet database) or asked once this session: not asked again.
      await value<AaDetailsView>(services, 'aa.details', { address: aa });
      expect(asked).toHaveLength(3);
    } finally {
      scenario.aaBalances.delete(aa);
    }
  });

  it('refuses a definition the hub lies about', async () => {
    const services = await start();
    // The hub answers another AA's definition for the echo AA's address.
    hub.setHandler('light/get_definition', () => ({ response: OTHER_AA }));
    const reply = await call(services, 'aa.details', { address: aa });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.message).toMatch(/^[A-Z].*\.$/);
      expect(reply.error.message).not.toMatch(/internal/i);
    }
    expect(other).not.toBe(aa);
  });

  it('pages state variables in name order within a prefix, and drops what was not asked', async () => {
    const services = await start();
    const vars: Record<string, string | number> = {};
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2']) vars[name] = name.length;
    vars['a3'] = 'three';
    scenario.stateVars.set(aa, vars);
    const first = await value<AaStateView>(services, 'aa.stateVars', {
      address: aa,
      prefix: 'a',
      limit: 2,
    });
    expect(first.vars.map((v) => v.name)).toEqual(['a1', 'a2']);
    expect(first.nextAfter).toBe('a2');
    const second = await value<AaStateView>(services, 'aa.stateVars', {
      address: aa,
      prefix: 'a',
      after: 'a2',
      limit: 2,
    });
    expect(second.vars).toEqual([
      { name: 'a3', value: '"three"' },
      { name: 'a4', value: '2' },
    ]);
    expect(second.nextAfter).toBe('a4');
    const last = await value<AaStateView>(services, 'aa.stateVars', {
      address: aa,
      prefix: 'a',
      after: 'a4',
      limit: 2,
    });
    expect(last.vars.map((v) => v.name)).toEqual(['a5']);
    expect(last.nextAfter).toBeNull();
    const all = await value<AaStateView>(services, 'aa.stateVars', { address: aa });
    expect(all.vars.map((v) => v.name)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2']);

    // A hub that answers names outside the prefix: they are not shown.
    hub.setHandler('light/get_aa_state_vars', () => ({
      response: { a1: 1, zz: 'not asked', b1: 2 },
    }));
    const filtered = await value<AaStateView>(services, 'aa.stateVars', {
      address: aa,
      prefix: 'a',
    });
    expect(filtered.vars.map((v) => v.name)).toEqual(['a1']);
    expect(
      await call(services, 'aa.stateVars', { address: aa, prefix: 'a', after: 'b1' }),
    ).toMatchObject({ ok: false, error: { message: /not within the prefix/ } });
  });

  it('lists attestations with their fields; names attestors only on mainnet', async () => {
    const services = await start();
    const subject = await ownAddress(services);
    const attestor = 'JFKWGRMXP3KHUAFMF4SJZVDXFL6ACC6P';
    hub.setHandler('light/get_attestations', () => ({
      response: [
        {
          unit: 'A'.repeat(43) + '=',
          attestor_address: attestor,
          profile: { first_name: 'Ada', long: 'x'.repeat(900) },
        },
      ],
    }));
    const list = await value<AttestationListView>(services, 'attestations.list', {
      address: subject,
    });
    expect(list).toHaveLength(1);
    expect(list[0]?.attestor).toBe(attestor);
    expect(list[0]?.attestorName).toBeNull();
    expect(list[0]?.fields[0]).toEqual({ name: 'first_name', value: 'Ada' });
    expect(list[0]?.fields[1]?.value.length).toBeLessThanOrEqual(500);
    hub.setHandler('light/get_attestations', () => ({ response: [{ unit: 'garbage' }] }));
    const hostile = await call(services, 'attestations.list', { address: subject });
    expect(hostile.ok).toBe(false);
    if (!hostile.ok) expect(hostile.error.message).toMatch(/^[A-Z].*\.$/);
  });
});
