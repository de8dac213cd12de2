import type { Browser, Page } from 'playwright-core';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { describeInBrowser, openAdmin, pickDay, screenshot } from '../helpers/browser';
import { seedAcme } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { startStrapi, type TestApp } from '../helpers/strapi';

describeInBrowser('reminder pop-up in Chromium (SPEC F3.1–F3.3)', () => {
  let app: TestApp;
  let smtp: SmtpCatcher;
  let browser: Browser;
  let page: Page;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database: 'sqlite',
      listen: true,
      env: { SMTP_PORT: String(smtp.port) },
    });
    ledger = await seedAcme(app.strapi, today);
    await createSuperAdmin(app.strapi);
    ({ browser, page } = await openAdmin(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  /** Waits until the pop-up has filled the subject from the chosen template. */
  const subjectFilled = (containing: string) =>
    page.waitForFunction(
      (text) =>
        (
          document.querySelector('[data-testid="subject-input"]') as HTMLInputElement | null
        )?.value.includes(text),
      containing,
      { timeout: 20000 }
    );

  const openCustomer = async () => {
    await page.goto(`${app.url}/admin/plugins/dunning/statement/${ledger.customer.documentId}`);
    await page.getByTestId('invoice-checkbox-F-001').waitFor({ timeout: 30000 });
  };

  const openPopupOnTwoInvoices = async () => {
    await openCustomer();
    await page.getByTestId('invoice-checkbox-F-001').click();
    await page.getByTestId('invoice-checkbox-F-002').click();
    await page.getByTestId('remind-button').click();
    await page.getByTestId('reminder-modal').waitFor();
  };

  it('shows the message as the customer will read it; an edited word, a new subject and an added CC arrive, the invoice table with them', async () => {
    await openPopupOnTwoInvoices();
    const modal = page.getByTestId('reminder-modal');
    const words = modal.getByTestId('message-text').first();
    await words.waitFor({ timeout: 20000 });
    expect(await words.inputValue()).toMatch(/^Bonjour Camille Martin,/);
    expect(await modal.getByTestId('editable-message').textContent()).not.toContain('{{');
    await modal.getByTestId('block-invoicesTable').getByText('F-002').waitFor();
    await modal.getByTestId('block-accessInvoicesButton').waitFor();

    await words.fill((await words.inputValue()).replace('Bonjour', 'Chère'));
    await page.getByTestId('subject-input').fill('Factures en retard – merci de régler');
    await page.getByTestId('cc-input').fill('cfo@acme.test');
    await page.getByTestId('cc-input').press('Enter');
    await screenshot(page, 'reminder-popup');
    await page.getByTestId('send-button').click();

    const [mail] = await smtp.waitForMessages(1, 20000);
    expect(mail.parsed.subject).toBe('Factures en retard – merci de régler');
    expect(mail.parsed.to).toMatchObject({ value: [{ address: 'camille@acme.test' }] });
    expect(mail.parsed.cc).toMatchObject({ value: [{ address: 'cfo@acme.test' }] });
    expect(mail.parsed.html).toContain('Chère Camille Martin,');
    expect(mail.parsed.html).toMatch(/<table[^]*>F-001<\/td>[^]*>F-002<\/td>/);
    expect(mail.parsed.attachments).toEqual([]);

    await page
      .getByTestId('history-table')
      .getByText('Factures en retard')
      .first()
      .waitFor({ timeout: 20000 });
    await screenshot(page, 'customer-history');
  });

  it('edits the template behind the message, its placeholders filled in at sending; the statement of account goes with it when ticked', async () => {
    await openPopupOnTwoInvoices();
    await page.getByTestId('message-text').first().waitFor({ timeout: 20000 });
    await page.getByTestId('edit-mode').click();
    await subjectFilled('{{invoiceCount}}');
    await page.getByTestId('subject-input').fill('Rappel – {{totalAmount}} pour {{customer.name}}');
    await page.getByRole('checkbox', { name: 'Attach the statement of account (PDF)' }).click();
    const sent = smtp.messages.length;
    await page.getByTestId('send-button').click();
    const [mail] = (await smtp.waitForMessages(sent + 1, 20000)).slice(sent);
    expect(mail.parsed.subject).toMatch(/^Rappel – 1\s500,00\s€ pour Acme Industries$/);
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`statement-ACME-${today}.pdf`, 'application/pdf'],
    ]);
  });

  it("opens the pop-up from an invoice's Content Manager edit view on that invoice", async () => {
    await page.goto(
      `${app.url}/admin/content-manager/collection-types/api::invoice.invoice/${ledger.f2.documentId}`
    );
    await page.getByTestId('cm-remind-button').click({ timeout: 30000 });
    const modal = page.getByTestId('reminder-modal');
    await modal.waitFor();
    await expect(modal.getByText(/F-002 · €299\.50/).isVisible()).resolves.toBe(true);
    await modal.getByTestId('block-invoicesTable').getByText('F-002').waitFor({ timeout: 20000 });
    await screenshot(page, 'content-manager-remind');
    await page.keyboard.press('Escape');
  });

  it('produces a letter whose PDF downloads', async () => {
    await openPopupOnTwoInvoices();
    await page.getByRole('tab', { name: /Letter/i }).click();
    await page
      .getByTestId('reminder-modal')
      .getByText('Relance 1 (courrier) · fr')
      .waitFor({ timeout: 20000 });
    await page.getByTestId('send-button').click();
    const link = page.getByTestId('letter-download');
    await link.waitFor({ timeout: 20000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1500);
  });

  it('logs a call with a promise to pay, which shows on the invoices', async () => {
    await openPopupOnTwoInvoices();
    await page.getByRole('tab', { name: /Phone/i }).click();
    await page.getByRole('combobox', { name: 'Call outcome' }).click();
    await page.getByRole('option', { name: 'Payment promised' }).click();
    await pickDay(page.getByTestId('promised-date'), '2030-01-15');
    await page.getByTestId('send-button').click();
    await page
      .getByTestId('history-table')
      .getByText('Payment promised')
      .first()
      .waitFor({ timeout: 20000 });
    await page
      .getByText(/Promised for Jan 15, 2030/)
      .first()
      .waitFor();
  });
});
