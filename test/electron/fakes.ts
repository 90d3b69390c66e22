/** Test doubles for the electron-facing seams: a logger that records, a fixed clock. */
import { Logger } from '../../electron/main/services/logger';
import type { Clock } from '../../electron/main/services/clock';

export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const clock: Clock = { now: () => Date.UTC(2025, 0, 1) };
  return { logger: new Logger({ sink: (line) => lines.push(line), clock, level: 'debug' }), lines };
}

export const fixedClock = (at = Date.UTC(2025, 0, 1, 12)): Clock => ({ now: () => at });
