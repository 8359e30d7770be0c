// Public surface of the accounting-file parser (pure: no I/O, no server-only marker).
export * from './csv-reader';
export * from './time';
export * from './records';
export * from './default-columns';
export * from './parse-file';
export * from './bounce-class';
export * from './provider-signature';
export * from './aggregate';
