import type { Core } from '@strapi/strapi';

import { measure, median } from './measure';

/**
 * P2, sending: `mails` queued reminders through the plugin's whole send path
 * (`delivery.sendQueued`: claim, re-read of the invoices, rendering, the message on the
 * record, Strapi's email provider with its SMTP pool, the outcome and its timeline),
 * beside raw pooled nodemailer handing the same messages, as the plugin sent them, to
 * the same SMTP server. Throughput in messages per second, medians of `runs` rounds
 * after `warmUps` rounds of each that the medians leave out (the plugin's first round
 * also starts the SMTP worker and compiles the send path; raw's opens its pool).
 */

type Mailer = {
  createTransport: (options: Record<string, unknown>) => {
    sendMail: (message: Record<string, unknown>) => Promise<{ accepted: unknown[] }>;
    close: () => void;
  };
};

/** The nodemailer Strapi's email provider uses (lifted to 10.x by the app's overrides). */
const nodemailer = (): Mailer =>
  require(
    require.resolve('nodemailer', { paths: [require.resolve('@strapi/provider-email-nodemailer')] })
  );

const COPY = 'bench_send_timelines';

export type SendReport = {
  mails: number;
  /** The warm-up rounds, left out of the medians: the plugin's first also starts the SMTP worker. */
  warmUp: { plugin: number[]; raw: number[] };
  plugin: { runs: number[]; medianMs: number; perSecond: number; outcomes: Record<string, number> };
  raw: { runs: number[]; medianMs: number; perSecond: number };
};

export const measureSend = async (
  strapi: Core.Strapi,
  now: Date,
  { mails, runs, warmUps }: { mails: number; runs: number; warmUps: number }
): Promise<SendReport> => {
  const knex = strapi.db.connection;
  const service = (name: string) => strapi.plugin('dunning').service(name);

  // `mails` queued reminders: one planning run, the first ones it queued kept, the others set aside.
  await service('engine').plan(now);
  const ids = (
    await knex('dunning_reminders')
      .where('status', 'queued')
      .where('channel', 'email')
      .orderBy('id')
      .limit(mails)
      .select('id')
  ).map((row: { id: number }) => Number(row.id));
  if (ids.length < mails)
    throw new Error(`the tick queued ${ids.length} e-mails, fewer than the ${mails} to send`);
  await knex('dunning_reminders')
    .where('status', 'queued')
    .whereNotIn(
      'id',
      knex('dunning_reminders').select('id').where('status', 'queued').orderBy('id').limit(mails)
    )
    .update({ status: 'cancelled' });
  await knex.schema.dropTableIfExists(COPY);
  await knex.raw(
    `create table ${COPY} as select id, timeline from dunning_reminders where status = 'queued'`
  );
  const requeue = () =>
    knex('dunning_reminders')
      .whereIn('id', knex(COPY).select('id'))
      .update({
        status: 'queued',
        claimed_by: null,
        lease_until: null,
        sent_at: null,
        attempts: 0,
        next_attempt_at: null,
        timeline: knex(COPY)
          .select('timeline')
          .where(`${COPY}.id`, knex.ref('dunning_reminders.id')),
      });

  const plugin: number[] = [];
  const raw: number[] = [];
  let outcomes: Record<string, number> = {};
  let messages: Array<Record<string, unknown>> = [];
  for (let run = 0; run < warmUps + runs; run++) {
    const sent = await measure(
      () => service('delivery').sendQueued(now) as Promise<Record<string, number>>
    );
    plugin.push(sent.ms);
    outcomes = sent.result;
    // A figure for mails that did not leave would measure nothing.
    if (sent.result.sent !== mails)
      throw new Error(
        `the plugin sent ${sent.result.sent ?? 0} of ${mails} mails: ${JSON.stringify(sent.result)}`
      );
    if (run === 0) messages = await sentMessages(strapi, ids);
    await requeue();

    const transport = nodemailer().createTransport({
      host: '127.0.0.1',
      port: Number(process.env.SMTP_PORT),
      secure: false,
      ignoreTLS: true,
      pool: true,
    });
    const handed = await measure(() =>
      Promise.all(messages.map((message) => transport.sendMail(message)))
    );
    transport.close();
    raw.push(handed.ms);
    if (handed.result.length !== messages.length)
      throw new Error('raw nodemailer did not send every message');
  }
  const perSecond = (ms: number) => (mails * 1000) / ms;
  const pluginWarmUp = plugin.splice(0, warmUps);
  const rawWarmUp = raw.splice(0, warmUps);
  return {
    mails,
    warmUp: { plugin: pluginWarmUp, raw: rawWarmUp },
    plugin: {
      runs: plugin,
      medianMs: median(plugin),
      perSecond: perSecond(median(plugin)),
      outcomes,
    },
    raw: { runs: raw, medianMs: median(raw), perSecond: perSecond(median(raw)) },
  };
};

/** The messages as the plugin handed them over (read back from the reminders, the open pixel put back in). */
const sentMessages = async (strapi: Core.Strapi, ids: number[]) => {
  const reminders = (await strapi.db
    .query('plugin::dunning.reminder' as any)
    .findMany({ where: { id: { $in: ids } }, populate: { sender: true } })) as any[];
  const service = (name: string) => strapi.plugin('dunning').service(name);
  return Promise.all(
    reminders.map(async (reminder) => ({
      ...(await service('messages').mailboxesOf(reminder.sender)),
      to: reminder.recipients,
      subject: reminder.subject,
      html: await service('tracking').withOpenPixel(reminder.body, reminder.documentId),
      text: reminder.bodyText,
      messageId: reminder.messageId,
      envelope: {
        from: service('mailer').defaultFrom().address,
        to: reminder.recipients.map((mailbox: { address: string }) => mailbox.address),
      },
    }))
  );
};
