/**
 * What autonomous agents did with the wallet's triggers (ocore's `aa_responses` rows, as the hub
 * serves them in `light/get_history` and `light/get_aa_response_chain`), kept so History can show
 * a trigger with what came back and a response with its trigger. They are the hub's word (ocore
 * trusts them without proof too); the response unit itself is proven by the history like any
 * unit. One row per trigger unit: the primary response (ocore allows one primary AA per unit).
 */
import type Database from 'better-sqlite3';
import { isValidAddress, isValidUnitHash } from '../../../../shared/protocol/index';
import { asRow, flag, nullableInteger, nullableText, text } from './rows';

export const AA_RESPONSES_SQL = `
CREATE TABLE aa_responses (
  trigger_unit TEXT PRIMARY KEY,
  aa_address TEXT NOT NULL,
  trigger_address TEXT NOT NULL,
  mci INTEGER,
  bounced INTEGER NOT NULL CHECK (bounced IN (0, 1)),
  response_unit TEXT,
  -- JSON: {responseVars?, error?, info?}
  response TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX aa_responses_by_response_unit ON aa_responses (response_unit);
`;

export interface StoredAaResponse {
  readonly triggerUnit: string;
  readonly aaAddress: string;
  readonly triggerAddress: string;
  readonly mci: number | null;
  readonly bounced: boolean;
  readonly responseUnit: string | null;
  /** The AA's response: {responseVars?, error?, info?} as JSON text. */
  readonly response: string;
}

const MAX_RESPONSE_TEXT = 20_000;

/** Store responses (a later row for the same trigger replaces the earlier one). */
export function saveAaResponses(db: Database.Database, rows: readonly StoredAaResponse[]): void {
  const insert = db.prepare(
    `INSERT INTO aa_responses (trigger_unit, aa_address, trigger_address, mci, bounced, response_unit, response)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (trigger_unit) DO UPDATE SET
       aa_address = excluded.aa_address, trigger_address = excluded.trigger_address,
       mci = excluded.mci, bounced = excluded.bounced,
       response_unit = excluded.response_unit, response = excluded.response`,
  );
  for (const row of rows) {
    if (
      !isValidUnitHash(row.triggerUnit) ||
      !isValidAddress(row.aaAddress) ||
      !isValidAddress(row.triggerAddress) ||
      (row.responseUnit !== null && !isValidUnitHash(row.responseUnit))
    ) {
      continue;
    }
    insert.run(
      row.triggerUnit,
      row.aaAddress,
      row.triggerAddress,
      row.mci,
      row.bounced ? 1 : 0,
      row.responseUnit,
      row.response.slice(0, MAX_RESPONSE_TEXT),
    );
  }
}

function toStored(raw: unknown): StoredAaResponse {
  const row = asRow(raw, 'aa_responses');
  return {
    triggerUnit: text(row, 'trigger_unit'),
    aaAddress: text(row, 'aa_address'),
    triggerAddress: text(row, 'trigger_address'),
    mci: nullableInteger(row, 'mci'),
    bounced: flag(row, 'bounced'),
    responseUnit: nullableText(row, 'response_unit'),
    response: text(row, 'response'),
  };
}

/** The response to a trigger unit, or the trigger of a response unit; null when none is known. */
export function aaResponseOf(db: Database.Database, unit: string): StoredAaResponse | null {
  const raw: unknown = db
    .prepare('SELECT * FROM aa_responses WHERE trigger_unit = ? OR response_unit = ? LIMIT 1')
    .get(unit, unit);
  return raw === undefined ? null : toStored(raw);
}
