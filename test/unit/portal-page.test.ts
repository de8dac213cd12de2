import { renderPortalPage, renderPortalRefusal } from '../../src/plugins/dunning/server/src/domain/portal-page';

const invoices = [
  { number: 'F-001', dueDate: '2026-03-15', amountDue: 1200.5, currency: 'EUR', pdfHref: 'https://x.test/api/dunning/portal/tok/invoices/abc/pdf' },
  { number: 'F-002', dueDate: '2026-04-02', amountDue: 99, currency: 'USD', pdfHref: null },
];
const text = (html: string) => html.replace(/<style>[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the customer portal pages (SPEC F7.4)', () => {
  it("lists the invoices in the customer's language, numbers and dates in its locale", () => {
    const html = renderPortalPage({ locale: 'fr-FR', customerName: 'Acme', companyName: 'OurCo', invoices });
    expect(html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(text(html)).toContain('Vos factures à régler');
    expect(text(html)).toContain(`F-001 15 mars 2026 ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1200.5).replace(/\s/g, ' ')} Télécharger`);
    expect(html).toContain('<a href="https://x.test/api/dunning/portal/tok/invoices/abc/pdf">Télécharger</a>');
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it('speaks English to every other locale, with its own formats', () => {
    const html = renderPortalPage({ locale: 'en-US', customerName: 'Globex', companyName: 'OurCo', invoices });
    expect(html).toContain('<html lang="en">');
    expect(text(html)).toContain('F-002 April 2, 2026 $99.00');
    expect(renderPortalPage({ locale: 'de-DE', customerName: 'G', companyName: 'O', invoices: [] })).toContain('You have no invoices awaiting payment');
  });

  it('falls back to the language default when the locale is unknown to Intl', () => {
    expect(text(renderPortalPage({ locale: 'fr-not-a-locale-at-all', customerName: 'A', companyName: 'O', invoices }))).toContain('15 mars 2026');
  });

  it('escapes every value', () => {
    const html = renderPortalPage({
      locale: 'en',
      customerName: '<script>alert(1)</script>',
      companyName: 'A & "B"',
      invoices: [{ number: '<img src=x onerror=alert(1)>', dueDate: '2026-01-01', amountDue: 1, currency: 'EUR', pdfHref: 'https://x.test/"><script>' }],
    });
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A &amp; &quot;B&quot;');
    expect(html).toContain('href="https://x.test/&quot;&gt;&lt;script&gt;"');
  });

  it('explains a refusal in the language the browser prefers', () => {
    expect(text(renderPortalRefusal('expired', 'fr-FR,fr;q=0.9,en;q=0.8'))).toContain('Ce lien a expiré');
    expect(text(renderPortalRefusal('invalid', 'en-GB,en;q=0.9'))).toContain('This link is not valid');
    expect(text(renderPortalRefusal('invalid', undefined))).toContain('This link is not valid');
  });
});
