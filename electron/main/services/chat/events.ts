/**
 * The device messenger's events (to ChatSession and the CLI) and their one emitter. Events that
 * come from a stored change wait in a `PendingEvent` list until its transaction has committed.
 */
import type { Logger } from '../logger';
import type { ChatDatabase } from './chat-database';
import type { ChatMessage, Correspondent } from './types';

export interface ChatEvents {
  readonly messageReceived: ChatMessage;
  readonly messageSent: ChatMessage;
  readonly messageStateChanged: ChatMessage;
  /** `correspondent` null: removed (by us or by the peer). */
  readonly correspondentChanged: {
    readonly deviceAddress: string;
    readonly correspondent: Correspondent | null;
  };
  readonly loginChanged: { readonly loggedIn: boolean };
}
export type ChatEventName = keyof ChatEvents;
export type ChatListener<E extends ChatEventName> = (payload: ChatEvents[E]) => void;

export type PendingEvent = {
  [E in ChatEventName]: { event: E; payload: ChatEvents[E] };
}[ChatEventName];

export class ChatEmitter {
  private readonly logger: Logger;
  private readonly listeners: { [E in ChatEventName]: Set<ChatListener<E>> } = {
    messageReceived: new Set(),
    messageSent: new Set(),
    messageStateChanged: new Set(),
    correspondentChanged: new Set(),
    loginChanged: new Set(),
  };

  constructor(logger: Logger) {
    this.logger = logger;
  }

  on<E extends ChatEventName>(event: E, listener: ChatListener<E>): () => void {
    const set = this.listeners[event] as Set<ChatListener<E>>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<E extends ChatEventName>(event: E, payload: ChatEvents[E]): void {
    for (const listener of [...(this.listeners[event] as Set<ChatListener<E>>)]) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error('A chat listener failed', { event, error });
      }
    }
  }

  emitPending(item: PendingEvent): void {
    switch (item.event) {
      case 'messageReceived':
        return this.emit('messageReceived', item.payload);
      case 'messageSent':
        return this.emit('messageSent', item.payload);
      case 'messageStateChanged':
        return this.emit('messageStateChanged', item.payload);
      case 'correspondentChanged':
        return this.emit('correspondentChanged', item.payload);
      case 'loginChanged':
        return this.emit('loginChanged', item.payload);
    }
  }
}

/** The correspondent as stored now, to be told once the transaction has committed. */
export function pushCorrespondent(
  db: ChatDatabase,
  deviceAddress: string,
  pending: PendingEvent[],
): void {
  const correspondent = db.getCorrespondent(deviceAddress);
  pending.push({ event: 'correspondentChanged', payload: { deviceAddress, correspondent } });
}
