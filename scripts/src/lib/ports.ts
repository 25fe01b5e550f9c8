import net from 'node:net';

/**
 * A TCP port that is free on `host` and on 0.0.0.0 (services bind all
 * interfaces). Chosen below the kernel's ephemeral range (32768–60999 here):
 * a port from that range can be taken by any outgoing connection between the
 * moment we pick it and the moment a service binds it.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000) + (process.pid % 500);
    if (handedOut.has(port)) continue;
    if ((await isPortFree(port, host)) && (await isPortFree(port, '0.0.0.0'))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('could not find a free port in 20000-32499');
}

/** Ports this process already handed out (not yet bound by whoever asked). */
const handedOut = new Set<number>();

/** True when nothing listens on host:port (we could bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
