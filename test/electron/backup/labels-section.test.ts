/**
 * Labels, notes and contacts in the full backup: exported with the wallet and imported into a
 * fresh data folder, they come back as they were; a backup whose labels section is damaged is
 * refused before anything is written, naming the record.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalletDatabase } from '../../../electron/main/services/storage/wallet-database';
import { labelsSection } from '../../../electron/main/services/backup/labels-section';
import { recordingLogger } from '../fakes';
import { addressFor, BACKUP_PASSWORD, dataFolder, sampleWallet, type DataFolder } from './support';

const folders: DataFolder[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => f.cleanup()));
});

const UNIT = 'oXGOcA9TQx8Tl5Syjp1d5+mB4xicsRk3kbcE82YQAS0=';

describe('the labels section of the full backup', () => {
  it('export then import into a fresh folder brings labels, notes and contacts back', async () => {
    const source = await dataFolder();
    folders.push(source);
    await sampleWallet(source);
    const { logger } = recordingLogger();
    const db = WalletDatabase.open({
      directory: source.paths.networkDir('testnet'),
      clock: source.clock,
      logger,
    });
    db.labels.setLabel({ type: 'unit', ref: UNIT, label: 'Rent, March', note: 'paid\nlate' });
    db.labels.setLabel({ type: 'addr', ref: addressFor('shop').address, label: 'Shop' });
    db.labels.addContact({
      name: 'Alice',
      address: addressFor('alice').address,
      deviceAddress: `0${addressFor('alice device').address}`,
      note: 'from the club',
    });
    const before = db.labels.exportAll();
    db.close();
    const file = join(source.root, 'exports', 'wallet.obyte-backup');
    await source.backup.exportTo({ path: file, password: BACKUP_PASSWORD, network: 'testnet' });

    const target = await dataFolder();
    folders.push(target);
    const result = await target.backup.importFrom({
      path: file,
      password: BACKUP_PASSWORD,
      network: 'testnet',
    });
    expect(result.sections).toContain('labels');
    const after = WalletDatabase.open({
      directory: target.paths.networkDir('testnet'),
      clock: target.clock,
      logger,
    });
    expect(after.labels.exportAll()).toEqual(before);
    expect(before.labels).toHaveLength(2);
    expect(before.contacts).toHaveLength(1);
    after.close();
  });

  it('validate names the damaged record', () => {
    const section = labelsSection({ clock: { now: () => 0 }, logger: recordingLogger().logger });
    const good = { type: 'addr', ref: addressFor('x').address, label: 'X' };
    expect(section.validate({ records: [good] }, { network: 'testnet' })).toBeNull();
    expect(
      section.validate(
        { records: [good, { type: 'addr', ref: 'NOPE', label: 'Y' }] },
        { network: 'testnet' },
      ),
    ).toBe('labels record 2: An Obyte address has 32 characters; this one has 4.');
    expect(section.validate([], { network: 'testnet' })).toMatch(/records/);
  });
});
