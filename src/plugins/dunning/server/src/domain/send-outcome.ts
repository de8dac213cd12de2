import { classifyMailError, type MailError, type MailFailure, retryDelayMs } from './delivery';
import type { ReminderRecord } from './records';

/**
 * How one hand-off of a reminder's mail ends on its record, from what the mail server
 * answered (docs/engine.md, "Outcomes, from what nodemailer reports"). Pure: the
 * instance's deferral, which every send shares, is read by the caller and passed in.
 */

/** How a hand-off ends: the reminder's new status, the columns written with it, the timeline's note. */
export type SendOutcome = {
  status: 'sent' | 'queued' | 'uncertain' | 'failed';
  data: Partial<ReminderRecord>;
  note?: string;
};

/** The server took the mail: its Message-ID and its answer. */
export type Accepted = { messageId: string; response: string };

/** A hand-off that did not go through: nodemailer's error, or the mailer's `MailInputError`. */
export type SendError = MailError & { name: string; message: string; response?: string };

/** A refusal as the caller read it; a deferral carries until when every send of this instance waits. */
export type Refusal =
  { failure: 'defer'; until: Date } | { failure: Exclude<MailFailure, 'defer'> };

/** The retry policy of the engine's config. */
export type RetryPolicy = { maxAttempts: number; retryBaseMs: number };

/** A message the mailer refused to build (a bad address) can never leave: failed, never retried. */
export const failureOf = (error: SendError): MailFailure =>
  error.name === 'MailInputError' ? 'failed' : classifyMailError(error);

/** Sent: the server's answer on the record, the retry state cleared. `attempts` counts this one. */
export const acceptedOutcome = (sent: Accepted, attempts: number, at: Date): SendOutcome => ({
  status: 'sent',
  data: {
    messageId: sent.messageId,
    serverResponse: sent.response,
    sentAt: at,
    attempts,
    error: null,
    statusReason: null,
    nextAttemptAt: null,
  },
});

/**
 * A refusal for now: queued again after a backoff, until the attempts run out. A
 * server that defers everything: queued until it is expected back, no attempt counted.
 * 5xx: failed. The server may have it: uncertain.
 */
export const refusedOutcome = (
  error: SendError,
  refusal: Refusal,
  attempts: number,
  at: Date,
  { maxAttempts, retryBaseMs }: RetryPolicy
): SendOutcome => {
  const data = { error: error.message, serverResponse: error.response ?? null };
  const statusReason = error.responseCode
    ? `smtp_${error.responseCode}`
    : (error.code ?? 'error').toLowerCase();
  if (refusal.failure === 'defer') {
    const nextAttemptAt = refusal.until;
    return {
      status: 'queued',
      data: { ...data, nextAttemptAt, statusReason },
      note: `${error.message} — nothing left; the server is asked again at ${nextAttemptAt.toISOString()}`,
    };
  }
  if (refusal.failure === 'retry' && attempts < maxAttempts) {
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, retryBaseMs));
    return {
      status: 'queued',
      data: { ...data, attempts, nextAttemptAt, statusReason },
      note: `${error.message} — retry ${attempts + 1} of ${maxAttempts} at ${nextAttemptAt.toISOString()}`,
    };
  }
  if (refusal.failure === 'uncertain')
    return { status: 'uncertain', data: { ...data, attempts, statusReason }, note: error.message };
  return {
    status: 'failed',
    data: { ...data, attempts, statusReason, failedAt: at },
    note: error.message,
  };
};
