// Runs a parsed command against the model and words the reply as PowerMTA does.

import { fmtMonitor } from '../core/time';
import { pauseQueues, resetCounters, resumeQueues, scheduleQueues, setQueueMode } from '../model/actions';
import type { SimModel } from '../model/model';
import { deleteRecipients, disableSource, disabledSources, enableSource, pauseJob, resumeJob, settingsText } from '../model/toolbox';
import { CommandError, parseCommand, type Command } from './command-parse';
import { RequestError } from './errors';
import { queuesTree, retryTime, selectQueues } from './queue-views';
import { PRODUCT, statusTree, type NodeIdentity } from './status-view';
import type { Tree } from './tree';

export interface CommandResult {
  /** The text PowerMTA prints for the command. */
  text: string;
  /** Structured data for `format=json|xml` (show commands); `{}` otherwise. */
  data: Tree;
}

/** Throws CommandError (PowerMTA's `error: …` text) for anything it refuses. */
export function runCommand(m: SimModel, id: NodeIdentity, text: string): CommandResult {
  m.logCommand(text);
  const c = parseCommand(text);
  try {
    return execute(m, id, c);
  } catch (e) {
    // Option values checked by the shared /queues filter code (e.g. --maxitems=lots).
    if (e instanceof RequestError) throw new CommandError(`error: ${e.message}`);
    throw e;
  }
}

function execute(m: SimModel, id: NodeIdentity, c: Command): CommandResult {
  switch (c.verb) {
    case 'pause':
      pauseQueues(m, c.pattern);
      return { text: 'Queue(s) paused.', data: {} };
    case 'resume':
      resumeQueues(m, c.pattern);
      return { text: 'Queue(s) resumed.', data: {} };
    case 'schedule': {
      const [done, of] = scheduleQueues(m, c.pattern);
      return { text: `${done} of ${of} matching queues scheduled.`, data: {} };
    }
    case 'set-mode': {
      const n = setQueueMode(m, c.pattern, c.mode);
      return { text: `Mode set to ${c.mode} for ${n} queue(s).`, data: {} };
    }
    case 'reset-counters':
      resetCounters(m);
      return { text: 'Traffic counters reset.', data: {} };
    case 'rotate-acct': {
      m.acct.rotate(m.now);
      return { text: `Accounting file rotated; now writing ${m.acct.currentName ?? '?'}.`, data: {} };
    }
    case 'pause-job':
    case 'resume-job': {
      const ok = c.verb === 'pause-job' ? pauseJob(m, c.job) : resumeJob(m, c.job);
      if (!ok) throw new CommandError(`error: no such job "${c.job}"`);
      return { text: c.verb === 'pause-job' ? 'paused job.' : 'resumed job.', data: {} }; // guide §6.3.24, §6.3.26
    }
    case 'disable-source': {
      const n = disableSource(m, c.ip, c.pattern, c.reenableAfterMs);
      return { text: `Source ${c.ip} disabled for ${n} queue(s).`, data: {} };
    }
    case 'enable-source': {
      const n = enableSource(m, c.ip, c.pattern);
      return { text: `Source ${c.ip} enabled for ${n} queue(s).`, data: {} };
    }
    case 'show-disabled-sources': {
      const list = disabledSources(m, c.pattern);
      const lines = list.map((s) => `${s.queue.name} ${s.ip} ${s.until === null ? 'never' : fmtMonitor(m.local(s.until))}`);
      // Plain text like `show settings` (§6.3.15): one `queue ip until` line per source.
      return { text: [`${list.length} disabled source(s)`, ...lines].join('\n'), data: {} };
    }
    case 'show-settings': {
      const q = m.queue(c.pattern);
      if (!q) throw new CommandError(`error: no such queue "${c.pattern}"`);
      return { text: settingsText(m, q), data: {} };
    }
    case 'show-license': {
      const exp = fmtMonitor(m.local(m.licenseExpiresAt)).slice(0, 10);
      return { text: `License: PowerMTA 5.0 (simulated), licensed to shopright.example\nExpires: ${exp}`, data: {} };
    }
    case 'delete': {
      const d = deleteRecipients(m, c.pattern, c.olderThanMs);
      return { text: `${d.rcp} recipient(s) deleted${c.dsn ? ', DSNs generated' : ''}.`, data: {} };
    }
    case 'show-version': {
      // guide §6.3.19: `PowerMTA v5.0r1 (2019-09-13 16:27:31, 64-bit; master@190913.ba26ec5).`
      const p = PRODUCT[id.version];
      return { text: `PowerMTA v${p.version} (${p.buildDate}, ${p.bits}-bit; ${p.revision}).`, data: { version: p.version } };
    }
    case 'show-status': {
      const data = statusTree(m, id);
      const t = m.traffic.snapshot().total;
      return {
        text: [
          `PowerMTA status on ${id.hostName} at ${fmtMonitor(m.local(m.now))}: running`,
          `traffic total: in ${t.inRcp} rcpt / ${t.inMsg} msg / ${t.inKb.toFixed(1)} kB; out ${t.outRcp} rcpt / ${t.outMsg} msg / ${t.outKb.toFixed(1)} kB`,
          `connections: smtp in ${m.connIn.cur}, smtp out ${m.connOut.cur}`,
        ].join('\n'),
        data,
      };
    }
    case 'show-queues': {
      const params = new URLSearchParams(c.params);
      params.set('queue', c.pattern);
      const sel = selectQueues(m, params);
      const lines = [
        `${sel.shown.length} of ${sel.totalQueuesWithRcp} queues with recipients; ${sel.totalRcp} recipients`,
        'queue                                    rcpt         kB  conn paused mode    retry',
      ];
      for (const q of sel.shown) {
        lines.push(
          `${q.name.padEnd(36)} ${String(q.rcp).padStart(8)} ${q.kb.toFixed(1).padStart(10)} ${String(q.conn).padStart(5)} ${(q.paused ? 'yes' : 'no').padEnd(6)} ${q.mode.padEnd(7)} ${retryTime(m, q)}`,
        );
      }
      return { text: lines.join('\n'), data: queuesTree(m, params) };
    }
  }
}
