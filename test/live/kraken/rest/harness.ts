/** Starts a FakeKraken and a client pointed at it; everything time-related runs on a ManualClock. */
import { krakenCredentials } from '../../../../src/live/kraken/auth/secrets.ts';
import { KrakenRestClient, type KrakenRestClientOptions } from '../../../../src/live/kraken/rest/client.ts';
import { ManualClock } from '../../../../src/live/kraken/rest/clock.ts';
import type { KrakenRestLogger } from '../../../../src/live/kraken/rest/logger.ts';
import { seededRandom } from '../../../../src/live/kraken/rest/retry.ts';
import { FakeKraken, type FakeKrakenOptions } from './fake-kraken.ts';
import { TEST_KEY, TEST_SECRET } from './fixtures.ts';

export interface Harness {
  readonly fake: FakeKraken;
  readonly client: KrakenRestClient;
  readonly clock: ManualClock;
  /** Every sleep the client asked for (retry backoff and limiter waits). */
  readonly sleeps: number[];
  readonly logs: { level: string; fields: object; message: string }[];
  close(): Promise<void>;
}

const open = new Set<Harness>();

/** For afterEach: closes every harness started since the last call. */
export async function closeAllHarnesses(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((x) => x.close()));
}

export async function startHarness(
  clientOptions: Partial<KrakenRestClientOptions> = {},
  fakeOptions: Partial<FakeKrakenOptions> = {},
  clock = new ManualClock(1_700_000_000_000),
): Promise<Harness> {
  const fake = await FakeKraken.start({ apiKey: TEST_KEY, secret: TEST_SECRET, ...fakeOptions });
  const sleeps: number[] = [];
  const logs: Harness['logs'] = [];
  const logger: KrakenRestLogger = {
    debug: (fields, message) => logs.push({ level: 'debug', fields, message }),
    info: (fields, message) => logs.push({ level: 'info', fields, message }),
    warn: (fields, message) => logs.push({ level: 'warn', fields, message }),
    error: (fields, message) => logs.push({ level: 'error', fields, message }),
  };
  const client = new KrakenRestClient({
    baseUrl: fake.url,
    credentials: krakenCredentials(TEST_KEY, TEST_SECRET),
    rateLimiter: false,
    retry: { random: seededRandom(1), baseDelayMs: 100, maxDelayMs: 1_000 },
    clock,
    sleep: (ms) => (sleeps.push(ms), clock.sleep(ms)),
    timeoutMs: 5_000,
    logger,
    ...clientOptions,
  });
  const harness: Harness = {
    fake,
    client,
    clock,
    sleeps,
    logs,
    async close() {
      open.delete(harness);
      await fake.close();
      await client.close();
    },
  };
  open.add(harness);
  return harness;
}
