/**
 * What a failed SMTP hand-off means (ARCHITECTURE "The engine, correct at scale"). Pure.
 * - The server answered 4xx: it took nothing; try again later.
 * - The server answered 5xx: it refused for good; failed.
 * - No connection could be made: nothing left; try again later.
 * - Anything else (a timeout or a dropped connection mid-conversation) may have come
 *   after the server accepted the message: uncertain, for a person to decide.
 */

export type MailFailure = 'retry' | 'failed' | 'uncertain';

export type MailError = { responseCode?: number; code?: string; command?: string };

const NOTHING_SENT_CODES = new Set(['ECONNECTION', 'EDNS', 'ECONNREFUSED']);

export const classifyMailError = ({ responseCode, code, command }: MailError): MailFailure => {
  if (responseCode && responseCode >= 400 && responseCode < 500) return 'retry';
  if (responseCode && responseCode >= 500) return 'failed';
  if (code && NOTHING_SENT_CODES.has(code) && (!command || command === 'CONN')) return 'retry';
  return 'uncertain';
};

/** Exponential backoff: 1, 2, 4, 8 … minutes after the attempt that failed, at most an hour. */
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
