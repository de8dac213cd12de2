import { Readable } from 'node:stream';

import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import {
  EXPECTED,
  messageOfSize,
  messageWithParts,
  readFixture,
} from '../helpers/inbound-fixtures';

/** The parsing step: mailparser into the domain's record, within limits, never throwing. */

describe('parseInbound', () => {
  it.each(Object.entries(EXPECTED).filter(([, expected]) => expected.text))(
    '%s keeps its text',
    async (name, expected) => {
      const parsed = await parseInbound(readFixture(name));
      expect(parsed.ok && parsed.message.text).toContain(expected.text);
    }
  );

  it('reads the threading headers, the sender and the structure of a report', async () => {
    const reply = await parseInbound(readFixture('reply-outlook.eml'));
    expect(reply).toMatchObject({
      ok: true,
      message: {
        messageId:
          'AM9PR01MB73245F1C0A4E3D2B1C8E7F90A1B2C@AM9PR01MB7324.eurprd01.prod.exchangelabs.com',
        inReplyTo: ['reminder-hh4a8ktlkogqy0egv1nksy1b@example.test'],
        from: 'marie.dupont@acme-industries.test',
        contentType: 'multipart/alternative',
        reportType: null,
        deliveryStatus: null,
      },
    });
    const bounce = await parseInbound(readFixture('dsn-exim.eml'));
    if (!bounce.ok) throw new Error(bounce.detail);
    expect(bounce.message.contentType).toBe('multipart/report');
    expect(bounce.message.reportType).toBe('delivery-status');
    expect(bounce.message.deliveryStatus).toContain(
      'Final-Recipient: rfc822;accounts@nowhere.test'
    );
    expect(bounce.message.returnedHeaders?.['message-id']).toEqual([
      '<reminder-ayc3avzdrxyn18lep4qir0np@example.test>',
    ]);
    // The returned message's text is not taken for the bounce's own.
    expect(bounce.message.text).not.toContain('Our records show');
  });

  it('keeps no script, only the text, of an HTML message', async () => {
    const parsed = await parseInbound(readFixture('html-script.eml'));
    if (!parsed.ok) throw new Error(parsed.detail);
    // Text only: what the scripts do and every tag are gone (a link's target stays, as text).
    expect(parsed.message.text).not.toMatch(/document\.cookie|localStorage|import\(|[<>]/);
  });

  it('reads an unknown charset and broken boundaries without throwing', async () => {
    for (const name of ['unknown-charset.eml', 'malformed-boundary.eml']) {
      const parsed = await parseInbound(readFixture(name));
      expect(parsed.ok).toBe(true);
    }
  });

  it('refuses a message of a thousand parts, with what its header says', async () => {
    const raw = messageWithParts(1000);
    const parsed = await parseInbound(raw);
    expect(parsed).toMatchObject({
      ok: false,
      reason: 'too-many-parts',
      messageId: 'parts-1000@acme-industries.test',
      subject: 'A thousand parts',
      size: raw.length,
    });
    expect((await parseInbound(messageWithParts(50))).ok).toBe(true);
  });

  it('refuses a 25 MB message streamed in, hashed to its end all the same', async () => {
    const raw = messageOfSize(25 * 1024 * 1024);
    const chunks = Array.from({ length: Math.ceil(raw.length / 65536) }, (_, i) =>
      raw.subarray(i * 65536, (i + 1) * 65536)
    );
    const parsed = await parseInbound(Readable.from(chunks));
    expect(parsed).toMatchObject({
      ok: false,
      reason: 'too-large',
      messageId: 'big-scan@acme-industries.test',
      size: raw.length,
    });
    const { rawDigest } = await import('../../src/plugins/dunning/server/src/domain/inbound-key');
    expect(!parsed.ok && parsed.rawSha256).toBe(rawDigest(raw));
  });

  it('parses a message under the size limit in full', async () => {
    const raw = messageOfSize(200 * 1024);
    const parsed = await parseInbound(raw, {
      maxBytes: 1024 * 1024,
      maxParts: 10,
      maxTextCharacters: 10,
    });
    expect(parsed).toMatchObject({ ok: true, message: { size: raw.length, text: '' } });
  });

  it('fails, rather than judges the message, when its source fails', async () => {
    const source = new Readable({ read() {} });
    source.push(readFixture('reply-outlook.eml').subarray(0, 300));
    setImmediate(() => source.destroy(new Error('connection lost')));
    await expect(parseInbound(source)).rejects.toThrow('connection lost');
  });

  it('takes empty input and plain garbage for messages, not crashes', async () => {
    expect((await parseInbound(Buffer.alloc(0))).ok).toBe(true);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect(typeof (await parseInbound(garbage)).ok).toBe('boolean');
  });
});
