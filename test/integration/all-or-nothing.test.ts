import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { bodySignature } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import { inTransaction } from '../../src/plugins/dunning/server/src/repositories/sql/db';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { recordReminder } from '../helpers/engine';
import { refuseWrite } from '../helpers/faults';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * docs/engine.md, "All or nothing": the writes of one step — recording a promise (F4.6),
 * a portal action, releasing a customer in "Contacts to fix", applying a provider's
 * delivery event (F7.5) — are one transaction. Each test has the database refuse the
 * last write (a trigger, test/helpers/faults.ts), finds every table as it was, then
 * does it again without the fault and finds everything written once.
 */
describe.each(DATABASES)('all or nothing on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  const T = todayIn('Europe/Paris', new Date());
  const events: Array<{ name: string; payload: any }> = [];

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const rows = (uid: string, where: Record<string, unknown>) =>
    strapi.db.query(uid as any).findMany({ where, orderBy: [{ id: 'asc' }] }) as Promise<any[]>;
  const invoicesOf = async (customerDocumentId: string) =>
    (
      (await strapi.documents('api::invoice.invoice' as any).findMany({
        filters: { customer: { documentId: customerDocumentId } },
        sort: ['number:asc'] as any,
      })) as any[]
    ).map((invoice) => [
      invoice.number,
      invoice.promisedPaymentDate ?? null,
      invoice.disputed ?? false,
      invoice.reminderEmails ?? null,
    ]);
  /** Where the test's customer stands in every table the steps write. */
  const stateOf = async (customerDocumentId: string) => ({
    promises: (await rows('plugin::dunning.promise', { customerDocumentId })).map((promise) => [
      promise.invoiceNumber,
      promise.date,
      promise.status,
    ]),
    actions: (await rows('plugin::dunning.customer-action', { customerDocumentId })).map(
      (action) => action.kind
    ),
    invoices: await invoicesOf(customerDocumentId),
    suppressed: (await rows('plugin::dunning.suppression', { customerDocumentId })).map(
      (entry) => entry.address
    ),
    reminders: (await rows('plugin::dunning.reminder', { customerDocumentId })).map((reminder) => [
      reminder.status,
      reminder.timeline.map((entry: any) => entry.status),
    ]),
    events: events
      .filter(
        (event) =>
          event.payload.customerDocumentId === customerDocumentId ||
          event.payload.reminder?.customerDocumentId === customerDocumentId
      )
      .map((event) => event.name),
  });
  const invoiceWrite = (invoiceDocumentId: string, column: string) => ({
    table: 'invoices',
    on: 'update' as const,
    when: `NEW.${column} AND OLD.document_id = '${invoiceDocumentId}'`,
  });
  const promisedDateWrite = (invoiceDocumentId: string) => ({
    table: 'invoices',
    on: 'update' as const,
    when: `NEW.promised_payment_date IS NOT NULL AND OLD.document_id = '${invoiceDocumentId}'`,
  });

  /** Runs `work` while the database refuses the write `fault` describes. */
  const refusing = async <T>(
    fault: Parameters<typeof refuseWrite>[1],
    work: () => Promise<T>
  ): Promise<T> => {
    const refused = await refuseWrite(strapi, fault);
    try {
      return await work();
    } finally {
      await refused.remove();
    }
  };

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    for (const name of [
      'dunning.portal.promised',
      'dunning.portal.disputed',
      'dunning.reminder.created',
    ]) {
      strapi.eventHub.on(name, async (payload: any) => {
        events.push({ name, payload });
      });
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('records a promise on several invoices all or nothing: the last invoice refused, the previous promise stands and no invoice is paused', async () => {
    const customer = await createCustomer(strapi, 'Atomic promiser');
    const invoices = [
      await createInvoice(strapi, customer, 'AP-1', T, 100),
      await createInvoice(strapi, customer, 'AP-2', T, 200),
      await createInvoice(strapi, customer, 'AP-3', T, 300),
    ];
    const ids = invoices.map((invoice) => invoice.documentId);
    expect(
      (
        await api('POST', '/dunning/promises', {
          invoiceDocumentIds: [ids[0]],
          date: addDays(T, 5),
        })
      ).status
    ).toBe(201);
    const before = await stateOf(customer.documentId);
    expect(before.promises).toEqual([['AP-1', addDays(T, 5), 'pending']]);
    expect(before.invoices.map(([, date]) => date)).toEqual([addDays(T, 5), null, null]);

    const refused = await refusing(promisedDateWrite(ids[2]), () =>
      api('POST', '/dunning/promises', { invoiceDocumentIds: ids, date: addDays(T, 9) })
    );
    expect(refused.status).toBe(500);
    expect(await stateOf(customer.documentId)).toEqual(before);

    expect(
      (await api('POST', '/dunning/promises', { invoiceDocumentIds: ids, date: addDays(T, 9) }))
        .status
    ).toBe(201);
    expect(await stateOf(customer.documentId)).toEqual({
      ...before,
      promises: [
        ['AP-1', addDays(T, 5), 'cancelled'],
        ...['AP-1', 'AP-2', 'AP-3'].map((number) => [number, addDays(T, 9), 'pending']),
      ],
      invoices: before.invoices.map(([number, , disputed, emails]) => [
        number,
        addDays(T, 9),
        disputed,
        emails,
      ]),
    });
  });

  it('does a portal action all or nothing: its effect refused, neither the action nor any of its writes is on record, nor announced; posted again, done once', async () => {
    const customer = await createCustomer(strapi, 'Atomic portal', {
      customer: { locale: 'en-GB' },
    });
    const invoice = await createInvoice(strapi, customer, 'APP-1', T, 500);
    expect(
      (
        await api('POST', '/dunning/promises', {
          invoiceDocumentIds: [invoice.documentId],
          date: addDays(T, 3),
        })
      ).status
    ).toBe(201);
    const link = new URL(service('portal').linkFor(customer.documentId) as string).pathname;
    const post = async (what: string, form: Record<string, string>) => {
      const response = await fetch(`${app.url}${link}/invoices/${invoice.documentId}/${what}`, {
        method: 'POST',
        body: new URLSearchParams(form),
        redirect: 'manual',
      });
      return response.status;
    };
    const promise = { date: addDays(T, 8), amount: '' };
    const dispute = { reason: 'Wrong amount', comment: 'Ordered 10, billed 12.' };
    const before = await stateOf(customer.documentId);
    expect(before).toMatchObject({
      promises: [['APP-1', addDays(T, 3), 'pending']],
      actions: [],
      invoices: [['APP-1', addDays(T, 3), false, null]],
      events: [],
    });

    // A promise's last write is the invoice's promised date; a dispute's, its flag.
    expect(
      await refusing(promisedDateWrite(invoice.documentId), () => post('promise', promise))
    ).toBe(500);
    expect(await stateOf(customer.documentId)).toEqual(before);
    expect(
      await refusing(invoiceWrite(invoice.documentId, 'disputed'), () => post('dispute', dispute))
    ).toBe(500);
    expect(await stateOf(customer.documentId)).toEqual(before);

    for (let attempt = 0; attempt < 2; attempt++) {
      expect([await post('promise', promise), await post('dispute', dispute)]).toEqual([303, 303]);
    }
    expect(await stateOf(customer.documentId)).toEqual({
      ...before,
      promises: [
        ['APP-1', addDays(T, 3), 'cancelled'],
        ['APP-1', addDays(T, 8), 'pending'],
      ],
      actions: ['promise', 'dispute'],
      invoices: [['APP-1', addDays(T, 8), true, null]],
      events: ['dunning.portal.promised', 'dunning.portal.disputed'],
    });
  });

  it('releases a customer in "Contacts to fix" all or nothing: the last resend refused, address, suppression and reminders as they were', async () => {
    const customer = await createCustomer(strapi, 'Atomic release', {
      email: 'atomic@customer.test',
    });
    const invoices = [
      await createInvoice(strapi, customer, 'AR-1', addDays(T, 60), 100),
      await createInvoice(strapi, customer, 'AR-2', addDays(T, 60), 200),
    ];
    await strapi.db.query('plugin::dunning.suppression' as any).create({
      data: {
        address: 'atomic@customer.test',
        customerDocumentId: customer.documentId,
        bouncedAt: new Date(),
      },
    });
    const held: Array<Record<string, any>> = [];
    for (const [index, invoice] of invoices.entries()) {
      held.push(
        await recordReminder(
          strapi,
          {
            type: 'reminder',
            channel: 'email',
            trigger: 'automatic',
            customerDocumentId: customer.documentId,
            customerName: 'Atomic release',
            invoices: [
              {
                documentId: invoice.documentId,
                number: invoice.number,
                dueDate: addDays(T, 60),
                amountDue: 100 * (index + 1),
                currency: 'EUR',
              },
            ],
            amount: 100 * (index + 1),
            currency: 'EUR',
            recipients: [],
            statusReason: 'address_bounced',
            idempotencyKey: `atomic-release-${database}:${index}`,
          },
          'not_sent',
          new Date()
        )
      );
    }
    const contactAddresses = async () =>
      (
        (await strapi
          .documents('api::contact.contact' as any)
          .findOne({ documentId: customer.contactDocumentId })) as any
      ).reminderEmails ?? null;
    const before = { ...(await stateOf(customer.documentId)), contact: await contactAddresses() };
    expect(before).toMatchObject({
      suppressed: ['atomic@customer.test'],
      reminders: [
        ['not_sent', ['not_sent']],
        ['not_sent', ['not_sent']],
      ],
      contact: null,
    });
    const release = () =>
      api('POST', `/dunning/contacts-to-fix/${customer.documentId}/release`, {
        addresses: ['fixed@customer.test'],
      });

    // Released latest first: the first held reminder is the last one resent.
    const refused = await refusing(
      {
        table: 'dunning_reminders',
        on: 'update',
        when: `NEW.status = 'queued' AND OLD.id = ${held[0].id}`,
      },
      release
    );
    expect(refused.status).toBe(500);
    expect({ ...(await stateOf(customer.documentId)), contact: await contactAddresses() }).toEqual(
      before
    );

    const released = await release();
    expect(released.body.data).toEqual({ released: 2, unsuppressed: 1 });
    expect({ ...(await stateOf(customer.documentId)), contact: await contactAddresses() }).toEqual({
      ...before,
      invoices: before.invoices.map(([number, date, disputed]) => [
        number,
        date,
        disputed,
        'fixed@customer.test',
      ]),
      suppressed: [],
      reminders: [
        ['queued', ['not_sent', 'queued']],
        ['queued', ['not_sent', 'queued']],
      ],
      contact: 'fixed@customer.test',
    });
  });

  it("writes a delivery event's id with its effect: the second of two refused, the retry of the signed request applies both, each once", async () => {
    const customer = await createCustomer(strapi, 'Atomic bounces');
    const sent = async (addresses: string[], index: number) => {
      const reminder = await recordReminder(
        strapi,
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'automatic',
          customerDocumentId: customer.documentId,
          invoices: [],
          amount: 10,
          currency: 'EUR',
          recipients: addresses.map((address) => ({ address })),
          sentAt: new Date(),
          idempotencyKey: `atomic-bounce-${database}:${index}`,
        },
        'sent',
        new Date()
      );
      const messageId = `<reminder-${reminder.documentId}@ourco.test>`;
      await strapi.db
        .query('plugin::dunning.reminder' as any)
        .update({ where: { id: reminder.id }, data: { messageId } });
      return { messageId, eventId: `bounce-${reminder.documentId}` };
    };
    const first = await sent(['first@bounces.test'], 0);
    // An address already on the list when the second bounces: the one index refusal must not undo the rest.
    const second = await sent(['first@bounces.test', 'second@bounces.test'], 1);
    const body = JSON.stringify(
      [first, second].map(({ messageId, eventId }) => ({
        id: eventId,
        messageId,
        event: 'bounced',
        reason: '550 5.1.1 mailbox unknown',
      }))
    );
    const deliver = async () => {
      const response = await fetch(`${app.url}/api/dunning/delivery-events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-dunning-signature': bodySignature(
            process.env.DUNNING_WEBHOOK_SECRET!,
            body,
            new Date()
          ),
        },
        body,
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const recorded = async () =>
      (
        await rows('plugin::dunning.delivery-event', {
          eventId: { $in: [first.eventId, second.eventId] },
        })
      ).map((row) => row.eventId);
    const before = { ...(await stateOf(customer.documentId)), recorded: await recorded() };
    expect(before).toMatchObject({
      suppressed: [],
      reminders: [
        ['sent', ['sent']],
        ['sent', ['sent']],
      ],
      recorded: [],
    });

    // The second event's last write is its address on the suppression list.
    const refused = await refusing(
      { table: 'dunning_suppressions', on: 'insert', when: `NEW.address = 'second@bounces.test'` },
      deliver
    );
    expect(refused.status).toBe(500);
    expect({ ...(await stateOf(customer.documentId)), recorded: await recorded() }).toEqual({
      ...before,
      suppressed: ['first@bounces.test'],
      reminders: [
        ['bounced', ['sent', 'bounced']],
        ['sent', ['sent']],
      ],
      recorded: [first.eventId],
    });

    const retried = await deliver();
    expect(retried.body.data).toEqual({
      received: 2,
      updated: 1,
      unchanged: 0,
      unknown: 0,
      duplicate: 1,
    });
    expect((await deliver()).body.data).toEqual({
      received: 2,
      updated: 0,
      unchanged: 0,
      unknown: 0,
      duplicate: 2,
    });
    expect({ ...(await stateOf(customer.documentId)), recorded: await recorded() }).toEqual({
      ...before,
      suppressed: ['first@bounces.test', 'second@bounces.test'],
      reminders: [
        ['bounced', ['sent', 'bounced']],
        ['bounced', ['sent', 'bounced']],
      ],
      recorded: [first.eventId, second.eventId],
    });
  });

  it('tells the event hub about a reminder written in a transaction once it commits, and never when it rolls back', async () => {
    const customer = await createCustomer(strapi, 'Atomic events');
    const create = (key: string) =>
      reminderRepository(strapi).create(
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'manual',
          customerDocumentId: customer.documentId,
          invoices: [],
          invoiceCount: 0,
          amount: 10,
          currency: 'EUR',
          idempotencyKey: `atomic-events-${database}:${key}`,
        },
        'queued',
        new Date()
      );
    const announced = async () => (await stateOf(customer.documentId)).events;

    await expect(
      inTransaction(strapi, async () => {
        await create('rolled-back');
        throw new Error('rolled back');
      })
    ).rejects.toThrow('rolled back');
    expect(await stateOf(customer.documentId)).toMatchObject({ reminders: [], events: [] });

    await inTransaction(strapi, async () => {
      await create('committed');
      expect(await announced()).toEqual([]);
    });
    expect(await stateOf(customer.documentId)).toMatchObject({
      reminders: [['queued', ['queued']]],
      events: ['dunning.reminder.created'],
    });
  });
});
