/**
 * Whether a message was written to the SMTP server in full. nodemailer reports a
 * connection closed before the greeting and one closed after the final dot with the
 * same error (`ECONNECTION`, command `CONN`), and a server silent after the final dot
 * as `ETIMEDOUT`, command `CONN` (test/integration/smtp-faults.test.ts): from the
 * error alone, nobody can tell whether the server may hold the message. This wraps a
 * nodemailer transporter (SMTP, pooled or not) so that every error it reports carries
 * `messageSent`: true once the whole message went through the stream that feeds the
 * DATA phase (the final dot follows it, so the server may have it), false before.
 *
 * It is written self-contained, requiring what it needs itself, because the SMTP
 * worker thread runs it from its source text.
 */
export function trackMessageSent(transporter: { send: (mail: any, callback: (error: any, info?: any) => void) => void }) {
  const { Transform } = require('node:stream');
  const send = transporter.send.bind(transporter);
  transporter.send = (mail, callback) => {
    let messageSent = false;
    // A transform of the message's own stream: it ends when the last byte of the message
    // has been read for the server, just before the line that ends DATA.
    mail.message.transform(
      () =>
        new Transform({
          transform(chunk: Buffer, _encoding: string, done: (error: null, chunk: Buffer) => void) {
            done(null, chunk);
          },
          flush(done: () => void) {
            messageSent = true;
            done();
          },
        })
    );
    send(mail, (error, info) => {
      if (error && typeof error === 'object') error.messageSent = messageSent;
      callback(error, info);
    });
  };
  return transporter;
}
