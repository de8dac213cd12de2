import crypto from 'node:crypto';

import type { Core } from '@strapi/strapi';

import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { bodySignature } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { reminderRepository } from '../../src/plugins/dunning/server/src/repositories/reminders';
import {
  adminApi,
  adminToken,
  createAdminWith,
  createEditor,
  createSuperAdmin,
  SUPER_ADMIN,
} from '../helpers/admin';
import { seedAcme } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * README.md, "Security", on one booted app per database: the plugin's route tables walked as Strapi
 * mounted them (every route refuses the wrong caller), what each action reaches, and
 * bad input on every write route (400 naming the field, nothing written, nothing sent).
 */

type Route = {
  method: string;
  path: string;
  handler: string;
  config?: { auth?: false; policies?: unknown[] };
};

const ACTIONS = {
  read: 'plugin::dunning.read',
  send: 'plugin::dunning.send',
  configure: 'plugin::dunning.configure',
};
const PLACEHOLDER_ID = 'nosuchdocument0000000000';

/** The RBAC action an admin route requires, read from its policies (null: none). */
const actionOf = (route: Route): string | null => {
  const policies = route.config?.policies ?? [];
  const check = policies.find((policy: any) => policy?.name === 'admin::hasPermissions') as
    { config?: { actions?: string[] } } | undefined;
  if (!policies.includes('admin::isAuthenticatedAdmin') || check?.config?.actions?.length !== 1)
    return null;
  return check.config.actions[0];
};

const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, PLACEHOLDER_ID);

