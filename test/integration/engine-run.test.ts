import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * "Run the engine now" holds its HTTP request `engine.runWaitSeconds` at most;
 * a longer tick goes on after the 202. The SMTP server here takes 3 s a message.
 */
describe(`POST /dunning/engine/run on ${DATABASES[0]}`, () => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    smtp = await startSmtpServer({ delayMs: 3000 });
    app = await startStrapi({
      database: DATABASES[0],
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
      pluginsConfig: { dunning: { config: { engine: { runWaitSeconds: 1 } } } },
    });
    strapi = app.strapi;
    const rootId = (await createSuperAdmin(strapi)).id;
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    const service = (name: string) => strapi.plugin('dunning').service(name);
    await service('settings').update({
      automatic: {
        enabled: true,
        applyByDefault: true,
        sender: { mode: 'user', userId: rootId },
        sendWindow: {
          startHour: 0,
          endHour: 24,
          days: [1, 2, 3, 4, 5, 6, 7],
          timezone: 'Europe/Paris',
          holidays: { country: null, extraClosedDates: [] },
        },
      },
      senderNotices: { defaultMode: 'none', byUser: {}, digestHour: 8 },
    });
    const [reminder] = await strapi
      .documents('plugin::dunning.template' as any)
      .findMany({ filters: { predefinedKey: 'reminder-1.email.fr' } });
    const scenario = await service('scenarios').create({
      name: 'One e-mail',
      steps: [
        {
          offsetDays: 3,
          channel: 'email',
          templateDocumentId: reminder.documentId,
          level: 'Reminder 1',
        },
      ],
    });
    const customer = await createCustomer(strapi, 'Slow Mail Ltd');
    await service('scenarios').assign(scenario.documentId, [customer.documentId]);
    await createInvoice(
      strapi,
      customer,
      'SLOW-1',
      addDays(todayIn('Europe/Paris', new Date()), -5),
      500
    );
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('answers 202 after the wait while the tick goes on, and the tick still sends', async () => {
    const started = Date.now();
    const { status, body } = await api('POST', '/dunning/engine/run', {});
    expect([status, body]).toEqual([202, { data: null, meta: { running: true } }]);
    expect(Date.now() - started).toBeLessThan(2500);
    const [mail] = await smtp.waitForMessages(1, 20_000);
    expect(mail.envelope.to).toEqual(['slow.mail.ltd@customer.test']);
    // The tick records the outcome before the app stops.
    const sent = async () =>
      strapi.db.query('plugin::dunning.reminder').count({ where: { status: 'sent' } });
    for (let waited = 0; (await sent()) === 0 && waited < 10_000; waited += 200)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sent()).toBe(1);
  });
});
