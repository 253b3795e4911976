import { createTransport, Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt, so a receiving system can drop a duplicate. */
  messageId: string;
}

/** E-mail over SMTP (`SMTP_URL`): STARTTLS when the server offers it, TLS from the start for smtps://. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // A pool keeps a few connections open: one per message costs a handshake each.
    this.transport = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 5,
      // Well inside the outbox lease, so that a hung server never outlives an instance's claim.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  close(): void {
    this.transport.close();
  }
}
