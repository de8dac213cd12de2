import {
  parseDeliveryStatus,
  statusCode,
} from '../../src/plugins/dunning/server/src/domain/inbound-delivery-report';

/** The fields of a delivery status notification (RFC 3464 §2), status codes (RFC 3463). */

const REPORT = [
  'Reporting-MTA: dns; mail.example.test',
  'Arrival-Date: Mon,  5 Jan 2026 09:00:05 +0100 (CET)',
  '',
  'Final-Recipient: rfc822; <Jean.Petit@Gone.test>',
  'Original-Recipient: rfc822;jean@alias.test',
  'Action: failed',
  'Status: 5.1.1 (bad destination mailbox address)',
  'Remote-MTA: dns; mx.gone.test',
  'Diagnostic-Code: smtp; 550 5.1.1 <jean.petit@gone.test>: Recipient address',
  '    rejected: User unknown',
  '',
  'Final-Recipient: rfc822; slow@later.test',
  'Action: delayed',
  'Status: 4.4.1',
  '',
  'Final-Recipient: rfc822; given-up@later.test',
  'Action: failed',
  'Status: 4.4.7',
  '',
  'Final-Recipient: rfc822; ok@fine.test',
  'Action: delivered',
  'Status: 2.0.0',
  '',
].join('\r\n');

describe('parseDeliveryStatus', () => {
  const report = parseDeliveryStatus(REPORT);

  it('reads the per-message fields and one record per recipient block', () => {
    expect(report.reportingMta).toBe('mail.example.test');
    expect(report.recipients.map((r) => [r.recipient, r.action, r.status])).toEqual([
      ['jean.petit@gone.test', 'failed', '5.1.1'],
      ['slow@later.test', 'delayed', '4.4.1'],
      ['given-up@later.test', 'failed', '4.4.7'],
      ['ok@fine.test', 'delivered', '2.0.0'],
    ]);
  });

  it('keeps the original recipient, the remote MTA and the unfolded diagnostic', () => {
    expect(report.recipients[0]).toEqual({
      recipient: 'jean.petit@gone.test',
      originalRecipient: 'jean@alias.test',
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <jean.petit@gone.test>: Recipient address rejected: User unknown',
      remoteMta: 'mx.gone.test',
      permanent: true,
    });
  });

  it('calls permanent only a failure with a 5.x.x status (RFC 3463 §2, class 5)', () => {
    expect(report.recipients.map((r) => r.permanent)).toEqual([true, false, false, false]);
  });

  it("reads Gmail's X-Original-Message-ID and an action it does not know", () => {
    const gmail = parseDeliveryStatus(
      'Reporting-MTA: dns; googlemail.com\nX-Original-Message-ID: <r@example.test>\n\nFinal-Recipient: rfc822; a@b.test\nAction: Failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822; c@d.test\nAction: bounced\n'
    );
    expect(gmail.originalMessageId).toBe('r@example.test');
    expect(gmail.recipients.map((r) => [r.action, r.status])).toEqual([
      ['failed', '5.1.1'],
      ['unknown', null],
    ]);
  });

  it('reads nothing from an empty or broken body, without throwing', () => {
    expect(parseDeliveryStatus('')).toEqual({
      reportingMta: null,
      originalMessageId: null,
      recipients: [],
    });
    expect(parseDeliveryStatus('garbage\n\n\n:::\nAction: failed\n').recipients).toEqual([]);
  });
});

describe('statusCode', () => {
  it('takes class.subject.detail with up to three digits, nothing else', () => {
    expect(statusCode('5.1.10')).toBe('5.1.10');
    expect(statusCode(' 4.4.1 (delayed)')).toBe('4.4.1');
    expect(statusCode('550')).toBeNull();
    expect(statusCode('6.1.1')).toBeNull();
    expect(statusCode(null)).toBeNull();
  });
});
