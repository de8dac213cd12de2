import { addDays, todayIn, zonedInstant } from '../../src/plugins/dunning/server/src/domain/dates';
import { WAVES_ON_THE_WIRE } from '../../src/plugins/dunning/server/src/domain/delivery';
import { createSuperAdmin } from '../helpers/admin';
import {
  countBy,
  EMAIL_STEP_OFFSETS,
  emailOnlyDefault,
  openSettings,
  queueWrittenReminders,
} from '../helpers/engine';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { type SmtpCatcher, startSmtpServer } from '../helpers/smtp';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';
import { startWorker, type StrapiWorker } from '../helpers/worker';

/**
 * docs/development.md#the-engine-correct-at-scale: several instances on one database never
 * send a reminder twice, and a crash mid-batch loses nothing.
 */

const T = todayIn('Europe/Paris', new Date());
const at = (day: number, hour = 10) => zonedInstant(addDays(T, day), hour, 'Europe/Paris');
const OFFSETS = EMAIL_STEP_OFFSETS;

describe('two Strapi instances on one PostgreSQL', () => {
  const run = DATABASES.includes('postgres') ? it : it.skip;
  let app: TestApp;
  let smtp: SmtpCatcher;
  let workers: StrapiWorker[] = [];

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await app?.stop();
    await smtp?.stop();
  });

  run(
    'both ticking for 50 days, day after day: every due reminder sent once, none twice, none lost',
    async () => {
      smtp = await startSmtpServer();
      app = await startStrapi({
        database: 'postgres',
        env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
      });
      const { strapi } = app;
      const root = await createSuperAdmin(strapi);
      await strapi.plugin('dunning').service('settings').update(openSettings(root.id));
      await emailOnlyDefault(strapi);

      // 40 customers, 1 to 3 invoices each, due from 6 days ago to 40 days ahead; two
      // invoices of a customer often share a due date, and so one e-mail.
      const expected = new Map<string, number>();
      for (let index = 0; index < 40; index++) {
        const customer = await createCustomer(strapi, `Customer ${index}`);
        for (let invoice = 0; invoice < 1 + (index % 3); invoice++) {
          const dueOffset = ((index * 7 + (invoice % 2) * 11) % 47) - 6;
          await createInvoice(strapi, customer, `I-${index}-${invoice}`, addDays(T, dueOffset));
          // What the tick must do, worked out by hand: on day 0 only the latest step whose
          // day has come; afterwards each step on its own day, up to day 49.
          const stepDays = OFFSETS.map((offset) => dueOffset + offset);
          const latestPast = stepDays.filter((day) => day <= 0).length - 1;
          stepDays.forEach((day, step) => {
            if (day > 49 || (day <= 0 && step !== latestPast)) return;
            expected.set(`${customer.documentId}|${step}|${Math.max(day, 0)}`, 1);
          });
        }
      }

      workers = await Promise.all([startWorker(app.env), startWorker(app.env)]);
      for (let day = 0; day < 50; day++)
        await Promise.all(workers.map((worker) => worker.tick(at(day))));

      const reminders = (await strapi.db.query('plugin::dunning.reminder' as any).findMany({
        select: ['customerDocumentId', 'stepIndex', 'plannedFor', 'status', 'messageId'],
      })) as any[];
      const keyOf = (reminder: any) =>
        `${reminder.customerDocumentId}|${reminder.stepIndex}|${Math.round((new Date(reminder.plannedFor).getTime() - at(0).getTime()) / 86400000)}`;
      expect(new Set(reminders.map((reminder) => reminder.status))).toEqual(new Set(['sent']));
      expect([...countBy(reminders, keyOf).entries()].sort()).toEqual(
        [...expected.entries()].sort()
      );

      // At the SMTP server: one message per reminder, each Message-ID once.
      const received = countBy(smtp.messages, (mail) => mail.parsed.messageId ?? '');
      expect(smtp.messages).toHaveLength(reminders.length);
      expect([...received.values()].every((count) => count === 1)).toBe(true);
      expect(new Set(received.keys())).toEqual(
        new Set(reminders.map((reminder) => reminder.messageId))
      );
    },
    420000
  );

  run(
    '50 ticks started at the same moment over 1,200 due reminders: each Message-ID once at the server, none missing',
    async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await app?.stop();
      smtp ??= await startSmtpServer();
      smtp.messages.length = 0;
      app = await startStrapi({
        database: 'postgres',
        env: { SMTP_PORT: String(smtp.port), EMAIL_FROM: 'Billing <billing@ourco.test>' },
      });
      const { strapi } = app;
      const root = await createSuperAdmin(strapi);
      await strapi.plugin('dunning').service('settings').update(openSettings(root.id));
      await emailOnlyDefault(strapi);
      // 200 invoices whose first step is due now, for the planners to race on, and 1,000
      // reminders already queued, for the senders to race on.
      const now = at(0);
      for (let index = 0; index < 200; index++) {
        await createInvoice(
          strapi,
          await createCustomer(strapi, `Race ${index}`),
          `RACE-${index}`,
          addDays(T, 2)
        );
      }
      const customer = await createCustomer(strapi, 'Queued');
      const invoice = await createInvoice(strapi, customer, 'QUEUED-1', addDays(T, 30));
      await queueWrittenReminders(strapi, {
        count: 1000,
        customer,
        invoice,
        senderId: root.id,
        to: 'queued@customer.test',
        now,
        key: 'race',
      });

      workers = await Promise.all([startWorker(app.env), startWorker(app.env)]);
      await Promise.all(Array.from({ length: 50 }, (_, index) => workers[index % 2].tick(now)));

      const reminders = (await strapi.db
        .query('plugin::dunning.reminder' as any)
        .findMany({ select: ['status', 'messageId'] })) as any[];
      expect(reminders).toHaveLength(1200);
      expect(countBy(reminders, (reminder) => reminder.status)).toEqual(new Map([['sent', 1200]]));
      const received = countBy(smtp.messages, (mail) => mail.parsed.messageId ?? '');
      expect([...received.entries()].filter(([, count]) => count !== 1)).toEqual([]);
      expect(new Set(received.keys())).toEqual(
        new Set(reminders.map((reminder) => reminder.messageId))
      );
    },
    420000
  );
});

