import type { z } from 'zod';
import { ExactJsonSyntaxError, parseExactJson, RawNumber, type ExactJson } from '../exact-json.ts';
import { KrakenWsProtocolError } from '../protocol-error.ts';
import { collectUnknowns, type UnknownValue } from './lenient.ts';
import {
  bookMessage,
  heartbeatMessage,
  instrumentMessage,
  ohlcMessage,
  statusMessage,
  tickerMessage,
  tradeMessage,
  type BookMessage,
  type HeartbeatMessage,
  type InstrumentMessage,
  type OhlcMessage,
  type StatusMessage,
  type TickerMessage,
  type TradeMessage,
} from './market-data.ts';
import { balancesMessage, executionsMessage, type BalancesMessage, type ExecutionsMessage } from './private-data.ts';
import { methodFailure, pongMessage, SUCCESS_SCHEMAS, type MethodResponse, type PongMessage, type ResponseMethod } from './responses.ts';

export type ChannelMessage =
  | StatusMessage
  | HeartbeatMessage
  | TickerMessage
  | BookMessage
  | TradeMessage
  | OhlcMessage
  | InstrumentMessage
  | ExecutionsMessage
  | BalancesMessage;

/** Every server frame the client understands: channel data, pong, or a method response. */
export type KrakenWsMessage = ChannelMessage | PongMessage | MethodResponse;

/** `unknowns`: enum values Kraken sent that this client does not know (kept as "unknown"). */
export type ParseResult = { ok: true; message: KrakenWsMessage; unknowns: readonly UnknownValue[] } | { ok: false; error: KrakenWsProtocolError };

const CHANNEL_SCHEMAS: Record<ChannelMessage['channel'], z.ZodType<ChannelMessage>> = {
  status: statusMessage,
  heartbeat: heartbeatMessage,
  ticker: tickerMessage,
  book: bookMessage,
  trade: tradeMessage,
  ohlc: ohlcMessage,
  instrument: instrumentMessage,
  executions: executionsMessage,
  balances: balancesMessage,
};

/** Parses one text frame. Never throws: anything unacceptable comes back as a KrakenWsProtocolError. */
export function parseKrakenWsFrame(raw: string): ParseResult {
  let json: ExactJson;
  try {
    json = parseExactJson(raw);
  } catch (e) {
    const reason = e instanceof ExactJsonSyntaxError ? e.message : String(e);
    return fail('invalid_json', [reason], raw);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || json instanceof RawNumber) {
    return fail('unknown_message', [`expected a JSON object, got ${describe(json)}`], raw);
  }
  const { channel, method } = json;
  if (typeof channel === 'string') {
    const schema = (CHANNEL_SCHEMAS as Record<string, z.ZodType<ChannelMessage> | undefined>)[channel];
    if (!schema) return fail('unknown_message', [`unknown channel ${JSON.stringify(channel)}`], raw, channel);
    return validate(schema, json, raw, channel);
  }
  if (typeof method === 'string') {
    if (method === 'pong') return validate(pongMessage, json, raw, method);
    if (json.success === false) return validate(methodFailure, json, raw, method);
    const schema = (SUCCESS_SCHEMAS as Record<string, z.ZodType<MethodResponse> | undefined>)[method];
    if (!schema) return fail('unknown_message', [`unknown method ${JSON.stringify(method)}`], raw, method);
    return validate(schema, json, raw, method as ResponseMethod);
  }
  return fail('unknown_message', ['object has neither a string "channel" nor a string "method"'], raw);
}

function validate(schema: z.ZodType<KrakenWsMessage>, json: ExactJson, raw: string, subject: string): ParseResult {
  const { result: r, unknowns } = collectUnknowns(() => schema.safeParse(json));
  if (r.success) return { ok: true, message: r.data, unknowns };
  const problems = r.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `${path || '(root)'}: ${issue.message} (got ${describe(valueAt(json, issue.path))})`;
  });
  return fail('schema', problems, raw, subject);
}

function fail(kind: KrakenWsProtocolError['kind'], problems: string[], raw: string, subject?: string): ParseResult {
  return { ok: false, error: new KrakenWsProtocolError(kind, problems, raw, subject) };
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

function valueAt(json: ExactJson, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof RawNumber) return `number ${v.text}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '...' : v)}`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v === null) return 'null';
  return typeof v;
}
