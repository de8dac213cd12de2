/**
 * Whether a message was written to the SMTP server in full. nodemailer reports a
 * connection closed before the greeting and one closed after the final dot with the
 * same error (`ECONNECTION`, command `CONN`), and a server silent after the final dot
 * as `ETIMEDOUT`, command `CONN` (test/integration/smtp-faults.test.ts): from the
 * error alone, nobody can tell whether the server may hold the message. This wraps a
 * nodemailer transporter (SMTP, pooled or not) so that every error it reports carries
 * `messageSent`: true once the server's side has read the whole message (the final dot
 * follows it, so the server may have it), false before.
 *
 * It is written self-contained, because the SMTP worker thread runs it from its source
 * text.
 */
/** What this reads of the message nodemailer sends: the stream of its text. */
export type OutgoingMessage = {
  message: {
    createReadStream: (...args: unknown[]) => {
      once: (event: 'end', listener: () => void) => unknown;
    };
  };
};

/** How a transporter answers a send: its error (`messageSent` added here), or what the server said. */
type SendCallback<Info> = (error: (Error & { messageSent?: boolean }) | null, info?: Info) => void;

export function trackMessageSent<Info>(transporter: {
  send: (mail: OutgoingMessage, callback: SendCallback<Info>) => void;
}) {
  const send = transporter.send.bind(transporter);
  transporter.send = (mail, callback) => {
    let messageSent = false;
    // The stream the transport sends: nodemailer creates it before MAIL FROM and composes
    // into its buffer at once, but only the DATA phase (after the server's 354) reads it,
    // and it ends once its last byte was read for the server, just before the final dot.
    // (A transform's flush would fire when composing ends, before anything was sent.)
    const createReadStream = mail.message.createReadStream.bind(mail.message);
    mail.message.createReadStream = (...args: unknown[]) => {
      const stream = createReadStream(...args);
      stream.once('end', () => {
        messageSent = true;
      });
      return stream;
    };
    send(mail, (error, info) => {
      if (error && typeof error === 'object') error.messageSent = messageSent;
      callback(error, info);
    });
  };
  return transporter;
}
