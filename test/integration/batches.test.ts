import type { Core } from '@strapi/strapi';

import { generateLedger, type Ledger } from '../../database/seed/ledger';
import { writeLedger } from '../../database/seed/write-ledger';
import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { exclusionOf } from '../../src/plugins/dunning/server/src/domain/exclusions';
import { dueStep } from '../../src/plugins/dunning/server/src/domain/schedule';
import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { pdfPages } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/** The predefined scenario: pre-due notice 5 days before, reminders 3 and 15 days after, a letter after 30, a call after 40. */
const STEPS = [
  { offsetDays: -5, channel: 'email', level: 'Pre-due notice' },
  { offsetDays: 3, channel: 'email', level: 'Reminder 1' },
  { offsetDays: 15, channel: 'email', level: 'Reminder 2' },
  { offsetDays: 30, channel: 'letter', level: 'Final notice' },
  { offsetDays: 40, channel: 'phone', level: 'Call' },
];

type Expected = {
  channel: string;
  segment: string;
  level: string;
  reminders: number;
  customers: number;
  invoices: number;
  excluded: number;
  amounts: Array<{ currency: string; amount: number }>;
};

/**
 * What the batch view must hold after one tick on the demo ledger, worked out from the
 * ledger with the scenario's rules, without the plugin's planner or its SQL: each open
 * invoice at the latest step whose day has come, one reminder per customer and step,
 * exclusions left out of the amounts.
 */
const expectedBatches = (ledger: Ledger, now: Date) => {
  const groups = new Map<
    string,
    {
      channel: string;
      segment: string;
      level: string;
      customer: string;
      included: number;
      amount: number;
      currency: string;
    }
  >();
  for (const invoice of ledger.invoices) {
    if (invoice.status !== 'open' || invoice.amountDue <= 0) continue;
    const customer = ledger.customers.find((candidate) => candidate.key === invoice.customerKey)!;
    const today = todayIn(customer.timezone, now);
    const due = dueStep({ steps: STEPS, dueDate: invoice.dueDate, nextStepIndex: 0, today });
    if (!due) continue;
    const step = STEPS[due.index];
    const excluded = exclusionOf({
      invoice: {
        status: 'open',
        amountDue: invoice.amountDue,
        disputed: invoice.disputed,
        promisedPaymentDate: invoice.promisedPaymentDate,
      },
      customer: {
        stopDunning: customer.stopDunning,
        disputed: customer.disputed,
        pausedUntil: null,
      },
      settings: { minInvoiceAmount: 0, skipFuturePromises: true, promiseGraceDays: 3 },
      today,
    });
    const key = `${customer.key}|${due.index}`;
    const group = groups.get(key) ?? {
      channel: step.channel,
      segment: customer.segment,
      level: step.level,
      customer: customer.key,
      included: 0,
      amount: 0,
      currency: invoice.currency,
    };
    if (!excluded) {
      group.included++;
      group.amount += invoice.amountDue;
    }
    groups.set(key, group);
  }
  const batches = new Map<
    string,
    Expected & { customerSet: Set<string>; amountBy: Map<string, number> }
  >();
  for (const group of groups.values()) {
    const key = `${group.channel}|${group.segment}|${group.level}`;
    const batch = batches.get(key) ?? {
      channel: group.channel,
      segment: group.segment,
      level: group.level,
      reminders: 0,
      customers: 0,
      invoices: 0,
      excluded: 0,
      amounts: [],
      customerSet: new Set(),
      amountBy: new Map(),
    };
    batch.reminders++;
    batch.customerSet.add(group.customer);
    batch.invoices += group.included;
    if (group.included === 0) batch.excluded++;
    batch.amountBy.set(group.currency, (batch.amountBy.get(group.currency) ?? 0) + group.amount);
    batches.set(key, batch);
  }
  return [...batches.values()]
    .map(({ customerSet, amountBy, ...batch }) => ({
      ...batch,
      customers: customerSet.size,
      amounts: [...amountBy]
        .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
    }))
    .sort(
      (a, b) =>
        a.channel.localeCompare(b.channel) ||
        a.segment.localeCompare(b.segment) ||
        a.level.localeCompare(b.level)
    );
};

