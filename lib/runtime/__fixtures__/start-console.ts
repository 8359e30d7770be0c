// Child-process entry for the start-up tests: the real instrumentation start (config file from
// PMTA_CONSOLE_CONFIG), announced on stdout so the parent times start-up itself, not tsx.
//   node --import tsx --conditions=react-server lib/runtime/__fixtures__/start-console.ts
import { startConsole } from '../../../instrumentation-node';

console.log('starting');
await startConsole();
console.log('started');
process.exit(0);
