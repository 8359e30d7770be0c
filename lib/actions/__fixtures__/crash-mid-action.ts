// Child process for the crash test: starts a pause against a (stalled) node and is killed
// with SIGKILL by the test while the command is in flight.
// Run: tsx --conditions=react-server crash-mid-action.ts <db file> <node url> <api key>
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { AuditLog } from '@/lib/audit/audit-log';
import { openStore } from '@/lib/store/store';
import { executeAction } from '../execute';
import { ScheduledResumes } from '../scheduled-resumes';

const [file, url, apiKey] = process.argv.slice(2);
const fleet = new Fleet(configSchema.parse({ pollIntervalSeconds: 3600, nodes: [{ id: 'a', url, apiKey }] }));
const store = openStore({ kind: 'sqlite', path: file! });
const audit = new AuditLog(store);
// Never polled (the node is stalled), so it counts as down: include it explicitly, as an operator would.
void executeAction(
  { fleet, audit, resumes: new ScheduledResumes(store) },
  { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'], includeDown: ['a'], user: 'operator', clientAddress: '192.0.2.7', reason: 'crash test' },
).then(() => console.log('finished (the test should have killed this process first)'));
