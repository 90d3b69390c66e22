/**
 * Confirmations only the person at the computer can give: a dialog owned by the main process
 * (the page can neither see, click nor answer it) and, where the OS offers one, its own check
 * of the user (Touch ID). An IPC call from the page alone never shows a recovery phrase or
 * opens a web page. Injected, so the services stay plain Node: index.ts gives Electron's
 * (native-confirmation.ts), tests a recording one, the CLI and the browser harness none.
 */
export interface ConfirmRequest {
  /** The window title where the OS shows one. */
  readonly title: string;
  /** The question, one line. */
  readonly message: string;
  /** Everything the user needs to decide, in plain words. */
  readonly detail: string;
  /** The button that says yes ("Open in browser"); the other is Cancel, which is the default. */
  readonly confirm: string;
}

export interface UserConfirmation {
  /** A native dialog; true only when the user picked `confirm`. */
  ask(request: ConfirmRequest): Promise<boolean>;
  /**
   * The strongest check of the user the OS offers: Touch ID where there is one (`reason`
   * completes "Obyte Light is trying to …"), else the dialog of `ask`.
   */
  verify(request: ConfirmRequest & { readonly reason: string }): Promise<boolean>;
}
