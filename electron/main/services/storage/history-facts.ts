/**
 * What the History screen filters on, stored when a unit is written, with indexes in the
 * order the screen reads (newest first): whether and whose history the unit is (scope) and its
 * direction, the assets it moves for the watched addresses, and the addresses it names. The
 * default history (every watched address, history-query.ts) then walks one index to the page
 * it shows instead of evaluating every unit (direction "self" with no match read all 100,000
 * units of a large wallet: 3.3 s).
 *
 * The facts follow history-query.ts's rules for the default sets, own = the watched addresses
 * of kind 'wallet' and watched = those of kind 'watch-only':
 *   scope     'wallet' when an own address authored the unit or receives from it, else
 *             'watched' when a watch-only address does, else NULL (not in the history);
 *   direction relative to the scope's set: 'incoming' when it authored nothing, 'outgoing' when
 *             it authored and some output goes elsewhere, else 'self';
 *   assets    each asset of an output to, or an input spending an output of, any watched
 *             address.
 * The writer refreshes a unit's facts once its content is stored (apply-history.ts), and those
 * of the units spending its outputs; triggers refresh every unit an address touches when it is
 * watched, unwatched or changes kind (whichever connection does it: the wallet store writes its
 * addresses through its own). The history reader re-checks every candidate row with the full
 * rules, and tests compare this path with the full evaluation.
 */
import type Database from 'better-sqlite3';

const KINDS = { own: 'wallet', watched: 'watch-only' } as const;

/** Whether an address of `kind` authored unit `u`, receives from it, or (NOT) anything else. */
function flags(u: string, kind: string): { authored: string; receives: string; other: string } {
  return {
    authored: `EXISTS (SELECT 1 FROM unit_authors a JOIN watched_addresses w ON w.address = a.address
      WHERE a.unit = ${u}.unit AND w.kind = '${kind}')`,
    receives: `EXISTS (SELECT 1 FROM outputs o JOIN watched_addresses w ON w.address = o.address
      WHERE o.unit = ${u}.unit AND w.kind = '${kind}')`,
    other: `EXISTS (SELECT 1 FROM outputs o WHERE o.unit = ${u}.unit AND NOT EXISTS (
      SELECT 1 FROM watched_addresses w WHERE w.address = o.address AND w.kind = '${kind}'))`,
  };
}

/**
 * The facts of the units `f` selected by `from`, written over any earlier ones. Upserts (not
 * OR REPLACE / OR IGNORE) throughout: in a trigger, an outer statement's conflict policy would
 * override those.
 */
function refreshFactsSql(from: string): string {
  const own = flags('f', KINDS.own);
  const watched = flags('f', KINDS.watched);
  return `
    INSERT INTO history_facts (unit, timestamp, scope, direction)
    SELECT unit, timestamp,
      CASE WHEN ow_a OR ow_r THEN 'wallet' WHEN wa_a OR wa_r THEN 'watched' END,
      CASE WHEN ow_a OR ow_r THEN (CASE WHEN NOT ow_a THEN 'incoming' WHEN ow_o THEN 'outgoing' ELSE 'self' END)
           WHEN wa_a OR wa_r THEN (CASE WHEN NOT wa_a THEN 'incoming' WHEN wa_o THEN 'outgoing' ELSE 'self' END)
      END
    FROM (SELECT f.unit, f.timestamp,
        ${own.authored} AS ow_a, ${own.receives} AS ow_r, ${own.other} AS ow_o,
        ${watched.authored} AS wa_a, ${watched.receives} AS wa_r, ${watched.other} AS wa_o
      ${from}) WHERE true
    ON CONFLICT (unit) DO UPDATE SET scope = excluded.scope, direction = excluded.direction`;
}

/** The assets the units selected by `from` (aliased `f`) move for any watched address. */
function refreshAssetsSql(from: string): string {
  return `
    INSERT INTO history_assets (asset, timestamp, unit)
    SELECT asset, timestamp, unit FROM (
      SELECT o.asset, f.timestamp, f.unit ${from.replace('FROM units f', 'FROM units f JOIN outputs o ON o.unit = f.unit')}
        AND EXISTS (SELECT 1 FROM watched_addresses w WHERE w.address = o.address)
      UNION
      SELECT i.asset, f.timestamp, f.unit ${from.replace(
        'FROM units f',
        `FROM units f JOIN inputs i ON i.unit = f.unit JOIN outputs so ON so.unit = i.src_unit
          AND so.message_index = i.src_message_index AND so.output_index = i.src_output_index`,
      )}
        AND EXISTS (SELECT 1 FROM watched_addresses w WHERE w.address = so.address)
    ) WHERE true
    ON CONFLICT DO NOTHING`;
}

/** The units an address touches (author, output, or spending one of its outputs). */
const UNITS_OF_ADDRESS = (address: string): string => `
  FROM units f WHERE f.unit IN (
    SELECT unit FROM unit_addresses WHERE address = ${address}
    UNION SELECT i.unit FROM outputs o JOIN inputs i ON i.src_unit = o.unit
      AND i.src_message_index = o.message_index AND i.src_output_index = o.output_index
    WHERE o.address = ${address})`;

