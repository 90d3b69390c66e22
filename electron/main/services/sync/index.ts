/** Verified light history: sync with the hub, asset metadata. */
export * from './sync-service';
export * from './asset-metadata';
export * from './light-session';
export * from './wallet-view';
export * from './second-hub-check';
export * from './hub-reports';
export * from './history-export';
