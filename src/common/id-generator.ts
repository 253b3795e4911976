import { randomUUID } from 'node:crypto';

/** Ids are inputs to the domain, like time: injectable so tests and replays can fix them. */
export abstract class IdGenerator {
  abstract next(): string;
}

export class RandomIdGenerator extends IdGenerator {
  next(): string {
    return randomUUID();
  }
}
