import { createHmac, randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';

import type { TimelineEntry } from '../../src/plugins/dunning/server/src/domain/reminder-lifecycle';
import {
  bodySignature,
  signToken,
} from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import { adminApi, adminToken, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

const WEBHOOK_SECRET = process.env.DUNNING_WEBHOOK_SECRET!;
const HTML = '<html><body><p>Bonjour</p></body></html>';

describe.each(DATABASES)('delivery feedback on %s (SPEC F7.5)', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let api: ReturnType<typeof adminApi>;
  let counter = 0;

  const service = (name: string) => strapi.plugin('dunning').service(name);
  const reminder = async (documentId: string) =>
    strapi.documents('plugin::dunning.reminder' as any).findOne({ documentId }) as Promise<any>;

  /** An e-mail reminder as the send path leaves it. */
  const sentReminder = async (status = 'sent') => {
    counter += 1;
    const created = await reminderRepository(strapi).create(
      {
        type: 'reminder',
        channel: 'email',
        trigger: 'manual',
        customerDocumentId: 'cust-1',
        invoices: [],
        invoiceCount: 0,
        amount: 10,
        currency: 'EUR',
        idempotencyKey: `feedback:${counter}`,
      },
      'queued',
      new Date()
    );
    const messageId = `<reminder-${created.documentId}@ourco.test>`;
    // As the send path leaves it (the test sets the outcome itself).
    await strapi.db.query('plugin::dunning.reminder' as any).update({
      where: { documentId: created.documentId },
      data: {
        status,
        messageId,
        sentAt: new Date(),
        // `create` always writes a timeline, but its return type (ReminderRecord) allows null.
        timeline: [
          ...(created.timeline as TimelineEntry[]),
          { status, at: new Date().toISOString() },
        ],
      },
    });
    return { documentId: created.documentId as string, messageId };
  };

  const pixelOf = (html: string) => {
    const src = /<img src="([^"]+)"/.exec(html)![1];
    return `${app.url}${new URL(src).pathname}`;
  };
  const hit = async (url: string) => {
    const response = await fetch(url);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(`${app.url}/api/dunning/delivery-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** Each event gets an id of its own unless it has one; signed now unless `at` says when. */
  const withIds = (events: unknown) =>
    Array.isArray(events) ? events.map((event) => ({ id: randomUUID(), ...event })) : events;
  const postSigned = (events: unknown, at = new Date()) => {
    const body = JSON.stringify(withIds(events));
    return post(body, { 'x-dunning-signature': bodySignature(WEBHOOK_SECRET, body, at) });
  };

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    api = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('the open-tracking pixel', () => {
    it('adds a signed 1×1 image that marks the reminder opened, once', async () => {
      const { documentId } = await sentReminder();
      const html = await service('tracking').withOpenPixel(HTML, documentId);
      expect(html).toMatch(
        /^<html><body><p>Bonjour<\/p><img src="http:\/\/localhost:1337\/api\/dunning\/t\/[A-Za-z0-9_.-]+\.gif" width="1" height="1" alt="" [^>]*\/><\/body><\/html>$/
      );
      expect(html).not.toContain(documentId);

      const answer = await hit(pixelOf(html));
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('image/gif');
      expect(answer.bytes.subarray(0, 6).toString()).toBe('GIF89a');

      const opened = await reminder(documentId);
      expect(opened.status).toBe('opened');
      expect(opened.openedAt).toBeTruthy();
      expect(opened.timeline.map((entry: any) => entry.status)).toEqual([
        'queued',
        'sent',
        'opened',
      ]);
      expect(opened.timeline[2].note).toBe('tracking pixel');

      await hit(pixelOf(html));
      expect((await reminder(documentId)).timeline).toHaveLength(3);
    });

    it('records one opening when many arrive at once', async () => {
      const { documentId } = await sentReminder('delivered');
      const url = pixelOf(await service('tracking').withOpenPixel(HTML, documentId));
      await Promise.all(Array.from({ length: 8 }, () => hit(url)));
      const opened = await reminder(documentId);
      expect(opened.status).toBe('opened');
      expect(opened.timeline.filter((entry: any) => entry.status === 'opened')).toHaveLength(1);
    });

    it('leaves a reminder that is not sent or delivered as it is', async () => {
      const { documentId } = await sentReminder('failed');
      await hit(pixelOf(await service('tracking').withOpenPixel(HTML, documentId)));
      expect((await reminder(documentId)).status).toBe('failed');
    });

    it('answers the image to a forged token and records nothing', async () => {
      const { documentId } = await sentReminder();
      const url = pixelOf(await service('tracking').withOpenPixel(HTML, documentId));
      // The signature's last character changed (to another one, whatever it was).
      const forged = url.replace(
        /([A-Za-z0-9_-])\.gif$/,
        (_match, last) => `${last === 'A' ? 'B' : 'A'}.gif`
      );
      expect(forged).not.toBe(url);
      expect((await hit(forged)).type).toBe('image/gif');
      expect(
        (await hit(`${app.url}/api/dunning/t/${Buffer.from(documentId).toString('base64url')}.gif`))
          .status
      ).toBe(200);
      expect((await reminder(documentId)).status).toBe('sent');
    });

    it('records nothing for an expired pixel or one signed without an expiry (F7.5)', async () => {
      const { documentId } = await sentReminder();
      const secret = process.env.DUNNING_PORTAL_SECRET!;
      const expired = signToken(
        { secret, purpose: 'open' },
        documentId,
        new Date(Date.now() - 1000)
      );
      const subject = Buffer.from(documentId).toString('base64url');
      const forEver = `${subject}.${createHmac('sha256', secret).update(`open\n${subject}`).digest('base64url')}`;
      for (const token of [expired, forEver])
        expect((await hit(`${app.url}/api/dunning/t/${token}.gif`)).type).toBe('image/gif');
      expect((await reminder(documentId)).status).toBe('sent');
      const live = /\/t\/[^.]+\.([0-9a-z]+)\./.exec(
        await service('tracking').withOpenPixel(HTML, documentId)
      )![1];
      expect(parseInt(live, 36) * 1000).toBeGreaterThan(Date.now() + 179 * 86400000);
    });

    it('is turned off by the setting: no image added, and older images record nothing', async () => {
      expect((await api('GET', '/dunning/settings')).body.data.tracking).toEqual({
        openPixel: true,
      });
      const { documentId } = await sentReminder();
      const url = pixelOf(await service('tracking').withOpenPixel(HTML, documentId));

      expect(
        (await api('PUT', '/dunning/settings', { tracking: { openPixel: false } })).status
      ).toBe(200);
      try {
        expect(await service('tracking').withOpenPixel(HTML, documentId)).toBe(HTML);
        await hit(url);
        expect((await reminder(documentId)).status).toBe('sent');
      } finally {
        await api('PUT', '/dunning/settings', { tracking: { openPixel: true } });
      }
      await hit(url);
      expect((await reminder(documentId)).status).toBe('opened');
    });

    it('refuses a setting that is not a boolean, naming it', async () => {
      const { status, body } = await api('PUT', '/dunning/settings', {
        tracking: { openPixel: 'yes' },
      });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(/^tracking\.openPixel: Expected boolean/);
    });
  });

  describe('the provider events endpoint', () => {
    it('marks reminders delivered and bounced by Message-ID, in either form, and counts unknown ones', async () => {
      const first = await sentReminder();
      const second = await sentReminder();
      // After the send: an event from before it is about an earlier one (see below).
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toISOString();
      const { status, body } = await postSigned([
        { messageId: first.messageId, event: 'delivered', at },
        {
          messageId: second.messageId.slice(1, -1),
          event: 'bounced',
          reason: '550 5.1.1 mailbox unknown',
        },
        { messageId: '<reminder-nobody@ourco.test>', event: 'delivered' },
      ]);
      expect(status).toBe(200);
      expect(body.data).toEqual({
        received: 3,
        updated: 2,
        unchanged: 0,
        unknown: 1,
        duplicate: 0,
      });

      const delivered = await reminder(first.documentId);
      expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: at });
      expect(delivered.timeline.at(-1)).toEqual({ status: 'delivered', at, note: 'mail provider' });

      const bounced = await reminder(second.documentId);
      expect(bounced).toMatchObject({
        status: 'bounced',
        statusReason: '550 5.1.1 mailbox unknown',
      });
      expect(bounced.timeline.at(-1)).toMatchObject({
        status: 'bounced',
        note: 'mail provider: 550 5.1.1 mailbox unknown',
      });
    });

    it('never moves a reminder back, but a bounce wins over sent, delivered and opened', async () => {
      const opened = await sentReminder('opened');
      const delivered = await sentReminder('delivered');
      const bounced = await sentReminder('bounced');
      const { body } = await postSigned([
        { messageId: opened.messageId, event: 'delivered' },
        { messageId: delivered.messageId, event: 'bounced', reason: 'late bounce' },
        { messageId: bounced.messageId, event: 'delivered' },
        { messageId: bounced.messageId, event: 'bounced' },
      ]);
      expect(body.data).toEqual({
        received: 4,
        updated: 1,
        unchanged: 3,
        unknown: 0,
        duplicate: 0,
      });
      expect((await reminder(opened.documentId)).status).toBe('opened');
      expect((await reminder(delivered.documentId)).status).toBe('bounced');
      expect((await reminder(bounced.documentId)).status).toBe('bounced');
      expect((await reminder(opened.documentId)).deliveredAt).toBeNull();
    });

    it('shows the feedback in the history of the Content API', async () => {
      const { documentId, messageId } = await sentReminder();
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toISOString();
      await postSigned([{ messageId, event: 'delivered', at }]);
      const { accessKey } = await strapi.service('admin::api-token').create({
        name: `reader ${database}`,
        description: '',
        type: 'read-only',
        lifespan: null,
        kind: 'content-api',
      });
      const response = await fetch(`${app.url}/api/dunning/reminders/${documentId}`, {
        headers: { authorization: `Bearer ${accessKey}` },
      });
      const { data } = (await response.json()) as any;
      expect(data).toMatchObject({ status: 'delivered', deliveredAt: at });
      expect(data.timeline.map((entry: any) => entry.status)).toEqual([
        'queued',
        'sent',
        'delivered',
      ]);
    });

    it('refuses a request without the signature of its body, and changes nothing', async () => {
      const { documentId, messageId } = await sentReminder();
      const body = JSON.stringify([{ id: 'evt-refused', messageId, event: 'bounced' }]);
      const signed = bodySignature(WEBHOOK_SECRET, body, new Date());
      const attempts: Array<Record<string, string>> = [
        {},
        { 'x-dunning-signature': 'sha256=0000' },
        // The signature of the body alone, without a timestamp: replayable for ever.
        { 'x-dunning-signature': `sha256=${signed.split('v1=')[1]}` },
        { 'x-dunning-signature': bodySignature('another-secret-of-16-chars', body, new Date()) },
        {
          'x-dunning-signature': bodySignature(
            WEBHOOK_SECRET,
            JSON.stringify([{ id: 'evt-refused', messageId, event: 'delivered' }]),
            new Date()
          ),
        },
        // Another timestamp under the same MAC.
        { 'x-dunning-signature': signed.replace(/t=(\d+)/, (_, t) => `t=${Number(t) + 1}`) },
        { authorization: `Bearer ${WEBHOOK_SECRET}` },
      ];
      for (const headers of attempts) {
        const { status, body: answer } = await post(body, headers);
        expect([headers, status, answer.error.message]).toEqual([
          headers,
          401,
          expect.stringMatching(/^X-Dunning-Signature: /),
        ]);
      }
      expect((await reminder(documentId)).status).toBe('sent');
    });

    it('refuses a signed request replayed after the tolerance window (and one signed too far ahead)', async () => {
      const { documentId, messageId } = await sentReminder();
      for (const at of [new Date(Date.now() - 301_000), new Date(Date.now() + 301_000)]) {
        const { status, body } = await postSigned([{ messageId, event: 'bounced' }], at);
        expect(status).toBe(401);
        expect(body.error.message).toBe(
          'X-Dunning-Signature: signed more than 300 seconds away from now'
        );
      }
      expect((await reminder(documentId)).status).toBe('sent');
    });

    it('applies an event once: a replay within the window, or the same id in another request, changes nothing', async () => {
      const { documentId, messageId } = await sentReminder('delivered');
      const body = JSON.stringify([
        { id: `evt-${documentId}`, messageId, event: 'bounced', reason: 'first' },
      ]);
      const headers = { 'x-dunning-signature': bodySignature(WEBHOOK_SECRET, body, new Date()) };
      expect((await post(body, headers)).body.data).toEqual({
        received: 1,
        updated: 1,
        unchanged: 0,
        unknown: 0,
        duplicate: 0,
      });
      // The reminder is resent (same deterministic Message-ID) and delivered again.
      await strapi.db.query('plugin::dunning.reminder').update({
        where: { documentId },
        data: { status: 'delivered', statusReason: null, sentAt: new Date() },
      });
      expect((await post(body, headers)).body.data).toEqual({
        received: 1,
        updated: 0,
        unchanged: 0,
        unknown: 0,
        duplicate: 1,
      });
      expect(
        (await postSigned([{ id: `evt-${documentId}`, messageId, event: 'bounced' }])).body.data
          .duplicate
      ).toBe(1);
      expect(await reminder(documentId)).toMatchObject({ status: 'delivered', statusReason: null });
    });

    it('does not apply to a resend an event that happened before it', async () => {
      const { documentId, messageId } = await sentReminder();
      const before = new Date(Date.now() - 3_600_000).toISOString();
      const { body } = await postSigned([{ messageId, event: 'bounced', at: before }]);
      expect(body.data).toEqual({
        received: 1,
        updated: 0,
        unchanged: 0,
        unknown: 1,
        duplicate: 0,
      });
      expect((await reminder(documentId)).status).toBe('sent');
    });

    it.each([
      [
        'an event without an id',
        [{ id: '', messageId: '<a@b.test>', event: 'delivered' }],
        /^0\.id: is required/,
      ],
      [
        'an unknown event',
        [{ messageId: '<a@b.test>', event: 'opened' }],
        /^0\.event: Invalid enum value/,
      ],
      [
        'a Message-ID that is not one',
        [{ messageId: 'not a message id', event: 'delivered' }],
        /^0\.messageId: must be a Message-ID/,
      ],
      [
        'a date that is not one',
        [{ messageId: '<a@b.test>', event: 'delivered', at: 'yesterday' }],
        /^0\.at: must be an ISO 8601 date-time/,
      ],
      [
        'an unknown field',
        [{ messageId: '<a@b.test>', event: 'delivered', status: 'x' }],
        /^0\.status: is not a supported field/,
      ],
      ['an empty list', [], /^body: send at least one event/],
      [
        'an object instead of a list',
        { messageId: '<a@b.test>', event: 'delivered' },
        /^body: Expected array, received object/,
      ],
    ])('refuses %s with 400 naming the field', async (_, events, message) => {
      const { status, body } = await postSigned(events);
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
    });

    it('refuses a body that is not JSON', async () => {
      const response = await fetch(`${app.url}/api/dunning/delivery-events`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'x-dunning-signature': bodySignature(WEBHOOK_SECRET, 'delivered', new Date()),
        },
        body: 'delivered',
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).error.message).toBe(
        'Content-Type: must be application/json'
      );
    });
  });
});
