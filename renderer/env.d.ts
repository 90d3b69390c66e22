import type { ObyteApi } from '../shared/ipc/client';

declare global {
  interface Window {
    /** Provided by the preload (or the test bridge); absent when the page is opened elsewhere. */
    readonly obyte?: ObyteApi;
  }
}

export {};
