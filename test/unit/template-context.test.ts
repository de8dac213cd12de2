import { daysBetween } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  blockToken,
  labelsFor,
  toHtml,
} from '../../src/plugins/dunning/server/src/domain/message-layout';
import { buildTemplateContext } from '../../src/plugins/dunning/server/src/domain/template-context';
import { eur, input } from '../helpers/template-input';
describe('buildTemplateContext (SPEC F2.2)', () => {
  const context = buildTemplateContext(input);

  it('strips control characters from record values: a name cannot forge a block', () => {
    const forged = buildTemplateContext({
      ...input,
      customer: { ...input.customer, name: `Acme ${blockToken('accessInvoicesButton')}` },
      invoices: [{ ...input.invoices[0], number: `F-${blockToken('invoicesTable')}` }],
    });
    expect(forged.customer.name).toBe('Acme accessInvoicesButton');
    expect(forged.invoices[0].number).toBe('F-invoicesTable');
    const html = toHtml(
      `Bonjour ${forged.customer.name}\n\n${forged.invoices[0].number}`,
      forged,
      labelsFor('fr')
    );
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<table');
  });

  it('formats money and dates for the customer locale and sorts invoices by due date', () => {
    expect(context.totalAmount).toBe(eur(1500));
    expect(context.invoices.map((i) => [i.number, i.amountDue, i.daysOverdue])).toEqual([
      ['F-1', eur(1200.5), '40'],
      ['F-2', eur(299.5), '3'],
    ]);
    expect(context.oldestDueDate).toBe('15 octobre 2026');
    expect(context.maxDaysOverdue).toBe('40');
    expect(context.today).toBe('24 novembre 2026');
    expect(context.invoiceCount).toBe('2');
  });

  it('gives the late-payment charges to date, per invoice and in total (F4.9)', () => {
    // F-1: 1 200,50 € × 12,15 % × 40 days / 365 = 15,98 €; F-2: 299,50 € × 12,15 % × 3 / 365 = 0,30 €.
    expect(
      context.invoices.map((i) => [
        i.number,
        i.lateFees.interest,
        i.lateFees.indemnity,
        i.lateFees.total,
      ])
    ).toEqual([
      ['F-1', eur(15.98), eur(40), eur(55.98)],
      ['F-2', eur(0.3), eur(40), eur(40.3)],
    ]);
    expect(context.lateFees).toEqual({
      indemnity: eur(80),
      interest: eur(16.28),
      total: eur(96.28),
      rate: '12,15\u00a0%',
    });
    const off = buildTemplateContext({ ...input, lateFees: { ...input.lateFees, enabled: false } });
    expect(off.lateFees).toEqual({ indemnity: '', interest: '', total: '', rate: '' });
    expect(off.invoices[0].lateFees).toEqual({ indemnity: '', interest: '', total: '' });
  });

  it('adds totals per currency when a selection mixes them', () => {
    const mixed = buildTemplateContext({
      ...input,
      locale: 'en-GB',
      invoices: [
        ...input.invoices,
        {
          number: 'G',
          issueDate: null,
          dueDate: '2026-12-01',
          total: null,
          amountDue: 10,
          currency: 'GBP',
        },
      ],
    });
    expect(mixed.totalAmount).toBe('€1,500.00 + £10.00');
    expect(mixed.invoices[2]).toMatchObject({ total: '', daysOverdue: '0', issueDate: '' });
  });

  it('counts days across a DST change as calendar days', () => {
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });
});
