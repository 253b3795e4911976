import { createServer, Server } from 'node:net';
import { Mailer } from './mailer';

const MAIL = {
  to: { name: 'Agnès', address: 'agnes@example.org' },
  subject: 'Échéance',
  text: 'texte',
  html: '<p>texte</p>',
  messageId: '<m1@conventio>',
};

describe('Mailer (nodemailer loaded at the first message)', () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    // Accepts connections and never greets: each attempt fails on the greeting timeout or the close.
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('opens no connection until a message is sent, and closes without one', () => {
    const mailer = new Mailer(`smtp://127.0.0.1:${port}`, 'Conventio <conventio@localhost>');
    mailer.close();
    expect(connections).toBe(0);
  });

  it('sends through the SMTP URL given (a failed delivery is the caller’s error)', async () => {
    const mailer = new Mailer(`smtp://127.0.0.1:${port}`, 'Conventio <conventio@localhost>');
    await expect(mailer.send(MAIL)).rejects.toThrow();
    expect(connections).toBeGreaterThan(0);
    mailer.close();
  });

  it('refuses to send once closed, rather than opening a pool nobody closes', async () => {
    const mailer = new Mailer(`smtp://127.0.0.1:${port}`, 'Conventio <conventio@localhost>');
    mailer.close();
    const before = connections;
    await expect(mailer.send(MAIL)).rejects.toThrow('the mailer is closed');
    expect(connections).toBe(before);
  });
});
