import {
  headerValue,
  messageIdsIn,
  ownMessageIdParts,
  parseHeaderBlock,
} from '../../src/plugins/dunning/server/src/domain/inbound-message';

/** The header reading every inbound rule builds on (RFC 5322 §2.2, §3.6.4). */

describe('messageIdsIn', () => {
  it('reads the msg-ids of a References chain, in order, without brackets', () => {
    expect(messageIdsIn('<a@x.test> <b@y.test>\r\n <c@z.test>')).toEqual([
      'a@x.test',
      'b@y.test',
      'c@z.test',
    ]);
  });

  it('takes a bare id as one, and nothing from an empty or spaced value', () => {
    expect(messageIdsIn(' a@x.test ')).toEqual(['a@x.test']);
    expect(messageIdsIn('')).toEqual([]);
    expect(messageIdsIn(null)).toEqual([]);
    expect(messageIdsIn('not an id')).toEqual([]);
  });
});

describe('parseHeaderBlock', () => {
  it('unfolds continuation lines and keeps repeated fields in order, by lower-case name', () => {
    const fields = parseHeaderBlock(
      'Received: from a\r\n\tby b\r\nReceived: from c\r\nMessage-ID:\r\n <id@x.test>\r\n\r\nBody: no'
    );
    expect(fields).toEqual({
      received: ['from a by b', 'from c'],
      'message-id': ['<id@x.test>'],
    });
    expect(headerValue(fields, 'Message-ID')).toBe('<id@x.test>');
    expect(headerValue(fields, 'subject')).toBeNull();
  });

  it('skips a line that is not a field, and keeps the fields after it', () => {
    expect(parseHeaderBlock('From: a@x.test\nnot a field\nSubject: hi\n')).toEqual({
      from: ['a@x.test'],
      subject: ['hi'],
    });
  });
});

describe('ownMessageIdParts', () => {
  it('splits our reminder and notice ids on our domain, whatever its case', () => {
    expect(ownMessageIdParts('reminder-hh4a8ktl@example.test', 'example.test')).toEqual({
      kind: 'reminder',
      key: 'hh4a8ktl',
    });
    expect(ownMessageIdParts('Notice-digest-1@EXAMPLE.test', 'example.test')).toEqual({
      kind: 'notice',
      key: 'digest-1',
    });
  });

  it('refuses another domain, a longer one, and other ids', () => {
    for (const id of [
      'reminder-a@other.test',
      'reminder-a@example.test.evil.test',
      'reminder-a@exampleXtest',
      'invoice-a@example.test',
      'reminder-@example.test',
      'reminder-a',
    ])
      expect(ownMessageIdParts(id, 'example.test')).toBeNull();
  });
});
