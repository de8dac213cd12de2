import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A real SMTP server on 127.0.0.1, written on `node:net`, that misbehaves on cue: it can
 * drop a connection before its greeting, refuse a message at MAIL FROM, RCPT TO, DATA or
 * after the final dot, drop or ignore a message it has received in full, or slow a sender
 * down once it has sent too many messages. It keeps every message it received in full
 * (through the terminating `.` line), with its Message-ID, so a test can tell how many
 * copies arrived, whatever the client was told.
 *
 * It answers one command at a time and does not advertise PIPELINING (nodemailer 10
 * pipelines MAIL FROM, RCPT TO and DATA when it is advertised, and sends one command at a
 * time otherwise). It reads what arrives in order, so a client pipelining anyway is still
 * answered correctly. No STARTTLS, no AUTH: clients use `ignoreTLS: true` and no `auth`.
 */

/** Where in a mail transaction a scripted reply replaces the normal one. */
export type SmtpStage = 'MAIL FROM' | 'RCPT TO' | 'DATA' | 'end of data';

/**
 * What the server does. A connection behaviour is taken when a connection opens, a
 * message behaviour when a MAIL FROM arrives (see `FaultySmtpOptions.script`).
 */
export type SmtpBehaviour =
  /** A normal server: 250 to everything, 354 to DATA, 250 after the final dot. */
  | { kind: 'accept' }
  /** Connection-level: accept the TCP connection, then close it before sending the greeting. */
  | { kind: 'close before greeting' }
  /**
   * Answer `code` (with `text`, or a standard text for the code) at `stage`: `'DATA'` is the
   * reply to the DATA command itself, `'end of data'` the reply after the final dot (the
   * message was then received in full). At RCPT TO every recipient gets that reply. After
   * a 421 the server closes the connection, as RFC 5321 says it must.
   */
  | { kind: 'reply'; stage: SmtpStage; code: number; text?: string }
  /** Receive the whole message through the final dot, then close the connection without answering. */
  | { kind: 'close after data' }
  /** Receive the whole message through the final dot, then never answer (the client's socketTimeout ends it). */
  | { kind: 'hang after data' };

/** Shorthands for the behaviours, e.g. `behaviours.reply(450, 'RCPT TO')`. */
export const behaviours = {
  accept: { kind: 'accept' } as SmtpBehaviour,
  closeBeforeGreeting: { kind: 'close before greeting' } as SmtpBehaviour,
  closeAfterData: { kind: 'close after data' } as SmtpBehaviour,
  hangAfterData: { kind: 'hang after data' } as SmtpBehaviour,
  reply: (code: number, stage: SmtpStage, text?: string): SmtpBehaviour => ({
    kind: 'reply',
    stage,
    code,
    text,
  }),
};

/** A short, stable name for a behaviour, as kept on each received message: `'accept'`, `'reply 450 at RCPT TO'`… */
export const describeBehaviour = (behaviour: SmtpBehaviour): string =>
  behaviour.kind === 'reply' ? `reply ${behaviour.code} at ${behaviour.stage}` : behaviour.kind;

/**
 * Throttling: once `max` messages were accepted within the last `windowMs`, answer `code`
 * (421 or 451, default 451) with "4.7.0 too many messages, slow down" at MAIL FROM, until
 * the oldest of them leaves the window. Applies on top of `accept` only (a scripted fault
 * wins). After a 421 the server closes the connection.
 */
export type SmtpThrottle = { max: number; windowMs: number; code?: 421 | 451 };

export type FaultySmtpOptions = {
  /**
   * Behaviours to use once each, in order, before `otherwise`. A connection opening takes the
   * head of the queue if it is a connection behaviour (`close before greeting`); a MAIL FROM
   * takes the head if it is a message behaviour. So `[closeBeforeGreeting, closeAfterData]`
   * drops the first connection, then drops the first message that reaches MAIL FROM.
   */
  script?: SmtpBehaviour[];
  /** What the server does once the script is used up. Default `accept`. A connection behaviour here applies to every connection. */
  otherwise?: SmtpBehaviour;
  /** See `SmtpThrottle`. Off by default. */
  throttle?: SmtpThrottle;
  /** Port to listen on, default a free one (e.g. to start a server where a client was refused before). */
  port?: number;
};

