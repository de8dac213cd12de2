import { zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import {
  planCases,
  type PlanningInput,
  senderCandidates,
} from '../../src/plugins/dunning/server/src/domain/planning';
import type {
  CustomerRecord,
  InvoiceRecord,
} from '../../src/plugins/dunning/server/src/domain/records';
import { DEFAULT_SETTINGS } from '../../src/plugins/dunning/shared/contracts/settings';

const customer = (pausedUntil: string | null): CustomerRecord => ({
  documentId: 'c1',
  name: 'Acme',
  reference: null,
  segment: null,
  locale: 'fr-FR',
  timezone: 'America/New_York',
  address: null,
  phone: null,
  stopDunning: false,
  stopDunningReason: null,
  pausedUntil,
  pauseReason: pausedUntil && 'Merger',
  ownerId: null,
  disputed: false,
  scenarioDocumentId: null,
  favouriteContact: null,
});
const invoiceOf = (pausedUntil: string | null): InvoiceRecord => ({
  documentId: 'i1',
  number: 'F-1',
  issueDate: null,
  dueDate: '2026-04-01',
  total: 100,
  amountDue: 100,
  currency: 'EUR',
  status: 'open',
  paidAt: null,
  disputed: false,
  promisedPaymentDate: null,
  reminderEmails: 'ap@acme.test',
  automaticReminders: true,
  pdf: null,
  creatorId: null,
  paymentUrl: null,
  customer: customer(pausedUntil),
  contact: null,
});
const settings = {
  ...DEFAULT_SETTINGS.automatic,
  enabled: true,
  sender: { mode: 'user' as const, userId: 1 },
  sendWindow: {
    startHour: 9,
    endHour: 18,
    days: [1, 2, 3, 4, 5, 6, 7],
    timezone: 'Europe/Paris',
    holidays: { country: null, extraClosedDates: [] },
  },
};
const scenario = {
  id: 7,
  steps: [
    { offsetDays: 3, channel: 'email' as const, templateDocumentId: 't1', level: 'Reminder 1' },
  ],
};
/** 2026-04-04 (the step's day) at noon in New York, the customer's time zone. */
const now = zonedInstant('2026-04-04', 12, 'America/New_York');
const input = (pausedUntil: string | null): PlanningInput => ({
  now,
  settings,
  scenarios: new Map([[7, scenario]]),
  defaultScenario: scenario,
  templates: new Map([['t1', { id: 1, type: 'reminder' }]]),
  timezone: 'Europe/Paris',
  cases: [
    {
      id: 11,
      invoiceDocumentId: 'i1',
      customerDocumentId: 'c1',
      nextStepIndex: 0,
      scenarioId: 7,
    },
  ],
  invoices: new Map([['i1', invoiceOf(pausedUntil)]]),
  senders: new Map([[1, { id: 1, name: 'Louise', email: 'louise@ourco.test', maySend: true }]]),
  lastContact: new Map(),
});

describe('planning a paused customer', () => {
  it("plans nothing while paused and looks again when the window opens on the day the pause ends, in the customer's time zone", () => {
    const planning = planCases(input('2026-04-09'));
    expect(planning.reminders).toEqual([]);
    expect(planning.paused).toBe(1);
    expect(planning.updates).toEqual([
      {
        id: 11,
        data: {
          nextActionAt: zonedInstant(
            '2026-04-09',
            settings.sendWindow.startHour,
            'America/New_York'
          ),
        },
      },
    ]);
  });

  it("sends in the name of the customer's account owner when it has one", () => {
    const owned = input(null);
    owned.invoices.get('i1')!.customer!.ownerId = 2;
    expect(senderCandidates(settings, owned.invoices.values())).toEqual([1, 2]);
    owned.senders.set(2, { id: 2, name: 'Owner', email: 'owner@ourco.test', maySend: true });
    expect(
      planCases(owned).reminders.map((reminder) => [
        reminder.links.sender,
        reminder.data.senderEmail,
      ])
    ).toEqual([[2, 'owner@ourco.test']]);
    expect(planCases(input(null)).reminders.map((reminder) => reminder.links.sender)).toEqual([1]);
  });

  it('plans the step on the day the pause ends, and when none is set', () => {
    for (const pausedUntil of ['2026-04-04', null]) {
      const planning = planCases(input(pausedUntil));
      expect(planning.paused).toBe(0);
      expect(
        planning.reminders.map((reminder) => [reminder.data.status, reminder.data.level])
      ).toEqual([['queued', 'Reminder 1']]);
    }
  });
});

describe('planning a page of due cases (SPEC F4.3)', () => {
  /** The customer's second invoice, due the same day, on the same step. */
  const withSecondInvoice = () => {
    const planned = input(null);
    planned.cases.push({
      id: 12,
      invoiceDocumentId: 'i2',
      customerDocumentId: 'c1',
      nextStepIndex: 0,
      scenarioId: 7,
    });
    planned.invoices.set('i2', {
      ...invoiceOf(null),
      documentId: 'i2',
      number: 'F-2',
      amountDue: 50.5,
    });
    return planned;
  };

  it("plans one reminder for a customer's invoices on the same step, queued at once for e-mail", () => {
    const { reminders, updates } = planCases(withSecondInvoice());
    expect(updates).toEqual([]);
    expect(reminders).toHaveLength(1);
    const [reminder] = reminders;
    expect(reminder.data).toMatchObject({
      type: 'reminder',
      channel: 'email',
      status: 'queued',
      trigger: 'automatic',
      customerDocumentId: 'c1',
      amount: 150.5,
      invoiceCount: 2,
      currency: 'EUR',
      level: 'Reminder 1',
      stepIndex: 0,
      senderEmail: 'louise@ourco.test',
      recipients: [{ address: 'ap@acme.test' }],
      plannedFor: now,
    });
    expect(reminder.data.invoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'F-1',
      'F-2',
    ]);
    expect(reminder.links).toEqual({ cases: [11, 12], sender: 1, template: 1, scenario: 7 });
  });

  it('moves each case on from the step it was read at, closing it after the last step', () => {
    const [reminder] = planCases(withSecondInvoice()).reminders;
    expect(
      reminder.advances.map(({ caseId, fromStepIndex, data }) => [caseId, fromStepIndex, data])
    ).toEqual(
      [11, 12].map((caseId) => [
        caseId,
        0,
        expect.objectContaining({
          nextStepIndex: 1,
          lastStepIndex: 0,
          lastStepDate: '2026-04-04',
          state: 'closed',
          stateReason: 'completed',
        }),
      ])
    );
    expect(reminder.withdraw.caseIds).toEqual([11, 12]);
  });

  it('gives the same reminder the same idempotency key when the page is planned again', () => {
    expect(planCases(withSecondInvoice()).reminders[0].data.idempotencyKey).toBe(
      planCases(withSecondInvoice()).reminders[0].data.idempotencyKey
    );
    expect(planCases(withSecondInvoice()).reminders[0].data.idempotencyKey).not.toBe(
      planCases(input(null)).reminders[0].data.idempotencyKey
    );
  });

  it('closes the case of a paid invoice, and plans nothing for it', () => {
    const paid = input(null);
    paid.invoices.get('i1')!.status = 'paid';
    expect(planCases(paid)).toMatchObject({
      reminders: [],
      updates: [{ id: 11, data: { state: 'closed', stateReason: 'paid', nextActionAt: null } }],
      closed: 1,
    });
  });

  it("looks again when the send window opens, in the customer's time zone", () => {
    const early = input(null);
    early.now = zonedInstant('2026-04-04', 6, 'America/New_York');
    expect(planCases(early)).toMatchObject({
      reminders: [],
      updates: [
        { id: 11, data: { nextActionAt: zonedInstant('2026-04-04', 9, 'America/New_York') } },
      ],
      postponed: 1,
    });
  });

  it('leaves a letter for a person in the batch view: planned, not queued', () => {
    const letter = input(null);
    letter.scenarios.set(7, {
      id: 7,
      steps: [{ ...scenario.steps[0], channel: 'letter' as const }],
    });
    expect(
      planCases(letter).reminders.map((reminder) => [reminder.data.channel, reminder.data.status])
    ).toEqual([['letter', 'planned']]);
  });
});
