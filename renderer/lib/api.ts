/** The page's only door to the app: `window.obyte`, from the preload or the test bridge. */
import type { ObyteApi } from '../../shared/ipc/client';
import type { IpcError } from '../../shared/ipc/errors';

export type { ObyteApi };

export function findApi(target: { readonly obyte?: ObyteApi | undefined }): ObyteApi | null {
  return target.obyte ?? null;
}

/** "What failed. Why, in the words main gave." — never a code, never a stack. */
export function sentence(action: string, error: IpcError): string {
  return `${action}. ${error.message}`;
}
