import { createHash } from 'node:crypto';

import { messageIdsIn } from './inbound-message';

/**
 * The key that records each inbound message once, whichever source brings it and however
 * often (the mailbox read again, the webhook retried): its Message-ID, normalised, else the
 * SHA-256 of its raw bytes. Both are hashed, so the key has one short length for the unique
 * index whatever the Message-ID's.
 */

export type InboundKey = { key: string; source: 'message-id' | 'raw' };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A Message-ID as compared here: the first msg-id of the value, without angle brackets or
 * white space, its right part (a domain, RFC 5322 §3.6.4) lower-case; null when there is none.
 */
export const normaliseMessageId = (value: string | null | undefined): string | null => {
  const id = messageIdsIn(value)[0];
  if (!id) return null;
  const at = id.lastIndexOf('@');
  return at < 0 ? id : `${id.slice(0, at)}@${id.slice(at + 1).toLowerCase()}`;
};

/** The SHA-256 of raw bytes, hex: the parsing step computes it as the bytes stream through. */
export const rawDigest = (raw: Buffer): string => sha256(raw);

export const inboundKey = (messageId: string | null, rawSha256: string): InboundKey => {
  const id = normaliseMessageId(messageId);
  return id
    ? { key: `mid:${sha256(id)}`, source: 'message-id' }
    : { key: `raw:${rawSha256}`, source: 'raw' };
};
