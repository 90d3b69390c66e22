/**
 * `npm run check:electronegativity`: Doyensec's Electronegativity over the app's own sources
 * (electron/ and renderer/, with package.json for the Electron version), the checks of
 * Electron's security checklist. Fails when a HIGH or MEDIUM finding is not explained in
 * scripts/electronegativity-accepted.json, when an explanation no longer matches a finding (the
 * code changed: review it again), or when a file could not be parsed (it was not checked).
 * LOW and informational findings are printed.
 *
 * Svelte components are not read by Electronegativity (it knows .js/.ts/.html); the renderer
 * has no Electron or Node access at all (sandbox, contextIsolation, CSP), which the e2e suite
 * checks.
 */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const ACCEPTED_FILE = join(ROOT, 'scripts', 'electronegativity-accepted.json');
/** What is scanned, relative to the project root. */
export const SCANNED = ['electron', 'renderer', 'package.json', 'package-lock.json'];
const SCANNED_EXTENSIONS = ['.ts', '.js', '.cjs', '.mjs', '.html'];

export interface Finding {
  readonly id: string;
  readonly file: string;
  readonly line: number | null;
  readonly sample: string;
  readonly severity: string;
  readonly confidence: string;
  readonly description: string;
}

export interface Acceptance {
  readonly id: string;
  readonly file: string;
  /** The flagged line, trimmed, as Electronegativity prints it. */
  readonly sample: string;
  readonly reason: string;
}

export interface AcceptedConfig {
  /** Checks not run at all, each with why. */
  readonly excludedChecks: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
  readonly accepted: readonly Acceptance[];
}

export interface Verdict {
  readonly blocking: readonly Finding[];
  readonly accepted: ReadonlyArray<{ finding: Finding; acceptance: Acceptance }>;
  readonly notes: readonly Finding[];
  readonly stale: readonly Acceptance[];
  readonly parseErrors: ReadonlyArray<{ file: string; message: string }>;
}

