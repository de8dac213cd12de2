import { ImapFlow } from 'imapflow';

import { classifyInbound } from '../../src/plugins/dunning/server/src/domain/inbound-classification';
import { inboundKey } from '../../src/plugins/dunning/server/src/domain/inbound-key';
import {
  threadingIds,
  threadReminderIds,
} from '../../src/plugins/dunning/server/src/domain/inbound-matching';
import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import { describeWithDovecot, type ImapServer, startImapServer } from '../helpers/imap';
import {
  EXPECTED,
  fixtureNames,
  messageWithParts,
  OWN_DOMAIN,
  readFixture,
} from '../helpers/inbound-fixtures';

/**
 * Every inbound fixture APPENDed to a real Dovecot as a mail client delivers it, read back
 * with imapflow (the whole source, over TLS), parsed and classified: each one's class,
 * failed recipients, return date and threading id.
 */

describeWithDovecot('inbound mail read from a real IMAP server', () => {
  let server: ImapServer;
  let client: ImapFlow;
  const uids = new Map<string, number>();

  beforeAll(async () => {
    server = await startImapServer();
    for (const name of fixtureNames()) uids.set(name, await server.append(readFixture(name)));
    uids.set('parts-1000', await server.append(messageWithParts(1000)));
    await server.append(readFixture('dsn-postfix.eml'), 'Bounces');
    client = new ImapFlow(server.options('implicit'));
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  /** Dovecot stores a NUL byte of an APPEND as 0x80: a literal is CHAR8, no NUL (RFC 9051 §9). */
  const asStored = (raw: Buffer) => Buffer.from(raw.map((byte) => (byte === 0 ? 0x80 : byte)));

  /** The raw source of the message with `uid` in INBOX. */
  const source = async (uid: number): Promise<Buffer> => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) throw new Error(`no message ${uid}`);
      return message.source;
    } finally {
      lock.release();
    }
  };

  it('connects over TLS with the server certificate, and with STARTTLS', async () => {
    expect(client.secureConnection).toBe(true);
    const starttls = new ImapFlow(server.options('starttls'));
    await starttls.connect();
    expect(starttls.secureConnection).toBe(true);
    await starttls.logout();
  });

  it('holds every fixture in INBOX, and the folder appended to', async () => {
    const count = async (path: string) => {
      const status = await client.status(path, { messages: true });
      return status ? status.messages : null;
    };
    expect(await count('INBOX')).toBe(fixtureNames().length + 1);
    expect(await count('Bounces')).toBe(1);
  });

  it.each(Object.entries(EXPECTED))(
    '%s reads back as it was written (NUL aside)',
    async (name, expected) => {
      const raw = await source(uids.get(name)!);
      expect(raw.equals(asStored(readFixture(name)))).toBe(true);
      const parsed = await parseInbound(raw);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.reason} ${parsed.detail}`);
      const classification = classifyInbound(parsed.message, {
        ownDomain: OWN_DOMAIN,
        receivedAt: new Date('2026-01-07T12:00:00Z'),
      });
      expect(classification.kind).toBe(expected.kind);

      const reminderIds = threadReminderIds(
        threadingIds(parsed.message, classification),
        OWN_DOMAIN
      );
      if (classification.kind === 'own')
        expect(threadReminderIds([classification.messageId], OWN_DOMAIN)).toEqual([
          expected.reminderId,
        ]);
      else expect(reminderIds[0] ?? null).toBe(expected.reminderId);

      if (classification.kind === 'auto-reply') {
        expect(classification.signal.header).toBe(expected.signal);
        expect(classification.returnDate?.date ?? null).toBe(expected.returnDate);
      }
      if (classification.kind === 'dsn')
        expect(
          classification.recipients.map(({ recipient, action, status, permanent }) => ({
            recipient,
            action,
            status,
            permanent,
          }))
        ).toEqual(expected.failures);
      if (expected.text) expect(parsed.message.text).toContain(expected.text);
    }
  );

  it('refuses the thousand-part message as an error with its once-key, without crashing', async () => {
    const parsed = await parseInbound(await source(uids.get('parts-1000')!));
    expect(parsed).toMatchObject({ ok: false, reason: 'too-many-parts' });
    if (parsed.ok) return;
    expect(inboundKey(parsed.messageId, parsed.rawSha256).source).toBe('message-id');
  });

  it('gives a message read twice the same once-key', async () => {
    const keyOf = async (uid: number) => {
      const parsed = await parseInbound(await source(uid));
      if (!parsed.ok) throw new Error(parsed.detail);
      return inboundKey(parsed.message.messageId, parsed.message.rawSha256).key;
    };
    const uid = uids.get('reply-gmail.eml')!;
    expect(await keyOf(uid)).toBe(await keyOf(uid));
  });

  it('streams a source through the parser as it is downloaded', async () => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const { content } = await client.download(String(uids.get('dsn-gmail.eml')!), undefined, {
        uid: true,
      });
      if (!content) throw new Error('no content downloaded');
      const parsed = await parseInbound(content);
      expect(parsed.ok && parsed.message.deliveryStatus).toContain('Status: 5.1.1');
    } finally {
      lock.release();
    }
  });
});
