import { randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { bodySignature } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { emailOnlyDefault, openSettings, queueWrittenReminders } from '../helpers/engine';
import { cancelOpenInvoices, createCustomer, createInvoice } from '../helpers/ledger';
import { type ReceivedMail, type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * F7.5: a bounce puts the address on the suppression list, the next step
 * is not sent ("address bounced"), the clerk fixes the address in "Contacts to fix" and
 * releases the held reminder, which the engine then sends once. Engine ticks on a
 * simulated clock, a real SMTP server, signed delivery events.
 */
describe.each(DATABASES)('contacts to fix on %s (F7.5)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  let rootId: number;
  const T = todayIn('Europe/Paris', new Date());
  /** 10:00 in Paris, `day` days from today. */
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const tick = (now: Date) => service('engine').tick({ now });
  const remindersOf = (customerDocumentId: string) =>
    strapi
      .documents('plugin::dunning.reminder' as any)
      .findMany({ filters: { customerDocumentId }, sort: ['id:asc'] as any }) as Promise<any[]>;
  const newMails = async (work: () => Promise<unknown>): Promise<ReceivedMail[]> => {
    const before = smtp.messages.length;
    await work();
    return smtp.messages.slice(before);
  };
  const suppressed = async () =>
    (
      (await strapi.db
        .query('plugin::dunning.suppression' as any)
        .findMany({ orderBy: { id: 'asc' } })) as any[]
    ).map((row) => row.address);
  const bounce = async (messageId: string, when: Date) => {
    const body = JSON.stringify([
      {
        id: randomUUID(),
        messageId,
        event: 'bounced',
        at: when.toISOString(),
        reason: '550 5.1.1 mailbox unknown',
      },
    ]);
    const response = await fetch(`${app.url}/api/dunning/delivery-events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-dunning-signature': bodySignature(process.env.DUNNING_WEBHOOK_SECRET!, body, new Date()),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
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
    await service('settings').update(openSettings(rootId));
    await emailOnlyDefault(strapi);
  });

  // Each test chases its own invoices only: what is left open is cancelled after it.
  afterEach(async () => {
    await cancelOpenInvoices(strapi);
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('bounce → suppression → next step not sent → address fixed in "Contacts to fix" → released and sent once', async () => {
    const customer = await createCustomer(strapi, 'Bouncer', { email: 'Bouncer@customer.test' });
    const invoice = await createInvoice(strapi, customer, 'B-1', addDays(T, 2), 250);

    // Step 1 goes out, and bounces.
    const first = await newMails(() => tick(at(0)));
    expect(first.map((mail) => mail.envelope.to)).toEqual([['Bouncer@customer.test']]);
    const [sent] = await remindersOf(customer.documentId);
    expect((await bounce(sent.messageId, at(0, 12))).body.data).toMatchObject({ updated: 1 });
    expect(await suppressed()).toEqual(['bouncer@customer.test']);

    // Step 2: held back, on the record with its reason, nothing sent.
    expect(await newMails(() => tick(at(5)))).toEqual([]);
    const [, held] = await remindersOf(customer.documentId);
    expect(held).toMatchObject({
      status: 'not_sent',
      statusReason: 'address_bounced',
      level: 'Step 2',
      recipients: [],
    });
    expect(held.timeline).toEqual([
      expect.objectContaining({ status: 'not_sent', note: 'address_bounced' }),
    ]);
    const activity = await api(
      'GET',
      `/dunning/reminders?customer=${customer.documentId}&status=not_sent`
    );
    expect(
      activity.body.data.map((reminder: any) => [reminder.documentId, reminder.statusReason])
    ).toEqual([[held.documentId, 'address_bounced']]);

    // The view lists the customer, its bounced address and the held reminder; the home page counts it.
    const view = await api('GET', '/dunning/contacts-to-fix');
    expect(view.status).toBe(200);
    expect(view.body.data).toEqual([
      {
        customerDocumentId: customer.documentId,
        customerName: 'Bouncer',
        contact: {
          documentId: customer.contactDocumentId,
          name: 'Bouncer Accounts',
          addresses: 'Bouncer@customer.test',
        },
        bounced: [
          {
            address: 'bouncer@customer.test',
            reason: '550 5.1.1 mailbox unknown',
            bouncedAt: at(0, 12).toISOString(),
          },
        ],
        held: [
          expect.objectContaining({
            documentId: held.documentId,
            level: 'Step 2',
            amount: 250,
            currency: 'EUR',
            statusReason: 'address_bounced',
            invoices: [expect.objectContaining({ documentId: invoice.documentId, number: 'B-1' })],
          }),
        ],
      },
    ]);
    expect((await api('GET', '/dunning/contacts-to-fix/count')).body.data).toEqual({
      customers: 1,
    });

    // The clerk corrects the address and releases: written to the contact, off the list, queued.
    const released = await api('POST', `/dunning/contacts-to-fix/${customer.documentId}/release`, {
      addresses: ['fixed@customer.test'],
    });
    expect(released.status).toBe(200);
    expect(released.body.data).toEqual({ released: 1, unsuppressed: 1 });
    const contact = await strapi
      .documents('api::contact.contact' as any)
      .findOne({ documentId: customer.contactDocumentId });
    expect(contact!.reminderEmails).toBe('fixed@customer.test');
    expect(await suppressed()).toEqual([]);
    expect((await remindersOf(customer.documentId))[1].status).toBe('queued');
    expect((await api('GET', '/dunning/contacts-to-fix')).body.data).toEqual([]);
    expect((await api('GET', '/dunning/contacts-to-fix/count')).body.data).toEqual({
      customers: 0,
    });

    // The engine's claimed send path sends it, once, to the new address.
    const after = await newMails(async () => {
      await tick(at(5, 11));
      await tick(at(5, 12));
    });
    expect(after.map((mail) => [mail.envelope.to, mail.parsed.messageId])).toEqual([
      [['fixed@customer.test'], `<reminder-${held.documentId}@ourco.test>`],
    ]);
    expect(
      (await remindersOf(customer.documentId)).map((reminder) => [reminder.level, reminder.status])
    ).toEqual([
      ['Step 1', 'bounced'],
      ['Step 2', 'sent'],
    ]);
    expect(
      smtp.messages.filter(
        (mail) => mail.parsed.messageId === `<reminder-${held.documentId}@ourco.test>`
      )
    ).toHaveLength(1);

    // Released again: nothing left to release, nothing sent.
    expect(
      (await api('POST', `/dunning/contacts-to-fix/${customer.documentId}/release`, {})).body.data
    ).toEqual({ released: 0, unsuppressed: 0 });
    expect(await newMails(() => tick(at(5, 13)))).toEqual([]);
  });

  it('leaves out an address that bounced after its reminder was queued, and lists a customer without an address', async () => {
    const bounced = await createCustomer(strapi, 'Late bounce', { email: 'late@customer.test' });
    const late = await createInvoice(strapi, bounced, 'L-1', addDays(T, 22), 100);
    await strapi.db.query('plugin::dunning.suppression' as any).create({
      data: {
        address: 'late@customer.test',
        customerDocumentId: bounced.documentId,
        bouncedAt: new Date(),
      },
    });
    // A pop-up's reminder, queued to the address as its author typed it: held back at sending, resent from the activities.
    const [written] = await queueWrittenReminders(strapi, {
      count: 1,
      customer: bounced,
      invoice: late,
      senderId: rootId,
      to: 'LATE@customer.test',
      now: at(20),
      key: `written-${database}`,
    });
    const silent = await createCustomer(strapi, 'Addressless', { email: null });
    await createInvoice(strapi, silent, 'N-1', addDays(T, 22), 100);
    expect(await newMails(() => tick(at(20)))).toEqual([]);
    expect(
      (await remindersOf(bounced.documentId)).map((reminder) => [
        reminder.documentId === written,
        reminder.trigger,
        reminder.status,
        reminder.statusReason,
      ])
    ).toEqual([
      [true, 'manual', 'not_sent', 'address_bounced'],
      [false, 'automatic', 'not_sent', 'address_bounced'],
    ]);
    expect(
      (await remindersOf(silent.documentId)).map((reminder) => [
        reminder.status,
        reminder.statusReason,
      ])
    ).toEqual([['not_sent', 'no_address']]);
    const view = (await api('GET', '/dunning/contacts-to-fix')).body.data;
    expect(
      view.map((entry: any) => [
        entry.customerName,
        entry.bounced.map((b: any) => b.address),
        entry.held.map((h: any) => h.statusReason),
      ])
    ).toEqual([
      ['Addressless', [], ['no_address']],
      ['Late bounce', ['late@customer.test'], ['address_bounced']],
    ]);

    // Released without a fix: the address is taken off the list as it is, and the reminder goes to it once.
    const released = await api(
      'POST',
      `/dunning/contacts-to-fix/${bounced.documentId}/release`,
      {}
    );
    expect(released.body.data).toEqual({ released: 1, unsuppressed: 1 });
    const mails = await newMails(() => tick(at(20, 11)));
    expect(mails.map((mail) => mail.envelope.to)).toEqual([['late@customer.test']]);
  });
});
