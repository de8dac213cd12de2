import {
  type ActingCase,
  chooseSender,
  groupActingCases,
  groupKey,
  paceActingCases,
  plannedStatus,
} from '../../src/plugins/dunning/server/src/domain/grouping';
import {
  ADDRESS_BOUNCED,
  ADDRESS_REASONS,
} from '../../src/plugins/dunning/server/src/domain/suppressions';

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
    // The customer's account owner comes first (README.md, "Account owners").
    expect(chooseSender({ mode: 'user', userId: 3 }, [5], 8)).toBe(8);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [5], 8)).toBe(8);
    expect(chooseSender({ mode: 'creator', fallbackUserId: 9 }, [5], null)).toBe(5);
  });
});

describe('a planned reminder whose addresses all bounced', () => {
  const acting: ActingCase = {
    caseId: 1,
    nextStepIndex: 1,
    scenarioId: 1,
    stepIndex: 1,
    skipped: [],
    channel: 'email',
    automatic: true,
    invoice: { documentId: 'i1', amountDue: 100, dueDate: '2026-03-01' },
    exclusion: null,
  };

  it('is created not sent, "address bounced", a reason "Contacts to fix" lists like a missing address', () => {
    const [group] = groupActingCases([acting], 0);
    expect(plannedStatus({ group, hasRecipients: false, bounced: true, sender: 'ok' })).toEqual({
      status: 'not_sent',
      reason: ADDRESS_BOUNCED,
    });
    expect(plannedStatus({ group, hasRecipients: false, bounced: false, sender: 'ok' })).toEqual({
      status: 'not_sent',
      reason: 'no_address',
    });
    // One address left is enough: it goes out.
    expect(plannedStatus({ group, hasRecipients: true, bounced: true, sender: 'ok' })).toEqual({
      status: 'queued',
      reason: null,
    });
    expect(ADDRESS_REASONS).toEqual(['no_address', 'address_bounced']);
  });
});
