import fs from 'node:fs';
import path from 'node:path';

import { smtpWorkerTransport } from 'strapi-plugin-dunning/smtp-worker';

import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { ROOT, startStrapi } from '../helpers/strapi';

/**
 * The SMTP worker transport (the plugin's `smtp-worker` export, as built): nodemailer —
 * the one Strapi's email provider uses — composing and sending on a worker thread, to
 * a real SMTP server.
 */

type Mailer = {
  sendMail: (message: Record<string, unknown>) => Promise<Record<string, any>>;
  close: () => void;
};
const nodemailer = require(
  require.resolve('nodemailer', {
    paths: [path.dirname(require.resolve('@strapi/provider-email-nodemailer/package.json'))],
  })
) as {
  createTransport: (transport: unknown) => Mailer;
};

const PDF = Buffer.from(
  '%PDF-1.4\n% bytes that are not text: \u00ff\u00fe\u0000\u0001\n%%EOF\n',
  'latin1'
);

const message = (extra: Record<string, unknown> = {}) => ({
  from: { name: 'Acme Billing', address: 'billing@acme.test' },
  to: [{ name: 'Jeanne Martin', address: 'jeanne@client.test' }],
  cc: [{ address: 'compta@client.test' }],
  subject: 'Facture F-1 — rappel',
  html: '<p>Bonjour Jeanne,</p><p>La facture <b>F-1</b> reste à régler.</p>',
  text: 'Bonjour Jeanne,\nLa facture F-1 reste à régler.',
  attachments: [{ filename: 'F-1.pdf', content: PDF, contentType: 'application/pdf' }],
  messageId: '<reminder-abc@acme.test>',
  headers: { 'X-Dunning-Reminder': 'abc' },
  envelope: { from: 'billing@acme.test', to: ['jeanne@client.test', 'compta@client.test'] },
  ...extra,
});

