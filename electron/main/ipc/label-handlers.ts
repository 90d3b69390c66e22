/** The labels and contacts methods of the contract, over the running network's LabelBook. */
import { UserFacingError } from '../../../shared/ipc';
import { LabelInputError } from '../../../shared/ipc/labels';
import {
  formatLabelsFile,
  LabelsFileError,
  parseLabelsFile,
} from '../../../shared/ipc/labels-file';
import type { AppPaths } from '../services/app-paths';
import type { LabelBook } from '../services/storage/index';
import type { Handlers } from './dispatcher';
import type { DesktopBridge } from './desktop-bridge';

type LabelMethod =
  | 'labels.list'
  | 'labels.set'
  | 'labels.export'
  | 'labels.import'
  | 'contacts.list'
  | 'contacts.add'
  | 'contacts.update'
  | 'contacts.remove';

/** A refused label, contact or file line in the user's words. */
function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LabelInputError || error instanceof LabelsFileError) {
      throw new UserFacingError(error.message);
    }
    throw error;
  }
}

export function createLabelHandlers(deps: {
  /** The running network's book (it changes with the network). */
  readonly book: () => LabelBook;
  readonly network: () => string;
  readonly paths: AppPaths;
  readonly desktop?: DesktopBridge;
}): Pick<Handlers, LabelMethod> {
  return {
    'labels.list': () => deps.book().labels(),
    'labels.set': (params) => checked(() => deps.book().setLabel(params)),
    'labels.export': async ({ saveToFile }) => {
      const file = deps.book().exportAll();
      const text = formatLabelsFile(file);
      const counts = { labels: file.labels.length, contacts: file.contacts.length };
      const { chooseSavePath, writeTextFile } = deps.desktop ?? {};
      if (!saveToFile || !chooseSavePath || !writeTextFile) {
        return { ...counts, text, savedTo: null };
      }
      const path = await chooseSavePath(`obyte-labels-${deps.network()}.jsonl`);
      if (path === null) return { ...counts, text: null, savedTo: null };
      await writeTextFile(path, text);
      return { ...counts, text: null, savedTo: deps.paths.display(path) };
    },
    'labels.import': ({ text }) =>
      checked(() => {
        const file = parseLabelsFile(text);
        return deps.book().importAll(file);
      }),
    'contacts.list': () => deps.book().contacts(),
    'contacts.add': (params) => checked(() => deps.book().addContact(params)),
    'contacts.update': ({ id, ...params }) => checked(() => deps.book().updateContact(id, params)),
    'contacts.remove': ({ id }) => {
      if (!deps.book().removeContact(id)) {
        throw new UserFacingError('There is no such contact any more.');
      }
      return { done: true as const };
    },
  };
}
