/**
 * Vitest global setup of the unit project: builds out/cli/obyte-light.mjs from the current
 * sources once, before any test spawns the command line (about a second of esbuild).
 */
import { buildCli } from '../../scripts/build-cli';

export default async function setup(): Promise<void> {
  await buildCli();
}
