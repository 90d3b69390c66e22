/**
 * IPC while the GUI imports a full backup: the network's databases are closed for a moment while
 * the restored folder takes their place. A call that needs them then is answered with a plain
 * sentence (try again in a moment), not with the internal error; before and after, as usual.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeServices, type Services } from '../../../electron/main/compose';
import { AppPaths } from '../../../electron/main/services/app-paths';
import { RESTORING_MESSAGE } from '../../../electron/main/ipc/backup-handlers';
import { fixedClock } from '../fakes';
import {
  BACKUP_PASSWORD,
  TEST_BACKUP_SCRYPT,
  dataFolder,
  sampleWallet,
  type DataFolder,
} from './support';

const APP = { url: 'app://obyte/index.html', isMainFrame: true };
let source: DataFolder | null = null;
let services: Services | null = null;
let root: string | null = null;

afterEach(async () => {
  await services?.close();
  await source?.cleanup();
  if (root !== null) await rm(root, { recursive: true, force: true });
  services = null;
  source = null;
  root = null;
});

describe('IPC during a backup import from the window', () => {
  it('a call while the databases are closed gets the restore sentence, not an internal error', async () => {
    source = await dataFolder();
    await sampleWallet(source, { network: 'testnet' });
    const file = join(source.root, 'wallet.obyte-backup');
    await source.backup.exportTo({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });

    root = await mkdtemp(join(tmpdir(), 'obyte-import-ipc-'));
    const running = await composeServices({
      app: { name: 'Obyte Light', version: '0.1.0' },
      paths: new AppPaths({ root, home: root }),
      appOrigin: 'app://obyte',
      clock: fixedClock(),
      logSink: () => undefined,
      offline: true,
      network: 'testnet',
      testBackupScrypt: TEST_BACKUP_SCRYPT,
      desktop: {
        backupDialogs: {
          chooseSavePath: () => Promise.resolve(null),
          chooseOpenPath: () => Promise.resolve(file),
        },
      },
    });
    services = running;
    const dispatch = (method: string, params?: unknown) =>
      running.dispatcher.dispatch(method, params, APP);
    await expect(dispatch('balances.get')).resolves.toMatchObject({ ok: true });

    // The page asks for the balances (and the history) just after the databases were closed.
    const during: unknown[] = [];
    const close = running.light.close.bind(running.light);
    running.light.close = async () => {
      await close();
      during.push(await dispatch('balances.get'));
      during.push(await dispatch('history.list', {}));
    };
    const chosen = await dispatch('backup.chooseFile');
    expect(chosen).toMatchObject({ ok: true, value: { file: { network: 'testnet' } } });
    const id = (chosen as { value: { file: { id: string } } }).value.file.id;
    await expect(
      dispatch('backup.import', { id, password: BACKUP_PASSWORD }),
    ).resolves.toMatchObject({ ok: true, value: { network: 'testnet' } });

    const restoring = { ok: false, error: { code: 'rejected', message: RESTORING_MESSAGE } };
    expect(RESTORING_MESSAGE).toBe(
      'The wallet is being restored from a backup; try again in a moment.',
    );
    expect(during).toEqual([restoring, restoring]);
    // Once the restored folder is open, the same calls answer as usual.
    await expect(dispatch('balances.get')).resolves.toMatchObject({ ok: true });
    await expect(dispatch('history.list', {})).resolves.toMatchObject({ ok: true });
  });
});
