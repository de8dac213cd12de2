import {
  autoReplySignal,
  classifyInbound,
  isOwnMessageId,
} from '../../src/plugins/dunning/server/src/domain/inbound-classification';
import type { InboundMessage } from '../../src/plugins/dunning/server/src/domain/inbound-message';
import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import { EXPECTED, fixtureNames, OWN_DOMAIN, readFixture } from '../helpers/inbound-fixtures';

/** Every fixture parsed with the real parser, then classified (docs/inbound.md). */

const RECEIVED_AT = new Date('2026-01-07T12:00:00Z');
const context = { ownDomain: OWN_DOMAIN, receivedAt: RECEIVED_AT };

const parsed = async (name: string): Promise<InboundMessage> => {
  const result = await parseInbound(readFixture(name));
  if (!result.ok) throw new Error(`${name}: ${result.reason} ${result.detail}`);
  return result.message;
};

const bare = (overrides: Partial<InboundMessage>): InboundMessage => ({
  messageId: 'x@customer.test',
  inReplyTo: [],
  references: [],
  from: 'someone@customer.test',
  subject: '',
  date: new Date('2026-01-05T10:00:00Z'),
  headers: {},
  contentType: 'text/plain',
  reportType: null,
  text: '',
  html: null,
  to: [],
  deliveryStatus: null,
  returnedHeaders: null,
  rawSha256: '0'.repeat(64),
  size: 0,
  ...overrides,
});

