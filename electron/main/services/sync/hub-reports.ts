/**
 * Which hubs know each unit not proven yet, as far as they were asked in this session: the main
 * hub (it served the unit in a verified history answer of the last sync, or it did not) and the
 * second hub (`get_joint`). Kept in memory: every sync asks again, and a hub's word is never a
 * proof, only a hint the user is shown beside the unit.
 */
/** 'main': the hub the wallet syncs with; 'second': the first fallback, asked too. */
export type HubRole = 'main' | 'second';

/** What one hub said about a unit not proven yet (never a proof). */
export interface HubKnowledge {
  readonly url: string;
  readonly role: HubRole;
  readonly knows: 'yes' | 'no' | 'unavailable' | 'unchecked';
  /** In words: why it could not be asked, or what it answered; null when nothing to add. */
  readonly detail: string | null;
  readonly checkedAt: number | null;
}

export type Knows = Exclude<HubKnowledge['knows'], 'unchecked'>;

/** What the views need: the hubs' word on one unit. */
export interface HubKnowledgeSource {
  knowledgeOf(unit: string): HubKnowledge[];
}

/** No hub asked: every unit shows as not checked (a view without a running sync). */
export const NO_HUB_REPORTS: HubKnowledgeSource = { knowledgeOf: () => [] };

const ROLES: readonly HubRole[] = ['main', 'second'];

export class HubReports implements HubKnowledgeSource {
  private readonly byUnit = new Map<string, Map<HubRole, HubKnowledge>>();
  private readonly hubs: () => { readonly main: string | null; readonly second: string | null };

  /** `hubs`: the hub of each role right now (a report about another hub is out of date). */
  constructor(hubs: () => { readonly main: string | null; readonly second: string | null }) {
    this.hubs = hubs;
  }

  record(
    unit: string,
    report: { role: HubRole; url: string; knows: Knows; detail?: string | null; at: number },
  ): void {
    const reports = this.byUnit.get(unit) ?? new Map<HubRole, HubKnowledge>();
    reports.set(report.role, {
      url: report.url,
      role: report.role,
      knows: report.knows,
      detail: report.detail ?? null,
      checkedAt: report.at,
    });
    this.byUnit.set(unit, reports);
  }

  /** Forgets units that are no longer pending (proven, or gone). */
  retain(units: ReadonlySet<string>): void {
    for (const unit of [...this.byUnit.keys()]) {
      if (!units.has(unit)) this.byUnit.delete(unit);
    }
  }

  knowledgeOf(unit: string): HubKnowledge[] {
    const hubs = this.hubs();
    const reports = this.byUnit.get(unit);
    const out: HubKnowledge[] = [];
    for (const role of ROLES) {
      const url = hubs[role];
      if (url === null) continue;
      const report = reports?.get(role);
      out.push(
        report !== undefined && report.url === url
          ? report
          : { url, role, knows: 'unchecked', detail: null, checkedAt: null },
      );
    }
    return out;
  }
}
