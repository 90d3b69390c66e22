/**
 * `obyte-light label set|get|list`, `contacts add|list|remove` and `labels export|import FILE`:
 * the user's labels, notes and address book from a terminal, without a hub. Every argument is
 * checked (address checksums, one-line labels) before the database is opened; an import reads
 * and checks the whole file first (a bad line is named and nothing is written); an export never
 * overwrites a file.
 */
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  checkAddressRef,
  checkContact,
  checkLabel,
  labelTypeOf,
  LabelInputError,
  type ContactRecord,
  type LabelRecord,
  type LabelType,
} from '../shared/ipc/labels';
import {
  formatLabelsFile,
  LABELS_FILE_MAX_CHARS,
  LabelsFileError,
  parseLabelsFile,
  type LabelsFile,
} from '../shared/ipc/labels-file';
import type { Network } from '../shared/ipc';
import type { AppPaths } from './main/services/app-paths';
import { AtomicFile } from './main/services/atomic-file';
import { markAutoBackupPending } from './main/services/backup/auto-backup';
import type { Clock } from './main/services/clock';
import type { Logger } from './main/services/logger';
import { WalletDatabase } from './main/services/storage/wallet-database';

export const LABEL_COMMANDS = ['label', 'labels', 'contacts'] as const;

export function isLabelCommand(command: string): boolean {
  return (LABEL_COMMANDS as readonly string[]).includes(command);
}

/** Wrong usage or input (exit code 2): the problem in one sentence. */
export class LabelUsageError extends Error {}

/** A refusal after the checks (exit code 1): a file that cannot be read or is not a labels file. */
export class LabelFileCliError extends Error {}

export type LabelArgs =
  | { readonly kind: 'label-set'; readonly record: LabelRecord }
  | { readonly kind: 'label-get'; readonly type: LabelType; readonly ref: string }
  | { readonly kind: 'label-list'; readonly type: LabelType | null }
  | { readonly kind: 'contacts-add'; readonly contact: ContactRecord }
  | { readonly kind: 'contacts-list' }
  | { readonly kind: 'contacts-remove'; readonly address: string }
  | { readonly kind: 'labels-export'; readonly file: string }
  | { readonly kind: 'labels-import'; readonly file: string };

export interface LabelOptions {
  readonly note?: string | undefined;
  readonly device?: string | undefined;
  readonly type?: string | undefined;
}

function refTypeOf(ref: string | undefined, usage: string): { type: LabelType; ref: string } {
  if (ref === undefined || ref.trim() === '')
    throw new LabelUsageError(`Name the unit or address: ${usage}.`);
  const type = labelTypeOf(ref);
  if (type === null) {
    throw new LabelUsageError(
      `"${ref.slice(0, 50)}" is neither a unit (44 characters) nor an address (32 characters).`,
    );
  }
  return { type, ref };
}

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LabelInputError) throw new LabelUsageError(error.message);
    throw error;
  }
}

function oneFile(command: string, file: string | undefined, rest: readonly string[]): string {
  if (file === undefined || file.trim() === '') {
    throw new LabelUsageError(`Name the file: obyte-light ${command} FILE.`);
  }
  if (rest.length > 0) {
    throw new LabelUsageError(
      `The command ${command} takes one file name (quote a name with spaces).`,
    );
  }
  return resolve(file);
}