describe('classifyInbound, on every fixture', () => {
  it('has an expectation for every fixture file', () => {
    expect(fixtureNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const classification = classifyInbound(await parsed(name), context);
    expect(classification.kind).toBe(expected.kind);
    if (classification.kind === 'auto-reply') {
      expect(classification.signal.header).toBe(expected.signal);
      expect(classification.returnDate?.date ?? null).toBe(expected.returnDate);
    }
    if (classification.kind === 'dsn') {
      expect(classification.source).toBe('delivery-status');
      expect(
        classification.recipients.map(({ recipient, action, status, permanent }) => ({
          recipient,
          action,
          status,
          permanent,
        }))
      ).toEqual(expected.failures);
      expect(classification.returnedMessageId).toBe(
        `reminder-${expected.reminderId}@${OWN_DOMAIN}`
      );
      expect(classification.suppress).toEqual(
        expected.failures!.filter((f) => f.permanent).map((f) => f.recipient)
      );
    }
    if (classification.kind === 'own')
      expect(classification.messageId).toBe(`reminder-${expected.reminderId}@${OWN_DOMAIN}`);
  });

  it('reads the diagnostic and the reporting MTA of a bounce', async () => {
    const classification = classifyInbound(await parsed('dsn-postfix.eml'), context);
    expect(classification).toMatchObject({
      kind: 'dsn',
      reportingMta: 'mail.example.test',
      recipients: [
        {
          diagnostic:
            '550 5.1.1 <jean.petit@gone.test>: Recipient address rejected: User unknown in virtual mailbox table',
          remoteMta: 'mx.gone.test',
          originalRecipient: 'jean.petit@gone.test',
        },
      ],
    });
  });
});

describe('the order of the rules', () => {
  it('takes our own Message-ID for our own message, before any other sign', () => {
    const own = bare({
      messageId: `notice-digest-2026-01-05@${OWN_DOMAIN.toUpperCase()}`,
      headers: { 'auto-submitted': ['auto-generated'] },
    });
    expect(classifyInbound(own, context)).toEqual({ kind: 'own', messageId: own.messageId });
    expect(isOwnMessageId(`reminder-abc@${OWN_DOMAIN}`, OWN_DOMAIN)).toBe(true);
    expect(isOwnMessageId(`reminder-abc@${OWN_DOMAIN}.evil.test`, OWN_DOMAIN)).toBe(false);
    expect(isOwnMessageId('reminder-abc@exampleXtest', OWN_DOMAIN)).toBe(false);
  });

  it('takes a delivery report over the Auto-Submitted header every bounce carries', () => {
    const report = bare({
      headers: { 'auto-submitted': ['auto-replied'] },
      contentType: 'multipart/report',
      reportType: 'delivery-status',
      deliveryStatus:
        'Reporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; a@b.test\nAction: failed\nStatus: 4.4.7\n',
    });
    const classification = classifyInbound(report, context);
    expect(classification).toMatchObject({ kind: 'dsn', suppress: [] });
  });

  it('reads the delivery report of UTF-8 mail (RFC 6533) as any other', () => {
    const report = bare({
      contentType: 'multipart/report',
      reportType: 'global-delivery-status',
      deliveryStatus:
        'Reporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; josé@exemple.test\nAction: failed\nStatus: 5.1.1\n',
      returnedHeaders: { 'message-id': [`<reminder-abc@${OWN_DOMAIN}>`] },
    });
    expect(classifyInbound(report, context)).toMatchObject({
      kind: 'dsn',
      suppress: ['josé@exemple.test'],
      returnedMessageId: `reminder-abc@${OWN_DOMAIN}`,
    });
  });

  it('reads a bounce without a report from X-Failed-Recipients, and suppresses nothing', () => {
    const bounce = bare({ headers: { 'x-failed-recipients': ['A@B.test, c@d.test'] } });
    expect(classifyInbound(bounce, context)).toMatchObject({
      kind: 'dsn',
      source: 'x-failed-recipients',
      recipients: [{ recipient: 'a@b.test' }, { recipient: 'c@d.test' }],
      suppress: [],
    });
  });

  it('does not take a report of another type (a read receipt) for a bounce', () => {
    const receipt = bare({
      contentType: 'multipart/report',
      reportType: 'disposition-notification',
    });
    expect(classifyInbound(receipt, context).kind).toBe('human');
  });
});

describe('autoReplySignal (RFC 3834 §5, then the vendors)', () => {
  const signal = (headers: Record<string, string[]>) => autoReplySignal(bare({ headers }));

  it('reads Auto-Submitted by its first word, and not its `no`', () => {
    expect(signal({ 'auto-submitted': ['auto-replied (vacation)'] })?.header).toBe(
      'auto-submitted'
    );
    expect(signal({ 'auto-submitted': ['auto-generated'] })?.header).toBe('auto-submitted');
    expect(signal({ 'auto-submitted': ['No'] })).toBeNull();
    expect(signal({ 'auto-submitted': ['no'], 'x-autoreply': ['yes'] })?.header).toBe(
      'x-autoreply'
    );
  });

  it('takes Precedence auto_reply, bulk and junk, not a mailing list', () => {
    for (const value of ['auto_reply', 'bulk', 'Junk'])
      expect(signal({ precedence: [value] })?.value).toBe(value);
    expect(signal({ precedence: ['list'] })).toBeNull();
  });

  it("takes Exchange's inbox-rules headers, and nothing for a person's reply", () => {
    expect(signal({ 'x-ms-exchange-inbox-rules-loop': ['a@b.test'] })?.header).toBe(
      'x-ms-exchange-inbox-rules-loop'
    );
    expect(signal({ 'x-autorespond': ['Subject'] })?.header).toBe('x-autorespond');
    expect(signal({ 'x-auto-response-suppress': ['All'] })).toBeNull();
    expect(signal({})).toBeNull();
  });

  it('reads the return date against the arrival when the message has no Date', () => {
    const reply = bare({
      date: null,
      headers: { 'auto-submitted': ['auto-replied'] },
      text: 'Back on Monday.',
    });
    // 7 January 2026 is a Wednesday: the Monday after is the 12th.
    expect(classifyInbound(reply, context)).toMatchObject({
      kind: 'auto-reply',
      returnDate: { date: '2026-01-12' },
    });
  });
});
