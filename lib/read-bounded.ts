// A request or response body read with a size limit, for every untrusted body the console
// takes in (API request bodies, accounting webhooks, another replica's snapshot): a declared
// `content-length` over the limit is refused before reading a byte, and a body without one
// (chunked) is cut off as soon as it passes the limit, so no sender can make the console
// buffer more than `limit` bytes.

/** The body's bytes, or null when it is (or declares itself) larger than `limit`. */
export async function readBounded(msg: { body: ReadableStream<Uint8Array> | null; headers: Pick<Headers, 'get'> }, limit: number): Promise<Buffer | null> {
  const declared = msg.headers.get('content-length');
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > limit) {
    await msg.body?.cancel().catch(() => {});
    return null;
  }
  if (!msg.body) return Buffer.alloc(0);
  const reader = msg.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
