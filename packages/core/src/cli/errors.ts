/** A command line the CLI cannot act on: exit code 2, with a pointer to --help. */
export class UsageError extends Error {}

/** Input the CLI cannot read or score: exit code 1. */
export class InputError extends Error {}
