import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { pdfText } from '../helpers/pdf';
import { type ReceivedMail, type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * F3.5: monthly statements. The statement of account e-mailed to each
 * ticked customer, its PDF attached, through the claimed send path; a customer gets one
 * a month, however often and however many clerks at once ask for it. A real SMTP
 * server; the PDFs read back with pdf-parse.
 */
describe.each(DATABASES)('monthly statements on %s (F3.5)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  const T = todayIn('Europe/Paris', new Date());
  const ids: Record<string, string> = {};

  const newMails = async (work: () => Promise<unknown>): Promise<ReceivedMail[]> => {
    const before = smtp.messages.length;
    await work();
    return smtp.messages.slice(before);
  };
  const send = (customerDocumentIds: string[]) =>
    api('POST', '/dunning/statement/send', { customerDocumentIds });
  const statementsOf = async (customerDocumentId: string) =>
    (await strapi
      .documents('plugin::dunning.reminder' as any)
      .findMany({ filters: { customerDocumentId, type: 'statement' } })) as any[];

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

    const durand = await createCustomer(strapi, 'Durand', { email: 'compta@durand.test' });
    await createInvoice(strapi, durand, 'D-1', addDays(T, -20), 1000);
    await createInvoice(strapi, durand, 'D-2', addDays(T, 15), 250);
    await createInvoice(strapi, durand, 'D-3', addDays(T, -50), 80, {
      status: 'paid',
      amountDue: 0,
    });
    const brown = await createCustomer(strapi, 'Brown', {
      email: 'accounts@brown.test',
      customer: { locale: 'en-GB' },
    });
    await createInvoice(strapi, brown, 'B-1', addDays(T, -5), 365, { currency: 'GBP' });
    const stopped = await createCustomer(strapi, 'Stopped', { customer: { stopDunning: true } });
    await createInvoice(strapi, stopped, 'S-1', addDays(T, -5), 10);
    const paused = await createCustomer(strapi, 'Paused');
    await createInvoice(strapi, paused, 'P-1', addDays(T, -5), 10);
    await strapi
      .plugin('dunning')
      .service('customer-settings')
      .setPause(paused.documentId, { until: addDays(T, 10), reason: 'Negotiating' });
    const unreachable = await createCustomer(strapi, 'Unreachable', { email: null });
    await createInvoice(strapi, unreachable, 'U-1', addDays(T, -5), 10);
    const settled = await createCustomer(strapi, 'Settled');
    await createInvoice(strapi, settled, 'Z-1', addDays(T, -5), 10, {
      status: 'paid',
      amountDue: 0,
    });
    Object.assign(ids, {
      durand: durand.documentId,
      brown: brown.documentId,
      stopped: stopped.documentId,
      paused: paused.documentId,
      unreachable: unreachable.documentId,
      settled: settled.documentId,
    });
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('e-mails each customer its statement of account, the PDF attached, in its language; says why the others get none', async () => {
    let response: Awaited<ReturnType<typeof send>> | undefined;
    const mails = await newMails(async () => (response = await send(Object.values(ids))));
    expect(response!.status).toBe(200);
    const byName = Object.fromEntries(
      response!.body.data.map((result: any) => [result.customerName, result])
    );
    expect(byName.Durand).toMatchObject({
      status: 'sent',
      statusReason: null,
      reminderDocumentId: expect.any(String),
    });
    expect(byName.Brown).toMatchObject({ status: 'sent', statusReason: null });
    expect(byName.Stopped).toEqual({
      customerDocumentId: ids.stopped,
      customerName: 'Stopped',
      reminderDocumentId: null,
      status: 'skipped',
      statusReason: 'stop_dunning',
    });
    expect(byName.Paused).toMatchObject({ status: 'skipped', statusReason: 'paused' });
    expect(byName.Unreachable).toMatchObject({ status: 'skipped', statusReason: 'no_address' });
    expect(byName.Settled).toMatchObject({ status: 'skipped', statusReason: 'nothing_due' });

    expect(mails.map((mail) => mail.envelope.to).sort()).toEqual([
      ['accounts@brown.test'],
      ['compta@durand.test'],
    ]);
    const durandMail = mails.find((mail) => mail.envelope.to[0] === 'compta@durand.test')!;
    expect(durandMail.parsed.subject).toMatch(/^Votre relevé de compte au /);
    expect(durandMail.parsed.html).toContain('D-1');
    const [durandPdf] = durandMail.parsed.attachments;
    expect([durandPdf.filename, durandPdf.contentType]).toEqual([
      `statement-DURAND-${T}.pdf`,
      'application/pdf',
    ]);
    const durandText = pdfText(durandPdf.content);
    expect(durandText).toContain('Relevé de compte');
    expect(durandText).toMatch(/D-1[\s\S]*D-2/);
    expect(durandText).not.toContain('D-3');
    const brownMail = mails.find((mail) => mail.envelope.to[0] === 'accounts@brown.test')!;
    expect(brownMail.parsed.subject).toMatch(/^Your statement of account as of /);
    expect(pdfText(brownMail.parsed.attachments[0].content)).toContain('Statement of account');

    // On the record as a statement, outside the scenario's count, sent through the claimed path (the claim stays as who sent it).
    const [statement] = await statementsOf(ids.durand);
    expect(statement).toMatchObject({
      type: 'statement',
      channel: 'email',
      trigger: 'batch',
      status: 'sent',
      countsInScenario: false,
      attachStatement: true,
      claimedBy: expect.stringMatching(/#/),
    });
    expect(statement.timeline.map((entry: any) => entry.status)).toEqual(['queued', 'sent']);
    expect(statement.invoices.map((entry: any) => entry.number).sort()).toEqual(['D-1', 'D-2']);
  });

  it('sends each customer one statement a month: a replay and two clerks at once send nothing more', async () => {
    const mails = await newMails(async () => {
      const replay = await send([ids.durand, ids.brown]);
      expect(replay.body.data).toEqual([
        expect.objectContaining({
          customerName: 'Durand',
          status: 'sent',
          statusReason: 'statement_sent_this_month',
        }),
        expect.objectContaining({
          customerName: 'Brown',
          status: 'sent',
          statusReason: 'statement_sent_this_month',
        }),
      ]);
      const together = await Promise.all([
        send([ids.durand, ids.brown]),
        send([ids.brown, ids.durand]),
      ]);
      expect(together.map((answer) => answer.status)).toEqual([200, 200]);
    });
    expect(mails).toEqual([]);
    expect(await statementsOf(ids.durand)).toHaveLength(1);
    expect(await statementsOf(ids.brown)).toHaveLength(1);
  });

  it("sends the next month's statement in the next month, once", async () => {
    const root = await strapi.db
      .query('admin::user')
      .findOne({ where: { email: SUPER_ADMIN.email } });
    const nextMonth = new Date(`${addDays(`${T.slice(0, 7)}-01`, 40).slice(0, 7)}-05T09:00:00Z`);
    const service = strapi.plugin('dunning').service('bulk-statements');
    const mails = await newMails(async () => {
      await service.send([ids.durand], root, nextMonth);
      await service.send([ids.durand], root, nextMonth);
    });
    expect(mails.map((mail) => mail.envelope.to)).toEqual([['compta@durand.test']]);
    expect(
      (await statementsOf(ids.durand)).map((reminder) => reminder.idempotencyKey).sort()
    ).toEqual([
      `statement:${T.slice(0, 7)}:${ids.durand}`,
      `statement:${nextMonth.toISOString().slice(0, 7)}:${ids.durand}`,
    ]);
  });

  it('lists statements in the activities under their own type', async () => {
    const { status, body } = await api('GET', '/dunning/reminders?type=statement');
    expect(status).toBe(200);
    expect(body.data.map((reminder: any) => reminder.customerName).sort()).toEqual([
      'Brown',
      'Durand',
      'Durand',
    ]);
  });
});
