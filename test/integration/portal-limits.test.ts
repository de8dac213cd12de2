import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * How far a customer may go from the portal (SPEC F7.4): promises bounded by the
 * settings' horizon and by what is due, a customer's promises and disputes limited per
 * hour (429 with Retry-After), and the clerk's list of them paged; on a real database,
 * over HTTP, as a browser posts the forms.
 */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
const day = (locale: string, date: string) =>
  new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(/\s+/g, ' ');
const euros = (locale: string, amount: number) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' })
    .format(amount)
    .replace(/\s+/g, ' ');

describe.each(DATABASES)('portal limits on %s (SPEC F7.4)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  const T = todayIn('Europe/Paris', new Date());

  /** Every row of every plugin table, and the host invoices' promise and dispute flags. */
  const written = async () => {
    const counts: Record<string, number> = {};
    for (const uid of Object.keys(strapi.contentTypes)
      .filter((uid) => uid.startsWith('plugin::dunning.'))
      .sort()) {
      counts[uid] = await strapi.db.query(uid as any).count();
    }
    const invoices = (await strapi.documents('api::invoice.invoice' as any).findMany({
      fields: ['number', 'promisedPaymentDate', 'disputed'],
      sort: ['number:asc'] as any,
    })) as any[];
    return {
      counts,
      invoices: invoices.map(({ number, promisedPaymentDate, disputed }) => [
        number,
        promisedPaymentDate,
        disputed,
      ]),
    };
  };

  const open = async (path: string) => {
    const response = await fetch(`${app.url}${path}`);
    return { status: response.status, html: await response.text() };
  };
  /** A browser's form post: url-encoded, redirects not followed. */
  const post = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      retryAfter: response.headers.get('retry-after'),
      html: await response.text(),
    };
  };
  type Answer = Awaited<ReturnType<typeof post>>;
  const customer = async (name: string, locale: string) => {
    const created = await createCustomer(strapi, name, { customer: { locale } });
    return {
      ...created,
      path: new URL(strapi.plugin('dunning').service('portal').linkFor(created.documentId))
        .pathname,
    };
  };
  const action = (link: { path: string }, invoice: { documentId: string }, what: string) =>
    `${link.path}/invoices/${invoice.documentId}/${what}`;

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("refuses a promise past the horizon or above what is due, saying why in the customer's language, and writes nothing", async () => {
    const french = await customer('Horizon FR', 'fr-FR');
    const frInvoice = await createInvoice(strapi, french, 'HZ-1', T, 500);
    const english = await customer('Horizon EN', 'en-GB');
    const enInvoice = await createInvoice(strapi, english, 'HZ-2', T, 80);
    const latest = addDays(T, 60);
    expect((await open(french.path)).html).toContain(
      `<input type="date" name="date" min="${T}" max="${latest}" required>`
    );

    const before = await written();
    const refused: Array<
      [typeof french, { documentId: string }, Record<string, string>, string[]]
    > = [
      // The promise observed: 73 years away, for a cent.
      [
        french,
        frInvoice,
        { date: '2099-12-31', amount: '0,01' },
        [`Date de paiement : la date ne peut dépasser le ${day('fr-FR', latest)}`],
      ],
      [
        french,
        frInvoice,
        { date: addDays(T, 10), amount: '500,01' },
        [`Montant : le montant ne peut dépasser ${euros('fr-FR', 500)}, le reste dû`],
      ],
      [
        french,
        frInvoice,
        { date: addDays(T, -1) },
        [`Date de paiement : la date ne peut être antérieure au ${day('fr-FR', T)}`],
      ],
      [
        english,
        enInvoice,
        { date: addDays(T, 61), amount: '80.01' },
        [
          `Payment date: the date must be on or before ${day('en-GB', latest)}`,
          `Amount: the amount cannot exceed ${euros('en-GB', 80)}, the amount due`,
        ],
      ],
    ];
    for (const [who, invoice, form, says] of refused) {
      const answer = await post(action(who, invoice, 'promise'), form);
      expect([form, answer.status, answer.location]).toEqual([form, 400, null]);
      for (const said of says) expect(text(answer.html)).toContain(said);
    }
    expect(await written()).toEqual(before);

    // At the bounds, both included: accepted.
    expect(
      (await post(action(french, frInvoice, 'promise'), { date: latest, amount: '500' })).status
    ).toBe(303);
    expect(
      (await post(action(english, enInvoice, 'promise'), { date: T, amount: '80.00' })).status
    ).toBe(303);
  });

  it('takes the horizon and the limit from the settings, each refused with a 400 naming it when out of range', async () => {
    const { body } = await api('GET', '/dunning/settings');
    expect(body.data.portal).toMatchObject({ promiseHorizonDays: 60, actionsPerHour: 10 });
    for (const [portal, field] of [
      [{ promiseHorizonDays: 0 }, 'portal.promiseHorizonDays'],
      [{ promiseHorizonDays: 367 }, 'portal.promiseHorizonDays'],
      [{ actionsPerHour: 0 }, 'portal.actionsPerHour'],
      [{ actionsPerHour: 1.5 }, 'portal.actionsPerHour'],
    ] as const) {
      const answer = await api('PUT', '/dunning/settings', { portal });
      expect([portal, answer.status, answer.body.error.message.split(':')[0]]).toEqual([
        portal,
        400,
        field,
      ]);
    }
    expect((await api('GET', '/dunning/settings')).body.data.portal).toEqual(body.data.portal);

    expect(
      (await api('PUT', '/dunning/settings', { portal: { promiseHorizonDays: 10 } })).status
    ).toBe(200);
    try {
      const shortly = await customer('Horizon short', 'en-GB');
      const invoice = await createInvoice(strapi, shortly, 'HZ-3', T, 100);
      expect((await open(shortly.path)).html).toContain(`max="${addDays(T, 10)}"`);
      expect(
        (await post(action(shortly, invoice, 'promise'), { date: addDays(T, 11) })).status
      ).toBe(400);
      expect(
        (await post(action(shortly, invoice, 'promise'), { date: addDays(T, 10) })).status
      ).toBe(303);
    } finally {
      await api('PUT', '/dunning/settings', { portal: { promiseHorizonDays: 60 } });
    }
  });

  it('answers the 11th promise or dispute of a customer within the hour 429 in its language, with Retry-After, writing nothing; a replay goes through', async () => {
    const flooder = await customer('Flooder', 'fr-FR');
    const first = await createInvoice(strapi, flooder, 'FL-1', T, 500);
    const second = await createInvoice(strapi, flooder, 'FL-2', T, 300);
    const answers: Answer[] = [];
    // Ten actions through one link, on two invoices: promises and disputes count together.
    for (let i = 1; i <= 7; i++)
      answers.push(await post(action(flooder, first, 'promise'), { date: addDays(T, i) }));
    for (let i = 1; i <= 3; i++)
      answers.push(
        await post(action(flooder, second, 'dispute'), {
          reason: 'Autre motif',
          comment: `Variante ${i}`,
        })
      );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(303));

    const before = await written();
    for (const [invoice, what, form] of [
      [second, 'promise', { date: addDays(T, 20) }],
      [first, 'dispute', { reason: 'Autre motif', comment: 'Encore' }],
    ] as const) {
      const answer = await post(action(flooder, invoice, what), form);
      expect([what, answer.status, answer.location]).toEqual([what, 429, null]);
      // The first of the ten leaves the hour within it.
      expect(Number(answer.retryAfter)).toBeGreaterThan(3000);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(3600);
      expect(text(answer.html)).toMatch(
        /Trop de demandes .* Réessayez dans (59|60) minutes\. Revenir à mes factures/
      );
    }
    expect(await written()).toEqual(before);

    // The same form again is the same action: answered as the first time, still nothing written.
    const replay = await post(action(flooder, first, 'promise'), { date: addDays(T, 1) });
    expect([replay.status, replay.location]).toEqual([303, answers[0].location]);
    expect(await written()).toEqual(before);

    // Another customer is not held up by this one.
    const calm = await customer('Calm', 'en-GB');
    expect(
      (
        await post(action(calm, await createInvoice(strapi, calm, 'CA-1', T, 100), 'promise'), {
          date: addDays(T, 3),
        })
      ).status
    ).toBe(303);
  });

  it("pages the clerk's list of a customer's portal actions, latest first, page and pageSize checked", async () => {
    const pager = await customer('Pager', 'en-GB');
    const invoice = await createInvoice(strapi, pager, 'PG-1', T, 100);
    for (let i = 1; i <= 7; i++)
      expect((await post(action(pager, invoice, 'promise'), { date: addDays(T, i) })).status).toBe(
        303
      );
    const list = (query = '') =>
      api('GET', `/dunning/customers/${pager.documentId}/portal-actions${query}`);

    const first = await list('?page=1&pageSize=3');
    expect(first.status).toBe(200);
    expect(first.body.data.map((row: any) => row.promisedDate)).toEqual([
      addDays(T, 7),
      addDays(T, 6),
      addDays(T, 5),
    ]);
    expect(first.body.meta.pagination).toEqual({ page: 1, pageSize: 3, pageCount: 3, total: 7 });
    expect(
      (await list('?page=3&pageSize=3')).body.data.map((row: any) => row.promisedDate)
    ).toEqual([addDays(T, 1)]);
    const whole = await list();
    expect([whole.body.data.length, whole.body.meta.pagination]).toEqual([
      7,
      { page: 1, pageSize: 20, pageCount: 1, total: 7 },
    ]);

    for (const [query, field] of [
      ['?pageSize=0', 'pageSize'],
      ['?pageSize=101', 'pageSize'],
      ['?page=0', 'page'],
      ['?page=abc', 'page'],
      ['?page=100000&pageSize=100', 'page'],
      ['?limit=500', 'limit'],
    ]) {
      const answer = await list(query);
      expect([query, answer.status, answer.body.error.message.split(':')[0]]).toEqual([
        query,
        400,
        field,
      ]);
    }
  });
});
