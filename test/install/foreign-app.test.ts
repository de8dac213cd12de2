import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';

/**
 * The plugin as a team installs it (`npm run test:install`): packed with `npm pack`,
 * installed from the tarball into a fresh `create-strapi-app` project at the pinned
 * Strapi version, with a receivables model of its own (French names, draft & publish
 * on the invoices, statuses of its own, fewer fields than the plugin knows), configured
 * with the plugin README's own `config/plugins.ts`, override and full mapping, built and
 * started as `strapi start` does, and checked over HTTP; then started again on a fresh
 * database with the README's minimal mapping (the required fields only).
 * `DUNNING_INSTALL_STRAPI` picks another Strapi version; `DUNNING_INSTALL_KEEP=1` keeps
 * the app, with the server's last output in `server.log` beside it, to read after a failure.
 */

const ROOT = path.resolve(__dirname, '../..');
const PLUGIN_DIR = path.join(ROOT, 'src/plugins/dunning');
const STRAPI_VERSION: string =
  process.env.DUNNING_INSTALL_STRAPI ||
  require(path.join(ROOT, 'package.json')).dependencies['@strapi/strapi'];
const MINUTES = 60_000;

/** Runs a command to its end and gives its output; `input` answers what it asks on stdin. */
const run = (
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  input = ''
) =>
  execFileSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The fenced block of the plugin README that follows the line containing `marker`. */
const readmeBlock = (marker: string) => {
  const readme = fs.readFileSync(path.join(PLUGIN_DIR, 'README.md'), 'utf8');
  const start = readme.indexOf(marker);
  if (start === -1) throw new Error(`the plugin README lost its "${marker}" block`);
  const open = readme.lastIndexOf('```', start);
  const close = readme.indexOf('```', start);
  return readme.slice(readme.indexOf('\n', open) + 1, close);
};

/** The README's `config/plugins.ts` with the mapping block that holds `marker`. */
const pluginsConfigWith = (marker: string) => {
  const mapping = readmeBlock(marker).trim().replace(/,$/, '');
  return readmeBlock('// config/plugins.ts').replace(
    /receivables: \{\s*\/\* your model: see below \*\/\s*\},/,
    `${mapping},`
  );
};

/** The startup log's line on the optional fields a mapped model does not map. */
const unmappedNotice = (uid: string, model: string) =>
  `${uid} (dunning.receivables.${model}) does not map the optional fields`;

const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number
): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

