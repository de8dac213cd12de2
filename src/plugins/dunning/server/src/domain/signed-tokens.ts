import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * URL-safe signed tokens for public links (the customer portal, the open-tracking
 * pixel): `<subject>.<expiry>.<signature>`, each part base64url or base 36, signed
 * with HMAC-SHA256 over a purpose and the visible parts. The purpose is signed but not
 * written, so a token minted for one use is refused for another.
 */

export type TokenPurpose = 'portal' | 'open';

export type TokenCheck =
  { subject: string; expiresAt: Date } | { refused: 'malformed' | 'signature' | 'expired' };

type Signing = { secret: string; purpose: TokenPurpose };

const EXPIRY = /^[0-9a-z]{1,12}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const signatureOf = ({ secret, purpose }: Signing, body: string) =>
  createHmac('sha256', secret).update(`${purpose}\n${body}`).digest('base64url');

/** A token for `subject`, valid until `expiresAt` (to the second): every token expires. */
export const signToken = (signing: Signing, subject: string, expiresAt: Date): string => {
  const body = [
    Buffer.from(subject, 'utf8').toString('base64url'),
    Math.ceil(expiresAt.getTime() / 1000).toString(36),
  ].join('.');
  return `${body}.${signatureOf(signing, body)}`;
};

/** Checks the signature in constant time, then the expiry against `now`; a token without one is malformed. */
export const verifyToken = (signing: Signing, token: string, now: Date): TokenCheck => {
  const parts = token.split('.');
  if (parts.length !== 3 || !BASE64URL.test(parts[0])) return { refused: 'malformed' };
  // Compared as the canonical text: two encodings of the same bytes are not both accepted.
  // Lengths are compared in bytes, as timingSafeEqual requires: a non-ASCII character is one
  // character of the text but several bytes.
  const signature = Buffer.from(parts.pop()!, 'utf8');
  const expected = Buffer.from(signatureOf(signing, parts.join('.')), 'utf8');
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    return { refused: 'signature' };
  const [subject, expiry] = parts;
  if (!EXPIRY.test(expiry)) return { refused: 'malformed' };
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { refused: 'expired' };
  return { subject: Buffer.from(subject, 'base64url').toString('utf8'), expiresAt };
};

/**
 * Delivery events are signed over a timestamp and the raw body, as
 * `X-Dunning-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: a
 * captured request is worth its body only, and only within the tolerance window.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const bodySignature = (secret: string, rawBody: string | Buffer, at: Date) => {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
  return `t=${t},v1=${mac}`;
};

export type BodySignatureCheck =
  { signedAt: Date } | { refused: 'missing' | 'signature' | 'stale' };

const SIGNATURE_HEADER = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/;

/** Checks a signature header in constant time, then that its timestamp is within the tolerance of `now`. */
export const checkBodySignature = (
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS
): BodySignatureCheck => {
  const match = SIGNATURE_HEADER.exec((header ?? '').trim().toLowerCase());
  if (!match) return { refused: 'missing' };
  const signedAt = new Date(Number(match[1]) * 1000);
  const expected = Buffer.from(bodySignature(secret, rawBody, signedAt));
  const given = Buffer.from(`t=${match[1]},v1=${match[2]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { refused: 'signature' };
  if (Math.abs(now.getTime() - signedAt.getTime()) > toleranceSeconds * 1000)
    return { refused: 'stale' };
  return { signedAt };
};
