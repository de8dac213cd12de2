import http from 'node:http';
import net from 'node:net';

import type { Core } from '@strapi/strapi';

import { addDays, todayIn } from '../../src/plugins/dunning/server/src/domain/dates';
import { bodySignature } from '../../src/plugins/dunning/server/src/domain/signed-tokens';
import { messageOfSize, readFixture } from '../helpers/inbound-fixtures';
import { createCustomer, createInvoice } from '../helpers/ledger';
import { DATABASES, startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Misuse of the public routes (SPEC F7.4, F7.5): odd tokens, odd form keys, odd bodies
 * and content types on the portal, its PDFs and actions, the open pixel, the delivery
 * webhook and the inbound webhook (F8.2) get a 4xx (the portal's own page where the portal answers), never a 500, and
 * write nothing. Requests go out over raw HTTP so that nothing normalises them first
 * (`%00`, repeated slashes, invalid UTF-8 escapes, raw bytes, bodies over the parser's limits).
 */

type Raw = { status: number; type: string; body: string };
type Request =
  | {
      method?: 'GET' | 'POST';
      path: string;
      type?: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
    }
  | { rawPath: Buffer };

/** What each row expects: the portal's page with a 4xx, the pixel's image, or any 4xx (Strapi's own, or the webhook's). */
type Expect = 'page' | 'gif' | '4xx';

const sendRequest = (
  base: string,
  { method = 'GET', path, type, body, headers = {} }: Exclude<Request, { rawPath: Buffer }>
) =>
  new Promise<Raw>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const request = http.request(
      {
        host: hostname,
        port,
        method,
        path,
        headers: { ...(type ? { 'content-type': type } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            type: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          })
        );
      }
    );
    // A server may answer (413, 431) and close before the whole body is written.
    request.on('error', reject);
    request.end(body);
  });

/** A request line written byte for byte: raw non-ASCII bytes in the path, which http.request refuses to send. */
const sendBytes = (base: string, path: Buffer) =>
  new Promise<Raw>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const socket = net.connect(Number(port), hostname, () => {
      socket.end(
        Buffer.concat([
          Buffer.from('GET '),
          path,
          Buffer.from(` HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`),
        ])
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        type: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
        body: rest.join('\r\n\r\n'),
      });
    });
  });

const A42 = 'A'.repeat(42);

