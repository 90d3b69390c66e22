/**
 * `npm run check:packaging`: electron-builder.yml, loaded the way electron-builder loads it and
 * validated against electron-builder's own JSON schema (app-builder-lib `validateConfiguration`,
 * the check `electron-builder` runs before packaging), then against the rules this app relies
 * on: the link schemes, the fuse hook, native modules outside the archive, no sources in the
 * package, the files it names present. Packaging itself needs the network; this does not.
 * Exits 1 with every problem listed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { URI_SCHEMES } from '../shared/protocol/uri';
import { RELEASE_REPOSITORY } from '../electron/main/updates';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');
export const BUILDER_CONFIG = join(PROJECT_ROOT, 'electron-builder.yml');
const NATIVE_MODULES = ['better-sqlite3', 'keytar'];

/** The configuration as electron-builder sees it (YAML parsed, `extends` resolved). */
export async function loadBuilderConfig(
  file = BUILDER_CONFIG,
  projectDir = PROJECT_ROOT,
): Promise<Configuration> {
  return getConfig(projectDir, file, null);
}

/** electron-builder's schema check; one problem (its whole explanation) or none. */
export async function schemaProblems(config: Configuration): Promise<string[]> {
  try {
    await validateConfiguration(config, new DebugLogger(false));
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** What this app needs beyond the schema; each problem is a sentence. */
export function projectProblems(config: Configuration, root = PROJECT_ROOT): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, sentence: string): void => {
    if (!ok) problems.push(sentence);
  };

  need(config.appId === 'org.obyte.light', 'appId must be org.obyte.light (index.ts uses it).');
  need(config.productName === 'Obyte Light', 'productName must be "Obyte Light".');

  const schemes = asArray(config.protocols).flatMap((entry) => asArray(record(entry)['schemes']));
  need(
    [...schemes].sort().join() === [...URI_SCHEMES].sort().join(),
    `protocols must register exactly ${URI_SCHEMES.join(', ')}.`,
  );

  // electron-builder normalizes `files` into file sets ({filter: [...]}) when it loads them.
  const fileSets = asArray(config.files);
  const files = fileSets.flatMap((entry) =>
    typeof entry === 'string' ? [entry] : asArray(record(entry)['filter']),
  );
  need(
    fileSets.every((entry) => typeof entry === 'string' || !('from' in record(entry))),
    'files may not copy from other folders (a file set with "from").',
  );
  need(files.length > 0, 'files must list what goes into the package (out/** and package.json).');
  for (const pattern of files) {
    need(
      typeof pattern === 'string' &&
        (pattern === 'package.json' || pattern.startsWith('out/') || pattern.startsWith('!')),
      `files may hold only out/**, package.json and exclusions, not ${JSON.stringify(pattern)}.`,
    );
  }

  need(config.asar !== false, 'asar must stay on: the integrity fuse checks app.asar.');
  const unpack = asArray(config.asarUnpack).map(String);
  for (const name of NATIVE_MODULES) {
    need(
      unpack.some((pattern) => pattern.includes(name) && pattern.endsWith('.node')),
      `asarUnpack must leave ${name}'s .node files outside the archive.`,
    );
  }
  need(config.npmRebuild !== false, 'npmRebuild must stay on: native modules need Electron ABI.');

  need(
    config.afterPack === './build/after-pack.cjs' && existsSync(join(root, 'build/after-pack.cjs')),
    'afterPack must be ./build/after-pack.cjs (it flips the Electron fuses).',
  );
  need(
    config.electronFuses === undefined || config.electronFuses === null,
    'electronFuses must be absent: the fuses are flipped once, by build/after-pack.cjs.',
  );

  const publish = asArray(config.publish).map(record);
  need(
    publish.some(
      (entry) =>
        entry['provider'] === 'github' &&
        entry['owner'] === RELEASE_REPOSITORY.owner &&
        entry['repo'] === RELEASE_REPOSITORY.repo,
    ),
    `publish must name GitHub ${RELEASE_REPOSITORY.owner}/${RELEASE_REPOSITORY.repo}, as electron/main/updates.ts does.`,
  );

  const mac = record(config.mac);
  need(mac['hardenedRuntime'] === true, 'mac.hardenedRuntime must be on.');
  need(
    record(config.nsis)['deleteAppDataOnUninstall'] !== true,
    'nsis.deleteAppDataOnUninstall must stay off: it would delete the wallet.',
  );

  const paths: Array<[string, unknown]> = [
    ['mac.entitlements', mac['entitlements']],
    ['mac.entitlementsInherit', mac['entitlementsInherit']],
    ['mac.icon', mac['icon']],
    ['win.icon', record(config.win)['icon']],
    ['linux.icon', record(config.linux)['icon']],
    ['the reference icon', 'build/icon.png'],
  ];
  for (const [key, path] of paths) {
    need(
      typeof path === 'string' && existsSync(join(root, path)),
      typeof path === 'string'
        ? `${key} names ${path}, which does not exist.`
        : `${key} must name a file in build/.`,
    );
  }
  return problems;
}

export async function checkBuilderConfig(
  file = BUILDER_CONFIG,
  projectDir = PROJECT_ROOT,
): Promise<string[]> {
  let config: Configuration;
  try {
    config = await loadBuilderConfig(file, projectDir);
  } catch (error) {
    return [`${file} could not be read: ${error instanceof Error ? error.message : String(error)}`];
  }
  const schema = await schemaProblems(config);
  return [...schema, ...projectProblems(config, projectDir)];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const problems = await checkBuilderConfig();
  if (problems.length > 0) {
    console.error(`electron-builder.yml: ${problems.length} problem(s)`);
    for (const problem of problems) console.error(`- ${problem}`);
    process.exit(1);
  }
  console.log('electron-builder.yml: valid (electron-builder schema and project rules)');
}
