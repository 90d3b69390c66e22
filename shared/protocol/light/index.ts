/** Every light/* and hub/* request a light wallet sends: params checks, answer parsers, errors. */
export * from './errors';
export * from './requests';
export * from './responses';
