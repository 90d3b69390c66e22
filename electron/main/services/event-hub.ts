/**
 * Events from main to the page. Every payload is parsed with the contract's schema before it
 * leaves, so a bug in a service cannot push a malformed value into the renderer. One hub per
 * app, built in the composition root; the window (or the test bridge) subscribes to it.
 */
import { events, type EventName, type EventPayload } from '../../../shared/ipc';
import type { Logger } from './logger';

export type HubListener = (event: EventName, payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Set<HubListener>();
  private readonly logger: Logger;

  constructor(deps: { logger: Logger }) {
    this.logger = deps.logger;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      this.logger.error('Dropped an event whose payload does not match the contract', {
        event,
        issues: parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
      });
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event, parsed.data);
      } catch (error) {
        this.logger.error('An event listener failed', { event, error });
      }
    }
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
