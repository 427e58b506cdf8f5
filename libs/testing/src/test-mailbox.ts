import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the test's SMTP server accepted it. */
export interface ReceivedMail {
  /** Every RCPT TO of the SMTP session (lower-cased). */
  envelopeTo: string[];
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail['headers'];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase()));

/**
 * A real SMTP server inside the test (`smtp-server`, mail parsed with
 * `mailparser`): what the services send over SMTP arrives here. It can be
 * stopped and started again on the same port (the mail server is down), and
 * can hold its answer to DATA (a send in flight) to crash a sender mid-send.
 * An email counts as received only once the server has answered 250 to it.
 */
export class TestMailbox {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private holdFrom = Infinity;
  private heldCount = 0;

  /** Answers RCPT TO for some addresses with an SMTP error (e.g. 451 greylisted, 550 no such mailbox); null accepts. */
  refuseRecipient: (address: string) => { code: number; message: string } | null = () => null;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestMailbox> {
    const mailbox = new TestMailbox(await freePort());
    await mailbox.start();
    return mailbox;
  }

  /** The SMTP_URL for the services. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Emails received for one address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  }

  /** How many emails are held unanswered right now. */
  get held(): number {
    return this.heldCount;
  }

  /** After `count` more emails are accepted, DATA is never answered: the sender waits mid-send until its connection dies. */
  holdAfter(count: number): void {
    this.holdFrom = this.received.length + count;
  }

  async start(): Promise<void> {
    this.holdFrom = Infinity;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refuseRecipient(address.address.toLowerCase());
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            if (this.received.length >= this.holdFrom) {
              this.heldCount++;
              // Never answered: once the client's socket is gone, the email was never accepted.
              return;
            }
            this.received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers: parsed.headers,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    this.server = server;
  }

  /** The mail server goes down: the port refuses connections until start(). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.heldCount = 0;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
