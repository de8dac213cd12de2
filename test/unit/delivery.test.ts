import {
  classifyMailError,
  retryDelayMs,
} from '../../src/plugins/dunning/server/src/domain/delivery';

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
