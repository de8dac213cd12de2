import {
  renderPortalPage,
  renderPortalProblem,
  renderPortalRefusal,
  renderPortalTooMany,
} from '../../src/plugins/dunning/server/src/portal/page';

const invoices = [
  {
    number: 'F-001',
    dueDate: '2026-03-15',
    amountDue: 1200.5,
    currency: 'EUR',
    pdfHref: 'https://x.test/api/dunning/portal/tok/invoices/abc/pdf',
  },
  { number: 'F-002', dueDate: '2026-04-02', amountDue: 99, currency: 'USD', pdfHref: null },
];
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the customer portal pages (SPEC F7.4)', () => {
  it("lists the invoices in the customer's language, numbers and dates in its locale", () => {
    const html = renderPortalPage({
      locale: 'fr-FR',
      customerName: 'Acme',
      companyName: 'OurCo',
      invoices,
    });
    expect(html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(text(html)).toContain('Vos factures à régler');
    expect(text(html)).toContain(
      `F-001 15 mars 2026 ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1200.5).replace(/\s/g, ' ')} Télécharger`
    );
    expect(html).toContain(
      '<a href="https://x.test/api/dunning/portal/tok/invoices/abc/pdf">Télécharger</a>'
    );
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  it('speaks English to every other locale, with its own formats', () => {
    const html = renderPortalPage({
      locale: 'en-US',
      customerName: 'Globex',
      companyName: 'OurCo',
      invoices,
    });
    expect(html).toContain('<html lang="en">');
    expect(text(html)).toContain('F-002 April 2, 2026 $99.00');
    expect(
      renderPortalPage({ locale: 'de-DE', customerName: 'G', companyName: 'O', invoices: [] })
    ).toContain('You have no invoices awaiting payment');
  });

  it('falls back to the language default when the locale is unknown to Intl', () => {
    expect(
      text(
        renderPortalPage({
          locale: 'fr-not-a-locale-at-all',
          customerName: 'A',
          companyName: 'O',
          invoices,
        })
      )
    ).toContain('15 mars 2026');
  });

  it('escapes every value', () => {
    const html = renderPortalPage({
      locale: 'en',
      customerName: '<script>alert(1)</script>',
      companyName: 'A & "B"',
      invoices: [
        {
          number: '<img src=x onerror=alert(1)>',
          dueDate: '2026-01-01',
          amountDue: 1,
          currency: 'EUR',
          pdfHref: 'https://x.test/"><script>',
        },
      ],
    });
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A &amp; &quot;B&quot;');
    expect(html).toContain('href="https://x.test/&quot;&gt;&lt;script&gt;"');
  });

  it('explains a refusal in the language the browser prefers', () => {
    expect(text(renderPortalRefusal('expired', 'fr-FR,fr;q=0.9,en;q=0.8'))).toContain(
      'Ce lien a expiré'
    );
    expect(text(renderPortalRefusal('invalid', 'en-GB,en;q=0.9'))).toContain(
      'This link is not valid'
    );
    expect(text(renderPortalRefusal('invalid', undefined))).toContain('This link is not valid');
  });

  it('names any key a form was posted with, prototype names included, without reading them off an object', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const html = renderPortalProblem([key], 'en-GB', '/back');
      expect(text(html)).toContain(`Please check what you entered ${key} Back to my invoices`);
    }
    expect(text(renderPortalProblem(['date', 'comment'], 'fr-FR', '/back'))).toContain(
      'Date de paiement : une date, aujourd&#39;hui ou plus tard Commentaire'
    );
  });

  it("says which bound a promise went past, in the customer's language and formats", () => {
    const bounds = [
      { field: 'date' as const, latest: '2027-02-04' },
      { field: 'amount' as const, most: 1200.5, currency: 'EUR' },
    ];
    const money = (locale: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' })
        .format(1200.5)
        .replace(/\s/g, ' ');
    expect(text(renderPortalProblem(bounds, 'en-GB', '/back'))).toContain(
      `Payment date: the date must be on or before 4 February 2027 Amount: the amount cannot exceed ${money('en-GB')}, the amount due`
    );
    expect(text(renderPortalProblem(bounds, 'fr-FR', '/back'))).toContain(
      `Date de paiement : la date ne peut dépasser le 4 février 2027 Montant : le montant ne peut dépasser ${money('fr-FR')}, le reste dû`
    );
    expect(
      text(renderPortalProblem([{ field: 'date', earliest: '2026-12-06' }], 'fr-FR', '/back'))
    ).toContain('la date ne peut être antérieure au 6 décembre 2026');
  });

  it('bounds the promise date picker from today to the horizon', () => {
    const html = renderPortalPage({
      locale: 'en-GB',
      customerName: 'Acme',
      companyName: 'OurCo',
      today: '2026-12-06',
      latestPromise: '2027-02-04',
      invoices: [
        { ...invoices[0], actions: { promiseHref: '/p', disputeHref: null, payHref: null } },
      ],
    });
    expect(html).toContain(
      '<input type="date" name="date" min="2026-12-06" max="2027-02-04" required>'
    );
  });

  it("tells a customer over the hour's limit when to try again, in its language", () => {
    expect(text(renderPortalTooMany(3599, 'fr-FR', '/back'))).toContain(
      'Trop de demandes Vous avez fait beaucoup de demandes en peu de temps. Réessayez dans 60 minutes. Revenir à mes factures'
    );
    expect(text(renderPortalTooMany(30, 'en-GB', '/back'))).toContain(
      'Please try again in 1 minute.'
    );
  });

  it("offers Pay now as a link, not a form: the host sends form-action 'self'", () => {
    const html = renderPortalPage({
      locale: 'fr-FR',
      customerName: 'Acme',
      companyName: 'OurCo',
      invoices: [
        {
          ...invoices[0],
          actions: {
            promiseHref: '/p/tok/invoices/abc/promise',
            disputeHref: null,
            payHref: '/p/tok/invoices/abc/pay',
          },
        },
      ],
    });
    expect(html).toContain('<a class="pay" href="/p/tok/invoices/abc/pay">Payer en ligne</a>');
    expect(html).not.toContain('action="/p/tok/invoices/abc/pay"');
    expect(html.match(/<form /g)).toHaveLength(1);
  });

  it("says which invoices of how many, with the previous and next pages, in the customer's language", () => {
    const paging = {
      page: 2,
      pageCount: 100,
      total: 5000,
      from: 51,
      to: 100,
      previousHref: '/p/tok?page=1',
      nextHref: '/p/tok?page=3',
    };
    const fr = renderPortalPage({
      locale: 'fr-FR',
      customerName: 'Acme',
      companyName: 'OurCo',
      invoices,
      paging,
    });
    expect(text(fr)).toContain(
      `← Page précédente Factures 51 à 100 sur ${new Intl.NumberFormat('fr-FR').format(5000).replace(/\s/g, ' ')} · Page 2 sur 100 Page suivante →`
    );
    expect(fr).toContain('<a href="/p/tok?page=1" rel="prev">');
    expect(fr).toContain('<a href="/p/tok?page=3" rel="next">');
    const en = renderPortalPage({
      locale: 'en-GB',
      customerName: 'Acme',
      companyName: 'OurCo',
      invoices,
      paging: { ...paging, page: 100, from: 4951, to: 5000, nextHref: null },
    });
    expect(text(en)).toContain(
      '← Previous page Invoices 4,951 to 5,000 of 5,000 · Page 100 of 100'
    );
    expect(en).not.toContain('rel="next"');
    const single = renderPortalPage({
      locale: 'en-GB',
      customerName: 'Acme',
      companyName: 'OurCo',
      invoices,
      paging: {
        ...paging,
        page: 1,
        pageCount: 1,
        total: 2,
        from: 1,
        to: 2,
        previousHref: null,
        nextHref: null,
      },
    });
    expect(single).not.toContain('class="paging"');
  });

  it('names a bad page number, and says when online payment is not offered', () => {
    expect(text(renderPortalProblem(['page'], 'en-GB', '/p/tok'))).toContain(
      'Page: a page number of the list, 1 or more'
    );
    expect(text(renderPortalRefusal('payment_unavailable', 'fr-FR', '/p/tok'))).toContain(
      'Le paiement en ligne n&#39;est pas proposé pour cette facture'
    );
    expect(text(renderPortalRefusal('payment_unavailable', 'en-GB', '/p/tok'))).toContain(
      'Online payment is not offered for this invoice'
    );
  });
});
