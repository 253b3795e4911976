import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardedLookup, WebhookSender } from './webhook-sender';

describe('WebhookSender', () => {
  let server: Server;
  let received = 0;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received++;
      req.resume();
      res.writeHead(req.url === '/fail' ? 500 : 204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const delivery = (host: string) => ({
    url: `http://${host}:${port}/hooks`,
    id: 'msg_1',
    body: '{}',
    secret: `whsec_${Buffer.from('secret').toString('base64')}`,
    timestamp: 1_700_000_000,
  });

  it('never connects to a name that resolves to this server, unless allowed', async () => {
    await expect(new WebhookSender(false).send(delivery('localhost'))).rejects.toThrow(/local address/);
    await expect(new WebhookSender(false).send(delivery('127.0.0.1'))).rejects.toThrow(/local address/);
    // Any other name is checked on the addresses it resolves to, when the connection is made.
    const looked = await new Promise<Error | null>((resolve) =>
      guardedLookup('localhost', { family: 0 }, (error) => resolve(error)),
    );
    expect(looked?.message).toBe('localhost resolves to a local address');
    expect(received).toBe(0);
    await new WebhookSender(true).send(delivery('localhost'));
    expect(received).toBe(1);
  });

  it('fails on an answer outside 2xx, and when nothing answers', async () => {
    const sender = new WebhookSender(true);
    await expect(
      sender.send({ ...delivery('127.0.0.1'), url: `http://127.0.0.1:${port}/fail` }),
    ).rejects.toThrow('receiver answered HTTP 500');
    await expect(sender.send({ ...delivery('127.0.0.1'), url: 'http://127.0.0.1:1/hooks' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
