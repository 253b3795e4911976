import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt, so a receiving system can drop a duplicate. */
  messageId: string;
}

/**
 * E-mail over SMTP (`SMTP_URL`): STARTTLS when the server offers it, TLS from the start for smtps://.
 * nodemailer (some 40 modules) is loaded at the first message, not at start: a server without
 * `SMTP_URL` never loads it, and one with it only once there is mail to send (issue 17, idle memory).
 */
export class Mailer {
  private transport: Promise<Transporter> | null = null;
  private closed = false;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  private transporter(): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ createTransport }) =>
      // A pool keeps a few connections open: one per message costs a handshake each.
      createTransport({
        url: this.smtpUrl,
        pool: true,
        maxConnections: 5,
        // Well inside the outbox lease, so that a hung server never outlives an instance's claim.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    );
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (this.closed) throw new Error('the mailer is closed');
    const transport = await this.transporter();
    await transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  close(): void {
    this.closed = true;
    // A transport still being created is closed once it exists.
    void this.transport?.then((transport) => transport.close());
  }
}
