/**
 * The installed command line's first file (out/cli/obyte-light.mjs, the `bin` of package.json):
 * `--version`, `--help`, `help [COMMAND]` and `COMMAND --help` are answered from the text alone;
 * every other command line runs the whole command line (electron/cli.ts, built as
 * out/cli/obyte-light-main.cjs beside this file) through the V8 code cache (cli-code-cache.ts).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CLI_MAIN_FILE, runWithCodeCache } from './cli-code-cache';
import { earlyAnswer, OPTIONS } from './cli-usage';

function answeredEarly(argv: readonly string[]): boolean {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch {
    return false; // the whole command line says what is wrong
  }
  const [command, ...args] = parsed.positionals;
  const answer = earlyAnswer(parsed.values, command, args);
  // Wrong usage is worded by the whole command line (it has the sentence for each case).
  if (answer === null || answer.stderr !== undefined) return false;
  if (answer.stdout !== undefined) console.log(answer.stdout);
  process.exitCode = answer.exitCode;
  return true;
}

if (!answeredEarly(process.argv.slice(2))) {
  runWithCodeCache(fileURLToPath(new URL(`./${CLI_MAIN_FILE}`, import.meta.url)));
}