describe.each(DATABASES)('routes, permissions and bad input on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let smtp: SmtpCatcher;
  let root: ReturnType<typeof adminApi>;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  const callers: Record<'editor' | 'reader' | 'sender', ReturnType<typeof adminApi>> = {} as any;
  let users: Record<'reader' | 'sender', { id: number }>;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startStrapi({
      database,
      listen: true,
      env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
    });
    strapi = app.strapi;
    await createSuperAdmin(strapi);
    root = adminApi(app.url, await adminToken(app.url, SUPER_ADMIN));
    ledger = await seedAcme(strapi, today);
    const editor = await createEditor(strapi);
    const reader = await createAdminWith(strapi, 'Reader', [ACTIONS.read]);
    const sender = await createAdminWith(strapi, 'Sender', [ACTIONS.read, ACTIONS.send]);
    users = { reader, sender };
    callers.editor = adminApi(app.url, await adminToken(app.url, editor));
    callers.reader = adminApi(app.url, await adminToken(app.url, reader));
    callers.sender = adminApi(app.url, await adminToken(app.url, sender));
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  const routesOf = (type: 'admin' | 'content-api'): Route[] => {
    const table = (strapi.plugin('dunning') as any).routes[type];
    return (typeof table === 'function' ? table() : table).routes;
  };

  const call = (caller: ReturnType<typeof adminApi> | null, route: Route, prefix: string) => {
    const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
    if (caller) return caller(route.method, `${prefix}${concrete(route.path)}`, body);
    return fetch(`${app.url}${prefix}${concrete(route.path)}`, {
      method: route.method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? '{}' : undefined,
    }).then(async (response) => ({ status: response.status, body: await response.arrayBuffer() }));
  };

  /** Every route whose answer is not `expected(route)`, as `METHOD path: status`. */
  const mismatches = async (
    caller: ReturnType<typeof adminApi> | null,
    routes: Route[],
    prefix: string,
    expected: (route: Route, status: number) => boolean
  ) => {
    const wrong: string[] = [];
    for (const route of routes) {
      const { status } = await call(caller, route, prefix);
      if (!expected(route, status)) wrong.push(`${route.method} ${route.path}: ${status}`);
    }
    return wrong;
  };

  /** Everything a refused request must leave as it was: the plugin's and the mapped types' rows, its settings, the SMTP server. */
  const STATE_UIDS = [
    'plugin::dunning.reminder',
    'plugin::dunning.case',
    'plugin::dunning.promise',
    'plugin::dunning.template',
    'plugin::dunning.scenario',
    'api::invoice.invoice',
    'api::contact.contact',
    'api::customer.customer',
    'plugin::upload.file',
    'plugin::dunning.suppression',
  ];
  const snapshot = async () => {
    const rows: unknown[] = [];
    for (const uid of STATE_UIDS)
      rows.push(await strapi.db.query(uid as any).findMany({ orderBy: { id: 'asc' } }));
    rows.push(
      await strapi.db
        .query('strapi::core-store')
        .findMany({ where: { key: { $contains: 'dunning' } }, orderBy: { id: 'asc' } })
    );
    return {
      rows: crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
      mails: smtp.accepted + smtp.refused,
    };
  };

  let emailTemplate: { documentId: string; body: string };
  const emailPayload = (overrides: Record<string, unknown> = {}) => ({
    requestId: crypto.randomUUID(),
    customerDocumentId: ledger.customer.documentId,
    invoiceDocumentIds: [ledger.f1.documentId],
    channel: 'email',
    type: 'reminder',
    templateDocumentId: emailTemplate.documentId,
    recipients: ['camille@acme.test'],
    subject: 'Relance',
    body: emailTemplate.body,
    ...overrides,
  });
  const multipart = (
    payload: unknown,
    files: Array<{ name: string; type: string; bytes?: Buffer<ArrayBuffer> }> = []
  ) => {
    const form = new FormData();
    form.append('payload', JSON.stringify(payload));
    for (const file of files)
      form.append(
        'attachments',
        new Blob([file.bytes ?? Buffer.from('%PDF-1.4\n%%EOF\n')], { type: file.type }),
        file.name
      );
    return form;
  };

  beforeAll(async () => {
    const templates = await root('GET', '/dunning/templates?type=reminder&channel=email&locale=fr');
    emailTemplate = templates.body.data.find(
      (template: any) => template.predefinedKey === 'reminder-1.email.fr'
    );
  });

  describe('the route tables', () => {
    it('every admin route requires an admin and exactly one of the plugin actions', () => {
      const routes = routesOf('admin');
      expect(routes.length).toBeGreaterThan(40);
      expect(
        routes
          .filter((route) => !Object.values(ACTIONS).includes(actionOf(route) ?? ''))
          .map((route) => `${route.method} ${route.path}`)
      ).toEqual([]);
    });

    it('no token: 401 on every admin route', async () => {
      expect(
        await mismatches(null, routesOf('admin'), '/dunning', (_, status) => status === 401)
      ).toEqual([]);
    });

    it('an admin whose role holds no plugin action: 403 on every admin route', async () => {
      expect(
        await mismatches(
          callers.editor,
          routesOf('admin'),
          '/dunning',
          (_, status) => status === 403
        )
      ).toEqual([]);
    });

    it('a reader: 403 exactly on the routes that need send or configure', async () => {
      expect(
        await mismatches(
          callers.reader,
          routesOf('admin'),
          '/dunning',
          (route, status) => (status === 403) === (actionOf(route) !== ACTIONS.read)
        )
      ).toEqual([]);
    });

    it('a sender: 403 exactly on the routes that need configure', async () => {
      expect(
        await mismatches(
          callers.sender,
          routesOf('admin'),
          '/dunning',
          (route, status) => (status === 403) === (actionOf(route) === ACTIONS.configure)
        )
      ).toEqual([]);
    });

    it('Content API: no token and a token without the plugin actions are refused on every authenticated route', async () => {
      const routes = routesOf('content-api').filter((route) => route.config?.auth !== false);
      expect(routes.length).toBeGreaterThan(0);
      const { accessKey } = (await strapi.service('admin::api-token').create({
        name: 'nothing',
        description: '',
        type: 'custom',
        lifespan: null,
        kind: 'content-api',
        permissions: [],
      })) as { accessKey: string };
      const emptyToken = adminApi(app.url, accessKey);
      expect(
        await mismatches(
          null,
          routes,
          '/api/dunning',
          (_, status) => status === 401 || status === 403
        )
      ).toEqual([]);
      expect(
        await mismatches(emptyToken, routes, '/api/dunning', (_, status) => status === 403)
      ).toEqual([]);
    });

    it('Content API: a public route is one of the signed ones, and refuses an unsigned or forged request', async () => {
      const open = routesOf('content-api').filter((route) => route.config?.auth === false);
      // How each public route is forged; a public route added without its signature check has no entry and fails here.
      const forged: Record<string, { status: number }> = {
        'portal.show': { status: 403 },
        'portal.pdf': { status: 403 },
        'portal.statement': { status: 403 },
        'portal.promise': { status: 403 },
        'portal.dispute': { status: 403 },
        'portal.pay': { status: 403 },
        'tracking.pixel': { status: 200 },
        'tracking.deliveryEvents': { status: 401 },
        'inbound.receive': { status: 401 },
      };
      expect(open.map((route) => route.handler).sort()).toEqual(Object.keys(forged).sort());
      for (const route of open) {
        const { status } = await call(null, route, '/api/dunning');
        expect(`${route.handler}: ${status}`).toBe(
          `${route.handler}: ${forged[route.handler].status}`
        );
      }
    });
  });

  describe('each action does what its name says', () => {
    const preview = (caller: ReturnType<typeof adminApi>) =>
      caller('POST', '/dunning/templates/preview', {
        channel: 'email',
        subject: 'x',
        body: 'Link: {{portalUrl}}',
        customerDocumentId: ledger.customer.documentId,
      });

    it("a reader's preview shows where the link was hidden; a sender's the customer's working one", async () => {
      const read = await preview(callers.reader);
      expect(read.status).toBe(200);
      const hidden = /Link: (\S+ \S+)/.exec(read.body.data.text)![1];
      expect(hidden).toMatch(/\/api\/dunning\/portal\/\[link hidden\]$/);
      expect((await fetch(`${app.url}${new URL(hidden).pathname}`)).status).toBe(403);

      const sent = await preview(callers.sender);
      const link = /Link: (\S+)/.exec(sent.body.data.text)![1];
      expect(link).toMatch(/\/api\/dunning\/portal\/[\w.-]+$/);
      const page = await fetch(`${app.url}${new URL(link).pathname}`);
      expect(page.status).toBe(200);
    });

    it('the sender list holds only active admins holding send', async () => {
      const { body } = await callers.sender('GET', '/dunning/senders');
      const emails = body.data.map((user: any) => user.email).sort();
      expect(emails).toEqual([SUPER_ADMIN.email, 'sender@dunning.test'].sort());
    });

    it('senderId must name an admin holding send: 400 naming it, nothing written or sent', async () => {
      const before = await snapshot();
      const response = await callers.sender(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload({ senderId: users.reader.id }))
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /^senderId: admin user \d+ does not exist, is inactive or may not send reminders/
      );
      expect(await snapshot()).toEqual(before);
    });

    it("saveAddresses needs the Content Manager's update permission on the invoice and contact types: 403 naming it", async () => {
      const before = await snapshot();
      const response = await callers.sender(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] }))
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        "saveAddresses: needs the Content Manager's update permission on api::invoice.invoice (field reminderEmails) without conditions"
      );
      expect(await snapshot()).toEqual(before);

      const onlyInvoices = await createAdminWith(strapi, 'Invoice clerk', [
        ACTIONS.read,
        ACTIONS.send,
        {
          action: 'plugin::content-manager.explorer.update',
          subject: 'api::invoice.invoice',
          properties: { fields: ['reminderEmails'] },
        },
      ]);
      const clerk = adminApi(app.url, await adminToken(app.url, onlyInvoices));
      const refused = await clerk(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] }))
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('api::contact.contact (field reminderEmails)');
      expect(await snapshot()).toEqual(before);

      const both = await createAdminWith(strapi, 'Address keeper', [
        ACTIONS.read,
        ACTIONS.send,
        {
          action: 'plugin::content-manager.explorer.update',
          subject: 'api::invoice.invoice',
          properties: { fields: ['reminderEmails'] },
        },
        {
          action: 'plugin::content-manager.explorer.update',
          subject: 'api::contact.contact',
          properties: { fields: ['reminderEmails'] },
        },
      ]);
      const keeper = adminApi(app.url, await adminToken(app.url, both));
      const saved = await keeper(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] }))
      );
      expect(saved.status).toBe(201);
      const invoice = await strapi
        .documents('api::invoice.invoice' as any)
        .findOne({ documentId: ledger.f1.documentId });
      expect(invoice!.reminderEmails).toBe('new@acme.test');
      await strapi
        .documents('api::invoice.invoice' as any)
        .update({ documentId: ledger.f1.documentId, data: { reminderEmails: null } as any });
      await strapi
        .documents('api::contact.contact' as any)
        .update({ documentId: ledger.contact.documentId, data: { reminderEmails: null } as any });
    });

    it('a corrected address in "Contacts to fix" needs the Content Manager\'s update permission too: 403 naming it, nothing written', async () => {
      const before = await snapshot();
      const response = await callers.sender(
        'POST',
        `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: ['new@acme.test'] }
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        "addresses: needs the Content Manager's update permission on api::invoice.invoice (field reminderEmails) without conditions"
      );
      expect(await snapshot()).toEqual(before);
    });

    it('attachments need the upload permission and a type of the allow-list', async () => {
      const before = await snapshot();
      const noUpload = await callers.sender(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload(), [{ name: 'terms.pdf', type: 'application/pdf' }])
      );
      expect(noUpload.status).toBe(403);
      expect(noUpload.body.error.message).toBe(
        "attachments: needs the media library's upload permission (plugin::upload.assets.create)"
      );

      const uploader = await createAdminWith(strapi, 'Uploader', [
        ACTIONS.read,
        ACTIONS.send,
        'plugin::upload.assets.create',
      ]);
      const withUpload = adminApi(app.url, await adminToken(app.url, uploader));
      for (const file of [
        { name: 'page.html', type: 'text/html' },
        { name: 'logo.svg', type: 'image/svg+xml' },
        { name: 'terms.pdf', type: 'text/html' },
        { name: 'noextension', type: 'application/pdf' },
      ]) {
        const refused = await withUpload(
          'POST',
          '/dunning/reminders',
          multipart(emailPayload(), [{ name: 'ok.pdf', type: 'application/pdf' }, file])
        );
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toMatch(new RegExp(`^attachments\\.\\d: ${file.name}`));
      }
      expect(await snapshot()).toEqual(before);

      const sent = await withUpload(
        'POST',
        '/dunning/reminders',
        multipart(emailPayload(), [{ name: 'terms.pdf', type: 'application/pdf' }])
      );
      expect(sent.status).toBe(201);
    });
  });

  describe('bad input on every write route: 400 naming the field, nothing written, nothing sent', () => {
    let callDocumentId: string;
    let scenario: { documentId: string; steps: any[] };
    const step = (overrides: Record<string, unknown> = {}) => ({
      offsetDays: 5,
      channel: 'email',
      templateDocumentId: emailTemplate.documentId,
      level: 'R1',
      ...overrides,
    });
    const days = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        step({ offsetDays: index * 10 + 1, level: `R${index + 1}` })
      );
    const signed = (events: unknown) => {
      const body = JSON.stringify(events);
      return fetch(`${app.url}/api/dunning/delivery-events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-dunning-signature': bodySignature(
            process.env.DUNNING_WEBHOOK_SECRET!,
            body,
            new Date()
          ),
        },
        body,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as any,
      }));
    };
    const event = (overrides: Record<string, unknown> = {}) => ({
      id: crypto.randomUUID(),
      messageId: '<reminder-x@ourco.test>',
      event: 'delivered',
      ...overrides,
    });

    beforeAll(async () => {
      const call = await reminderRepository(strapi).create(
        {
          type: 'reminder',
          channel: 'phone',
          trigger: 'batch',
          customerDocumentId: ledger.customer.documentId,
          invoices: [],
          invoiceCount: 0,
          amount: 10,
          currency: 'EUR',
          idempotencyKey: `catalogue-call-${database}`,
        },
        'planned',
        new Date()
      );
      callDocumentId = call.documentId;
      scenario = (await root('GET', '/dunning/scenarios')).body.data[0];
    });

    type Case = [string, string, string | (() => string), unknown | (() => unknown), RegExp];
    const body = (value: unknown) => (typeof value === 'function' ? value() : value);
    const cases: Case[] = [
      // POST /dunning/batches/send and /letters
      [
        'send: no reminder selected',
        'POST',
        '/dunning/batches/send',
        { selections: [] },
        /^selections: select at least one reminder/,
      ],
      [
        'send: a selection without its reminder',
        'POST',
        '/dunning/batches/send',
        { selections: [{ reminderDocumentId: '' }] },
        /^selections\.0\.reminderDocumentId: /,
      ],
      [
        'send: no invoice ticked',
        'POST',
        '/dunning/batches/send',
        { selections: [{ reminderDocumentId: 'x', invoiceDocumentIds: [] }] },
        /^selections\.0\.invoiceDocumentIds: tick at least one invoice/,
      ],
      [
        'send: 101 reminders',
        'POST',
        '/dunning/batches/send',
        { selections: Array.from({ length: 101 }, (_, i) => ({ reminderDocumentId: `r${i}` })) },
        /^selections: /,
      ],
      [
        'send: an unknown channel',
        'POST',
        '/dunning/batches/send',
        { batch: { channel: 'fax' } },
        /^batch\.channel: /,
      ],
      [
        'send: a limit of 501',
        'POST',
        '/dunning/batches/send',
        { batch: { channel: 'email' }, limit: 501 },
        /^limit: /,
      ],
      [
        'send: a limit of 0',
        'POST',
        '/dunning/batches/send',
        { batch: { channel: 'email' }, limit: 0 },
        /^limit: /,
      ],
      [
        'send: a profile of 121 characters',
        'POST',
        '/dunning/batches/send',
        { batch: { channel: 'email', segment: 'x'.repeat(121) } },
        /^batch\.segment: /,
      ],
      [
        'send: an unknown field',
        'POST',
        '/dunning/batches/send',
        { batch: { channel: 'email' }, everything: true },
        /^everything: is not a supported field/,
      ],
      [
        'letters: no reminder selected',
        'POST',
        '/dunning/batches/letters',
        { selections: [] },
        /^selections: select at least one reminder/,
      ],
      [
        'letters: a limit of 501',
        'POST',
        '/dunning/batches/letters',
        { batch: { channel: 'letter' }, limit: 501 },
        /^limit: /,
      ],
      [
        'letters: a limit that is text',
        'POST',
        '/dunning/batches/letters',
        { batch: { channel: 'letter' }, limit: 'all' },
        /^limit: /,
      ],
      // POST /dunning/batches/calls/:documentId
      [
        'call: an unknown outcome',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'maybe' },
        /^outcome: /,
      ],
      [
        'call: a promise without its date',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'promised' },
        /^promisedDate: is required/,
      ],
      [
        'call: a promise on 30 February',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'promised', promisedDate: '2026-02-30' },
        /^promisedDate: must be a date/,
      ],
      [
        'call: a promise in year 1000',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'promised', promisedDate: '1000-01-01' },
        /^promisedDate: must be a date/,
      ],
      [
        'call: a note of 5001 characters',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'reached', note: 'x'.repeat(5001) },
        /^note: /,
      ],
      [
        'call: an unknown field',
        'POST',
        () => `/dunning/batches/calls/${callDocumentId}`,
        { outcome: 'reached', status: 'sent' },
        /^status: is not a supported field/,
      ],
      // POST /dunning/bulk-reminders(/prepare)
      [
        'bulk prepare: no invoice',
        'POST',
        '/dunning/bulk-reminders/prepare',
        { invoiceDocumentIds: [] },
        /^invoiceDocumentIds: select at least one invoice/,
      ],
      [
        'bulk prepare: ids as text',
        'POST',
        '/dunning/bulk-reminders/prepare',
        { invoiceDocumentIds: 'all' },
        /^invoiceDocumentIds: /,
      ],
      [
        'bulk send: a short request id',
        'POST',
        '/dunning/bulk-reminders',
        () => ({ requestId: 'abc', invoiceDocumentIds: [ledger.f1.documentId] }),
        /^requestId: must be an id of 8 to 64/,
      ],
      [
        'bulk send: no invoice',
        'POST',
        '/dunning/bulk-reminders',
        { requestId: 'request-0001', invoiceDocumentIds: [] },
        /^invoiceDocumentIds: /,
      ],
      [
        'bulk send: attach PDFs as text',
        'POST',
        '/dunning/bulk-reminders',
        () => ({
          requestId: 'request-0002',
          invoiceDocumentIds: [ledger.f1.documentId],
          attachInvoicePdfs: 'yes',
        }),
        /^attachInvoicePdfs: /,
      ],
      [
        'bulk send: 1001 invoices',
        'POST',
        '/dunning/bulk-reminders',
        {
          requestId: 'request-0003',
          invoiceDocumentIds: Array.from({ length: 1001 }, (_, i) => `i${i}`),
        },
        /^invoiceDocumentIds: /,
      ],
      // POST /dunning/statement/send
      [
        'statements: no customer',
        'POST',
        '/dunning/statement/send',
        { customerDocumentIds: [] },
        /^customerDocumentIds: select at least one customer/,
      ],
      [
        'statements: ids as text',
        'POST',
        '/dunning/statement/send',
        { customerDocumentIds: 'all' },
        /^customerDocumentIds: /,
      ],
      [
        'statements: 501 customers',
        'POST',
        '/dunning/statement/send',
        { customerDocumentIds: Array.from({ length: 501 }, (_, i) => `c${i}`) },
        /^customerDocumentIds: /,
      ],
      [
        'statements: an unknown field',
        'POST',
        '/dunning/statement/send',
        { customerDocumentIds: ['c1'], attachInvoicePdfs: true },
        /^attachInvoicePdfs: is not a supported field/,
      ],
      // POST /dunning/promises
      [
        'promise: no invoice',
        'POST',
        '/dunning/promises',
        { invoiceDocumentIds: [], date: '2099-01-15' },
        /^invoiceDocumentIds: select at least one invoice/,
      ],
      [
        'promise: on 30 February',
        'POST',
        '/dunning/promises',
        () => ({ invoiceDocumentIds: [ledger.f1.documentId], date: '2026-02-30' }),
        /^date: must be a date/,
      ],
      [
        'promise: in year 2999',
        'POST',
        '/dunning/promises',
        () => ({ invoiceDocumentIds: [ledger.f1.documentId], date: '2999-01-01' }),
        /^date: must be a date/,
      ],
      [
        'promise: a negative amount',
        'POST',
        '/dunning/promises',
        () => ({ invoiceDocumentIds: [ledger.f1.documentId], date: '2099-01-15', amount: -5 }),
        /^amount: must be more than 0/,
      ],
      [
        'promise: a note of 5001 characters',
        'POST',
        '/dunning/promises',
        () => ({
          invoiceDocumentIds: [ledger.f1.documentId],
          date: '2099-01-15',
          note: 'x'.repeat(5001),
        }),
        /^note: /,
      ],
      // POST/PUT /dunning/scenarios and their sub-routes
      [
        'scenario: 0 steps',
        'POST',
        '/dunning/scenarios',
        { name: 'Empty', steps: [] },
        /^steps: a scenario has 1 to 5 steps/,
      ],
      [
        'scenario: 6 steps',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Six', steps: days(6) }),
        /^steps: a scenario has 1 to 5 steps/,
      ],
      [
        'scenario: steps out of order',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Backwards', steps: [step({ offsetDays: 10 }), step({ offsetDays: 5 })] }),
        /^steps\.1\.offsetDays: must come after the previous step/,
      ],
      [
        'scenario: 400 days after',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Late', steps: [step({ offsetDays: 400 })] }),
        /^steps\.0\.offsetDays: at most 365 days/,
      ],
      [
        'scenario: a letter step attaching the statement',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Letter', steps: [step({ channel: 'letter', attachStatement: true })] }),
        /^steps\.0\.attachStatement: only an e-mail step attaches the statement/,
      ],
      [
        'scenario: the statement option as text',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Text', steps: [step({ attachStatement: 'yes' })] }),
        /^steps\.0\.attachStatement: /,
      ],
      [
        'scenario: a fax step',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Fax', steps: [step({ channel: 'fax' })] }),
        /^steps\.0\.channel: /,
      ],
      [
        'scenario: no name',
        'POST',
        '/dunning/scenarios',
        () => ({ name: ' ', steps: [step()] }),
        /^name: is required/,
      ],
      [
        'scenario: an empty level',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'No level', steps: [step({ level: '' })] }),
        /^steps\.0\.level: is required/,
      ],
      [
        'scenario: an unknown template',
        'POST',
        '/dunning/scenarios',
        () => ({ name: 'Ghost', steps: [step({ templateDocumentId: 'nosuchtemplate' })] }),
        /^steps\.0\.templateDocumentId: /,
      ],
      [
        'scenario update: 6 steps',
        'PUT',
        () => `/dunning/scenarios/${scenario.documentId}`,
        () => ({ name: 'Six', steps: days(6) }),
        /^steps: a scenario has 1 to 5 steps/,
      ],
      [
        'scenario update: an unknown field',
        'PUT',
        () => `/dunning/scenarios/${scenario.documentId}`,
        () => ({ name: 'X', steps: [step()], isDefault: true }),
        /^isDefault: is not a supported field/,
      ],
      [
        'scenario customers: none',
        'POST',
        () => `/dunning/scenarios/${scenario.documentId}/customers`,
        { customerDocumentIds: [] },
        /^customerDocumentIds: /,
      ],
      [
        'customer scenario: an empty id',
        'PUT',
        () => `/dunning/customers/${ledger.customer.documentId}/scenario`,
        { scenarioDocumentId: '' },
        /^scenarioDocumentId: /,
      ],
      [
        'forecast-change: 0 steps',
        'POST',
        () => `/dunning/scenarios/${scenario.documentId}/forecast-change`,
        { steps: [] },
        /^steps: a scenario has 1 to 5 steps/,
      ],
      [
        'forecast-change: 91 days',
        'POST',
        () => `/dunning/scenarios/${scenario.documentId}/forecast-change`,
        () => ({ steps: [step()], days: 91 }),
        /^days: /,
      ],
      // POST/PUT /dunning/templates, preview, restore
      [
        'template: an unknown placeholder',
        'POST',
        '/dunning/templates',
        {
          name: 'T',
          type: 'reminder',
          channel: 'email',
          locale: 'fr',
          subject: 'S',
          body: 'Hello {{customer.nmae}}',
        },
        /^body: unknown placeholder "customer\.nmae"/,
      ],
      [
        'template: a block that does not close',
        'POST',
        '/dunning/templates',
        {
          name: 'T',
          type: 'reminder',
          channel: 'email',
          locale: 'fr',
          subject: 'S',
          body: '{{#if customer.name}}open',
        },
        /^body: /,
      ],
      [
        'template: triple-stash',
        'POST',
        '/dunning/templates',
        {
          name: 'T',
          type: 'reminder',
          channel: 'email',
          locale: 'fr',
          subject: 'S',
          body: '{{{customer.name}}}',
        },
        /^body: /,
      ],
      [
        'template: a subject on two lines',
        'POST',
        '/dunning/templates',
        {
          name: 'T',
          type: 'reminder',
          channel: 'email',
          locale: 'fr',
          subject: 'S\r\nBcc: evil@x.test',
          body: 'B',
        },
        /^subject: /,
      ],
      [
        'template: a locale that is not one',
        'POST',
        '/dunning/templates',
        {
          name: 'T',
          type: 'reminder',
          channel: 'email',
          locale: 'fr_FR!',
          subject: 'S',
          body: 'B',
        },
        /^locale: /,
      ],
      [
        'template: an unknown type',
        'POST',
        '/dunning/templates',
        { name: 'T', type: 'threat', channel: 'email', locale: 'fr', subject: 'S', body: 'B' },
        /^type: /,
      ],
      [
        'template: an e-mail without subject',
        'POST',
        '/dunning/templates',
        { name: 'T', type: 'reminder', channel: 'email', locale: 'fr', body: 'B' },
        /^subject: is required/,
      ],
      [
        'template update: an empty body',
        'PUT',
        () => `/dunning/templates/${emailTemplate.documentId}`,
        { name: 'T', type: 'reminder', channel: 'email', locale: 'fr', subject: 'S', body: '' },
        /^body: is required/,
      ],
      [
        'template preview: no body',
        'POST',
        '/dunning/templates/preview',
        { channel: 'email', subject: 'S', body: '' },
        /^body: is required/,
      ],
      [
        'template preview: an unknown customer',
        'POST',
        '/dunning/templates/preview',
        { channel: 'email', subject: 'S', body: 'B', customerDocumentId: 'nosuchcustomer' },
        /^customerDocumentId: customer does not exist/,
      ],
      [
        'template restore: an unknown field',
        'POST',
        '/dunning/templates/restore',
        { all: true },
        /^all: is not a supported field/,
      ],
      // PUT /dunning/settings
      [
        'settings: a company name with a line break',
        'PUT',
        '/dunning/settings',
        { company: { name: 'OurCo\r\nBcc: evil@x.test' } },
        /^company\.name: must be a single line/,
      ],
      [
        'settings: a BCC of two addresses',
        'PUT',
        '/dunning/settings',
        { bccCopy: 'a@x.test, b@x.test' },
        /^bccCopy: is not a valid e-mail address/,
      ],
      [
        'settings: tracking as text',
        'PUT',
        '/dunning/settings',
        { tracking: { openPixel: 'yes' } },
        /^tracking\.openPixel: /,
      ],
      [
        'settings: a window that ends before it starts',
        'PUT',
        '/dunning/settings',
        { automatic: { sendWindow: { startHour: 18, endHour: 9 } } },
        /^automatic\.sendWindow\.endHour: endHour must be after startHour/,
      ],
      [
        'settings: a closed day on 31 April',
        'PUT',
        '/dunning/settings',
        { automatic: { sendWindow: { holidays: { extraClosedDates: ['2026-04-31'] } } } },
        /^automatic\.sendWindow\.holidays\.extraClosedDates\.0: must be a date/,
      ],
      [
        'settings: a time zone that is not one',
        'PUT',
        '/dunning/settings',
        { automatic: { sendWindow: { timezone: 'Mars/Olympus' } } },
        /^automatic\.sendWindow\.timezone: /,
      ],
      [
        'settings: a negative threshold',
        'PUT',
        '/dunning/settings',
        { automatic: { minInvoiceAmount: -1 } },
        /^automatic\.minInvoiceAmount: must be 0 or more/,
      ],
      // POST /dunning/cases/resync, /dunning/engine/run: no input at all
      [
        'cases resync: a body',
        'POST',
        '/dunning/cases/resync',
        { invoiceDocumentIds: ['x'] },
        /^invoiceDocumentIds: is not a supported field/,
      ],
      [
        'engine run: a body',
        'POST',
        '/dunning/engine/run',
        { at: '2099-01-01' },
        /^at: is not a supported field/,
      ],
      // POST /dunning/contacts-to-fix/:customerDocumentId/release
      [
        'contacts to fix: a header in an address',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: ['a@acme.test\r\nBcc: evil@x.test'] },
        /^addresses\.0: is not a valid e-mail address/,
      ],
      [
        'contacts to fix: two addresses in one',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: ['a@acme.test, b@acme.test'] },
        /^addresses\.0: is not a valid e-mail address/,
      ],
      [
        'contacts to fix: an empty list',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: [] },
        /^addresses: give at least one address/,
      ],
      [
        'contacts to fix: 21 addresses',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: Array.from({ length: 21 }, (_, i) => `a${i}@acme.test`) },
        /^addresses: /,
      ],
      [
        'contacts to fix: an address as text',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { addresses: 'a@acme.test' },
        /^addresses: /,
      ],
      [
        'contacts to fix: an unknown field',
        'POST',
        () => `/dunning/contacts-to-fix/${ledger.customer.documentId}/release`,
        { all: true },
        /^all: is not a supported field/,
      ],
      // POST /dunning/reminders (the pop-up)
      [
        'pop-up: a header in a recipient',
        'POST',
        '/dunning/reminders',
        () => multipart(emailPayload({ recipients: ['a@acme.test\r\nBcc: evil@x.test'] })),
        /^recipients\.0: is not a valid e-mail address/,
      ],
      [
        'pop-up: a subject on two lines',
        'POST',
        '/dunning/reminders',
        () => multipart(emailPayload({ subject: 'Hi\r\nBcc: evil@x.test' })),
        /^subject: must be a single line/,
      ],
      [
        'pop-up: attach the statement as text',
        'POST',
        '/dunning/reminders',
        () => multipart(emailPayload({ attachStatement: 'yes' })),
        /^attachStatement: /,
      ],
      [
        'pop-up: a step override of 6',
        'POST',
        '/dunning/reminders',
        () => multipart(emailPayload({ overrideNextStep: 6 })),
        /^overrideNextStep: /,
      ],
      [
        'pop-up: an HTML attachment',
        'POST',
        '/dunning/reminders',
        () => multipart(emailPayload(), [{ name: 'x.html', type: 'text/html' }]),
        /^attachments\.0: x\.html: only pdf/,
      ],
    ];

    it(`holds at least 60 cases (${cases.length})`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(60);
    });

    it.each(cases)('%s', async (_, method, path, input, message) => {
      const before = await snapshot();
      const { status, body: answer } = await root(
        method,
        typeof path === 'function' ? path() : path,
        body(input)
      );
      expect([status, answer?.error?.message]).toEqual([400, expect.stringMatching(message)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['an event without an id', () => [event({ id: '' })], /^0\.id: is required/],
      ['an unknown event', () => [event({ event: 'opened' })], /^0\.event: /],
      [
        'a Message-ID that is not one',
        () => [event({ messageId: 'not one' })],
        /^0\.messageId: must be a Message-ID/,
      ],
      ['a date on 30 February', () => [event({ at: '2026-02-30T10:00:00Z' })], /^0\.at: /],
      [
        'a date in year 1000',
        () => [event({ at: '1000-01-01T10:00:00Z' })],
        /^0\.at: must fall from 2000-01-01/,
      ],
      ['a reason of 256 characters', () => [event({ reason: 'x'.repeat(256) })], /^0\.reason: /],
      [
        '1001 events',
        () => Array.from({ length: 1001 }, () => event()),
        /^body: send at most 1000 events/,
      ],
    ])('delivery events: %s', async (_, events, message) => {
      const before = await snapshot();
      const { status, body: answer } = await signed(events());
      expect([status, answer?.error?.message]).toEqual([400, expect.stringMatching(message)]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('every query is bounded', () => {
    it.each([
      [
        '/dunning/reports?from=1000-01-01&granularity=week',
        /^from: must be a date YYYY-MM-DD, a real day from 2000-01-01/,
      ],
      ['/dunning/reports?from=2999-01-01', /^from: must be a date/],
      ['/dunning/reports?from=2025-02-30', /^from: must be a date/],
      ['/dunning/reports?from=2026-01-01&to=2026-02-29', /^to: must be a date/],
      [
        '/dunning/reports?from=2000-01-01&granularity=week',
        /^from: at most 120 weeks from from to today/,
      ],
      ['/dunning/reports?from=2099-12-01', /^from: must not be after today/],
      ['/dunning/statement?page=1e300', /^page: /],
      ['/dunning/statement?page=5001&pageSize=20', /^page: must be 5000 or less with 20 per page/],
      [
        '/dunning/reminders?page=1001&pageSize=100',
        /^page: must be 1000 or less with 100 per page/,
      ],
      ['/dunning/reminders?from=2026-02-30', /^from: must be a date/],
      ['/dunning/batches/items?channel=email&page=1e300', /^page: /],
      ['/dunning/engine/forecast?days=91', /^days: /],
      ['/dunning/contacts-to-fix?page=2', /^page: is not a supported field/],
    ])('GET %s: 400 naming the parameter', async (path, message) => {
      const started = Date.now();
      const { status, body } = await callers.reader('GET', path);
      expect([status, body?.error?.message]).toEqual([400, expect.stringMatching(message)]);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('Content API: a page past 100,000 rows is refused', async () => {
      const { accessKey } = (await strapi.service('admin::api-token').create({
        name: 'reader',
        description: '',
        type: 'read-only',
        lifespan: null,
        kind: 'content-api',
      })) as { accessKey: string };
      const reader = adminApi(app.url, accessKey);
      for (const [query, message] of [
        ['pagination[page]=1e300', /^pagination\.page: /],
        ['pagination[page]=4001', /^pagination\.page: must be 4000 or less with 25 per page/],
        ['filters[createdAt][$gte]=2026-02-30', /^filters\.createdAt\.\$gte: is not a real date/],
      ] as const) {
        const { status, body } = await reader('GET', `/api/dunning/reminders?${query}`);
        expect([query, status, body?.error?.message]).toEqual([
          query,
          400,
          expect.stringMatching(message),
        ]);
      }
    });
  });

  it('a pop-up posted twice at once sends once, keeps one set of files and answers both', async () => {
    const uploader = await createAdminWith(strapi, 'Double clicker', [
      ACTIONS.read,
      ACTIONS.send,
      'plugin::upload.assets.create',
    ]);
    const caller = adminApi(app.url, await adminToken(app.url, uploader));
    const payload = emailPayload();
    const files = () => strapi.db.query('plugin::upload.file').count({});
    const [filesBefore, mailsBefore] = [await files(), smtp.accepted];
    const answers = await Promise.all(
      [0, 1].map(() =>
        caller(
          'POST',
          '/dunning/reminders',
          multipart(payload, [{ name: 'terms.pdf', type: 'application/pdf' }])
        )
      )
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[0].body.data.reminder.documentId).toBe(answers[1].body.data.reminder.documentId);
    expect(await files()).toBe(filesBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.accepted).toBe(mailsBefore + 1);
  });
});
