import { randomUUID } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, screenshot } from '../helpers/browser';
import { emailOnlyDefault, openSettings } from '../helpers/engine';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

/** F7.5 in the admin: the home page's count, "Contacts to fix", a corrected address and the release. */
describeInBrowser('contacts to fix in Chromium', () => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  let page: Page;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  const T = todayIn('Europe/Paris', new Date());
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');
  const service = (name: string) => app.strapi.plugin('dunning').service(name);
  const remindersOf = () =>
    app.strapi.documents('plugin::dunning.reminder' as any).findMany({
      filters: { customerDocumentId: customer.documentId },
      sort: ['id:asc'] as any,
    }) as Promise<any[]>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port) },
    });
    const rootId = (await createSuperAdmin(app.strapi)).id;
    await service('settings').update(openSettings(rootId));
    await emailOnlyDefault(app.strapi);
    customer = await createCustomer(app.strapi, 'Initech', { email: 'gone@initech.test' });
    await createInvoice(app.strapi, customer, 'I-1', addDays(T, 2), 320);
    // Step 1 goes out and bounces; step 2 is held back.
    await service('engine').tick({ now: at(0) });
    const [sent] = await remindersOf();
    await service('tracking').recordDeliveryEvents([
      {
        id: randomUUID(),
        messageId: sent.messageId,
        event: 'bounced',
        at: at(0, 12).toISOString(),
        reason: '550 5.1.1 mailbox unknown',
      },
    ]);
    await service('engine').tick({ now: at(5) });
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it('counts the customer on the home page, lists it with the held reminder, saves the corrected address and releases it', async () => {
    expect(
      (await remindersOf()).map((reminder) => [reminder.status, reminder.statusReason])
    ).toEqual([
      ['bounced', '550 5.1.1 mailbox unknown'],
      ['not_sent', 'address_bounced'],
    ]);
    await page.goto(`${app.url}/admin/plugins/dunning`);
    await page.getByTestId('contacts-to-fix-count').waitFor({ timeout: 30000 });
    expect(await page.getByTestId('contacts-to-fix-count').textContent()).toBe('1');
    await page.getByTestId('fix-contacts').click();
    await page.waitForURL(/\/admin\/plugins\/dunning\/contacts-to-fix/);

    const card = page.getByTestId(`contact-to-fix-${customer.documentId}`);
    await card.waitFor({ timeout: 30000 });
    await expect(card.getByTestId('bounced-address').textContent()).resolves.toMatch(
      /^gone@initech\.test bounced on .+: 550 5\.1\.1 mailbox unknown$/
    );
    await expect(card.getByTestId('held-reminder').textContent()).resolves.toContain('I-1');
    await expect(card.getByTestId('held-reminder').textContent()).resolves.toContain(
      'Address bounced'
    );
    const field = card.getByTestId('contact-addresses');
    expect(await field.inputValue()).toBe('gone@initech.test');
    await field.fill('accounts@initech.test');
    await screenshot(page, 'contacts-to-fix');
    await card.getByRole('button', { name: 'Save the address and release' }).click();
    await page.getByText('1 reminder released: it goes out with the next send').waitFor();
    await page
      .getByText('Every customer has an address that works: nothing is held back.')
      .waitFor();

    const contact = await app.strapi
      .documents('api::contact.contact' as any)
      .findOne({ documentId: customer.contactDocumentId });
    expect(contact!.reminderEmails).toBe('accounts@initech.test');
    const before = smtp.messages.length;
    await service('engine').tick({ now: at(5, 11) });
    await service('engine').tick({ now: at(5, 12) });
    expect(smtp.messages.slice(before).map((mail) => mail.envelope.to)).toEqual([
      ['accounts@initech.test'],
    ]);
    expect((await remindersOf()).map((reminder) => reminder.status)).toEqual(['bounced', 'sent']);
  });
});
