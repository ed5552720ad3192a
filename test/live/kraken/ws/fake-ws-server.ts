import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A throwaway Kraken-ish WebSocket server for client tests (127.0.0.1, port 0). By default it
 * sends a status frame on connect, answers ping with pong and subscribe/unsubscribe with one
 * ack per symbol; tests script everything else through `onRequest` and `send`.
 */
export interface ReceivedRequest {
  readonly conn: number;
  readonly text: string;
  readonly msg: any;
}

export type RequestHandler = (req: ReceivedRequest, server: FakeKrakenWsServer) => 'handled' | void;

export class FakeKrakenWsServer {
  readonly received: ReceivedRequest[] = [];
  private readonly sockets: WebSocket[] = [];
  private readonly waiters: { pred: () => boolean; resolve: () => void }[] = [];
  private wss!: WebSocketServer;
  /** When true, handshakes are refused with HTTP 503 (connection attempts fail). */
  refuse = false;
  /** When true, requests get no automatic answers (the server "goes silent"). */
  silent = false;
  statusSystem = 'online';
  onRequest: RequestHandler | undefined;
  /** Frames sent right after a subscribe ack, keyed by channel (e.g. a book snapshot). */
  readonly afterSubscribe = new Map<string, (symbol: string | undefined, conn: number) => string[]>();

  static async start(): Promise<FakeKrakenWsServer> {
    const s = new FakeKrakenWsServer();
    await new Promise<void>((resolve) => {
      s.wss = new WebSocketServer({
        host: '127.0.0.1',
        port: 0,
        verifyClient: (_info, cb) => (s.refuse ? cb(false, 503, 'unavailable') : cb(true)),
      });
      s.wss.on('listening', () => resolve());
    });
    s.wss.on('connection', (ws) => s.onConnection(ws));
    return s;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  get connections(): number {
    return this.sockets.length;
  }

  requests(method: string, conn?: number): ReceivedRequest[] {
    return this.received.filter((r) => r.msg?.method === method && (conn === undefined || r.conn === conn));
  }

  /** Resolves once `pred` holds (checked after every connection and request). */
  waitFor(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake server: timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  waitForRequests(method: string, count: number, conn?: number): Promise<void> {
    return this.waitFor(() => this.requests(method, conn).length >= count, `${count} ${method} request(s)`);
  }

  waitForConnections(count: number): Promise<void> {
    return this.waitFor(() => this.sockets.length >= count, `${count} connection(s)`);
  }

  send(conn: number, frame: string | object): void {
    const ws = this.sockets[conn - 1];
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends to the newest connection. */
  sendLatest(frame: string | object): void {
    this.send(this.sockets.length, frame);
  }

  /** Kills every open connection abruptly (no close handshake). */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  reply(req: ReceivedRequest, body: object): void {
    this.send(req.conn, { ...body, req_id: req.msg.req_id, time_in: '2024-01-01T00:00:00.000000Z', time_out: '2024-01-01T00:00:00.000100Z' });
  }

  private onConnection(ws: WebSocket): void {
    this.sockets.push(ws);
    const conn = this.sockets.length;
    ws.send(`{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":13834774380200032777,"system":"${this.statusSystem}","version":"2.0.0"}]}`);
    ws.on('message', (data) => {
      const text = data.toString();
      const req: ReceivedRequest = { conn, text, msg: JSON.parse(text) };
      this.received.push(req);
      if (this.onRequest?.(req, this) !== 'handled' && !this.silent) this.autoRespond(req);
      this.check();
    });
    this.check();
  }

  private autoRespond(req: ReceivedRequest): void {
    const { method, params } = req.msg;
    if (method === 'ping') {
      this.send(req.conn, { method: 'pong', req_id: req.msg.req_id, time_in: 't', time_out: 't' });
    } else if (method === 'subscribe' || method === 'unsubscribe') {
      const symbols: (string | undefined)[] = params.symbol ?? [undefined];
      for (const symbol of symbols) {
        const result: Record<string, unknown> = { channel: params.channel };
        if (symbol !== undefined) result.symbol = symbol;
        if (params.depth !== undefined) result.depth = params.depth;
        if (params.interval !== undefined) result.interval = params.interval;
        if (method === 'subscribe') result.snapshot = true;
        this.reply(req, { method, result, success: true });
        if (method === 'subscribe') for (const f of this.afterSubscribe.get(params.channel)?.(symbol, req.conn) ?? []) this.send(req.conn, f);
      }
    }
  }

  private check(): void {
    for (const w of [...this.waiters]) {
      if (w.pred()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }
}
