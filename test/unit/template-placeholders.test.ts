import { buildTemplateContext } from '../../src/plugins/dunning/server/src/domain/template-context';
import {
  BLOCK_HELPERS,
  INVOICE_PLACEHOLDERS,
  PLACEHOLDERS,
} from '../../src/plugins/dunning/server/src/domain/template-placeholders';

const context = buildTemplateContext({
  locale: 'fr-FR',
  today: '2026-11-24',
  customer: { name: 'Acme', reference: 'ACME', address: '1 rue de la Paix, 75002 Paris' },
  contact: { name: 'Camille', email: 'c@acme.test' },
  sender: { name: 'Louise', email: 'l@us.test' },
  company: { name: 'Us', address: 'Lyon', email: 'billing@us.test', phone: '+33 4 00 00 00 00' },
  invoices: [
    {
      number: 'F-1',
      issueDate: '2026-09-15',
      dueDate: '2026-10-15',
      total: 1800,
      amountDue: 1200.5,
      currency: 'EUR',
    },
  ],
  portalUrl: 'https://portal.test/x',
  lateFees: { enabled: true, indemnity: 40, annualRatePercent: 12.15 },
});

/** The value at a dotted path of an object, undefined where the path leads nowhere. */
const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (found, key) =>
        found !== null && typeof found === 'object'
          ? (found as Record<string, unknown>)[key]
          : undefined,
      value
    );

describe('the placeholders a template may use (SPEC F2.2)', () => {
  /** What prints as a value: neither the list of invoices nor a block, whose examples are empty. */
  const printed = (name: string) =>
    name !== 'invoices' && !(BLOCK_HELPERS as readonly string[]).includes(name);

  it('names each once, with a description, and an example for each value that prints', () => {
    for (const list of [PLACEHOLDERS, INVOICE_PLACEHOLDERS]) {
      const names = list.map((placeholder) => placeholder.name);
      expect(new Set(names).size).toBe(names.length);
      for (const { name, description, example } of list) {
        expect([name, description.length > 0]).toEqual([name, true]);
        expect([name, example.length > 0]).toEqual([name, printed(name)]);
      }
    }
  });

  it('lists only what the template context gives, every value ready to print', () => {
    const values = PLACEHOLDERS.filter(
      (placeholder) => !(BLOCK_HELPERS as readonly string[]).includes(placeholder.name)
    ).map((placeholder) => [placeholder.name, typeof at(context, placeholder.name)]);
    expect(values).toEqual(
      values.map(([name]) => [name, name === 'invoices' ? 'object' : 'string'])
    );
    expect(Array.isArray(context.invoices)).toBe(true);
  });

  it('lists, inside {{#each invoices}}, only what each invoice of the context gives', () => {
    const [invoice] = context.invoices;
    const values = INVOICE_PLACEHOLDERS.map((placeholder) => [
      placeholder.name,
      typeof at(invoice, placeholder.name),
    ]);
    expect(values).toEqual(values.map(([name]) => [name, 'string']));
  });

  it('offers the two blocks the message layout places, as placeholders of the top', () => {
    expect([...BLOCK_HELPERS]).toEqual(['invoicesTable', 'accessInvoicesButton']);
    const names = PLACEHOLDERS.map((placeholder) => placeholder.name);
    for (const block of BLOCK_HELPERS) expect(names).toContain(block);
  });
});
