import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The inbound mail fixtures (`test/fixtures/inbound/*.eml`), what each is expected to be, and
 * the generated messages no file should hold (a thousand parts, 25 MB). The files are kept
 * with LF line ends to be read in review; they are read with CRLF, the wire form (RFC 5322
 * §2.1).
 */

export const FIXTURES_DIR = join(__dirname, '../fixtures/inbound');

/** The domain of our Message-IDs in the fixtures (config/plugins.ts's `defaultFrom`). */
export const OWN_DOMAIN = 'example.test';

/** Bytes as a mail client sends them: every line ended by CRLF. */
export const withCrlf = (raw: Buffer): Buffer => {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text, 'latin1');
};

export const readFixture = (name: string): Buffer =>
  withCrlf(readFileSync(join(FIXTURES_DIR, name)));

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.eml'))
    .sort();

export type ExpectedFailure = {
  recipient: string;
  action: 'failed' | 'delayed';
  status: string | null;
  permanent: boolean;
};

export type Expected = {
  kind: 'human' | 'auto-reply' | 'dsn' | 'own';
  /** The reminder documentId the message is threaded to (for a bounce: the returned one). */
  reminderId: string | null;
  /** The header that marks an automatic answer. */
  signal?: string;
  returnDate?: string | null;
  failures?: ExpectedFailure[];
  /** A phrase of the text that must survive parsing. */
  text?: string;
};

/** Every fixture file and what it is. */
export const EXPECTED: Record<string, Expected> = {
  'reply-outlook.eml': {
    kind: 'human',
    reminderId: 'hh4a8ktlkogqy0egv1nksy1b',
    text: 'Le virement a été ordonné ce matin',
  },
  'reply-gmail.eml': {
    kind: 'human',
    reminderId: 'jtpctpo13o3rnnt4svqrnllo',
    text: 'Je conteste le montant',
  },
  'reply-apple-mail.eml': {
    kind: 'human',
    reminderId: 'xugfwsggz6vcn0l4wxoa9ouf',
    text: 'We paid this one on 2 January',
  },
  'ooo-exchange-fr.eml': {
    kind: 'auto-reply',
    reminderId: 'hh4a8ktlkogqy0egv1nksy1b',
    signal: 'auto-submitted',
    returnDate: '2026-01-15',
  },
  'ooo-gmail-en.eml': {
    kind: 'auto-reply',
    reminderId: 'xugfwsggz6vcn0l4wxoa9ouf',
    signal: 'auto-submitted',
    returnDate: '2026-01-15',
  },
  'ooo-fr-until-numeric.eml': {
    kind: 'auto-reply',
    reminderId: 'riduxcbmjeosudqb5qjcws1k',
    signal: 'auto-submitted',
    returnDate: '2026-01-12',
  },
  'ooo-en-until-weekday.eml': {
    kind: 'auto-reply',
    reminderId: 'k0fol7m123cbpfejavrg0jkm',
    signal: 'x-autorespond',
    returnDate: '2026-01-12',
  },
  'ooo-no-date.eml': {
    kind: 'auto-reply',
    reminderId: 'hh4a8ktlkogqy0egv1nksy1b',
    signal: 'x-ms-exchange-inbox-rules-loop',
    returnDate: null,
  },
  'dsn-postfix.eml': {
    kind: 'dsn',
    reminderId: 'vxo2ooagr9gb7cim3pl7i9v7',
    failures: [
      { recipient: 'jean.petit@gone.test', action: 'failed', status: '5.1.1', permanent: true },
    ],
  },
  'dsn-exim.eml': {
    kind: 'dsn',
    reminderId: 'ayc3avzdrxyn18lep4qir0np',
    failures: [
      { recipient: 'accounts@nowhere.test', action: 'failed', status: '5.0.0', permanent: true },
    ],
  },
  'dsn-office365.eml': {
    kind: 'dsn',
    reminderId: 'bg14he7r96oltvxaetf5wa97',
    failures: [
      {
        recipient: 'claire.moreau@contoso.test',
        action: 'failed',
        status: '5.1.10',
        permanent: true,
      },
    ],
  },
  'dsn-gmail.eml': {
    kind: 'dsn',
    reminderId: 'p7t7jzvf18izr93n2i6w5n16',
    failures: [
      {
        recipient: 'sophie.martin@gmail.test',
        action: 'failed',
        status: '5.1.1',
        permanent: true,
      },
    ],
  },
  'dsn-delayed.eml': {
    kind: 'dsn',
    reminderId: 'tjbqgr055hku0b64yv4aksfz',
    failures: [
      { recipient: 'ap@slowmx.test', action: 'delayed', status: '4.4.1', permanent: false },
    ],
  },
  'own-reminder-copy.eml': { kind: 'own', reminderId: 'jqskre6az0xo69sy1xr0ckdp' },
  'malformed-boundary.eml': {
    kind: 'human',
    reminderId: null,
    text: 'Bonjour, le paiement est parti hier.',
  },
  'unknown-charset.eml': { kind: 'human', reminderId: null, text: 'VIR-0042' },
  'html-script.eml': {
    kind: 'human',
    reminderId: 'xugfwsggz6vcn0l4wxoa9ouf',
    text: 'Payment scheduled for Friday.',
  },
};

/** A message of `count` MIME parts (a multipart/mixed of small text parts), CRLF. */
export const messageWithParts = (count: number): Buffer => {
  const boundary = 'many-parts-boundary';
  const lines = [
    'From: Many Parts <parts@acme-industries.test>',
    'To: billing@example.test',
    'Subject: A thousand parts',
    'Date: Wed, 7 Jan 2026 13:00:00 +0100',
    `Message-ID: <parts-${count}@acme-industries.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
  ];
  for (let part = 1; part <= count; part++) {
    lines.push(`--${boundary}`, 'Content-Type: text/plain; charset=us-ascii', '', `Part ${part}.`);
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'), 'latin1');
};

/** A message of about `bytes` bytes: one base64 attachment, CRLF. */
export const messageOfSize = (bytes: number): Buffer => {
  const head = [
    'From: Big Scan <scan@acme-industries.test>',
    'To: billing@example.test',
    'Subject: Scanned remittance',
    'Date: Wed, 7 Jan 2026 14:00:00 +0100',
    'Message-ID: <big-scan@acme-industries.test>',
    'MIME-Version: 1.0',
    'Content-Type: application/octet-stream; name="scan.tif"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  const line = `${'QUJD'.repeat(18)}\r\n`;
  return Buffer.from(head + line.repeat(Math.ceil(bytes / line.length)), 'latin1');
};
