import crypto from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  type TokenPurpose,
  verifyToken,
} from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import adminRoutes from '../../src/plugins/dunning/server/src/routes/admin';
import {
  adminApi,
  adminToken,
  createAdminWith,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { openSettings } from '../helpers/engine';
import { seedAcme } from '../helpers/ledger';
import { pdfText } from '../helpers/pdf';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Who may see a working signed link (domain/signed-links.ts): the admin route table,
 * imported as it is written (a route added later is walked too), is called by an admin
 * holding `read` only on every route it may call, with real ids of a ledger where
 * reminders went out by e-mail (open pixel on), a letter was produced from a template
 * printing {{portalUrl}}, and a call is planned whose script prints it. No answer —
 * JSON, HTML, CSV or PDF text — holds a token the portal or the pixel accepts. An admin
 * who may send gets them, working.
 */

type Route = (typeof adminRoutes)['routes'][number];
type Api = ReturnType<typeof adminApi>;

const ACTIONS = { read: 'plugin::dunning.read', send: 'plugin::dunning.send' };

const actionOf = (route: Route): string | undefined => {
  const check = route.config.policies.find(
    (policy) => typeof policy === 'object' && policy.name === 'admin::hasPermissions'
  );
  return typeof check === 'object' ? check.config.actions[0] : undefined;
};

/** Anything shaped as a signed token: base64url subject, base-36 expiry, a 43-character HMAC-SHA256. */
const TOKEN_SHAPE = /[A-Za-z0-9_-]+\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{43}/g;

describe.each(DATABASES)(
  'signed links reach only those who may send, on %s (SPEC F7.4, F7.5)',
  (database) => {
    let app: TestApp;
    let strapi: Core.Strapi;
    let smtp: SmtpCatcher;
    let root: Api;
    let reader: Api;
    let sender: Api;
    let ledger: Awaited<ReturnType<typeof seedAcme>>;
    /** Real ids by `collection/:param`, or by a route's whole path where only some fit (a letter's PDF). */
    const ids: Record<string, string[]> = {};
    const today = todayIn('Europe/Paris', new Date());

    /** The tokens in `text` the portal (`portal`) or the pixel (`open`) would accept now, also where a PDF broke a line inside one. */
    const workingTokens = (text: string): string[] => {
      const secret = (strapi.config.get('plugin::dunning') as { portal: { secret: string } }).portal
        .secret;
      const candidates = new Set(
        [...text.matchAll(TOKEN_SHAPE), ...text.replace(/\s+/g, '').matchAll(TOKEN_SHAPE)].map(
          (match) => match[0]
        )
      );
      return [...candidates].flatMap((token) =>
        (['portal', 'open'] as TokenPurpose[])
          .filter((purpose) => !('refused' in verifyToken({ secret, purpose }, token, new Date())))
          .map((purpose) => `${purpose}:${token}`)
      );
    };

    /** An answer's text: JSON as written, PDF as read by pdf.js, anything else (HTML, CSV) as UTF-8. */
    const textOf = ({ body, headers }: { body: unknown; headers: Headers }) => {
      if (!Buffer.isBuffer(body)) return JSON.stringify(body);
      return (headers.get('content-type') ?? '').includes('pdf')
        ? pdfText(body)
        : body.toString('utf8');
    };

    beforeAll(async () => {
      smtp = await startSmtpServer();
      app = await startStrapi({
        database,
        listen: true,
        env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
      });
      strapi = app.strapi;
      const admin = await createSuperAdmin(strapi);
      root = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
      reader = adminApi(
        app.url,
        await adminToken(app.url, await createAdminWith(strapi, 'Reader', [ACTIONS.read]))
      );
      sender = adminApi(
        app.url,
        await adminToken(
          app.url,
          await createAdminWith(strapi, 'Sender', [ACTIONS.read, ACTIONS.send])
        )
      );
      // Before the ledger: its invoices take the automatic reminders setting when they are created.
      await strapi
        .plugin('dunning')
        .service('settings')
        .update({ ...openSettings(admin.id), tracking: { openPixel: true } });
      ledger = await seedAcme(strapi, today);

      const templates = (await root('GET', '/dunning/templates')).body.data as Array<{
        documentId: string;
        predefinedKey: string | null;
        body: string;
      }>;
      const emailTemplate = templates.find(
        (template) => template.predefinedKey === 'reminder-1.email.fr'
      )!;
      const create = async (data: Record<string, unknown>) =>
        (await root('POST', '/dunning/templates', { type: 'reminder', locale: 'fr', ...data })).body
          .data as { documentId: string; body: string };
      const letterTemplate = await create({
        name: 'Letter with link',
        channel: 'letter',
        subject: 'Relance {{customer.name}}',
        body: 'Madame, Monsieur,\n\nVos factures : {{portalUrl}}\n\n{{invoicesTable}}\n\n{{accessInvoicesButton}}',
      });
      const callTemplate = await create({
        name: 'Call with link',
        channel: 'phone',
        body: 'Appeler {{customer.name}}, lien : {{portalUrl}}',
      });

      // One tick: f2 (3 days overdue) goes out by e-mail at once, with its pixel; f1 (40 days)
      // waits as a call; Globex, without an address, is not sent.
      const scenarios = strapi.plugin('dunning').service('scenarios');
      const fallback = await scenarios.findDefault();
      await scenarios.update(fallback.documentId, {
        name: fallback.name,
        steps: [
          {
            offsetDays: 3,
            channel: 'email',
            templateDocumentId: emailTemplate.documentId,
            level: 'Reminder',
          },
          {
            offsetDays: 30,
            channel: 'phone',
            templateDocumentId: callTemplate.documentId,
            level: 'Call',
          },
        ],
      });
      await strapi.plugin('dunning').service('engine').tick({ now: new Date() });
      await smtp.waitForMessages(1);

      // The pop-up: an e-mail and a letter.
      const popUp = (payload: Record<string, unknown>) => {
        const form = new FormData();
        form.append(
          'payload',
          JSON.stringify({
            requestId: crypto.randomUUID(),
            customerDocumentId: ledger.customer.documentId,
            invoiceDocumentIds: [ledger.f1.documentId],
            type: 'reminder',
            ...payload,
          })
        );
        return root('POST', '/dunning/reminders', form);
      };
      expect(
        (
          await popUp({
            channel: 'email',
            templateDocumentId: emailTemplate.documentId,
            recipients: ['camille@acme.test'],
            subject: 'Relance',
            body: emailTemplate.body,
          })
        ).status
      ).toBe(201);
      expect(
        (
          await popUp({
            channel: 'letter',
            templateDocumentId: letterTemplate.documentId,
            body: letterTemplate.body,
          })
        ).status
      ).toBe(201);
      await smtp.waitForMessages(2);

      const reminders = (await root('GET', '/dunning/reminders?pageSize=100')).body.data as Array<{
        documentId: string;
        channel: string;
        status: string;
      }>;
      expect(reminders.map((reminder) => `${reminder.channel} ${reminder.status}`).sort()).toEqual([
        'email not_sent',
        'email sent',
        'email sent',
        'letter sent',
        'phone planned',
      ]);
      const scenarioIds = (
        (await root('GET', '/dunning/scenarios')).body.data as Array<{ documentId: string }>
      ).map((scenario) => scenario.documentId);
      Object.assign(ids, {
        'reminders/:documentId': reminders.map((reminder) => reminder.documentId),
        '/reminders/:documentId/document': reminders
          .filter((reminder) => reminder.channel === 'letter')
          .map((reminder) => reminder.documentId),
        'templates/:documentId': [
          emailTemplate.documentId,
          letterTemplate.documentId,
          callTemplate.documentId,
        ],
        'scenarios/:documentId': scenarioIds,
        'invoices/:documentId': [ledger.f1.documentId, ledger.f2.documentId],
        'customers/:documentId': [ledger.customer.documentId],
        'customers/:customerDocumentId': [ledger.customer.documentId],
        'statement/:customerDocumentId': [ledger.customer.documentId],
      });
    });

    afterAll(async () => {
      await app?.stop();
      await smtp?.stop();
    });

    /** The queries a GET route is also called with, beyond none. */
    const QUERIES: Record<string, string[]> = {
      '/batches/items': ['channel=phone', 'channel=email', 'channel=letter'],
      '/reminders': ['status=sent', 'channel=letter'],
      '/reports': ['format=csv'],
    };
    /** The bodies a POST route a reader may call is called with: each a message that prints the links. */
    const bodies = (): Record<string, unknown[]> => ({
      '/templates/preview': (['email', 'letter', 'phone'] as const).map((channel) => ({
        channel,
        subject: 'Relance {{portalUrl}}',
        body: 'Lien : {{portalUrl}}\n\n{{accessInvoicesButton}}',
        customerDocumentId: ledger.customer.documentId,
      })),
    });
    const GET_WITHOUT_QUERY_REFUSED = new Set(['/batches/items']);

    /** Every request the route table lets `read` make, with real ids: `[method, url, body]`. */
    const readerRequests = (): Array<[string, string, unknown]> =>
      adminRoutes.routes
        .filter((route) => actionOf(route) === ACTIONS.read)
        .flatMap((route) => {
          const params = [...route.path.matchAll(/([\w-]+)\/:(\w+)/g)];
          let paths = [route.path];
          for (const [whole, collection, param] of params) {
            const values =
              (params.length === 1 && ids[route.path]) || ids[`${collection}/:${param}`];
            if (!values)
              throw new Error(
                `no ids for ${whole} in ${route.method} ${route.path}: add them to the seed`
              );
            paths = paths.flatMap((path) =>
              values.map((value) => path.replace(`:${param}`, value))
            );
          }
          if (route.method === 'GET') {
            const queries = [
              ...(GET_WITHOUT_QUERY_REFUSED.has(route.path) ? [] : ['']),
              ...(QUERIES[route.path] ?? []),
            ];
            return paths.flatMap((path) =>
              queries.map((query): [string, string, unknown] => [
                'GET',
                `/dunning${path}${query ? `?${query}` : ''}`,
                undefined,
              ])
            );
          }
          const posted = bodies()[route.path];
          if (!posted)
            throw new Error(
              `no body to post to ${route.method} ${route.path}, which a reader may call: add one`
            );
          return paths.flatMap((path) =>
            posted.map((body): [string, string, unknown] => [route.method, `/dunning${path}`, body])
          );
        });

    it('a reader receives no working link from any route it may call, and sees where one was hidden', async () => {
      const requests = readerRequests();
      expect(requests.length).toBeGreaterThan(30);
      const leaks: string[] = [];
      const failures: string[] = [];
      let hidden = 0;
      for (const [method, url, body] of requests) {
        const answer = await reader(method, url, body);
        if (answer.status !== 200) failures.push(`${method} ${url}: ${answer.status}`);
        const text = textOf(answer);
        hidden += text.includes('/api/dunning/portal/[link hidden]') ? 1 : 0;
        for (const token of workingTokens(text)) leaks.push(`${method} ${url}: ${token}`);
      }
      expect(leaks).toEqual([]);
      expect(failures).toEqual([]);
      // The detail of each e-mail and of the letter, the letter's PDF, the call script, the previews.
      expect(hidden).toBeGreaterThanOrEqual(8);
    });

    it('an admin who may send receives the working links: the stored messages, the letter to post, the previews', async () => {
      const [letter] = (await root('GET', '/dunning/reminders?channel=letter')).body.data as Array<{
        documentId: string;
      }>;
      const document = await sender('GET', `/dunning/reminders/${letter.documentId}/document`);
      expect(document.headers.get('content-type')).toContain('pdf');
      expect(
        workingTokens(textOf(document)).filter((token) => token.startsWith('portal:')).length
      ).toBeGreaterThan(0);
      for (const { documentId } of (await root('GET', '/dunning/reminders?status=sent')).body
        .data as Array<{ documentId: string }>) {
        expect(
          workingTokens(textOf(await sender('GET', `/dunning/reminders/${documentId}/detail`)))
            .length
        ).toBeGreaterThan(0);
      }
      const preview = await sender(
        'POST',
        '/dunning/templates/preview',
        bodies()['/templates/preview'][0]
      );
      expect(workingTokens(textOf(preview)).length).toBeGreaterThan(0);
      // The pixel's token is in the mail only (services/engine/delivery.ts keeps the stored body free of it); the scan finds it there.
      expect(
        smtp.messages
          .flatMap((mail) => workingTokens(String(mail.parsed.html)))
          .some((token) => token.startsWith('open:'))
      ).toBe(true);
    });

    it("a reader's letter is the letter as posted, its link hidden", async () => {
      const [letter] = (await root('GET', '/dunning/reminders?channel=letter')).body.data as Array<{
        documentId: string;
      }>;
      const asPosted = pdfText(
        (await sender('GET', `/dunning/reminders/${letter.documentId}/document`)).body
      );
      const asRead = pdfText(
        (await reader('GET', `/dunning/reminders/${letter.documentId}/document`)).body
      );
      expect(asRead).toContain('/api/dunning/portal/[link hidden]');
      expect(asRead.replace(/\s+/g, '')).toBe(
        asPosted
          .replace(/\s+/g, '')
          .replace(
            /(\/api\/dunning\/portal\/)[A-Za-z0-9_-]+\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{43}/g,
            '$1[linkhidden]'
          )
      );
    });
  }
);
