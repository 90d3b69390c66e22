/**
 * Remembers the main window's size and position between runs. A saved position that no longer
 * lies on any display (a monitor was unplugged) is dropped, so the window always opens visible.
 */
import { z } from 'zod';
import type { AtomicFile } from './atomic-file';
import type { Logger } from './logger';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: { x?: number; y?: number; width: number; height: number };
  readonly maximized: boolean;
}

export const MIN_WINDOW = { width: 640, height: 480 } as const;
export const DEFAULT_WINDOW = { width: 1100, height: 720 } as const;

const StoredSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(MIN_WINDOW.width).max(20_000),
    height: z.number().int().min(MIN_WINDOW.height).max(20_000),
  }),
  maximized: z.boolean(),
});

/** Keeps a saved state only if a useful part of it is on one of the displays' work areas. */
export function fitToDisplays(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const fallback: WindowState = { bounds: { ...DEFAULT_WINDOW }, maximized: false };
  if (!saved) return fallback;
  const { x, y, width, height } = saved.bounds;
  if (x === undefined || y === undefined) return { ...saved };
  const visible = workAreas.some(
    (area) =>
      x + 80 <= area.x + area.width &&
      x + width - 80 >= area.x &&
      y >= area.y - 10 &&
      y + 40 <= area.y + area.height,
  );
  if (visible) return saved;
  return { bounds: { width, height }, maximized: saved.maximized };
}

export class WindowStateStore {
  private readonly file: AtomicFile;
  private readonly logger: Logger;

  constructor(deps: { file: AtomicFile; logger: Logger }) {
    this.file = deps.file;
    this.logger = deps.logger;
  }

  async load(workAreas: readonly Rect[]): Promise<WindowState> {
    let saved: WindowState | null = null;
    try {
      const text = await this.file.read();
      if (text !== null) {
        const parsed = StoredSchema.safeParse(JSON.parse(text));
        if (parsed.success) saved = parsed.data;
      }
    } catch (error) {
      this.logger.warn('Could not read the saved window position; using the default', { error });
    }
    return fitToDisplays(saved, workAreas);
  }

  async save(state: { bounds: Rect; maximized: boolean }): Promise<void> {
    const parsed = StoredSchema.safeParse(state);
    if (!parsed.success) return;
    try {
      await this.file.write(`${JSON.stringify(parsed.data)}\n`);
    } catch (error) {
      this.logger.warn('Could not save the window position', { error });
    }
  }
}
