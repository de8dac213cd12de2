import { readFileSync } from 'node:fs';

import type { Browser, Page } from 'playwright-core';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, screenshot } from '../helpers/browser';
import { recordReminder } from '../helpers/engine';
import { seedAcme } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

describeInBrowser('activities, history and reports in Chromium (SPEC F6.1–F6.3)', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  let failed: { documentId: string };
  let sent: { documentId: string };
  let smtp: SmtpCatcher;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port) },
    });
    ledger = await seedAcme(app.strapi, today);
    const root = await createSuperAdmin(app.strapi);

    const remind = (key: string, status: string, invoice: any, extra: Record<string, unknown>) =>
      recordReminder(
        app.strapi,
        {
          type: 'reminder',
          channel: 'email',
          trigger: 'manual',
          customerDocumentId: ledger.customer.documentId,
          customerName: 'Acme Industries',
          invoices: [
            {
              documentId: invoice.documentId,
              number: invoice.number,
              dueDate: invoice.dueDate,
              amountDue: Number(invoice.amountDue),
              currency: 'EUR',
            },
          ],
          amount: Number(invoice.amountDue),
          currency: 'EUR',
          recipients: [{ address: 'camille@acme.test' }],
          sender: root.id,
          idempotencyKey: key,
          attempts: 1,
          ...extra,
        },
        status,
        new Date()
      );
    sent = await remind('e2e-sent', 'sent', ledger.f2, {
      subject: 'Relance F-002',
      body: '<p>Merci de régler F-002.</p>',
      sentAt: new Date(),
      serverResponse: '250 2.0.0 OK queued',
      level: 'Reminder 1',
    });
    failed = await remind('e2e-failed', 'failed', ledger.f1, {
      subject: 'Relance F-001',
      body: '<p>Bonjour, merci de régler F-001.</p>',
      bodyText: 'Bonjour, merci de régler F-001.',
      serverResponse: '550 5.1.1 <camille@acme.test>: mailbox unavailable',
      error: 'Message failed: 550 5.1.1 mailbox unavailable',
      failedAt: new Date(),
    });

    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it('filters the activities by status, opens a failed reminder and resends it: it goes out at once', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/activities`);
    await page.getByTestId(`activity-${sent.documentId}`).waitFor({ timeout: 30000 });

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.keyboard.press('Escape');
    await page
      .getByTestId(`activity-${sent.documentId}`)
      .waitFor({ state: 'detached', timeout: 20000 });
    const row = page.getByTestId(`activity-${failed.documentId}`);
    await row.waitFor();
    expect(page.url()).toContain('status=failed');
    await screenshot(page, 'activities-filtered');

    await row.getByRole('link').first().click();
    const detail = page.getByTestId('reminder-detail');
    await detail.waitFor();
    await detail.getByText('550 5.1.1 <camille@acme.test>: mailbox unavailable').waitFor();
    await expect(detail.locator('iframe').getAttribute('srcdoc')).resolves.toContain(
      'merci de régler F-001'
    );
    await screenshot(page, 'activity-detail');

    await detail.getByTestId('resend-reminder').click();
    await detail.getByText('resend requested by Demo Admin').waitFor({ timeout: 20000 });
    const stored = await app.strapi
      .documents('plugin::dunning.reminder' as any)
      .findOne({ documentId: failed.documentId });
    expect(stored?.status).toBe('sent');
    const [mail] = await smtp.waitForMessages(1);
    expect([mail.envelope.to, mail.parsed.subject]).toEqual([
      ['camille@acme.test'],
      'Relance F-001',
    ]);
    await expect(detail.getByTestId('resend-reminder').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
  });

  it("shows an invoice's reminders in its Content Manager edit view, linked to their detail", async () => {
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/api::invoice.invoice/${ledger.f2.documentId}`
    );
    const panel = page.getByTestId('record-history');
    await panel.waitFor({ timeout: 30000 });
    await panel.getByText('Reminder 1').waitFor();
    await screenshot(page, 'invoice-history-panel');
    await panel.getByRole('link').first().click();
    await page
      .getByTestId('reminder-detail')
      .getByText('250 2.0.0 OK queued')
      .waitFor({ timeout: 20000 });
    expect(page.url()).toContain(`/admin/plugins/dunning/activities?reminder=${sent.documentId}`);
  });

  it('draws the reports as charts', async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/reports`);
    const chart = page.getByTestId('chart-reminded');
    await chart.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30000 });
    await page.getByTestId('chart-aging').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-dso').locator('.recharts-line').first().waitFor();
    // F7.5: this month's two e-mails (one resent above) went out and did not bounce.
    const bounces = page.getByTestId('bounce-rate').getByTestId('bounce-row');
    expect(await bounces.last().locator('td').allTextContents()).toEqual([
      today.slice(0, 7),
      '2',
      '0',
      '0 %',
    ]);
    await screenshot(page, 'reports');
  });

  it('lists the top debtors, each leading to its statement (F6.3)', async () => {
    const debtors = page.getByTestId('top-debtors');
    await debtors.getByText('Globex').waitFor();
    await debtors.getByText('Acme Industries').click();
    await page.waitForURL(`**/admin/plugins/dunning/statement/${ledger.customer.documentId}`, {
      timeout: 20000,
    });
  });

  it("downloads the customer's statement of account from its view (F3.1)", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('statement-pdf-button').click(),
    ]);
    expect(download.suggestedFilename()).toBe('statement-ACME.pdf');
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString()
    ).toBe('%PDF-');
  });
});
