import { statementFileName } from '../../src/plugins/dunning/server/src/domain/file-names';
import { labelsFor } from '../../src/plugins/dunning/server/src/domain/message-layout';
import type { InvoiceRecord } from '../../src/plugins/dunning/server/src/domain/records';
import type { CustomerRecord } from '../../src/plugins/dunning/server/src/domain/records';
import {
  statementCacheKey,
  statementSkipReason,
  statementTotals,
} from '../../src/plugins/dunning/server/src/domain/statement';

describe('statement of account (F3.1, F3.5)', () => {
  it('totals the amounts due and late charges per currency, never across currencies', () => {
    expect(
      statementTotals([
        { currency: 'GBP', amountDue: 200, indemnity: 40, interest: 4.86 },
        { currency: 'EUR', amountDue: 1000.1, indemnity: 40, interest: 9.99 },
        { currency: 'EUR', amountDue: 500.2, indemnity: 0, interest: 0 },
      ])
    ).toEqual([
      { currency: 'EUR', amountDue: 1500.3, lateCharges: 49.99, total: 1550.29 },
      { currency: 'GBP', amountDue: 200, lateCharges: 44.86, total: 244.86 },
    ]);
    expect(statementTotals([])).toEqual([]);
  });

  it('names its file after the customer reference and the day, with safe characters only', () => {
    expect(statementFileName({ reference: 'ACME/../x', documentId: 'abc' }, '2026-12-02')).toBe(
      'statement-ACME-.-x-2026-12-02.pdf'
    );
    expect(statementFileName({ reference: null, documentId: 'abc123' }, '2026-12-02')).toBe(
      'statement-abc123-2026-12-02.pdf'
    );
  });

  it('has its labels in French and English', () => {
    expect(labelsFor('fr-FR')).toMatchObject({
      statement: 'Relevé de compte',
      lateCharges: 'Pénalités de retard',
    });
    expect(labelsFor('en-GB')).toMatchObject({
      statement: 'Statement of account',
      lateCharges: 'Late charges',
    });
  });

  describe('who gets a monthly statement (F3.5)', () => {
    const invoice = (reminderEmails: string | null) =>
      ({
        reminderEmails,
        contact: null,
        customer: { favouriteContact: null },
      }) as unknown as InvoiceRecord;
    const customer = { stopDunning: false, pausedUntil: null };

    it('a customer with an open invoice that has an address', () => {
      expect(
        statementSkipReason(customer, [invoice(null), invoice('ap@customer.test')], '2026-12-03')
      ).toBeNull();
    });

    it('not one whose dunning is stopped or paused on its today, with nothing open, or with no address on any invoice', () => {
      expect(
        statementSkipReason(
          { ...customer, stopDunning: true },
          [invoice('ap@customer.test')],
          '2026-12-03'
        )
      ).toBe('stop_dunning');
      expect(
        statementSkipReason(
          { ...customer, pausedUntil: '2026-12-04' },
          [invoice('ap@customer.test')],
          '2026-12-03'
        )
      ).toBe('paused');
      expect(statementSkipReason(customer, [], '2026-12-03')).toBe('nothing_due');
      expect(statementSkipReason(customer, [invoice(null)], '2026-12-03')).toBe('no_address');
    });

    it('one whose pause ends today', () => {
      expect(
        statementSkipReason(
          { ...customer, pausedUntil: '2026-12-03' },
          [invoice('ap@customer.test')],
          '2026-12-03'
        )
      ).toBeNull();
    });
  });

  it("keeps the portal's statement under a key of the customer, its day and all the statement is made of", () => {
    const customer: CustomerRecord = {
      documentId: 'c1',
      name: 'Acme',
      reference: 'ACM',
      segment: null,
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      address: '1 rue X',
      phone: null,
      stopDunning: false,
      stopDunningReason: null,
      pausedUntil: null,
      pauseReason: null,
      ownerId: null,
      disputed: false,
      scenarioDocumentId: null,
      favouriteContact: null,
    };
    const base = {
      customer,
      today: '2026-04-01',
      ledger: { invoices: 5000, amountDue: 123456.78, lastWrittenAt: 1775000000000 },
      settings: { company: { name: 'OurCo' } },
    };
    const key = statementCacheKey(base);
    expect(key.startsWith('c1:2026-04-01:')).toBe(true);
    expect(statementCacheKey({ ...base })).toBe(key);
    const changed = [
      statementCacheKey({ ...base, today: '2026-04-02' }),
      statementCacheKey({ ...base, customer: { ...customer, documentId: 'c2' } }),
      statementCacheKey({ ...base, customer: { ...customer, address: '2 rue Y' } }),
      statementCacheKey({
        ...base,
        ledger: { ...base.ledger, lastWrittenAt: base.ledger.lastWrittenAt + 1 },
      }),
      statementCacheKey({ ...base, ledger: { ...base.ledger, amountDue: 123000 } }),
      statementCacheKey({ ...base, ledger: { ...base.ledger, invoices: 4999 } }),
      statementCacheKey({ ...base, settings: { company: { name: 'OurCo SA' } } }),
    ];
    expect(new Set([key, ...changed]).size).toBe(changed.length + 1);
  });
});
