/** The hub connection service: the client that moves frames, its status, pushes and timers. */
export * from './backoff';
export * from './connection-status';
export * from './hub-client';
export * from './pushes';
export * from './timers';
