/**
 * The only place that calls `ipcMain.handle`. Each contract method gets its own channel; the
 * sender frame is read from the IPC event here and nothing else of the event goes further.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, methodChannel, type IpcReply } from '../../../shared/ipc';
import type { Sender } from './sender';

export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: { readonly mainFrame: unknown };
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface Dispatch {
  dispatch(method: unknown, params: unknown, sender: Sender): Promise<IpcReply<unknown>>;
}

export function senderOf(event: InvokeEventLike): Sender {
  const frame = event.senderFrame;
  return {
    url: frame?.url ?? null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

/** Registers every method; returns the function that removes them again. */
export function registerIpc(ipcMain: IpcMainLike, dispatcher: Dispatch): () => void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), (event, ...args) =>
      dispatcher.dispatch(name, args[0], senderOf(event)),
    );
  }
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(methodChannel(name));
  };
}