describe('the SMTP worker transport', () => {
  let smtp: SmtpCatcher;
  let mailer: Mailer;
  const options = () => ({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
  });

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    mailer = nodemailer.createTransport(smtpWorkerTransport(options()));
  });
  afterEach(() => mailer.close());
  afterAll(async () => {
    await smtp?.stop();
  });

  it('hands a message over from its thread: recipients, envelope, bodies, headers, attachment bytes', async () => {
    const info = await mailer.sendMail(message());
    expect(info).toMatchObject({
      messageId: '<reminder-abc@acme.test>',
      accepted: ['jeanne@client.test', 'compta@client.test'],
      rejected: [],
    });
    expect(info.response).toMatch(/^250/);

    const [received] = await smtp.waitForMessages(1);
    expect(received.envelope).toEqual({
      from: 'billing@acme.test',
      to: ['jeanne@client.test', 'compta@client.test'],
    });
    const parsed = received.parsed;
    expect(parsed.from?.value).toEqual([{ name: 'Acme Billing', address: 'billing@acme.test' }]);
    expect(parsed.subject).toBe('Facture F-1 — rappel');
    expect(parsed.messageId).toBe('<reminder-abc@acme.test>');
    expect(parsed.headers.get('x-dunning-reminder')).toBe('abc');
    expect(parsed.html).toContain('<b>F-1</b> reste à régler');
    expect(parsed.text).toContain('reste à régler');
    expect(
      parsed.attachments.map((attachment) => [attachment.filename, attachment.contentType])
    ).toEqual([['F-1.pdf', 'application/pdf']]);
    expect(parsed.attachments[0].content.equals(PDF)).toBe(true);
  });

  it('sends many at once over its pool, each answered with its own Message-ID', async () => {
    const infos = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        mailer.sendMail(message({ messageId: `<reminder-${index}@acme.test>`, attachments: [] }))
      )
    );
    expect(infos.map((info) => info.messageId)).toEqual(
      Array.from({ length: 30 }, (_, index) => `<reminder-${index}@acme.test>`)
    );
    const received = await smtp.waitForMessages(30);
    expect(new Set(received.map((mail) => mail.parsed.messageId)).size).toBe(30);
  });

  it("passes the server's refusal on with its code and command, as the SMTP transport does", async () => {
    smtp.refuseNext(
      { code: 550, message: 'No such user' },
      { code: 421, message: 'Try again later' }
    );
    await expect(mailer.sendMail(message())).rejects.toMatchObject({
      responseCode: 550,
      command: 'DATA',
      response: expect.stringContaining('No such user'),
    });
    await expect(mailer.sendMail(message())).rejects.toMatchObject({
      responseCode: 421,
      command: 'DATA',
    });
    expect(smtp.messages).toHaveLength(0);
  });

  it('says when nothing could be handed over: no server listening', async () => {
    const closed = nodemailer.createTransport(
      smtpWorkerTransport({ host: '127.0.0.1', port: 9, ignoreTLS: true })
    );
    await expect(closed.sendMail(message())).rejects.toMatchObject({
      code: 'ESOCKET',
      command: 'CONN',
    });
    closed.close();
  });

  it('verifies the connection from its thread, and says when it cannot', async () => {
    const transport = smtpWorkerTransport(options());
    expect(transport.isIdle()).toBe(true);
    const verifying = transport.verify();
    expect(transport.isIdle()).toBe(false);
    await expect(verifying).resolves.toBe(true);
    expect(transport.isIdle()).toBe(true);
    transport.close();
    const closed = smtpWorkerTransport({ host: '127.0.0.1', port: 9, ignoreTLS: true });
    await expect(closed.verify()).rejects.toMatchObject({ code: 'ESOCKET', command: 'CONN' });
    closed.close();
    expect(smtp.messages).toHaveLength(0);
  });

  it('answers every message of a worker that dies with EWORKER: whether it left is unknown', async () => {
    // A connection URL that is not a string: nodemailer throws as the worker starts.
    const broken = nodemailer.createTransport(smtpWorkerTransport({ url: 25 }));
    const sent = await Promise.allSettled([broken.sendMail(message()), broken.sendMail(message())]);
    expect(sent.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of sent)
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        name: 'SmtpWorkerError',
        code: 'EWORKER',
        message: expect.stringContaining('the SMTP worker stopped'),
      });
    expect(smtp.messages).toHaveLength(0);
  });

  it('a message sent right after close goes out on a new thread, untouched by the old one stopping', async () => {
    const transport = smtpWorkerTransport(options());
    const restarted = nodemailer.createTransport(transport);
    await restarted.sendMail(message());
    restarted.close();
    const info = await restarted.sendMail(
      message({ messageId: '<reminder-after-close@acme.test>' })
    );
    expect(info.messageId).toBe('<reminder-after-close@acme.test>');
    expect((await smtp.waitForMessages(2)).map((mail) => mail.parsed.messageId)).toEqual([
      '<reminder-abc@acme.test>',
      '<reminder-after-close@acme.test>',
    ]);
    restarted.close();
  });

  it('refuses what cannot cross to a thread, naming it: a function in the options, a stream in a message', async () => {
    expect(() =>
      smtpWorkerTransport({
        host: '127.0.0.1',
        auth: { type: 'OAuth2', user: 'a@acme.test', provisionCallback: () => undefined },
      })
    ).toThrow(/^options\.auth\.provisionCallback: the SMTP worker receives its options as data/);
    const stream = fs.createReadStream(path.join(ROOT, 'package.json'));
    await expect(
      mailer.sendMail(message({ attachments: [{ filename: 'package.json', content: stream }] }))
    ).rejects.toThrow(
      /^message\.attachments\[0\]\.content: the SMTP worker receives messages as data/
    );
    stream.destroy();
    expect(smtp.messages).toHaveLength(0);
  });

  it('stops when idle, closing its pooled connection, and starts again for the next message', async () => {
    const idle = nodemailer.createTransport(smtpWorkerTransport(options(), { idleMs: 300 }));
    await idle.sendMail(message());
    expect(smtp.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(smtp.connections).toBe(0);
    await idle.sendMail(message({ messageId: '<reminder-again@acme.test>' }));
    expect((await smtp.waitForMessages(2)).map((mail) => mail.parsed.messageId)).toEqual([
      '<reminder-abc@acme.test>',
      '<reminder-again@acme.test>',
    ]);
    idle.close();
  });
});

describe("Strapi's email service with SMTP_WORKER on and off", () => {
  it('shows the same server, verifies it and sends the same message either way', async () => {
    const smtp = await startSmtpServer();
    const sendWith = async (worker: string) => {
      const app = await startStrapi({
        database: 'sqlite',
        env: { SMTP_PORT: String(smtp.port), SMTP_WORKER: worker },
      });
      try {
        // What Strapi's email settings page shows and checks, the same either way.
        const provider = app.strapi.plugin('email').provider;
        expect(provider.getCapabilities()).toMatchObject({
          transport: { host: '127.0.0.1', port: smtp.port, secure: false },
        });
        await expect(provider.verify()).resolves.toBe(true);
        await app.strapi
          .plugin('email')
          .service('email')
          .send(message({ messageId: `<reminder-${worker}@acme.test>` }));
      } finally {
        await app.stop();
      }
    };
    try {
      await sendWith('true');
      await sendWith('false');
      const [threaded, inline] = await smtp.waitForMessages(2);
      expect([threaded.parsed.messageId, inline.parsed.messageId]).toEqual([
        '<reminder-true@acme.test>',
        '<reminder-false@acme.test>',
      ]);
      const visible = (mail: typeof threaded) => ({
        envelope: mail.envelope,
        from: mail.parsed.from?.text,
        to: mail.parsed.to,
        cc: mail.parsed.cc,
        subject: mail.parsed.subject,
        html: mail.parsed.html,
        text: mail.parsed.text,
        reminder: mail.parsed.headers.get('x-dunning-reminder'),
        attachments: mail.parsed.attachments.map((attachment) => [
          attachment.filename,
          attachment.contentType,
          attachment.content.toString('base64'),
        ]),
      });
      expect(visible(threaded)).toEqual(visible(inline));
    } finally {
      await smtp.stop();
    }
  });
});
