import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import {
  adminApi,
  adminToken,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { cancelOpenInvoices, createCustomer, createInvoice } from '../helpers/ledger';
import { money, pdfText } from '../helpers/pdf';
import { type ReceivedMail, type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * SPEC F4.1–F4.5, F7.3 and docs/development.md#the-engine-correct-at-scale: the engine
 * ticks on a simulated clock, on a real database, sending to a real SMTP server.
 */
describe.each(DATABASES)('the automatic engine on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let rootId: number;
  let threeSteps: { documentId: string };
  const T = todayIn('Europe/Paris', new Date());
  /** 10:00 in Paris, `day` days from today. */
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const tick = (now: Date) => service('engine').tick({ now });
  const remindersOf = (customerDocumentId: string) =>
    strapi
      .documents('plugin::dunning.reminder' as any)
      .findMany({ filters: { customerDocumentId }, sort: ['id:asc'] as any }) as Promise<any[]>;
  const template = async (predefinedKey: string) =>
    (
      (await strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey } })) as any[]
    )[0];
  const mailsTo = (mails: ReceivedMail[], address: string) =>
    mails.filter((mail) => mail.envelope.to.includes(address));
  const newMails = async (work: () => Promise<unknown>) => {
    const before = smtp.messages.length;
    await work();
    return smtp.messages.slice(before);
  };

  /** A customer on the three-step scenario: pre-due 2 days before, reminders 3 and 10 days after. */
  const onThreeSteps = async (name: string, options: Parameters<typeof createCustomer>[2] = {}) => {
    const customer = await createCustomer(strapi, name, options);
    await service('scenarios').assign(threeSteps.documentId, [customer.documentId]);
    return customer;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    rootId = (await createSuperAdmin(strapi)).id;
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    await service('settings').update({
      automatic: {
        enabled: true,
        applyByDefault: true,
        sender: { mode: 'user', userId: rootId },
        minInvoiceAmount: 10,
        minCustomerAmount: 0,
        skipFuturePromises: true,
        thankYou: false,
        sendWindow: {
          startHour: 8,
          endHour: 20,
          days: [1, 2, 3, 4, 5, 6, 7],
          timezone: 'Europe/Paris',
          holidays: { country: null, extraClosedDates: [] },
        },
      },
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
      company: {
        name: 'OurCo',
        address: '1 place Bellecour, Lyon',
        email: 'billing@ourco.test',
        phone: '',
      },
    });
    threeSteps = await service('scenarios').create({
      name: 'Three steps',
      steps: [
        {
          offsetDays: -2,
          channel: 'email',
          templateDocumentId: (await template('pre-due.email.fr')).documentId,
          level: 'Pre-due',
        },
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: (await template('reminder-1.email.fr')).documentId,
          level: 'Reminder 1',
        },
        {
          offsetDays: 10,
          channel: 'email',
          templateDocumentId: (await template('reminder-2.email.fr')).documentId,
          level: 'Reminder 2',
        },
      ],
    });
  });

  // Each test chases its own invoices only: what is left open is cancelled after it.
  afterEach(async () => {
    await cancelOpenInvoices(strapi);
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('sends a 3-step scenario over 20 days on the expected days, one e-mail per customer and step; paying stops it, a counted manual reminder advances it', async () => {
    const a = await onThreeSteps('Alpha');
    const b = await onThreeSteps('Bravo');
    const c = await onThreeSteps('Charlie');
    const a1 = await createInvoice(strapi, a, 'A-1', addDays(T, 3), 120);
    const a2 = await createInvoice(strapi, a, 'A-2', addDays(T, 3), 80);
    const b1 = await createInvoice(strapi, b, 'B-1', addDays(T, 5), 300);
    const c1 = await createInvoice(strapi, c, 'C-1', addDays(T, 4), 50);

    const forecast = await api('GET', '/dunning/engine/forecast?days=21');
    expect(forecast.status).toBe(200);
    const forecastDays = Object.fromEntries(
      forecast.body.data
        .filter((day: any) => day.reminders > 0)
        .map((day: any) => [day.day, day.reminders])
    );
    // Before anything happens: A on days 1, 6, 13 (both invoices together), C on 2, 7, 14, B on 3, 8, 15.
    expect(forecastDays).toEqual(
      Object.fromEntries([1, 2, 3, 6, 7, 8, 13, 14, 15].map((day) => [addDays(T, day), 1]))
    );
    expect(forecast.body.data[1]).toMatchObject({
      customers: 1,
      invoices: 2,
      amounts: [{ currency: 'EUR', amount: 200 }],
      steps: [{ level: 'Pre-due', channel: 'email', reminders: 1, invoices: 2 }],
    });

    const byDay: Record<number, string[]> = {};
    for (let day = 0; day <= 20; day++) {
      if (day === 5) {
        const reminderOne = (await template('reminder-1.email.fr')).documentId;
        // A manual reminder to C, counted in the scenario: step 2 (day 7) is done by it.
        const manual = await newMails(() =>
          service('manual-reminders').send(
            {
              requestId: `manual-c-${database}`,
              customerDocumentId: c.documentId,
              invoiceDocumentIds: [c1.documentId],
              channel: 'email',
              type: 'reminder',
              templateDocumentId: reminderOne,
              recipients: [c.email!],
              cc: [],
              subject: 'Relance manuelle',
              body: 'Bonjour, {{totalAmount}} restent dus.',
              attachInvoicePdfs: false,
              saveAddresses: false,
              countsInScenario: true,
            },
            [],
            { id: rootId, email: SUPER_ADMIN.email, firstname: 'Root', lastname: null },
            at(day, 9)
          )
        );
        expect(manual.map((mail) => mail.parsed.subject)).toEqual(['Relance manuelle']);
      }
      if (day === 10)
        await strapi
          .documents('api::invoice.invoice' as any)
          .update({ documentId: b1.documentId, data: { status: 'paid', amountDue: 0 } as any });
      byDay[day] = (await newMails(() => tick(at(day))))
        .map((mail) => mail.envelope.to.join(','))
        .sort();
    }

    const expected: Record<number, string[]> = Object.fromEntries(
      Array.from({ length: 21 }, (_, day) => [day, []])
    );
    Object.assign(expected, {
      1: [a.email],
      2: [c.email],
      3: [b.email],
      6: [a.email],
      8: [b.email],
      13: [a.email],
      14: [c.email],
    });
    expect(byDay).toEqual(expected);

    // A's three e-mails each carry both invoices, with the level's template and a deterministic Message-ID.
    const alpha = await remindersOf(a.documentId);
    expect(
      alpha.map((r) => [r.status, r.trigger, r.level, r.invoices.map((i: any) => i.number)])
    ).toEqual([
      ['sent', 'automatic', 'Pre-due', ['A-1', 'A-2']],
      ['sent', 'automatic', 'Reminder 1', ['A-1', 'A-2']],
      ['sent', 'automatic', 'Reminder 2', ['A-1', 'A-2']],
    ]);
    const alphaMails = mailsTo(smtp.messages, a.email!);
    expect(alphaMails.map((mail) => mail.parsed.messageId)).toEqual(
      alpha.map((r) => `<reminder-${r.documentId}@ourco.test>`)
    );
    for (const mail of alphaMails) {
      expect(mail.parsed.text).toContain('A-1');
      expect(mail.parsed.text).toContain('A-2');
      expect(mail.parsed.from?.value[0]).toMatchObject({ address: 'billing@ourco.test' });
    }
    // B: paid on day 10, its third step never came; its case is closed.
    expect((await remindersOf(b.documentId)).map((r) => r.level)).toEqual([
      'Pre-due',
      'Reminder 1',
    ]);
    const [bCase] = (await strapi
      .documents('plugin::dunning.case' as any)
      .findMany({ filters: { invoiceDocumentId: b1.documentId } })) as any[];
    expect(bCase).toMatchObject({ state: 'closed', stateReason: 'paid' });
    // C: the manual reminder stands for step 2.
    expect((await remindersOf(c.documentId)).map((r) => [r.trigger, r.level])).toEqual([
      ['automatic', 'Pre-due'],
      ['manual', null],
      ['automatic', 'Reminder 2'],
    ]);
    expect(alpha[0].invoices.map((i: any) => i.documentId)).toEqual([a1.documentId, a2.documentId]);
  });

  it('records every exclusion with its reason, creates but does not send when there is no address, and sends the rest of a group', async () => {
    const stopped = await onThreeSteps('Stopped', {
      customer: { stopDunning: true, stopDunningReason: 'Lawyer' },
    });
    const silent = await onThreeSteps('Silent', { email: null });
    const mixed = await onThreeSteps('Mixed');
    const promised = await onThreeSteps('Promised');
    const small = await onThreeSteps('Small');
    const due = addDays(T, 24);
    await createInvoice(strapi, stopped, 'S-1', due);
    await createInvoice(strapi, silent, 'Q-1', due);
    await createInvoice(strapi, mixed, 'M-1', due, 200);
    await createInvoice(strapi, mixed, 'M-2', due, 150, { disputed: true });
    await createInvoice(strapi, promised, 'P-1', due, 100, { promisedPaymentDate: addDays(T, 40) });
    await createInvoice(strapi, small, 'L-1', due, 5);

    const mails = await newMails(() => tick(at(22)));
    expect(mails.map((mail) => mail.envelope.to.join(','))).toEqual([mixed.email]);
    expect(mails[0].parsed.text).toContain('M-1');
    expect(mails[0].parsed.text).not.toContain('M-2');

    const outcome = async (customer: { documentId: string }) => {
      const [reminder] = await remindersOf(customer.documentId);
      return [reminder.status, reminder.statusReason];
    };
    expect(await outcome(stopped)).toEqual(['skipped', 'stop_dunning']);
    expect(await outcome(silent)).toEqual(['not_sent', 'no_address']);
    expect(await outcome(promised)).toEqual(['skipped', 'promised']);
    expect(await outcome(small)).toEqual(['skipped', 'below_invoice_threshold']);
    const [mixedReminder] = await remindersOf(mixed.documentId);
    expect(mixedReminder).toMatchObject({ status: 'sent', amount: 200 });
    expect(mixedReminder.invoices).toEqual([
      expect.objectContaining({ number: 'M-1' }),
      expect.objectContaining({ number: 'M-2', excluded: 'disputed_invoice', disputed: true }),
    ]);
    expect(mixedReminder.invoices[0].excluded).toBeUndefined();
  });

  it('does not send in the name of an admin without the send permission', async () => {
    const editor = await createEditor(strapi, 'editor.engine@dunning.test');
    const editorUser = await strapi.db
      .query('admin::user')
      .findOne({ where: { email: editor.email } });
    await service('settings').update({
      automatic: { sender: { mode: 'user', userId: editorUser.id } },
    });
    const customer = await onThreeSteps('Unsigned');
    await createInvoice(strapi, customer, 'U-1', addDays(T, 30));
    const mails = await newMails(() => tick(at(28)));
    expect(mailsTo(mails, customer.email!)).toEqual([]);
    const [reminder] = await remindersOf(customer.documentId);
    expect(reminder).toMatchObject({
      status: 'not_sent',
      statusReason: 'sender_not_permitted',
      senderEmail: editor.email,
    });
    await service('settings').update({ automatic: { sender: { mode: 'user', userId: rootId } } });
  });

  it('plans letter and phone steps for the batch view, and only the latest overdue step of the default scenario', async () => {
    const customer = await createCustomer(strapi, 'Overdue'); // default scenario: -5, +3, +15 e-mails, +30 letter, +40 call
    const invoice = await createInvoice(strapi, customer, 'O-1', addDays(T, -32));
    const mails = await newMails(() => tick(at(0, 11)));
    expect(mailsTo(mails, customer.email!)).toEqual([]);
    const [letter] = await remindersOf(customer.documentId);
    expect(letter).toMatchObject({
      status: 'planned',
      channel: 'letter',
      trigger: 'batch',
      level: 'Final notice',
      stepIndex: 3,
      skippedSteps: [0, 1, 2],
    });
    const [found] = (await strapi
      .documents('plugin::dunning.case' as any)
      .findMany({ filters: { invoiceDocumentId: invoice.documentId } })) as any[];
    expect(found).toMatchObject({ nextStepIndex: 4, lastStepIndex: 3 });
    // The call step supersedes the letter nobody produced.
    await tick(at(9, 11));
    const [supersededLetter, call] = await remindersOf(customer.documentId);
    expect(supersededLetter).toMatchObject({
      status: 'cancelled',
      statusReason: 'superseded by step 5',
    });
    expect(call).toMatchObject({ status: 'planned', channel: 'phone', level: 'Call' });
  });

  it('re-reads the invoices right before sending: an invoice paid since planning is skipped as paid', async () => {
    const customer = await onThreeSteps('Quick payer');
    const invoice = await createInvoice(strapi, customer, 'QP-1', addDays(T, 36));
    const report = await service('planner').plan(at(34));
    expect(report.reminders).toEqual({ queued: 1 });
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: invoice.documentId, data: { status: 'paid', amountDue: 0 } as any });
    const mails = await newMails(() => service('delivery').sendQueued(at(34)));
    expect(mailsTo(mails, customer.email!)).toEqual([]);
    const [reminder] = await remindersOf(customer.documentId);
    expect(reminder).toMatchObject({ status: 'skipped', statusReason: 'paid' });
  });

  it('retries an SMTP 450 (this mailbox, for now) with exponential backoff and sends once', async () => {
    const patient = await onThreeSteps('Patient');
    await createInvoice(strapi, patient, 'R-1', addDays(T, 42));
    smtp.refuseNext(
      { code: 450, message: 'Mailbox busy' },
      { code: 450, message: 'Mailbox busy' },
      { code: 450, message: 'Mailbox busy' }
    );
    const start = at(40);
    const minutes = (n: number) => new Date(start.getTime() + n * 60000);
    for (const now of [start, minutes(0.5), minutes(1), minutes(3), minutes(7), minutes(20)])
      await tick(now);
    const [retried] = await remindersOf(patient.documentId);
    expect(retried).toMatchObject({ status: 'sent', attempts: 4 });
    expect(retried.timeline.map((entry: any) => entry.status)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
      'sent',
    ]);
    expect(mailsTo(smtp.messages, patient.email!).map((mail) => mail.parsed.messageId)).toEqual([
      `<reminder-${retried.documentId}@ourco.test>`,
    ]);
  });

  it('fails an SMTP 550 for good, without retrying it', async () => {
    const refused = await onThreeSteps('Refused');
    await createInvoice(strapi, refused, 'R-2', addDays(T, 48));
    const refusedBefore = smtp.refused;
    smtp.refuseNext({ code: 550, message: 'No such user' });
    await tick(at(46));
    await tick(new Date(at(46).getTime() + 3600000));
    const [failed] = await remindersOf(refused.documentId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, statusReason: 'smtp_550' });
    expect(smtp.refused - refusedBefore).toBe(1);
    expect(mailsTo(smtp.messages, refused.email!)).toEqual([]);
  });

  it('sweeps the claims of a sender that died: a message on the record becomes uncertain, one never handed over is queued again and sent once', async () => {
    const handedOver = await onThreeSteps('Handed over');
    const neverSent = await onThreeSteps('Never sent');
    await createInvoice(strapi, handedOver, 'LAPSE-1', addDays(T, 56));
    await createInvoice(strapi, neverSent, 'LAPSE-2', addDays(T, 56));
    expect((await service('planner').plan(at(54))).reminders).toEqual({ queued: 2 });
    const [first] = await remindersOf(handedOver.documentId);
    const [second] = await remindersOf(neverSent.documentId);

    // Another instance claims both, puts the first one's message on the record, and dies.
    const leaseMs = strapi.config.get<number>('plugin::dunning.engine.leaseSeconds') * 1000;
    const claimed = await reminderRepository(strapi).claim(
      [first.documentId, second.documentId],
      'crashed-instance',
      new Date(at(54).getTime() + leaseMs)
    );
    expect(claimed).toHaveLength(2);
    const messageId = `<reminder-${first.documentId}@ourco.test>`;
    expect(
      await reminderRepository(strapi).recordWave(
        'crashed-instance',
        [],
        [{ id: first.id, data: { messageId } }]
      )
    ).toEqual({ settled: [], recorded: new Set([first.id]) });
    // Its claim is not anyone else's to record on.
    expect(
      await reminderRepository(strapi).recordWave(
        'another-instance',
        [],
        [{ id: second.id, data: { messageId: 'x' } }]
      )
    ).toEqual({ settled: [], recorded: new Set() });

    const beforeLapse = await newMails(() => tick(new Date(at(54).getTime() + leaseMs - 1000)));
    expect(
      mailsTo(beforeLapse, handedOver.email!).concat(mailsTo(beforeLapse, neverSent.email!))
    ).toEqual([]);

    let report: any;
    const mails = await newMails(
      async () => (report = await tick(new Date(at(54).getTime() + leaseMs + 1000)))
    );
    expect(report).toMatchObject({ uncertain: 1, requeued: 1 });
    expect(mailsTo(mails, handedOver.email!)).toEqual([]);
    expect(mailsTo(mails, neverSent.email!).map((mail) => mail.parsed.messageId)).toEqual([
      `<reminder-${second.documentId}@ourco.test>`,
    ]);
    const [uncertain] = await remindersOf(handedOver.documentId);
    expect(uncertain).toMatchObject({
      status: 'uncertain',
      statusReason: 'lease_expired',
      messageId,
    });
    const [requeued] = await remindersOf(neverSent.documentId);
    expect(requeued).toMatchObject({
      status: 'sent',
      claimedBy: expect.not.stringMatching('crashed-instance'),
    });
    expect(requeued.timeline.map((entry: any) => entry.status)).toEqual([
      'queued',
      'queued',
      'sent',
    ]);
    expect(requeued.timeline[1].note).toMatch(/claimed by crashed-instance; nothing handed over/);
  });

  it('announces reminders on the event hub and to webhooks (F7.3)', async () => {
    const received: any[] = [];
    const hook = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ event: request.headers['x-strapi-event'], body: JSON.parse(body) });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const events: string[] = [];
    for (const event of [
      'dunning.reminder.created',
      'dunning.reminder.sent',
      'dunning.reminder.failed',
    ])
      strapi.eventHub.on(event, async () => void events.push(event));
    try {
      expect(strapi.get('webhookStore').listAllowedEvents()).toEqual(
        expect.arrayContaining([
          'DUNNING_REMINDER_CREATED',
          'DUNNING_REMINDER_SENT',
          'DUNNING_REMINDER_FAILED',
        ])
      );
      const webhook = await strapi.get('webhookStore').createWebhook({
        name: 'reminders',
        url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
        headers: {},
        events: ['dunning.reminder.sent'],
      });
      strapi.get('webhookRunner').add(webhook);

      const customer = await onThreeSteps('Hooked');
      await createInvoice(strapi, customer, 'H-1', addDays(T, 54));
      await tick(at(52));
      for (let wait = 0; received.length === 0 && wait < 100; wait++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(['dunning.reminder.created', 'dunning.reminder.sent']);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        event: 'dunning.reminder.sent',
        body: { event: 'dunning.reminder.sent' },
      });
      expect(received[0].body.reminder).toMatchObject({
        status: 'sent',
        customerDocumentId: customer.documentId,
        invoiceNumbers: ['H-1'],
        trigger: 'automatic',
      });
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it('thanks the customer when a reminded invoice is paid (F4.5)', async () => {
    await service('settings').update({ automatic: { thankYou: true } });
    const customer = await onThreeSteps('Grateful');
    const invoice = await createInvoice(strapi, customer, 'G-1', addDays(T, 60));
    await tick(at(58));
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: invoice.documentId, data: { status: 'paid', amountDue: 0 } as any });
    const mails = await newMails(() => tick(at(59)));
    expect(mails.map((mail) => mail.envelope.to.join(','))).toEqual([customer.email]);
    expect(mails[0].parsed.subject).toBe('Merci pour votre règlement – OurCo');
    const reminders = await remindersOf(customer.documentId);
    expect(reminders.map((r) => [r.type, r.status])).toEqual([
      ['pre_due', 'sent'],
      ['thank_you', 'sent'],
    ]);
    await service('settings').update({ automatic: { thankYou: false } });
  });

  it('tells the sender of each reminder sent in their name, or once a day in a digest (F4.4)', async () => {
    await service('settings').update({
      senderNotices: { defaultMode: 'none', byUser: { [String(rootId)]: 'each' }, digestHour: 8 },
    });
    const each = await onThreeSteps('Noticed');
    const noticed = await createInvoice(strapi, each, 'N-1', addDays(T, 66));
    const mails = await newMails(() => tick(at(64)));
    expect(mailsTo(mails, each.email!)).toHaveLength(1);
    const [notice] = mailsTo(mails, SUPER_ADMIN.email);
    expect(notice.parsed.subject).toBe('[Dunning] Reminder sent in your name to Noticed');
    expect(notice.parsed.text).toContain('N-1');
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: noticed.documentId, data: { status: 'cancelled' } as any });

    await service('settings').update({
      senderNotices: { defaultMode: 'none', byUser: { [String(rootId)]: 'digest' }, digestHour: 8 },
    });
    const digested = await onThreeSteps('Digested');
    await createInvoice(strapi, digested, 'D-1', addDays(T, 72));
    await createInvoice(strapi, await onThreeSteps('Digested too'), 'D-2', addDays(T, 72));
    const sameDay = await newMails(() => tick(at(70)));
    expect(mailsTo(sameDay, SUPER_ADMIN.email)).toEqual([]);
    const nextMorning = await newMails(() => tick(at(71, 9)));
    const digests = mailsTo(nextMorning, SUPER_ADMIN.email);
    expect(digests).toHaveLength(1);
    expect(digests[0].parsed.subject).toBe(
      `[Dunning] 2 reminders sent in your name (${addDays(T, 71)})`
    );
    expect(digests[0].parsed.text).toContain('D-1');
    expect(digests[0].parsed.text).toContain('D-2');
    expect(mailsTo(await newMails(() => tick(at(71, 12))), SUPER_ADMIN.email)).toEqual([]);
    await service('settings').update({
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
    });
  });

  it('puts a tracking pixel in every e-mail it sends; fetching it marks the reminder opened (F7.5)', async () => {
    const reader = await onThreeSteps('Reader');
    await createInvoice(strapi, reader, 'RD-1', addDays(T, 78));
    const [mail] = mailsTo(await newMails(() => tick(at(76))), reader.email!);
    const pixel = /<img[^>]+src="([^"]+\.gif)"/.exec(String(mail.parsed.html))![1];
    expect(
      pixel.startsWith(
        `${strapi.config.get('server.url') || 'http://localhost:1337'}/api/dunning/t/`
      )
    ).toBe(true);
    const response = await fetch(`${app.url}${new URL(pixel).pathname}`);
    expect(response.headers.get('content-type')).toBe('image/gif');
    const [reminder] = await remindersOf(reader.documentId);
    expect(reminder.status).toBe('opened');
    expect(reminder.timeline.map((entry: any) => entry.status)).toEqual([
      'queued',
      'sent',
      'opened',
    ]);
    // The stored message, which the admin shows, has no pixel: viewing it opens nothing.
    expect(reminder.body).not.toContain('.gif');
  });

  it('attaches the statement of account to the e-mails of a step that asks for it, and only those (F3.1)', async () => {
    const withStatement = await service('scenarios').create({
      name: 'Statement on the reminder',
      steps: [
        {
          offsetDays: -2,
          channel: 'email',
          templateDocumentId: (await template('pre-due.email.fr')).documentId,
          level: 'Pre-due',
          attachStatement: false,
        },
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: (await template('reminder-1.email.fr')).documentId,
          level: 'Reminder 1',
          attachStatement: true,
        },
      ],
    });
    const customer = await createCustomer(strapi, 'Accounted');
    await service('scenarios').assign(withStatement.documentId, [customer.documentId]);
    await createInvoice(strapi, customer, 'AC-1', addDays(T, 82), 120);
    await createInvoice(strapi, customer, 'AC-2', addDays(T, 100), 300.5);
    const [preDue] = mailsTo(await newMails(() => tick(at(80))), customer.email!);
    expect(preDue.parsed.attachments).toEqual([]);
    const [reminder] = mailsTo(await newMails(() => tick(at(85))), customer.email!);
    expect(reminder.parsed.text).toContain('AC-1');
    expect(reminder.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`statement-ACCOUNTED-${addDays(T, 85)}.pdf`, 'application/pdf'],
    ]);
    // Every open invoice of the customer on the day it left, the one not reminded yet too.
    const text = pdfText(reminder.parsed.attachments[0].content);
    expect(text).toMatch(/AC-1[\s\S]*AC-2/);
    expect(text).toContain(`Total EUR: ${money(420.5, 'EUR', 'fr-FR')}`);
    expect((await remindersOf(customer.documentId)).map((row) => row.attachStatement)).toEqual([
      false,
      true,
    ]);
  });

  it('runs a tick from the admin API for admins allowed to send', async () => {
    const run = await api('POST', '/dunning/engine/run');
    expect(run.status).toBe(200);
    expect(run.body.data).toMatchObject({
      uncertain: 0,
      planned: expect.objectContaining({ conflicts: 0 }),
    });
    const editor = await createEditor(strapi, 'editor.run@dunning.test');
    const editorApi = adminApi(app.url, await adminToken(app.url, editor));
    expect((await editorApi('POST', '/dunning/engine/run')).status).toBe(403);
    expect((await api('GET', '/dunning/engine/forecast?days=0')).status).toBe(400);
  });
});
