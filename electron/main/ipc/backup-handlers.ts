/**
 * The full backup's methods. The page names no file: export asks main's save dialog where to
 * write, import asks main's open dialog which file and answers with an id; the header is read
 * then, so a foreign, cut-short, newer or other-network file is refused before a password.
 */
import { basename } from 'node:path';
import { BACKUP_EXTENSION } from '../../../shared/backup/format';
import { UserFacingError, type Network } from '../../../shared/ipc';
import { toHex } from '../../../shared/protocol/bytes';
import type { AppPaths } from '../services/app-paths';
import type { BackupService, SwapHooks } from '../services/backup/index';
import type { BackupRecord } from '../services/backup/backup-record';
import type { AutoBackupService, AutoBackupStatus } from '../services/backup/auto-backup';
import type { Clock } from '../services/clock';
import { nodeRandomSource } from '../services/random';
import type { Handlers } from './dispatcher';

type BackupMethod =
  | 'backup.getState'
  | 'backup.export'
  | 'backup.chooseFile'
  | 'backup.import'
  | 'backup.autoState'
  | 'backup.autoChooseFolder'
  | 'backup.autoOn'
  | 'backup.autoOff'
  | 'backup.autoNow';

/** What a call that fails while an import has the network's databases closed is answered. */
export const RESTORING_MESSAGE =
  'The wallet is being restored from a backup; try again in a moment.';

/**
 * Whether an import has the network's databases closed: from its first swap hook until the
 * second one has opened them again (or the import ended). The IPC dispatcher asks it.
 */
export class RestoreWindow {
  #open = false;

  get isOpen(): boolean {
    return this.#open;
  }

  /** The hooks, with the window open from before the first until after the second. */
  around(hooks: SwapHooks): SwapHooks {
    return {
      beforeSwap: async () => {
        this.#open = true;
        await hooks.beforeSwap?.();
      },
      afterSwap: async () => {
        try {
          await hooks.afterSwap?.();
        } finally {
          this.#open = false;
        }
      },
    };
  }

  close(): void {
    this.#open = false;
  }
}

/** Main's own file dialogs (index.ts: Electron's; the harness: fixed test paths). */
export interface BackupDialogs {
  /** Where to save a backup; null when the user cancelled. */
  readonly chooseSavePath: (suggestedName: string) => Promise<string | null>;
  /** Which backup file to import; null when the user cancelled. */
  readonly chooseOpenPath: () => Promise<string | null>;
  /** Which folder the automatic backup writes to; null when the user cancelled. */
  readonly chooseFolder?: () => Promise<string | null>;
}

export function createBackupHandlers(deps: {
  readonly backup: BackupService;
  readonly record: BackupRecord;
  readonly paths: AppPaths;
  readonly clock: Clock;
  readonly network: () => Network;
  readonly dialogs?: BackupDialogs;
  /** Close the network's databases before the restored folder takes its place; open after. */
  readonly swap: SwapHooks;
  /** After an import: tell the page the wallet is there. */
  readonly onImported: () => Promise<void>;
  /** Open while an import has the databases closed (the dispatcher answers calls with it). */
  readonly restoreWindow?: RestoreWindow;
  /** The automatic backup (absent: its methods say this copy has none). */
  readonly auto?: AutoBackupService;
}): Pick<Handlers, BackupMethod> {
  /** Files the user chose in the open dialog, by id (the newest few). */
  const chosen = new Map<string, string>();
  /** Folders the user chose (and main checked) for the automatic backup, by id. */
  const folders = new Map<string, string>();
  const auto = (): AutoBackupService => {
    if (deps.auto === undefined) {
      throw new UserFacingError('This copy of Obyte Light has no automatic backup.');
    }
    return deps.auto;
  };
  const autoState = (status: AutoBackupStatus) => ({
    ...status,
    canChooseFolders: deps.dialogs?.chooseFolder !== undefined,
  });
  const dialogs = (): BackupDialogs => {
    if (deps.dialogs === undefined) {
      throw new UserFacingError(
        'This copy of Obyte Light cannot show file dialogs. Use the command line: obyte-light backup export FILE.',
      );
    }
    return deps.dialogs;
  };
  const state = async () => {
    const last = await deps.record.last(deps.network());
    return {
      canChooseFiles: deps.dialogs !== undefined,
      lastBackupAt: last?.at ?? null,
      lastBackupTo: last === null ? null : deps.paths.display(last.to),
    };
  };
  return {
    'backup.getState': state,
    'backup.export': async ({ password }) => {
      const network = deps.network();
      const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
      const path = await dialogs().chooseSavePath(
        `obyte-light-${network}-${day}.${BACKUP_EXTENSION}`,
      );
      if (path === null) return { savedTo: null, bytes: 0, createdAt: deps.clock.now() };
      const result = await deps.backup.exportTo({ path, password, network });
      await deps.record.note(network, { at: result.createdAt, to: path });
      return {
        savedTo: deps.paths.display(result.path),
        bytes: result.bytes,
        createdAt: result.createdAt,
      };
    },
    'backup.chooseFile': async () => {
      const path = await dialogs().chooseOpenPath();
      if (path === null) return { file: null };
      const header = await deps.backup.inspect(path, deps.network());
      const id = toHex(nodeRandomSource.randomBytes(12));
      chosen.set(id, path);
      while (chosen.size > 5) chosen.delete(chosen.keys().next().value ?? '');
      return {
        file: {
          id,
          name: basename(path).slice(0, 300),
          network: header.network,
          createdAt: header.createdAt,
        },
      };
    },
    'backup.import': async ({ id, password }) => {
      const path = chosen.get(id);
      if (path === undefined) {
        throw new UserFacingError('Choose the backup file again: this choice is no longer known.');
      }
      const window = deps.restoreWindow;
      let result;
      try {
        result = await deps.backup.importFrom(
          { path, password, network: deps.network() },
          window === undefined ? deps.swap : window.around(deps.swap),
        );
      } finally {
        window?.close();
      }
      chosen.delete(id);
      await deps.onImported();
      return {
        network: result.network,
        createdAt: result.createdAt,
        app: result.app.slice(0, 200),
        sections: [...result.sections],
        skipped: [...result.skipped],
      };
    },
    'backup.autoState': async () => autoState(await auto().status()),
    'backup.autoChooseFolder': async () => {
      const choose = deps.dialogs?.chooseFolder;
      if (choose === undefined) {
        throw new UserFacingError(
          'This copy of Obyte Light cannot show folder dialogs. Use the command line: obyte-light backup auto on --folder DIR.',
        );
      }
      const path = await choose();
      if (path === null) return { folder: null };
      const checked = await auto().checkFolder(path);
      const id = toHex(nodeRandomSource.randomBytes(12));
      folders.set(id, checked);
      while (folders.size > 5) folders.delete(folders.keys().next().value ?? '');
      return { folder: { id, path: deps.paths.display(checked) } };
    },
    'backup.autoOn': async ({ folderId, password }) => {
      const folder = folders.get(folderId);
      if (folder === undefined) {
        throw new UserFacingError('Choose the folder again: this choice is no longer known.');
      }
      const status = await auto().turnOn({ folder, password });
      folders.delete(folderId);
      return autoState(status);
    },
    'backup.autoOff': async () => autoState(await auto().turnOff()),
    'backup.autoNow': async () => autoState(await auto().backUpNow()),
  };
}
