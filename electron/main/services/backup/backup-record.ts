/**
 * When and where the last backup of each network's wallet was written (an export or an
 * automatic backup), for Settings to show. One small JSON file at the data folder's root,
 * written atomically; a missing or odd file means "no backup yet".
 */
import { z } from 'zod';
import { NETWORK_NAMES, type Network } from '../../../../shared/protocol/wire';
import type { AtomicFile } from '../atomic-file';

/** The network a file belongs to, by its protocol name. */
const NetworkSchema = z.enum(NETWORK_NAMES);

const EntrySchema = z.object({ at: z.number().int().nonnegative(), to: z.string().max(4096) });
const FileSchema = z.object({
  version: z.literal(1),
  last: z.partialRecord(NetworkSchema, EntrySchema),
});

export interface BackupEntry {
  readonly at: number;
  readonly to: string;
}

export class BackupRecord {
  private readonly file: AtomicFile;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(file: AtomicFile) {
    this.file = file;
  }

  private async readAll(): Promise<Partial<Record<Network, BackupEntry>>> {
    const text = await this.file.read().catch(() => null);
    if (text === null) return {};
    try {
      const parsed = FileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.last : {};
    } catch {
      return {};
    }
  }

  async last(network: Network): Promise<BackupEntry | null> {
    return (await this.readAll())[network] ?? null;
  }

  note(network: Network, entry: BackupEntry): Promise<void> {
    const run = async (): Promise<void> => {
      const last = { ...(await this.readAll()), [network]: entry };
      await this.file.write(`${JSON.stringify({ version: 1, last }, null, 2)}\n`);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
