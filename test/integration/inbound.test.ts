import type { Core } from '@strapi/strapi';

import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { bodySignature } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { emailOnlyDefault, openSettings } from '../helpers/engine';
import { messageOfSize, messageWithParts, readFixture } from '../helpers/inbound-fixtures';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * F8: inbound mail through the signed webhook. Real reminders go out through the engine
 * to a real SMTP server; the fixtures (test/fixtures/inbound/) are posted back with their
 * threading headers naming those reminders, from (or to) the customers' own addresses.
 */
describe.each(DATABASES)('inbound mail on %s (F8)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let api: ReturnType<typeof adminApi>;
  const T = todayIn('Europe/Paris', new Date());
  const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');
  /** The fixtures' reminders, by the address they went to. */
  const sent = new Map<string, { documentId: string; customerDocumentId: string }>();
  /** The fixtures' own reminder ids, replaced by the real ones. */
  const FIXTURE_REMINDERS: Record<string, string> = {
    'jean.petit@gone.test': 'vxo2ooagr9gb7cim3pl7i9v7',
    'ap@slowmx.test': 'tjbqgr055hku0b64yv4aksfz',
    'marie.dupont@acme-industries.test': 'hh4a8ktlkogqy0egv1nksy1b',
  };

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const reminder = (documentId: string) =>
    strapi.documents('plugin::dunning.reminder' as any).findOne({ documentId }) as Promise<any>;
  const inbound = () =>
    strapi.db
      .query('plugin::dunning.inbound-message' as any)
      .findMany({ orderBy: { id: 'asc' } }) as Promise<any[]>;
  const suppressed = async () =>
    ((await strapi.db.query('plugin::dunning.suppression' as any).findMany()) as any[]).map(
      (row) => [row.address, row.reason]
    );

  /** A fixture whose reminder ids are the real reminders'. */
  const rewritten = (name: string, replace: Array<[string, string]> = []) => {
    let text = readFixture(name).toString('latin1');
    for (const [address, fixtureId] of Object.entries(FIXTURE_REMINDERS))
      text = text.replaceAll(
        `reminder-${fixtureId}@`,
        `reminder-${sent.get(address)!.documentId}@`
      );
    for (const [from, to] of replace) text = text.replaceAll(from, to);
    return Buffer.from(text, 'latin1');
  };

  const post = async (
    body: Buffer,
    { signed = true, type = 'message/rfc822' }: { signed?: boolean; type?: string } = {}
  ) => {
    const response = await fetch(`${app.url}/api/dunning/inbound`, {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(signed
          ? {
              'x-dunning-signature': bodySignature(
                process.env.DUNNING_WEBHOOK_SECRET!,
                body,
                new Date()
              ),
            }
          : {}),
      },
      body: new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      // The fixtures' own domain: our Message-IDs are reminder-<documentId>@example.test.
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@example.test>' },
    });
    strapi = app.strapi;
    const rootId = (await createSuperAdmin(strapi)).id;
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    await service('settings').update(openSettings(rootId));
    await emailOnlyDefault(strapi);
    const customers: Array<{
      email: string;
      customer: Awaited<ReturnType<typeof createCustomer>>;
    }> = [];
    for (const [index, email] of Object.keys(FIXTURE_REMINDERS).entries()) {
      const customer = await createCustomer(strapi, `Inbound ${index}`, { email });
      await createInvoice(strapi, customer, `IN-${index}`, addDays(T, 2), 100 + index);
      customers.push({ email, customer });
    }
    await service('engine').tick({ now: at(0) });
    expect(smtp.messages.map((mail) => mail.envelope.to).sort()).toEqual(
      Object.keys(FIXTURE_REMINDERS)
        .sort()
        .map((email) => [email])
    );
    for (const { email, customer } of customers) {
      const [found] = (await strapi.documents('plugin::dunning.reminder' as any).findMany({
        filters: { customerDocumentId: customer.documentId },
      })) as any[];
      expect(found).toMatchObject({
        status: 'sent',
        messageId: expect.stringContaining('@example.test'),
      });
      sent.set(email, { documentId: found.documentId, customerDocumentId: customer.documentId });
    }
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('suppresses the permanent failures of a Postfix bounce, as a signed bounce does: Contacts to fix lists them', async () => {
    const answer = await post(rewritten('dsn-postfix.eml'));
    expect(answer).toEqual({
      status: 200,
      body: { data: { recorded: true, classification: 'dsn' } },
    });
    const failed = sent.get('jean.petit@gone.test')!;
    expect(await suppressed()).toEqual([
      ['jean.petit@gone.test', expect.stringMatching(/^5\.1\.1 .*User unknown/)],
    ]);
    const bounced = await reminder(failed.documentId);
    expect(bounced.status).toBe('bounced');
    expect(bounced.timeline.at(-1).note).toMatch(
      /^delivery status notification: jean\.petit@gone\.test 5\.1\.1/
    );
    const [record] = (await inbound()).filter((row) => row.classification === 'dsn');
    expect(record).toMatchObject({
      origin: 'webhook',
      matchedBy: 'thread',
      customerDocumentId: failed.customerDocumentId,
      reminderDocumentId: failed.documentId,
      dsnRecipients: [
        expect.objectContaining({
          recipient: 'jean.petit@gone.test',
          status: '5.1.1',
          permanent: true,
        }),
      ],
    });
    const view = await api('GET', '/dunning/contacts-to-fix');
    expect(view.body.data).toEqual([
      expect.objectContaining({
        customerDocumentId: failed.customerDocumentId,
        bounced: [expect.objectContaining({ address: 'jean.petit@gone.test' })],
      }),
    ]);
  });

  it('notes a delayed delivery on the timeline only', async () => {
    const delayed = sent.get('ap@slowmx.test')!;
    const before = await reminder(delayed.documentId);
    expect((await post(rewritten('dsn-delayed.eml'))).body.data).toEqual({
      recorded: true,
      classification: 'dsn',
    });
    const after = await reminder(delayed.documentId);
    expect(after.status).toBe(before.status);
    expect(after.timeline).toHaveLength(before.timeline.length + 1);
    expect(after.timeline.at(-1)).toMatchObject({
      status: before.status,
      note: expect.stringMatching(/^delivery delayed: ap@slowmx\.test 4\./),
    });
    expect((await suppressed()).map(([address]) => address)).not.toContain('ap@slowmx.test');
  });

  it('records a French out-of-office with its return date, and an Outlook reply, against the customer', async () => {
    const marie = sent.get('marie.dupont@acme-industries.test')!;
    const before = await reminder(marie.documentId);
    expect((await post(rewritten('ooo-exchange-fr.eml'))).body.data).toEqual({
      recorded: true,
      classification: 'auto_reply',
    });
    expect((await post(rewritten('reply-outlook.eml'))).body.data).toEqual({
      recorded: true,
      classification: 'reply',
    });
    const rows = await inbound();
    expect(rows.find((row) => row.classification === 'auto_reply')).toMatchObject({
      fromAddress: 'marie.dupont@acme-industries.test',
      returnDate: '2026-01-15',
      matchedBy: 'thread',
      customerDocumentId: marie.customerDocumentId,
      reminderDocumentId: marie.documentId,
      handled: false,
    });
    expect(rows.find((row) => row.classification === 'reply')).toMatchObject({
      subject: 'RE: Relance : facture FA-2025-0142 en attente de paiement',
      matchedBy: 'thread',
      customerDocumentId: marie.customerDocumentId,
      reminderDocumentId: marie.documentId,
      text: expect.stringContaining('Le virement a été ordonné ce matin'),
    });
    // Neither holds nor answers anything: the reminder is as it was, no mail went out.
    expect((await reminder(marie.documentId)).timeline).toEqual(before.timeline);
    expect(smtp.messages).toHaveLength(3);
  });

  it('leaves a forged In-Reply-To from a stranger Unassigned', async () => {
    const forged = rewritten('reply-outlook.eml', [
      [
        'From: Marie Dupont <marie.dupont@acme-industries.test>',
        'From: Mallory <mallory@elsewhere.test>',
      ],
      ['AM9PR01MB73245F1C0A4E3D2B1C8E7F90A1B2C@', 'forged-1@'],
    ]);
    expect((await post(forged)).body.data).toEqual({ recorded: true, classification: 'reply' });
    expect((await inbound()).at(-1)).toMatchObject({
      fromAddress: 'mallory@elsewhere.test',
      matchedBy: null,
      unassignedReason: 'thread-sender-mismatch',
      customerDocumentId: null,
      reminderDocumentId: null,
    });
  });

  it('matches a reply without threading headers by its sender among the mapped contacts', async () => {
    const marie = sent.get('marie.dupont@acme-industries.test')!;
    const unthreaded = Buffer.from(
      rewritten('reply-outlook.eml', [['AM9PR01MB73245F1C0A4E3D2B1C8E7F90A1B2C@', 'unthreaded-1@']])
        .toString('latin1')
        .replace(/^(References|In-Reply-To): .*\r?\n/gm, ''),
      'latin1'
    );
    expect((await post(unthreaded)).body.data).toEqual({ recorded: true, classification: 'reply' });
    expect((await inbound()).at(-1)).toMatchObject({
      matchedBy: 'sender',
      customerDocumentId: marie.customerDocumentId,
      reminderDocumentId: null,
    });
  });

  it('suppresses nothing for a bounce of an address no customer has', async () => {
    const before = await suppressed();
    const stranger = rewritten('dsn-postfix.eml', [
      ['jean.petit@gone.test', 'nobody@stranger.test'],
      ['20260105080007.7A1C03E2F4@', 'stranger-bounce-1@'],
    ]);
    expect((await post(stranger)).body.data).toEqual({ recorded: true, classification: 'dsn' });
    expect((await inbound()).at(-1)).toMatchObject({
      matchedBy: null,
      unassignedReason: 'thread-sender-mismatch',
    });
    expect(await suppressed()).toEqual(before);
  });

  it('records the same message once, however often it is posted', async () => {
    const count = (await inbound()).length;
    expect((await post(rewritten('reply-outlook.eml'))).body).toEqual({
      data: { recorded: false, classification: 'reply' },
    });
    expect(await inbound()).toHaveLength(count);
  });

  it('records our own copy as own and does nothing with it', async () => {
    expect((await post(readFixture('own-reminder-copy.eml'))).body.data).toEqual({
      recorded: true,
      classification: 'own',
    });
    expect((await inbound()).at(-1)).toMatchObject({ customerDocumentId: null, matchedBy: null });
  });

  it('keeps the sanitised HTML of a message with scripts', async () => {
    await post(readFixture('html-script.eml'));
    const record = (await inbound()).at(-1);
    expect(record.html).toContain('Payment scheduled for Friday.');
    expect(record.html).not.toMatch(/<script|onload|\ssrc=/);
  });

  it('answers 200 to malformed MIME, and records a thousand-part message as an error without crashing', async () => {
    expect((await post(readFixture('malformed-boundary.eml'))).status).toBe(200);
    expect(await post(messageWithParts(1000))).toEqual({
      status: 200,
      body: { data: { recorded: true, classification: 'error' } },
    });
    expect((await inbound()).at(-1)).toMatchObject({
      classification: 'error',
      onceKey: expect.stringMatching(/^raw:[0-9a-f]{64}$/),
      messageId: 'parts-1000@acme-industries.test',
      error: expect.stringMatching(/^too-many-parts: /),
    });
  });

  it('refuses a bad signature (401), an empty or non-MIME body (400) and a message over the limit (413), writing nothing', async () => {
    const count = (await inbound()).length;
    const reply = rewritten('reply-gmail.eml');
    expect((await post(reply, { signed: false })).status).toBe(401);
    const response = await fetch(`${app.url}/api/dunning/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        'x-dunning-signature': bodySignature(
          process.env.DUNNING_WEBHOOK_SECRET!,
          'other',
          new Date()
        ),
      },
      body: reply,
    });
    expect(response.status).toBe(401);
    expect((await post(Buffer.alloc(0))).status).toBe(400);
    expect((await post(Buffer.from('{"not": "a message"}'))).status).toBe(400);
    expect((await post(reply, { type: 'text/plain' })).status).toBe(400);
    expect((await post(messageOfSize(11 * 1024 * 1024))).status).toBe(413);
    expect(await inbound()).toHaveLength(count);
  });
});
