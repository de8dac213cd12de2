import reminderSchema from '../../src/plugins/dunning/server/src/content-types/reminder/schema.json';
import templateSchema from '../../src/plugins/dunning/server/src/content-types/template/schema.json';
import {
  checkMove,
  ForbiddenMove,
  INITIAL_STATUSES,
  isAllowedMove,
  type MoveName,
  MOVES,
  type ReminderStatus,
  waitingStatusOf,
} from '../../src/plugins/dunning/server/src/domain/reminder-lifecycle';
import {
  CALL_OUTCOMES,
  CHANNELS,
  REMINDER_STATUSES,
  REMINDER_TYPES,
  TEMPLATE_CHANNELS,
  TRIGGERS,
} from '../../src/plugins/dunning/shared/vocabulary';

/** The table of the reminder's moves: what the reminders repository allows, and refuses. */

const STATUSES = reminderSchema.attributes.status.enum as ReminderStatus[];

describe('the reminder lifecycle', () => {
  it('shares the vocabulary of the content types with the admin', () => {
    const { attributes } = reminderSchema;
    expect([REMINDER_STATUSES, CHANNELS, REMINDER_TYPES, TRIGGERS, CALL_OUTCOMES]).toEqual([
      attributes.status.enum,
      attributes.channel.enum,
      attributes.type.enum,
      attributes.trigger.enum,
      attributes.callOutcome.enum,
    ]);
    expect([TEMPLATE_CHANNELS, REMINDER_TYPES]).toEqual([
      templateSchema.attributes.channel.enum,
      templateSchema.attributes.type.enum,
    ]);
  });

  it('names only statuses of the content type, and every status is reachable or a starting one', () => {
    const named = new Set([
      ...INITIAL_STATUSES,
      ...Object.values(MOVES).flatMap((move) => [...move.from, ...move.to]),
    ]);
    expect([...named].filter((status) => !STATUSES.includes(status))).toEqual([]);
    const reachable = new Set([
      ...INITIAL_STATUSES,
      ...Object.values(MOVES).flatMap((move) => move.to),
    ]);
    expect(STATUSES.filter((status) => !reachable.has(status))).toEqual([]);
  });

  it.each<[MoveName, ReminderStatus, ReminderStatus]>([
    ['claim', 'queued', 'sending'],
    ['settle', 'sending', 'sent'],
    ['settle', 'sending', 'queued'],
    ['settle', 'sending', 'uncertain'],
    ['handBack', 'sending', 'queued'],
    ['handBack', 'sending', 'planned'],
    ['sweep', 'sending', 'uncertain'],
    ['sweep', 'sending', 'planned'],
    ['take', 'planned', 'queued'],
    ['take', 'planned', 'sending'],
    ['cancel', 'queued', 'cancelled'],
    ['resend', 'uncertain', 'queued'],
    ['feedback', 'uncertain', 'delivered'],
    ['feedback', 'opened', 'bounced'],
  ])('allows %s from %s to %s', (move, from, to) => {
    expect(isAllowedMove(move, from, to)).toBe(true);
    expect(() => checkMove(move, from, to)).not.toThrow();
  });

  it.each<[MoveName, ReminderStatus, ReminderStatus]>([
    // Nothing leaves `sending` but its claim holder or a lapsed lease; nothing is sent twice by a move.
    ['settle', 'sent', 'sent'],
    ['settle', 'uncertain', 'queued'],
    ['settle', 'sending', 'planned'],
    ['handBack', 'sending', 'sent'],
    ['sweep', 'sending', 'sent'],
    ['sweep', 'queued', 'uncertain'],
    ['claim', 'planned', 'sending'],
    ['claim', 'uncertain', 'sending'],
    ['cancel', 'sending', 'cancelled'],
    ['cancel', 'sent', 'cancelled'],
    ['resend', 'sent', 'queued'],
    ['resend', 'sending', 'queued'],
    ['take', 'queued', 'sending'],
    ['withdraw', 'queued', 'cancelled'],
    ['feedback', 'sending', 'delivered'],
    ['feedback', 'failed', 'bounced'],
  ])('refuses %s from %s to %s', (move, from, to) => {
    expect(isAllowedMove(move, from, to)).toBe(false);
    expect(() => checkMove(move, from, to)).toThrow(ForbiddenMove);
  });

  it('says who makes each move and what it asks of the claim', () => {
    expect(
      Object.fromEntries(
        Object.entries(MOVES).map(([name, move]) => [name, `${move.by} / ${move.claim}`])
      )
    ).toEqual({
      take: 'person / takes',
      claim: 'claim holder / takes',
      settle: 'claim holder / held',
      handBack: 'claim holder / held',
      sweep: 'any instance / lapsed',
      withdraw: 'planner / none',
      cancel: 'person / none',
      resend: 'person / none',
      feedback: 'mail provider / none',
    });
  });

  it('sends a claim given back to where its channel waits', () => {
    expect(waitingStatusOf('email')).toBe('queued');
    expect(['letter', 'phone', 'other'].map(waitingStatusOf)).toEqual([
      'planned',
      'planned',
      'planned',
    ]);
  });
});
