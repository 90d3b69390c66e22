/** The window opens where it was, unless that place is no longer on any screen. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile } from '../../electron/main/services/atomic-file';
import {
  DEFAULT_WINDOW,
  fitToDisplays,
  WindowStateStore,
} from '../../electron/main/services/window-state';
import { recordingLogger } from './fakes';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 };

describe('fitToDisplays', () => {
  it('keeps a position on a display', () => {
    const saved = { bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(fitToDisplays(saved, [SCREEN])).toEqual(saved);
  });

  it('drops a position on a display that is gone, keeping the size', () => {
    const saved = { bounds: { x: 2500, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(fitToDisplays(saved, [SCREEN])).toEqual({
      bounds: { width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('uses the default size with nothing saved', () => {
    expect(fitToDisplays(null, [SCREEN])).toEqual({
      bounds: { ...DEFAULT_WINDOW },
      maximized: false,
    });
  });
});

describe('WindowStateStore', () => {
  it('saves and loads, and ignores a damaged file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obyte-window-'));
    try {
      const path = join(dir, 'window-state.json');
      const store = new WindowStateStore({
        file: new AtomicFile(path),
        logger: recordingLogger().logger,
      });
      await store.save({ bounds: { x: 50, y: 60, width: 900, height: 640 }, maximized: false });
      await expect(store.load([SCREEN])).resolves.toEqual({
        bounds: { x: 50, y: 60, width: 900, height: 640 },
        maximized: false,
      });
      await writeFile(path, '{"bounds": 5');
      await expect(store.load([SCREEN])).resolves.toEqual({
        bounds: { ...DEFAULT_WINDOW },
        maximized: false,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
