import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  adminApi,
  adminToken,
  createAdminWith,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { openSettings } from '../helpers/engine';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type ReceivedMail, type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * README.md, "Pausing a customer" and "Account owners": a customer's dunning paused until a day, on a simulated clock, and
 * its account owner (the sender, "My accounts"), on a real database, sending to a real
 * SMTP server.
 */
describe.each(DATABASES)('pausing a customer, its account owner, on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let steps: { documentId: string };
  const T = todayIn('Europe/Paris', new Date());
  /** `hour`:00 in Paris, `day` days from today. */
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const tick = (now: Date) => service('engine').tick({ now });
  const mailsTo = (address: string) =>
    smtp.messages.filter((mail: ReceivedMail) => mail.envelope.to.includes(address));
  const remindersOf = (customerDocumentId: string) =>
    strapi
      .documents('plugin::dunning.reminder' as any)
      .findMany({ filters: { customerDocumentId }, sort: ['id:asc'] as any }) as Promise<any[]>;
  const caseOf = async (invoiceDocumentId: string) =>
    (await strapi.db
      .query('plugin::dunning.case' as any)
      .findOne({ where: { invoiceDocumentId } })) as any;
  const settingsRows = () =>
    strapi.db.query('plugin::dunning.customer-setting' as any).findMany({}) as Promise<any[]>;
  const template = async (predefinedKey: string) =>
    (
      (await strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey } })) as any[]
    )[0];
  const customerOnSteps = async (name: string) => {
    const customer = await createCustomer(strapi, name);
    await service('scenarios').assign(steps.documentId, [customer.documentId]);
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
    const rootId = (await createSuperAdmin(strapi)).id;
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    // The window opens at 08:00 in Paris: a paused case comes back at that hour.
    const settings = openSettings(rootId);
    await service('settings').update({
      ...settings,
      automatic: {
        ...settings.automatic,
        sendWindow: { ...settings.automatic.sendWindow, startHour: 8, endHour: 20 },
      },
    });
    // Two e-mail steps: 2 days before the due date, 10 days after.
    steps = await service('scenarios').create({
      name: 'Pause steps',
      steps: [
        {
          offsetDays: -2,
          channel: 'email',
          templateDocumentId: (await template('pre-due.email.fr')).documentId,
          level: 'Pre-due',
        },
        {
          offsetDays: 10,
          channel: 'email',
          templateDocumentId: (await template('reminder-1.email.fr')).documentId,
          level: 'Reminder 1',
        },
      ],
    });
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('holds a paused customer until the day the pause ends, shows why, then sends its reminder once on that day', async () => {
    const paused = await customerOnSteps('Paused Ltd');
    const free = await customerOnSteps('Free Ltd');
    // Pre-due step on day 2 for both.
    const invoice = await createInvoice(strapi, paused, 'P-1', addDays(T, 4), 150);
    await createInvoice(strapi, free, 'Q-1', addDays(T, 4), 150);

    const set = await api('PUT', `/dunning/customers/${paused.documentId}/pause`, {
      until: addDays(T, 3),
      reason: 'Merger under way',
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ pausedUntil: addDays(T, 3), pauseReason: 'Merger under way' });

    // Shown in the statement list and the customer's statement view, with the reason.
    const list = await api('GET', '/dunning/statement?search=Paused');
    expect(list.body.data).toEqual([
      expect.objectContaining({ name: 'Paused Ltd', pausedUntil: addDays(T, 3) }),
    ]);
    const view = await api('GET', `/dunning/statement/${paused.documentId}`);
    expect(view.body.data.customer).toMatchObject({
      pausedUntil: addDays(T, 3),
      pauseReason: 'Merger under way',
    });
    // The forecast holds the paused customer's step to the day the pause ends, as the engine
    // does: only the other customer on day 2, the paused one on day 3.
    const forecast = await api('GET', '/dunning/engine/forecast?days=5');
    const forecastDay = (day: number) =>
      forecast.body.data.find((entry: any) => entry.day === addDays(T, day));
    expect(forecastDay(2)).toMatchObject({
      customers: 1,
      invoices: 1,
      amounts: [{ currency: 'EUR', amount: 150 }],
    });
    expect(forecastDay(3)).toMatchObject({
      customers: 1,
      invoices: 1,
      steps: [expect.objectContaining({ level: 'Pre-due' })],
    });

    // Day 2: the step is due; the free customer gets it, the paused one waits for day 3 at the window's opening.
    const dayTwo = await tick(at(2));
    expect(dayTwo.planned.paused).toBe(1);
    expect(mailsTo(free.email!)).toHaveLength(1);
    expect(mailsTo(paused.email!)).toHaveLength(0);
    expect(await remindersOf(paused.documentId)).toEqual([]);
    expect(new Date((await caseOf(invoice.documentId)).nextActionAt).toISOString()).toBe(
      at(3, 8).toISOString()
    );

    // Later that day and just before the pause ends: nothing.
    await tick(at(2, 19));
    await tick(at(3, 7));
    expect(mailsTo(paused.email!)).toHaveLength(0);

    // The day the pause ends, it resumes by itself: the step goes out, once.
    await tick(at(3, 8));
    await tick(at(3, 12));
    await tick(at(4));
    expect(mailsTo(paused.email!)).toHaveLength(1);
    const reminders = await remindersOf(paused.documentId);
    expect(reminders.map((reminder) => [reminder.level, reminder.status])).toEqual([
      ['Pre-due', 'sent'],
    ]);
  });

  it('leaves out a queued reminder of a customer paused since it was planned, with the reason, and resumes when the pause is lifted', async () => {
    const customer = await customerOnSteps('Later Paused');
    const invoice = await createInvoice(strapi, customer, 'L-1', addDays(T, 2), 90);
    // Planned at day 0 (queued, not sent yet), then paused before the send.
    await service('planner').plan(at(0));
    expect((await remindersOf(customer.documentId)).map((reminder) => reminder.status)).toEqual([
      'queued',
    ]);
    expect(
      (
        await api('PUT', `/dunning/customers/${customer.documentId}/pause`, {
          until: addDays(T, 20),
          reason: 'Holidays',
        })
      ).status
    ).toBe(200);
    await tick(at(0));
    expect(mailsTo(customer.email!)).toHaveLength(0);
    const [skipped] = await remindersOf(customer.documentId);
    expect([skipped.status, skipped.statusReason, skipped.invoices[0].excluded]).toEqual([
      'skipped',
      'paused',
      'paused',
    ]);
    const activities = await api('GET', `/dunning/reminders?customer=${customer.documentId}`);
    expect(activities.body.data.map((reminder: any) => reminder.statusReason)).toEqual(['paused']);

    // Day 12: the next step is due but paused, so the case waits for day 20.
    await tick(at(12));
    expect(new Date((await caseOf(invoice.documentId)).nextActionAt).toISOString()).toBe(
      at(20, 8).toISOString()
    );
    // Lifting the pause: the case is looked at again at once, and the step goes out.
    const lifted = await api('DELETE', `/dunning/customers/${customer.documentId}/pause`);
    expect(lifted.status).toBe(200);
    expect(lifted.body.data).toEqual({ pausedUntil: null, pauseReason: null });
    expect(new Date((await caseOf(invoice.documentId)).nextActionAt).getTime()).toBeLessThanOrEqual(
      Date.now()
    );
    await tick(at(12));
    expect(mailsTo(customer.email!)).toHaveLength(1);
    expect(
      (await api('GET', `/dunning/statement/${customer.documentId}`)).body.data.customer.pausedUntil
    ).toBeNull();
  });

  let badInputs = 0;
  it.each([
    ['until', { until: T, reason: 'Today' }, /^until: must be a day after today/],
    ['until', { until: addDays(T, -1), reason: 'Yesterday' }, /^until: must be a day after today/],
    [
      'until',
      { until: addDays(T, 367), reason: 'Too far' },
      /^until: must be 366 days from today at most/,
    ],
    ['until', { until: '2027-02-30', reason: 'No such day' }, /^until: must be a date YYYY-MM-DD/],
    ['until', { until: '12/24/2030', reason: 'US format' }, /^until: must be a date YYYY-MM-DD/],
    ['until', { reason: 'No date' }, /^until: Required/],
    ['reason', { until: addDays(T, 5), reason: '   ' }, /^reason: give a reason/],
    ['reason', { until: addDays(T, 5), reason: 'x'.repeat(256) }, /^reason: /],
    [
      'note',
      { until: addDays(T, 5), reason: 'Extra', note: 'x' },
      /^note: is not a supported field/,
    ],
  ])(
    'refuses a pause with a bad %s (400 naming it) and writes nothing',
    async (_field, body, message) => {
      const customer = await customerOnSteps(`Bad input ${++badInputs}`);
      const before = await settingsRows();
      const answer = await api('PUT', `/dunning/customers/${customer.documentId}/pause`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(message);
      expect(await settingsRows()).toEqual(before);
    }
  );

  it('answers 404 for an unknown customer and writes nothing', async () => {
    const before = await settingsRows();
    expect(
      (await api('PUT', '/dunning/customers/nope/pause', { until: addDays(T, 5), reason: 'Ghost' }))
        .status
    ).toBe(404);
    expect(await settingsRows()).toEqual(before);
  });

  describe('the account owner', () => {
    let owner: Awaited<ReturnType<typeof createAdminWith>>;
    let asOwner: ReturnType<typeof adminApi>;
    const ownedBy = (customerDocumentId: string, ownerId: number | null) =>
      api('PUT', `/dunning/customers/${customerDocumentId}/owner`, { ownerId });

    beforeAll(async () => {
      owner = await createAdminWith(strapi, 'Louise', [
        'plugin::dunning.read',
        'plugin::dunning.send',
      ]);
      asOwner = adminApi(app.url, await adminToken(app.url, owner));
    });

    it("sends the automatic reminders of its customers in its name; the others in the settings' sender's", async () => {
      const owned = await customerOnSteps('Owned Co');
      const other = await customerOnSteps('Unowned Co');
      const set = await ownedBy(owned.documentId, owner.id);
      expect(set.status).toBe(200);
      expect(set.body.data).toEqual({ ownerId: owner.id });
      expect(
        (await api('GET', `/dunning/statement/${owned.documentId}`)).body.data.customer.ownerId
      ).toBe(owner.id);
      await createInvoice(strapi, owned, 'O-1', addDays(T, 2), 70);
      await createInvoice(strapi, other, 'U-1', addDays(T, 2), 70);
      await tick(at(0, 11));

      const [toOwned] = mailsTo(owned.email!);
      expect(toOwned.parsed.from?.value).toEqual([
        { name: 'Louise Tester – Your Company', address: 'billing@ourco.test' },
      ]);
      expect(toOwned.parsed.replyTo?.value).toEqual([
        { name: 'Louise Tester', address: owner.email },
      ]);
      expect(toOwned.envelope.from).toBe('billing@ourco.test');
      const [toOther] = mailsTo(other.email!);
      expect(toOther.parsed.replyTo?.value[0].address).toBe(SUPER_ADMIN.email);
      const [reminder] = await remindersOf(owned.documentId);
      expect([reminder.status, reminder.senderEmail]).toEqual(['sent', owner.email]);
    });

    it('filters the statements, the batch view and the activities on "My accounts"', async () => {
      const mine = await customerOnSteps('Mine Manual');
      const theirs = await customerOnSteps('Theirs Manual');
      expect((await ownedBy(mine.documentId, owner.id)).status).toBe(200);
      // Invoices on manual triggering: their steps wait in the batch view.
      await createInvoice(strapi, mine, 'M-1', addDays(T, 2), 40, { automaticReminders: false });
      await createInvoice(strapi, theirs, 'T-1', addDays(T, 2), 40, { automaticReminders: false });
      await tick(at(0, 12));

      const names = (rows: any[]) => rows.map((row) => row.name ?? row.customerName).sort();
      expect(
        names((await asOwner('GET', '/dunning/statement?mine=true&pageSize=100')).body.data)
      ).toEqual(['Mine Manual', 'Owned Co']);
      expect(names((await asOwner('GET', '/dunning/statement?pageSize=100')).body.data)).toEqual(
        expect.arrayContaining(['Mine Manual', 'Owned Co', 'Theirs Manual'])
      );
      // Another admin owns none of them.
      expect((await api('GET', '/dunning/statement?mine=true')).body.data).toEqual([]);

      const emailTotals = async (as: ReturnType<typeof adminApi>, query: string) =>
        (await as('GET', `/dunning/batches${query}`)).body.data.channels.find(
          (row: any) => row.channel === 'email'
        );
      expect(await emailTotals(asOwner, '?mine=true')).toMatchObject({
        reminders: 1,
        customers: 1,
      });
      expect((await emailTotals(asOwner, '')).customers).toBeGreaterThanOrEqual(2);
      const items = await asOwner('GET', '/dunning/batches/items?channel=email&mine=true');
      expect(items.body.data.map((item: any) => item.customerName)).toEqual(['Mine Manual']);
      expect(
        (await asOwner('GET', '/dunning/batches/items?channel=email')).body.data.map(
          (item: any) => item.customerName
        )
      ).toContain('Theirs Manual');

      const activities = await asOwner('GET', '/dunning/reminders?mine=true&pageSize=100');
      expect(
        [...new Set(activities.body.data.map((reminder: any) => reminder.customerName))].sort()
      ).toEqual(['Mine Manual', 'Owned Co']);

      for (const path of [
        '/dunning/statement?mine=yes',
        '/dunning/batches?mine=1',
        '/dunning/batches/items?channel=email&mine=',
        '/dunning/reminders?mine=TRUE',
      ]) {
        const answer = await asOwner('GET', path);
        expect([path, answer.status, answer.body.error.message]).toEqual([
          path,
          400,
          expect.stringMatching(/^mine: /),
        ]);
      }
    });

    it('takes only an active admin holding send, answers 400 naming ownerId otherwise, and writes nothing', async () => {
      const customer = await customerOnSteps('Owner Input');
      const reader = await createAdminWith(strapi, 'Reader Only', ['plugin::dunning.read']);
      const before = await settingsRows();
      for (const [body, message] of [
        [
          { ownerId: reader.id },
          /^ownerId: admin \d+ is not an active admin holding plugin::dunning.send/,
        ],
        [{ ownerId: 987654 }, /^ownerId: admin 987654 is not/],
        [{ ownerId: 'louise' }, /^ownerId: Expected number/],
        [{ ownerId: 1.5 }, /^ownerId: /],
        [{}, /^ownerId: Required/],
        [{ ownerId: null, note: 'x' }, /^note: is not a supported field/],
      ] as const) {
        const answer = await api('PUT', `/dunning/customers/${customer.documentId}/owner`, body);
        expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), 400]);
        expect(answer.body.error.message).toMatch(message);
      }
      expect(
        (await api('PUT', '/dunning/customers/nope/owner', { ownerId: owner.id })).status
      ).toBe(404);
      expect(await settingsRows()).toEqual(before);
    });
  });
});
