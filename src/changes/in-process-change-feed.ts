import { ChangeFeed, ChangeListener, ConventionChange } from './change-feed';

/** One process, no extra service: the embedded SQLite mode. */
export class InProcessChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  readonly connected = true;

  async publish(change: ConventionChange): Promise<void> {
    this.deliver(change);
  }

  /** Hands a change to this process's listeners; one that throws does not stop the others. */
  deliver(change: ConventionChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error('change listener:', error);
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One process: the registry that published them already knows them. */
  async announceDefinitions(): Promise<void> {}

  onDefinitions(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
