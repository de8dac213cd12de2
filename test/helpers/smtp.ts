import type { AddressInfo } from 'node:net';

import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as the SMTP server received it: the envelope, the raw bytes and their parse. */
export type ReceivedMail = {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
};

/** An SMTP answer to give instead of accepting a message, e.g. `{ code: 421, message: 'Try again later' }`. */
export type SmtpRefusal = { code: number; message: string };

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export type SmtpCatcher = {
  port: number;
  messages: ReceivedMail[];
  /** Refuses the next messages, one answer each, at the end of DATA; then accepts again. */
  refuseNext: (...answers: SmtpRefusal[]) => void;
  /** Messages refused so far. */
  refused: number;
  /** Messages accepted so far (kept in `messages` or not). */
  accepted: number;
  /** SMTP connections open now. */
  connections: number;
  /** Errors of connections that broke in the middle of a message (a client killed mid-send). */
  errors: Array<Error & { code?: string }>;
  waitForMessages: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>;
  stop: () => Promise<void>;
};

const addressOf = (entry: SMTPServerAddress | false) => (entry ? entry.address : '');

/**
 * `delayMs` holds each message that long before answering, as a slow server would;
 * `keep: false` only counts what arrives (for the benchmarks: no parsing on the way);
 * `beforeAnswer` runs once a message is kept, before the server answers 250 (a test
 * cutting the database at that moment).
 */
export const startSmtpServer = async ({
  delayMs = 0,
  keep = true,
  beforeAnswer,
}: {
  delayMs?: number;
  keep?: boolean;
  beforeAnswer?: (mail: ReceivedMail) => Promise<void>;
} = {}): Promise<SmtpCatcher> => {
  const messages: ReceivedMail[] = [];
  const refusals: SmtpRefusal[] = [];
  let refused = 0;
  let accepted = 0;
  let connections = 0;
  const errors: Array<Error & { code?: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onConnect(session, callback) {
      connections++;
      callback();
    },
    onClose() {
      connections--;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (keep) chunks.push(chunk);
      });
      stream.on('end', async () => {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const refusal = refusals.shift();
        if (refusal) {
          refused++;
          return callback(
            Object.assign(new Error(refusal.message), { responseCode: refusal.code })
          );
        }
        accepted++;
        if (!keep) return callback();
        const raw = Buffer.concat(chunks);
        const mail: ReceivedMail = {
          envelope: {
            from: addressOf(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          raw,
          parsed: await simpleParser(raw),
        };
        messages.push(mail);
        await beforeAnswer?.(mail);
        callback();
      });
    },
  });
  // A real server outlives a client that dies mid-message: kept for the test to judge.
  server.on('error', (error) => errors.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    messages,
    refuseNext: (...answers) => refusals.push(...answers),
    get refused() {
      return refused;
    },
    get accepted() {
      return accepted;
    },
    get connections() {
      return connections;
    },
    errors,
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
