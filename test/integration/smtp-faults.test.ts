import path from 'node:path';

import {
  smtpTransport,
  SmtpWorkerError,
  smtpWorkerTransport,
} from 'strapi-plugin-dunning/smtp-worker';

import {
  behaviours,
  type FaultySmtp,
  type FaultySmtpOptions,
  refusedPort,
  type SmtpBehaviour,
  type SmtpStage,
  startFaultySmtp,
} from '../helpers/faulty-smtp';

/**
 * Facts, on two layers, about an SMTP server that misbehaves: what the sender is told, and
 * how many copies of the message the server received.
 *
 * - `nodemailer`: nodemailer 10.6 itself (the copy Strapi's email provider uses), inline.
 *   Every assertion is what it was observed to report; a change here means nodemailer changed.
 * - `plugin inline` (`smtpTransport`) and `plugin worker thread` (`smtpWorkerTransport`): the
 *   plugin's transports, made from the same options. They report what nodemailer reports
 *   (same code, command, responseCode, originalCode) and add `messageSent` (message-sent.ts):
 *   false while the message was not read in full for the server, true once it was. That is
 *   what tells (b) from (e) and (f), which nodemailer reports alike. The worker forwards only
 *   its ERROR_FIELDS, so `permanent`, `timeoutType`, errno… stay behind in the worker.
 *
 * Each configuration runs with and without a pool. Each fault is scripted for the first
 * message (or connection) only; the server is healthy afterwards, so a message the pool
 * resends by itself shows up as a second copy.
 */

type SmtpError = Error & Record<string, unknown>;
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

type Transport = 'nodemailer' | 'plugin inline' | 'plugin worker thread';
type Config = { name: string; pool: boolean; transport: Transport };
const CONFIGS: Config[] = (
  ['nodemailer', 'plugin inline', 'plugin worker thread'] as const
).flatMap((transport) =>
  [false, true].map((pool) => ({ name: `${transport}, pool: ${pool}`, pool, transport }))
);
const isPlugin = (config: Config) => config.transport !== 'nodemailer';
const isThreaded = (config: Config) => config.transport === 'plugin worker thread';

/** Short client timeouts, so that a server that never answers fails a send in a second. */
const TIMEOUT_MS = 1000;
const transporterFor = (config: Config, port: number): Mailer => {
  const options = {
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: config.pool,
    socketTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    logger: false,
  };
  const transports: Record<Transport, () => unknown> = {
    nodemailer: () => options,
    'plugin inline': () => smtpTransport(options),
    'plugin worker thread': () => smtpWorkerTransport(options),
  };
  return nodemailer.createTransport(transports[config.transport]());
};

const MESSAGE_ID = '<reminder-x@acme.test>';
const message = (messageId = MESSAGE_ID) => ({
  from: { name: 'Acme Billing', address: 'billing@acme.test' },
  to: [{ name: 'Jeanne Martin', address: 'jeanne@client.test' }],
  subject: 'Facture F-1 — rappel',
  text: 'Bonjour Jeanne,\nLa facture F-1 reste à régler.\n.\nUne ligne qui commence par un point.',
  messageId,
  envelope: { from: 'billing@acme.test', to: ['jeanne@client.test'] },
});

const failureOf = async (sending: Promise<unknown>): Promise<SmtpError> => {
  try {
    await sending;
  } catch (error) {
    return error as SmtpError;
  }
  throw new Error('the send succeeded');
};

/** The fields a caller would decide on. A field that is absent reads as undefined. */
const FACT_FIELDS = [
  'code',
  'command',
  'responseCode',
  'originalCode',
  'permanent',
  'timeoutType',
  'messageSent',
] as const;
type Facts = Partial<Record<(typeof FACT_FIELDS)[number], unknown>>;
const facts = (error: SmtpError): Facts =>
  Object.fromEntries(FACT_FIELDS.map((field) => [field, error[field]]));

/**
 * What `config` reports for a failure that nodemailer reports as `nodemailerFacts` and after
 * which the plugin says `messageSent`: nodemailer's facts as they are, less what the worker
 * does not forward, plus `messageSent` from the plugin only.
 */
const expectedFacts = (
  config: Config,
  nodemailerFacts: Omit<Facts, 'messageSent'>,
  messageSent: boolean
): Facts => {
  const expected: Facts = Object.fromEntries(FACT_FIELDS.map((field) => [field, undefined]));
  Object.assign(expected, nodemailerFacts);
  if (isThreaded(config)) expected.permanent = expected.timeoutType = undefined;
  expected.messageSent = isPlugin(config) ? messageSent : undefined;
  return expected;
};

/**
 * Before counting copies: a pool requeues a message 50 ms after its connection closed and
 * sends it again 50 ms later (doubling on each further requeue); wait that out. Without a
 * pool nothing is ever sent again, there is nothing to wait for.
 */
