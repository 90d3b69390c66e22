/**
 * The app's UserConfirmation: Electron's native message box, owned by the main process (the page
 * cannot draw, click or answer it), and Touch ID on a Mac that has it. Cancel is the default
 * button, so Enter or Escape never says yes by accident.
 */
import { BrowserWindow, dialog, systemPreferences, type MessageBoxOptions } from 'electron';
import type { ConfirmRequest, UserConfirmation } from './services/user-confirmation';

async function ask(request: ConfirmRequest): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'warning',
    title: request.title,
    message: request.message,
    detail: request.detail,
    buttons: [request.confirm, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const answer = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  return answer.response === 0;
}

export function nativeConfirmation(): UserConfirmation {
  return {
    ask,
    verify: async (request) => {
      if (process.platform === 'darwin' && systemPreferences.canPromptTouchID()) {
        try {
          // Rejects when the finger does not match, or the user cancels.
          await systemPreferences.promptTouchID(request.reason);
          return true;
        } catch {
          return false;
        }
      }
      return ask(request);
    },
  };
}
