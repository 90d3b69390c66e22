/**
 * The desktop's side of a few IPC methods, shared by the handler modules (handlers.ts builds the
 * table; chat-handlers.ts and label-handlers.ts use it too), so none imports another for a type.
 */
import type { BackupDialogs } from './backup-handlers';

/** The OS side of a few methods; index.ts gives dialogs and the browser, the harness fakes. */
export interface DesktopBridge {
  /** Ask where to save a file; null when the user cancelled. */
  readonly chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  readonly writeTextFile?: (path: string, text: string) => Promise<void>;
  /**
   * Open a URL in the OS browser: an explorer URL (links.openExplorer builds it), or a chat's
   * web link after the user confirmed it in main's own dialog (links.openWeb).
   */
  readonly openExternal?: (url: string) => Promise<void>;
  /** Main's own dialogs for the full backup's file (save and open). */
  readonly backupDialogs?: BackupDialogs;
}
