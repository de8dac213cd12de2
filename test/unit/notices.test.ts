import { composeNotice, noticeLanguage } from '../../src/plugins/dunning/server/src/domain/notices';

describe('sender notices (F4.4)', () => {
  const item = {
    customerName: 'Acme <Lyon>',
    invoiceNumbers: ['F-1', 'F-2'],
    amount: '150,00 €',
    recipients: ['a@x.test'],
    level: 'Reminder 1',
  };

  it('tells one reminder, or sums a day, in the admin language, escaping the HTML', () => {
    expect(noticeLanguage('fr')).toBe('fr');
    expect(noticeLanguage(null)).toBe('en');
    const one = composeNotice([item], 'en');
    expect(one.subject).toBe('[Dunning] Reminder sent in your name to Acme <Lyon>');
    expect(one.text).toContain('Invoices: F-1, F-2');
    expect(one.html).toContain('Acme &lt;Lyon&gt;');
    expect(composeNotice([item, item], 'fr', '2026-03-23').subject).toBe(
      '[Relances] 2 relances envoyées en votre nom (2026-03-23)'
    );
  });
});
