/**
 * The `labels` section: labels and notes on units and addresses, and the address book (the
 * user's own words; no hub can give them back). The records are those of the labels file
 * (shared/vocabulary/labels-file.ts, docs/labels-format.md), one JSON object each:
 *
 * ```json
 * { "records": [{ "type": "unit" | "addr" | "contact", "ref", "label", "note"?, "origin"?, "device"? }] }
 * ```
 */
import {
  formatLabelsFile,
  LabelsFileError,
  parseLabelsFile,
} from '../../../../shared/vocabulary/labels-file';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { WalletDatabase } from '../storage/wallet-database';
import { isJsonObject, type BackupSection, type JsonValue } from './section';

/** The records as the labels file's text, or what is wrong with the section's shape. */
function fileText(data: JsonValue): string | { problem: string } {
  if (!isJsonObject(data) || !Array.isArray(data['records'])) {
    return { problem: 'labels: expected { "records": [...] }' };
  }
  return data['records'].map((record) => JSON.stringify(record)).join('\n');
}

function parsed(data: JsonValue) {
  const text = fileText(data);
  if (typeof text !== 'string') throw new TypeError(text.problem);
  return parseLabelsFile(text);
}

export function labelsSection(deps: {
  readonly clock: Clock;
  readonly logger: Logger;
}): BackupSection {
  const open = (directory: string) =>
    WalletDatabase.open({ directory, clock: deps.clock, logger: deps.logger });
  return {
    name: 'labels',
    export({ networkDir }) {
      const db = open(networkDir);
      try {
        const text = formatLabelsFile(db.labels.exportAll());
        const records =
          text === ''
            ? []
            : text
                .trimEnd()
                .split('\n')
                .map((line): JsonValue => JSON.parse(line) as JsonValue);
        return { records };
      } finally {
        db.close();
      }
    },
    validate(data) {
      const text = fileText(data);
      if (typeof text !== 'string') return text.problem;
      try {
        parseLabelsFile(text);
        return null;
      } catch (error) {
        if (!(error instanceof LabelsFileError)) throw error;
        const reason = error.message.replace(/^Line \d+: /, '');
        return error.line === null ? `labels: ${reason}` : `labels record ${error.line}: ${reason}`;
      }
    },
    import(data, { networkDir }) {
      const file = parsed(data);
      const db = open(networkDir);
      try {
        db.labels.importAll(file);
      } finally {
        db.close();
      }
    },
  };
}
