import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP server in the test process (npm smtp-server), accepting any login: what the
 * server under test sends arrives here over SMTP. `refuse(n)` answers the next n messages with
 * a temporary failure (451).
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private refusals = 0;
  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'conventio' }),
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            if (sink!.refusals > 0) {
              sink!.refusals--;
              const error = Object.assign(new Error('try again later'), { responseCode: 451 });
              return callback(error);
            }
            for (const rcpt of session.envelope.rcptTo) {
              sink!.mails.push({
                to: rcpt.address,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
              });
            }
            callback();
          })
          .catch(callback);
      },
    });
    sink = new SmtpSink(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://conventio:secret@127.0.0.1:${port}`;
  }

  refuse(count: number): void {
    this.refusals = count;
  }

  /** Waits until `count` mails arrived (or fails after `timeoutMs`). */
  async received(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.mails.length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} mails, got ${this.mails.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.mails;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