/** A message the server received in full (through the final dot). */
export type FaultyReceivedMail = {
  /** The Message-ID header, angle brackets included, or null when there is none. */
  messageId: string | null;
  envelope: { from: string; to: string[] };
  /** `describeBehaviour` of the behaviour that applied to it. */
  behaviour: string;
  /** The message as sent, dot-stuffing removed, lines ending in CRLF. */
  raw: Buffer;
};

export type FaultySmtp = {
  port: number;
  /** Every message received in full, in order, whatever the server answered (or did not). */
  received: FaultyReceivedMail[];
  /** How many copies of the message with this Message-ID were received in full. */
  copiesOf: (messageId: string) => number;
  /** TCP connections accepted so far (a pool that reconnects shows here). */
  connectionsOpened: number;
  /** TCP connections open now. */
  connectionsOpen: number;
  /** Adds behaviours to the end of the script. */
  queue: (...behaviours: SmtpBehaviour[]) => void;
  /** Replaces what the server does once the script is used up. */
  setOtherwise: (behaviour: SmtpBehaviour) => void;
  /** Destroys every open connection and stops listening. */
  stop: () => Promise<void>;
};

const STANDARD_TEXT: Record<number, string> = {
  250: '2.0.0 OK',
  421: '4.3.2 Service not available, closing transmission channel',
  450: '4.2.1 Mailbox unavailable, try again later',
  451: '4.3.0 Local error in processing',
  452: '4.3.1 Insufficient system storage',
  454: '4.7.0 Temporary authentication failure',
  550: '5.1.1 Mailbox unavailable',
  552: '5.3.4 Message too big',
  554: '5.7.1 Transaction failed',
};
const THROTTLE_TEXT = '4.7.0 too many messages, slow down';

const isConnectionBehaviour = (behaviour: SmtpBehaviour) =>
  behaviour.kind === 'close before greeting';

