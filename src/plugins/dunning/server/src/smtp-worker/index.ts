import { Worker } from 'node:worker_threads';

import { providerNodemailerEntry } from '../utils/email-provider';
import { type OutgoingMessage, trackMessageSent } from './message-sent';

/**
 * A nodemailer transport for Strapi's email provider (`@strapi/provider-email-nodemailer`)
 * that composes and sends on a worker thread. Strapi runs on one thread: with the
 * ordinary SMTP transport, the MIME encoding of every message and the SMTP exchange
 * share it with the admin, the APIs and the engine, and a run of a few thousand
 * reminders keeps it busy for seconds. Here the provider still receives each message
 * through Strapi's email service and nodemailer still sends it with the same options;
 * only where that work runs changes.
 *
 *     providerOptions: smtpWorkerTransport({ host, port, auth, pool: true })
 *
 * The options are nodemailer's SMTP options, handed to the worker as data: they may not
 * hold functions. Messages cross as data too, so an attachment is a Buffer, a string or
 * a path, not a stream. The worker starts with the first message and stops, closing its
 * connections, after `idleMs` without one; it never keeps the process alive. Strapi's
 * email settings page reads the server from the options this transport carries, and
 * its "verify" logs in from the worker as a send would.
 */

export type SmtpOptions = Record<string, unknown>;

/** What nodemailer answers for a message that was handed over. */
export type SentInfo = {
  messageId?: string;
  envelope?: unknown;
  accepted?: unknown[];
  rejected?: unknown[];
  pending?: unknown[];
  response?: string;
};

type Callback = (error: Error | null, info?: SentInfo) => void;

/** The parts of nodemailer's MailMessage a transport reads: its data, and its text's stream (message-sent.ts). */
type MailMessage = { data: Record<string, unknown> } & OutgoingMessage;

type Reply = { id: number; info?: SentInfo; error?: Record<string, unknown> };

export class SmtpWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtpWorkerError';
  }
}

/** The error properties that say how a send failed (`responseCode`, `command`…), as the worker saw them. */
const ERROR_FIELDS = [
  'message',
  'code',
  'command',
  'response',
  'responseCode',
  'rejected',
  'originalCode',
  'messageSent',
] as const;

/**
 * The worker thread's program: nodemailer's transport with the caller's options, one
 * message per request, each answered with its info or its error. It is started from its
 * own source text, so it uses nothing from this module's scope.
 */
function serveSmtp(track: typeof trackMessageSent) {
  const { parentPort, workerData } = require('node:worker_threads');
  const transport = require(workerData.nodemailer).createTransport(workerData.options);
  track(transport.transporter);
  const asBuffer = (content: unknown) =>
    content instanceof Uint8Array && !Buffer.isBuffer(content)
      ? Buffer.from(content.buffer, content.byteOffset, content.byteLength)
      : content;
  parentPort.on(
    'message',
    (request: { id?: number; data?: Record<string, unknown>; verify?: true; close?: true }) => {
      if (request.close) {
        transport.close();
        parentPort.close();
        return;
      }
      const answer = (work: Promise<Record<string, unknown>>) =>
        work.then(
          (info) =>
            parentPort.postMessage({
              id: request.id,
              info: {
                messageId: info.messageId,
                envelope: info.envelope,
                accepted: info.accepted,
                rejected: info.rejected,
                pending: info.pending,
                response: info.response,
              },
            }),
          (error: Record<string, unknown>) =>
            parentPort.postMessage({
              id: request.id,
              error: Object.fromEntries(
                workerData.errorFields
                  .filter((field: string) => error[field] !== undefined)
                  .map((field: string) => [field, error[field]])
              ),
            })
        );
      if (request.verify) return answer(transport.verify().then(() => ({ response: 'verified' })));
      const data = request.data!;
      if (Array.isArray(data.attachments))
        data.attachments = data.attachments.map((attachment: Record<string, unknown>) => ({
          ...attachment,
          content: asBuffer(attachment.content),
        }));
      answer(transport.sendMail(data));
    }
  );
}

/** The nodemailer of the app's Strapi email provider (the app runs from its folder): the worker sends with the same one. */
const providerNodemailer = () => providerNodemailerEntry(process.cwd());

