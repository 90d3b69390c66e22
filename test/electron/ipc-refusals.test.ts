/**
 * Every IPC method that takes input, called through the real dispatcher (compose.ts) with bad
 * input: the reply is a refusal in one sentence, the data folder is left as it was (the log
 * aside), and the hub is never contacted. Once with no wallet, once with an unlocked one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../electron/main/compose';
import { AppPaths } from '../../electron/main/services/app-paths';
import { systemClock } from '../../electron/main/services/clock';
import type { BackupDraft, IpcReply } from '../../shared/ipc';
import { TestHub } from '../support/test-hub';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
const PASSWORD = 'a long enough password';
const ADDRESS = 'LS3PUAGJ2CEYBKWPODVV72D3IWWBXNXO';
const DEVICE = '0KOTZ5HHNY7MKOGI6ZKHK4MCGIOT3TREU';
const PUBKEY = 'A7SWMmbGhAKRsdMKm/2UZ5ZOBOC+ul8sL30VeP5AbPhc';
const PHRASE =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let hub: TestHub;
let root: string;
let services: Services;

beforeAll(async () => {
  hub = new TestHub();
  await hub.start();
});

afterAll(async () => {
  await hub.stop();
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'obyte-ipc-refusals-'));
  services = await composeServices({
    app: { name: 'Obyte Light', version: '0.1.0' },
    paths: new AppPaths({ root: join(root, 'data'), home: root }),
    appOrigin: 'app://obyte',
    clock: systemClock,
    logSink: () => undefined,
    network: 'devnet',
    hubUrl: hub.url,
    offline: true,
    testScrypt: { N: 16, r: 1, p: 1 },
  });
});

afterEach(async () => {
  await services.close();
  await rm(root, { recursive: true, force: true });
});

async function call(method: string, params?: unknown): Promise<IpcReply<unknown>> {
  return services.dispatcher.dispatch(method, params, APP);
}

/** Every file of the data folder (but logs/) with a hash of its content. */
function snapshot(): Record<string, string> {
  const dir = join(root, 'data');
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const rel = relative(dir, path);
      if (rel === 'logs') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files[rel] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

type Case = readonly [method: string, params: unknown, reason: RegExp];

async function expectRefusals(cases: readonly Case[]): Promise<void> {
  const before = snapshot();
  const connections = hub.connections.length;
  for (const [method, params, reason] of cases) {
    const reply = await call(method, params);
    const where = `${method} ${JSON.stringify(params)}`;
    expect(reply.ok, where).toBe(false);
    if (reply.ok) continue;
    expect(reply.error.message, where).toMatch(reason);
    expect(reply.error.message, where).toMatch(/^["“A-Z]/);
    expect(reply.error.message, where).toMatch(/[.]$/);
    expect(snapshot(), where).toEqual(before);
  }
  expect(hub.connections.length).toBe(connections);
}

const PAIRING_CODES: readonly Case[] = [
  ['chat.pair', { code: 'garbage' }, /not a pairing code/],
  ['chat.pair', { code: `${PUBKEY}@localhost:0#x` }, /port "0"/],
  ['chat.pair', { code: `${PUBKEY}@a_b#x` }, /host name/],
  ['chat.pair', { code: `${PUBKEY}@localhost` }, /no #/],
  ['chat.pair', { code: `${PUBKEY}@localhost#a b` }, /spaces/],
  ['chat.pair', { code: `${PUBKEY}@999.999.999.999#x` }, /neither a host name/],
];

describe('IPC refuses bad input before anything is written', () => {
  it('with no wallet', async () => {
    await expectRefusals([
      ['settings.update', { devnetHubUrl: 'ws://999.999.999.999' }, /neither a host name/],
      ['settings.update', { devnetHubUrl: 'ws://localhost:0' }, /port "0"/],
      ['settings.update', { devnetHubUrl: 'javascript:alert(1)' }, /ws:\/\//],
      ['settings.update', { network: 'moon' }, /./],
      ['settings.update', {}, /Nothing to change/],
      ['settings.update', { deviceName: '<b>me</b>' }, /cannot contain/],
      [
        'settings.update',
        { customHubs: { mainnet: { url: 'ws://obyte.org/bb', fallbacks: [] } } },
        /wss:\/\//,
      ],
      ['wallet.restoreFromMnemonic', restore(PHRASE.replace('about', 'abandon')), /checksum/],
      ['wallet.restoreFromMnemonic', restore(PHRASE.replace('about', 'abou')), /"abou"/],
      ['wallet.restoreFromMnemonic', restore('abandon abandon'), /this one has 2/],
      ['wallet.restoreFromMnemonic', restore(''), /empty/],
      ['wallet.confirmBackup', confirm('no-such-draft'), /./],
      ['wallet.unlock', { password: PASSWORD }, /./],
      ['wallet.revealMnemonicForBackup', { password: PASSWORD }, /./],
      ['watch.add', { address: 'javascript:alert(1)' }, /32 characters/],
      ['watch.add', { address: ADDRESS.toLowerCase() }, /upper case/],
      ['watch.add', { address: ADDRESS.replace('L', 'M') }, /checksum/],
      ['history.get', { unit: 'not a unit' }, /./],
      ['links.openExplorer', { unit: '<script>' }, /./],
      ['payments.preview', preview('javascript:alert(1)', '1'), /./],
      ['payments.preview', preview(ADDRESS, '-1'), /./],
      ['receive.paymentUri', { address: ADDRESS, amount: '1e3' }, /./],
      ['chat.pair', { code: `${PUBKEY}@localhost:6611#x` }, /unlocked wallet/],
      ['messages.prepareSign', { address: ADDRESS, message: 'hi' }, /./],
      ['messages.sign', { signId: 'no-such-id' }, /./],
      ['aa.details', { address: 'javascript:alert(1)' }, /not a valid Obyte address/],
      ['aa.stateVars', { address: ADDRESS.toLowerCase() }, /not a valid Obyte address/],
      ['attestations.list', { address: '<b>' }, /not a valid Obyte address/],
      ['profiles.list', undefined, /unlocked wallet/],
      ['profiles.save', { correspondent: DEVICE, base64: 'eyJ9' }, /unlocked wallet/],
      ['profiles.remove', { id: 1 }, /unlocked wallet/],
      ['profiles.removeAll', undefined, /unlocked wallet/],
    ]);
  });

  it('with an unlocked wallet', async () => {
    const draft = (await call('wallet.createWithMnemonicForBackup')) as IpcReply<BackupDraft>;
    if (!draft.ok) throw new Error(draft.error.message);
    const words = draft.value.mnemonic.split(' ');
    const confirmed = await call('wallet.confirmBackup', {
      draftId: draft.value.draftId,
      answers: draft.value.askPositions.map((position) => ({
        position,
        word: words[position - 1] ?? '',
      })),
      protection: { mode: 'password', password: PASSWORD },
    });
    expect(confirmed.ok).toBe(true);
    // Everything a later call might open is opened now (databases, chat and its temp keys).
    const addresses = (await call('addresses.list')) as IpcReply<Array<{ address: string }>>;
    if (!addresses.ok) throw new Error(addresses.error.message);
    const own = addresses.value[0]?.address ?? '';
    expect((await call('payments.pending')).ok).toBe(true);
    await expect.poll(() => services.chat.isRunning).toBe(true);
    expect((await call('chat.listCorrespondents')).ok).toBe(true);

    await expectRefusals([
      ...PAIRING_CODES,
      ['chat.sendText', { correspondent: 'XYZ', text: 'hi' }, /./],
      ['chat.sendText', { correspondent: DEVICE, text: 'hi' }, /./],
      ['chat.sendText', { correspondent: DEVICE, text: '   ' }, /./],
      ['chat.listMessages', { correspondent: DEVICE }, /./],
      ['chat.rename', { correspondent: DEVICE, name: 'x' }, /./],
      ['chat.remove', { correspondent: DEVICE }, /./],
      ['chat.retry', { id: 99 }, /./],
      ['links.openWeb', { url: 'javascript:alert(1)' }, /http/],
      ['payments.preview', preview('javascript:alert(1)', '1'), /address/],
      ['payments.preview', preview(ADDRESS.toLowerCase(), '1'), /upper case/],
      ['payments.preview', preview(ADDRESS, '-1'), /negative/],
      ['payments.preview', preview(ADDRESS, '1e3'), /not an amount/],
      ['payments.preview', preview(ADDRESS, '٣'), /not an amount/],
      ['payments.preview', preview(ADDRESS, '0.0000000001'), /at most 9 decimals/],
      ['payments.preview', preview(ADDRESS, '9007199254.740993'), /too large|maximum/],
      ['payments.preview', preview(ADDRESS, '0'), /more than zero/],
      ['payments.send', { previewId: 'no-such-preview' }, /./],
      ['receive.paymentUri', { address: ADDRESS, amount: '-1' }, /negative/],
      ['wallet.changePassword', { currentPassword: 'wrong', newPassword: 'short' }, /./],
      ['wallet.restoreFromMnemonic', restore(PHRASE), /./],
      ['messages.prepareSign', { address: ADDRESS, message: 'hi' }, /not an address of this/],
      ['messages.prepareSign', { address: own, message: 'a\u202Eb' }, /invisible/],
      ['messages.prepareSign', { address: own, message: 'x'.repeat(4001) }, /at most 4000/],
      ['messages.prepareSign', { address: own, message: 'hi', replyTo: DEVICE }, /no chat/],
      ['messages.sign', { signId: 'no-such-id' }, /expired/],
      ['aa.details', { address: ADDRESS.replace('L', 'M') }, /not a valid Obyte address/],
      ['aa.stateVars', { address: ADDRESS, prefix: 'a', after: 'b' }, /within the prefix/],
      ['aa.stateVars', { address: ADDRESS, limit: 5000 }, /./],
      ['profiles.save', { correspondent: DEVICE, base64: 'eyJ9' }, /no chat/],
      ['profiles.save', { correspondent: DEVICE, base64: 'A'.repeat(16_001) }, /far too long/],
      ['profiles.save', { correspondent: 'XYZ', base64: 'eyJ9' }, /device address/],
      ['profiles.remove', { id: 1 }, /not kept/],
      ['profiles.remove', { id: 0 }, /Say which profile/],
      ['profiles.remove', { id: '1' }, /Say which profile/],
      ['profiles.removeAll', { all: true }, /no parameters/],
      ['profiles.prepareShare', { correspondent: DEVICE, fields: [] }, /at least one field/],
      ['profiles.prepareShare', { correspondent: DEVICE, fields: ['n'.repeat(51)] }, /at most 50/],
      ['profiles.prepareShare', { correspondent: DEVICE, fields: ['first_name'] }, /no chat/],
      ['profiles.share', { correspondent: DEVICE, profileId: 1, fields: ['a'] }, /no chat/],
      ['profiles.share', { correspondent: DEVICE, profileId: 0, fields: ['a'] }, /./],
    ]);

    // A wrong current password is a guess, not bad input: it is refused, and the only file it
    // changes is the wrong-password counter beside the keystore (the delay survives restarts).
    const before = snapshot();
    const reply = await call('wallet.changePassword', {
      currentPassword: 'wrong',
      newPassword: PASSWORD,
    });
    expect(reply.ok).toBe(false);
    const after = snapshot();
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed).toEqual(['devnet/keystore.attempts.json']);
  });
});

function restore(mnemonic: string): unknown {
  return { mnemonic, protection: { mode: 'password', password: PASSWORD } };
}

function confirm(draftId: string): unknown {
  return {
    draftId,
    answers: [{ position: 1, word: 'abandon' }],
    protection: { mode: 'password', password: PASSWORD },
  };
}

function preview(address: string, amount: string): unknown {
  return { recipients: [{ address, amount }] };
}
