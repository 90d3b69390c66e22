/**
 * The update check as it crosses IPC: the opt-in, whether this copy can check at all, and what
 * the last check found. Main holds all of it (electron/main/updates.ts); the Help menu and the
 * Settings screen show the same values. Opening the release page takes no URL from the page.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

const epochMs = lazySchema(() => z.number().int().nonnegative());
const VersionText = lazySchema(() => z.string().min(1).max(60));

/** What one check found, and when (main's clock). Kept for this run of the app only. */
export const UpdateCheckResultSchema = lazySchema(() =>
  z.discriminatedUnion('outcome', [
    /** `version` is the version this copy runs. */
    z.object({ outcome: z.literal('latest'), at: epochMs, version: VersionText }),
    /** `version` is the newer release GitHub named. */
    z.object({ outcome: z.literal('available'), at: epochMs, version: VersionText }),
    /** `problem` says why, in words ("GitHub could not be reached…"). */
    z.object({ outcome: z.literal('failed'), at: epochMs, problem: z.string().min(1).max(300) }),
  ]),
);
export type UpdateCheckResult = z.infer<typeof UpdateCheckResultSchema>;

export const UpdateStateSchema = lazySchema(() =>
  z.object({
    /** The user's opt-in: check once at every start. Off unless the user turned it on. */
    checkAtStartup: z.boolean(),
    /** False in a copy not installed from a release (development, the test harness). */
    supported: z.boolean(),
    /** The version this copy runs. */
    currentVersion: VersionText,
    /** A check is running now (started here, from the menu or at start). */
    checking: z.boolean(),
    /** The last check since the app started; null when none finished yet. */
    lastCheck: UpdateCheckResultSchema.nullable(),
    /** Where releases are published; `updates.openReleasePage` opens this and nothing else. */
    releasesUrl: z.string().max(200),
  }),
);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const SetCheckAtStartupParamsSchema = lazySchema(() =>
  z.strictObject({
    checkAtStartup: z.boolean({ message: 'checkAtStartup must be true or false.' }),
  }),
);

export const OpenedReleasePageSchema = lazySchema(() =>
  z.object({
    /** False when this copy cannot open the OS browser (the test harness): show `url` instead. */
    opened: z.boolean(),
    url: z.string().max(200),
  }),
);
