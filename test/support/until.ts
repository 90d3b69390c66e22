/**
 * Waits until `test` holds, looking every 50 ms; after `ms` it fails naming `what`. For state
 * that changes outside the test's own awaits (a hub's push, a service's event, the page).
 */
export async function until(test: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
