import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { ImapFlow, type ImapFlowOptions } from 'imapflow';

/**
 * A real IMAP server for the tests: Debian's Dovecot (`dovecot-imapd`, installed by
 * `.ci/run`), started in the foreground on free loopback ports with a throwaway configuration
 * in a temporary directory (its own base_dir, state, log, Maildir and passwd-file user), and
 * removed with it. Messages are APPENDed as a mail client delivers them (docs/inbound.md).
 *
 * Two ports: `port` (plain, STARTTLS offered) and `tlsPort` (TLS from the first byte, the
 * plugin's default), with a self-signed certificate for `localhost` and 127.0.0.1 made here
 * with `openssl`. Dovecot counts loopback connections as secured, so plaintext
 * authentication works on `port` without TLS too.
 *
 * As root, Dovecot runs its login processes as `dovenull` and its internal ones as `dovecot`
 * (its defaults; the Debian package creates both users), and refuses mail access as root or
 * any UID below `first_valid_uid` (500): the mail user is `nobody` and owns the Maildir. As
 * another user, every process and the mail run as that user, and the login and anvil
 * processes without a chroot, which only root may make.
 */

export const DOVECOT = '/usr/sbin/dovecot';

export const dovecotInstalled = (): boolean => existsSync(DOVECOT);

const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

/**
 * `describe` for suites that need Dovecot. Without it the suite is skipped with a loud
 * warning on a developer's machine, and fails under CI=true.
 */
export const describeWithDovecot = (name: string, suite: () => void) => {
  if (dovecotInstalled()) return describe(name, suite);
  if (isCI)
    return describe(name, () => {
      it('needs Dovecot', () => {
        throw new Error(
          `${DOVECOT} not found: CI must install it (apt-get install -y dovecot-imapd).`
        );
      });
    });
  console.warn(
    `\n${'!'.repeat(72)}\n  IMAP SUITE SKIPPED: "${name}"\n  Dovecot not found at ${DOVECOT}.` +
      `\n  Install it (apt-get install -y dovecot-imapd).\n${'!'.repeat(72)}\n`
  );
  return describe.skip(name, suite);
};

export type TlsMode = 'implicit' | 'starttls' | 'none';

export type ImapServer = {
  host: string;
  port: number;
  tlsPort: number;
  /** The self-signed certificate, to trust as a CA. */
  ca: Buffer;
  user: string;
  pass: string;
  /** imapflow's options for this server's user. */
  options(tls?: TlsMode): ImapFlowOptions;
  /** APPENDs one raw message (CRLF) to `folder`, created when missing; its UID. */
  append(raw: Buffer, folder?: string): Promise<number>;
  /** Dovecot's log so far. */
  log(): string;
  stop(): Promise<void>;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** Resolves once the server sends its IMAP greeting (RFC 9051 §7.1.1) on `port`. */
const greeting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1').startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
    // Closed before any greeting: a login process that could not start.
    socket.once('close', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** The accounts Dovecot runs as, and the mail user, for the current process. */
const accounts = () => {
  if (process.getuid?.() === 0)
    return {
      settings: ['default_login_user = dovenull', 'default_internal_user = dovecot'],
      chroot: true,
      mailUid: 65534,
      mailGid: 65534,
    };
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const name = userInfo().username;
  // Dovecot wants the group by name, and the user's primary group is not always its namesake.
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  return {
    settings: [
      `default_login_user = ${name}`,
      `default_internal_user = ${name}`,
      `default_internal_group = ${group}`,
      `first_valid_uid = ${uid}`,
      `first_valid_gid = ${gid}`,
      // Only root may chroot: the login and anvil processes run without one.
      'service anvil {',
      '  chroot =',
      '}',
    ],
    chroot: false,
    mailUid: uid,
    mailGid: gid,
  };
};

export const startImapServer = async (): Promise<ImapServer> => {
  if (!dovecotInstalled())
    throw new Error(`${DOVECOT} not found: install Debian's dovecot-imapd (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'dunning-imap-'));
  // Dovecot's unprivileged processes reach their sockets and the Maildir under it.
  chmodSync(dir, 0o755);
  const [port, tlsPort] = [await freePort(), await freePort()];
  const user = 'reader';
  const pass = 'reader-password';
  const { settings, chroot, mailUid, mailGid } = accounts();

  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-days',
      '2',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' }
  );
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  if (process.getuid?.() === 0) chownSync(mail, mailUid, mailGid);
  writeFileSync(
    join(dir, 'passwd'),
    `${user}:{PLAIN}${pass}:${mailUid}:${mailGid}::${join(mail, user)}::\n`
  );
  const config = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    `instance_name = dunning-imap-${port}`,
    ...settings,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = yes',
    `ssl_cert = <${join(dir, 'cert.pem')}`,
    `ssl_key = <${join(dir, 'key.pem')}`,
    'auth_mechanisms = plain login',
    'mail_location = maildir:~/Maildir',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${join(dir, 'passwd')}`,
    '}',
    'service imap-login {',
    ...(chroot ? [] : ['  chroot =']),
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    address = 127.0.0.1',
    `    port = ${tlsPort}`,
    '    ssl = yes',
    '  }',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'dovecot.conf'), config);

  const output: string[] = [];
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (data: Buffer) => output.push(data.toString()));
  child.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
  const log = () => {
    const file = join(dir, 'dovecot.log');
    return `${output.join('')}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  };
  const stopDovecot = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // SIGKILL if the master has not stopped its processes within 5 s.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const text = log();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`dovecot exited (${child.exitCode}):\n${text}`);
    }
    // The master keeps running when a service cannot start (it retries): its log says why.
    if (/\bFatal:/.test(log())) {
      const text = log();
      await stopDovecot();
      throw new Error(`dovecot could not start a service:\n${text}`);
    }
    // One imap-login process serves both listeners: its greeting on `port` says both are up.
    if (await greeting(port)) break;
    if (Date.now() > deadline) {
      const text = log();
      await stopDovecot();
      throw new Error(`dovecot did not answer on ${port} within 15 s:\n${text}`);
    }
    await sleep(100);
  }

  const ca = readFileSync(join(dir, 'cert.pem'));
  const options = (tls: TlsMode = 'implicit'): ImapFlowOptions => ({
    host: '127.0.0.1',
    port: tls === 'implicit' ? tlsPort : port,
    secure: tls === 'implicit',
    doSTARTTLS: tls === 'starttls' ? true : tls === 'none' ? false : undefined,
    tls: { ca, servername: 'localhost' },
    auth: { user, pass },
    logger: false,
  });

  let client: ImapFlow | null = null;
  const append = async (raw: Buffer, folder = 'INBOX') => {
    if (!client || !client.usable) {
      client = new ImapFlow(options('implicit'));
      await client.connect();
    }
    if (folder !== 'INBOX' && !(await client.list()).some((box) => box.path === folder))
      await client.mailboxCreate(folder);
    const appended = await client.append(folder, raw);
    if (!appended || appended.uid === undefined) throw new Error(`APPEND to ${folder} gave no UID`);
    return appended.uid;
  };

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    ca,
    user,
    pass,
    options,
    append,
    log,
    stop: async () => {
      if (client?.usable) await client.logout().catch(() => undefined);
      await stopDovecot();
    },
  };
};
