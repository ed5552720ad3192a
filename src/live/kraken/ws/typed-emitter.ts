/**
 * A minimal typed event emitter. Listener exceptions are caught and handed to `onListenerError`
 * so a faulty consumer can never break the socket's message loop.
 */
export type EventMap = object;

export class TypedEmitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Set<(payload: any) => void>>();

  constructor(private readonly onListenerError: (event: keyof E, error: unknown) => void = () => {}) {}

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  once<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof E>(event: K, listener: (payload: E[K]) => void): void {
    this.listeners.get(event)?.delete(listener);
  }

  protected emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        try {
          this.onListenerError(event, error);
        } catch {
          // A failing error handler must not take the loop down either.
        }
      }
    }
  }
}
