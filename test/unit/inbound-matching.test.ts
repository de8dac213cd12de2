import { classifyInbound } from '../../src/plugins/dunning/server/src/domain/inbound-classification';
import {
  type ContactAddress,
  matchInbound,
  type MatchInput,
  partiesOf,
  threadingIds,
  type ThreadReminder,
  threadReminderIds,
} from '../../src/plugins/dunning/server/src/domain/inbound-matching';
import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import { EXPECTED, OWN_DOMAIN, readFixture } from '../helpers/inbound-fixtures';

/** Which customer a message belongs to: thread, reply token, sender, else Unassigned. */

const ACME = 'customer-acme';
const BISTRO = 'customer-bistro';

const acmeReminder: ThreadReminder = {
  reminderId: 'hh4a8ktlkogqy0egv1nksy1b',
  customerId: ACME,
  recipients: ['marie.dupont@acme-industries.test'],
};
const contacts: ContactAddress[] = [
  { customerId: ACME, address: 'Marie.Dupont@acme-industries.test' },
  { customerId: ACME, address: 'compta@acme-industries.test' },
  { customerId: BISTRO, address: 'paul.bernard@gmail.test' },
  { customerId: BISTRO, address: 'shared@accounting-firm.test' },
  { customerId: ACME, address: 'shared@accounting-firm.test' },
];

const input = (overrides: Partial<MatchInput>): MatchInput => ({
  threadIds: [],
  reminders: [],
  replyToken: null,
  parties: [],
  contacts,
  ...overrides,
});

describe('matchInbound', () => {
  it('matches by the thread when the sender is a contact or a recipient of that reminder', () => {
    const thread = { threadIds: [acmeReminder.reminderId], reminders: [acmeReminder] };
    for (const sender of ['MARIE.DUPONT@acme-industries.test', 'compta@acme-industries.test'])
      expect(matchInbound(input({ ...thread, parties: [sender] }))).toEqual({
        via: 'thread',
        customerId: ACME,
        reminderId: acmeReminder.reminderId,
      });
  });

  it("leaves Unassigned an In-Reply-To copied from another customer's reminder", () => {
    const forged = input({
      threadIds: [acmeReminder.reminderId],
      reminders: [acmeReminder],
      parties: ['paul.bernard@gmail.test'],
      // A valid token or the sender's own customer does not rescue a forged thread.
      replyToken: { customerId: BISTRO, reminderId: null },
    });
    expect(matchInbound(forged)).toEqual({
      via: 'unassigned',
      reason: 'thread-sender-mismatch',
      claimedReminderId: acmeReminder.reminderId,
    });
    expect(matchInbound({ ...forged, parties: [] }).via).toBe('unassigned');
  });

  it('takes the first threading id that names a reminder of ours', () => {
    const bistroReminder = { reminderId: 'r-bistro', customerId: BISTRO, recipients: [] };
    expect(
      matchInbound(
        input({
          threadIds: ['deleted-reminder', 'r-bistro', acmeReminder.reminderId],
          reminders: [acmeReminder, bistroReminder],
          parties: ['paul.bernard@gmail.test'],
        })
      )
    ).toEqual({ via: 'thread', customerId: BISTRO, reminderId: 'r-bistro' });
  });

  it('then the signed reply-to token, then the sender among the contacts', () => {
    expect(
      matchInbound(input({ replyToken: { customerId: BISTRO, reminderId: 'r1' }, parties: [] }))
    ).toEqual({ via: 'reply-token', customerId: BISTRO, reminderId: 'r1' });
    expect(
      matchInbound(input({ threadIds: ['unknown'], parties: ['paul.bernard@gmail.test'] }))
    ).toEqual({
      via: 'sender',
      customerId: BISTRO,
    });
  });

  it('leaves Unassigned a stranger, and an address two customers share', () => {
    expect(matchInbound(input({ parties: ['stranger@else.test'] }))).toEqual({
      via: 'unassigned',
      reason: 'no-match',
      claimedReminderId: null,
    });
    expect(matchInbound(input({ parties: ['shared@accounting-firm.test'] }))).toMatchObject({
      via: 'unassigned',
      reason: 'ambiguous-sender',
    });
  });
});

describe('threadingIds, threadReminderIds and partiesOf on the fixtures', () => {
  const read = async (name: string) => {
    const parsed = await parseInbound(readFixture(name));
    if (!parsed.ok) throw new Error(parsed.detail);
    const classification = classifyInbound(parsed.message, {
      ownDomain: OWN_DOMAIN,
      receivedAt: new Date('2026-01-07T12:00:00Z'),
    });
    return { message: parsed.message, classification };
  };

  it.each(Object.entries(EXPECTED).filter(([, expected]) => expected.kind !== 'own'))(
    '%s names its reminder first',
    async (name, expected) => {
      const { message, classification } = await read(name);
      const ids = threadReminderIds(threadingIds(message, classification), OWN_DOMAIN);
      expect(ids[0] ?? null).toBe(expected.reminderId);
    }
  );

  it('reads a Gmail References chain from the parent back', async () => {
    const { message, classification } = await read('reply-gmail.eml');
    expect(threadReminderIds(threadingIds(message, classification), OWN_DOMAIN)).toEqual([
      'jtpctpo13o3rnnt4svqrnllo',
      'riduxcbmjeosudqb5qjcws1k',
    ]);
  });

  it('takes only our own domain, and reminders, not notices', () => {
    expect(
      threadReminderIds(
        ['reminder-abc@other.test', 'notice-x@example.test', 'REMINDER-def@EXAMPLE.test'],
        OWN_DOMAIN
      )
    ).toEqual(['def']);
  });

  it('speaks for the sender of a reply and the original recipient of a bounce', async () => {
    const reply = await read('reply-outlook.eml');
    expect(partiesOf(reply.message, reply.classification)).toEqual([
      'marie.dupont@acme-industries.test',
    ]);
    const bounce = await read('dsn-postfix.eml');
    expect(partiesOf(bounce.message, bounce.classification)).toEqual(['jean.petit@gone.test']);
  });
});
