import type { Core } from '@strapi/strapi';

import type { Settings } from '../../../shared/contracts/settings';
import type { Mailbox } from '../domain/addresses';
import {
  classifyMailError,
  type MailError,
  retryDelayMs,
  WAVES_ON_THE_WIRE,
} from '../domain/delivery';
import { closingReasonOf, exclusionOf } from '../domain/exclusions';
import type {
  CustomerRecord,
  InvoiceRecord,
  ReminderRecord,
  TemplateRecord,
} from '../domain/records';
import { coverage, type ReminderInvoice } from '../domain/reminder-invoices';
import { ADDRESS_BOUNCED, withoutSuppressed } from '../domain/suppressions';
import { languageOf } from '../domain/template-language';
import { chunksOf, memoize, promiseCache } from '../helpers';
import { handBacks, type Outcome, reminderRepository } from '../repositories/reminders';
import { getPluginConfig, getPluginService } from '../utils/plugin';
import type { MailAttachment, OutgoingMail } from './mailer';
import type { Localize, Person } from './messages';

/**
 * Sends queued e-mail reminders, each exactly once by our own doing (ARCHITECTURE "The
 * engine, correct at scale"): claim with one conditional update, re-read the invoices
 * right before sending, hand the message over with a deterministic Message-ID, record
 * the outcome. SMTP 4xx is retried with backoff, 5xx fails; a hand-off whose outcome is
 * unknown is flagged uncertain, never sent again by the engine.
 */

/** What goes on a reminder's record with an outcome or before its mail leaves. */
type Columns = Partial<ReminderRecord>;

type Message = { to: Mailbox[]; cc: Mailbox[]; subject: string; html: string; text: string };

/** A claimed reminder ready to leave: its mail, and what goes on its record first. */
type Prepared = { reminder: ReminderRecord; record: Columns; mail: OutgoingMail };

/** A claimed reminder once prepared: a mail to hand over, or how it ends without one. */
type Step = Prepared | { outcome: Outcome };

