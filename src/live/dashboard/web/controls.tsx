import { useState } from 'preact/hooks';
import { control, token } from './store.ts';

let showToast: (t: { text: string; ok: boolean }) => void = () => {};

export function Toast() {
  const [t, set] = useState<{ text: string; ok: boolean } | null>(null);
  showToast = (x) => {
    set(x);
    setTimeout(() => set((cur) => (cur === x ? null : cur)), 6000);
  };
  return t ? <div id="toast" class={`toast ${t.ok ? 'ok' : 'bad'}`}>{t.text}</div> : null;
}

/**
 * A control button: asks for confirmation (with what it will do), then POSTs with the tab's
 * token. The server decides; a refusal (no or wrong token, read-only server) is shown as such.
 */
export function ControlButton(props: { action: string; label: string; tone: 'red' | 'amber' | 'green' | ''; explain: string; strategy?: string; small?: boolean; short?: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const r = await control(props.action, `dashboard: ${props.label}`, props.strategy);
      showToast({ ok: r.ok, text: r.ok ? `${props.label}: done — ${r.text}` : `${props.label} refused: ${r.text}` });
    } catch (e) {
      showToast({ ok: false, text: `${props.label} failed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <button class={`act ${props.tone}${props.small ? ' small' : ''}`} data-action={props.action} data-strategy={props.strategy} onClick={() => setOpen(true)}>
        {props.short ?? props.label}
      </button>
      {open && (
        <div class="modal-bg">
          <div class="modal" role="dialog" id="confirm">
            <h3>{props.label}?</h3>
            <div class="dim">{props.explain}</div>
            <div class="dim" style="margin-top:8px">{token.get() ? 'Sent with this tab’s control token. The action is journaled.' : 'No control token in this tab: the runner will refuse it.'}</div>
            <div class="row">
              <button class="act" onClick={() => setOpen(false)}>Cancel</button>
              <button class={`act ${props.tone}`} id="confirm-ok" disabled={busy} onClick={() => void run()}>
                Confirm {props.label.toLowerCase()}
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

export function TokenBox(props: { enabled: boolean }) {
  const [value, setValue] = useState(token.get());
  const [editing, setEditing] = useState(false);
  if (!props.enabled) return <span class="pill" id="control-state" title="start the runner with --control to allow control actions">read-only server</span>;
  if (!editing)
    return (
      <span class="pill" id="control-state" style="cursor:pointer" onClick={() => setEditing(true)} title="paste the token from the runner's .control-token file">
        <span class={`dot ${value ? 'ok' : 'warn'}`} />
        {value ? 'control unlocked' : 'read-only — enter token'}
      </span>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        token.set(value.trim());
        setEditing(false);
      }}
    >
      <input class="token" id="token-input" type="password" placeholder="control token" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} autoFocus />
    </form>
  );
}