/** A port on 127.0.0.1 where nothing listens: a connection to it is refused (ECONNREFUSED). */
export const refusedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Starts the server; see `FaultySmtpOptions`. */
export const startFaultySmtp = async (options: FaultySmtpOptions = {}): Promise<FaultySmtp> => {
  const script = [...(options.script ?? [])];
  let otherwise = options.otherwise ?? behaviours.accept;
  const acceptedAt: number[] = [];
  const sockets = new Set<Socket>();

  const takeBehaviour = (level: 'connection' | 'message'): SmtpBehaviour => {
    const wanted = (behaviour: SmtpBehaviour) =>
      isConnectionBehaviour(behaviour) === (level === 'connection');
    if (script.length && wanted(script[0])) return script.shift()!;
    return wanted(otherwise) ? otherwise : behaviours.accept;
  };

  const throttled = () => {
    const throttle = options.throttle;
    if (!throttle) return false;
    const since = Date.now() - throttle.windowMs;
    while (acceptedAt.length && acceptedAt[0] <= since) acceptedAt.shift();
    return acceptedAt.length >= throttle.max;
  };

  const state: FaultySmtp = {
    port: 0,
    received: [],
    copiesOf: (messageId) => state.received.filter((mail) => mail.messageId === messageId).length,
    connectionsOpened: 0,
    connectionsOpen: 0,
    queue: (...more) => {
      script.push(...more);
    },
    setOtherwise: (behaviour) => {
      otherwise = behaviour;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const serve = (socket: Socket) => {
    sockets.add(socket);
    state.connectionsOpened++;
    state.connectionsOpen++;
    socket.on('close', () => {
      sockets.delete(socket);
      state.connectionsOpen--;
    });
    socket.on('error', () => socket.destroy());

    if (takeBehaviour('connection').kind === 'close before greeting') {
      socket.end();
      return;
    }

    /** The message behaviour of the transaction in progress, taken at MAIL FROM. */
    let transaction: { behaviour: SmtpBehaviour; from: string; to: string[] } | null = null;
    let readingData = false;
    let dataLines: string[] = [];
    /** Set once the server closed the connection or stopped answering: what arrives next is ignored. */
    let done = false;
    let pending = '';

    const reply = (code: number, text = STANDARD_TEXT[code] ?? '') => {
      socket.write(`${code} ${text}\r\n`);
      if (code === 421) close();
    };
    const close = () => {
      done = true;
      socket.end();
    };
    const scripted = (stage: SmtpStage) => {
      const behaviour = transaction?.behaviour;
      if (behaviour?.kind !== 'reply' || behaviour.stage !== stage) return false;
      reply(behaviour.code, behaviour.text);
      return true;
    };

    const endOfData = () => {
      readingData = false;
      const current = transaction!;
      transaction = null;
      const raw = Buffer.from(dataLines.map((line) => `${line}\r\n`).join(''), 'latin1');
      dataLines = [];
      state.received.push({
        messageId: messageIdOf(raw),
        envelope: { from: current.from, to: current.to },
        behaviour: describeBehaviour(current.behaviour),
        raw,
      });
      const behaviour = current.behaviour;
      if (behaviour.kind === 'close after data') return close();
      if (behaviour.kind === 'hang after data') {
        done = true;
        return;
      }
      if (behaviour.kind === 'reply' && behaviour.stage === 'end of data')
        return reply(behaviour.code, behaviour.text);
      acceptedAt.push(Date.now());
      reply(250, `2.0.0 OK queued as ${state.received.length}`);
    };

    const command = (line: string) => {
      const verb = (line.match(/^\s*([A-Za-z]+(?: (?:FROM|TO):)?)/i)?.[1] ?? '').toUpperCase();
      const argument = line.slice(line.indexOf(':') + 1);
      const address = argument.match(/<([^>]*)>/)?.[1] ?? argument.trim();
      switch (verb) {
        case 'EHLO':
          return socket.write(
            '250-faulty-smtp.test at your service\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n'
          );
        case 'HELO':
          return reply(250, 'faulty-smtp.test');
        case 'NOOP':
          return reply(250);
        case 'RSET':
          transaction = null;
          return reply(250);
        case 'QUIT':
          socket.write('221 2.0.0 Bye\r\n');
          return close();
        case 'MAIL FROM:': {
          if (transaction) return reply(503, '5.5.1 Nested MAIL command');
          const behaviour = takeBehaviour('message');
          transaction = { behaviour, from: address, to: [] };
          if (scripted('MAIL FROM')) {
            transaction = null;
            return;
          }
          if (behaviour.kind === 'accept' && throttled()) {
            transaction = null;
            return reply(options.throttle!.code ?? 451, THROTTLE_TEXT);
          }
          return reply(250);
        }
        case 'RCPT TO:':
          if (!transaction) return reply(503, '5.5.1 Need MAIL command');
          if (scripted('RCPT TO')) return;
          transaction.to.push(address);
          return reply(250);
        case 'DATA':
          if (!transaction) return reply(503, '5.5.1 Need MAIL command');
          if (!transaction.to.length) return reply(503, '5.5.1 Need RCPT command');
          if (scripted('DATA')) return;
          readingData = true;
          return reply(354, 'End data with <CR><LF>.<CR><LF>');
        default:
          return reply(502, '5.5.2 Command not recognized');
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end).replace(/\r$/, '');
        pending = pending.slice(end + 1);
        if (readingData) {
          if (line === '.') endOfData();
          else dataLines.push(line.startsWith('.') ? line.slice(1) : line);
        } else if (!done) {
          command(line);
        }
      }
    });

    socket.write('220 faulty-smtp.test ESMTP ready\r\n');
  };

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  return state;
};

/** The Message-ID header of a raw message (unfolded), or null. */
const messageIdOf = (raw: Buffer): string | null => {
  const text = raw.toString('latin1');
  const headerEnd = text.indexOf('\r\n\r\n');
  const headers = (headerEnd >= 0 ? text.slice(0, headerEnd) : text).replace(/\r\n[ \t]+/g, ' ');
  return headers.match(/^message-id:\s*(.+?)\s*$/im)?.[1] ?? null;
};
