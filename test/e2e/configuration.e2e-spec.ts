import { ConventioProcess } from '../support/conventio-process';

/** Configuration is validated once, at start: a bad value stops the server before it serves anything. */
describe('configuration at start-up', () => {
  it.each([
    [
      'SCHEDULER_INTERVAL_MS',
      'abc',
      /SCHEDULER_INTERVAL_MS="abc": expected a whole number from 100 to 86400000/,
    ],
    ['CLOCK', 'fast', /CLOCK="fast": expected one of "system", "manual"/],
    ['CLOCK_START', 'yesterday', /CLOCK_START="yesterday": expected an ISO 8601 instant/],
  ])(
    'refuses %s=%s: the process exits naming the variable, the value and what is allowed',
    async (name, value, message) => {
      const server = await ConventioProcess.create({ [name]: value });
      try {
        const started = server.boot();
        await expect(started).rejects.toThrow(/server exited with 1/);
        await expect(started).rejects.toThrow(message);
        expect(server.logs).toMatch(/Conventio cannot start: invalid configuration/);
      } finally {
        await server.dispose();
      }
    },
  );
});