/** The command's arguments, checked before anything is read or opened. */
export function checkLabelArgs(
  command: string,
  args: readonly string[],
  options: LabelOptions,
): LabelArgs {
  const [action, first, second, ...rest] = args;
  const noExtra = (extra: readonly unknown[], usage: string): void => {
    if (extra.some((value) => value !== undefined)) {
      throw new LabelUsageError(`Too many arguments: ${usage} (quote text with spaces).`);
    }
  };
  if (command === 'label') {
    if (action === 'set') {
      const usage = 'obyte-light label set UNIT|ADDRESS LABEL [--note TEXT]';
      const { type, ref } = refTypeOf(first, usage);
      if (second === undefined)
        throw new LabelUsageError(`Give the label: ${usage} ("" removes it).`);
      noExtra(rest, usage);
      return {
        kind: 'label-set',
        record: checked(() => checkLabel({ type, ref, label: second, note: options.note ?? '' })),
      };
    }
    if (action === 'get') {
      const usage = 'obyte-light label get UNIT|ADDRESS';
      const { type, ref } = refTypeOf(first, usage);
      noExtra([second, ...rest], usage);
      return {
        kind: 'label-get',
        type,
        ref: checked(() => checkLabel({ type, ref, label: '' })).ref,
      };
    }
    if (action === 'list') {
      noExtra([first, second, ...rest], 'obyte-light label list [--type unit|addr]');
      const type = options.type;
      if (type !== undefined && type !== 'unit' && type !== 'addr') {
        throw new LabelUsageError('The type (--type) is unit or addr.');
      }
      return { kind: 'label-list', type: type ?? null };
    }
    throw new LabelUsageError('Say what to do: obyte-light label set, get or list.');
  }
  if (command === 'contacts') {
    if (action === 'add') {
      const usage = 'obyte-light contacts add NAME ADDRESS [--device DEVICE_ADDRESS] [--note TEXT]';
      if (first === undefined || second === undefined) {
        throw new LabelUsageError(`Give a name and an address: ${usage}.`);
      }
      noExtra(rest, usage);
      return {
        kind: 'contacts-add',
        contact: checked(() =>
          checkContact({
            name: first,
            address: second,
            deviceAddress: options.device,
            note: options.note,
          }),
        ),
      };
    }
    if (action === 'list') {
      noExtra([first, second, ...rest], 'obyte-light contacts list');
      return { kind: 'contacts-list' };
    }
    if (action === 'remove') {
      const usage = 'obyte-light contacts remove ADDRESS';
      if (first === undefined) throw new LabelUsageError(`Name the contact's address: ${usage}.`);
      noExtra([second, ...rest], usage);
      return { kind: 'contacts-remove', address: checked(() => checkAddressRef(first)) };
    }
    throw new LabelUsageError('Say what to do: obyte-light contacts add, list or remove.');
  }
  if (action === 'export')
    return {
      kind: 'labels-export',
      file: oneFile(
        'labels export',
        first,
        [second, ...rest].filter((v) => v !== undefined),
      ),
    };
  if (action === 'import')
    return {
      kind: 'labels-import',
      file: oneFile(
        'labels import',
        first,
        [second, ...rest].filter((v) => v !== undefined),
      ),
    };
  throw new LabelUsageError(
    'Say what to do: obyte-light labels export FILE, or labels import FILE.',
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The labels file at `path`, read and checked whole; nothing is opened before this. */
async function readLabelsFile(path: string, shown: string): Promise<LabelsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new LabelFileCliError(`The file "${shown}" cannot be read. Nothing was imported.`);
  }
  if (text.length > LABELS_FILE_MAX_CHARS) {
    throw new LabelFileCliError(
      `The file "${shown}" is too large for a labels file. Nothing was imported.`,
    );
  }
  try {
    return parseLabelsFile(text);
  } catch (error) {
    if (error instanceof LabelsFileError) {
      throw new LabelFileCliError(
        `The file "${shown}" cannot be imported. ${error.message} Nothing was imported.`,
      );
    }
    throw error;
  }
}

export interface LabelCliContext {
  readonly paths: AppPaths;
  readonly network: Network;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly out: (document: unknown, text: string) => void;
}

