import fs from 'node:fs';
import path from 'node:path';

import type { Core } from '@strapi/strapi';

import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { openSettings, queueWrittenReminders } from '../helpers/engine';
import {
  behaviours,
  describeBehaviour,
  type FaultySmtp,
  type SmtpBehaviour,
  startFaultySmtp,
} from '../helpers/faulty-smtp';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { DATABASES, ROOT, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * The reminder lifecycle under faults, end to end: a queued reminder sent by the engine
 * to a real SMTP server that misbehaves in each way nodemailer can observe
 * (test/integration/smtp-faults.test.ts), and what the reminder becomes — retried,
 * deferred, failed or uncertain — with how many copies the server holds once the
 * retry delay has passed. Then a throttling server on 1,000 mails, and letters whose
 * customer reference holds anything.
 */

const RETRY_BASE_SECONDS = 1;

describe.each(DATABASES)('sending under faults on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: FaultySmtp;
  let rootId: number;
  let customer: { documentId: string; contactDocumentId: string };
  let invoice: { documentId: string; number: string };
  /** The tick's clock: each test starts an hour after the previous one. */
  let clock = new Date('2026-03-02T09:00:00Z');
  const seconds = (n: number) => new Date(clock.getTime() + n * 1000);
  const tick = (now: Date) => strapi.plugin('dunning').service('engine').tick({ now });
  const reminder = (documentId: string) =>
    strapi.db
      .query('plugin::dunning.reminder' as any)
      .findOne({ where: { documentId } }) as Promise<any>;
  const messageIdOf = (documentId: string) => `<reminder-${documentId}@ourco.test>`;
  /** Copies of the reminder's message the server accepted (a refused copy is received, then answered 4xx or 5xx). */
  const accepted = (documentId: string) =>
    smtp.received.filter(
      (mail) =>
        mail.messageId === messageIdOf(documentId) &&
        mail.behaviour === describeBehaviour(behaviours.accept)
    ).length;

  /** One reminder queued now, the server set to `behaviour` for its first message (then accepting), ticked once. */
  const firstAttempt = async (behaviour: SmtpBehaviour | null, key: string) => {
    clock = new Date(clock.getTime() + 3600_000);
    const [documentId] = await queueWrittenReminders(strapi, {
      count: 1,
      customer,
      invoice,
      senderId: rootId,
      to: 'jeanne@client.test',
      now: clock,
      key,
    });
    if (behaviour) smtp.queue(behaviour);
    await tick(clock);
    return documentId;
  };

  beforeAll(async () => {
    smtp = await startFaultySmtp();
    app = await startStrapi({
      database,
      env: {
        SMTP_PORT: String(smtp.port),
        EMAIL_FROM: 'Billing <billing@ourco.test>',
        SMTP_TIMEOUT_MS: '1000',
      },
      pluginsConfig: {
        dunning: { config: { engine: { retryBaseSeconds: RETRY_BASE_SECONDS, maxAttempts: 3 } } },
      },
    });
    strapi = app.strapi;
    rootId = (await createSuperAdmin(strapi)).id;
    await strapi.plugin('dunning').service('settings').update(openSettings(rootId));
    customer = await createCustomer(strapi, 'Faults');
    invoice = await createInvoice(strapi, customer, 'FAULT-1', '2026-01-01');
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('(g) a 250: sent once, one attempt', async () => {
    const documentId = await firstAttempt(null, 'ok');
    expect(await reminder(documentId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      nextAttemptAt: null,
    });
    expect(accepted(documentId)).toBe(1);
  });

  // Nothing can have left, and the server is unavailable or asks to wait: queued again
  // without counting an attempt, the next try after the backoff; a tick before it sends nothing.
  it.each([
    ['(b) a connection closed before the greeting', behaviours.closeBeforeGreeting, 'econnection'],
    ['(c) 421 at MAIL FROM', behaviours.reply(421, 'MAIL FROM'), 'smtp_421'],
    ['(c) 454 at DATA', behaviours.reply(454, 'DATA'), 'smtp_454'],
    ['(c) 451 after the final dot', behaviours.reply(451, 'end of data'), 'smtp_451'],
  ])(
    '%s: deferred, no attempt counted, sent once after the backoff',
    async (_, behaviour, reason) => {
      const documentId = await firstAttempt(behaviour, `defer-${reason}`);
      const deferred = await reminder(documentId);
      expect(deferred).toMatchObject({ status: 'queued', attempts: 0, statusReason: reason });
      expect(new Date(deferred.nextAttemptAt).getTime()).toBeGreaterThanOrEqual(
        clock.getTime() + RETRY_BASE_SECONDS * 1000
      );
      await tick(seconds(0.5));
      expect((await reminder(documentId)).status).toBe('queued');
      await tick(seconds(5));
      expect(await reminder(documentId)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(accepted(documentId)).toBe(1);
    }
  );

  it('(c) 450 at RCPT TO (this mailbox, for now): retried with backoff, the attempt counted', async () => {
    const documentId = await firstAttempt(behaviours.reply(450, 'RCPT TO'), 'retry-450');
    const retried = await reminder(documentId);
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, statusReason: 'smtp_450' });
    expect(new Date(retried.nextAttemptAt).getTime()).toBeGreaterThanOrEqual(
      clock.getTime() + RETRY_BASE_SECONDS * 1000
    );
    await tick(seconds(0.5));
    expect(accepted(documentId)).toBe(0);
    await tick(seconds(5));
    expect(await reminder(documentId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(accepted(documentId)).toBe(1);
  });

  it.each([
    ['(d) 550 at RCPT TO', behaviours.reply(550, 'RCPT TO'), 'smtp_550', 0],
    ['(d) 554 after the final dot', behaviours.reply(554, 'end of data'), 'smtp_554', 1],
  ])('%s: failed for good, never retried', async (_, behaviour, reason, refusedCopies) => {
    const documentId = await firstAttempt(behaviour, `fail-${reason}`);
    await tick(seconds(10));
    expect(await reminder(documentId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      statusReason: reason,
      nextAttemptAt: null,
    });
    expect(accepted(documentId)).toBe(0);
    // The copy a 554 refuses was received in full before the answer.
    expect(smtp.copiesOf(messageIdOf(documentId))).toBe(refusedCopies);
  });

  it.each([
    [
      '(e) a connection closed after the final dot, without an answer',
      behaviours.closeAfterData,
      'econnection',
    ],
    ['(f) no answer after the final dot (timeout)', behaviours.hangAfterData, 'etimedout'],
  ])('%s: uncertain, never sent again by the engine', async (_, behaviour, reason) => {
    const documentId = await firstAttempt(behaviour, `uncertain-${reason}`);
    expect(await reminder(documentId)).toMatchObject({
      status: 'uncertain',
      attempts: 1,
      statusReason: reason,
      nextAttemptAt: null,
    });
    for (const after of [5, 60, 600]) await tick(seconds(after));
    expect((await reminder(documentId)).status).toBe('uncertain');
    // The server holds the one copy it received, whatever it did with it; none more came.
    expect(smtp.copiesOf(messageIdOf(documentId))).toBe(1);
  });

  it('(a) the server down (connection refused): deferred with backoff, sent once when it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    const documentId = await firstAttempt(null, 'outage');
    const deferred = await reminder(documentId);
    expect(deferred).toMatchObject({ status: 'queued', attempts: 0, statusReason: 'esocket' });
    await tick(seconds(1.5));
    expect(await reminder(documentId)).toMatchObject({ status: 'queued', attempts: 0 });
    smtp = await startFaultySmtp({ port });
    await tick(seconds(30));
    expect(await reminder(documentId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(accepted(documentId)).toBe(1);
  });

  it('a throttling server on 1,000 mails: every mail sent once, none failed, none uncertain', async () => {
    const port = smtp.port;
    await smtp.stop();
    // At most 100 mails in any second: a 1,000-mail batch always runs into it (this machine sends a few hundred a second).
    smtp = await startFaultySmtp({ port, throttle: { max: 100, windowMs: 1000, code: 421 } });
    clock = new Date(clock.getTime() + 3600_000);
    const documentIds = await queueWrittenReminders(strapi, {
      count: 1000,
      customer,
      invoice,
      senderId: rootId,
      to: 'bulk@client.test',
      now: clock,
      key: 'throttled',
    });
    let now = clock;
    for (let round = 0; round < 400 && smtp.received.length < 1000; round++) {
      await tick(now);
      now = new Date(now.getTime() + 4000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const rows = (await strapi.db.query('plugin::dunning.reminder' as any).findMany({
      where: { documentId: { $in: documentIds } },
      select: ['status', 'attempts', 'statusReason'],
    })) as any[];
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
    expect(documentIds.filter((documentId) => accepted(documentId) !== 1)).toEqual([]);
    // The server did throttle: some mails were deferred on the way.
    const timelines = (await strapi.db
      .query('plugin::dunning.reminder' as any)
      .findMany({ where: { documentId: { $in: documentIds } }, select: ['timeline'] })) as any[];
    expect(timelines.filter((row) => row.timeline.length > 2).length).toBeGreaterThan(0);
  }, 300000);
});

describe.each(DATABASES)('letters whose customer reference holds anything, on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  let template: any;
  const uploads = path.join(ROOT, 'public', 'uploads');

  beforeAll(async () => {
    app = await startStrapi({
      database,
      listen: true,
      env: { EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    template = (
      (await strapi
        .documents('plugin::dunning.template' as any)
        .findMany({ filters: { predefinedKey: 'final-notice.letter.fr' } })) as any[]
    )[0];
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** The pop-up's letter for a new customer whose reference is `reference`. */
  const letterFor = async (reference: string, number: string) => {
    const customer = await createCustomer(strapi, `Letter ${number}`, { customer: { reference } });
    const invoice = await createInvoice(strapi, customer, number, '2026-01-10', 250);
    const form = new FormData();
    const payload = {
      requestId: `letter-${number}`,
      customerDocumentId: customer.documentId,
      invoiceDocumentIds: [invoice.documentId],
      type: 'reminder',
      channel: 'letter',
      templateDocumentId: template.documentId,
      subject: template.subject ?? '',
      body: template.body,
      recipients: [],
      cc: [],
      attachInvoicePdfs: false,
      saveAddresses: false,
      countsInScenario: true,
    };
    form.append('payload', JSON.stringify(payload));
    return api('POST', '/dunning/reminders', form);
  };

  it.each([['ACME/2024/007'], ['../../etc/x'], ['é/ü <>']])(
    'produces the letter of a customer whose reference is %s, downloadable, its file inside the upload folder',
    async (reference) => {
      const response = await letterFor(
        reference,
        `L-${Buffer.from(reference).toString('hex').slice(0, 12)}`
      );
      expect(response.status).toBe(201);
      const sent = response.body.data.reminder;
      expect(sent).toMatchObject({ status: 'sent', channel: 'letter' });
      const stored = (await strapi.db
        .query('plugin::dunning.reminder' as any)
        .findOne({ where: { documentId: sent.documentId }, populate: ['document'] })) as any;
      expect(stored.document.name).toMatch(/^letter-[A-Za-z0-9._-]+\.pdf$/);
      const file = path.join(ROOT, 'public', stored.document.url);
      expect(path.relative(uploads, file).startsWith('..')).toBe(false);
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      const download = await api('GET', sent.documentUrl);
      expect(download.status).toBe(200);
      expect(download.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
  );

  it('a letter whose producer died is swept back to the batch view (planned) when its lease lapses, not left queued where no sender looks', async () => {
    const repository = reminderRepository(strapi);
    const planned = await repository.create(
      {
        type: 'reminder',
        channel: 'letter',
        trigger: 'batch',
        customerDocumentId: 'swept-letter',
        invoices: [],
        invoiceCount: 0,
        amount: 10,
        currency: 'EUR',
        idempotencyKey: 'swept-letter',
      },
      'planned',
      new Date()
    );
    expect(
      await repository.take(
        planned,
        'sending',
        {},
        'letter produced by a crashed instance',
        new Date(),
        'crashed-instance#1'
      )
    ).toBe(true);
    const leaseSeconds = strapi.config.get<number>('plugin::dunning.engine.leaseSeconds');
    const report = await strapi
      .plugin('dunning')
      .service('engine')
      .tick({ now: new Date(Date.now() + (leaseSeconds + 1) * 1000) });
    expect(report).toMatchObject({ uncertain: 0, requeued: 1 });
    const swept = (await strapi.db
      .query('plugin::dunning.reminder' as any)
      .findOne({ where: { documentId: planned.documentId } })) as any;
    expect(swept).toMatchObject({ status: 'planned', claimedBy: null, leaseUntil: null });
    expect(swept.timeline.map((entry: any) => entry.status)).toEqual([
      'planned',
      'sending',
      'planned',
    ]);
  });

  it('a letter whose storage fails goes back to the batch view (planned) with the error, never stays sending', async () => {
    // A real fault: the upload folder is not a folder for the time of the request.
    const aside = `${uploads}-aside-${process.pid}`;
    fs.renameSync(uploads, aside);
    fs.writeFileSync(uploads, 'not a folder');
    let response: Awaited<ReturnType<typeof letterFor>>;
    try {
      response = await letterFor('STORE-FAIL', 'L-STORE-FAILS');
    } finally {
      fs.rmSync(uploads, { force: true });
      fs.renameSync(aside, uploads);
    }
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/could not be recorded .*waits in the batch view/);
    const [reminder] = (await strapi.db
      .query('plugin::dunning.reminder' as any)
      .findMany({ where: { idempotencyKey: 'manual:letter-L-STORE-FAILS' } })) as any[];
    expect(reminder).toMatchObject({
      status: 'planned',
      statusReason: 'production_failed',
      claimedBy: null,
      leaseUntil: null,
    });
    expect(reminder.error).toBeTruthy();
    expect(reminder.timeline.map((entry: any) => entry.status)).toEqual([
      'planned',
      'sending',
      'planned',
    ]);
  });
});
