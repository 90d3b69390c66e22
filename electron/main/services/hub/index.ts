/** The hub connection service: client, typed request catalogue, pushes and errors. */
export * from './backoff';
export * from './connection-status';
export * from './errors';
export * from './hub-client';
export * from './pushes';
export * from './requests';
export * from './responses';
export * from './timers';
