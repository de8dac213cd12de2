import {
  acceptedOutcome,
  failureOf,
  refusedOutcome,
  type SendError,
} from '../../src/plugins/dunning/server/src/domain/send-outcome';

/** How a hand-off ends on the reminder's record (docs/engine.md, "Outcomes, from what nodemailer reports"). */

const at = new Date('2026-03-02T09:00:00Z');
const policy = { maxAttempts: 3, retryBaseMs: 60000 };
const smtpError = (fields: Partial<SendError>): SendError => ({
  name: 'Error',
  message: 'boom',
  ...fields,
});

describe('failureOf', () => {
  it('fails a message the mailer refused to build, whatever nodemailer would say', () => {
    expect(failureOf(smtpError({ name: 'MailInputError', message: 'to: not an address' }))).toBe(
      'failed'
    );
    expect(
      failureOf(smtpError({ name: 'MailInputError', code: 'ECONNECTION', messageSent: false }))
    ).toBe('failed');
  });

  it('otherwise reads the error as classifyMailError does', () => {
    expect(failureOf(smtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toBe('defer');
    expect(failureOf(smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 450 }))).toBe(
      'retry'
    );
    expect(failureOf(smtpError({ responseCode: 550 }))).toBe('failed');
    expect(failureOf(smtpError({ code: 'ETIMEDOUT', command: 'CONN', messageSent: true }))).toBe(
      'uncertain'
    );
  });
});

describe('acceptedOutcome', () => {
  it('records the server’s answer and clears the retry state', () => {
    expect(acceptedOutcome({ messageId: '<m@x>', response: '250 OK' }, 2, at)).toEqual({
      status: 'sent',
      data: {
        messageId: '<m@x>',
        serverResponse: '250 OK',
        sentAt: at,
        attempts: 2,
        error: null,
        statusReason: null,
        nextAttemptAt: null,
      },
    });
  });
});

describe('refusedOutcome', () => {
  it('queues a deferred send until the instance asks again, counting no attempt', () => {
    const until = new Date('2026-03-02T09:04:00Z');
    const error = smtpError({ message: 'Connection refused', code: 'ESOCKET' });
    const outcome = refusedOutcome(error, { failure: 'defer', until }, 2, at, policy);
    expect(outcome).toEqual({
      status: 'queued',
      data: {
        error: 'Connection refused',
        serverResponse: null,
        nextAttemptAt: until,
        statusReason: 'esocket',
      },
      note: 'Connection refused — nothing left; the server is asked again at 2026-03-02T09:04:00.000Z',
    });
    expect(outcome.data).not.toHaveProperty('attempts');
  });

  it('queues a refusal for now after a backoff, then fails it once the attempts run out', () => {
    const error = smtpError({ message: 'try later', responseCode: 450, response: '450 busy' });
    expect(refusedOutcome(error, { failure: 'retry' }, 2, at, policy)).toEqual({
      status: 'queued',
      data: {
        error: 'try later',
        serverResponse: '450 busy',
        attempts: 2,
        nextAttemptAt: new Date('2026-03-02T09:02:00Z'),
        statusReason: 'smtp_450',
      },
      note: 'try later — retry 3 of 3 at 2026-03-02T09:02:00.000Z',
    });
    expect(refusedOutcome(error, { failure: 'retry' }, 3, at, policy)).toEqual({
      status: 'failed',
      data: {
        error: 'try later',
        serverResponse: '450 busy',
        attempts: 3,
        statusReason: 'smtp_450',
        failedAt: at,
      },
      note: 'try later',
    });
  });

  it('fails a refusal for good at once', () => {
    const error = smtpError({ message: 'no such user', responseCode: 550 });
    expect(refusedOutcome(error, { failure: 'failed' }, 1, at, policy)).toMatchObject({
      status: 'failed',
      data: { attempts: 1, statusReason: 'smtp_550', failedAt: at },
    });
  });

  it('flags a send the server may hold as uncertain, never to be retried', () => {
    const error = smtpError({ message: 'Timeout', code: 'ETIMEDOUT' });
    expect(refusedOutcome(error, { failure: 'uncertain' }, 1, at, policy)).toEqual({
      status: 'uncertain',
      data: { error: 'Timeout', serverResponse: null, attempts: 1, statusReason: 'etimedout' },
      note: 'Timeout',
    });
  });

  it('names an error without code or answer `error`', () => {
    expect(
      refusedOutcome(smtpError({}), { failure: 'uncertain' }, 1, at, policy).data
    ).toMatchObject({ statusReason: 'error' });
  });
});
