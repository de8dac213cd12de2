import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { cancelOpenInvoices, createCustomer, createInvoice } from '../helpers/ledger';
import { type ReceivedMail, type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * SPEC F4.6–F4.9: promises that pause and resume, pacing, closed days, maximum lateness,
 * late-payment charges and re-planning, on a simulated clock, a real database and a real
 * SMTP server.
 */
describe.each(DATABASES)(
  'promises, pacing, closed days, late charges and re-planning on %s',
  (database) => {
    let app: TestApp;
    let strapi: Core.Strapi;
    let smtp: SmtpCatcher;
    let api: ReturnType<typeof adminApi>;
    let steps: { documentId: string; steps: any[] };
    const T = todayIn('Europe/Paris', new Date());
    const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');
    const service = (name: string) => strapi.plugin('dunning').service(name);
    const tick = (day: number) => service('engine').tick({ now: at(day) });
    const mailsTo = (mails: ReceivedMail[], address: string | null) =>
      mails.filter((mail) => mail.envelope.to.includes(address!));
    const newMails = async (work: () => Promise<unknown>) => {
      const before = smtp.messages.length;
      await work();
      return smtp.messages.slice(before);
    };
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
    /** A customer on the practice scenario: reminders 3, 10 and 20 days after the due date. */
    const customer = async (name: string, options: Parameters<typeof createCustomer>[2] = {}) => {
      const created = await createCustomer(strapi, name, options);
      await service('scenarios').assign(steps.documentId, [created.documentId]);
      return created;
    };
    const settings = (automatic: Record<string, unknown>) =>
      service('settings').update({ automatic });

    beforeAll(async () => {
      smtp = await startSmtpServer();
      app = await startStrapi({
        database,
        listen: true,
        env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
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
      const id = async (key: string) => (await template(key)).documentId;
      steps = await service('scenarios').create({
        name: 'Practice',
        steps: [
          {
            offsetDays: 3,
            channel: 'email',
            templateDocumentId: await id('reminder-1.email.fr'),
            level: 'Reminder 1',
          },
          {
            offsetDays: 10,
            channel: 'email',
            templateDocumentId: await id('reminder-2.email.fr'),
            level: 'Reminder 2',
          },
          {
            offsetDays: 20,
            channel: 'email',
            templateDocumentId: await id('final-notice.email.fr'),
            level: 'Final notice',
          },
        ],
        brokenPromiseTemplateDocumentId: await id('final-notice.email.fr'),
      });
    });

    // Each test chases its own invoices only.
    afterEach(async () => {
      await cancelOpenInvoices(strapi);
      await settings({
        minDaysBetweenReminders: 0,
        maxLateDays: null,
        sendWindow: { holidays: { country: null, extraClosedDates: [] } },
      });
    });

    afterAll(async () => {
      await app?.stop();
      await smtp?.stop();
    });

    it('runs 60 days over a ledger: each reminder on its day, a broken promise resuming, a scenario edit on day 20 re-planning the invoices as its preview said', async () => {
      const id = (key: string) => template(key).then((found: any) => found.documentId);
      const step = async (offsetDays: number, key: string, level: string) => ({
        offsetDays,
        channel: 'email',
        templateDocumentId: await id(key),
        level,
      });
      const sixty = await service('scenarios').create({
        name: 'Sixty days',
        steps: [
          await step(3, 'reminder-1.email.fr', 'R1'),
          await step(10, 'reminder-2.email.fr', 'R2'),
          await step(20, 'final-notice.email.fr', 'R3'),
        ],
        brokenPromiseTemplateDocumentId: await id('final-notice.email.fr'),
      });
      const ledger: Record<string, { email: string | null; invoice: string }> = {};
      for (const [name, due] of [
        ['A', 0],
        ['B', 5],
        ['C', 10],
        ['D', 15],
        ['E', 30],
      ] as const) {
        const created = await createCustomer(strapi, `Sixty ${name}`);
        await service('scenarios').assign(sixty.documentId, [created.documentId]);
        ledger[name] = {
          email: created.email,
          invoice: (await createInvoice(strapi, created, `${name}-1`, addDays(T, due), 100))
            .documentId,
        };
      }
      const who = (mail: ReceivedMail) =>
        Object.keys(ledger).find((name) => mail.envelope.to.includes(ledger[name].email!))!;
      const edited = [
        await step(3, 'reminder-1.email.fr', 'R1'),
        await step(12, 'reminder-2.email.fr', 'R2'),
        await step(25, 'final-notice.email.fr', 'R3'),
      ];

      const sent: Array<[number, string, string]> = [];
      let preview: any;
      for (let day = 0; day <= 60; day++) {
        if (day === 12)
          await service('promises').record(
            { invoiceDocumentIds: [ledger.C.invoice], date: addDays(T, 16) },
            { id: 1, email: SUPER_ADMIN.email },
            at(day, 9)
          );
        if (day === 20) {
          preview = await service('forecast').scenarioChange({
            scenarioDocumentId: sixty.documentId,
            steps: edited,
            days: 30,
            now: at(day, 9),
          });
          await service('scenarios').update(sixty.documentId, {
            name: 'Sixty days',
            steps: edited,
            brokenPromiseTemplateDocumentId: await id('final-notice.email.fr'),
          });
        }
        for (const mail of await newMails(() => tick(day))) {
          const reminder = await strapi.db
            .query('plugin::dunning.reminder' as any)
            .findOne({ where: { messageId: mail.parsed.messageId } });
          sent.push([day, who(mail), reminder.level]);
        }
      }

      // The table: day, customer, level. C promised on day 12 to pay on day 16 (grace 2 days):
      // its R1 of day 13 is skipped, the promise breaks on day 19. On day 20 R2 moves from +10
      // to +12 days after the due date and R3 from +20 to +25, for the invoices already open.
      expect(sent).toEqual([
        [3, 'A', 'R1'],
        [8, 'B', 'R1'],
        [10, 'A', 'R2'],
        [15, 'B', 'R2'],
        [18, 'D', 'R1'],
        [19, 'C', 'Broken promise'],
        [22, 'C', 'R2'],
        [25, 'A', 'R3'],
        [27, 'D', 'R2'],
        [30, 'B', 'R3'],
        [33, 'E', 'R1'],
        [35, 'C', 'R3'],
        [40, 'D', 'R3'],
        [42, 'E', 'R2'],
        [55, 'E', 'R3'],
      ]);
      const skipped = await strapi.db
        .query('plugin::dunning.reminder' as any)
        .findMany({ where: { status: 'skipped', customerName: 'Sixty C' } });
      expect(skipped.map((reminder: any) => [reminder.level, reminder.statusReason])).toEqual([
        ['R1', 'promised'],
      ]);

      // What the preview said on day 20 is what then happened, within its 30 days.
      const day = (date: string | null) =>
        date === null ? null : Math.round((Date.parse(date) - Date.parse(T)) / 86400000);
      const moved = preview.moved.map((item: any) => [
        item.invoiceNumber.slice(0, 1),
        item.level,
        day(item.before),
        day(item.after),
      ]);
      expect(moved).toEqual([
        ['C', 'R2', 20, 22],
        ['A', 'R3', 20, 25],
        ['D', 'R2', 25, 27],
        ['B', 'R3', 25, 30],
        ['C', 'R3', 30, 35],
        ['D', 'R3', 35, 40],
        ['E', 'R2', 40, 42],
      ]);
      expect([preview.added, preview.dropped]).toEqual([[], []]);
      for (const [customerName, level, before, after] of moved) {
        expect(sent).toContainEqual([after, customerName, level]);
        expect(sent).not.toContainEqual([before, customerName, level]);
      }
    });

    it('pauses reminders during a promise and its grace period; broken, it sends the broken-promise template at once and resumes (F4.6)', async () => {
      const promiser = await customer('Promiser');
      const invoice = await createInvoice(strapi, promiser, 'PR-1', T, 500);
      const recorded = await api('POST', '/dunning/promises', {
        invoiceDocumentIds: [invoice.documentId],
        date: addDays(T, 5),
        note: 'Paying Friday',
      });
      expect(recorded.status).toBe(201);

      expect(mailsTo(await newMails(() => tick(3)), promiser.email)).toEqual([]);
      expect(mailsTo(await newMails(() => tick(7)), promiser.email)).toEqual([]); // grace period: 5 + 2 days
      const broken = mailsTo(await newMails(() => tick(8)), promiser.email);
      expect(broken.map((mail) => mail.parsed.subject)).toEqual([
        expect.stringMatching(/^Dernier avis avant recouvrement/),
      ]);
      expect(
        mailsTo(await newMails(() => tick(10)), promiser.email).map((mail) => mail.parsed.subject)
      ).toEqual([expect.stringMatching(/^Deuxième relance/)]);

      const history = await remindersOf(promiser.documentId);
      expect(history.map((r) => [r.level, r.status, r.statusReason ?? null])).toEqual([
        ['Reminder 1', 'skipped', 'promised'],
        ['Broken promise', 'sent', null],
        ['Reminder 2', 'sent', null],
      ]);
      const statement = await api('GET', `/dunning/statement/${promiser.documentId}`);
      expect(statement.body.data.promises).toEqual([
        expect.objectContaining({
          invoiceNumber: 'PR-1',
          date: addDays(T, 5),
          status: 'broken',
          note: 'Paying Friday',
          recordedByName: 'Demo Admin',
        }),
      ]);
      expect(statement.body.data.invoices[0].promisedPaymentDate).toBeNull();
    });

    it('keeps a promise whose amount a partial payment covers', async () => {
      const payer = await customer('Partial payer');
      const invoice = await createInvoice(strapi, payer, 'PP-1', T, 1000);
      await api('POST', '/dunning/promises', {
        invoiceDocumentIds: [invoice.documentId],
        date: addDays(T, 5),
        amount: 400,
      });
      await strapi
        .documents('api::invoice.invoice' as any)
        .update({ documentId: invoice.documentId, data: { amountDue: 600 } as any });
      const { body } = await api('GET', `/dunning/statement/${payer.documentId}`);
      expect(body.data.promises.map((promise: any) => promise.status)).toEqual(['kept']);
      expect(
        (
          await api('POST', '/dunning/promises', {
            invoiceDocumentIds: [invoice.documentId],
            date: 'soon',
          })
        ).body.error.message
      ).toMatch(/^date: must be a date/);
    });

    it('keeps the minimum days between two reminders to a customer; what falls between goes out with the next one (F4.8)', async () => {
      await settings({ minDaysBetweenReminders: 5 });
      const busy = await customer('Busy');
      await createInvoice(strapi, busy, 'BU-1', T, 100); // reminder 1 on day 3
      await createInvoice(strapi, busy, 'BU-2', addDays(T, 2), 200); // reminder 1 on day 5: waits until day 8
      const days: Record<number, string[]> = {};
      for (const day of [3, 5, 8])
        days[day] = mailsTo(await newMails(() => tick(day)), busy.email).map((mail) =>
          mail.parsed.text!.match(/BU-\d/g)!.join(',')
        );
      expect(days).toEqual({ 3: ['BU-1'], 5: [], 8: ['BU-2'] });
    });

    it('sends one reminder a day to a paced customer, led by its firmest step', async () => {
      await settings({ minDaysBetweenReminders: 3 });
      const both = await customer('Both steps');
      await createInvoice(strapi, both, 'BS-1', addDays(T, -10), 100); // reminder 2 due today
      await createInvoice(strapi, both, 'BS-2', addDays(T, -3), 100); // reminder 1 due today
      const mails = mailsTo(await newMails(() => tick(0)), both.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].parsed.subject).toMatch(/^Deuxième relance/);
      expect(mails[0].parsed.text).toContain('BS-1');
      expect(mails[0].parsed.text).toContain('BS-2');
    });

    it('sends nothing on a closed day, and the step on the next business day (F4.8)', async () => {
      await settings({
        sendWindow: { holidays: { country: null, extraClosedDates: [addDays(T, 3)] } },
      });
      const closed = await customer('Closed day');
      await createInvoice(strapi, closed, 'CD-1', T, 100); // reminder 1 on day 3, a closed day
      expect(mailsTo(await newMails(() => tick(3)), closed.email)).toEqual([]);
      expect(mailsTo(await newMails(() => tick(4)), closed.email)).toHaveLength(1);
    });

    it('records a step missed for longer than the maximum lateness as skipped, and goes on (F4.8)', async () => {
      await settings({ maxLateDays: 2 });
      const late = await customer('Long forgotten');
      await createInvoice(strapi, late, 'LF-1', addDays(T, -8), 100); // reminder 1 was due 5 days ago; reminder 2 in 2 days
      expect(mailsTo(await newMails(() => tick(0)), late.email)).toEqual([]);
      expect(mailsTo(await newMails(() => tick(2)), late.email)).toHaveLength(1);
      expect(
        (await remindersOf(late.documentId)).map((r) => [r.level, r.status, r.statusReason ?? null])
      ).toEqual([
        ['Reminder 1', 'skipped', 'too_late'],
        ['Reminder 2', 'sent', null],
      ]);
    });

    it('computes late-payment charges on the statement and puts them in the final notice (F4.9)', async () => {
      const overdue = await customer('Long overdue');
      await createInvoice(strapi, overdue, 'LO-1', addDays(T, -30), 1000);
      const eur = (amount: number) =>
        new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount);
      const { body } = await api('GET', `/dunning/statement/${overdue.documentId}`);
      // 1 000 € × 12,15 % × 30 days / 365 = 9,99 €, and the 40 € indemnity.
      expect(body.data.invoices[0].lateFees).toEqual({
        currency: 'EUR',
        daysOverdue: 30,
        indemnity: 40,
        interest: 9.99,
        total: 49.99,
      });
      expect(body.data.lateFees).toEqual([
        { currency: 'EUR', indemnity: 40, interest: 9.99, total: 49.99 },
      ]);
      const finalNotice = await template('final-notice.email.fr');
      const preview = await api('POST', '/dunning/templates/preview', {
        channel: 'email',
        subject: finalNotice.subject,
        body: finalNotice.body,
        locale: 'fr',
        customerDocumentId: overdue.documentId,
      });
      expect(preview.body.data.text).toContain(
        `${eur(9.99)} de pénalités (taux annuel de 12,15\u00a0%) et ${eur(40)} d’indemnités forfaitaires, soit ${eur(49.99)}`
      );
      await service('settings').update({ lateFees: { enabled: false } });
      const off = await api('POST', '/dunning/templates/preview', {
        channel: 'email',
        subject: finalNotice.subject,
        body: finalNotice.body,
        locale: 'fr',
        customerDocumentId: overdue.documentId,
      });
      expect(off.body.data.text).not.toContain('pénalités (taux');
      await service('settings').update({ lateFees: { enabled: true } });
    });

    it('shows what a change of steps would do before saving, and re-plans the open invoices when saved (F4.7)', async () => {
      const replanned = await customer('Replanned');
      const invoice = await createInvoice(strapi, replanned, 'RP-1', T, 250);
      await tick(3); // reminder 1 sent on day 3
      const id = (key: string) => template(key).then((found: any) => found.documentId);
      const proposed = [
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: await id('reminder-1.email.fr'),
          level: 'Reminder 1',
        },
        {
          offsetDays: 7,
          channel: 'email',
          templateDocumentId: await id('reminder-1.email.fr'),
          level: 'Nudge',
        },
        {
          offsetDays: 14,
          channel: 'email',
          templateDocumentId: await id('reminder-2.email.fr'),
          level: 'Reminder 2',
        },
      ];
      const change = await api('POST', `/dunning/scenarios/${steps.documentId}/forecast-change`, {
        steps: proposed,
        days: 30,
      });
      expect(change.status).toBe(200);
      const mine = (list: any[]) =>
        list
          .filter((item) => item.invoiceNumber === 'RP-1')
          .map((item) => [item.level, item.before, item.after]);
      expect(mine(change.body.data.added)).toEqual([['Nudge', null, addDays(T, 7)]]);
      expect(mine(change.body.data.moved)).toEqual([
        ['Reminder 2', addDays(T, 10), addDays(T, 14)],
      ]);
      expect(mine(change.body.data.dropped)).toEqual([['Final notice', addDays(T, 20), null]]);
      expect(change.body.data.totals.added).toEqual({
        invoices: 1,
        amounts: [{ currency: 'EUR', amount: 250 }],
      });

      const saved = await api('PUT', `/dunning/scenarios/${steps.documentId}`, {
        name: 'Practice',
        steps: proposed,
        brokenPromiseTemplateDocumentId: await id('final-notice.email.fr'),
      });
      expect(saved.status).toBe(200);
      expect(saved.body.data.replanned).toBeGreaterThanOrEqual(1);
      const [found] = (await strapi
        .documents('plugin::dunning.case' as any)
        .findMany({ filters: { invoiceDocumentId: invoice.documentId } })) as any[];
      expect(found).toMatchObject({ nextStepIndex: 1, lastStepDate: addDays(T, 3) });
      expect(new Date(found.nextActionAt).toISOString()).toBe(at(7, 8).toISOString());
      expect(
        mailsTo(await newMails(() => tick(7)), replanned.email).map((mail) => mail.parsed.subject)
      ).toEqual([expect.stringMatching(/^Rappel/)]);
    });
  }
);
