import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { signToken } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { cancelOpenInvoices, createCustomer, createInvoice } from '../helpers/ledger';
import { money, pdfPages, pdfText } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * SPEC F7.4: the customer acts from the portal — promises to pay, disputes,
 * pays through the invoice's payment link, downloads its statement — through HTML forms
 * that post to the signed link, on a real database, a simulated clock and a real SMTP server.
 */
const SECRET = process.env.DUNNING_PORTAL_SECRET!;
const DAY = 86_400_000;
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
const actionsOf = (html: string) =>
  [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((match) =>
    match[1].replace(/&amp;/g, '&')
  );
/** Pay now's links: a GET the browser follows to the payment site (docs/portal.md, "Pay now in a browser"). */
const payLinksOf = (html: string) =>
  [...html.matchAll(/<a class="pay" href="([^"]+)"/g)].map((match) =>
    match[1].replace(/&amp;/g, '&')
  );

describe.each(DATABASES)('customer portal actions on %s (F7.4)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let scenario: { documentId: string };
  const T = todayIn('Europe/Paris', new Date());
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');
  const service = (name: string) => strapi.plugin('dunning').service(name);
  const tick = (day: number) => service('engine').tick({ now: at(day) });
  const remindersOf = (customerDocumentId: string) =>
    strapi
      .documents('plugin::dunning.reminder' as any)
      .findMany({ filters: { customerDocumentId }, sort: ['id:asc'] as any }) as Promise<any[]>;
  const written = async () => ({
    actions: await strapi.db.query('plugin::dunning.customer-action' as any).count(),
    promises: await strapi.db.query('plugin::dunning.promise' as any).count(),
  });
  const events: Array<{ name: string; payload: any }> = [];

  /** Links point at server.url (here the localhost fallback): open them on the test server. */
  const local = (link: string) => {
    const url = new URL(link, app.url);
    return `${app.url}${url.pathname}${url.search}`;
  };
  const open = async (link: string) => {
    const response = await fetch(local(link), { redirect: 'manual' });
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      html: bytes.toString('utf8'),
    };
  };
  /** A browser's form post: url-encoded, redirects not followed. */
  const post = async (link: string, form: Record<string, string> = {}) => {
    const response = await fetch(local(link), {
      method: 'POST',
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  };
  type Answer = Awaited<ReturnType<typeof post>>;
  const customer = async (name: string, locale = 'fr-FR') => {
    const created = await createCustomer(strapi, name, { customer: { locale } });
    await service('scenarios').assign(scenario.documentId, [created.documentId]);
    return { ...created, link: service('portal').linkFor(created.documentId) as string };
  };
  /** What the clerk's customer page lists as done from the portal (its first page). */
  const portalActionsOf = async (customerDocumentId: string) =>
    (await api('GET', `/dunning/customers/${customerDocumentId}/portal-actions`)).body.data;
  /** An invoice's action as the page's forms name it: a path under the link's own. */
  const action = (link: string, invoiceDocumentId: string, what: string) =>
    `${new URL(link).pathname}/invoices/${invoiceDocumentId}/${what}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: {
        SMTP_PORT: String(smtp.port),
        EMAIL_FROM: 'Billing <billing@ourco.test>',
        DUNNING_PORTAL_LINK_DAYS: '7',
        DUNNING_PAYMENT_HOSTS: 'pay.example.test,*.psp.test',
      },
    });
    strapi = app.strapi;
    const root = await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    await service('settings').update({
      automatic: {
        enabled: true,
        sender: { mode: 'user', userId: root.id },
        promiseGraceDays: 2,
        sendWindow: {
          startHour: 8,
          endHour: 20,
          days: [1, 2, 3, 4, 5, 6, 7],
          timezone: 'Europe/Paris',
          holidays: { country: null, extraClosedDates: [] },
        },
      },
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
      company: { name: 'OurCo', address: '', email: 'billing@ourco.test', phone: '' },
    });
    const template = async (predefinedKey: string) =>
      (
        (await strapi
          .documents('plugin::dunning.template' as any)
          .findMany({ filters: { predefinedKey } })) as any[]
      )[0].documentId;
    scenario = await service('scenarios').create({
      name: 'Portal',
      steps: [
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: await template('reminder-1.email.fr'),
          level: 'Reminder 1',
        },
        {
          offsetDays: 10,
          channel: 'email',
          templateDocumentId: await template('reminder-2.email.fr'),
          level: 'Reminder 2',
        },
      ],
    });
    for (const name of [
      'dunning.portal.promised',
      'dunning.portal.disputed',
      'dunning.portal.payment-started',
    ]) {
      strapi.eventHub.on(name, async (payload: any) => void events.push({ name, payload }));
    }
  });

  // Each test chases its own invoices only.
  afterEach(async () => {
    await cancelOpenInvoices(strapi);
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('a promise from the portal pauses the invoice like one recorded in the admin; broken after the grace, reminders resume', async () => {
    const promiser = await customer('Portal promiser');
    const invoice = await createInvoice(strapi, promiser, 'PP-1', T, 500);
    const page = await open(promiser.link);
    expect(actionsOf(page.html)).toContain(action(promiser.link, invoice.documentId, 'promise'));

    const answer = await post(action(promiser.link, invoice.documentId, 'promise'), {
      date: addDays(T, 5),
      amount: '',
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(
      `${new URL(promiser.link).pathname}?done=promised&invoice=${invoice.documentId}`
    );
    const back = text((await open(answer.location!)).html);
    expect(back).toContain('votre promesse de paiement de la facture PP-1 est enregistrée');
    expect(back).toContain(
      `Paiement promis pour le ${new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${addDays(T, 5)}T00:00:00Z`))}`
    );
    expect(
      events.filter(
        (event) =>
          event.name === 'dunning.portal.promised' &&
          event.payload.invoiceDocumentId === invoice.documentId
      )
    ).toEqual([
      {
        name: 'dunning.portal.promised',
        payload: expect.objectContaining({
          source: 'portal',
          customerDocumentId: promiser.documentId,
          invoiceNumber: 'PP-1',
          date: addDays(T, 5),
          amount: null,
        }),
      },
    ]);

    const sentTo = () =>
      smtp.messages
        .filter((mail) => mail.envelope.to.includes(promiser.email!))
        .map((mail) => mail.parsed.subject);
    await tick(3);
    await tick(7); // the promise, then its grace period: 5 + 2 days
    expect(sentTo()).toEqual([]);
    await tick(10);
    expect(sentTo()).toEqual([expect.stringMatching(/^Deuxième relance/)]);
    expect(
      (await remindersOf(promiser.documentId)).map((r) => [
        r.level,
        r.status,
        r.statusReason ?? null,
      ])
    ).toEqual([
      ['Reminder 1', 'skipped', 'promised'],
      ['Reminder 2', 'sent', null],
    ]);

    const statement = await api('GET', `/dunning/statement/${promiser.documentId}`);
    expect(statement.body.data.promises).toEqual([
      expect.objectContaining({
        invoiceNumber: 'PP-1',
        date: addDays(T, 5),
        status: 'broken',
        recordedByName: 'Portal promiser',
        source: 'portal',
      }),
    ]);
    expect(await portalActionsOf(promiser.documentId)).toEqual([
      expect.objectContaining({
        kind: 'promise',
        source: 'portal',
        invoiceNumber: 'PP-1',
        promisedDate: addDays(T, 5),
        amount: null,
      }),
    ]);
  });

  it('a dispute from the portal flags the invoice: excluded from reminders, its reason in the statement', async () => {
    const disputer = await customer('Portal disputer', 'en-GB');
    const invoice = await createInvoice(strapi, disputer, 'PD-1', T, 300);
    const page = await open(disputer.link);
    expect(text(page.html)).toContain('Dispute this invoice');
    expect(page.html).toContain('<option>Wrong amount</option>');

    const answer = await post(action(disputer.link, invoice.documentId, 'dispute'), {
      reason: 'Wrong amount',
      comment: 'We ordered 10, not 12.',
    });
    expect(answer.status).toBe(303);
    expect(text((await open(answer.location!)).html)).toContain(
      'Your dispute of invoice PD-1 is recorded'
    );
    expect(
      events
        .filter(
          (event) =>
            event.name === 'dunning.portal.disputed' &&
            event.payload.invoiceDocumentId === invoice.documentId
        )
        .map((event) => event.payload)
    ).toEqual([
      expect.objectContaining({
        source: 'portal',
        reason: 'Wrong amount',
        comment: 'We ordered 10, not 12.',
      }),
    ]);

    await tick(3);
    expect(smtp.messages.filter((mail) => mail.envelope.to.includes(disputer.email!))).toEqual([]);
    expect(
      (await remindersOf(disputer.documentId)).map((r) => [r.level, r.status, r.statusReason])
    ).toEqual([['Reminder 1', 'skipped', 'disputed_invoice']]);

    const statement = await api('GET', `/dunning/statement/${disputer.documentId}`);
    expect(statement.body.data.invoices).toEqual([
      expect.objectContaining({ number: 'PD-1', disputed: true }),
    ]);
    expect(await portalActionsOf(disputer.documentId)).toEqual([
      expect.objectContaining({
        kind: 'dispute',
        source: 'portal',
        invoiceNumber: 'PD-1',
        reason: 'Wrong amount',
        comment: 'We ordered 10, not 12.',
      }),
    ]);
  });

  it('offers "pay now" only for an invoice with a payment link the policy allows, and sends the customer there', async () => {
    const payer = await customer('Portal payer');
    const withLink = await createInvoice(strapi, payer, 'PL-1', T, 120, {
      paymentUrl: 'https://pay.example.test/checkout/PL-1',
    });
    const underPsp = await createInvoice(strapi, payer, 'PL-2', T, 90, {
      paymentUrl: 'https://eu.psp.test/c/PL-2',
    });
    const without = await createInvoice(strapi, payer, 'PL-3', T, 80);
    const refused = {
      script: await createInvoice(strapi, payer, 'PL-4', T, 80, {
        paymentUrl: 'javascript:alert(1)',
      }),
      'plain http': await createInvoice(strapi, payer, 'PL-5', T, 80, {
        paymentUrl: 'http://pay.example.test/checkout/PL-5',
      }),
      'a host outside the list': await createInvoice(strapi, payer, 'PL-6', T, 80, {
        paymentUrl: 'https://pay.example.test.evil.test/PL-6',
      }),
      'the listed domain of a *. entry itself': await createInvoice(strapi, payer, 'PL-7', T, 80, {
        paymentUrl: 'https://psp.test/PL-7',
      }),
      'a user name before the host': await createInvoice(strapi, payer, 'PL-8', T, 80, {
        paymentUrl: 'https://pay.example.test@evil.test/PL-8',
      }),
    };
    const page = (await open(payer.link)).html;
    expect(payLinksOf(page)).toEqual([
      action(payer.link, withLink.documentId, 'pay'),
      action(payer.link, underPsp.documentId, 'pay'),
    ]);
    expect(actionsOf(page).filter((form) => form.endsWith('/pay'))).toEqual([]);
    expect(text(page)).toContain('Payer en ligne');

    for (let replay = 0; replay < 2; replay++) {
      const answer = await open(action(payer.link, withLink.documentId, 'pay'));
      expect([answer.status, answer.headers.get('location')]).toEqual([
        303,
        'https://pay.example.test/checkout/PL-1',
      ]);
    }
    const psp = await open(action(payer.link, underPsp.documentId, 'pay'));
    expect([psp.status, psp.headers.get('location')]).toEqual([303, 'https://eu.psp.test/c/PL-2']);
    // The portal's page saying so, never a redirect, whatever the refused link.
    for (const [what, invoice] of Object.entries({ 'no link': without, ...refused })) {
      const answer = await open(action(payer.link, invoice.documentId, 'pay'));
      expect([what, answer.status, answer.headers.get('location')]).toEqual([what, 404, null]);
      expect(text(answer.html)).toContain(
        "Le paiement en ligne n'est pas proposé pour cette facture"
      );
    }
    expect(
      (await portalActionsOf(payer.documentId))
        .map((row: { kind: string; invoiceNumber: string }) => [row.kind, row.invoiceNumber])
        .sort()
    ).toEqual([
      ['payment', 'PL-1'],
      ['payment', 'PL-2'],
    ]);
    expect(
      events.filter(
        (event) =>
          event.name === 'dunning.portal.payment-started' &&
          event.payload.customerDocumentId === payer.documentId
      )
    ).toHaveLength(2);
  });

  it("serves the statement of account of the link's customer", async () => {
    const reader = await customer('Portal reader');
    await createInvoice(strapi, reader, 'PS-1', addDays(T, -20), 640);
    const page = await open(reader.link);
    const [href] = [...page.html.matchAll(/href="([^"]+statement\.pdf)"/g)].map(
      (match) => match[1]
    );
    const pdf = await open(href);
    expect([pdf.status, pdf.headers.get('content-type'), pdf.headers.get('cache-control')]).toEqual(
      [200, 'application/pdf', 'no-store']
    );
    expect(pdfPages(pdf.bytes).join(' ')).toContain('PS-1');
    const expired = service('portal').linkFor(reader.documentId, new Date(Date.now() - 8 * DAY));
    expect((await open(`${expired}/statement.pdf`)).status).toBe(403);
  });

  it('keeps the statement per customer and day while nothing it shows changes, and makes it again when something does', async () => {
    const reader = await customer('Portal cached');
    const invoice = await createInvoice(strapi, reader, 'PC-1', addDays(T, -20), 640);
    const statement = async () => {
      const pdf = await open(`${reader.link}/statement.pdf`);
      expect(pdf.status).toBe(200);
      return pdfText(pdf.bytes);
    };
    expect(await statement()).toContain('PC-1');
    // Renamed behind Strapi's back (no updatedAt written): nothing the key reads changed, so the kept statement is served.
    const { tableName } = strapi.db.metadata.get('api::invoice.invoice' as any);
    await strapi.db
      .connection(tableName)
      .where({ document_id: invoice.documentId })
      .update({ number: 'PC-9' });
    const kept = await statement();
    expect([kept.includes('PC-1'), kept.includes('PC-9')]).toEqual([true, false]);
    // A payment recorded the same day shows at once.
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: invoice.documentId, data: { amountDue: 140 } as any });
    const paid = await statement();
    expect(paid).toContain('PC-9');
    expect(paid).toContain(money(140, 'EUR', 'fr-FR'));
    // So does a promise from the portal, which writes the invoice: the statement after it is a new one (it reads PC-7).
    await strapi.db
      .connection(tableName)
      .where({ document_id: invoice.documentId })
      .update({ number: 'PC-7' });
    expect(await statement()).toContain('PC-9');
    expect(
      (
        await post(action(reader.link, invoice.documentId, 'promise'), {
          date: addDays(T, 4),
          amount: '',
        })
      ).status
    ).toBe(303);
    expect(await statement()).toContain('PC-7');
    // The customer's next day, it is made again (last: the seconds of a render without a request would outlast the server's keep-alive).
    await strapi.db
      .connection(tableName)
      .where({ document_id: invoice.documentId })
      .update({ number: 'PC-5' });
    const tomorrow = await service('portal-actions').statementPdf(
      new URL(reader.link).pathname.split('/').pop(),
      undefined,
      new Date(Date.now() + DAY)
    );
    expect(pdfText(tomorrow.content)).toContain('PC-5');
  });

  it("refuses every action with a forged or expired link, on another customer's invoice or a paid one, writing nothing", async () => {
    const owner = await customer('Portal owner');
    const stranger = await customer('Portal stranger');
    const mine = await createInvoice(strapi, owner, 'PR-1', T, 100, {
      paymentUrl: 'https://pay.example.test/PR-1',
    });
    const paid = await createInvoice(strapi, owner, 'PR-2', T, 0, {
      status: 'paid',
      paymentUrl: 'https://pay.example.test/PR-2',
    });
    const theirs = await createInvoice(strapi, stranger, 'PR-3', T, 100, {
      paymentUrl: 'https://pay.example.test/PR-3',
    });
    const token = owner.link.split('/').pop()!;
    const forged = owner.link.replace(
      token,
      signToken(
        { secret: 'not-the-server-secret-000', purpose: 'portal' },
        owner.documentId,
        new Date(Date.now() + DAY)
      )
    );
    const expired = service('portal').linkFor(owner.documentId, new Date(Date.now() - 8 * DAY));
    const forms: Record<string, Record<string, string>> = {
      promise: { date: addDays(T, 5) },
      dispute: { reason: 'Autre motif' },
      pay: {},
    };
    const before = await written();
    const cases: Array<[string, string, string, number, string]> = [
      // A refused link speaks the browser's language (here none: English), a refused action the customer's.
      ['forged', forged, mine.documentId, 403, 'This link is not valid'],
      ['expired', expired, mine.documentId, 403, 'This link has expired'],
      [
        'someone else signed',
        owner.link.replace(
          token,
          signToken(
            { secret: SECRET, purpose: 'open' },
            owner.documentId,
            new Date(Date.now() + DAY)
          )
        ),
        mine.documentId,
        403,
        'This link is not valid',
      ],
      [
        "another customer's invoice",
        owner.link,
        theirs.documentId,
        404,
        "Cette facture n'est pas sur votre compte",
      ],
      ['a paid invoice', owner.link, paid.documentId, 409, 'Cette facture est déjà réglée'],
    ];
    for (const [what, link, invoiceDocumentId, status, says] of cases) {
      for (const [name, form] of Object.entries(forms)) {
        // Pay now is a link (a GET), the others forms.
        const answer =
          name === 'pay'
            ? await open(action(link, invoiceDocumentId, name)).then((got) => ({
                ...got,
                location: got.headers.get('location'),
              }))
            : await post(action(link, invoiceDocumentId, name), form);
        expect([what, name, answer.status, answer.location]).toEqual([what, name, status, null]);
        expect(text(answer.html)).toContain(says);
      }
    }
    expect(await written()).toEqual(before);
    const [invoice] = await service('receivables').findInvoices([theirs.documentId]);
    expect([invoice.disputed, invoice.promisedPaymentDate]).toEqual([false, null]);
  });

  it('refuses bad form values with a 400 page naming the field, writing nothing', async () => {
    const typist = await customer('Portal typist');
    const invoice = await createInvoice(strapi, typist, 'PT-1', T, 1500);
    const before = await written();
    const bad: Array<[string, Record<string, string>, string]> = [
      ['promise', { date: 'next friday' }, 'Date de paiement'],
      ['promise', { date: addDays(T, -1) }, 'Date de paiement'],
      ['promise', { date: addDays(T, 5), amount: '-3' }, 'Montant'],
      ['promise', { date: addDays(T, 5), role: 'admin' }, 'role'],
      ['dispute', { reason: 'Because' }, 'Motif'],
      ['dispute', { reason: 'Autre motif', comment: 'x'.repeat(2001) }, 'Commentaire'],
    ];
    for (const [name, form, field] of bad) {
      const answer = await post(action(typist.link, invoice.documentId, name), form);
      expect([name, form, answer.status]).toEqual([name, form, 400]);
      expect(text(answer.html)).toContain(field);
    }
    expect(await written()).toEqual(before);
    const answer = await post(action(typist.link, invoice.documentId, 'promise'), {
      date: addDays(T, 5),
      amount: '1 200,50',
    });
    expect(answer.status).toBe(303);
    const statement = await api('GET', `/dunning/statement/${typist.documentId}`);
    expect(statement.body.data.promises).toEqual([
      expect.objectContaining({ amount: 1200.5, status: 'pending' }),
    ]);
  });

  it('changes nothing when a form is posted again', async () => {
    const replayer = await customer('Portal replayer');
    const invoice = await createInvoice(strapi, replayer, 'PX-1', T, 100);
    const promise = { date: addDays(T, 6), amount: '40' };
    const dispute = { reason: 'Montant incorrect', comment: 'Remise oubliée' };
    const first = [
      await post(action(replayer.link, invoice.documentId, 'promise'), promise),
      await post(action(replayer.link, invoice.documentId, 'dispute'), dispute),
    ];
    const after = await written();
    const promises = await api('GET', `/dunning/statement/${replayer.documentId}`);
    const replayed: Answer[] = [];
    for (let replay = 0; replay < 3; replay++) {
      replayed.push(
        await post(action(replayer.link, invoice.documentId, 'promise'), promise),
        await post(action(replayer.link, invoice.documentId, 'dispute'), dispute)
      );
    }
    expect(replayed.map((answer) => [answer.status, answer.location])).toEqual(
      [...first, ...first, ...first].map((answer) => [answer.status, answer.location])
    );
    expect(await written()).toEqual(after);
    const again = await api('GET', `/dunning/statement/${replayer.documentId}`);
    expect(again.body.data.promises).toEqual(promises.body.data.promises);
    expect(await portalActionsOf(replayer.documentId)).toHaveLength(2);
    expect(
      events.filter((event) => event.payload.customerDocumentId === replayer.documentId)
    ).toHaveLength(2);
  });
});
