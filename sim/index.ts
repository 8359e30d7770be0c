// Programmatic API of the PowerMTA simulator (see sim/README.md).
export { startSimNode, type SimNodeHandle, type SimNodeOptions, type SimState } from './node';
export { startSimFleet, type SimFleet, type SimFleetOptions } from './fleet';
export { CommandError } from './http/command-parse';
export type { CommandResult } from './http/command-exec';
export type { AccessRule, AccessLevel } from './http/auth';
export type { SimCounts } from './model/counts';
export { SimModel } from './model/model';
export { parseCsv } from './acct/csv';
export { COLUMNS as ACCT_COLUMNS, TYPE_COLUMNS as ACCT_TYPE_COLUMNS, RECORD_TYPES } from './acct/columns';
export { BOUNCE_CATEGORIES } from './model/replies';
