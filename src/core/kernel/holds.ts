import { ZERO, type Fixed } from '../decimal/fixed.ts';

/**
 * Funds reserved by open orders (Kraken's hold_trade): quote for buys, base for sells.
 * Available = balance - held. Keyed by client order id so a fill or cancel releases exactly
 * what its order reserved.
 */
export class Holds {
  private readonly byOrder = new Map<string, { asset: string; amount: Fixed }>();
  private readonly byAsset = new Map<string, Fixed>();

  set(clientId: string, asset: string, amount: Fixed): void {
    const h = this.byOrder.get(clientId);
    if (h !== undefined && h.asset === asset && amount > ZERO) {
      // A partial fill re-reserves what is left: change the entry in place (no release and re-insert).
      this.byAsset.set(asset, (this.byAsset.get(asset) ?? ZERO) - h.amount + amount);
      h.amount = amount;
      return;
    }
    this.release(clientId);
    if (amount <= ZERO) return;
    this.byOrder.set(clientId, { asset, amount });
    this.byAsset.set(asset, (this.byAsset.get(asset) ?? ZERO) + amount);
  }

  release(clientId: string): void {
    const h = this.byOrder.get(clientId);
    if (!h) return;
    this.byOrder.delete(clientId);
    this.byAsset.set(h.asset, (this.byAsset.get(h.asset) ?? ZERO) - h.amount);
  }

  held(asset: string): Fixed {
    return this.byAsset.get(asset) ?? ZERO;
  }

  of(clientId: string): Fixed {
    return this.byOrder.get(clientId)?.amount ?? ZERO;
  }

  snapshot(): [string, string, string][] {
    return [...this.byOrder].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, h]) => [id, h.asset, h.amount.toString()]);
  }

  static restore(rows: [string, string, string][]): Holds {
    const h = new Holds();
    for (const [id, asset, amount] of rows) h.set(id, asset, BigInt(amount));
    return h;
  }
}
