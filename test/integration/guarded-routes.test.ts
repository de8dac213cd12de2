import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { todayIn } from '../../src/plugins/dunning/server/src/rules/dates';
import { adminApi, adminToken, createAdminWith, createEditor, createSuperAdmin, SUPER_ADMIN } from '../helpers/admin';
import { seedAcme } from '../helpers/ledger';
import { startSmtpServer, type SmtpCatcher } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Issue #19, on one booted app per database: the plugin's route tables walked as Strapi
 * mounted them (every route refuses the wrong caller), what each action reaches, and
 * bad input on every write route (400 naming the field, nothing written, nothing sent).
 */

type Route = { method: string; path: string; handler: string; config?: { auth?: false; policies?: unknown[] } };

const ACTIONS = { read: 'plugin::dunning.read', send: 'plugin::dunning.send', configure: 'plugin::dunning.configure' };
const PLACEHOLDER_ID = 'nosuchdocument0000000000';

/** The RBAC action an admin route requires, read from its policies (null: none). */
const actionOf = (route: Route): string | null => {
  const policies = route.config?.policies ?? [];
  const check = policies.find((policy: any) => policy?.name === 'admin::hasPermissions') as { config?: { actions?: string[] } } | undefined;
  if (!policies.includes('admin::isAuthenticatedAdmin') || check?.config?.actions?.length !== 1) return null;
  return check.config.actions[0];
};

const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, PLACEHOLDER_ID);

