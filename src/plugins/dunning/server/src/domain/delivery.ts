/**
 * What a failed SMTP hand-off means, from what nodemailer reports (observed against
 * real servers: test/integration/smtp-faults.test.ts). Pure.
 *
 * The one question is whether the server may hold the message. It cannot until the
 * line that ends DATA has been written; after that, a server that closes or goes
 * silent may have taken it (RFC 1047). nodemailer reports a close before the greeting
 * and a close after the final dot alike (`ECONNECTION`, command `CONN`), so the
 * plugin's transports (smtp-worker/message-sent.ts) track whether the whole message was written and
 * say so in `messageSent`.
 *
 * - `retry`: this message was refused for now (a 4xx about it); try it again later,
 *   counting an attempt.
 * - `defer`: nothing left, and the server is unavailable or asks us to slow down
 *   (connection refused or cut before the message, 421/451/454, a 4xx before any
 *   recipient): every send waits, and no attempt is counted, so an outage or throttling
 *   never fails a mail.
 * - `failed`: refused for good (5xx), or a message the server could never take.
 * - `uncertain`: the server may have it; a person decides, the engine never re-sends.
 */

export type MailFailure = 'retry' | 'defer' | 'failed' | 'uncertain';

export type MailError = {
  responseCode?: number;
  code?: string;
  command?: string;
  /** The system error under nodemailer's (ECONNREFUSED under ESOCKET). */
  originalCode?: string;
  /** Whether the whole message was written to the server: set by the plugin's transports, absent from others. */
  messageSent?: boolean;
};

/** 4xx answers about the server as a whole: not available (421), local trouble or rate limits (451), TLS or auth not available (454). */
const SERVER_WIDE_CODES = new Set([421, 451, 454]);

/** Commands before any recipient: a 4xx there says nothing about this message. */
const SESSION_COMMANDS = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'MAIL FROM']);

/** System errors that mean no connection was made at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export const classifyMailError = ({
  responseCode,
  code,
  command,
  originalCode,
  messageSent,
}: MailError): MailFailure => {
  if (responseCode && responseCode >= 500) return 'failed';
  if (responseCode && responseCode >= 400) {
    return SERVER_WIDE_CODES.has(responseCode) ||
      (command !== undefined && SESSION_COMMANDS.has(command)) ||
      command?.startsWith('AUTH')
      ? 'defer'
      : 'retry';
  }
  if (messageSent === true) return 'uncertain';
  if (messageSent === false) return 'defer';
  // A transport that does not say: only what cannot have reached a server is safe to send again.
  if (code === 'EDNS' || (originalCode && UNREACHABLE.has(originalCode))) return 'defer';
  return 'uncertain';
};

/** Exponential backoff: 1, 2, 4, 8 … times `baseMs` after the attempt (or deferral) that failed, at most `maxMs`. */
export const retryDelayMs = (attempt: number, baseMs = 60000, maxMs = 3600000): number =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);

/**
 * How many waves of `sendConcurrency` mails may be on the wire at once: each is on the
 * record without its outcome until answered, so an instance that dies leaves at most
 * this many waves `uncertain`. Three, not two: while a wave's write commits, the
 * SMTP pool still needs a few messages for each of its connections, and with only one
 * wave left on the wire they ran dry (bench/RESULTS.md, "P2 and the waves on the wire").
 */
export const WAVES_ON_THE_WIRE = 3;