describe.each(DATABASES)('the batch view on %s (SPEC F5, F3.4)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let ledger: Ledger;
  let ids: Awaited<ReturnType<typeof writeLedger>>;
  const now = new Date();
  const T = todayIn('Europe/Paris', now);

  const planned = (channel: string) =>
    strapi.db
      .query('plugin::dunning.reminder' as any)
      .findMany({ where: { status: 'planned', channel }, orderBy: [{ id: 'asc' }] }) as Promise<
      any[]
    >;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    // Automatic reminders off: everything due waits for a person, as with manual triggering.
    await strapi
      .plugin('dunning')
      .service('settings')
      .update({
        automatic: {
          sendWindow: {
            startHour: 0,
            endHour: 24,
            days: [1, 2, 3, 4, 5, 6, 7],
            timezone: 'Europe/Paris',
            holidays: { country: null, extraClosedDates: [] },
          },
        },
        company: {
          name: 'OurCo',
          address: '1 place Bellecour, Lyon',
          email: 'billing@ourco.test',
          phone: '',
        },
      });
    ledger = generateLedger({ customers: 40, contactsPerCustomer: 2, invoices: 400, today: T });
    ids = await writeLedger(strapi, ledger);
    await strapi.plugin('dunning').service('engine').tick({ now });
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('sums the planned reminders per channel, customer profile and level as worked out by hand from the demo ledger', async () => {
    const { status, body } = await api('GET', '/dunning/batches');
    expect(status).toBe(200);
    const expected = expectedBatches(ledger, now);
    expect(expected.length).toBeGreaterThan(8);
    expect(body.data.batches).toEqual(expected);
    // The confirmation of "Send all": per channel, each customer once.
    const email = body.data.channels.find((row: any) => row.channel === 'email');
    expect(email.reminders).toBe(
      expected.filter((row) => row.channel === 'email').reduce((sum, row) => sum + row.reminders, 0)
    );
    const overview = await api('GET', '/dunning/overview');
    expect(overview.body.data.toRemind).toEqual(body.data.channels);
  });

  it('lists a batch a page at a time, with each excluded invoice unticked for its reason and disputed ones marked', async () => {
    const { body } = await api('GET', '/dunning/batches/items?channel=email&pageSize=100');
    const all = (await planned('email')).length;
    expect(body.meta.pagination.total).toBe(all);
    const stopped = ledger.customers.find((customer) => customer.stopDunning)!;
    const stoppedItem = body.data.find(
      (item: any) => item.customerDocumentId === ids.customerIds.get(stopped.key)
    );
    expect(stoppedItem.invoices.every((invoice: any) => invoice.excluded === 'stop_dunning')).toBe(
      true
    );
    const disputed = body.data
      .flatMap((item: any) => item.invoices)
      .filter((invoice: any) => invoice.disputed);
    expect(disputed.length).toBeGreaterThan(0);
    expect(
      disputed.every(
        (invoice: any) =>
          invoice.excluded === 'disputed_invoice' ||
          invoice.excluded === 'disputed_customer' ||
          invoice.excluded === 'stop_dunning'
      )
    ).toBe(true);
    expect((await api('GET', '/dunning/batches/items?channel=fax')).status).toBe(400);
  });

  it('sends the ticked reminders once, leaves a deselected one planned, and reports a reminder taken twice', async () => {
    const [first, second, third] = (await planned('email')).filter(
      (reminder) => reminder.invoiceCount > 0 && reminder.recipients?.length
    );
    const selections = [first, second].map((reminder) => ({
      reminderDocumentId: reminder.documentId,
    }));
    const before = smtp.messages.length;
    // Two people click "Send" on the same selection at the same time.
    const [one, two] = await Promise.all([
      api('POST', '/dunning/batches/send', { selections }),
      api('POST', '/dunning/batches/send', { selections }),
    ]);
    const outcomes = [...one.body.data.results, ...two.body.data.results]
      .map((result: any) => result.status)
      .sort();
    expect(outcomes).toEqual(['sent', 'sent', 'taken', 'taken']);
    const mails = smtp.messages.slice(before);
    expect(mails.map((mail) => mail.parsed.messageId).sort()).toEqual(
      [
        `<reminder-${first.documentId}@ourco.test>`,
        `<reminder-${second.documentId}@ourco.test>`,
      ].sort()
    );
    expect(
      (
        await strapi.db
          .query('plugin::dunning.reminder' as any)
          .findOne({ where: { id: third.id } })
      ).status
    ).toBe('planned');
  });

  it('sends a disputed invoice only when it is ticked', async () => {
    const withDisputed = (await planned('email')).find(
      (reminder) =>
        reminder.invoiceCount > 0 &&
        reminder.invoices.some((invoice: any) => invoice.excluded === 'disputed_invoice')
    );
    expect(withDisputed).toBeDefined();
    const ticked = withDisputed.invoices
      .filter((invoice: any) => !invoice.excluded || invoice.excluded === 'disputed_invoice')
      .map((invoice: any) => invoice.documentId);
    const before = smtp.messages.length;
    const { body } = await api('POST', '/dunning/batches/send', {
      selections: [{ reminderDocumentId: withDisputed.documentId, invoiceDocumentIds: ticked }],
    });
    expect(body.data.results[0].status).toBe('sent');
    const disputedNumber = withDisputed.invoices.find(
      (invoice: any) => invoice.excluded === 'disputed_invoice'
    ).number;
    expect(smtp.messages.slice(before)[0].parsed.text).toContain(disputedNumber);
  });

  it('sends all the e-mail batch a few at a time, each reminder once; those with nothing to send stay planned with their reason', async () => {
    const toSend = (await planned('email')).filter((reminder) => reminder.invoiceCount > 0);
    const excluded = (await planned('email')).filter((reminder) => reminder.invoiceCount === 0);
    const before = smtp.messages.length;
    let remaining = Infinity;
    const results: any[] = [];
    while (remaining > 0) {
      const { status, body } = await api('POST', '/dunning/batches/send', {
        batch: { channel: 'email' },
        limit: 7,
      });
      expect(status).toBe(200);
      results.push(...body.data.results);
      remaining = body.data.remaining;
    }
    expect(results.map((result) => result.documentId).sort()).toEqual(
      toSend.map((reminder) => reminder.documentId).sort()
    );
    const sent = results.filter((result) => result.status === 'sent');
    expect(
      results
        .filter((result) => result.status !== 'sent')
        .every((result) => result.status === 'not_sent' && result.statusReason === 'no_address')
    ).toBe(true);
    const messageIds = smtp.messages.slice(before).map((mail) => mail.parsed.messageId);
    expect(messageIds.sort()).toEqual(
      sent.map((result) => `<reminder-${result.documentId}@ourco.test>`).sort()
    );
    const left = await planned('email');
    expect(left.map((reminder) => reminder.id).sort()).toEqual(
      excluded.map((reminder) => reminder.id).sort()
    );
    expect(
      left.every((reminder) => reminder.invoices.every((invoice: any) => invoice.excluded))
    ).toBe(true);
  });

  it('produces the letter batch as one PDF with one letter per customer, names and amounts in it, each kept on its reminder', async () => {
    const letters = (await planned('letter')).filter((reminder) => reminder.invoiceCount > 0);
    expect(letters.length).toBeGreaterThan(1);
    const response = await api('POST', '/dunning/batches/letters', {
      batch: { channel: 'letter' },
      limit: 500,
    });
    expect(response.status).toBe(200);
    // The PDF and what became of each reminder, in the body: no header that grows with the batch.
    expect(response.body.data.file).toMatchObject({
      contentType: 'application/pdf',
      filename: expect.stringMatching(/^letters-.+\.pdf$/),
    });
    expect(response.body.data.results.map((result: any) => result.documentId).sort()).toEqual(
      letters.map((reminder) => reminder.documentId).sort()
    );
    const starts = pdfPages(Buffer.from(response.body.data.file.base64, 'base64')).filter((text) =>
      text.trimStart().startsWith('OurCo')
    );
    expect(starts).toHaveLength(letters.length);
    for (const reminder of letters) {
      const page = starts.find((text) => text.includes(reminder.customerName));
      expect(page).toBeDefined();
      const amount = new Intl.NumberFormat(reminder.currency === 'GBP' ? 'en-GB' : 'fr-FR', {
        style: 'currency',
        currency: reminder.currency,
      }).format(Number(reminder.amount));
      expect(page!.replace(/\s/g, ' ')).toContain(amount.replace(/\s/g, ' '));
    }
    const done = await strapi.db.query('plugin::dunning.reminder' as any).findMany({
      where: { id: { $in: letters.map((reminder) => reminder.id) } },
      populate: { document: true },
    });
    expect(
      done.every(
        (reminder: any) =>
          reminder.status === 'sent' && reminder.document?.mime === 'application/pdf'
      )
    ).toBe(true);
  });

  it("logs a call of the call list: a promise sets the invoices' promised date", async () => {
    const { body } = await api('GET', '/dunning/batches/items?channel=phone');
    const call = body.data.find((item: any) =>
      item.invoices.some((invoice: any) => !invoice.excluded)
    );
    expect(call.script).toContain(call.invoices.find((invoice: any) => !invoice.excluded).number);
    expect(call.script).toContain('Demo Admin'); // the script speaks in the name of the admin who calls
    expect(call.contact?.phone ?? call.customer?.phone).toBeTruthy();
    const logged = await api('POST', `/dunning/batches/calls/${call.documentId}`, {
      outcome: 'promised',
      promisedDate: '2099-01-15',
      note: 'Pays next month',
    });
    expect(logged.status).toBe(200);
    expect(logged.body.data).toMatchObject({ status: 'sent', callOutcome: 'promised' });
    const [invoice] = await strapi
      .plugin('dunning')
      .service('receivables')
      .findInvoices([call.invoices.find((entry: any) => !entry.excluded).documentId]);
    expect(invoice.promisedPaymentDate).toBe('2099-01-15');
    expect(
      (await api('POST', `/dunning/batches/calls/${call.documentId}`, { outcome: 'reached' }))
        .status
    ).toBe(400);
    expect(
      (await api('POST', `/dunning/batches/calls/${call.documentId}`, { outcome: 'promised' })).body
        .error.message
    ).toMatch(/^promisedDate: is required/);
  });

  it('reminds invoices picked from a list: one e-mail per customer; invoices without an address are listed and not sent', async () => {
    const byCustomer = (key: string) =>
      ledger.invoices.filter((invoice) => invoice.customerKey === key && invoice.status === 'open');
    const reachable = ledger.customers
      .filter(
        (customer) => !customer.stopDunning && customer.contacts.every((contact) => contact.emails)
      )
      .slice(0, 2);
    const silent = await createCustomer(strapi, 'Silent Partner', { email: null });
    const silentInvoice = await createInvoice(strapi, silent, 'SP-1', T, 75);
    const picked = reachable.flatMap((customer) => byCustomer(customer.key).slice(0, 2));
    const invoiceDocumentIds = [
      ...picked.map((invoice) => ids.invoiceIds.get(invoice.number)!),
      silentInvoice.documentId,
    ];
    const prepared = await api('POST', '/dunning/bulk-reminders/prepare', { invoiceDocumentIds });
    expect(prepared.status).toBe(200);
    expect(prepared.body.data.customers.map((customer: any) => customer.name).sort()).toEqual(
      reachable.map((customer) => customer.name).sort()
    );
    expect(
      prepared.body.data.missingAddress.map((line: any) => [
        line.number,
        line.customerName,
        line.documentId,
      ])
    ).toEqual([['SP-1', 'Silent Partner', silentInvoice.documentId]]);

    const before = smtp.messages.length;
    const request = {
      requestId: `bulk-${database}-1`,
      invoiceDocumentIds,
      attachInvoicePdfs: false,
    };
    const sent = await api('POST', '/dunning/bulk-reminders', request);
    expect(sent.body.data.results.map((result: any) => result.status)).toEqual(['sent', 'sent']);
    expect(smtp.messages.slice(before)).toHaveLength(2);
    // Posted again (a double click): nothing more goes out.
    await api('POST', '/dunning/bulk-reminders', request);
    expect(smtp.messages.slice(before)).toHaveLength(2);
    expect(
      (await api('POST', '/dunning/bulk-reminders/prepare', { invoiceDocumentIds: [] })).status
    ).toBe(400);
  });

  it('refuses to send without plugin::dunning.send', async () => {
    const editor = await createEditor(strapi, `editor.batches.${database}@dunning.test`);
    const editorApi = adminApi(app.url, await adminToken(app.url, editor));
    expect(
      (await editorApi('POST', '/dunning/batches/send', { batch: { channel: 'email' } })).status
    ).toBe(403);
    expect((await editorApi('GET', '/dunning/batches')).status).toBe(403);
  });
});