/** Names the first value of `value` that cannot go to another thread as data (a function, a stream), or null. */
const notData = (value: unknown, at: string): string | null => {
  if (typeof value === 'function') return at;
  if (
    value === null ||
    typeof value !== 'object' ||
    Buffer.isBuffer(value) ||
    value instanceof Date
  )
    return null;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return at;
  for (const [key, inner] of Object.entries(value)) {
    const found = notData(inner, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`);
    if (found) return found;
  }
  return null;
};

/** A message's data without what the worker does not need and cannot receive (nodemailer's own internals). */
const messageData = (data: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(data).filter(([, value]) => value !== undefined && typeof value !== 'function')
  );

export const smtpWorkerTransport = (
  options: SmtpOptions,
  { idleMs = 30_000 }: { idleMs?: number } = {}
) => {
  const invalid = notData(options, 'options');
  if (invalid)
    throw new SmtpWorkerError(
      `${invalid}: the SMTP worker receives its options as data, not a function or a stream`
    );
  let worker: Worker | null = null;
  // Each request with its answer's callback and the worker it went to.
  const pending = new Map<number, { callback: Callback; worker: Worker }>();
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  let closing = false;

  const stop = () => {
    worker?.postMessage({ close: true });
    worker = null;
  };
  const settle = (id: number, error: Error | null, info?: SentInfo) => {
    const request = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) {
      // Idle, the worker no longer keeps the process alive.
      worker?.unref();
      if (closing) stop();
      else idleTimer = setTimeout(stop, idleMs).unref();
    }
    request?.callback(error, info);
  };
  const start = () => {
    const started = new Worker(`(${serveSmtp.toString()})(${trackMessageSent.toString()})`, {
      eval: true,
      workerData: { options, nodemailer: providerNodemailer(), errorFields: ERROR_FIELDS },
    });
    started.on('message', ({ id, info, error }: Reply) =>
      settle(
        id,
        error ? Object.assign(new SmtpWorkerError(String(error.message)), error) : null,
        info
      )
    );
    // A worker that dies takes its messages with it: whether they left is unknown. One
    // that was told to stop had none; those sent since went to its successor.
    const lost = (reason: string) => {
      if (worker === started) worker = null;
      for (const [id] of [...pending].filter(([, request]) => request.worker === started))
        settle(
          id,
          Object.assign(
            new SmtpWorkerError(
              `the SMTP worker stopped (${reason}) while the message was being sent`
            ),
            { code: 'EWORKER' }
          )
        );
    };
    started.on('error', (error) => lost(error.message));
    started.on('exit', (code) => lost(`exit code ${code}`));
    return started;
  };

  /** Hands a request (a message, or a verification) to the worker, starting it if need be. */
  const request = (
    body: { data: Record<string, unknown> } | { verify: true },
    callback: Callback
  ) => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    closing = false;
    worker ??= start();
    // While requests are out, the process waits for their answers.
    worker.ref();
    const id = nextId++;
    pending.set(id, { callback, worker });
    worker.postMessage({ id, ...body });
  };

  return {
    // The SMTP options themselves, for what reads them from the provider's options
    // (Strapi's email settings page shows the host, port, pool and login from them).
    ...options,
    name: 'SMTP (worker thread)',
    version: '1',
    send(mail: MailMessage, callback: Callback) {
      const data = messageData(mail.data);
      const invalidData = notData(data, 'message');
      if (invalidData)
        return callback(
          new SmtpWorkerError(
            `${invalidData}: the SMTP worker receives messages as data, not a function or a stream`
          )
        );
      request({ data }, callback);
    },
    /** Connects and logs in as a send would (Strapi's email settings, "verify"); resolves true or rejects with the server's error. */
    verify(callback?: (error: Error | null, verified?: boolean) => void): Promise<true> {
      const verified = new Promise<true>((resolve, reject) =>
        request({ verify: true }, (error) => (error ? reject(error) : resolve(true)))
      );
      if (callback) verified.then(() => callback(null, true), callback);
      return verified;
    },
    /** No message waiting for its answer. */
    isIdle() {
      return pending.size === 0;
    },
    /** Stops the worker once its messages are answered (nodemailer's `transporter.close()`). */
    close() {
      closing = true;
      if (pending.size === 0) stop();
    },
  };
};

/**
 * nodemailer's SMTP transport as Strapi's email provider would make it from `options`,
 * on this thread, its errors saying whether the message was written in full
 * (message-sent.ts) — the classification of a failed send needs it. For an app that
 * keeps sending on Strapi's thread (`SMTP_WORKER=false`).
 */
export const smtpTransport = (options: SmtpOptions) => {
  const mailer = require(providerNodemailer()).createTransport(options);
  const transporter = trackMessageSent<SentInfo>(mailer.transporter);
  return {
    ...options,
    name: 'SMTP',
    version: '1',
    send: (mail: MailMessage, callback: Callback) => transporter.send(mail, callback),
    verify: (callback?: (error: Error | null, verified?: boolean) => void) =>
      mailer.verify(callback),
    isIdle: () => (typeof mailer.isIdle === 'function' ? mailer.isIdle() : true),
    close: () => mailer.close(),
  };
};
