/**
 * The command line as it is installed: the built bundle (`bin` in package.json), run by the Node
 * that runs the tests, no tsx. The unit project's global setup (build-cli-setup.ts) builds it
 * once per run from the current sources.
 */
import { spawn } from 'node:child_process';
import { CLI_BUNDLE } from '../../scripts/build-cli';

export { CLI_BUNDLE };

/** Command and leading arguments that start `obyte-light`. */
export const CLI_COMMAND: readonly [string, string] = [process.execPath, CLI_BUNDLE];

/** How a run of the command line ended, and what it printed. */
export interface CliResult {
  /** The exit code (1 when it was ended by a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Added to (or taking the place of) the tests' environment. */
  env?: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed (at once without it). */
  input?: string;
}

/**
 * Runs `obyte-light ARGS` (the built bundle) to its end: the exit code, standard output and
 * standard error. Refuses only when the process cannot be started.
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI_COMMAND[0], [CLI_COMMAND[1], ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
