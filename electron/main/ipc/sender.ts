/**
 * Who may call IPC: only the main frame of the app's own page. Subframes, other origins and
 * frames that are already gone are refused. The Electron ipc passes the sender frame; the test
 * bridge passes the calling page's frame; both meet here.
 */
export interface Sender {
  /** The URL of the calling frame, or null when the frame no longer exists. */
  readonly url: string | null;
  readonly isMainFrame: boolean;
}

/** `scheme://host[:port]`, also for custom schemes (for which WHATWG `origin` is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function trustedSender(appOrigin: string): (sender: Sender) => boolean {
  const expected = originOf(appOrigin);
  if (expected === null) throw new Error(`Not an origin: ${appOrigin}`);
  return (sender) => sender.isMainFrame && sender.url !== null && originOf(sender.url) === expected;
}
