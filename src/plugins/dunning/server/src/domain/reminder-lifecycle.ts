/**
 * The reminder's lifecycle: every status a reminder can have, and every move between
 * them, with who makes it. Pure. The reminders repository (repositories/reminders.ts)
 * makes each move as one guarded conditional update and refuses any pair this table
 * does not list.
 *
 *   planned ──take──▶ queued ──claim──▶ sending ──settle──▶ sent · queued (retry) · failed
 *      │                 │                 │                 · uncertain · skipped · not_sent
 *      │                 │                 ├──hand back──▶ queued (e-mail) · planned (letter, call)
 *      │                 │                 └──sweep (lease lapsed)──▶ uncertain · queued · planned
 *      └──take──▶ sending (a letter or a call, claimed by the person producing it)
 *   created: planned · queued, or skipped · not_sent when a due step cannot go out
 *   planned · queued ──cancel / withdraw──▶ cancelled
 *   failed · uncertain · not_sent ──resend──▶ queued
 *   sent · delivered · opened · uncertain ──feedback──▶ delivered · opened · bounced
 */

import {
  CANCELLABLE,
  type ReminderStatus,
  RESENDABLE,
  type TimelineEntry,
} from '../../../shared/vocabulary';

export type { ReminderStatus, TimelineEntry } from '../../../shared/vocabulary';

/** Who makes a move: the planner, a person in the admin, the holder of the claim, any instance finding a lapsed claim, the mail provider. */
export type Actor = 'planner' | 'person' | 'claim holder' | 'any instance' | 'mail provider';

/**
 * What a move asks of the claim columns (`claimed_by`, `lease_until`):
 * - `takes`: the move claims the reminder for its caller, with a lease;
 * - `held`: only the caller whose claim it is may make the move, and it lets the claim go;
 * - `lapsed`: only once the lease is over, whoever holds it;
 * - `none`: the claim plays no part (the reminder is not being sent).
 */
export type ClaimRule = 'takes' | 'held' | 'lapsed' | 'none';

export type Move = {
  by: Actor;
  from: readonly ReminderStatus[];
  to: readonly ReminderStatus[];
  claim: ClaimRule;
};

/**
 * Statuses a reminder is created in: waiting for a person (planned) or for a sender
 * (queued); or, when the planner finds a due step that cannot go out, on the record as
 * it ends (skipped: every invoice excluded; not sent: no address or no sender).
 */
export const INITIAL_STATUSES: readonly ReminderStatus[] = [
  'planned',
  'queued',
  'skipped',
  'not_sent',
];

export const MOVES = {
  /** A person sends a planned e-mail from the batch view (queued), or produces a letter or logs a call (sending, under their claim). */
  take: { by: 'person', from: ['planned'], to: ['queued', 'sending'], claim: 'takes' },
  /** A sender claims a queued e-mail. */
  claim: { by: 'claim holder', from: ['queued'], to: ['sending'], claim: 'takes' },
  /** How a claimed send ended, written by its claim holder. */
  settle: {
    by: 'claim holder',
    from: ['sending'],
    to: ['sent', 'queued', 'failed', 'uncertain', 'skipped', 'not_sent'],
    claim: 'held',
  },
  /** A claim given back with nothing handed over (a stop, a throttling server, a letter whose storage failed). */
  handBack: { by: 'claim holder', from: ['sending'], to: ['queued', 'planned'], claim: 'held' },
  /** A claim whose lease lapsed: uncertain when its message is on the record, else back where it waited. */
  sweep: {
    by: 'any instance',
    from: ['sending'],
    to: ['uncertain', 'queued', 'planned'],
    claim: 'lapsed',
  },
  /** The planner takes a planned reminder's last invoice out of it. */
  withdraw: { by: 'planner', from: ['planned'], to: ['cancelled'], claim: 'none' },
  /** A person cancels a reminder that has not gone out. */
  cancel: { by: 'person', from: CANCELLABLE, to: ['cancelled'], claim: 'none' },
  /** A person sends again what failed, was not sent, or may not have left. */
  resend: { by: 'person', from: RESENDABLE, to: ['queued'], claim: 'none' },
  /** Delivery feedback (domain/delivery-status.ts says which event moves from where). */
  feedback: {
    by: 'mail provider',
    from: ['sent', 'delivered', 'opened', 'uncertain'],
    to: ['delivered', 'opened', 'bounced'],
    claim: 'none',
  },
} as const satisfies Record<string, Move>;

export type MoveName = keyof typeof MOVES;

/** Whether `move` may take a reminder from `from` to `to`. */
export const isAllowedMove = (move: MoveName, from: ReminderStatus, to: ReminderStatus): boolean =>
  (MOVES[move].from as readonly ReminderStatus[]).includes(from) &&
  (MOVES[move].to as readonly ReminderStatus[]).includes(to);

export class ForbiddenMove extends Error {
  constructor(move: MoveName, from: ReminderStatus, to: ReminderStatus) {
    super(`a reminder cannot ${move} from ${from} to ${to}`);
    this.name = 'ForbiddenMove';
  }
}

/** Throws ForbiddenMove unless `move` may take a reminder from `from` to `to`: a programming error, never bad input. */
export const checkMove = (move: MoveName, from: ReminderStatus, to: ReminderStatus): void => {
  if (!isAllowedMove(move, from, to)) throw new ForbiddenMove(move, from, to);
};

/** Where a claimed reminder waits again when its claim ends with nothing handed over: e-mails in the queue, letters and calls in the batch view. */
export const waitingStatusOf = (channel: string): ReminderStatus =>
  channel === 'email' ? 'queued' : 'planned';

export const timelineEntry = (status: ReminderStatus, at: Date, note?: string): TimelineEntry => ({
  status,
  at: at.toISOString(),
  ...(note ? { note } : {}),
});

/** A reminder's timeline with one more entry. */
export const withEntry = (
  timeline: TimelineEntry[] | null | undefined,
  entry: TimelineEntry
): TimelineEntry[] => [...(timeline ?? []), entry];
