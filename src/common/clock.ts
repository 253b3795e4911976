/** The only source of "now" in Conventio. The domain receives instants; it never reads the wall clock. */
export abstract class Clock {
  abstract now(): Date;

  nowIso(): string {
    return this.now().toISOString();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told to: for demos and tests (`CLOCK=manual`). */
export class ManualClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Moves forward only; returns false (and stays put) for a move backward. */
  advanceTo(instant: Date): boolean {
    if (instant.getTime() < this.current.getTime()) return false;
    this.current = new Date(instant.getTime());
    return true;
  }
}
