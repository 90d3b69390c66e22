/**
 * A fake operating system for notifications: records what is shown (and closed) and every badge
 * count; `click` is what the OS would do when the user clicks one.
 */
import type {
  NotificationContent,
  NotificationPort,
} from '../../electron/main/services/notifications';

export interface RecordedNotification extends NotificationContent {
  closed: boolean;
  click: () => void;
}

export interface RecordingOs {
  readonly port: NotificationPort;
  readonly shown: RecordedNotification[];
  readonly badges: number[];
  /** Those still on screen. */
  open(): RecordedNotification[];
}

export function recordingOs(supported = true): RecordingOs {
  const shown: RecordedNotification[] = [];
  const badges: number[] = [];
  const port: NotificationPort = {
    isSupported: () => supported,
    show: (content, onClick) => {
      const entry: RecordedNotification = { ...content, closed: false, click: onClick };
      shown.push(entry);
      return {
        close: () => {
          entry.closed = true;
        },
      };
    },
    setBadgeCount: (count) => badges.push(count),
  };
  return { port, shown, badges, open: () => shown.filter((entry) => !entry.closed) };
}
