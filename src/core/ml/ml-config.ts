import { z } from 'zod';

/**
 * Thresholds of the four gates and the signal's trading rule, in one validated config
 * (`--config file.json`, key "gates" / "signal"; everything has a default).
 */
const gatesSchema = z
  .object({
    integrity: z.object({ requiredFiles: z.array(z.string()).default(['model.json', 'feature-spec.json', 'training.json', 'metrics.json']) }).strict().default({ requiredFiles: ['model.json', 'feature-spec.json', 'training.json', 'metrics.json'] }),
    performance: z
      .object({
        minTestRows: z.number().int().min(1).default(1000),
        minPrecision: z.number().min(0).max(1).default(0.3),
        minRecall: z.number().min(0).max(1).default(0.05),
        minF1: z.number().min(0).max(1).default(0.1),
        minSharpe: z.number().default(0.5),
        /** The model must beat each baseline's out-of-sample Sharpe by this much (annualised). */
        minSharpeEdge: z.number().default(0),
        /** ... and its F1... */
        minF1Edge: z.number().default(0),
      })
      .strict()
      .default({ minTestRows: 1000, minPrecision: 0.3, minRecall: 0.05, minF1: 0.1, minSharpe: 0.5, minSharpeEdge: 0, minF1Edge: 0 }),
    risk: z
      .object({
        maxDrawdown: z.number().min(0).max(1).default(0.35),
        /** Largest position as a fraction of equity; 1 = fully invested, above 1 would be leverage (spot: never). */
        maxPosition: z.number().min(0).max(1).default(1),
        maxExposure: z.number().min(0).max(1).default(1),
      })
      .strict()
      .default({ maxDrawdown: 0.35, maxPosition: 1, maxExposure: 1 }),
  })
  .strict();

const signalSchema = z
  .object({
    /** Enter (hold) long when the model's probability is at least this. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Fraction of equity the position takes (no leverage: at most 1). */
    size: z.number().gt(0).max(1).default(1),
  })
  .strict();

export const mlConfigSchema = z.object({ gates: gatesSchema.default(gatesSchema.parse({})), signal: signalSchema.default(signalSchema.parse({})) }).strict();

export type MlConfig = z.infer<typeof mlConfigSchema>;
export type GateThresholds = MlConfig['gates'];
export type SignalRule = MlConfig['signal'];

export function parseMlConfig(input: unknown): MlConfig {
  const r = mlConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`ml config: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

export const DEFAULT_ML_CONFIG: MlConfig = parseMlConfig({});
