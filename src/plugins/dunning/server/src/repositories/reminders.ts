import type { Core } from '@strapi/strapi';

import { getPluginConfig } from '../config/plugin-config';
import reminderSchema from '../content-types/reminder/schema.json';
import { REMINDER_TABLE, REMINDER_UID } from '../content-types/uids';
import type { NewReminderColumns, ReminderData, ReminderRecord } from '../domain/records';
import { coverage, type ReminderInvoice } from '../domain/reminder-invoices';
import {
  checkMove,
  INITIAL_STATUSES,
  type MoveName,
  MOVES,
  type ReminderStatus,
  timelineEntry,
  waitingStatusOf,
  withEntry,
} from '../domain/reminder-lifecycle';
import { EVENT_OF_STATUS, REMINDER_EVENTS, toReminderSummary } from '../domain/reminder-summary';
import { invoiceLinkRepository } from './invoice-links';
import { reminderReads } from './reminder-reads';
import { insertWithLinks, type Links, updateEachAtOnce } from './sql/bulk';
import { inSchema, otherValues, toDate, unlessTaken, whenCommitted } from './sql/db';
import { documentsOf, queryOf, type QueryParams } from './sql/typed-strapi';
import { withTemplateById } from './templates';

/**
 * The one writer of a reminder's lifecycle: its status, its claim (`claimed_by`,
 * `lease_until`) and its timeline change here and nowhere else. Each move
 * (domain/reminder-lifecycle.ts) is one conditional update guarded by the status it
 * leaves — and, where a claim is involved, by who holds it or by its lapsed lease — so
 * of two writers one wins and the other is refused, never overwriting. A move the
 * table does not list throws. Events go out after the write is on the record.
 */

/** Where clauses of the query engine on the reminders. */
type ReminderWhere = NonNullable<QueryParams['where']>;

/** A reminder's relations as written: the sender, files and document by id, the template and scenario by documentId. */
export type ReminderRelations = {
  sender?: number | { id: number } | null;
  files?: number[];
  document?: number | null;
  template?: string | null;
  scenario?: string | null;
};

/** A new reminder written through the Document Service: its columns and relations. */
export type NewReminderData = NewReminderColumns & ReminderRelations;

/** A reminder just written by `insertPlanned`: what was written, its id, documentId and creation time. */
export type WrittenReminder = NewReminderColumns &
  Pick<ReminderRecord, 'id' | 'documentId' | 'createdAt'>;

/** `status = 'queued'` and `channel = 'email'` beside a lookup by documentIds, for SQLite (repositories/sql/db otherValues). */
const NOT_QUEUED = otherValues(reminderSchema.attributes.status.enum, 'queued');
const NOT_EMAIL = otherValues(reminderSchema.attributes.channel.enum, 'email');

/**
 * How a claimed reminder ends, to be written by its claim holder: `settle` (an outcome
 * of the send) unless said otherwise; `handBack` gives the claim back with nothing
 * handed over.
 */
export type Outcome = {
  reminder: ReminderRecord;
  status: ReminderStatus;
  at: Date;
  data?: Partial<ReminderRecord>;
  note?: string;
  move?: 'settle' | 'handBack';
};

/** What a move did: the reminder as it now is; or, refused, the status it has. Null: no reminder matches. */
export type MoveResult =
  { moved: true; reminder: ReminderRecord } | { moved: false; status: ReminderStatus } | null;

export type MoveOptions = {
  /** Columns written with the move. */
  data?: ReminderData;
  /** Relations (link rows, media) written once the move is won. */
  relations?: ReminderRelations;
  note?: string;
  /** The claim token: the one taking the claim (`takes`), or the one that must hold it (`held`). */
  owner?: string;
  /** Until when a claim taken by this move holds. */
  leaseUntil?: Date;
  populate?: QueryParams['populate'];
};

/** The columns that clear a claim, and the message of a send that never left. */
const CLAIM_GIVEN_BACK = { claimedBy: null, leaseUntil: null, messageId: null };