describe(`strapi-plugin-dunning installed in a fresh Strapi ${STRAPI_VERSION} app`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dunning-install-'));
  const app = path.join(work, 'host');
  let smtp: SmtpCatcher;
  let server: ChildProcess | undefined;
  let output = '';
  let url = '';
  let env: NodeJS.ProcessEnv;
  let token = '';
  const admin = {
    email: 'compta@host.test',
    password: 'Host-password-1',
    firstname: 'Claire',
    lastname: 'Compta',
  };

  const api = async (method: string, route: string, body?: unknown, auth = `Bearer ${token}`) => {
    const isForm = body instanceof FormData;
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: auth,
        ...(body && !isForm ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text } as {
      status: number;
      body: any;
    };
  };

  /** `strapi start` in the host app; resolves with its exit code when it stops by itself. */
  const start = (extra: NodeJS.ProcessEnv = {}) => {
    output = '';
    const child = spawn(
      process.execPath,
      [path.join(app, 'node_modules/@strapi/strapi/bin/strapi.js'), 'start'],
      { cwd: app, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, exited };
  };

  /** Starts the server and waits until it answers. */
  const boot = async (extra: NodeJS.ProcessEnv = {}) => {
    server = start(extra).child;
    await until(
      'the server',
      async () => ((await fetch(`${url}/_health`)).status === 204 ? true : undefined),
      3 * MINUTES
    ).catch((error) => {
      throw new Error(`${error.message}; it said:\n${output.slice(-4000)}`);
    });
  };

  /** The first admin of a fresh database, whose token the next requests carry. */
  const registerAdmin = async () => {
    const registered = await api('POST', '/admin/register-admin', admin, '');
    expect(registered.status).toBe(200);
    token = registered.body.data.token;
  };

  /** Automatic reminders on, in the name of this admin, at any hour of any day. */
  const enableAutomaticReminders = async () => {
    const settings = (await api('GET', '/dunning/settings')).body.data;
    const me = (await api('GET', '/admin/users/me')).body.data;
    settings.automatic = {
      ...settings.automatic,
      enabled: true,
      sender: { mode: 'user', userId: me.id },
      minDaysBetweenReminders: 0,
      maxLateDays: null,
      sendWindow: {
        ...settings.automatic.sendWindow,
        startHour: 0,
        endHour: 24,
        days: [1, 2, 3, 4, 5, 6, 7],
        holidays: {
          ...settings.automatic.sendWindow.holidays,
          country: null,
          extraClosedDates: [],
        },
      },
    };
    expect((await api('PUT', '/dunning/settings', settings)).status).toBe(200);
  };

  const contentManager = (uid: string) => `/content-manager/collection-types/${uid}`;
  const daysAgo = (days: number) =>
    new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  /** Boulangerie Dupain, its contact Jeanne, and its draft invoice FA-2026-0042 of 1,800 EUR, 20 days overdue. */
  const createLedger = async () => {
    const societe: string = (
      await api('POST', contentManager('api::societe.societe'), {
        raisonSociale: 'Boulangerie Dupain',
        langue: 'fr',
      })
    ).body.data.documentId;
    await api('POST', contentManager('api::interlocuteur.interlocuteur'), {
      nom: 'Jeanne Dupain',
      courriel: 'jeanne@dupain.test',
      societe: { connect: [{ documentId: societe }] },
    });
    const contact = (
      await api('GET', `${contentManager('api::interlocuteur.interlocuteur')}?page=1&pageSize=10`)
    ).body.results[0].documentId;
    const created = await api('POST', contentManager('api::facture.facture'), {
      numero: 'FA-2026-0042',
      societe: { connect: [{ documentId: societe }] },
      interlocuteur: { connect: [{ documentId: contact }] },
      echeance: daysAgo(20),
      montantTtc: 1800,
      resteDu: 1800,
      devise: 'EUR',
      etat: 'en_retard',
    });
    expect(created.status).toBe(201);
    return { societe, facture: created.body.data.documentId as string };
  };

  const publish = async (facture: string) =>
    expect(
      (
        await api(
          'POST',
          `${contentManager('api::facture.facture')}/${facture}/actions/publish`,
          {}
        )
      ).status
    ).toBe(200);

  /** The reminder pop-up's e-mail about the invoice, with the predefined French template, to `recipients`. */
  const sendFromPopUp = async (societe: string, facture: string, recipients: string[]) => {
    const templates = (await api('GET', '/dunning/templates?type=reminder&channel=email&locale=fr'))
      .body.data;
    const template = templates.find(
      (candidate: any) => candidate.predefinedKey === 'reminder-1.email.fr'
    );
    const form = new FormData();
    form.append(
      'payload',
      JSON.stringify({
        requestId: crypto.randomUUID(),
        customerDocumentId: societe,
        invoiceDocumentIds: [facture],
        channel: 'email',
        type: 'reminder',
        templateDocumentId: template.documentId,
        recipients,
        cc: [],
        subject: template.subject,
        body: template.body,
        attachInvoicePdfs: false,
        saveAddresses: false,
        countsInScenario: false,
      })
    );
    return api('POST', '/dunning/reminders', form);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;

    // 1. The package, as npm would publish it (the plugin was built by `npm run build`).
    const tarball = run('npm', ['pack', '--pack-destination', work], PLUGIN_DIR)
      .trim()
      .split('\n')
      .pop()!;

    // 2. A fresh app, TypeScript and SQLite, the way a team starts one.
    // Some versions (5.26, …) ask whether to join A/B testing, with no flag to skip it: no.
    run(
      'npx',
      [
        '-y',
        `create-strapi-app@${STRAPI_VERSION}`,
        app,
        '--typescript',
        '--dbclient=sqlite',
        '--no-run',
        '--skip-cloud',
        '--no-git-init',
        '--no-example',
        '--install',
        '--use-npm',
      ],
      work,
      { CI: 'true', STRAPI_TELEMETRY_DISABLED: 'true' },
      'n\n'
    );

    // 3. Its own receivables model.
    for (const name of ['facture', 'societe', 'interlocuteur']) {
      const folder = path.join(app, 'src/api', name, 'content-types', name);
      fs.mkdirSync(folder, { recursive: true });
      fs.copyFileSync(
        path.join(__dirname, 'host-model', `${name}.json`),
        path.join(folder, 'schema.json')
      );
    }

    // 4. The README's steps: the override, the install, config/plugins.ts with the mapping.
    const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
    manifest.overrides = JSON.parse(`{${readmeBlock('"overrides"')}}`).overrides;
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    // The provider is not published with every Strapi version: the latest one up to the app's.
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        path.join(work, tarball),
        `@strapi/provider-email-nodemailer@>=5.0.0 <=${STRAPI_VERSION}`,
      ],
      app
    );
    fs.writeFileSync(path.join(app, 'config/plugins.ts'), pluginsConfigWith('// the full mapping'));

    // 5. Built as the team would: TypeScript compiled and type-checked, the admin bundled.
    run('npm', ['run', 'build'], app, { STRAPI_TELEMETRY_DISABLED: 'true' });

    env = {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      // create-strapi-app's .env leaves it empty with --dbclient=sqlite.
      DATABASE_FILENAME: '.tmp/data.db',
      STRAPI_TELEMETRY_DISABLED: 'true',
      DUNNING_PORTAL_SECRET: 'host-portal-secret-0123456789',
      DUNNING_WEBHOOK_SECRET: 'host-webhook-secret-0123456789',
      DUNNING_CRON: '*/2 * * * * *',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      EMAIL_FROM: 'Comptabilité <compta@host.test>',
      EMAIL_REPLY_TO: 'compta@host.test',
    };
  }, 30 * MINUTES);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await smtp?.stop();
    if (process.env.DUNNING_INSTALL_KEEP) fs.writeFileSync(path.join(work, 'server.log'), output);
    else fs.rmSync(work, { recursive: true, force: true });
  });

  it('passes strapi-plugin verify', () => {
    expect(() => run('npx', ['strapi-plugin', 'verify'], PLUGIN_DIR)).not.toThrow();
  });

  it(
    'stops startup on a mapping that names a field the model does not have, naming it',
    async () => {
      const built = path.join(app, 'dist/config/plugins.js');
      const good = fs.readFileSync(built, 'utf8');
      expect(good).toContain("dueDate: 'echeance'");
      fs.writeFileSync(built, good.replace("dueDate: 'echeance'", "dueDate: 'echeanse'"));
      try {
        const { exited } = start();
        expect(await exited).not.toBe(0);
        expect(output).toContain(
          'dunning.receivables.invoice.fields.dueDate: "echeanse" is not an attribute of api::facture.facture'
        );
      } finally {
        fs.writeFileSync(built, good);
      }
    },
    5 * MINUTES
  );

  it(
    'starts with the full mapping, which names no paymentUrl, and with the override no nodemailer warning',
    async () => {
      await boot();
      expect(output).not.toContain('runs nodemailer');
      // The invoice model has fewer fields than the plugin knows: the ones not named are said once.
      expect(output.split(unmappedNotice('api::facture.facture', 'invoice'))).toHaveLength(2);
      await registerAdmin();
      expect((await api('GET', '/dunning/mapping')).body.data).toEqual({
        invoice: { uid: 'api::facture.facture' },
        customer: { uid: 'api::societe.societe' },
      });
    },
    5 * MINUTES
  );

  describe('with one published invoice of 1,800 EUR, 20 days overdue', () => {
    let societe: string;
    let facture: string;

    beforeAll(async () => {
      await enableAutomaticReminders();
      ({ societe, facture } = await createLedger());
    }, 5 * MINUTES);

    it('does not dun the draft', async () => {
      expect((await api('GET', '/dunning/overview')).body.data.overdue.invoices).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expect(smtp.messages).toHaveLength(0);
    });

    it(
      'sends one automatic reminder, once, to the mapped address, once the invoice is published',
      async () => {
        await publish(facture);
        const [mail] = await smtp.waitForMessages(1, 60_000);
        expect(mail.envelope.to).toEqual(['jeanne@dupain.test']);
        expect(mail.parsed.text).toContain('FA-2026-0042');
        // Several more ticks: nothing more.
        await new Promise((resolve) => setTimeout(resolve, 8000));
        expect(smtp.messages).toHaveLength(1);
        const reminders = (await api('GET', `/dunning/invoices/${facture}/reminders`)).body.data;
        expect(reminders).toEqual([
          expect.objectContaining({ trigger: 'automatic', status: 'sent' }),
        ]);
      },
      2 * MINUTES
    );

    it('counts the invoice once on the home page and the statement', async () => {
      const overview = (await api('GET', '/dunning/overview')).body.data;
      expect(overview.overdue).toEqual({
        invoices: 1,
        customers: 1,
        byCurrency: [{ currency: 'EUR', amount: 1800, invoices: 1 }],
      });
      const statement = (await api('GET', '/dunning/statement')).body;
      expect(statement.data).toEqual([
        expect.objectContaining({
          documentId: societe,
          name: 'Boulangerie Dupain',
          openAmount: 1800,
          openInvoices: 1,
          overdueInvoices: 1,
        }),
      ]);
      const detail = (await api('GET', `/dunning/statement/${societe}`)).body.data;
      expect(detail.invoices).toEqual([
        expect.objectContaining({ documentId: facture, number: 'FA-2026-0042', amountDue: 1800 }),
      ]);
    });

    it("prepares and sends a reminder from the pop-up, to the mapped contact's address", async () => {
      const prepared = await api('POST', '/dunning/reminders/prepare', {
        customerDocumentId: societe,
        invoiceDocumentIds: [facture],
      });
      expect(prepared.status).toBe(200);
      expect(prepared.body.data).toMatchObject({
        recipients: ['jeanne@dupain.test'],
        amount: 1800,
        currency: 'EUR',
      });
      const sent = await sendFromPopUp(societe, facture, prepared.body.data.recipients);
      expect(sent.status).toBe(201);
      expect(sent.body.data.reminder).toMatchObject({
        status: 'sent',
        recipients: ['jeanne@dupain.test'],
      });
      const mails = await smtp.waitForMessages(2, 30_000);
      expect(mails[1].envelope.to).toEqual(['jeanne@dupain.test']);
    });

    it("gives the invoice's history on the Content API to a read-only token", async () => {
      const created = await api('POST', '/admin/api-tokens', {
        name: 'reader',
        type: 'read-only',
        lifespan: null,
        description: '',
      });
      expect(created.status).toBe(201);
      const history = await api(
        'GET',
        `/api/dunning/reminders?filters[invoiceDocumentId]=${facture}&sort=createdAt:asc`,
        undefined,
        `Bearer ${created.body.data.accessKey}`
      );
      expect(history.status).toBe(200);
      expect(
        history.body.data.map((reminder: any) => [
          reminder.trigger,
          reminder.status,
          reminder.invoices[0].number,
        ])
      ).toEqual([
        ['automatic', 'sent', 'FA-2026-0042'],
        ['manual', 'sent', 'FA-2026-0042'],
      ]);
      expect(history.body.meta.pagination.total).toBe(2);
    });

    it('stops counting the invoice once it is unpublished', async () => {
      expect(
        (
          await api(
            'POST',
            `${contentManager('api::facture.facture')}/${facture}/actions/unpublish`,
            {}
          )
        ).status
      ).toBe(200);
      expect((await api('GET', '/dunning/overview')).body.data.overdue.invoices).toBe(0);
      expect((await api('GET', '/dunning/statement')).body.data).toEqual([]);
    });
  });

  describe("with the README's minimal mapping, the required fields only, on a fresh database", () => {
    let societe: string;
    let facture: string;

    beforeAll(async () => {
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server!.once('exit', resolve));
      }
      // Compiled and type-checked as `npm run build` compiles the server: the app's own TypeScript project.
      fs.writeFileSync(
        path.join(app, 'config/plugins.ts'),
        pluginsConfigWith('// the minimal mapping')
      );
      run('npx', ['tsc', '-p', 'tsconfig.json'], app);
      const compiled = fs.readFileSync(path.join(app, 'dist/config/plugins.js'), 'utf8');
      expect(compiled).toContain("'echeance'");
      expect(compiled).not.toContain("'courriel'");
      await boot({ DATABASE_FILENAME: '.tmp/minimal.db' });
      await registerAdmin();
      await enableAutomaticReminders();
      ({ societe, facture } = await createLedger());
    }, 8 * MINUTES);

    it('starts, and says once per model which optional fields it does not map', () => {
      for (const [uid, model] of [
        ['api::facture.facture', 'invoice'],
        ['api::societe.societe', 'customer'],
        ['api::interlocuteur.interlocuteur', 'contact'],
      ]) {
        expect(output.split(unmappedNotice(uid, model))).toHaveLength(2);
      }
      expect(output).toContain(
        'does not map the optional fields contact, issueDate, total, paidAt, pdf, disputed, promisedPaymentDate, reminderEmails, automaticReminders, paymentUrl'
      );
    });

    it(
      'records the automatic e-mail not sent, for want of an address, once the invoice is published',
      async () => {
        const before = smtp.messages.length;
        await publish(facture);
        const [reminder] = await until(
          'the automatic reminder',
          async () => {
            const reminders = (await api('GET', `/dunning/invoices/${facture}/reminders`)).body
              .data;
            return reminders.length ? reminders : undefined;
          },
          60_000
        );
        expect(reminder).toMatchObject({
          trigger: 'automatic',
          status: 'not_sent',
          statusReason: 'no_address',
        });
        expect(smtp.messages).toHaveLength(before);
      },
      2 * MINUTES
    );

    it('sends a reminder from the pop-up to the address typed in', async () => {
      const prepared = await api('POST', '/dunning/reminders/prepare', {
        customerDocumentId: societe,
        invoiceDocumentIds: [facture],
      });
      expect(prepared.status).toBe(200);
      expect(prepared.body.data).toMatchObject({ recipients: [], amount: 1800, currency: 'EUR' });
      const before = smtp.messages.length;
      const sent = await sendFromPopUp(societe, facture, ['jeanne@dupain.test']);
      expect(sent.status).toBe(201);
      expect(sent.body.data.reminder).toMatchObject({
        status: 'sent',
        recipients: ['jeanne@dupain.test'],
      });
      const mails = await smtp.waitForMessages(before + 1, 30_000);
      expect(mails[before].envelope.to).toEqual(['jeanne@dupain.test']);
      expect(mails[before].parsed.text).toContain('FA-2026-0042');
    });
  });
});
