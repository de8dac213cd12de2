import type { Core } from '@strapi/strapi';

import { ensureSuperAdmin } from './admin';
import { generateLedger } from './ledger';
import { writeLedger } from './write-ledger';

export const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL || 'admin@dunning.test',
  password: process.env.DEMO_ADMIN_PASSWORD || 'Dunning-demo-1',
};

/**
 * The demo data set: 40 customers, 80 contacts and 400 invoices around today, plus an
 * admin account. Running it again changes nothing: it stops when the demo customers
 * exist.
 */
export const seedDemo = async (strapi: Core.Strapi) => {
  await ensureSuperAdmin(strapi, DEMO_ADMIN);

  const alreadySeeded = await strapi.documents('api::customer.customer').count({
    filters: { reference: { $startsWith: 'DEMO-' } },
  });
  if (alreadySeeded > 0) {
    strapi.log.info(`[demo] ${alreadySeeded} demo customers found: data left as it is.`);
    return;
  }

  const today = new Date().toISOString().slice(0, 10);
  const ledger = generateLedger({ customers: 40, contactsPerCustomer: 2, invoices: 400, today });
  await writeLedger(strapi, ledger);
  strapi.log.info(
    `[demo] created ${ledger.customers.length} customers, ${ledger.customers.length * 2} contacts and ${ledger.invoices.length} invoices.`
  );
  // One engine tick now rather than at the next cron slot: the batch view opens full.
  const { planned } = await strapi.plugin('dunning').service('engine').tick();
  strapi.log.info(
    `[demo] the engine planned ${JSON.stringify(planned?.reminders ?? {})} reminders.`
  );
  await sendWelcomeMail(strapi);
};

/** One message through the plugin's mailer, so the demo inbox shows the mail path works. */
const sendWelcomeMail = async (strapi: Core.Strapi) => {
  try {
    await strapi
      .plugin('dunning')
      .service('mailer')
      .send({
        to: [{ name: 'Demo admin', address: DEMO_ADMIN.email }],
        subject: 'Dunning for Strapi: the demo mail path works',
        text: "This message left the dunning plugin through Strapi's email feature and reached the local inbox.",
        html: '<p>This message left the dunning plugin through Strapi&#39;s email feature and reached the local inbox.</p>',
        messageId: `demo-welcome-${Date.now()}@dunning.test`,
      });
  } catch (error) {
    strapi.log.warn(`[demo] could not send the welcome mail: ${(error as Error).message}`);
  }
};
