/** Bumped whenever a rule changes what it removes or joins: stored outputs made by another version are stale. */
export const ENGINE_VERSION = "0.1.0";
