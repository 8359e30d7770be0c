import 'server-only';
// A toolbox request → its command and what must be typed to confirm it. The one place a
// toolbox body becomes a command; anything the builder refuses is a 400 before anything is
// audited or sent.
import { DomainError } from '@/lib/domain-error';
import { errorKind } from '@/lib/pmta/errors';
import { buildToolCommand, canonicalPattern, intervalMs, type ToolCommand } from '@/lib/pmta/tool-commands';
import type { SafeCommand } from '@/lib/pmta/commands';
import type { ToolAction } from './request-schema';

export interface ToolRequest {
  action: ToolAction;
  job?: string;
  ip?: string;
  pattern?: string;
  reenableAfter?: string;
  olderThan?: string;
  dsn?: boolean;
}

export interface ToolTarget {
  command: SafeCommand;
  /** What the audit log records as the target: `domain/vmta`, or `*` + `/*` for a job (it can touch any queue). */
  pattern: string;
  /** What the operator types to confirm: the job id or the canonical pattern. */
  confirmText: string;
  /** `--reenable-after` in ms (disable-source), for the ledger. */
  untilMs: number | null;
}

function need(v: string | undefined, name: string): string {
  if (v === undefined || v === '') throw new DomainError('bad_request', `${name}: required for this action`);
  return v;
}

function toCommand(r: ToolRequest): ToolCommand {
  switch (r.action) {
    case 'pause-job':
    case 'resume-job':
      return { kind: r.action, job: need(r.job, 'job') };
    case 'disable-source':
      return { kind: 'disable-source', ip: need(r.ip, 'ip'), pattern: need(r.pattern, 'pattern'), reenableAfter: r.reenableAfter };
    case 'enable-source':
      return { kind: 'enable-source', ip: need(r.ip, 'ip'), pattern: need(r.pattern, 'pattern') };
    case 'delete':
      return { kind: 'delete', pattern: need(r.pattern, 'pattern'), olderThan: r.olderThan, dsn: r.dsn };
    case 'retry-recipients':
      return { kind: 'retry-recipients', pattern: need(r.pattern, 'pattern') };
  }
}

export function parseToolTarget(r: ToolRequest): ToolTarget {
  try {
    const c = toCommand(r);
    const command = buildToolCommand(c);
    const isJob = c.kind === 'pause-job' || c.kind === 'resume-job';
    const pattern = isJob ? '*/*' : canonicalPattern((c as { pattern: string }).pattern);
    return {
      command,
      pattern,
      confirmText: isJob ? (c as { job: string }).job : pattern,
      untilMs: c.kind === 'disable-source' && c.reenableAfter !== undefined ? intervalMs(c.reenableAfter) : null,
    };
  } catch (e) {
    if (errorKind(e) === 'rejected') throw new DomainError('bad_request', (e as Error).message);
    throw e;
  }
}
