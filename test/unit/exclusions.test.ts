import {
  belowCustomerThreshold,
  type ExclusionInput,
  exclusionOf,
  isPaused,
} from '../../src/plugins/dunning/server/src/domain/exclusions';

describe('isPaused', () => {
  it('holds before the day and ends on it', () => {
    expect(isPaused('2026-04-10', '2026-04-09')).toBe(true);
    expect(isPaused('2026-04-10', '2026-04-10')).toBe(false);
    expect(isPaused('2026-04-10', '2026-04-11')).toBe(false);
    expect(isPaused(null, '2026-04-09')).toBe(false);
  });
});

describe('exclusionOf (SPEC F4.3)', () => {
  const base: ExclusionInput = {
    invoice: { status: 'open', amountDue: 500, disputed: false, promisedPaymentDate: null },
    customer: { stopDunning: false, disputed: false, pausedUntil: null },
    settings: { minInvoiceAmount: 50, skipFuturePromises: true, promiseGraceDays: 0 },
    today: '2026-04-01',
  };
  const withInvoice = (invoice: Partial<ExclusionInput['invoice']>) => ({
    ...base,
    invoice: { ...base.invoice, ...invoice },
  });

  it('lets an open invoice through', () => {
    expect(exclusionOf(base)).toBeNull();
  });

  it.each([
    ['paid', withInvoice({ status: 'paid' })],
    ['cancelled', withInvoice({ status: 'cancelled' })],
    ['draft', withInvoice({ status: 'draft' })],
    ['nothing_due', withInvoice({ amountDue: 0 })],
    [
      'stop_dunning',
      { ...base, customer: { stopDunning: true, disputed: false, pausedUntil: '2026-05-01' } },
    ],
    [
      'paused',
      { ...base, customer: { stopDunning: false, disputed: true, pausedUntil: '2026-04-02' } },
    ],
    ['disputed_invoice', withInvoice({ disputed: true })],
    [
      'disputed_customer',
      { ...base, customer: { stopDunning: false, disputed: true, pausedUntil: '2026-04-01' } },
    ],
    ['promised', withInvoice({ promisedPaymentDate: '2026-04-01' })],
    ['below_invoice_threshold', withInvoice({ amountDue: 49.99 })],
  ])('gives %s', (reason, input) => {
    expect(exclusionOf(input as ExclusionInput)).toBe(reason);
  });

  it('keeps a promise for its grace period after the date (F4.6)', () => {
    const grace = (days: number) => ({
      ...withInvoice({ promisedPaymentDate: '2026-03-29' }),
      settings: { ...base.settings, promiseGraceDays: days },
    });
    expect(exclusionOf(grace(3))).toBe('promised'); // 29 March + 3 days: paused until 1 April inclusive
    expect(exclusionOf(grace(2))).toBeNull();
  });

  it('ignores a promise that is past, and a promise when the setting is off', () => {
    expect(exclusionOf(withInvoice({ promisedPaymentDate: '2026-03-31' }))).toBeNull();
    expect(
      exclusionOf({
        ...withInvoice({ promisedPaymentDate: '2026-05-01' }),
        settings: { ...base.settings, skipFuturePromises: false },
      })
    ).toBeNull();
  });

  it('applies the per-customer threshold to the grouped amounts', () => {
    expect(belowCustomerThreshold([40, 50], 100)).toBe(true);
    expect(belowCustomerThreshold([40, 60], 100)).toBe(false);
  });
});
