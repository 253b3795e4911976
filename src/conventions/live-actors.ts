import { WriteRow } from './records';
import { ConventionActor } from '../machines/convention.engine';
import { ConventionDefinition } from '../machines/definition';
import { restoreForWriting } from '../machines/stored-snapshot-json';
import { countLiveActorLookup } from '../common/metrics';

/**
 * Restoring a machine from its persisted snapshot is the costliest step of a transition, so
 * the actors of recently changed conventions are kept, each tagged with the stream version it
 * stands at. One is reused only when the stored version still matches (another instance may
 * have moved the stream on); an actor advanced by a write that then failed is forgotten.
 */
export class LiveActors {
  private readonly live = new Map<string, { version: number; actor: ConventionActor }>();

  constructor(
    /** How many conventions' machines stay in memory between transitions. */
    private readonly capacity: number,
  ) {}

  /**
   * The kept actor when it stands at the row's version, otherwise one restored from the row,
   * whose children keep their stored entries: the write persists again only what its event changes.
   */
  actorFor(definition: ConventionDefinition, row: WriteRow): ConventionActor {
    const cached = this.live.get(row.id);
    if (cached && cached.version === row.version) {
      countLiveActorLookup('hit');
      return cached.actor;
    }
    countLiveActorLookup('miss');
    return restoreForWriting(definition, JSON.parse(row.snapshot));
  }

  /** `actor` stands at `version` of the stream: a write that just recorded its event, or created it. */
  keep(conventionId: string, version: number, actor: ConventionActor): void {
    this.live.delete(conventionId);
    this.live.set(conventionId, { version, actor });
    if (this.live.size > this.capacity) this.live.delete(this.live.keys().next().value as string);
  }

  forget(conventionId: string): void {
    this.live.delete(conventionId);
  }
}