describe.each(DATABASES)('routes, permissions and bad input on %s (issue #19)', (database) => {
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
    app = await startStrapi({ database, listen: true, env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' } });
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
  const mismatches = async (caller: ReturnType<typeof adminApi> | null, routes: Route[], prefix: string, expected: (route: Route, status: number) => boolean) => {
    const wrong: string[] = [];
    for (const route of routes) {
      const { status } = await call(caller, route, prefix);
      if (!expected(route, status)) wrong.push(`${route.method} ${route.path}: ${status}`);
    }
    return wrong;
  };

  /** Everything a refused request must leave as it was: the plugin's and the mapped types' rows, its settings, the SMTP server. */
  const STATE_UIDS = ['plugin::dunning.reminder', 'plugin::dunning.case', 'plugin::dunning.promise', 'plugin::dunning.template', 'plugin::dunning.scenario', 'api::invoice.invoice', 'api::contact.contact', 'api::customer.customer', 'plugin::upload.file'];
  const snapshot = async () => {
    const rows: unknown[] = [];
    for (const uid of STATE_UIDS) rows.push(await strapi.db.query(uid as any).findMany({ orderBy: { id: 'asc' } }));
    rows.push(await strapi.db.query('strapi::core-store').findMany({ where: { key: { $contains: 'dunning' } }, orderBy: { id: 'asc' } }));
    return { rows: crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex'), mails: smtp.accepted + smtp.refused };
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
  const multipart = (payload: unknown, files: Array<{ name: string; type: string; bytes?: Buffer }> = []) => {
    const form = new FormData();
    form.append('payload', JSON.stringify(payload));
    for (const file of files) form.append('attachments', new Blob([file.bytes ?? Buffer.from('%PDF-1.4\n%%EOF\n')], { type: file.type }), file.name);
    return form;
  };

  beforeAll(async () => {
    const templates = await root('GET', '/dunning/templates?type=reminder&channel=email&locale=fr');
    emailTemplate = templates.body.data.find((template: any) => template.predefinedKey === 'reminder-1.email.fr');
  });

  describe('the route tables', () => {
    it('every admin route requires an admin and exactly one of the plugin actions', () => {
      const routes = routesOf('admin');
      expect(routes.length).toBeGreaterThan(40);
      expect(routes.filter((route) => !Object.values(ACTIONS).includes(actionOf(route) ?? '')).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    });

    it('no token: 401 on every admin route', async () => {
      expect(await mismatches(null, routesOf('admin'), '/dunning', (_, status) => status === 401)).toEqual([]);
    });

    it('an admin whose role holds no plugin action: 403 on every admin route', async () => {
      expect(await mismatches(callers.editor, routesOf('admin'), '/dunning', (_, status) => status === 403)).toEqual([]);
    });

    it('a reader: 403 exactly on the routes that need send or configure', async () => {
      expect(await mismatches(callers.reader, routesOf('admin'), '/dunning', (route, status) => (status === 403) === (actionOf(route) !== ACTIONS.read))).toEqual([]);
    });

    it('a sender: 403 exactly on the routes that need configure', async () => {
      expect(await mismatches(callers.sender, routesOf('admin'), '/dunning', (route, status) => (status === 403) === (actionOf(route) === ACTIONS.configure))).toEqual([]);
    });

    it('Content API: no token and a token without the plugin actions are refused on every authenticated route', async () => {
      const routes = routesOf('content-api').filter((route) => route.config?.auth !== false);
      expect(routes.length).toBeGreaterThan(0);
      const { accessKey } = (await strapi.service('admin::api-token').create({ name: 'nothing', description: '', type: 'custom', lifespan: null, kind: 'content-api', permissions: [] })) as { accessKey: string };
      const emptyToken = adminApi(app.url, accessKey);
      expect(await mismatches(null, routes, '/api/dunning', (_, status) => status === 401 || status === 403)).toEqual([]);
      expect(await mismatches(emptyToken, routes, '/api/dunning', (_, status) => status === 403)).toEqual([]);
    });

    it('Content API: a public route is one of the signed ones, and refuses an unsigned or forged request', async () => {
      const open = routesOf('content-api').filter((route) => route.config?.auth === false);
      // How each public route is forged; a public route added without its signature check has no entry and fails here.
      const forged: Record<string, { status: number }> = {
        'portal.show': { status: 403 },
        'portal.pdf': { status: 403 },
        'tracking.pixel': { status: 200 },
        'tracking.deliveryEvents': { status: 401 },
      };
      expect(open.map((route) => route.handler).sort()).toEqual(Object.keys(forged).sort());
      for (const route of open) {
        const { status } = await call(null, route, '/api/dunning');
        expect(`${route.handler}: ${status}`).toBe(`${route.handler}: ${forged[route.handler].status}`);
      }
    });
  });

  describe('each action does what its name says', () => {
    const preview = (caller: ReturnType<typeof adminApi>) =>
      caller('POST', '/dunning/templates/preview', { channel: 'email', subject: 'x', body: 'Link: {{portalUrl}}', customerDocumentId: ledger.customer.documentId });

    it('a reader\'s preview shows an inert sample link; a sender\'s the customer\'s working one', async () => {
      const read = await preview(callers.reader);
      expect(read.status).toBe(200);
      expect(read.body.data.text).toContain('Link: https://example.test/api/dunning/portal/sample');
      expect(read.body.data.text).not.toContain('localhost');

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
      const response = await callers.sender('POST', '/dunning/reminders', multipart(emailPayload({ senderId: users.reader.id })));
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^senderId: admin user \d+ does not exist, is inactive or may not send reminders/);
      expect(await snapshot()).toEqual(before);
    });

    it('saveAddresses needs the Content Manager\'s update permission on the invoice and contact types: 403 naming it', async () => {
      const before = await snapshot();
      const response = await callers.sender('POST', '/dunning/reminders', multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] })));
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe("saveAddresses: needs the Content Manager's update permission on api::invoice.invoice (field reminderEmails) without conditions");
      expect(await snapshot()).toEqual(before);

      const onlyInvoices = await createAdminWith(strapi, 'Invoice clerk', [
        ACTIONS.read,
        ACTIONS.send,
        { action: 'plugin::content-manager.explorer.update', subject: 'api::invoice.invoice', properties: { fields: ['reminderEmails'] } },
      ]);
      const clerk = adminApi(app.url, await adminToken(app.url, onlyInvoices));
      const refused = await clerk('POST', '/dunning/reminders', multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] })));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('api::contact.contact (field reminderEmails)');
      expect(await snapshot()).toEqual(before);

      const both = await createAdminWith(strapi, 'Address keeper', [
        ACTIONS.read,
        ACTIONS.send,
        { action: 'plugin::content-manager.explorer.update', subject: 'api::invoice.invoice', properties: { fields: ['reminderEmails'] } },
        { action: 'plugin::content-manager.explorer.update', subject: 'api::contact.contact', properties: { fields: ['reminderEmails'] } },
      ]);
      const keeper = adminApi(app.url, await adminToken(app.url, both));
      const saved = await keeper('POST', '/dunning/reminders', multipart(emailPayload({ saveAddresses: true, recipients: ['new@acme.test'] })));
      expect(saved.status).toBe(201);
      const invoice = await strapi.documents('api::invoice.invoice' as any).findOne({ documentId: ledger.f1.documentId });
      expect(invoice!.reminderEmails).toBe('new@acme.test');
      await strapi.documents('api::invoice.invoice' as any).update({ documentId: ledger.f1.documentId, data: { reminderEmails: null } as any });
      await strapi.documents('api::contact.contact' as any).update({ documentId: ledger.contact.documentId, data: { reminderEmails: null } as any });
    });

    it('attachments need the upload permission and a type of the allow-list', async () => {
      const before = await snapshot();
      const noUpload = await callers.sender('POST', '/dunning/reminders', multipart(emailPayload(), [{ name: 'terms.pdf', type: 'application/pdf' }]));
      expect(noUpload.status).toBe(403);
      expect(noUpload.body.error.message).toBe("attachments: needs the media library's upload permission (plugin::upload.assets.create)");

      const uploader = await createAdminWith(strapi, 'Uploader', [ACTIONS.read, ACTIONS.send, 'plugin::upload.assets.create']);
      const withUpload = adminApi(app.url, await adminToken(app.url, uploader));
      for (const file of [
        { name: 'page.html', type: 'text/html' },
        { name: 'logo.svg', type: 'image/svg+xml' },
        { name: 'terms.pdf', type: 'text/html' },
        { name: 'noextension', type: 'application/pdf' },
      ]) {
        const refused = await withUpload('POST', '/dunning/reminders', multipart(emailPayload(), [{ name: 'ok.pdf', type: 'application/pdf' }, file]));
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toMatch(new RegExp(`^attachments\\.\\d: ${file.name}`));
      }
      expect(await snapshot()).toEqual(before);

      const sent = await withUpload('POST', '/dunning/reminders', multipart(emailPayload(), [{ name: 'terms.pdf', type: 'application/pdf' }]));
      expect(sent.status).toBe(201);
    });
  });
});