const BLOCKING = new Set(['HIGH', 'MEDIUM']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The accepted-findings file, checked: every entry needs an id, a file, a sample and a reason. */
export function parseAccepted(raw: unknown): AcceptedConfig {
  if (!isRecord(raw)) throw new Error('The accepted-findings file must hold a JSON object.');
  const list = (key: string): unknown[] => {
    const value = raw[key];
    if (!Array.isArray(value)) throw new Error(`"${key}" must be a list.`);
    return value;
  };
  const excludedChecks = list('excludedChecks').map((entry, i) => {
    if (!isRecord(entry) || !text(entry['id']) || text(entry['reason']).length < 20) {
      throw new Error(`excludedChecks[${i}] needs an id and a reason (a sentence).`);
    }
    return { id: text(entry['id']), reason: text(entry['reason']) };
  });
  const accepted = list('accepted').map((entry, i) => {
    if (
      !isRecord(entry) ||
      !text(entry['id']) ||
      !text(entry['file']) ||
      !text(entry['sample']) ||
      text(entry['reason']).length < 20
    ) {
      throw new Error(`accepted[${i}] needs id, file, sample and a reason (a sentence).`);
    }
    return {
      id: text(entry['id']),
      file: text(entry['file']),
      sample: text(entry['sample']),
      reason: text(entry['reason']),
    };
  });
  return { excludedChecks, accepted };
}

/** Electronegativity's raw issue -> a Finding with a path relative to the scanned root. */
export function toFinding(issue: unknown, scannedRoot: string): Finding {
  const record = isRecord(issue) ? issue : {};
  const level = (value: unknown): string => (isRecord(value) ? text(value['name']) : '');
  const location = isRecord(record['location']) ? record['location'] : {};
  const file = text(record['file']);
  const relativeFile = file.startsWith(scannedRoot) ? relative(scannedRoot, file) : file;
  return {
    id: text(record['id']),
    file: relativeFile.split(sep).join('/'),
    line: typeof location['line'] === 'number' ? location['line'] : null,
    sample: text(record['sample']).trim(),
    severity: level(record['severity']),
    confidence: level(record['confidence']),
    description: text(record['description']),
  };
}

export function judge(
  findings: readonly Finding[],
  config: AcceptedConfig,
  parseErrors: ReadonlyArray<{ file: string; message: string }> = [],
): Verdict {
  const used = new Set<Acceptance>();
  const blocking: Finding[] = [];
  const accepted: Array<{ finding: Finding; acceptance: Acceptance }> = [];
  const notes: Finding[] = [];
  for (const finding of findings) {
    if (!BLOCKING.has(finding.severity)) {
      notes.push(finding);
      continue;
    }
    const acceptance = config.accepted.find(
      (entry) =>
        entry.id === finding.id && entry.file === finding.file && entry.sample === finding.sample,
    );
    if (acceptance) {
      used.add(acceptance);
      accepted.push({ finding, acceptance });
    } else blocking.push(finding);
  }
  const stale = config.accepted.filter((entry) => !used.has(entry));
  return { blocking, accepted, notes, stale, parseErrors };
}

export function passed(verdict: Verdict): boolean {
  return (
    verdict.blocking.length === 0 && verdict.stale.length === 0 && verdict.parseErrors.length === 0
  );
}

async function copyScanned(into: string): Promise<void> {
  for (const entry of SCANNED) {
    await cp(join(ROOT, entry), join(into, entry), {
      recursive: true,
      filter: (source) => {
        if (source.split(sep).includes('node_modules')) return false;
        return !/\.[a-z]+$/i.test(source) || SCANNED_EXTENSIONS.some((ext) => source.endsWith(ext))
          ? true
          : source.endsWith('.json');
      },
    });
  }
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

type Run = (options: Record<string, unknown>) => Promise<unknown>;

/** Runs Electronegativity over a staged copy of the sources. */
export async function scan(config: AcceptedConfig): Promise<{
  findings: Finding[];
  parseErrors: Array<{ file: string; message: string }>;
  files: number;
}> {
  const require = createRequire(import.meta.url);
  const loaded: unknown = require('@doyensec/electronegativity');
  const run = (
    isRecord(loaded) && typeof loaded['default'] === 'function' ? loaded['default'] : loaded
  ) as Run;
  const electronPackage: unknown = JSON.parse(
    await readFile(join(dirname(require.resolve('electron/package.json')), 'package.json'), 'utf8'),
  );
  const electronVersion = isRecord(electronPackage) ? text(electronPackage['version']) : '';
  const staged = await mkdtemp(join(tmpdir(), 'obyte-eng-'));
  try {
    await copyScanned(staged);
    const result: unknown = await run({
      input: staged,
      isRelative: false,
      customScan: [],
      excludeFromScan: config.excludedChecks.map((check) => check.id.toLowerCase()),
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    const record = isRecord(result) ? result : {};
    const issues = Array.isArray(record['issues']) ? record['issues'] : [];
    const errors = Array.isArray(record['errors']) ? record['errors'] : [];
    return {
      findings: issues.map((issue) => toFinding(issue, staged)),
      parseErrors: errors
        .filter((error) => !(isRecord(error) && error['tolerable'] === true))
        .map((error) => {
          const entry = isRecord(error) ? error : {};
          return { file: relative(staged, text(entry['file'])), message: text(entry['message']) };
        }),
      files: await countFiles(staged),
    };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

function where(finding: Finding): string {
  return `${finding.file}${finding.line === null ? '' : `:${finding.line}`}`;
}

async function main(): Promise<void> {
  const config = parseAccepted(JSON.parse(await readFile(ACCEPTED_FILE, 'utf8')));
  const { findings, parseErrors, files } = await scan(config);
  if (files === 0) throw new Error('Electronegativity: nothing was scanned; check SCANNED.');
  const verdict = judge(findings, config, parseErrors);
  console.log(`Electronegativity: ${files} files scanned, ${findings.length} findings`);
  for (const check of config.excludedChecks) console.log(`  not run  ${check.id}: ${check.reason}`);
  for (const { finding, acceptance } of verdict.accepted) {
    console.log(
      `  accepted ${finding.severity} ${finding.id} ${where(finding)}: ${acceptance.reason}`,
    );
  }
  for (const finding of verdict.notes) {
    console.log(
      `  note     ${finding.severity} ${finding.id} ${where(finding)}: ${finding.description}`,
    );
  }
  for (const finding of verdict.blocking) {
    console.error(
      `  FINDING  ${finding.severity} ${finding.id} ${where(finding)}: ${finding.description}\n           ${finding.sample}`,
    );
  }
  for (const entry of verdict.stale) {
    console.error(
      `  STALE    ${entry.id} ${entry.file}: "${entry.sample}" is no longer found; review the change and update ${relative(ROOT, ACCEPTED_FILE)}`,
    );
  }
  for (const error of verdict.parseErrors) {
    console.error(`  UNPARSED ${error.file}: ${error.message}`);
  }
  if (!passed(verdict)) {
    console.error(
      `Electronegativity: fix the findings above, or explain each accepted one in ${relative(ROOT, ACCEPTED_FILE)}.`,
    );
    process.exit(1);
  }
  console.log('Electronegativity: no unexplained high or medium findings');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
