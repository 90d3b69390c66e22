/** The loopback test hub and the replay of captured devnet traffic. */
export * from './recordings';
export * from './test-hub';
export * from './devnet-history';