const settle = (config: Config) =>
  new Promise((resolve) => setTimeout(resolve, config.pool ? 200 : 0));

/** A server and a transporter for one test, closed after it. */
const sessions = (config: Config) => {
  let server: FaultySmtp | undefined;
  let transporter: Mailer | undefined;
  afterEach(async () => {
    transporter?.close();
    await server?.stop();
    transporter = server = undefined;
  });
  const start = async (options: FaultySmtpOptions = {}) => {
    server = await startFaultySmtp(options);
    transporter = transporterFor(config, server.port);
    return { server, transporter };
  };
  return {
    start,
    faultOnce: (behaviour: SmtpBehaviour) => start({ script: [behaviour] }),
    /** A transporter to a port where nothing listens yet, and a way to start a server there. */
    refused: async () => {
      const port = await refusedPort();
      transporter = transporterFor(config, port);
      return { transporter, listen: async () => (server = await startFaultySmtp({ port })) };
    },
  };
};

describe.each(CONFIGS)('$name, against a misbehaving SMTP server', (config) => {
  const { start, faultOnce, refused } = sessions(config);
  const expectFailure = (
    error: SmtpError,
    nodemailerFacts: Omit<Facts, 'messageSent'>,
    messageSent: boolean
  ) => expect(facts(error)).toEqual(expectedFacts(config, nodemailerFacts, messageSent));

  it('(a) connection refused: ESOCKET at CONN, originalCode ECONNREFUSED, message not sent', async () => {
    const { transporter } = await refused();
    const error = await failureOf(transporter.sendMail(message()));
    expectFailure(error, { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED' }, false);
    expect(error.message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    const pluginKeys = isPlugin(config) ? ['messageSent'] : [];
    if (isThreaded(config)) {
      // Rebuilt on this side from ERROR_FIELDS, as an SmtpWorkerError that keeps its name;
      // errno, syscall, address and port stay behind.
      expect(error).toBeInstanceOf(SmtpWorkerError);
      expect(error.name).toBe('SmtpWorkerError');
      expect(Object.keys(error).sort()).toEqual([
        'code',
        'command',
        ...pluginKeys,
        'name',
        'originalCode',
      ]);
    } else {
      // nodemailer's own error, as it made it (the plugin inline only adds messageSent).
      expect(error).not.toBeInstanceOf(SmtpWorkerError);
      expect(error.name).toBe('Error');
      expect(Object.keys(error).sort()).toEqual([
        'address',
        'code',
        'command',
        'errno',
        ...pluginKeys,
        'originalCode',
        'port',
        'syscall',
      ]);
      expect(error).toMatchObject({ errno: -111, syscall: 'connect', address: '127.0.0.1' });
    }
  });

  if (config.pool) {
    it('(b) closed before the greeting, once: the pool reconnects by itself and the send succeeds', async () => {
      const { server, transporter } = await faultOnce(behaviours.closeBeforeGreeting);
      const info = await transporter.sendMail(message());
      expect(info.response).toMatch(/^250 /);
      await settle(config);
      expect(server.connectionsOpened).toBe(2);
      expect(server.copiesOf(MESSAGE_ID)).toBe(1);
    });

    it('(b) closed before the greeting, 6 times: 5 requeues (6 connections), then ECONNECTION with no command, message not sent; the next send succeeds', async () => {
      const { server, transporter } = await start({
        script: Array(6).fill(behaviours.closeBeforeGreeting),
      });
      const error = await failureOf(transporter.sendMail(message()));
      expectFailure(error, { code: 'ECONNECTION' }, false);
      expect(error.message).toBe('Reached maximum number of retries after connection was closed');
      await settle(config);
      expect(server.connectionsOpened).toBe(6);
      expect(server.copiesOf(MESSAGE_ID)).toBe(0);
      // The transporter is not left broken: the next message goes out on a 7th connection.
      expect((await transporter.sendMail(message('<reminder-next@acme.test>'))).response).toMatch(
        /^250 /
      );
      expect(server.connectionsOpened).toBe(7);
      expect(server.copiesOf('<reminder-next@acme.test>')).toBe(1);
    });
  } else {
    it('(b) closed before the greeting: ECONNECTION at CONN, no retry, message not sent', async () => {
      const { server, transporter } = await faultOnce(behaviours.closeBeforeGreeting);
      const error = await failureOf(transporter.sendMail(message()));
      expectFailure(error, { code: 'ECONNECTION', command: 'CONN' }, false);
      expect(error.message).toBe('Connection closed unexpectedly');
      await settle(config);
      expect(server.connectionsOpened).toBe(1);
      expect(server.copiesOf(MESSAGE_ID)).toBe(0);
    });
  }

  const refusals: Array<[number, SmtpStage, string, string]> = [
    // code, stage, nodemailer's code, nodemailer's command
    ...[421, 450, 454].flatMap((code): Array<[number, SmtpStage, string, string]> => [
      [code, 'MAIL FROM', 'EENVELOPE', 'MAIL FROM'],
      [code, 'RCPT TO', 'EENVELOPE', 'RCPT TO'],
      [code, 'DATA', 'EENVELOPE', 'DATA'],
    ]),
  ];
  it.each(refusals)(
    '(c) %i at %s: %s, command %s, message not sent, nothing received, no resend',
    async (code, stage, errorCode, command) => {
      const { server, transporter } = await faultOnce(behaviours.reply(code, stage));
      const error = await failureOf(transporter.sendMail(message()));
      expectFailure(
        error,
        { code: errorCode, command, responseCode: code, permanent: false },
        false
      );
      expect(error.response).toMatch(new RegExp(`^${code} `));
      expect(error.rejected).toEqual(stage === 'RCPT TO' ? ['jeanne@client.test'] : undefined);
      await settle(config);
      expect(server.connectionsOpened).toBe(1);
      expect(server.copiesOf(MESSAGE_ID)).toBe(0);
    }
  );

  const permanentRefusals: Array<[number, SmtpStage, string, string, boolean, number]> = [
    // code, stage, nodemailer's code, nodemailer's command, message sent, copies received
    [550, 'RCPT TO', 'EENVELOPE', 'RCPT TO', false, 0],
    [554, 'RCPT TO', 'EENVELOPE', 'RCPT TO', false, 0],
    [550, 'end of data', 'EMESSAGE', 'DATA', true, 1],
    [554, 'end of data', 'EMESSAGE', 'DATA', true, 1],
  ];
  it.each(permanentRefusals)(
    '(d) %i at %s: %s, command %s, message sent: %s, %i cop(y/ies) received',
    async (code, stage, errorCode, command, messageSent, copies) => {
      const { server, transporter } = await faultOnce(behaviours.reply(code, stage));
      const error = await failureOf(transporter.sendMail(message()));
      expectFailure(
        error,
        { code: errorCode, command, responseCode: code, permanent: true },
        messageSent
      );
      expect(error.response).toMatch(new RegExp(`^${code} `));
      expect(error.rejected).toEqual(stage === 'RCPT TO' ? ['jeanne@client.test'] : undefined);
      await settle(config);
      expect(server.connectionsOpened).toBe(1);
      expect(server.copiesOf(MESSAGE_ID)).toBe(copies);
    }
  );

  it('(e) closed after the final dot: ECONNECTION at CONN, as a close before the greeting, yet the message arrived (message sent)', async () => {
    const { server, transporter } = await faultOnce(behaviours.closeAfterData);
    const error = await failureOf(transporter.sendMail(message()));
    expectFailure(error, { code: 'ECONNECTION', command: 'CONN' }, true);
    expect(error.message).toBe('Connection closed unexpectedly');
    await settle(config);
    expect(server.connectionsOpened).toBe(1);
    expect(server.copiesOf(MESSAGE_ID)).toBe(1);
    expect(server.received.map((mail) => mail.behaviour)).toEqual(['close after data']);
  });

  it('(f) no answer after the final dot: ETIMEDOUT at CONN after socketTimeout, yet the message arrived (message sent)', async () => {
    const { server, transporter } = await faultOnce(behaviours.hangAfterData);
    const startedAt = Date.now();
    const error = await failureOf(transporter.sendMail(message()));
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expectFailure(
      error,
      { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' },
      true
    );
    expect(error.message).toBe('Timeout');
    await settle(config);
    expect(server.connectionsOpened).toBe(1);
    expect(server.copiesOf(MESSAGE_ID)).toBe(1);
  });

  it('(g) a healthy server: 250, one copy with its Message-ID and envelope, dot-stuffing undone', async () => {
    const { server, transporter } = await faultOnce(behaviours.accept);
    const info = await transporter.sendMail(message());
    expect(info).toMatchObject({
      messageId: MESSAGE_ID,
      accepted: ['jeanne@client.test'],
      rejected: [],
      response: '250 2.0.0 OK queued as 1',
    });
    await settle(config);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({
      messageId: MESSAGE_ID,
      behaviour: 'accept',
      envelope: { from: 'billing@acme.test', to: ['jeanne@client.test'] },
    });
    expect(server.received[0].raw.toString('latin1')).toContain('\r\n.\r\nUne ligne');
  });

  it.each([421, 451] as const)(
    '(h) throttled with %i after 1 message a minute: EENVELOPE at MAIL FROM, message not sent',
    async (code) => {
      const { server, transporter } = await start({ throttle: { max: 1, windowMs: 60_000, code } });
      await transporter.sendMail(message('<reminder-first@acme.test>'));
      const error = await failureOf(transporter.sendMail(message()));
      expectFailure(
        error,
        { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: code, permanent: false },
        false
      );
      expect(error.response).toBe(`${code} 4.7.0 too many messages, slow down`);
      await settle(config);
      // Without a pool each message has its own connection. A pool that got a 421 on the
      // connection it reuses tries the message once more on a new one (see below).
      expect(server.connectionsOpened).toBe(config.pool ? (code === 421 ? 2 : 1) : 2);
      expect(server.copiesOf(MESSAGE_ID)).toBe(0);
    }
  );
});

describe.each(CONFIGS.filter((config) => config.pool))(
  '$name: what the pool does by itself',
  (config) => {
    const { start, refused } = sessions(config);
    /** `messageSent` as this configuration reports it: only the plugin's transports add it. */
    const sent = (messageSent: boolean) => (isPlugin(config) ? messageSent : undefined);

    const sendTwice = async (second: SmtpBehaviour) => {
      const { server, transporter } = await start({ script: [behaviours.accept, second] });
      await transporter.sendMail(message('<reminder-first@acme.test>'));
      return { server, sending: transporter.sendMail(message()) };
    };

    it('421 at DATA on a reused connection: the pool resends on a new connection, the send succeeds, one copy', async () => {
      const { server, sending } = await sendTwice(behaviours.reply(421, 'DATA'));
      expect((await sending).response).toMatch(/^250 /);
      await settle(config);
      expect(server.connectionsOpened).toBe(2);
      expect(server.copiesOf(MESSAGE_ID)).toBe(1);
    });

    it('421 at MAIL FROM on a reused connection: the pool starts again on a new connection (MAIL FROM accepted there) but still fails with the first 421', async () => {
      const { server, sending } = await sendTwice(behaviours.reply(421, 'MAIL FROM'));
      const error = await failureOf(sending);
      expect(facts(error)).toMatchObject({
        code: 'EENVELOPE',
        command: 'MAIL FROM',
        responseCode: 421,
        messageSent: sent(false),
      });
      await settle(config);
      expect(server.connectionsOpened).toBe(2);
      expect(server.copiesOf(MESSAGE_ID)).toBe(0);
    });

    it.each([
      // what the server does with the second message, nodemailer's code, message sent, copies received
      ['450 at MAIL FROM', 'EENVELOPE', false, 0, behaviours.reply(450, 'MAIL FROM')],
      ['451 at MAIL FROM', 'EENVELOPE', false, 0, behaviours.reply(451, 'MAIL FROM')],
      ['a close after the final dot', 'ECONNECTION', true, 1, behaviours.closeAfterData],
      ['421 after the final dot', 'EMESSAGE', true, 1, behaviours.reply(421, 'end of data')],
    ] as const)(
      '%s on a reused connection: fails with %s, message sent: %s, %i cop(y/ies) received, no resend',
      async (_, code, messageSent, copies, second) => {
        const { server, sending } = await sendTwice(second);
        expect(facts(await failureOf(sending))).toMatchObject({
          code,
          messageSent: sent(messageSent),
        });
        await settle(config);
        expect(server.connectionsOpened).toBe(1);
        expect(server.copiesOf(MESSAGE_ID)).toBe(copies);
      }
    );

    it.each([
      ['a close after the final dot', 'ECONNECTION', behaviours.closeAfterData],
      ['no answer after the final dot', 'ETIMEDOUT', behaviours.hangAfterData],
    ] as const)(
      'after %s (%s), the next send on the same transporter succeeds on a new connection',
      async (_, code, fault) => {
        const { server, transporter } = await start({ script: [fault] });
        expect(facts(await failureOf(transporter.sendMail(message())))).toMatchObject({
          code,
          messageSent: sent(true),
        });
        const info = await transporter.sendMail(message('<reminder-next@acme.test>'));
        expect(info.response).toMatch(/^250 /);
        expect(server.connectionsOpened).toBe(2);
        expect([server.copiesOf(MESSAGE_ID), server.copiesOf('<reminder-next@acme.test>')]).toEqual(
          [1, 1]
        );
      }
    );

    it('after a refused connection (ESOCKET), the next send succeeds once a server listens on that port', async () => {
      const { transporter, listen } = await refused();
      expect(facts(await failureOf(transporter.sendMail(message())))).toMatchObject({
        code: 'ESOCKET',
        command: 'CONN',
        messageSent: sent(false),
      });
      const server = await listen();
      expect((await transporter.sendMail(message('<reminder-next@acme.test>'))).response).toMatch(
        /^250 /
      );
      expect(server.connectionsOpened).toBe(1);
      expect(server.copiesOf('<reminder-next@acme.test>')).toBe(1);
    });
  }
);
