/**
 * The preload: `window.obyte`, one function per contract method plus event subscription, and
 * nothing else. It holds no secrets and never hands `ipcRenderer` or an IPC event to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createObyteApi } from '../../shared/ipc/client';
import { EVENT_CHANNEL, isEventName, methodChannel } from '../../shared/ipc/names';

const api = createObyteApi(
  (method, params) => ipcRenderer.invoke(methodChannel(method), params),
  (deliver) => {
    ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
      if (isEventName(name)) deliver(name, payload);
    });
  },
);

contextBridge.exposeInMainWorld('obyte', api);