const REFRESH_ADDRESS = (address: string): string => `
  DELETE FROM history_assets WHERE unit IN (SELECT f.unit ${UNITS_OF_ADDRESS(address)});
  ${refreshFactsSql(UNITS_OF_ADDRESS(address))};
  ${refreshAssetsSql(UNITS_OF_ADDRESS(address))};`;

/** The tables, indexes and triggers (migration 6), filled from what is stored. */
export const historyFactsSql = (): string => `
CREATE TABLE unit_addresses (
  address TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  unit TEXT NOT NULL REFERENCES units (unit) ON DELETE CASCADE,
  PRIMARY KEY (address, timestamp, unit)
) WITHOUT ROWID;
CREATE INDEX unit_addresses_by_unit ON unit_addresses (unit);

CREATE TABLE history_facts (
  unit TEXT NOT NULL PRIMARY KEY REFERENCES units (unit) ON DELETE CASCADE,
  timestamp INTEGER NOT NULL,
  scope TEXT CHECK (scope IN ('wallet', 'watched')),
  direction TEXT CHECK (direction IN ('incoming', 'outgoing', 'self')),
  CHECK ((scope IS NULL) = (direction IS NULL))
) WITHOUT ROWID;
CREATE INDEX history_by_time ON history_facts (timestamp, unit) WHERE scope IS NOT NULL;
CREATE INDEX history_by_direction ON history_facts (direction, timestamp, unit)
  WHERE scope IS NOT NULL;

CREATE TABLE history_assets (
  asset TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  unit TEXT NOT NULL REFERENCES units (unit) ON DELETE CASCADE,
  PRIMARY KEY (asset, timestamp, unit)
) WITHOUT ROWID;
CREATE INDEX history_assets_by_unit ON history_assets (unit);

CREATE TRIGGER history_author_added AFTER INSERT ON unit_authors
BEGIN
  INSERT INTO unit_addresses (address, timestamp, unit)
    SELECT NEW.address, u.timestamp, NEW.unit FROM units u WHERE u.unit = NEW.unit
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER history_output_added AFTER INSERT ON outputs
BEGIN
  INSERT INTO unit_addresses (address, timestamp, unit)
    SELECT NEW.address, u.timestamp, NEW.unit FROM units u WHERE u.unit = NEW.unit
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER history_watch_added AFTER INSERT ON watched_addresses
BEGIN ${REFRESH_ADDRESS('NEW.address')}
END;

CREATE TRIGGER history_watch_changed AFTER UPDATE OF kind, address ON watched_addresses
WHEN OLD.kind <> NEW.kind OR OLD.address <> NEW.address
BEGIN ${REFRESH_ADDRESS('OLD.address')} ${REFRESH_ADDRESS('NEW.address')}
END;

CREATE TRIGGER history_watch_removed AFTER DELETE ON watched_addresses
BEGIN ${REFRESH_ADDRESS('OLD.address')}
END;

INSERT INTO unit_addresses (address, timestamp, unit)
  SELECT a.address, u.timestamp, u.unit FROM unit_authors a JOIN units u ON u.unit = a.unit
  UNION SELECT o.address, u.timestamp, u.unit FROM outputs o JOIN units u ON u.unit = o.unit;
${refreshFactsSql('FROM units f WHERE true')};
${refreshAssetsSql('FROM units f WHERE true')};
`;

/** The facts of one unit and of the units spending its outputs, after the writer stored it. */
export class HistoryFactsWriter {
  private readonly facts: Database.Statement;
  private readonly clearAssets: Database.Statement;
  private readonly assets: Database.Statement;
  private readonly spenders: Database.Statement;

  constructor(db: Database.Database) {
    const one = 'FROM units f WHERE f.unit = @unit';
    this.facts = db.prepare(refreshFactsSql(one));
    this.clearAssets = db.prepare('DELETE FROM history_assets WHERE unit = ?');
    this.assets = db.prepare(refreshAssetsSql(one));
    this.spenders = db
      .prepare('SELECT DISTINCT unit FROM inputs WHERE src_unit = ? AND unit <> src_unit')
      .pluck(true);
  }

  /** Units whose content was stored (new or enriched); runs inside the writer's transaction. */
  refresh(units: Iterable<string>): void {
    const done = new Set<string>();
    const one = (unit: string): void => {
      if (done.has(unit)) return;
      done.add(unit);
      this.facts.run({ unit });
      this.clearAssets.run(unit);
      this.assets.run({ unit });
    };
    for (const unit of units) {
      one(unit);
      // A spender stored before this unit now spends a known output: its assets may change.
      for (const spender of this.spenders.all(unit)) {
        if (typeof spender === 'string') one(spender);
      }
    }
  }
}
