/**
 * A typed signal one service hands to others: how services tell each other that something
 * changed (ARCHITECTURE.md principle 3). The page hears about it through the EventHub, from one
 * place that listens here; nothing internal listens to the EventHub.
 */
import type { Logger } from './logger';

export type SignalListener<T> = (value: T) => void;

export class Signal<T> {
  private readonly listeners = new Set<SignalListener<T>>();
  private readonly name: string;
  private readonly logger: Logger | undefined;

  /** `name` says which signal a failing listener was on, in the log. */
  constructor(name: string, logger?: Logger) {
    this.name = name;
    this.logger = logger;
  }

  /** Listens until the returned function is called. */
  add(listener: SignalListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener, in the order they were added; one that throws does not stop the rest. */
  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.logger?.error('A signal listener failed', { signal: this.name, error });
      }
    }
  }
}
