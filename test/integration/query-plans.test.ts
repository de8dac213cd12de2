import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import { templateRepository } from '../../src/plugins/dunning/server/src/repositories/templates';
import { createSuperAdmin } from '../helpers/admin';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * SQLite has no statistics unless someone runs ANALYZE, and a fresh database has none:
 * beside a lookup by ids, it takes an equality on any indexed column for the better
 * term. On the reminders table that reads every e-mail, or every row of a status, for
 * each page claimed: measured on a copy of the table with a million rows, the claim of
 * a page of 100 took 323 ms through the channel index and 1 ms through the ids. Every
 * statement the send path makes on the plugin's tables with an id list must look the
 * ids up (repositories/sql/db `otherValues`).
 */
/** The send path claims a hundred at a time (services/engine/delivery CLAIM_BATCH). */
const PAGE = 100;

describe('query plans on SQLite without statistics', () => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  const T = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    const { id } = await createSuperAdmin(strapi);
    const customer = await createCustomer(strapi, 'Planned');
    const invoice = await createInvoice(strapi, customer, 'QP-1', addDays(T, -10), 100);
    const template = await templateRepository(strapi).findByPredefinedKey('reminder-1.email.fr');
    // A claim's page: a hundred queued e-mails (an id list of one is an equality to SQLite).
    for (let index = 0; index < PAGE; index++) {
      await reminderRepository(strapi).create(
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'batch',
          customerDocumentId: customer.documentId,
          customerName: 'Planned',
          invoices: [
            {
              documentId: invoice.documentId,
              number: 'QP-1',
              dueDate: addDays(T, -10),
              amountDue: 100,
              currency: 'EUR',
            },
          ],
          amount: 100,
          invoiceCount: 1,
          currency: 'EUR',
          sender: id,
          template: template!.documentId,
          countsInScenario: false,
          idempotencyKey: `query-plans-${index}`,
          attempts: 0,
          queuedAt: new Date(),
        },
        'queued',
        new Date()
      );
    }
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('sends a queued e-mail with every id lookup on the plugin tables going by the ids', async () => {
    const knex = strapi.db.connection;
    expect(
      (await knex.raw("select name from sqlite_master where name = 'sqlite_stat1'")).length
    ).toBe(0);
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const listen = (query: { sql: string; bindings?: unknown[] }) =>
      statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
    knex.on('query', listen);
    try {
      const sent = await strapi.plugin('dunning').service('delivery').sendQueued(new Date());
      expect(sent).toMatchObject({ sent: PAGE });
    } finally {
      knex.removeListener('query', listen);
    }
    const byIds = statements.filter(
      ({ sql }) =>
        /\bdunning_\w+/.test(sql) &&
        /[`"]?(document_id|id)[`"]? in \(/i.test(sql) &&
        !/^\s*(insert|pragma)/i.test(sql)
    );
    expect(byIds.length).toBeGreaterThan(0);
    const offPlan: string[] = [];
    for (const { sql, bindings } of byIds) {
      const plan = (await knex.raw(`explain query plan ${sql}`, bindings as any[])) as Array<{
        detail: string;
      }>;
      const wrong = plan.filter(({ detail }) =>
        /USING (COVERING )?INDEX dunning_\w+_(channel|status|state|batch|created)\w*_idx/.test(
          detail
        )
      );
      if (wrong.length) offPlan.push(`${sql}\n  → ${wrong.map(({ detail }) => detail).join('; ')}`);
    }
    expect(offPlan).toEqual([]);
  });
});
