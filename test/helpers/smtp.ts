import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** A message as the SMTP server received it: the envelope, the raw bytes and their parse. */
export type ReceivedMail = {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
};

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export type SmtpCatcher = {
  port: number;
  messages: ReceivedMail[];
  waitForMessages: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>;
  stop: () => Promise<void>;
};

const addressOf = (entry: SMTPServerAddress | false) => (entry ? entry.address : '');

export const startSmtpServer = async (): Promise<SmtpCatcher> => {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        messages.push({
          envelope: {
            from: addressOf(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    messages,
    async waitForMessages(count, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} messages at the SMTP server, got ${messages.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