export async function runLabelCommand(args: LabelArgs, ctx: LabelCliContext): Promise<number> {
  const { paths, network } = ctx;
  // Read (and refuse) files before the database is opened.
  let file: LabelsFile | null = null;
  if (args.kind === 'labels-import')
    file = await readLabelsFile(args.file, paths.display(args.file));
  if (args.kind === 'labels-export' && (await exists(args.file))) {
    throw new LabelFileCliError(
      `The file "${paths.display(args.file)}" already exists; Obyte Light never overwrites a file. Choose another name.`,
    );
  }
  const db = WalletDatabase.open({
    directory: await paths.ensureNetworkDir(network),
    clock: ctx.clock,
    logger: ctx.logger.child('storage'),
  });
  // Labels and contacts are in a backup: a change marks the automatic backup pending, and the
  // app writes it at its next unlock.
  let changed = false;
  const stopWatching = db.changed.add(() => {
    changed = true;
  });
  try {
    return await runOnDatabase(args, ctx, db, file);
  } finally {
    stopWatching();
    db.close();
    if (changed) await markAutoBackupPending(paths, network, ctx.logger);
  }
}

async function runOnDatabase(
  args: LabelArgs,
  ctx: LabelCliContext,
  db: WalletDatabase,
  file: LabelsFile | null,
): Promise<number> {
  const { paths, network } = ctx;
  try {
    const book = db.labels;
    switch (args.kind) {
      case 'label-set': {
        const stored = book.setLabel(args.record);
        ctx.out(
          { network, label: stored },
          stored === null
            ? `No label on ${args.record.ref} now.`
            : `${stored.ref}  ${stored.label}`,
        );
        return 0;
      }
      case 'label-get': {
        const stored = book.label(args.type, args.ref);
        const contact = args.type === 'addr' ? book.contactByAddress(args.ref) : null;
        ctx.out(
          { network, label: stored, contact },
          [
            stored === null ? `No label on ${args.ref}.` : `Label: ${stored.label}`,
            ...(stored?.note ? [`Note: ${stored.note}`] : []),
            ...(contact ? [`Contact: ${contact.name}`] : []),
          ].join('\n'),
        );
        return 0;
      }
      case 'label-list': {
        const labels = book.labels(args.type ?? undefined);
        ctx.out(
          { network, labels },
          labels.length === 0
            ? 'No labels yet.'
            : labels
                .map(
                  (l) =>
                    `${l.type.padEnd(4)}  ${l.ref}  ${l.label}${l.note ? `  (${l.note.replace(/\n/g, ' ')})` : ''}`,
                )
                .join('\n'),
        );
        return 0;
      }
      case 'contacts-add': {
        const added = book.addContact(args.contact);
        ctx.out({ network, contact: added }, `Added ${added.name}: ${added.address}`);
        return 0;
      }
      case 'contacts-list': {
        const contacts = book.contacts();
        ctx.out(
          { network, contacts },
          contacts.length === 0
            ? 'No contacts yet.'
            : contacts
                .map(
                  (c) =>
                    `${c.address}  ${c.name}${c.deviceAddress ? `  device ${c.deviceAddress}` : ''}`,
                )
                .join('\n'),
        );
        return 0;
      }
      case 'contacts-remove': {
        const contact = book.contactByAddress(args.address);
        if (contact === null) {
          throw new LabelFileCliError(
            `No contact has the address ${args.address}. Nothing was changed.`,
          );
        }
        book.removeContact(contact.id);
        ctx.out({ network, removed: contact }, `Removed ${contact.name}.`);
        return 0;
      }
      case 'labels-export': {
        const all = book.exportAll();
        await new AtomicFile(args.file).write(formatLabelsFile(all));
        const where = paths.display(args.file);
        ctx.out(
          { network, file: where, labels: all.labels.length, contacts: all.contacts.length },
          `Wrote ${all.labels.length} labels and ${all.contacts.length} contacts to ${where}.`,
        );
        return 0;
      }
      case 'labels-import': {
        const counts = book.importAll(file ?? { labels: [], contacts: [] });
        ctx.out(
          { network, ...counts },
          `Labels: ${counts.labelsAdded} added, ${counts.labelsUpdated} changed. Contacts: ${counts.contactsAdded} added, ${counts.contactsUpdated} changed. ${counts.unchanged} already as in the file.`,
        );
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof LabelInputError) throw new LabelFileCliError(error.message);
    throw error;
  }
}
