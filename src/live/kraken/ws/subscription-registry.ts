import type { Subscription, SubscriptionChannel } from './messages/requests.ts';

/**
 * What the caller wants to be subscribed to, one entry per (channel, symbol, depth/interval),
 * so it can be replayed after every reconnect and a single symbol's book can be resubscribed.
 */
export interface SubscriptionEntry {
  readonly key: string;
  readonly channel: SubscriptionChannel;
  readonly symbol?: string;
  /** The subscription narrowed to this entry's single symbol. */
  readonly sub: Subscription;
  acknowledged: boolean;
}

export function subscriptionKey(channel: string, symbol: string | undefined, variant: number | undefined): string {
  return `${channel}|${symbol ?? ''}|${variant ?? ''}`;
}

function variantOf(sub: Subscription): number | undefined {
  if (sub.channel === 'book') return sub.depth;
  if (sub.channel === 'ohlc') return sub.interval;
  return undefined;
}

export class SubscriptionRegistry {
  private readonly entries = new Map<string, SubscriptionEntry>();

  /** Registers the subscription; returns the entries that were not registered before. */
  add(sub: Subscription): SubscriptionEntry[] {
    const added: SubscriptionEntry[] = [];
    for (const single of splitBySymbol(sub)) {
      const symbol = 'symbol' in single ? single.symbol[0] : undefined;
      const key = subscriptionKey(single.channel, symbol, variantOf(single));
      if (this.entries.has(key)) continue;
      const entry: SubscriptionEntry = { key, channel: single.channel, symbol, sub: single, acknowledged: false };
      this.entries.set(key, entry);
      added.push(entry);
    }
    return added;
  }

  /** Removes the subscription's entries; returns those that existed. */
  remove(sub: Subscription): SubscriptionEntry[] {
    const removed: SubscriptionEntry[] = [];
    for (const single of splitBySymbol(sub)) {
      const symbol = 'symbol' in single ? single.symbol[0] : undefined;
      const key = subscriptionKey(single.channel, symbol, variantOf(single));
      const e = this.entries.get(key);
      if (e) {
        this.entries.delete(key);
        removed.push(e);
      }
    }
    return removed;
  }

  removeKey(key: string): SubscriptionEntry | undefined {
    const e = this.entries.get(key);
    this.entries.delete(key);
    return e;
  }

  get(key: string): SubscriptionEntry | undefined {
    return this.entries.get(key);
  }

  /** Entry matching an ack or failure: exact key first, then any entry on that channel+symbol. */
  match(channel: string, symbol: string | undefined, variant: number | undefined): SubscriptionEntry | undefined {
    const exact = this.entries.get(subscriptionKey(channel, symbol, variant));
    if (exact) return exact;
    for (const e of this.entries.values()) if (e.channel === channel && e.symbol === symbol) return e;
    return undefined;
  }

  all(): SubscriptionEntry[] {
    return [...this.entries.values()];
  }

  markAllUnacknowledged(): void {
    for (const e of this.entries.values()) e.acknowledged = false;
  }

  allAcknowledged(): boolean {
    for (const e of this.entries.values()) if (!e.acknowledged) return false;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Regroups entries into as few subscribe requests as possible (same channel and options, many symbols). */
  static group(entries: readonly SubscriptionEntry[]): Subscription[] {
    const groups = new Map<string, Subscription>();
    for (const e of entries) {
      if (!('symbol' in e.sub)) {
        groups.set(e.key, e.sub);
        continue;
      }
      const { symbol: _symbol, ...options } = e.sub;
      const gk = JSON.stringify(options);
      const g = groups.get(gk);
      if (g && 'symbol' in g) g.symbol.push(...e.sub.symbol);
      else groups.set(gk, { ...e.sub, symbol: [...e.sub.symbol] } as Subscription);
    }
    return [...groups.values()];
  }
}

function splitBySymbol(sub: Subscription): Subscription[] {
  if (!('symbol' in sub)) return [sub];
  return [...new Set(sub.symbol)].map((s) => ({ ...sub, symbol: [s] }) as Subscription);
}
