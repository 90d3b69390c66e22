/**
 * Runs inside `dbus-run-session` with an unlocked gnome-keyring (see keytar.test.ts): the real
 * keytar module against a real Secret Service. Prints one JSON line of observations.
 *
 * Usage: node --import tsx keytar-child.ts <temp folder>
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Keytar from 'keytar';
import { AtomicFile } from '../../../electron/main/services/atomic-file';
import { systemClock } from '../../../electron/main/services/clock';
import {
  KeystoreService,
  KeytarKeychain,
  nodeRandomSource,
  systemTimers,
} from '../../../electron/main/services/keystore';
import { recordingLogger } from '../fakes';
import { FAST_SCRYPT } from './support';

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: keytar-child.ts <temp folder>');

const keychain = new KeytarKeychain();
const service = `Obyte Light test ${process.pid}`;

const observed: Record<string, unknown> = {};
await keychain.set(service, 'entry', 'secret value');
observed['get'] = await keychain.get(service, 'entry');
observed['deleted'] = await keychain.delete(service, 'entry');
observed['afterDelete'] = await keychain.get(service, 'entry');

const { logger } = recordingLogger();
const make = () =>
  new KeystoreService({
    file: new AtomicFile(join(dir, 'keystore.json')),
    clock: systemClock,
    timers: systemTimers,
    random: nodeRandomSource,
    logger,
    keychain,
    testScrypt: FAST_SCRYPT,
  });

const first = make();
const { wallet } = await first.create({ network: 'testnet', protection: { mode: 'keychain' } });
observed['xpub'] = wallet.accountXpub(0);
first.lock();
const status = await make().status();
observed['protection'] = status.exists && status.readable ? status.protection : null;
const info = await make().readPublicInfo();
const account = `wallet ${info.walletId}`;
const reopened = await make().unlock();
observed['reopenedXpub'] = reopened.accountXpub(0);
await make().changePassword(undefined, 'a password now');
observed['unlockWithPassword'] = (await make().unlock('a password now')).accountXpub(0);
const keytar = createRequire(import.meta.url)('keytar') as typeof Keytar;
const left = await keytar.findCredentials('Obyte Light');
observed['entriesLeft'] = left.filter((c) => c.account.startsWith(account)).length;
process.stdout.write(`${JSON.stringify(observed)}\n`);
