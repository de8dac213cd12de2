import type { Core } from '@strapi/strapi';

import { WAVES_ON_THE_WIRE } from '../../src/plugins/dunning/server/src/domain/delivery';
import { createSuperAdmin } from '../helpers/admin';
import { countBy, openSettings, queueWrittenReminders } from '../helpers/engine';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

/**
 * PostgreSQL cut off under the engine (a TCP proxy in front of the real server drops
 * every connection): in the middle of a tick, and during the outcome's write after a
 * successful hand-off. The tick fails cleanly, nothing is lost, a reminder whose outcome
 * could not be written becomes uncertain after its lease (never sent again), and the
 * next tick recovers by itself.
 */

const run = DATABASES.includes('postgres') ? describe : describe.skip;
const LEASE_SECONDS = 30;

run('PostgreSQL cut off under the engine', () => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let proxy: TcpProxy;
  /** What the next message's arrival does before the server answers 250. */
  let onMessage: () => void = () => undefined;
  let rootId: number;
  let customer: { documentId: string; contactDocumentId: string };
  let invoice: { documentId: string; number: string };
  let clock = new Date('2026-03-02T09:00:00Z');

  const tick = (now: Date) => strapi.plugin('dunning').service('engine').tick({ now });
  const statusesOf = async (documentIds: string[]) =>
    (await strapi.db.query('plugin::dunning.reminder' as any).findMany({
      where: { documentId: { $in: documentIds } },
      select: ['documentId', 'status', 'messageId'],
    })) as any[];
  const copies = () => countBy(smtp.messages, (mail) => mail.parsed.messageId ?? '');

  beforeAll(async () => {
    smtp = await startSmtpServer({ delayMs: 20, beforeAnswer: async () => onMessage() });
    const server = new URL(process.env.DUNNING_TEST_PG_URL!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    app = await startStrapi({
      database: 'postgres',
      env: {
        SMTP_PORT: String(smtp.port),
        EMAIL_FROM: 'Billing <billing@ourco.test>',
        DUNNING_LEASE_SECONDS: String(LEASE_SECONDS),
      },
      connectThrough: (url) => {
        const through = new URL(url);
        through.port = String(proxy.port);
        return through.toString();
      },
    });
    strapi = app.strapi;
    rootId = (await createSuperAdmin(strapi)).id;
    await strapi.plugin('dunning').service('settings').update(openSettings(rootId));
    customer = await createCustomer(strapi, 'Outage');
    invoice = await createInvoice(strapi, customer, 'OUT-1', '2026-01-01');
  });

  afterAll(async () => {
    proxy?.restore();
    await app?.stop();
    await smtp?.stop();
    await proxy?.stop();
  });

  it('cut in the middle of a tick: the tick fails; after the lease nothing is lost, none is sent twice, and the next tick recovers', async () => {
    clock = new Date(clock.getTime() + 3600_000);
    const documentIds = await queueWrittenReminders(strapi, {
      count: 300,
      customer,
      invoice,
      senderId: rootId,
      to: 'outage@client.test',
      now: clock,
      key: 'cut-mid-tick',
    });
    let received = 0;
    onMessage = () => {
      if (++received === 60) proxy.cut();
    };
    await expect(tick(clock)).rejects.toThrow();
    onMessage = () => undefined;
    const atCut = smtp.messages.length;
    expect(atCut).toBeLessThan(300);

    proxy.restore();
    // Before the lease lapses the claims still stand: nothing is swept, nothing sent twice.
    const early = await tick(new Date(clock.getTime() + 1000));
    expect(early.uncertain).toBe(0);
    const late = await tick(new Date(clock.getTime() + (LEASE_SECONDS + 1) * 1000));
    await tick(new Date(clock.getTime() + (LEASE_SECONDS + 60) * 1000));

    const reminders = await statusesOf(documentIds);
    const statuses = countBy(reminders, (reminder) => reminder.status);
    expect(
      [...statuses.keys()].filter((status) => status !== 'sent' && status !== 'uncertain')
    ).toEqual([]);
    // On the record without an outcome when the database went: the waves on the wire and the answers not yet written.
    expect(statuses.get('uncertain') ?? 0).toBe(late.uncertain);
    expect(late.uncertain).toBeLessThanOrEqual(
      (WAVES_ON_THE_WIRE + 1) * strapi.config.get<number>('plugin::dunning.engine.sendConcurrency')
    );
    const received2 = copies();
    expect(
      documentIds.filter(
        (documentId) => (received2.get(`<reminder-${documentId}@ourco.test>`) ?? 0) > 1
      )
    ).toEqual([]);
    for (const reminder of reminders)
      if (reminder.status === 'sent') expect(received2.get(reminder.messageId)).toBe(1);
  });

  it('cut during the outcome write after the server said 250: the tick fails, the reminder ends uncertain after its lease, never sent again', async () => {
    clock = new Date(clock.getTime() + 3600_000);
    const [documentId] = await queueWrittenReminders(strapi, {
      count: 1,
      customer,
      invoice,
      senderId: rootId,
      to: 'outage@client.test',
      now: clock,
      key: 'cut-at-outcome',
    });
    onMessage = () => proxy.cut();
    await expect(tick(clock)).rejects.toThrow();
    onMessage = () => undefined;
    expect(
      smtp.messages.filter(
        (mail) => mail.parsed.messageId === `<reminder-${documentId}@ourco.test>`
      )
    ).toHaveLength(1);

    proxy.restore();
    const [handedOver] = await statusesOf([documentId]);
    expect(handedOver).toMatchObject({
      status: 'sending',
      messageId: `<reminder-${documentId}@ourco.test>`,
    });
    const report = await tick(new Date(clock.getTime() + (LEASE_SECONDS + 1) * 1000));
    expect(report.uncertain).toBe(1);
    await tick(new Date(clock.getTime() + 3600_000));
    const [uncertain] = await statusesOf([documentId]);
    expect(uncertain.status).toBe('uncertain');
    expect(
      smtp.messages.filter(
        (mail) => mail.parsed.messageId === `<reminder-${documentId}@ourco.test>`
      )
    ).toHaveLength(1);
  });
});
