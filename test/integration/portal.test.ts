import crypto from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { signToken } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { createCustomer, createInvoice, seedAcme } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

const SECRET = process.env.DUNNING_PORTAL_SECRET!;
const DAY = 86_400_000;
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const pdfBytes = (label: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${label}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`
  );
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe.each(DATABASES)('customer portal on %s (SPEC F7.4)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  const today = todayIn('Europe/Paris', new Date());
  const portal = () => strapi.plugin('dunning').service('portal');
  /** A customer with more open invoices than a page holds: PG-001 (the oldest due) to PG-055. */
  let paged: { customer: { documentId: string }; invoices: Array<{ documentId: string }> };
  const numbered = (index: number) => `PG-${String(index).padStart(3, '0')}`;

  /** Links of e-mails point at server.url (here the localhost fallback), the page's own are paths: open them on the test server. */
  const open = async (link: string, headers: Record<string, string> = {}) => {
    const url = new URL(link, app.url);
    const response = await fetch(`${app.url}${url.pathname}${url.search}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      html: bytes.toString('utf8'),
    };
  };
  const links = (html: string) =>
    [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
  /** The invoice PDFs' links (the page also links the statement of account). */
  const hrefs = (html: string) => links(html).filter((link) => link.includes('/invoices/'));

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true, env: { DUNNING_PORTAL_LINK_DAYS: '7' } });
    strapi = app.strapi;
    ledger = await seedAcme(strapi, today);
    // Before any request: the seconds this takes would outlast the server's keep-alive and reset the tests' connection.
    const customer = await createCustomer(strapi, 'Paged customer');
    paged = { customer, invoices: [] };
    for (let index = 1; index <= 55; index++)
      paged.invoices.push(
        await createInvoice(strapi, customer, numbered(index), addDays(today, index - 60), 10)
      );
    const files = strapi.plugin('dunning').service('files');
    for (const invoice of [ledger.f1, ledger.f2, ledger.paid, ledger.foreign]) {
      const pdf = await files.store(
        `${invoice.number}.pdf`,
        pdfBytes(invoice.number),
        'application/pdf'
      );
      await strapi
        .documents('api::invoice.invoice' as any)
        .update({ documentId: invoice.documentId, data: { pdf: pdf.id } as any });
    }
    await strapi
      .plugin('dunning')
      .service('settings')
      .update({ company: { name: 'OurCo', address: '', email: '', phone: '' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("lists only the customer's open invoices, in French, with their PDFs", async () => {
    const { status, headers, html } = await open(portal().linkFor(ledger.customer.documentId));
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('<html lang="fr">');
    const page = text(html);
    expect(page).toContain('Acme Industries — factures en attente de paiement chez OurCo');
    expect(page.match(/[FG]-\d{3}/g)).toEqual(['F-001', 'F-002', 'F-003']);
    expect(page).toContain(
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
        .format(1200.5)
        .replace(/\s/g, ' ')
    );

    const links = hrefs(html);
    expect(links).toHaveLength(2);
    const served = await Promise.all(links.map((link) => open(link)));
    expect(
      served.map((file) => [file.status, file.headers.get('content-type'), sha(file.bytes)])
    ).toEqual([
      [200, 'application/pdf', sha(pdfBytes('F-001'))],
      [200, 'application/pdf', sha(pdfBytes('F-002'))],
    ]);
    expect(served[0].headers.get('content-disposition')).toBe('attachment; filename="F-001.pdf"');
    expect(served[0].headers.get('cache-control')).toBe('no-store');
  });

  it('speaks English to an English-speaking customer', async () => {
    const { status, html } = await open(portal().linkFor(ledger.other.documentId));
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(text(html).match(/[FG]-\d{3}/g)).toEqual(['G-001']);
    const [pdf] = hrefs(html);
    expect(sha((await open(pdf)).bytes)).toBe(sha(pdfBytes('G-001')));
  });

  it("refuses another customer's invoice, and a paid one, with the customer's own link", async () => {
    const [link] = hrefs((await open(portal().linkFor(ledger.customer.documentId))).html);
    for (const invoice of [ledger.foreign, ledger.paid]) {
      const { status, bytes } = await open(link.replace(ledger.f1.documentId, invoice.documentId));
      expect(status).toBe(404);
      expect(bytes.toString()).not.toContain('%PDF');
    }
  });

  it('is valid for the configured number of days', async () => {
    const link = portal().linkFor(ledger.customer.documentId, new Date(Date.now() - 6.9 * DAY));
    expect((await open(link)).status).toBe(200);
    const expired = portal().linkFor(ledger.customer.documentId, new Date(Date.now() - 7.1 * DAY));
    const refused = await open(expired, { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(refused.status).toBe(403);
    expect(text(refused.html)).toContain('Ce lien a expiré');
    expect(refused.html).not.toContain('F-001');
    const [pdf] = hrefs((await open(link)).html);
    const pdfOfExpired = pdf.replace(new URL(link).pathname, new URL(expired).pathname);
    expect((await open(pdfOfExpired)).status).toBe(403);
  });

  it('refuses forged and tampered links with a page that says so', async () => {
    const valid = portal().linkFor(ledger.customer.documentId);
    const token = valid.split('/').pop()!;
    const flip = (char: string) => (char === 'A' ? 'B' : 'A');
    const forgeries = {
      'another secret': signToken(
        { secret: 'not-the-server-secret-000', purpose: 'portal' },
        ledger.customer.documentId,
        new Date(Date.now() + DAY)
      ),
      'another purpose': signToken(
        { secret: SECRET, purpose: 'open' },
        ledger.customer.documentId,
        new Date(Date.now() + DAY)
      ),
      'another customer written in': `${Buffer.from(ledger.other.documentId).toString('base64url')}.${token.split('.').slice(1).join('.')}`,
      'a tampered signature': `${token.slice(0, -1)}${flip(token.slice(-1))}`,
      'a customer id alone': ledger.customer.documentId,
    };
    for (const [what, forged] of Object.entries(forgeries)) {
      const { status, html } = await open(valid.replace(token, forged), {
        'accept-language': 'en-GB',
      });
      expect([what, status]).toEqual([what, 403]);
      expect(text(html)).toContain('This link is not valid');
      expect(html).not.toMatch(/Acme|Globex|F-00/);
    }
    expect(
      (
        await open(
          `${valid.replace(token, forgeries['a tampered signature'])}/invoices/${ledger.f1.documentId}/pdf`
        )
      ).status
    ).toBe(403);
  });

  it('refuses a signed link of a customer that no longer exists', async () => {
    const gone = signToken(
      { secret: SECRET, purpose: 'portal' },
      'customer-deleted-long-ago',
      new Date(Date.now() + DAY)
    );
    expect((await open(`http://localhost/api/dunning/portal/${gone}`)).status).toBe(403);
  });

  it('escapes what the customer record holds', async () => {
    const customer = await strapi
      .documents('api::customer.customer' as any)
      .create({ data: { name: '<script>alert("x")</script>', locale: 'en-GB' } });
    await strapi.documents('api::invoice.invoice' as any).create({
      data: {
        number: '<img src=x onerror=alert(1)>',
        customer: customer.documentId,
        issueDate: today,
        dueDate: today,
        amountDue: 10,
        total: 10,
        currency: 'EUR',
        status: 'open',
      } as any,
    });
    const { status, html } = await open(portal().linkFor(customer.documentId));
    expect(status).toBe(200);
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is the link behind the "Access invoices" button of manual reminders', async () => {
    const customer = await strapi
      .plugin('dunning')
      .service('receivables')
      .findCustomer(ledger.customer.documentId);
    const invoices = await strapi
      .plugin('dunning')
      .service('receivables')
      .findInvoices([ledger.f1.documentId]);
    const context = await strapi
      .plugin('dunning')
      .service('messages')
      .contextFor({
        customer,
        invoices,
        sender: { id: 1, email: 'louise@ourco.test' },
        recipient: null,
        now: new Date(),
      });
    const rendered = strapi.plugin('dunning').service('templates').render(
      {
        channel: 'email',
        subject: 'Relance',
        body: 'Bonjour,\n\n{{accessInvoicesButton}}',
        locale: 'fr',
      },
      context
    );
    const [button] = links(rendered.html);
    expect(button).toBe(context.portalUrl);
    expect(button).toMatch(
      /^http:\/\/localhost:1337\/api\/dunning\/portal\/[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/
    );
    const { status, html } = await open(button);
    expect(status).toBe(200);
    expect(text(html).match(/[FG]-\d{3}/g)).toEqual(['F-001', 'F-002', 'F-003']);
  });

  it("pages a long list from the database, 50 invoices a page with links in the customer's language; a page number that is none gets a page saying so", async () => {
    const link = portal().linkFor(paged.customer.documentId);
    const path = new URL(link).pathname;
    const numbers = (html: string) => text(html).match(/PG-\d{3}/g);
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, index) => numbered(from + index));

    const first = await open(link);
    expect(first.status).toBe(200);
    expect(numbers(first.html)).toEqual(range(1, 50));
    expect(text(first.html)).toContain('Factures 1 à 50 sur 55 · Page 1 sur 2');
    expect(links(first.html).filter((href) => href.includes('?page='))).toEqual([`${path}?page=2`]);
    const second = await open(`${path}?page=2`);
    expect(numbers(second.html)).toEqual(range(51, 55));
    expect(text(second.html)).toContain('Factures 51 à 55 sur 55 · Page 2 sur 2');
    expect(links(second.html).filter((href) => href.includes('?page='))).toEqual([
      `${path}?page=1`,
    ]);
    // Invoices paid between two clicks: past the last page is the last page.
    const past = await open(`${path}?page=9`);
    expect([past.status, numbers(past.html)]).toEqual([200, range(51, 55)]);
    // What was just done is said on the first page, whichever page the invoice is on.
    const noticed = await open(`${path}?done=promised&invoice=${paged.invoices[54].documentId}`);
    expect(text(noticed.html)).toContain(
      'votre promesse de paiement de la facture PG-055 est enregistrée'
    );

    for (const bad of [
      'abc',
      '0',
      '-1',
      '1.5',
      '',
      '2e1',
      '%00',
      '%C3%A9',
      '1234567890',
      '1&page=2',
    ]) {
      const refused = await open(`${path}?page=${bad}`);
      expect([bad, refused.status]).toEqual([bad, 400]);
      expect(text(refused.html)).toContain('Page : un numéro de page de la liste, 1 ou plus');
      expect(refused.html).not.toContain('PG-0');
    }
  });
});
