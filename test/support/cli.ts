/**
 * The command line as it is installed: the built bundle (`bin` in package.json), run by the Node
 * that runs the tests, no tsx. The unit project's global setup (build-cli-setup.ts) builds it
 * once per run from the current sources.
 */
import { CLI_BUNDLE } from '../../scripts/build-cli';

export { CLI_BUNDLE };

/** Command and leading arguments that start `obyte-light`. */
export const CLI_COMMAND: readonly [string, string] = [process.execPath, CLI_BUNDLE];
