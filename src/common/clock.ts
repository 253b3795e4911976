/** The only source of "now" in Conventio. The domain receives instants; it never reads the wall clock. */
export abstract class Clock {
  abstract now(): Date;

  nowIso(): string {
    return this.now().toISOString();
  }

  /** The clock itself when it may be moved by hand (`CLOCK=manual`), otherwise null. */
  movable(): MovableClock | null {
    return null;
  }
}

/** A clock that only moves when told to. */
export interface MovableClock {
  now(): Date;
  nowIso(): string;
  /** Moves forward only; returns false (and stays put) for a move backward. */
  advanceTo(instant: Date): boolean;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told to: for demos and tests (`CLOCK=manual`). */
export class ManualClock extends Clock implements MovableClock {
  constructor(private current: Date) {
    super();
  }

  override movable(): MovableClock {
    return this;
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  advanceTo(instant: Date): boolean {
    if (instant.getTime() < this.current.getTime()) return false;
    this.current = new Date(instant.getTime());
    return true;
  }
}
