import { createHmac } from 'node:crypto';

import {
  bodySignature,
  checkBodySignature,
  signToken,
  verifyToken,
} from '../../src/plugins/dunning/server/src/domain/signed-tokens';

const portal = { secret: 'a-secret-of-at-least-16-chars', purpose: 'portal' as const };
const now = new Date('2026-05-01T08:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86400000);

describe('signed tokens (SPEC F7.4, F7.5)', () => {
  it('round-trips the subject and the expiry, in URL-safe characters', () => {
    const token = signToken(portal, 'k3x9b2yq8w1m0z7c5v4n6p2r', inDays(30));
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(portal, token, now)).toEqual({
      subject: 'k3x9b2yq8w1m0z7c5v4n6p2r',
      expiresAt: inDays(30),
    });
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('keeps any subject intact, dots and non-ASCII included', () => {
    const token = signToken(portal, 'client.é/42', inDays(1));
    expect(verifyToken(portal, token, now)).toEqual({
      subject: 'client.é/42',
      expiresAt: inDays(1),
    });
  });

  it('refuses a correctly signed token without an expiry (as pixels were once signed)', () => {
    const subject = Buffer.from('customer-1').toString('base64url');
    const signature = createHmac('sha256', portal.secret)
      .update(`portal\n${subject}`)
      .digest('base64url');
    expect(verifyToken(portal, `${subject}.${signature}`, now)).toEqual({ refused: 'malformed' });
  });

  it('refuses an expired token, to the second', () => {
    const token = signToken(portal, 'abc', inDays(1));
    expect(verifyToken(portal, token, new Date(inDays(1).getTime() - 1000))).toMatchObject({
      subject: 'abc',
    });
    expect(verifyToken(portal, token, inDays(1))).toEqual({ refused: 'expired' });
  });

  it('refuses every single-character change, whatever part it touches', () => {
    const token = signToken(portal, 'customer-1', inDays(30));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let index = 0; index < token.length; index++) {
      if (token[index] === '.') continue;
      const other = alphabet[(alphabet.indexOf(token[index]) + 1) % alphabet.length];
      const tampered = `${token.slice(0, index)}${other}${token.slice(index + 1)}`;
      expect(verifyToken(portal, tampered, now)).toHaveProperty('refused');
    }
  });

  it('refuses a later expiry grafted on a valid signature', () => {
    const [subject, , signature] = signToken(portal, 'customer-1', inDays(1)).split('.');
    const forged = [subject, Math.ceil(inDays(365).getTime() / 1000).toString(36), signature].join(
      '.'
    );
    expect(verifyToken(portal, forged, now)).toEqual({ refused: 'signature' });
  });

  it('refuses a token signed with another secret or for another purpose', () => {
    const token = signToken(portal, 'customer-1', inDays(30));
    expect(verifyToken({ ...portal, secret: 'another-secret-of-16-chars' }, token, now)).toEqual({
      refused: 'signature',
    });
    expect(verifyToken({ ...portal, purpose: 'open' }, token, now)).toEqual({
      refused: 'signature',
    });
  });

  it.each(['', 'abc', 'a.b.c.d', '.x', 'a b.c', '<script>.x'])(
    'refuses the malformed token %p',
    (token) => {
      expect(verifyToken(portal, token, now)).toHaveProperty('refused');
    }
  );

  it('refuses, without throwing, a signature of the right length in characters but not in bytes', () => {
    const token = signToken(portal, 'customer-1', inDays(30));
    const [subject, expiry, signature] = token.split('.');
    for (const odd of [
      `é${signature.slice(1)}`,
      `${signature.slice(0, -1)}\u0000`,
      '€'.repeat(signature.length),
      `${'\ud800'}${signature.slice(1)}`,
    ]) {
      expect(odd).toHaveLength(signature.length);
      expect(verifyToken(portal, `${subject}.${expiry}.${odd}`, now)).toEqual({
        refused: 'signature',
      });
    }
    expect(verifyToken(portal, `YQ.1.é${'A'.repeat(42)}`, now)).toEqual({ refused: 'signature' });
  });
});

describe('body signatures of delivery events (SPEC F7.5)', () => {
  const secret = 'webhook-secret-of-16-chars';
  const body = '[{"id":"e1","messageId":"<reminder-1@x.test>","event":"delivered"}]';

  it('signs the timestamp and the exact body, and accepts them within the tolerance, in any letter case', () => {
    const header = bodySignature(secret, body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(checkBodySignature(secret, body, header, now)).toEqual({ signedAt: now });
    expect(
      checkBodySignature(
        secret,
        Buffer.from(body),
        header.toUpperCase().replace('T=', 't=').replace('V1=', 'v1='),
        new Date(now.getTime() + 300_000)
      )
    ).toEqual({ signedAt: now });
  });

  it('refuses a missing signature, another body, another secret, another timestamp', () => {
    const header = bodySignature(secret, body, now);
    expect(checkBodySignature(secret, body, undefined, now)).toEqual({ refused: 'missing' });
    expect(checkBodySignature(secret, body, `sha256=${header.split('v1=')[1]}`, now)).toEqual({
      refused: 'missing',
    });
    expect(checkBodySignature(secret, `${body} `, header, now)).toEqual({ refused: 'signature' });
    expect(
      checkBodySignature(secret, body, bodySignature('another-secret-of-16', body, now), now)
    ).toEqual({ refused: 'signature' });
    expect(
      checkBodySignature(
        secret,
        body,
        header.replace(/t=(\d+)/, (_, t) => `t=${Number(t) - 1}`),
        now
      )
    ).toEqual({ refused: 'signature' });
  });

  it('refuses a signature older or newer than the tolerance: a captured request does not replay later', () => {
    const header = bodySignature(secret, body, now);
    expect(checkBodySignature(secret, body, header, new Date(now.getTime() + 301_000))).toEqual({
      refused: 'stale',
    });
    expect(checkBodySignature(secret, body, header, new Date(now.getTime() - 301_000))).toEqual({
      refused: 'stale',
    });
  });
});
