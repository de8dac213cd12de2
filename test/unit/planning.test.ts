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

describe('planning a paused customer', () => {
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
