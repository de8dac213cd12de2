import {
  type CaseFacts,
  decideCase,
} from '../../src/plugins/dunning/server/src/domain/case-decision';
import { isoWeekday } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  classifyMailError,
  retryDelayMs,
} from '../../src/plugins/dunning/server/src/domain/delivery';
import {
  firstDayOfCase,
  type ForecastEntry,
  paceForecast,
  stepEvents,
  summarizeForecast,
} from '../../src/plugins/dunning/server/src/domain/forecast';
import {
  type ActingCase,
  chooseSender,
  groupActingCases,
  groupKey,
  paceActingCases,
  plannedStatus,
} from '../../src/plugins/dunning/server/src/domain/grouping';
import { composeNotice, noticeLanguage } from '../../src/plugins/dunning/server/src/domain/notices';
import { mergeRecipients } from '../../src/plugins/dunning/server/src/domain/recipients';
import { replannedStepIndex } from '../../src/plugins/dunning/server/src/domain/schedule';

/** Pre-due 5 days before, reminders 3 and 15 days after, a letter 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];
const window = { startHour: 9, endHour: 18, days: [1, 2, 3, 4, 5] };
const calendar = { country: null, extraClosedDates: [], weekdays: window.days };

const facts = (
  patch: Partial<CaseFacts> = {},
  invoice: Partial<CaseFacts['invoice']> = {}
): CaseFacts => ({
  invoice: { status: 'open', amountDue: 100, dueDate: '2026-03-20', ...invoice },
  steps,
  nextStepIndex: 0,
  timezone: 'Europe/Paris',
  ...patch,
});

describe('decideCase (SPEC F4.3)', () => {
  it('closes paid, cancelled, draft and settled invoices, and finished or scenario-less cases', () => {
    const now = new Date('2026-03-23T10:00:00Z');
    expect(decideCase({ facts: facts({}, { status: 'paid' }), window, now })).toEqual({
      kind: 'close',
      reason: 'paid',
    });
    expect(decideCase({ facts: facts({}, { status: 'cancelled' }), window, now })).toEqual({
      kind: 'close',
      reason: 'cancelled',
    });
    expect(decideCase({ facts: facts({}, { status: 'draft' }), window, now })).toEqual({
      kind: 'close',
      reason: 'draft',
    });
    expect(decideCase({ facts: facts({}, { amountDue: 0 }), window, now })).toEqual({
      kind: 'close',
      reason: 'nothing_due',
    });
    expect(decideCase({ facts: facts({ nextStepIndex: 4 }), window, now })).toEqual({
      kind: 'close',
      reason: 'completed',
    });
    expect(decideCase({ facts: facts({ steps: null }), window, now })).toEqual({
      kind: 'close',
      reason: 'no_scenario',
    });
  });

  it('waits for the next step, N days before or after the due date, at the window opening', () => {
    // Due 20 March: the pre-due notice is on the 15th, reminder 1 on the 23rd (a Monday).
    expect(decideCase({ facts: facts(), window, now: new Date('2026-03-10T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-03-15T08:00:00Z'),
    });
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-20T10:00:00Z'),
      })
    ).toEqual({ kind: 'wait', at: new Date('2026-03-23T08:00:00Z') });
  });

  it('acts on the step of the day inside the window', () => {
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-23T08:30:00Z'),
      })
    ).toEqual({ kind: 'act', stepIndex: 1, skipped: [] });
  });

  it("postpones a step due on a public holiday of the customer's calendar to the next business day", () => {
    const french = { ...window, holidays: { country: 'FR', extraClosedDates: [] } };
    // Due 5 May 2026: reminder 1 falls on Friday 8 May (Victory in Europe Day) → Monday 11 May 09:00.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-05-05' }),
        window: french,
        now: new Date('2026-05-08T08:00:00Z'),
      })
    ).toEqual({
      kind: 'postpone',
      at: new Date('2026-05-11T07:00:00Z'),
      stepIndex: 1,
    });
  });

  it('sends only the latest step when several are overdue (catch-up), passing over the others', () => {
    expect(decideCase({ facts: facts(), window, now: new Date('2026-04-06T08:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 2,
      skipped: [0, 1],
    });
  });

  it('postpones a due step to the next window opening: the pre-due notice of Sunday 15 March goes on Monday', () => {
    expect(decideCase({ facts: facts(), window, now: new Date('2026-03-15T08:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-03-16T08:00:00Z'),
      stepIndex: 0,
    });
    // After 18:00 on a weekday: the next morning.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }),
        window,
        now: new Date('2026-03-23T17:30:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-03-24T08:00:00Z'), stepIndex: 1 });
  });

  it('uses the customer timezone across the DST weeks of Paris and Auckland', () => {
    // Paris springs forward on Sunday 29 March 2026: Friday 27th 09:00 is 08:00Z, Monday 30th 09:00 is 07:00Z.
    const paris = facts({ nextStepIndex: 1 }, { dueDate: '2026-03-26' }); // step day: Sunday 29 March
    expect(decideCase({ facts: paris, window, now: new Date('2026-03-29T09:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-03-30T07:00:00Z'),
      stepIndex: 1,
    });
    expect(decideCase({ facts: paris, window, now: new Date('2026-03-30T07:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 1,
      skipped: [],
    });
    // Auckland goes back on Sunday 5 April 2026 (NZDT +13 → NZST +12).
    const auckland = facts(
      { nextStepIndex: 1, timezone: 'Pacific/Auckland' },
      { dueDate: '2026-04-03' }
    ); // step day: Monday 6 April
    // Sunday 22:00 in Auckland: the step day has not come.
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-04-05T21:00:00Z'),
    });
    // Monday 00:00: the day has come, the window opens at 09:00 NZST.
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T12:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-04-05T21:00:00Z'),
      stepIndex: 1,
    });
    expect(decideCase({ facts: auckland, window, now: new Date('2026-04-05T21:00:00Z') })).toEqual({
      kind: 'act',
      stepIndex: 1,
      skipped: [],
    });
    // Auckland springs forward on Sunday 27 September 2026 (+12 → +13).
    const spring = facts(
      { nextStepIndex: 1, timezone: 'Pacific/Auckland' },
      { dueDate: '2026-09-25' }
    ); // step day: Monday 28 September
    expect(decideCase({ facts: spring, window, now: new Date('2026-09-27T10:00:00Z') })).toEqual({
      kind: 'wait',
      at: new Date('2026-09-27T20:00:00Z'),
    });
    expect(decideCase({ facts: spring, window, now: new Date('2026-09-27T19:00:00Z') })).toEqual({
      kind: 'postpone',
      at: new Date('2026-09-27T20:00:00Z'),
      stepIndex: 1,
    });
  });
});

const acting = (patch: Partial<ActingCase>): ActingCase => ({
  caseId: 1,
  nextStepIndex: 1,
  scenarioId: 7,
  stepIndex: 1,
  skipped: [],
  channel: 'email',
  automatic: true,
  invoice: { documentId: 'inv-1', amountDue: 100, dueDate: '2026-03-20' },
  exclusion: null,
  ...patch,
});

describe("grouping one customer's due cases (SPEC F4.3)", () => {
  it('puts invoices at the same step of the same scenario in one reminder, oldest due first', () => {
    const groups = groupActingCases(
      [
        acting({ caseId: 2, invoice: { documentId: 'b', amountDue: 50, dueDate: '2026-03-21' } }),
        acting({ caseId: 1, invoice: { documentId: 'a', amountDue: 70, dueDate: '2026-03-19' } }),
        acting({
          caseId: 3,
          stepIndex: 2,
          invoice: { documentId: 'c', amountDue: 10, dueDate: '2026-03-01' },
        }),
      ],
      0
    );
    expect(groups).toHaveLength(2);
    expect(groups[0].included.map((member) => member.invoice.documentId)).toEqual(['a', 'b']);
    expect(groups[1]).toMatchObject({
      stepIndex: 2,
      included: [expect.objectContaining({ caseId: 3 })],
    });
  });

  it('separates what the engine sends from what waits for a person', () => {
    const groups = groupActingCases(
      [acting({ caseId: 1 }), acting({ caseId: 2, automatic: false })],
      0
    );
    expect(groups.map((group) => group.automatic)).toEqual([true, false]);
  });

  it('keeps excluded invoices in the group with their reason', () => {
    const [group] = groupActingCases(
      [acting({ caseId: 1 }), acting({ caseId: 2, exclusion: 'disputed_invoice' })],
      0
    );
    expect(group.included.map((member) => member.caseId)).toEqual([1]);
    expect(group.excluded).toEqual([
      { actingCase: expect.objectContaining({ caseId: 2 }), reason: 'disputed_invoice' },
    ]);
  });

  it('applies the per-customer minimum to what the reminder would send', () => {
    const [below] = groupActingCases(
      [
        acting({ caseId: 1, invoice: { documentId: 'a', amountDue: 40, dueDate: '2026-03-20' } }),
        acting({ caseId: 2, invoice: { documentId: 'b', amountDue: 50, dueDate: '2026-03-20' } }),
      ],
      100
    );
    expect(below.included).toEqual([]);
    expect(below.excluded.map((entry) => entry.reason)).toEqual([
      'below_customer_threshold',
      'below_customer_threshold',
    ]);
    const [above] = groupActingCases(
      [
        acting({ caseId: 1, invoice: { documentId: 'a', amountDue: 40, dueDate: '2026-03-20' } }),
        acting({ caseId: 2, invoice: { documentId: 'b', amountDue: 60, dueDate: '2026-03-20' } }),
      ],
      100
    );
    expect(above.included).toHaveLength(2);
  });

  it('queues an automatic e-mail, or creates it not sent with the reason (F4.4); everything else is planned', () => {
    const [group] = groupActingCases([acting({})], 0);
    expect(plannedStatus({ group, hasRecipients: true, sender: 'ok' })).toEqual({
      status: 'queued',
      reason: null,
    });
    expect(plannedStatus({ group, hasRecipients: false, sender: 'ok' })).toEqual({
      status: 'not_sent',
      reason: 'no_address',
    });
    expect(plannedStatus({ group, hasRecipients: true, sender: 'sender_not_permitted' })).toEqual({
      status: 'not_sent',
      reason: 'sender_not_permitted',
    });
    expect(plannedStatus({ group, hasRecipients: true, sender: 'no_sender' })).toEqual({
      status: 'not_sent',
      reason: 'no_sender',
    });
    const [excluded] = groupActingCases([acting({ exclusion: 'promised' })], 0);
    expect(plannedStatus({ group: excluded, hasRecipients: true, sender: 'ok' })).toEqual({
      status: 'skipped',
      reason: 'promised',
    });
    const [manual] = groupActingCases([acting({ automatic: false })], 0);
    expect(plannedStatus({ group: manual, hasRecipients: false, sender: 'no_sender' })).toEqual({
      status: 'planned',
      reason: null,
    });
  });

  it('gives a group the same idempotency key every time, and another one for other cases, steps or days', () => {
    const [group] = groupActingCases([acting({ caseId: 1 }), acting({ caseId: 2 })], 0);
    const [reversed] = groupActingCases([acting({ caseId: 2 }), acting({ caseId: 1 })], 0);
    const [other] = groupActingCases([acting({ caseId: 1 })], 0);
    const [later] = groupActingCases(
      [acting({ caseId: 2, stepIndex: 2 }), acting({ caseId: 1, stepIndex: 2 })],
      0
    );
    expect(groupKey('cust', group, '2026-03-23')).toBe(groupKey('cust', reversed, '2026-03-23'));
    expect(groupKey('cust', group, '2026-03-23')).toMatch(/^auto:[0-9a-f]{40}$/);
    expect(
      new Set([
        groupKey('cust', group, '2026-03-23'),
        groupKey('cust', other, '2026-03-23'),
        groupKey('cust', later, '2026-03-23'),
        groupKey('cust', group, '2026-03-24'),
      ]).size
    ).toBe(4);
  });

  it('paces a customer (F4.8): one reminder today, led by its firmest step, with the cases on that channel; the others wait', () => {
    const cases = [
      acting({ caseId: 1, stepIndex: 1 }),
      acting({ caseId: 2, stepIndex: 2, scenarioId: 7 }),
      acting({ caseId: 3, stepIndex: 3, channel: 'letter', automatic: false }),
      acting({ caseId: 4, stepIndex: 0 }),
    ];
    expect(paceActingCases(cases)).toEqual({
      now: [cases[2]],
      waiting: [cases[0], cases[1], cases[3]],
    });
    const emails = paceActingCases([cases[0], cases[1], cases[3]]);
    expect(emails.waiting).toEqual([]);
    const [merged] = groupActingCases(emails.now, 0, () => 'customer');
    expect(merged).toMatchObject({ stepIndex: 2, channel: 'email' });
    expect(merged.included.map((member) => member.caseId)).toEqual([1, 2, 4]);
  });

  it("sends in the name of the chosen admin, or of the invoices' creator with a fallback", () => {
    expect(chooseSender({ mode: 'user', userId: 3 }, [5])).toBe(3);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [null, 5, 6])).toBe(5);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [null])).toBe(9);
    expect(chooseSender({ mode: 'creator', fallbackUserId: null }, [])).toBeNull();
    // The customer's account owner comes first (issue #22, point 4).
    expect(chooseSender({ mode: 'user', userId: 3 }, [5], 8)).toBe(8);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [5], 8)).toBe(8);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [5], null)).toBe(5);
  });
});

describe('SMTP outcomes, from what nodemailer reports (test/integration/smtp-faults.test.ts)', () => {
  // Each row: the error as observed for a server behaviour, and what it means.
  it.each([
    [
      '(a) connection refused, through the plugin transports',
      { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED', messageSent: false },
      'defer',
    ],
    [
      '(a) connection refused, another transport (no messageSent)',
      { code: 'ESOCKET', command: 'CONN', originalCode: 'ECONNREFUSED' },
      'defer',
    ],
    [
      '(b) closed before the greeting',
      { code: 'ECONNECTION', command: 'CONN', messageSent: false },
      'defer',
    ],
    [
      '(b) closed before the greeting, pool out of requeues',
      { code: 'ECONNECTION', messageSent: false },
      'defer',
    ],
    [
      '(c) 421 at MAIL FROM',
      { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 421, messageSent: false },
      'defer',
    ],
    [
      '(c) 450 at MAIL FROM',
      { code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 450, messageSent: false },
      'defer',
    ],
    [
      '(c) 454 at the DATA command',
      { code: 'EENVELOPE', command: 'DATA', responseCode: 454, messageSent: false },
      'defer',
    ],
    [
      '(c) 451 after the final dot',
      { code: 'EMESSAGE', command: 'DATA', responseCode: 451, messageSent: true },
      'defer',
    ],
    [
      '(c) 450 at RCPT TO',
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450, messageSent: false },
      'retry',
    ],
    [
      '(c) 452 after the final dot',
      { code: 'EMESSAGE', command: 'DATA', responseCode: 452, messageSent: true },
      'retry',
    ],
    [
      '(d) 550 at RCPT TO',
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, messageSent: false },
      'failed',
    ],
    [
      '(d) 554 after the final dot',
      { code: 'EMESSAGE', command: 'DATA', responseCode: 554, messageSent: true },
      'failed',
    ],
    [
      '(e) closed after the final dot',
      { code: 'ECONNECTION', command: 'CONN', messageSent: true },
      'uncertain',
    ],
    [
      '(f) silent after the final dot',
      { code: 'ETIMEDOUT', command: 'CONN', messageSent: true },
      'uncertain',
    ],
    [
      '(b) or (e), another transport: cannot tell',
      { code: 'ECONNECTION', command: 'CONN' },
      'uncertain',
    ],
    ['(f), another transport: cannot tell', { code: 'ETIMEDOUT', command: 'CONN' }, 'uncertain'],
    ['the worker thread died', { code: 'EWORKER' }, 'uncertain'],
    ['nothing known', {}, 'uncertain'],
  ])('%s → %s', (_, error, expected) => {
    expect(classifyMailError(error)).toBe(expected);
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt))).toEqual([
      60000, 120000, 240000, 480000,
    ]);
    expect(retryDelayMs(20)).toBe(3600000);
    expect(retryDelayMs(2, 1000)).toBe(2000);
  });
});

describe('forecast (the tick with a future clock)', () => {
  it('knows ISO weekdays', () => {
    expect(['2026-03-16', '2026-03-21', '2026-03-22'].map(isoWeekday)).toEqual([1, 6, 7]);
  });

  it('walks a case through the coming days on send days only, latest step first when several fall due', () => {
    // Steps on Sun 15 (→ Mon 16), Mon 23, Sat 4 April (→ Mon 6), Sun 19 April (→ Mon 20).
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay: '2026-03-14',
        lastDay: '2026-04-30',
        calendar,
      })
    ).toEqual([
      { day: '2026-03-16', stepIndex: 0 },
      { day: '2026-03-23', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
      { day: '2026-04-20', stepIndex: 3 },
    ]);
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay: '2026-04-01',
        lastDay: '2026-04-10',
        calendar,
      })
    ).toEqual([
      { day: '2026-04-01', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
    ]);
  });

  it("starts a paused customer's walk on the day its pause ends, where the tick sends the step that is due then", () => {
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-14', pausedUntil: null })
    ).toBe('2026-03-14');
    // A customer whose time zone is still on the day before starts with the period.
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-13', pausedUntil: null })
    ).toBe('2026-03-14');
    expect(
      firstDayOfCase({ periodStart: '2026-03-14', customerToday: '2026-03-15', pausedUntil: null })
    ).toBe('2026-03-15');
    expect(
      firstDayOfCase({
        periodStart: '2026-03-14',
        customerToday: '2026-03-14',
        pausedUntil: '2026-03-30',
      })
    ).toBe('2026-03-30');
    // A pause that ended is history.
    expect(
      firstDayOfCase({
        periodStart: '2026-03-14',
        customerToday: '2026-03-14',
        pausedUntil: '2026-03-14',
      })
    ).toBe('2026-03-14');
    // Paused until Mon 30 March: the steps of the 16th and 23rd pass; the one due on the 30th goes, then 6 April.
    const firstDay = firstDayOfCase({
      periodStart: '2026-03-14',
      customerToday: '2026-03-14',
      pausedUntil: '2026-03-30',
    });
    expect(
      stepEvents({
        steps,
        dueDate: '2026-03-20',
        nextStepIndex: 0,
        firstDay,
        lastDay: '2026-04-10',
        calendar,
      })
    ).toEqual([
      { day: '2026-03-30', stepIndex: 1 },
      { day: '2026-04-06', stepIndex: 2 },
    ]);
  });

  it('sums per day as the tick groups: one reminder per customer and step', () => {
    const base = { scenarioId: 1, level: 'Reminder 1', channel: 'email', currency: 'EUR' };
    const [monday, tuesday] = summarizeForecast(
      [
        {
          ...base,
          day: '2026-03-23',
          group: 'a|1|1',
          customerDocumentId: 'a',
          stepIndex: 1,
          amountDue: 100,
        },
        {
          ...base,
          day: '2026-03-23',
          group: 'a|1|1',
          customerDocumentId: 'a',
          stepIndex: 1,
          amountDue: 50.5,
        },
        {
          ...base,
          day: '2026-03-23',
          group: 'b|1|1',
          customerDocumentId: 'b',
          stepIndex: 1,
          amountDue: 20,
          currency: 'GBP',
        },
      ],
      ['2026-03-23', '2026-03-24']
    );
    expect(monday).toEqual({
      day: '2026-03-23',
      reminders: 2,
      customers: 2,
      invoices: 3,
      amounts: [
        { currency: 'EUR', amount: 150.5 },
        { currency: 'GBP', amount: 20 },
      ],
      steps: [{ level: 'Reminder 1', channel: 'email', reminders: 2, invoices: 3 }],
    });
    expect(tuesday).toEqual({
      day: '2026-03-24',
      reminders: 0,
      customers: 0,
      invoices: 0,
      amounts: [],
      steps: [],
    });
  });
});

describe('forecast with pacing and holidays (F4.8)', () => {
  const entry = (customerDocumentId: string, day: string, stepIndex: number): ForecastEntry => ({
    day,
    group: `${customerDocumentId}|7|${stepIndex}`,
    customerDocumentId,
    scenarioId: 7,
    stepIndex,
    level: `Step ${stepIndex}`,
    channel: 'email',
    amountDue: 10,
    currency: 'EUR',
  });

  it('moves a step falling on a French holiday to the next business day', () => {
    const french = { country: 'FR', extraClosedDates: [], weekdays: window.days };
    // Due 5 May 2026: reminder 1 (+3 days) would fall on Friday 8 May, a holiday.
    expect(
      stepEvents({
        steps,
        dueDate: '2026-05-05',
        nextStepIndex: 1,
        firstDay: '2026-05-06',
        lastDay: '2026-05-15',
        calendar: french,
      })
    ).toEqual([{ day: '2026-05-11', stepIndex: 1 }]);
  });

  it('keeps at least N days between two reminders to a customer and sends what falls in between with the next one', () => {
    const paced = paceForecast(
      [
        entry('a', '2026-03-16', 0),
        entry('a', '2026-03-18', 1),
        entry('a', '2026-03-23', 2),
        entry('b', '2026-03-17', 0),
      ],
      { minDays: 5, lastContact: new Map([['b', '2026-03-13']]), calendar }
    );
    expect(paced.map((row) => [row.customerDocumentId, row.day, row.group])).toEqual([
      ['a', '2026-03-16', 'a|2026-03-16'],
      ['a', '2026-03-23', 'a|2026-03-23'], // 18 March waits until 21 March, a Saturday: Monday 23, with step 2
      ['a', '2026-03-23', 'a|2026-03-23'],
      ['b', '2026-03-18', 'b|2026-03-18'], // reached on the 13th: not before the 18th
    ]);
    const [, , , , , , , monday] = summarizeForecast(
      paced,
      Array.from({ length: 8 }, (_, index) => `2026-03-${String(16 + index).padStart(2, '0')}`)
    );
    expect(monday).toMatchObject({ day: '2026-03-23', reminders: 1, invoices: 2 });
  });
});

describe('re-planning after a change of steps (F4.7)', () => {
  const before = [{ level: 'R1' }, { level: 'R2' }, { level: 'R3' }];
  const after = (offsets: number[], levels = ['R1', 'R2', 'R3']) =>
    offsets.map((offsetDays, index) => ({ offsetDays, level: levels[index] }));

  it('never sends a level twice, even moved later than the day it went out', () => {
    // R1 and R2 went out (R2 on 10 March); R2 now falls on the 12th: the case waits for R3.
    expect(
      replannedStepIndex({
        before,
        after: after([3, 12, 25]),
        nextStepIndex: 2,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-11',
      })
    ).toBe(2);
  });

  it('does not miss a step inserted ahead of the last reminder day, nor send one inserted before it', () => {
    const inserted = after([3, 7, 14], ['R1', 'Nudge', 'R2']);
    expect(
      replannedStepIndex({
        before,
        after: inserted,
        nextStepIndex: 1,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-04',
      })
    ).toBe(1);
    expect(
      replannedStepIndex({
        before,
        after: inserted,
        nextStepIndex: 1,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-09',
      })
    ).toBe(2);
  });

  it('starts a case never reminded at the first step, and ends one past every step', () => {
    expect(
      replannedStepIndex({
        before,
        after: after([3, 10, 20]),
        nextStepIndex: 0,
        dueDate: '2026-03-01',
        lastStepDate: null,
      })
    ).toBe(0);
    expect(
      replannedStepIndex({
        before,
        after: after([3, 10]),
        nextStepIndex: 3,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-21',
      })
    ).toBe(2);
  });
});

describe('business days in Europe/Paris across DST (F4.8)', () => {
  const french = { ...window, holidays: { country: 'FR', extraClosedDates: [] } };

  it('moves a step due on the Easter Monday after the spring change to Tuesday 09:00 summer time', () => {
    // Due 3 April 2026, reminder 1 (+3) on Easter Monday 6 April; clocks went forward on 29 March.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-04-03' }),
        window: french,
        now: new Date('2026-04-06T08:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-04-07T07:00:00Z'), stepIndex: 1 });
  });

  it("moves a step due on the Sunday of the autumn change, before All Saints' week, to Monday 09:00 winter time", () => {
    // Sunday 25 October 2026: clocks go back; Monday 26 opens at 09:00 CET = 08:00Z.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-10-22' }),
        window: french,
        now: new Date('2026-10-25T10:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-10-26T08:00:00Z'), stepIndex: 1 });
    // Wednesday 11 November (Armistice) → Thursday 12.
    expect(
      decideCase({
        facts: facts({ nextStepIndex: 1 }, { dueDate: '2026-11-08' }),
        window: french,
        now: new Date('2026-11-11T09:00:00Z'),
      })
    ).toEqual({ kind: 'postpone', at: new Date('2026-11-12T08:00:00Z'), stepIndex: 1 });
  });
});

describe('recipients of a reminder covering several invoices (F1.3)', () => {
  it('keeps every address once, in invoice order, and the first source', () => {
    const merged = mergeRecipients([
      { recipients: [{ address: 'a@x.test' }], source: 'invoice.reminderEmails', invalid: [] },
      {
        recipients: [{ address: 'A@x.test' }, { address: 'b@x.test' }],
        source: 'contact.emails',
        invalid: [{ source: 'contact.emails', address: 'nope' }],
      },
    ]);
    expect(merged).toEqual({
      recipients: [{ address: 'a@x.test' }, { address: 'b@x.test' }],
      source: 'invoice.reminderEmails',
      invalid: [{ source: 'contact.emails', address: 'nope' }],
    });
  });
});

describe('sender notices (F4.4)', () => {
  const item = {
    customerName: 'Acme <Lyon>',
    invoiceNumbers: ['F-1', 'F-2'],
    amount: '150,00 €',
    recipients: ['a@x.test'],
    level: 'Reminder 1',
  };

  it('tells one reminder, or sums a day, in the admin language, escaping the HTML', () => {
    expect(noticeLanguage('fr')).toBe('fr');
    expect(noticeLanguage(null)).toBe('en');
    const one = composeNotice([item], 'en');
    expect(one.subject).toBe('[Dunning] Reminder sent in your name to Acme <Lyon>');
    expect(one.text).toContain('Invoices: F-1, F-2');
    expect(one.html).toContain('Acme &lt;Lyon&gt;');
    expect(composeNotice([item, item], 'fr', '2026-03-23').subject).toBe(
      '[Relances] 2 relances envoyées en votre nom (2026-03-23)'
    );
  });
});
