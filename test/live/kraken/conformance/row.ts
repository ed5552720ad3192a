import type { Fixed } from '../../../../src/core/decimal/fixed.ts';
import type { BalanceExResult } from '../../../../src/live/kraken/rest/spendable-balances.ts';
import type { ClientOutcome, OrderState } from './client-state.ts';
import type { SimScript } from './sim-driver.ts';

/**
 * One behaviour of Kraken, as a frame sequence in and the client's resulting state out. `docs`
 * is the hand-written version (frames shaped after Kraken's documentation examples); `sim` (required)
 * makes the strict simulator produce the same behaviour. Both must reach `expect`.
 */
export interface ConformanceRow {
  readonly id: string;
  /** The documentation section the behaviour comes from. */
  readonly doc: string;
  readonly behaviour: string;
  readonly docs: {
    readonly track?: readonly (readonly [clientId: string, qty: Fixed | undefined])[];
    readonly frames?: readonly string[];
    readonly balanceEx?: BalanceExResult;
    /** Rows whose input is not a WS frame sequence (REST pages): returns the outcome fields it checks. */
    readonly run?: () => Promise<Partial<ClientOutcome>>;
  };
  readonly sim: SimScript;
  /** Order states may leave out a field that depends on the source (E19: how much one book level held). */
  readonly expect: Omit<Partial<ClientOutcome>, 'orders'> & { readonly orders?: readonly Partial<OrderState>[] };
}
