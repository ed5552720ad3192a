import { ControlButton } from './controls.tsx';
import type { Section } from './store.ts';

/**
 * One strategy's kill switch: Halt (its open orders are canceled and its new ones refused, the
 * other strategies keep trading) or Resume, confirmed and sent with the tab's token. A strategy
 * halted by its own exception (a fault) cannot be resumed from here: that needs a restart.
 */
export function StrategyHaltButton(props: { strategy: Section }) {
  const x = props.strategy;
  if (x.halted && x.haltReason === 'strategy fault') return <span class="dim">fault</span>;
  return x.halted ? (
    <ControlButton small short="Resume" action="resume-strategy" strategy={x.id} label={`Resume ${x.id}`} tone="green" explain={`Lets ${x.id} place orders again. Journaled as a strategy input.`} />
  ) : (
    <ControlButton small short="Halt" action="halt-strategy" strategy={x.id} label={`Halt ${x.id}`} tone="red" explain={`Cancels every open order of ${x.id} and refuses its new ones; the other strategies keep trading. Journaled as a strategy input, so a replay halts it at the same point.`} />
  );
}
