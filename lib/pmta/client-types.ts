// Public shapes of the PowerMTA client (see client.ts). Types only.
import type { SafeCommand } from './commands';
import type { BodySink } from './http-request';
import type { CommandReply, LogFile, NodeStatus, PmtaFormat, QueueDetail, QueueList } from './types';

export type QueryParams = Record<string, string | number | undefined>;

export interface RawReply<B = string> {
  format: PmtaFormat;
  body: B;
  /** Body length in bytes after decompression. */
  bytes: number;
  ms: number;
}

export interface QueuesParams {
  /** `domain[/vmta]` with `*` wildcards. */
  queue?: string;
  sort?: 'rcpt' | 'name' | 'size';
  paused?: 'yes' | 'no' | 'both';
  mode?: 'normal' | 'backoff' | 'both' | 'any';
  connected?: 'yes' | 'no' | 'both';
  /** Defaults to ALL_ITEMS: every queue, not PowerMTA's top 10 (http-default-max-items). Sent as both spellings (list-params.ts). */
  maxitems?: number;
}

export interface FileChunk {
  /** 206 partial, 200 whole file (the node ignored Range), 416 nothing at or after fromByte. */
  status: 200 | 206 | 416;
  /** Byte offset of `body[0]` in the file. */
  start: number;
  body: Buffer;
  /** Whole file size when the node said (Content-Range), else null. */
  totalSize: number | null;
  ms: number;
}

export interface PmtaClient {
  readonly url: string;
  /** The reply unparsed, as bytes, with its format (the poller parses it in a worker thread). */
  fetchBytes(path: string, params?: QueryParams, signal?: AbortSignal): Promise<RawReply<Buffer>>;
  /** fetchBytes with the body handed to a sink as it arrives (see client.ts); `body` is null. */
  streamBytes(
    path: string,
    params: QueryParams,
    open: (format: PmtaFormat, declaredBytes: number | null) => BodySink,
    signal?: AbortSignal,
  ): Promise<RawReply<null>>;
  status(signal?: AbortSignal): Promise<NodeStatus>;
  queues(params?: QueuesParams, signal?: AbortSignal): Promise<QueueList>;
  queueDetail(name: string, signal?: AbortSignal): Promise<QueueDetail>;
  logs(signal?: AbortSignal): Promise<LogFile[]>;
  /** `toByte` (inclusive) asks for `Range: bytes=fromByte-toByte`: one bounded chunk of a large file. */
  getFile(name: string, opts?: { fromByte?: number; toByte?: number; signal?: AbortSignal }): Promise<FileChunk>;
  /** PowerMTA's refusal comes back as `{ ok: false, text }`; transport/auth problems throw. */
  command(cmd: SafeCommand, signal?: AbortSignal): Promise<CommandReply>;
  /** `auto` mode's current answer (null until the first request). */
  detectedFormat(): PmtaFormat | null;
  /** Closes idle keep-alive sockets. */
  close(): void;
}