/** Lookups shared by the sends of one round. */
type Round = {
  sender: (id: number) => Promise<Person | null>;
  maySend: (id: number) => Promise<boolean>;
  localized: Localize;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = <N extends Parameters<typeof getPluginService>[1]>(name: N) =>
    getPluginService(strapi, name);
  const engineConfig = () => getPluginConfig(strapi).engine;

  /**
   * The invoices a reminder still chases. Manual and batch reminders were chosen by a
   * person: only invoices closed since drop out. Automatic ones also drop invoices
   * disputed, promised or otherwise excluded since they were planned. A thank-you
   * covers paid invoices by design.
   */
  const reread = async (
    reminder: ReminderRecord,
    invoicesById: Map<string, InvoiceRecord>,
    settings: Settings,
    now: Date
  ) => {
    const wanted = (reminder.invoices ?? []).filter((entry) => !entry.excluded);
    const invoices = wanted.flatMap((entry) => invoicesById.get(entry.documentId) ?? []);
    const byId = new Map(invoices.map((invoice) => [invoice.documentId, invoice]));
    const customer =
      invoices[0]?.customer ??
      (await service('receivables').findCustomer(reminder.customerDocumentId));
    const today = customer ? service('messages').todayFor(customer, now) : '';
    const reasonOf = (invoice: InvoiceRecord | undefined): string | null => {
      if (!invoice || !customer) return 'deleted';
      if (reminder.type === 'thank_you') return null;
      if (reminder.trigger === 'automatic')
        return exclusionOf({ invoice, customer, settings: settings.automatic, today });
      return closingReasonOf(invoice);
    };
    const kept: InvoiceRecord[] = [];
    const entries = (reminder.invoices ?? []).map((entry): ReminderInvoice => {
      if (entry.excluded) return entry;
      const invoice = byId.get(entry.documentId);
      const reason = reasonOf(invoice);
      if (reason) return { ...entry, excluded: reason };
      kept.push(invoice!);
      return { ...entry, amountDue: invoice!.amountDue };
    });
    return { customer, kept, entries };
  };

  /** The message as the pop-up's user wrote it, or rendered now from the template on what is still due. */
  const composeMessage = async (
    round: Round,
    reminder: ReminderRecord,
    customer: CustomerRecord,
    kept: InvoiceRecord[],
    sender: Person,
    now: Date
  ): Promise<Message | null> => {
    const cc = reminder.cc ?? [];
    if (reminder.trigger === 'manual') {
      return {
        to: reminder.recipients ?? [],
        cc,
        subject: reminder.subject ?? '',
        html: reminder.body ?? '',
        text: reminder.bodyText ?? '',
      };
    }
    const { recipients } = service('messages').recipientsOf(kept);
    if (recipients.length === 0) return null;
    if (!reminder.template) throw new Error('the reminder has no template');
    const { subject, html, text } = await service('messages').compose(
      { template: reminder.template },
      { customer, invoices: kept, sender, recipient: recipients[0].address, now },
      round.localized
    );
    return { to: recipients, cc, subject, html, text };
  };

  /** The files kept with the reminder, its invoices' PDFs and the statement of account (rendered now, in the customer's language), as asked. */
  const attachmentsOf = async (
    reminder: ReminderRecord,
    kept: InvoiceRecord[],
    sender: Person,
    now: Date
  ): Promise<MailAttachment[]> => {
    const files = service('files');
    const attachments = await Promise.all(
      (reminder.files ?? []).map((file) => files.readMedia(file))
    );
    if (reminder.attachInvoicePdfs) {
      for (const invoice of kept)
        if (invoice.pdf) attachments.push(await files.readMedia(invoice.pdf));
    }
    if (reminder.attachStatement)
      attachments.push({
        ...(await service('statements').pdf(reminder.customerDocumentId, sender, now)),
        contentType: 'application/pdf',
      });
    return attachments;
  };

  const failure = (
    reminder: ReminderRecord,
    status: 'skipped' | 'not_sent' | 'failed',
    reason: string,
    data: Columns,
    at: Date
  ): Outcome => ({
    reminder,
    status,
    at,
    data: { ...data, statusReason: reason, ...(status === 'failed' ? { failedAt: at } : {}) },
    note: reason,
  });

  /**
   * Everything up to the hand-off, for one claimed reminder: the mail and what goes on
   * the record before it leaves; or, when nothing is to leave, how the reminder ends.
   */
  const prepare = async (
    round: Round,
    reminder: ReminderRecord,
    invoices: Map<string, InvoiceRecord>,
    suppressed: ReadonlySet<string>,
    now: Date
  ): Promise<Step> => {
    try {
      const settings = await service('settings').get();
      const { customer, kept, entries } = await reread(reminder, invoices, settings, now);
      const covered = coverage(entries);
      if (kept.length === 0) {
        const reason = entries.find((entry) => entry.excluded)?.excluded ?? 'nothing_due';
        return { outcome: failure(reminder, 'skipped', reason, covered, now) };
      }
      const sender = reminder.sender ? await round.sender(reminder.sender.id) : null;
      if (!sender) return { outcome: failure(reminder, 'not_sent', 'no_sender', covered, now) };
      if (reminder.trigger === 'automatic' && !(await round.maySend(sender.id))) {
        return { outcome: failure(reminder, 'not_sent', 'sender_not_permitted', covered, now) };
      }
      const composed = await composeMessage(round, reminder, customer!, kept, sender, now);
      if (!composed) return { outcome: failure(reminder, 'not_sent', 'no_address', covered, now) };
      // Addresses that bounced since it was planned or written are left out (issue #22, point 3).
      const { kept: to } = withoutSuppressed(composed.to, suppressed);
      if (to.length === 0)
        return { outcome: failure(reminder, 'not_sent', ADDRESS_BOUNCED, covered, now) };
      const message = { ...composed, to };
      const attachments = await attachmentsOf(reminder, kept, sender, now);
      const bcc: Mailbox[] = settings.bccCopy ? [{ address: settings.bccCopy }] : [];
      const { from, replyTo } = await service('messages').mailboxesOf(sender);
      const messageId = `reminder-${reminder.documentId}@${service('mailer').messageIdDomain()}`;
      const record: Columns = {
        ...covered,
        recipients: message.to,
        bcc,
        subject: message.subject,
        body: message.html,
        bodyText: message.text,
        messageId: `<${messageId}>`,
        attachments: attachments.map((a) => ({
          filename: a.filename,
          size: a.content.length,
          contentType: a.contentType,
        })),
      };
      // The open pixel goes in the mail only: the stored body stays free of it, so viewing
      // it in the admin opens nothing.
      const html = await service('tracking').withOpenPixel(message.html, reminder.documentId);
      return {
        reminder: { ...reminder, ...record },
        record,
        mail: {
          from,
          replyTo,
          to: message.to,
          cc: message.cc,
          bcc,
          subject: message.subject,
          html,
          text: message.text,
          attachments,
          messageId,
        },
      };
    } catch (error) {
      return {
        outcome: failure(
          reminder,
          'failed',
          (error as Error).message.slice(0, 255),
          { error: (error as Error).message },
          now
        ),
      };
    }
  };

  /**
   * The server asked every send to wait (it is down, or throttling): until when, and how
   * many deferrals in a row, for the backoff. This instance's own view; a send that
   * goes through clears it.
   */
  let deferred = { from: 0, until: 0, count: 0 };
  // A clock set before the deferral (a simulated one) is another timeline: it does not wait.
  const isDeferred = (at: Date) => at.getTime() >= deferred.from && at.getTime() < deferred.until;
  /** The server deferred a send at `at`: the wait grows with each deferral in a row, not with each mail answered during one. */
  const defer = (at: Date) => {
    if (!isDeferred(at)) {
      const count = deferred.count + 1;
      deferred = {
        from: at.getTime(),
        count,
        until: at.getTime() + retryDelayMs(count, engineConfig().retryBaseSeconds * 1000),
      };
    }
    return new Date(deferred.until);
  };

  /** Set by `stop` (Strapi's destroy): claim nothing more, hand back what has not left. */
  let stopping = false;
  const running = new Set<Promise<unknown>>();

  /** Hands a prepared mail over; what the server said, to be recorded. `clock` runs on from the tick's time. */
  const handOver = async (
    reminder: ReminderRecord,
    mail: OutgoingMail,
    clock: () => Date
  ): Promise<Outcome> => {
    const attempts = Number(reminder.attempts ?? 0) + 1;
    try {
      const sent = await service('mailer').send(mail);
      deferred = { from: 0, until: 0, count: 0 };
      const sentAt = clock();
      return {
        reminder,
        status: 'sent',
        at: sentAt,
        data: {
          messageId: sent.messageId,
          serverResponse: sent.response,
          sentAt,
          attempts,
          error: null,
          statusReason: null,
          nextAttemptAt: null,
        },
      };
    } catch (error) {
      return failedHandOver(
        reminder,
        error as Error & MailError & { response?: string },
        attempts,
        clock()
      );
    }
  };

  /**
   * A refusal for now: queued again after a backoff, until the attempts run out. A
   * server that defers everything: queued until it is expected back, no attempt counted.
   * 5xx: failed. The server may have it: uncertain.
   */
  const failedHandOver = (
    reminder: ReminderRecord,
    error: Error & MailError & { response?: string },
    attempts: number,
    at: Date
  ): Outcome => {
    const { maxAttempts, retryBaseSeconds } = engineConfig();
    const outcome = error.name === 'MailInputError' ? 'failed' : classifyMailError(error);
    const data = { error: error.message, serverResponse: error.response ?? null };
    const statusReason = error.responseCode
      ? `smtp_${error.responseCode}`
      : (error.code ?? 'error').toLowerCase();
    if (outcome === 'defer') {
      const nextAttemptAt = defer(at);
      return {
        reminder,
        status: 'queued',
        at,
        data: { ...data, nextAttemptAt, statusReason },
        note: `${error.message} — nothing left; the server is asked again at ${nextAttemptAt.toISOString()}`,
      };
    }
    if (outcome === 'retry' && attempts < maxAttempts) {
      const nextAttemptAt = new Date(
        at.getTime() + retryDelayMs(attempts, retryBaseSeconds * 1000)
      );
      return {
        reminder,
        status: 'queued',
        at,
        data: { ...data, attempts, nextAttemptAt, statusReason },
        note: `${error.message} — retry ${attempts + 1} of ${maxAttempts} at ${nextAttemptAt.toISOString()}`,
      };
    }
    if (outcome === 'uncertain')
      return {
        reminder,
        status: 'uncertain',
        at,
        data: { ...data, attempts, statusReason },
        note: error.message,
      };
    return {
      reminder,
      status: 'failed',
      at,
      data: { ...data, attempts, statusReason, failedAt: at },
      note: error.message,
    };
  };

  /** Claimed reminders, their invoices and the bounced addresses among theirs read together, each prepared. */
  const prepareClaimed = async (
    claimed: ReminderRecord[],
    now: Date,
    round: Round
  ): Promise<Step[]> => {
    const wanted = claimed.flatMap((reminder) =>
      (reminder.invoices ?? []).filter((entry) => !entry.excluded).map((entry) => entry.documentId)
    );
    const invoices = new Map(
      (await service('receivables').findInvoices([...new Set(wanted)])).map((invoice) => [
        invoice.documentId,
        invoice,
      ])
    );
    const suppressed = await service('suppressions').amongClaimed(claimed, invoices.values());
    const steps: Step[] = [];
    for (const reminder of claimed)
      steps.push(await prepare(round, reminder, invoices, suppressed, now));
    return steps;
  };

  /**
   * Hands the prepared mails over, `sendConcurrency` at a time, and records how each
   * ends. Each wave's messages go on the record at once (one statement on PostgreSQL),
   * with the outcomes that came in since the previous one, then leave without waiting
   * for the server: the next wave is prepared and recorded while earlier ones are on
   * the wire. At most WAVES_ON_THE_WIRE waves are between "on the record" and "outcome
   * written": what a crash leaves `uncertain`. Once the server defers, or the instance
   * stops, nothing more is handed over: the rest is given back to the queue. Waits for
   * every mail on the wire before it returns or throws. Calls `settled` with each
   * reminder as it ends up.
   */
  const handOverAll = async (
    batches: Iterable<Step[]> | AsyncIterable<Step[]>,
    clock: () => Date,
    owner: string,
    settled: (reminder: ReminderRecord) => void
  ) => {
    const { sendConcurrency } = engineConfig();
    const reminders = reminderRepository(strapi);
    const inFlight = new Set<Promise<void>>();
    let answered: Outcome[] = [];
    const write = async (wave: Prepared[]) => {
      const outcomes = answered;
      answered = [];
      if (outcomes.length === 0 && wave.length === 0) return new Set<number>();
      const { settled: ended, recorded } = await reminders.recordWave(
        owner,
        outcomes,
        wave.map(({ reminder, record }) => ({ id: reminder.id, data: record }))
      );
      ended.forEach(settled);
      return recorded;
    };
    const halted = () => stopping || isDeferred(clock());
    const giveBack = (wave: Prepared[]) => {
      const at = clock();
      const waiting = isDeferred(at)
        ? { nextAttemptAt: new Date(deferred.until), statusReason: 'server_deferred' }
        : {};
      const why = stopping
        ? 'this instance is stopping'
        : `the mail server asked to wait until ${new Date(deferred.until).toISOString()}`;
      answered.push(
        ...handBacks(
          wave.map((step) => step.reminder),
          at,
          `not handed over: ${why}`,
          waiting
        )
      );
    };
    try {
      for await (const steps of batches) {
        for (const step of steps) if ('outcome' in step) answered.push(step.outcome);
        for (const wave of chunksOf(
          steps.filter((step): step is Prepared => 'mail' in step),
          sendConcurrency
        )) {
          while (inFlight.size > WAVES_ON_THE_WIRE * sendConcurrency - wave.length)
            await Promise.race(inFlight);
          if (halted()) {
            giveBack(wave);
            continue;
          }
          const recorded = await write(wave);
          for (const { reminder, mail } of wave.filter((step) => recorded.has(step.reminder.id))) {
            const handing: Promise<void> = handOver(reminder, mail, clock).then((outcome) => {
              answered.push(outcome);
              inFlight.delete(handing);
            });
            inFlight.add(handing);
          }
        }
      }
    } finally {
      // Whatever happened, no mail is left on the wire behind the caller's back.
      await Promise.all(inFlight);
    }
    await write([]);
  };

  /** The tick's time, running on from `now` (real or simulated) as real time passes. */
  const clockFrom = (now: Date) => {
    const startedAt = Date.now();
    return () => new Date(now.getTime() + Date.now() - startedAt);
  };

  /** Runs `work` as one of this instance's sends, for `stop` to wait for. */
  const tracked = async <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    try {
      return await work;
    } finally {
      running.delete(work);
    }
  };

  const newRound = (): Round => {
    const templates = promiseCache<TemplateRecord>();
    return {
      sender: memoize((id) => service('senders').findActive(id)),
      maySend: memoize((id) => service('senders').maySend(id)),
      localized: (template, customerLocale) =>
        templates(
          `${template.documentId}:${template.updatedAt}:${languageOf(customerLocale)}`,
          () => service('messages').localized(template, customerLocale)
        ),
    };
  };

  /** How many reminders one round claims, re-reads and prepares at once, ahead of the waves that send them. */
  const CLAIM_BATCH = 100;

  return {
    /** Claims one queued reminder and sends it. Returns the record as it ends up. */
    async deliver(
      documentId: string,
      now = new Date(),
      round: Round = newRound()
    ): Promise<ReminderRecord> {
      const reminders = reminderRepository(strapi);
      const owner = service('locks').claimToken();
      const clock = clockFrom(now);
      let result: ReminderRecord | undefined;
      await tracked(
        (async () => {
          const claimed = await reminders.claim(
            [documentId],
            owner,
            new Date(clock().getTime() + engineConfig().leaseSeconds * 1000)
          );
          if (claimed.length > 0)
            await handOverAll(
              [await prepareClaimed(claimed, now, round)],
              clock,
              owner,
              (reminder) => (result = reminder)
            );
        })()
      );
      return result ?? ((await service('reminders').findOne(documentId)) as ReminderRecord);
    },

    /** A person's "Resend" (activities page): back to the queue, then out at once. */
    async resend(documentId: string, by: Person) {
      await service('reminders').resend(documentId, by);
      await this.deliver(documentId);
      return service('reminders').detail(documentId);
    },

    /**
     * Sends every queued reminder whose time has come: claimed a hundred at a time (the
     * next hundred while this one leaves), their invoices re-read and their mails
     * prepared together, then handed over in waves of `sendConcurrency` (handOverAll).
     * Any instance may run this at any moment: the claims keep each send single. An
     * instance that dies leaves at most WAVES_ON_THE_WIRE waves `uncertain`; the rest of
     * what it claimed had not left and is queued again when its lease lapses.
     */
    async sendQueued(now = new Date()) {
      const { leaseSeconds } = engineConfig();
      const reminders = reminderRepository(strapi);
      const owner = service('locks').claimToken();
      const clock = clockFrom(now);
      const round = newRound();
      const seen = new Set<string>();
      const outcome: Record<string, number> = {};
      if (stopping || isDeferred(now)) return outcome;
      // Each claim's lease starts when it is taken, not when the tick began.
      const claimNext = async () => {
        if (stopping || isDeferred(clock())) return null;
        const batch = (await reminders.dueForSending(now, CLAIM_BATCH)).filter(
          (id) => !seen.has(id)
        );
        if (batch.length === 0) return null;
        batch.forEach((id) => seen.add(id));
        return prepareClaimed(
          await reminders.claim(batch, owner, new Date(clock().getTime() + leaseSeconds * 1000)),
          now,
          round
        );
      };
      // The next hundred is claimed and prepared while the waves of this one go out: the
      // database's round trips overlap the sending. A failure surfaces where it is awaited.
      const batches = async function* () {
        for (let next = claimNext(); ;) {
          const steps = await next;
          if (!steps) return;
          next = claimNext();
          next.catch(() => undefined);
          yield steps;
        }
      };
      await tracked(
        handOverAll(batches(), clock, owner, (reminder) => {
          outcome[reminder.status] = (outcome[reminder.status] ?? 0) + 1;
        })
      );
      return outcome;
    },

    /**
     * Strapi's destroy (a SIGTERM in a rolling restart): claims nothing more, lets the
     * mails on the wire be answered and recorded, gives back what was claimed but not
     * handed over — for at most `timeoutMs`; what is still on the wire then is on the
     * record and becomes `uncertain` after its lease.
     */
    async stop(timeoutMs: number) {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...running]), timeout]);
      clearTimeout(timer);
    },
  };
};
