import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to one private REST request instead of forwarding it. */
export type RestFault = 502 | 503 | 520 | 'timeout' | 'reset';

/**
 * A loopback HTTP proxy in front of the simulator's REST server that turns private REST calls
 * into the failures Kraken's edge produces in bursts: HTTP 502/503/520 with an HTML body
 * (Cloudflare), requests that are never answered (timeouts), and connections reset mid-request.
 * Public calls and unarmed private calls are forwarded unchanged. Binds 127.0.0.1:0.
 */
export class RestFaultProxy {
  private readonly queue: RestFault[] = [];
  private readonly sockets = new Set<Socket>();
  injected = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(target: string): Promise<RestFaultProxy> {
    const t = new URL(target);
    const box: { self?: RestFaultProxy } = {};
    const server = createServer((req, res) => {
      const self = box.self!;
      const fault = req.url?.startsWith('/0/private/') ? self.queue.shift() : undefined;
      if (fault !== undefined) {
        self.injected++;
        if (fault === 'timeout') return; // never answered (the client's timeout fires)
        if (fault === 'reset') return req.socket.destroy();
        res.writeHead(fault, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${fault}</title></head><body><h1>${fault} ${fault === 520 ? 'Web server is returning an unknown error' : 'Bad gateway'}</h1><hr>cloudflare</body></html>`);
        return;
      }
      const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    server.on('connection', (s) => {
      box.self?.sockets.add(s);
      s.on('close', () => box.self?.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const self = (box.self = new RestFaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    return self;
  }

  /** The next private calls fail, one fault each, in this order. */
  burst(...faults: RestFault[]): void {
    this.queue.push(...faults);
  }

  /** Forgets faults not yet injected. */
  clear(): void {
    this.queue.length = 0;
  }

  pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
