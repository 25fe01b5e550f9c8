import type http from 'node:http';

/** Small JSON helpers for plain node:http servers (ops ports, partner simulators). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Reads a JSON body of at most `limit` bytes; an empty body is `{}`. Throws on bad JSON. */
export async function readJsonBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Collects everything a stream emits (e.g. a pdfkit document) into one Buffer, resolved on `end`. */
export function collectBuffer(stream: { on(event: 'data', cb: (chunk: Buffer) => void): unknown; on(event: 'end' | 'error', cb: (err?: Error) => void): unknown }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (err?: Error) => reject(err));
  });
}
