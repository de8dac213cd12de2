import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * URL-safe signed tokens for public links (the customer portal, the open-tracking
 * pixel): `<subject>[.<expiry>].<signature>`, each part base64url or base 36, signed
 * with HMAC-SHA256 over a purpose and the visible parts. The purpose is signed but not
 * written, so a token minted for one use is refused for another.
 */

export type TokenPurpose = 'portal' | 'open';

export type TokenCheck = { subject: string; expiresAt: Date | null } | { refused: 'malformed' | 'signature' | 'expired' };

type Signing = { secret: string; purpose: TokenPurpose };

const EXPIRY = /^[0-9a-z]{1,12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const signatureOf = ({ secret, purpose }: Signing, body: string) =>
  createHmac('sha256', secret).update(`${purpose}\n${body}`).digest('base64url');

/** A token for `subject`, valid until `expiresAt` (to the second), or for ever with null. */
export const signToken = (signing: Signing, subject: string, expiresAt: Date | null): string => {
  const parts = [Buffer.from(subject, 'utf8').toString('base64url')];
  if (expiresAt) parts.push(Math.ceil(expiresAt.getTime() / 1000).toString(36));
  const body = parts.join('.');
  return `${body}.${signatureOf(signing, body)}`;
};

/** Checks the signature in constant time, then the expiry against `now`. */
export const verifyToken = (signing: Signing, token: string, now: Date): TokenCheck => {
  const parts = token.split('.');
  if (parts.length < 2 || parts.length > 3 || !BASE64URL.test(parts[0])) return { refused: 'malformed' };
  const signature = parts.pop()!;
  const expected = signatureOf(signing, parts.join('.'));
  // Compared as the canonical text: two encodings of the same bytes are not both accepted.
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return { refused: 'signature' };
  }
  const [subject, expiry] = parts;
  if (expiry !== undefined && !EXPIRY.test(expiry)) return { refused: 'malformed' };
  const expiresAt = expiry === undefined ? null : new Date(parseInt(expiry, 36) * 1000);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return { refused: 'expired' };
  return { subject: Buffer.from(subject, 'base64url').toString('utf8'), expiresAt };
};

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as a mail-event relay sends it. */
export const bodySignature = (secret: string, rawBody: string | Buffer) =>
  `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;

/** Checks a body signature header in constant time. */
export const isBodySignatureValid = (secret: string, rawBody: string | Buffer, header: string | undefined): boolean => {
  if (!header) return false;
  const expected = Buffer.from(bodySignature(secret, rawBody));
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
};
