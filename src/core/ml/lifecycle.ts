/**
 * An artifact's lifecycle: CANDIDATE (trained) -> VALIDATION (gates running) -> APPROVED or
 * REJECTED; an APPROVED artifact becomes RETIRED when a newer one is promoted over it (or by
 * hand). Every transition is an audit event; there is no other way to change a state.
 */
export const MODEL_STATES = ['CANDIDATE', 'VALIDATION', 'APPROVED', 'REJECTED', 'RETIRED'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

const ALLOWED: Readonly<Record<ModelState, readonly ModelState[]>> = {
  CANDIDATE: ['VALIDATION'],
  VALIDATION: ['APPROVED', 'REJECTED'],
  APPROVED: ['RETIRED'],
  REJECTED: [],
  RETIRED: [],
};

export interface TransitionEvent {
  readonly event: 'transition';
  readonly model: string;
  readonly from: ModelState | null;
  readonly to: ModelState;
  readonly reason: string;
  readonly artifactHash: string;
}

/** The event for moving `model` from `from` to `to`; throws for a move the lifecycle does not allow. */
export function transition(model: string, from: ModelState | null, to: ModelState, reason: string, artifactHash: string): TransitionEvent {
  if (from === null ? to !== 'CANDIDATE' : !ALLOWED[from].includes(to)) {
    throw new Error(`model ${model}: ${from ?? '(new)'} -> ${to} is not a lifecycle transition (allowed: ${from === null ? 'CANDIDATE' : ALLOWED[from].join(', ') || 'none, final state'})`);
  }
  return { event: 'transition', model, from, to, reason, artifactHash };
}

/** Replays transitions into the current state of each model (the audit log is the source of truth). */
export function statesFrom(events: readonly { readonly model: string; readonly from: ModelState | null; readonly to: ModelState }[]): Map<string, ModelState> {
  const out = new Map<string, ModelState>();
  for (const e of events) {
    const cur = out.get(e.model) ?? null;
    if (cur !== e.from) throw new Error(`model ${e.model}: audit log moves it from ${e.from ?? '(new)'} but it is ${cur ?? '(new)'}`);
    transition(e.model, e.from, e.to, '', '');
    out.set(e.model, e.to);
  }
  return out;
}
