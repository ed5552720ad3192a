/** Static facts about each REST endpoint the client calls. */
import type { CallSafety } from './retry.ts';

export interface EndpointSpec {
  readonly name: string;
  readonly access: 'public' | 'private';
  readonly safety: CallSafety;
}

const pub = (name: string): EndpointSpec => ({ name, access: 'public', safety: 'read' });
const priv = (name: string, safety: CallSafety): EndpointSpec => ({ name, access: 'private', safety });

export const ENDPOINTS = {
  Time: pub('Time'),
  SystemStatus: pub('SystemStatus'),
  Assets: pub('Assets'),
  AssetPairs: pub('AssetPairs'),
  Ticker: pub('Ticker'),
  OHLC: pub('OHLC'),
  Depth: pub('Depth'),
  Trades: pub('Trades'),
  Balance: priv('Balance', 'read'),
  BalanceEx: priv('BalanceEx', 'read'),
  TradeBalance: priv('TradeBalance', 'read'),
  OpenOrders: priv('OpenOrders', 'read'),
  ClosedOrders: priv('ClosedOrders', 'read'),
  QueryOrders: priv('QueryOrders', 'read'),
  TradesHistory: priv('TradesHistory', 'read'),
  Ledgers: priv('Ledgers', 'read'),
  AddOrder: priv('AddOrder', 'unsafe'),
  CancelOrder: priv('CancelOrder', 'unsafe'),
  CancelAll: priv('CancelAll', 'unsafe'),
  CancelAllOrdersAfter: priv('CancelAllOrdersAfter', 'idempotent'),
  GetWebSocketsToken: priv('GetWebSocketsToken', 'idempotent'),
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;
