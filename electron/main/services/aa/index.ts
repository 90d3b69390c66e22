/** Autonomous agents through the hub: definitions, dry runs, state, responses, triggers. */
export * from './aa-service';
