import {
  blockToken,
  fromEditableText,
  labelsFor,
  toEditableText,
  toHtml,
  toLetter,
  toSubject,
  toText,
} from '../../src/plugins/dunning/server/src/domain/message-layout';
import { buildTemplateContext } from '../../src/plugins/dunning/server/src/domain/template-context';
import { eur, input } from '../helpers/template-input';
describe('a rendered message as a letter', () => {
  const context = buildTemplateContext({
    locale: 'fr-FR',
    today: '2026-11-20',
    customer: { name: 'Atelier Martin' },
    contact: null,
    sender: { name: 'Louise', email: 'louise@acme.test' },
    company: { name: 'Acme', address: '', email: '', phone: '' },
    invoices: [
      {
        number: 'F-1',
        issueDate: null,
        dueDate: '2026-10-15',
        total: null,
        amountDue: 100,
        currency: 'EUR',
      },
    ],
    portalUrl: '',
    lateFees: { enabled: false, indemnity: 0, annualRatePercent: 0 },
  });

  it('is labelled in the language of the template it was rendered from', () => {
    expect(toLetter('Relance', [{ kind: 'invoicesTable' }], context, 'fr').labels.number).toBe(
      'Facture'
    );
    expect(toLetter('Reminder', [{ kind: 'invoicesTable' }], context, 'en-GB').labels.number).toBe(
      'Invoice'
    );
  });

  it('keeps the subject, the parts and the data of its invoices table', () => {
    const parts = [{ kind: 'text' as const, text: 'Bonjour' }, { kind: 'invoicesTable' as const }];
    expect(toLetter('Relance', parts, context, 'fr')).toMatchObject({
      subject: 'Relance',
      parts,
      context,
    });
  });
});

describe('message layout', () => {
  const context = buildTemplateContext(input);
  const labels = labelsFor('fr');

  it('makes paragraphs, keeps line breaks and places blocks on their own', () => {
    const rendered = `Bonjour &lt;b&gt;,\nligne 2\n\n${blockToken('invoicesTable')}\n\n${blockToken('accessInvoicesButton')}`;
    const html = toHtml(rendered, context, labels);
    expect(html).toContain('<p>Bonjour &lt;b&gt;,<br>\nligne 2</p>');
    expect(html).toContain('<table');
    expect(html).toMatch(/<td[^>]*>F-1<\/td>/);
    expect(html).toContain('href="https://portal.test/x?a=1&amp;b=2"');
    expect(html).not.toContain('<p><table');
  });

  it('writes the text version with a text table and the portal link', () => {
    const text = toText(
      `Bonjour\n\n${blockToken('invoicesTable')}\n\n${blockToken('accessInvoicesButton')}`,
      context,
      labels
    );
    expect(text).toBe(
      [
        'Bonjour',
        '',
        `- F-1 | Échéance 15 octobre 2026 | ${eur(1200.5)} | Jours de retard: 40`,
        `- F-2 | Échéance 21 novembre 2026 | ${eur(299.5)} | Jours de retard: 3`,
        `Total: ${eur(1500)}`,
        '',
        'Accéder à mes factures: https://portal.test/x?a=1&b=2',
      ].join('\n')
    );
  });

  it('gives the clerk the rendered text with each block as its helper, and takes it back with the blocks live', () => {
    const editable = toEditableText(
      `Bonjour Camille,\n\n${blockToken('invoicesTable')}\n\n${blockToken('accessInvoicesButton')}`
    );
    expect(editable).toBe('Bonjour Camille,\n\n{{invoicesTable}}\n\n{{accessInvoicesButton}}');

    // The clerk's words are words: HTML is escaped, a placeholder stays as typed, a stray token is dropped.
    const { escaped, plain } = fromEditableText(
      `${editable.replace('Bonjour', 'Chère')}\n\n<b>{{customer.name}}</b> & co\u0001invoicesTable\u0001`
    );
    const html = toHtml(escaped, context, labels);
    expect(html).toContain('<p>Chère Camille,</p>');
    expect(html).toMatch(/<table[^]*<td[^>]*>F-1<\/td>/);
    expect(html).toContain('href="https://portal.test/x?a=1&amp;b=2"');
    expect(html).toContain('<p>&lt;b&gt;{{customer.name}}&lt;/b&gt; &amp; coinvoicesTable</p>');
    expect(html.match(/<table/g)).toHaveLength(1);
    const text = toText(plain, context, labels);
    expect(text).toContain(
      `- F-1 | Échéance 15 octobre 2026 | ${eur(1200.5)} | Jours de retard: 40`
    );
    expect(text).toContain('Accéder à mes factures: https://portal.test/x?a=1&b=2');
    expect(text).toContain('<b>{{customer.name}}</b> & coinvoicesTable');
  });

  it('makes a subject one line without control characters', () => {
    expect(toSubject('Relance\r\nBcc: evil@x.test\u0007  facture')).toBe(
      'Relance Bcc: evil@x.test facture'
    );
  });
});

describe('subjects in locales that group digits with non-breaking spaces', () => {
  it('keeps them', () => {
    const amount = eur(1500); // "1 500,00 €" with U+202F and U+00A0
    expect(toSubject(`Relance – ${amount}`)).toBe(`Relance – ${amount}`);
  });
});