/**
 * An instance that dies, stalls or is told to stop in the middle of a 1,000-mail tick,
 * and another that carries on: each Message-ID at most once at the server, nothing lost,
 * what may have left flagged uncertain within the documented bound.
 */
describe.each(DATABASES)('an instance interrupted in the middle of a tick on %s', (database) => {
  const LEASE_SECONDS = 5;
  let app: TestApp;
  let smtp: SmtpCatcher;
  let strapi: TestApp['strapi'];
  let rootId: number;
  let customer: { documentId: string; contactDocumentId: string };
  let invoice: { documentId: string; number: string };
  const workers: StrapiWorker[] = [];
  const worker = async () => {
    const started = await startWorker(app.env);
    workers.push(started);
    return started;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const remindersOf = async (documentIds: string[]) =>
    (await strapi.db.query('plugin::dunning.reminder' as any).findMany({
      where: { documentId: { $in: documentIds } },
      select: ['status', 'messageId', 'timeline'],
    })) as any[];
  const copies = () => countBy(smtp.messages, (mail) => mail.parsed.messageId ?? '');
  const bound = () =>
    WAVES_ON_THE_WIRE * strapi.config.get<number>('plugin::dunning.engine.sendConcurrency');
  /**
   * After an interruption and a sweep: every reminder sent or uncertain, the uncertain
   * ones those the sweep found (at least one: the interruption landed mid-wave; at most
   * the waves on the wire), each sent one received once and none received twice.
   */
  const expectNoneLostNoneTwice = (reminders: any[], swept: { uncertain: number }) => {
    const statuses = countBy(reminders, (reminder) => reminder.status);
    expect(
      [...statuses.keys()].filter((status) => status !== 'sent' && status !== 'uncertain')
    ).toEqual([]);
    expect(statuses.get('uncertain') ?? 0).toBe(swept.uncertain);
    expect(swept.uncertain).toBeGreaterThanOrEqual(1);
    expect(swept.uncertain).toBeLessThanOrEqual(bound());
    const received = copies();
    expect(reminders.filter((reminder) => (received.get(reminder.messageId) ?? 0) > 1)).toEqual([]);
    for (const reminder of reminders)
      if (reminder.status === 'sent') expect(received.get(reminder.messageId)).toBe(1);
  };

  beforeAll(async () => {
    // A server slow enough that waves are always on the wire when an instance is interrupted.
    smtp = await startSmtpServer({ delayMs: 30 });
    app = await startStrapi({
      database,
      env: {
        SMTP_PORT: String(smtp.port),
        EMAIL_FROM: 'Billing <billing@ourco.test>',
        DUNNING_LEASE_SECONDS: String(LEASE_SECONDS),
      },
    });
    strapi = app.strapi;
    rootId = (await createSuperAdmin(strapi)).id;
    await strapi.plugin('dunning').service('settings').update(openSettings(rootId));
    customer = await createCustomer(strapi, 'Interrupted');
    invoice = await createInvoice(strapi, customer, 'INT-1', addDays(T, 30));
  });

  // Each test's instances stop with it: an idle one still writes (Strapi's own cron jobs).
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((started) => started.stop()));
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('SIGKILL mid-wave, a restart and the next tick: none lost, none sent twice automatically, the uncertain ones within the bound', async () => {
    const now = at(0);
    const documentIds = await queueWrittenReminders(strapi, {
      count: 1000,
      customer,
      invoice,
      senderId: rootId,
      to: 'killed@customer.test',
      now,
      key: 'killed',
    });
    const doomed = await worker();
    const ticking = doomed.tick(now).catch(() => 'killed');
    await smtp.waitForMessages(250, 120000);
    doomed.child.kill('SIGKILL');
    expect(await ticking).toBe('killed');
    expect(smtp.messages.length).toBeLessThan(1000);

    // The claims of the killed instance lapse (each lease runs from its claim, some seconds
    // into the tick); the next tick, anywhere, finishes the job.
    const heir = await worker();
    const early = await heir.tick(new Date(now.getTime() + 1000));
    expect(early.uncertain).toBe(0);
    const report = await heir.tick(new Date(now.getTime() + (LEASE_SECONDS + 120) * 1000));
    await heir.tick(new Date(now.getTime() + (LEASE_SECONDS + 240) * 1000));

    // What it had claimed but not recorded was sent by the heir.
    expectNoneLostNoneTwice(await remindersOf(documentIds), report);
    expect(smtp.messages.length).toBeGreaterThanOrEqual(1000 - report.uncertain);
    // The only broken connections are those the kill cut in the middle of a message.
    expect(
      smtp.errors
        .map((error) => error.code)
        .filter((code) => code !== 'ECONNRESET' && code !== 'EPIPE')
    ).toEqual([]);
  }, 420000);

  // Several instances share a database only on PostgreSQL: a process stopped in the middle
  // of a write holds SQLite's one write lock, and every other writer of the file fails
  // with SQLITE_BUSY (seen here) — SQLite is the embedded, single-instance database.
  const onPostgres = database === 'postgres' ? it : it.skip;

  onPostgres(
    "a claim holder stalled past its lease (SIGSTOP): another instance takes over, and the stalled one's late writes are refused",
    async () => {
      const before = smtp.messages.length;
      const documentIds = await queueWrittenReminders(strapi, {
        count: 600,
        customer,
        invoice,
        senderId: rootId,
        to: 'stalled@customer.test',
        now: new Date(),
        key: 'stalled',
      });
      const other = await worker();
      const stalled = await worker();
      const ticking = stalled.tick(new Date());
      await smtp.waitForMessages(before + 150, 120000);
      stalled.child.kill('SIGSTOP');
      await sleep((LEASE_SECONDS + 1) * 1000);
      const report = await other.tick(new Date());
      stalled.child.kill('SIGCONT');
      // The stalled tick finishes: what it still held was swept or claimed again, so its writes are refused.
      await ticking;

      const reminders = await remindersOf(documentIds);
      expectNoneLostNoneTwice(reminders, report);
      // A late "sent" of the stalled instance did not overwrite the sweep's verdict.
      for (const reminder of reminders.filter((r) => r.status === 'uncertain'))
        expect(reminder.timeline.at(-1).status).toBe('uncertain');
    },
    420000
  );

  it('SIGTERM during a batch (a rolling restart): the mails on the wire are answered, the rest handed back; the next instance sends them, none twice', async () => {
    const before = smtp.messages.length;
    const documentIds = await queueWrittenReminders(strapi, {
      count: 600,
      customer,
      invoice,
      senderId: rootId,
      to: 'restarted@customer.test',
      now: new Date(),
      key: 'restarted',
    });
    const draining = await worker();
    const ticking = draining.tick(new Date()).catch(() => 'stopped');
    await smtp.waitForMessages(before + 150, 120000);
    const exited = new Promise((resolve) =>
      draining.child.once('exit', (code, signal) => resolve({ code, signal }))
    );
    draining.child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    await ticking;

    const stopped = await remindersOf(documentIds);
    const atStop = countBy(stopped, (reminder) => reminder.status);
    expect([...atStop.keys()].filter((status) => status !== 'sent' && status !== 'queued')).toEqual(
      []
    );
    expect(
      stopped.filter((reminder) =>
        reminder.timeline.some((entry: any) => /this instance is stopping/.test(entry.note ?? ''))
      ).length
    ).toBeGreaterThanOrEqual(1);

    const heir = await worker();
    await heir.tick(new Date());
    const reminders = await remindersOf(documentIds);
    expect(countBy(reminders, (reminder) => reminder.status)).toEqual(new Map([['sent', 600]]));
    const received = copies();
    for (const reminder of reminders) expect(received.get(reminder.messageId)).toBe(1);
  }, 420000);
});
