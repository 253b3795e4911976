import { trim } from '@conventio/memory-trim';
import { IdleMemoryTrim } from './memory-trim';

describe('IdleMemoryTrim', () => {
  let now: number;
  let trims: number;
  /** A trim after 10 s of quiet, on the test's clock, counted, answering `answer`. */
  const idle = (answer = 1) =>
    new IdleMemoryTrim(
      10_000,
      () => now,
      () => {
        trims += 1;
        return answer;
      },
    );

  beforeEach(() => {
    now = 1_000;
    trims = 0;
  });

  it('waits for a whole quiet spell after start-up before trimming', () => {
    const memory = idle();
    now += 9_999;
    expect(memory.check()).toBeNull();
    now += 1;
    expect(memory.check()).toBe(1);
    expect(trims).toBe(1);
  });

  it('trims once per quiet spell, however long it lasts', () => {
    const memory = idle();
    now += 10_000;
    memory.check();
    for (let i = 0; i < 5; i++) {
      now += 60_000;
      expect(memory.check()).toBeNull();
    }
    expect(trims).toBe(1);
  });

  it('starts a new quiet spell at each request, and trims at its end', () => {
    const memory = idle();
    now += 10_000;
    memory.check();
    now += 5_000;
    memory.noteActivity();
    now += 9_000;
    expect(memory.check()).toBeNull();
    memory.noteActivity();
    now += 9_000;
    expect(memory.check()).toBeNull();
    now += 1_000;
    expect(memory.check()).toBe(1);
    expect(trims).toBe(2);
  });

  it('hands back what the trim answered (0: nothing to release, -1: not glibc)', () => {
    for (const answer of [0, -1]) {
      const memory = idle(answer);
      now += 10_000;
      expect(memory.check()).toBe(answer);
    }
  });
});

describe('the native trim', () => {
  it("calls glibc's malloc_trim here (1 released, 0 nothing to release), and does nothing elsewhere", () => {
    const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header
      .glibcVersionRuntime;
    const answer = trim();
    if (glibc) expect([0, 1]).toContain(answer);
    else expect(answer).toBe(-1);
  });
});