describe.each(DATABASES)('public routes under misuse on %s', (database) => {
  let app: TestApp;
  let strapi: Core.Strapi;
  let token: string;
  let invoice: { documentId: string };
  const today = todayIn('Europe/Paris', new Date());

  /** Every row of every plugin table, counted: a refused request leaves them as they were. */
  const written = async () => {
    const counts: Record<string, number> = {};
    for (const uid of Object.keys(strapi.contentTypes)
      .filter((uid) => uid.startsWith('plugin::dunning.'))
      .sort()) {
      counts[uid] = await strapi.db.query(uid as any).count();
    }
    const [host] = await strapi
      .plugin('dunning')
      .service('receivables')
      .findInvoices([invoice.documentId]);
    return { counts, invoice: [host.promisedPaymentDate, host.disputed] };
  };

  beforeAll(async () => {
    app = await startStrapi({ database, listen: true });
    strapi = app.strapi;
    const customer = await createCustomer(strapi, 'Misuse customer', {
      customer: { locale: 'en-GB' },
    });
    invoice = await createInvoice(strapi, customer, 'MU-1', today, 250, {
      paymentUrl: 'https://pay.example.test/MU-1',
    });
    token = new URL(
      strapi.plugin('dunning').service('portal').linkFor(customer.documentId)
    ).pathname
      .split('/')
      .pop()!;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const portal = (rest = '') => `/api/dunning/portal/${token}${rest}`;
  const action = (what: string, invoiceDocumentId = invoice.documentId) =>
    portal(`/invoices/${invoiceDocumentId}/${what}`);
  const json = (value: unknown) => ({
    method: 'POST' as const,
    type: 'application/json',
    body: JSON.stringify(value),
  });
  const promise = () => ({ date: addDays(today, 5) });
  /** A raw message posted to the inbound webhook, signed now (or at `at`) unless told otherwise. */
  const inbound = (
    body: Buffer,
    { type = 'message/rfc822', signedBody = body, at = new Date(), signed = true } = {}
  ) => ({
    method: 'POST' as const,
    path: '/api/dunning/inbound',
    type,
    body,
    headers: signed
      ? {
          'x-dunning-signature': bodySignature(process.env.DUNNING_WEBHOOK_SECRET!, signedBody, at),
        }
      : {},
  });
  const reply = () => readFixture('reply-outlook.eml');

  const rows: Array<[string, () => Request, Expect]> = [
    // Tokens on the portal page, its statement and its PDFs.
    [
      'non-ASCII signature of the right length',
      () => ({ path: `/api/dunning/portal/YQ.1.%C3%A9${A42}` }),
      'page',
    ],
    // Node's HTTP parser refuses raw bytes in a request line before Strapi sees them.
    [
      'raw UTF-8 bytes in the token',
      () => ({ rawPath: Buffer.from(`/api/dunning/portal/YQ.1.é${A42}`, 'utf8') }),
      '4xx',
    ],
    ['%00 as the token', () => ({ path: '/api/dunning/portal/%00' }), 'page'],
    ['%00 after a valid token', () => ({ path: `/api/dunning/portal/${token}%00` }), 'page'],
    [
      'invalid UTF-8 percent-encoding',
      () => ({ path: '/api/dunning/portal/%C3%28%FF.%E0%80.%C0%AF' }),
      'page',
    ],
    [
      'a token of 8,000 characters',
      () => ({ path: `/api/dunning/portal/${'YQ.1.'.padEnd(8000, 'A')}` }),
      'page',
    ],
    ['an address of 70 KB', () => ({ path: `/api/dunning/portal/${'A'.repeat(70_000)}` }), '4xx'],
    ['an empty token', () => ({ path: '/api/dunning/portal/' }), '4xx'],
    [
      'repeated slashes before the token',
      () => ({ path: `/api/dunning//portal//${token}` }),
      '4xx',
    ],
    ['repeated slashes after the token', () => ({ path: `${portal()}//statement.pdf` }), '4xx'],
    [
      'encoded slashes climbing out',
      () => ({ path: '/api/dunning/portal/..%2F..%2F..%2Fadmin' }),
      'page',
    ],
    ['dots only', () => ({ path: '/api/dunning/portal/..' }), '4xx'],
    [
      'statement with a non-ASCII signature',
      () => ({ path: `/api/dunning/portal/YQ.1.%C3%A9${A42}/statement.pdf` }),
      'page',
    ],
    ['invoice PDF with %00 as the invoice', () => ({ path: portal('/invoices/%00/pdf') }), '4xx'],
    [
      'invoice PDF with a non-ASCII invoice',
      () => ({ path: portal('/invoices/%C3%A9t%C3%A9/pdf') }),
      '4xx',
    ],
    [
      'invoice PDF with an invoice of 5,000 characters',
      () => ({ path: portal(`/invoices/${'x'.repeat(5000)}/pdf`) }),
      '4xx',
    ],
    // The actions' forms.
    [
      'promise with a non-ASCII signature',
      () => ({
        ...json(promise()),
        path: `/api/dunning/portal/YQ.1.%C3%A9${A42}/invoices/${invoice.documentId}/promise`,
      }),
      'page',
    ],
    [
      'pay with a non-ASCII signature',
      () => ({
        method: 'GET',
        path: `/api/dunning/portal/YQ.1.%C3%A9${A42}/invoices/${invoice.documentId}/pay`,
      }),
      'page',
    ],
    [
      'promise with a key "constructor"',
      () => ({ ...json({ ...promise(), constructor: 'x' }), path: action('promise') }),
      'page',
    ],
    [
      'promise with a key "toString"',
      () => ({ ...json({ toString: 'x' }), path: action('promise') }),
      'page',
    ],
    // Strapi's JSON parser refuses a "__proto__" key itself (400).
    [
      'promise with a key "__proto__"',
      () => ({
        ...json(promise()),
        body: `{"date":"${addDays(today, 5)}","__proto__":{"amount":"1"}}`,
        path: action('promise'),
      }),
      '4xx',
    ],
    [
      'dispute with a key "hasOwnProperty"',
      () => ({ ...json({ reason: 'Other reason', hasOwnProperty: 1 }), path: action('dispute') }),
      'page',
    ],
    [
      'url-encoded form with keys "constructor" and "valueOf"',
      () => ({
        method: 'POST',
        type: 'application/x-www-form-urlencoded',
        body: 'constructor=x&valueOf=1&amount=3',
        path: action('promise'),
      }),
      'page',
    ],
    [
      'promise with the date as a list',
      () => ({ ...json({ date: [addDays(today, 5)] }), path: action('promise') }),
      'page',
    ],
    [
      'promise sent as text/plain',
      () => ({
        method: 'POST',
        type: 'text/plain',
        body: `date=${addDays(today, 5)}`,
        path: action('promise'),
      }),
      'page',
    ],
    [
      'promise sent as XML',
      () => ({
        method: 'POST',
        type: 'application/xml',
        body: `<date>${addDays(today, 5)}</date>`,
        path: action('promise'),
      }),
      'page',
    ],
    [
      'promise sent as multipart with a file only',
      () => ({
        method: 'POST',
        type: 'multipart/form-data; boundary=x',
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n',
        path: action('promise'),
      }),
      'page',
    ],
    [
      'promise with malformed JSON',
      () => ({
        method: 'POST',
        type: 'application/json',
        body: '{"date":',
        path: action('promise'),
      }),
      '4xx',
    ],
    [
      "promise with a form over the parser's limit",
      () => ({
        method: 'POST',
        type: 'application/x-www-form-urlencoded',
        body: `date=${addDays(today, 5)}&amount=${'9'.repeat(200_000)}`,
        path: action('promise'),
      }),
      '4xx',
    ],
    [
      "dispute with JSON over the parser's limit",
      () => ({
        ...json({ reason: 'Other reason', comment: 'x'.repeat(2_000_000) }),
        path: action('dispute'),
      }),
      '4xx',
    ],
    [
      'promise on invoice %00',
      () => ({ ...json(promise()), path: action('promise', '%00') }),
      'page',
    ],
    [
      'dispute on a non-ASCII invoice',
      () => ({ ...json({ reason: 'Other reason' }), path: action('dispute', '%C3%A9') }),
      'page',
    ],
    [
      'dispute with a NUL in the comment',
      () => ({ ...json({ reason: 'Other reason', comment: 'a\u0000b' }), path: action('dispute') }),
      'page',
    ],
    [
      'dispute with control characters in the reason',
      () => ({ ...json({ reason: 'Other\u0000reason' }), path: action('dispute') }),
      'page',
    ],
    // The open pixel: whatever the token, the same image, and nothing recorded.
    [
      'pixel with a non-ASCII signature',
      () => ({ path: `/api/dunning/t/YQ.1.%C3%A9${A42}.gif` }),
      'gif',
    ],
    ['pixel with %00', () => ({ path: '/api/dunning/t/%00.gif' }), 'gif'],
    [
      'pixel with a token of 8,000 characters',
      () => ({ path: `/api/dunning/t/${'YQ.1.'.padEnd(8000, 'A')}.gif` }),
      'gif',
    ],
    ['pixel with repeated slashes', () => ({ path: '/api/dunning//t//x.gif' }), '4xx'],
    // The delivery webhook.
    [
      'webhook with an empty JSON body',
      () => ({
        method: 'POST',
        type: 'application/json',
        body: '',
        path: '/api/dunning/delivery-events',
      }),
      '4xx',
    ],
    [
      'webhook with "null" as its body',
      () => ({
        method: 'POST',
        type: 'application/json',
        body: 'null',
        path: '/api/dunning/delivery-events',
      }),
      '4xx',
    ],
    [
      'webhook sent as text/plain',
      () => ({
        method: 'POST',
        type: 'text/plain',
        body: '[]',
        path: '/api/dunning/delivery-events',
      }),
      '4xx',
    ],
    [
      'webhook without a content type',
      () => ({ method: 'POST', body: '[]', path: '/api/dunning/delivery-events' }),
      '4xx',
    ],
    [
      'webhook with malformed JSON',
      () => ({
        method: 'POST',
        type: 'application/json',
        body: '[{',
        path: '/api/dunning/delivery-events',
      }),
      '4xx',
    ],
    [
      "webhook with JSON over the parser's limit",
      () => ({ ...json([{ id: 'x'.repeat(2_000_000) }]), path: '/api/dunning/delivery-events' }),
      '4xx',
    ],
    [
      'webhook with a non-ASCII signature header',
      () => ({
        ...json([]),
        path: '/api/dunning/delivery-events',
        headers: { 'x-dunning-signature': `t=1,v1=${'é'.repeat(64)}` },
      }),
      '4xx',
    ],
    [
      'webhook with prototype keys, unsigned',
      () => ({ ...json({ constructor: {}, toString: [] }), path: '/api/dunning/delivery-events' }),
      '4xx',
    ],
    // The inbound webhook: a message is recorded only when signed, whole and within the limit.
    ['inbound message unsigned', () => inbound(reply(), { signed: false }), '4xx'],
    [
      'inbound message signed ten minutes ago',
      () => inbound(reply(), { at: new Date(Date.now() - 600_000) }),
      '4xx',
    ],
    [
      'inbound message signed for another body',
      () => inbound(reply(), { signedBody: Buffer.from('another body') }),
      '4xx',
    ],
    [
      'inbound message sent as application/json',
      () => inbound(Buffer.from('{"from":"x"}'), { type: 'application/json' }),
      '4xx',
    ],
    ['inbound message sent as text/plain', () => inbound(reply(), { type: 'text/plain' }), '4xx'],
    ['inbound message without a content type', () => inbound(reply(), { type: '' }), '4xx'],
    ['inbound empty body, signed', () => inbound(Buffer.alloc(0)), '4xx'],
    ['inbound JSON as message/rfc822, signed', () => inbound(Buffer.from('{"a": 1}')), '4xx'],
    [
      'inbound binary garbage, signed',
      () => inbound(Buffer.from([0, 255, 1, 254, 0x3a, 10, 10, 0])),
      '4xx',
    ],
    ['inbound message over 10 MB, signed', () => inbound(messageOfSize(11_000_000)), '4xx'],
  ];

  it.each(rows)(
    "%s: a 4xx or the portal's page, nothing written",
    async (_name, request, expected) => {
      const before = await written();
      const sent = request();
      const answer =
        'rawPath' in sent
          ? await sendBytes(app.url, sent.rawPath)
          : await sendRequest(app.url, sent);
      if (expected === 'gif') {
        expect([answer.status, answer.type]).toEqual([200, 'image/gif']);
      } else {
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
      if (expected === 'page') {
        expect(answer.type).toBe('text/html; charset=utf-8');
        expect(answer.body).toContain('<meta name="robots" content="noindex, nofollow">');
      }
      expect(await written()).toEqual(before);
    }
  );
});
