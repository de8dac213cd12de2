import { z } from 'zod';

/** POST /api/dunning/inbound: one raw message (RFC 5322), as a mail relay received it. */

/** A header field's name and colon (RFC 5322 §2.2): the first line of any message. */
const HEADER_FIELD = /^[!-9;-~]+:/;
/** The originator field every message has (RFC 5322 §3.6), in its header block. */
const FROM_FIELD = /(^|\n)from:/i;

/** Whether `raw` starts as a message does: a header field, and a `From` before the first empty line. */
const looksLikeMessage = (raw: Uint8Array) => {
  const head = new TextDecoder('latin1').decode(raw.subarray(0, 64 * 1024)).split(/\r?\n\r?\n/)[0];
  return HEADER_FIELD.test(head) && FROM_FIELD.test(head);
};

export const inboundBodySchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the raw message')
  .refine((raw) => raw.length > 0, 'is empty: post the raw message (message/rfc822)')
  .refine(
    looksLikeMessage,
    'is not a message: it must start with its header fields, From among them (RFC 5322)'
  );

export type InboundClass = 'reply' | 'auto_reply' | 'dsn' | 'own' | 'error';

/** What the webhook answers: whether this post recorded the message (false: it was on record), and its class. */
export type InboundResponse = { data: { recorded: boolean; classification: InboundClass } };