export const reminderRepository = (strapi: Core.Strapi) => {
  const documents = () => documentsOf<ReminderRecord>(strapi, REMINDER_UID);
  const query = () => queryOf<ReminderRecord>(strapi, REMINDER_UID);

  /** Tells the event hub once the write is on the record: at once, or when the caller's transaction commits. */
  const announce = (
    event: string | undefined,
    reminder: Parameters<typeof toReminderSummary>[0]
  ) => {
    if (event)
      void whenCommitted(
        strapi,
        async () => void strapi.eventHub.emit(event, { reminder: toReminderSummary(reminder) })
      );
  };

  const refused = (what: string, ids: number[], owner: string) =>
    strapi.log.warn(
      `[dunning] ${what} of reminder(s) ${ids.join(', ')} refused: claim ${owner} no longer holds them (its lease lapsed and the reminder moved on)`
    );

  return {
    /** A new reminder, waiting in `status` (planned or queued); its invoice links are written by its document middleware (middlewares/reminder-invoice-links.ts). */
    async create(
      data: Omit<NewReminderData, 'status'>,
      status: ReminderStatus,
      at: Date
    ): Promise<ReminderRecord> {
      if (!INITIAL_STATUSES.includes(status))
        throw new Error(`a reminder cannot be created ${status}`);
      const reminder = await documents().create({
        data: {
          ...(await withTemplateById(strapi, data, 'template')),
          status,
          timeline: [timelineEntry(status, at)],
        },
        populate: ['document'],
      });
      announce(REMINDER_EVENTS.created, reminder);
      return reminder;
    },

    /**
     * A new reminder under its idempotency key, unless one already holds the key: then
     * that one, `created: false` — found first, or written meanwhile by a concurrent
     * request that won the key's unique index.
     */
    async createOnce(
      data: Omit<NewReminderData, 'status'>,
      status: ReminderStatus,
      at: Date
    ): Promise<{ reminder: ReminderRecord; created: boolean }> {
      const existing = () => reminderReads(strapi).findByIdempotencyKey(data.idempotencyKey);
      const found = await existing();
      if (found) return { reminder: found, created: false };
      const created = await unlessTaken(strapi, () => this.create(data, status, at));
      return created
        ? { reminder: created, created: true }
        : { reminder: (await existing())!, created: false };
    },

    /**
     * Writes the reminders the engine planned, with their relations and invoice links, in
     * a few multi-row inserts inside the planner's transaction; `announceCreated` tells
     * the event hub once it committed. Returns them as written (their fields, id,
     * documentId and creation time), in order.
     */
    async insertPlanned(
      reminders: Array<{ data: NewReminderColumns; links: Links }>,
      now: Date
    ): Promise<WrittenReminder[]> {
      for (const { data } of reminders)
        if (!INITIAL_STATUSES.includes(data.status))
          throw new Error(`a reminder cannot be created ${data.status}`);
      const inserted = await insertWithLinks(strapi, REMINDER_UID, reminders, now);
      await invoiceLinkRepository(strapi).insertForNew(
        inserted.map(({ id }, index) => ({ id, invoices: reminders[index].data.invoices }))
      );
      return inserted.map(({ id, documentId }, index) => ({
        ...reminders[index].data,
        id,
        documentId,
        createdAt: now.toISOString(),
      }));
    },

    /** Tells the event hub about reminders written by `insertPlanned`, from what was written (nothing is read back). */
    announceCreated(created: WrittenReminder[]) {
      for (const reminder of created) announce(REMINDER_EVENTS.created, reminder);
    },

    /**
     * Makes `move` on the reminder found by `where`, to `to` or to the status `to` picks
     * for its current one (null: leave it), its timeline entry included. One conditional
     * update on the status it was read in (and on the claim, as the move's rule says):
     * a writer that changed it meanwhile wins, and this one reads again and decides on
     * the new status.
     */
    async move(
      where: ReminderWhere,
      move: MoveName,
      to: ReminderStatus | ((current: ReminderStatus) => ReminderStatus | null),
      at: Date,
      options: MoveOptions = {}
    ): Promise<MoveResult> {
      const { data = {}, relations, note, owner, leaseUntil, populate = ['document'] } = options;
      const rule = MOVES[move];
      for (;;) {
        const current = await query().findOne<
          Pick<ReminderRecord, 'id' | 'status' | 'timeline' | 'claimedBy' | 'leaseUntil'>
        >({
          where,
          select: ['id', 'status', 'timeline', 'claimedBy', 'leaseUntil'],
        });
        if (!current) return null;
        const status = current.status;
        const next = typeof to === 'function' ? to(status) : to;
        if (!next || !(rule.from as readonly ReminderStatus[]).includes(status))
          return { moved: false, status };
        checkMove(move, status, next);
        const guard: ReminderWhere = { id: current.id, status };
        let claim: ReminderData = {};
        if (rule.claim === 'held') {
          if (!owner || current.claimedBy !== owner) {
            refused(move, [current.id], owner ?? 'none');
            return { moved: false, status };
          }
          guard.claimedBy = owner;
          if (move === 'handBack') claim = CLAIM_GIVEN_BACK;
        } else if (rule.claim === 'lapsed') {
          guard.leaseUntil = { $lt: at };
        } else if (move === 'cancel' || move === 'resend') {
          // Whatever claim a retry left behind is over.
          claim = { claimedBy: null, leaseUntil: null };
        } else if (rule.claim === 'takes' && next === 'sending') {
          if (!owner || !leaseUntil)
            throw new Error(`${move} to sending needs a claim owner and a lease`);
          claim = { claimedBy: owner, leaseUntil };
        }
        const { count } = await query().updateMany({
          where: guard,
          data: {
            ...data,
            ...claim,
            status: next,
            timeline: withEntry(current.timeline, timelineEntry(next, at, note)),
          },
        });
        if (count !== 1) continue;
        // A relation is a link row, which a conditional update of columns does not write.
        if (relations) await query().update({ where: { id: current.id }, data: relations });
        const reminder = (await query().findOne({ where: { id: current.id }, populate }))!;
        announce(EVENT_OF_STATUS[next], reminder);
        return { moved: true, reminder };
      }
    },

    /**
     * Notes `note` on a reminder's timeline under the status it has, changing nothing else
     * (a delayed delivery: the reminder is still on its way). Guarded by the status read,
     * as a move is: a move meanwhile is read again. False when no reminder matches.
     */
    async note(where: ReminderWhere, at: Date, note: string): Promise<boolean> {
      for (;;) {
        const current = await query().findOne<Pick<ReminderRecord, 'id' | 'status' | 'timeline'>>({
          where,
          select: ['id', 'status', 'timeline'],
        });
        if (!current) return false;
        const { count } = await query().updateMany({
          where: { id: current.id, status: current.status },
          data: { timeline: withEntry(current.timeline, timelineEntry(current.status, at, note)) },
        });
        if (count === 1) return true;
      }
    },

    /**
     * A person takes a planned reminder from the batch view, with `data` (the invoices
     * they kept, their name as sender): an e-mail to the queue, or a letter or call
     * claimed (`sending`) by `owner` while they produce or log it, with a lease like the
     * engine's claims, so a crash sends it back to the batch view rather than leaving it
     * stuck. False when someone else was first.
     */
    async take(
      reminder: Pick<ReminderRecord, 'id'>,
      to: 'queued' | 'sending',
      data: ReminderData & Pick<ReminderRelations, 'sender'>,
      note: string,
      at: Date,
      owner?: string
    ) {
      const { sender, ...columns } = data;
      const leaseUntil = owner
        ? new Date(Date.now() + getPluginConfig(strapi).engine.leaseSeconds * 1000)
        : undefined;
      const result = await this.move(
        { id: reminder.id },
        'take',
        (status) => (status === 'planned' ? to : null),
        at,
        {
          data: columns,
          relations: sender === undefined ? undefined : { sender },
          note,
          owner,
          leaseUntil,
        }
      );
      return Boolean(result?.moved);
    },

    /**
     * Finishes a letter or call that claim `owner` took: `work` produces it, and the
     * reminder is sent with what `work` returns. If `work` fails, the reminder goes back
     * to the batch view (planned) with the error on its record, and the error is thrown
     * again: nothing stays `sending`.
     */
    async complete(
      id: number,
      owner: string,
      at: Date,
      work: () => Promise<{ data?: ReminderData; relations?: ReminderRelations; note?: string }>
    ): Promise<ReminderRecord> {
      let done: { data?: ReminderData; relations?: ReminderRelations; note?: string };
      try {
        done = await work();
      } catch (error) {
        const message = (error as Error).message;
        await this.move({ id }, 'handBack', 'planned', new Date(), {
          owner,
          data: { statusReason: 'production_failed', error: message },
          note: `not produced: ${message}`,
        });
        throw error;
      }
      const result = await this.move({ id }, 'settle', 'sent', at, {
        owner,
        data: { sentAt: at, ...done.data },
        relations: done.relations,
        note: done.note,
      });
      if (!result?.moved)
        throw new Error(`reminder ${id} was no longer held by ${owner} when it was produced`);
      return result.reminder;
    },

    /**
     * Claims queued e-mails for sending with one conditional update: only the caller
     * whose statement moves a reminder from `queued` to `sending` gets it back (RETURNING
     * names exactly the rows this statement changed), so each reminder has one sender.
     * The claim clears the Message-ID: until `recordWave` writes it again, nothing of
     * this claim has been handed over (what `sweepLapsedClaims` goes by). Returns the
     * reminders it won, as they now are, ready to send.
     */
    async claim(documentIds: string[], owner: string, leaseUntil: Date): Promise<ReminderRecord[]> {
      if (documentIds.length === 0) return [];
      const rows: Array<{ document_id: string }> = await inSchema(
        strapi,
        strapi.db.connection,
        REMINDER_TABLE
      )
        .whereIn('document_id', documentIds)
        .whereNotIn('status', NOT_QUEUED)
        .whereNotIn('channel', NOT_EMAIL)
        .update(
          { status: 'sending', claimed_by: owner, lease_until: leaseUntil, message_id: null },
          ['document_id']
        );
      const won = new Set(rows.map((row) => row.document_id));
      if (won.size === 0) return [];
      const found = await query().findMany({
        where: { documentId: { $in: [...won] } },
        populate: ['template', 'sender', 'files'],
      });
      const byDocumentId = new Map(found.map((reminder) => [reminder.documentId, reminder]));
      return documentIds.flatMap((documentId) => byDocumentId.get(documentId) ?? []);
    },

    /** Queued reminders whose time has come, oldest first. */
    async dueForSending(now: Date, limit: number): Promise<string[]> {
      const rows = await query().findMany<Pick<ReminderRecord, 'documentId'>>({
        where: {
          status: 'queued',
          channel: 'email',
          $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }],
        },
        select: ['documentId'],
        orderBy: [{ id: 'asc' }],
        limit,
      });
      return rows.map((row) => row.documentId);
    },

    /**
     * One wave of sending on the record: the outcomes of sends claim `owner` holds, each
     * with its timeline entry, and what is about to leave (`messages`: recipients,
     * subject, body, Message-ID…). Every row is written only while `owner` still holds it
     * in `sending`: a stalled claim holder whose lease lapsed, and whose reminder was
     * swept or claimed again, is refused and logged, never overwriting. All or nothing,
     * in one statement on PostgreSQL (updateEachAtOnce); events follow for the outcomes
     * written. Returns the reminders settled, as they now are, and the ids whose message
     * is on the record: only those may be handed over.
     */
    async recordWave(
      owner: string,
      outcomes: Outcome[],
      messages: Array<{ id: number; data: ReminderData }>
    ): Promise<{ settled: ReminderRecord[]; recorded: Set<number> }> {
      const settled: ReminderRecord[] = outcomes.map(
        ({ reminder, status, at, data = {}, note, move = 'settle' }) => {
          checkMove(move, 'sending', status);
          return {
            ...reminder,
            ...data,
            ...(move === 'handBack' ? CLAIM_GIVEN_BACK : {}),
            status,
            timeline: withEntry(reminder.timeline, timelineEntry(status, at, note)),
          };
        }
      );
      const held = { status: 'sending', claimedBy: owner };
      const [written, recorded] = await updateEachAtOnce(strapi, [
        {
          uid: REMINDER_UID,
          rows: outcomes.map(({ data = {}, move = 'settle' }, index) => ({
            id: settled[index].id,
            data: {
              ...data,
              ...(move === 'handBack' ? CLAIM_GIVEN_BACK : {}),
              status: settled[index].status,
              timeline: settled[index].timeline,
            },
          })),
          where: held,
        },
        { uid: REMINDER_UID, rows: messages, where: held },
      ]);
      const lost = [
        ...settled.filter((reminder) => !written.has(reminder.id)),
        ...messages.filter((message) => !recorded.has(message.id)),
      ].map((row) => Number(row.id));
      if (lost.length) refused('the outcome', lost, owner);
      const kept = settled.filter((reminder) => written.has(reminder.id));
      for (const reminder of kept) announce(EVENT_OF_STATUS[reminder.status], reminder);
      return { settled: kept, recorded };
    },

    /**
     * Reminders left in `sending` after their lease, their claim holder gone or stalled.
     * One with its message on the record may have left (the sender stopped between the
     * SMTP hand-off and the outcome's write): `uncertain`, listed for a person to review,
     * never sent again by the engine. One without had not been handed over: back where
     * it waited — e-mails in the queue for the next sender, letters and calls in the
     * batch view. Guarded by the claim read and its lapsed lease: a claim renewed or
     * settled meanwhile is left alone. How many went each way.
     */
    async sweepLapsedClaims(now: Date): Promise<{ uncertain: number; requeued: number }> {
      const lapsed = await query().findMany<
        Pick<
          ReminderRecord,
          'id' | 'channel' | 'claimedBy' | 'leaseUntil' | 'messageId' | 'timeline'
        >
      >({
        where: { status: 'sending', leaseUntil: { $lt: now } },
        select: ['id', 'channel', 'claimedBy', 'leaseUntil', 'messageId', 'timeline'],
      });
      const swept = { uncertain: 0, requeued: 0 };
      for (const reminder of lapsed) {
        const before = toDate(reminder.leaseUntil)!.toISOString();
        const handedOver = Boolean(reminder.messageId);
        const status: ReminderStatus = handedOver ? 'uncertain' : waitingStatusOf(reminder.channel);
        checkMove('sweep', 'sending', status);
        const note = handedOver
          ? `claimed by ${reminder.claimedBy}; no outcome recorded before ${before}`
          : `claimed by ${reminder.claimedBy}; nothing handed over before ${before}, ${status} again`;
        const { count } = await query().updateMany({
          where: {
            id: reminder.id,
            status: 'sending',
            claimedBy: reminder.claimedBy,
            leaseUntil: { $lt: now },
          },
          data: {
            ...(handedOver ? { statusReason: 'lease_expired' } : CLAIM_GIVEN_BACK),
            status,
            timeline: withEntry(reminder.timeline, timelineEntry(status, now, note)),
          },
        });
        swept[handedOver ? 'uncertain' : 'requeued'] += count;
      }
      return swept;
    },

    /** Marks a reminder's sender notice as sent, once: false when another instance marked it first. */
    async markNoticed(id: number, at: Date): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, noticeSentAt: null },
        data: { noticeSentAt: at },
      });
      return count === 1;
    },

    /**
     * Takes cases out of the reminders still waiting in the batch view: their invoices
     * are marked excluded with `reason` (a later step superseded them, or the invoice
     * was paid); a reminder left with no invoice is cancelled. Each write is guarded by
     * `planned`: a reminder a person took meanwhile is left as they took it.
     */
    async withdrawFromPlanned(caseIds: number[], reason: string, now: Date) {
      if (caseIds.length === 0) return;
      const waiting = await query().findMany<
        Pick<ReminderRecord, 'id' | 'invoices' | 'timeline'> &
          Required<Pick<ReminderRecord, 'cases'>>
      >({
        where: { status: 'planned', cases: { id: { $in: caseIds } } },
        select: ['id', 'invoices', 'timeline'],
        populate: { cases: { select: ['id', 'invoiceDocumentId'] } },
      });
      const withdrawn = new Set(caseIds);
      for (const reminder of waiting) {
        const leaving = new Set(
          reminder.cases.filter((c) => withdrawn.has(c.id)).map((c) => c.invoiceDocumentId)
        );
        const invoices = reminder.invoices.map((invoice): ReminderInvoice =>
          leaving.has(invoice.documentId) && !invoice.excluded
            ? { ...invoice, excluded: reason }
            : invoice
        );
        const empty = invoices.every((invoice) => invoice.excluded);
        const status: ReminderStatus = empty ? 'cancelled' : 'planned';
        if (empty) checkMove('withdraw', 'planned', status);
        await query().updateMany({
          where: { id: reminder.id, status: 'planned' },
          data: {
            ...coverage(invoices),
            timeline: withEntry(
              reminder.timeline,
              timelineEntry(status, now, `${leaving.size} invoice(s) withdrawn: ${reason}`)
            ),
            ...(empty ? { status, statusReason: reason } : {}),
          },
        });
      }
    },
  };
};

export type ReminderRepository = ReturnType<typeof reminderRepository>;

/** Every claimed reminder of `claimed` given back, with nothing handed over: e-mails to the queue, letters and calls to the batch view. */
export const handBacks = (
  claimed: ReminderRecord[],
  at: Date,
  note: string,
  data: Partial<ReminderRecord> = {}
): Outcome[] =>
  claimed.map((reminder) => ({
    reminder,
    status: waitingStatusOf(reminder.channel),
    at,
    note,
    data,
    move: 'handBack',
  }));
