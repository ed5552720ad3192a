/**
 * The WebSocket token of one private connection. Kraken (docs.kraken.com, "Spot WebSocket
 * authentication"; README 10.3): a GetWebSocketsToken token must be used within 15 minutes of its
 * creation, and once a private subscription is established with it, it stays valid for as long as
 * that connection lives. So: one REST call per connection, not one per request (which spends the
 * REST call counter and, at Starter tier, throttles trading to ~20 requests a minute). Each new
 * connection gets a fresh token (docs.kraken.com/exchange/api-reference/spot-websocket,
 * "Authentication": "obtain a fresh token on each connection"). A token that no subscription has
 * confirmed yet is renewed when it gets close to the 15 minutes; a token Kraken refused is dropped.
 */
export class ConnectionToken {
  private current: { generation: number; token: Promise<string>; fetchedAt: number; confirmed: boolean } | undefined;
  fetched = 0;

  constructor(
    private readonly source: (() => Promise<string>) | undefined,
    private readonly now: () => number,
    private readonly maxUnconfirmedAgeMs: number,
  ) {}

  /** A new socket: the next private request fetches a fresh token. */
  newConnection(_generation: number): void {
    this.current = undefined;
  }

  get(generation: number): Promise<string> {
    if (!this.source) return Promise.reject(new Error('no getToken callback'));
    const c = this.current;
    const fresh = c && (c.confirmed || this.now() - c.fetchedAt < this.maxUnconfirmedAgeMs);
    if (c && c.generation === generation && fresh) return c.token;
    this.fetched++;
    const token = this.source();
    const entry = { generation, token, fetchedAt: this.now(), confirmed: false };
    this.current = entry;
    token.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    return token;
  }

  confirm(generation: number): void {
    if (this.current && this.current.generation === generation) this.current.confirmed = true;
  }

  invalidate(): void {
    this.current = undefined;
  }
}
