import { createHash } from 'node:crypto';

import {
  inboundKey,
  normaliseMessageId,
  rawDigest,
} from '../../src/plugins/dunning/server/src/domain/inbound-key';
import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import { readFixture } from '../helpers/inbound-fixtures';

/** Each inbound message is recorded once: its Message-ID, else the hash of its bytes. */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('normaliseMessageId', () => {
  it('drops brackets and white space and lower-cases the domain only', () => {
    expect(normaliseMessageId(' <AbC.123@Mail.Example.TEST> ')).toBe('AbC.123@mail.example.test');
    expect(normaliseMessageId('AbC@X.test')).toBe('AbC@x.test');
    expect(normaliseMessageId('<a@x.test> <b@y.test>')).toBe('a@x.test');
    expect(normaliseMessageId('')).toBeNull();
    expect(normaliseMessageId(null)).toBeNull();
  });
});

describe('inboundKey', () => {
  it('keys by the Message-ID, hashed to one length, whatever its case of domain', () => {
    const raw = '0'.repeat(64);
    const key = inboundKey('<id@X.test>', raw);
    expect(key).toEqual({ key: `mid:${sha256('id@x.test')}`, source: 'message-id' });
    expect(inboundKey('id@x.test', 'f'.repeat(64))).toEqual(key);
    expect(inboundKey(`${'a'.repeat(2000)}@x.test`, raw).key).toHaveLength(68);
  });

  it('keys a message without a Message-ID by the SHA-256 of its bytes', () => {
    const bytes = Buffer.from('From: a@x.test\r\n\r\nno id\r\n');
    expect(inboundKey(null, rawDigest(bytes))).toEqual({
      key: `raw:${createHash('sha256').update(bytes).digest('hex')}`,
      source: 'raw',
    });
  });

  it('gives the same message the same key each time it is read', async () => {
    const keyOf = async (raw: Buffer) => {
      const parsed = await parseInbound(raw);
      if (!parsed.ok) throw new Error(parsed.detail);
      return inboundKey(parsed.message.messageId, parsed.message.rawSha256);
    };
    const reply = readFixture('reply-outlook.eml');
    expect(await keyOf(reply)).toEqual(await keyOf(Buffer.from(reply)));
    const withoutId = Buffer.from(
      reply.toString('latin1').replace(/^Message-ID:\r\n [^\r]+\r\n/m, ''),
      'latin1'
    );
    const key = await keyOf(withoutId);
    expect(key.source).toBe('raw');
    expect(key).toEqual(await keyOf(withoutId));
    expect(key.key).toBe(`raw:${rawDigest(withoutId)}`);
  });
});
