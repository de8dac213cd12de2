import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import type { Core } from '@strapi/strapi';
import { transports } from 'winston';

import { addDays } from '../../database/seed/ledger';
import { todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { signToken } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { seedAcme } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * What Strapi's log says of the public routes (SPEC F7.4, F7.5): the app as configured
 * (its middleware list and logger untouched), at the default level `http`, its log read
 * through a transport beside the console's, line by line as written. The request logger
 * and the errors of those routes write `[redacted]` where the token was, never the token.
 */
describe.each(DATABASES)('request logs on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let ledger: Awaited<ReturnType<typeof seedAcme>>;
  const lines: string[] = [];
  const logLevel = process.env.LOG_LEVEL;
  const today = todayIn('Europe/Paris', new Date());

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true, env: { LOG_LEVEL: 'http' } });
    strapi = app.strapi;
    strapi.log.add(
      new transports.Stream({
        stream: new Writable({
          write(chunk, _, done) {
            lines.push(...String(chunk).split('\n').filter(Boolean));
            done();
          },
        }),
      })
    );
    ledger = await seedAcme(strapi, today);
  });

  afterAll(async () => {
    await app?.stop();
    process.env.LOG_LEVEL = logLevel;
  });

  /** The lines logged while `work` ran. */
  const logged = async (work: () => Promise<unknown>) => {
    const from = lines.length;
    await work();
    // A response is logged as the request ends: give the event loop a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return lines.slice(from);
  };

  it('writes the portal, its PDFs, an action and the pixel as [redacted], never their tokens', async () => {
    const token = strapi
      .plugin('dunning')
      .service('portal')
      .linkFor(ledger.customer.documentId)
      .split('/')
      .pop()!;
    const secret = (strapi.config.get('plugin::dunning') as { portal: { secret: string } }).portal
      .secret;
    const pixel = signToken(
      { secret, purpose: 'open' },
      'some-reminder',
      new Date(Date.now() + 86_400_000)
    );
    const portal = `${app.url}/api/dunning/portal/${token}`;
    const statuses: number[] = [];
    const get = async (url: string, init?: RequestInit) =>
      statuses.push((await fetch(url, { redirect: 'manual', ...init })).status);

    const written = await logged(async () => {
      await get(portal);
      await get(`${portal}?done=promise&invoice=${ledger.f1.documentId}`);
      await get(`${portal}/statement.pdf`);
      await get(`${portal}/invoices/${ledger.f1.documentId}/pdf`);
      await get(`${portal}/invoices/${ledger.f1.documentId}/promise`, {
        method: 'POST',
        body: new URLSearchParams({ date: addDays(today, 5), amount: '' }),
      });
      // Refused by the body parser, before any route of the plugin runs.
      await get(`${portal}/invoices/${ledger.f1.documentId}/dispute`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"reason":',
      });
      await get(`${app.url}/api/dunning/t/${pixel}.gif`);
    });

    expect(statuses).toEqual([200, 200, 200, 404, 303, 400, 200]);
    const requests = written.filter((line) => /\b(GET|POST) \/api\/dunning\//.test(line));
    expect(requests.map((line) => /\b((?:GET|POST) \S+)/.exec(line)![1])).toEqual([
      'GET /api/dunning/portal/[redacted]',
      `GET /api/dunning/portal/[redacted]?done=promise&invoice=${ledger.f1.documentId}`,
      'GET /api/dunning/portal/[redacted]/statement.pdf',
      `GET /api/dunning/portal/[redacted]/invoices/${ledger.f1.documentId}/pdf`,
      `POST /api/dunning/portal/[redacted]/invoices/${ledger.f1.documentId}/promise`,
      `POST /api/dunning/portal/[redacted]/invoices/${ledger.f1.documentId}/dispute`,
      'GET /api/dunning/t/[redacted]',
    ]);
    expect(
      written.filter(
        (line) => line.includes(token) || line.includes(pixel) || line.includes(token.split('.')[2])
      )
    ).toEqual([]);
  });

  it('an error on a portal route is logged without the token', async () => {
    // The invoice's PDF is on the record but gone from the disk: reading it fails, a 500.
    const file = await strapi
      .plugin('dunning')
      .service('files')
      .store('lost.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    await strapi
      .documents('api::invoice.invoice' as any)
      .update({ documentId: ledger.f2.documentId, data: { pdf: file.id } as any });
    fs.rmSync(path.join(strapi.dirs.static.public, file.url));
    const token = strapi
      .plugin('dunning')
      .service('portal')
      .linkFor(ledger.customer.documentId)
      .split('/')
      .pop()!;

    let status = 0;
    const written = await logged(async () => {
      status = (
        await fetch(`${app.url}/api/dunning/portal/${token}/invoices/${ledger.f2.documentId}/pdf`)
      ).status;
    });

    expect(status).toBe(500);
    expect(written.some((line) => line.includes('error') && line.includes('ENOENT'))).toBe(true);
    expect(
      written.some(
        (line) =>
          line.includes(
            `GET /api/dunning/portal/[redacted]/invoices/${ledger.f2.documentId}/pdf`
          ) && line.includes(' 500')
      )
    ).toBe(true);
    expect(written.filter((line) => line.includes(token.split('.')[2]))).toEqual([]);
  });
});
