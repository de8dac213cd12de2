import {
  hideSignedLinks,
  hideSignedLinksIn,
  redactSignedLinks,
  signedLinksFor,
} from '../../src/plugins/dunning/server/src/domain/signed-links';
import { signToken } from '../../src/plugins/dunning/server/src/domain/signed-tokens';

/** Who sees a working signed link, and what logs write in its place (domain/signed-links.ts, SPEC F7.4, F7.5). */
describe('signed links', () => {
  const secret = 'a-secret-of-at-least-16-chars';
  const token = signToken(
    { secret, purpose: 'portal' },
    'k3x9b2yq8w1m0z7c5v4n6p2r',
    new Date('2030-01-01T00:00:00Z')
  );
  const pixel = signToken(
    { secret, purpose: 'open' },
    'r3m1nd3r',
    new Date('2030-01-01T00:00:00Z')
  );
  const portalUrl = `https://billing.ourco.test/api/dunning/portal/${token}`;

  it('hides the token of a portal link in text, HTML and a link to one of its pages, keeping the rest', () => {
    expect(hideSignedLinks(`Vos factures : ${portalUrl}\nMerci.`)).toBe(
      'Vos factures : https://billing.ourco.test/api/dunning/portal/[link hidden]\nMerci.'
    );
    expect(hideSignedLinks(`<a href="${portalUrl}" style="x">Accéder</a>`)).toBe(
      '<a href="https://billing.ourco.test/api/dunning/portal/[link hidden]" style="x">Accéder</a>'
    );
    expect(hideSignedLinks(`${portalUrl}/invoices/abc/pdf?x=1`)).toBe(
      'https://billing.ourco.test/api/dunning/portal/[link hidden]/invoices/abc/pdf?x=1'
    );
    expect(hideSignedLinks(`(${portalUrl})`)).toBe(
      '(https://billing.ourco.test/api/dunning/portal/[link hidden])'
    );
  });

  it("hides a pixel's token, and a token under another REST prefix", () => {
    expect(hideSignedLinks(`<img src="https://x.test/api/dunning/t/${pixel}.gif" />`)).toBe(
      '<img src="https://x.test/api/dunning/t/[link hidden]" />'
    );
    expect(hideSignedLinks(`https://x.test/rest/dunning/portal/${token}`)).toBe(
      'https://x.test/rest/dunning/portal/[link hidden]'
    );
  });

  it('hides every link of a text, once: hiding again changes nothing', () => {
    const hidden = hideSignedLinks(`${portalUrl} and ${portalUrl}`);
    expect(hidden).toBe(
      'https://billing.ourco.test/api/dunning/portal/[link hidden] and https://billing.ourco.test/api/dunning/portal/[link hidden]'
    );
    expect(hideSignedLinks(hidden)).toBe(hidden);
  });

  it('leaves other URLs, and the admin routes, alone', () => {
    for (const text of [
      'https://ourco.test/pay/123',
      '/dunning/reminders/abc/document',
      'https://x.test/api/dunning/delivery-events',
      'portal/abc',
    ]) {
      expect(hideSignedLinks(text)).toBe(text);
    }
  });

  it('hides links in every string of an answer, and returns bytes as they are', () => {
    const pdf = Buffer.from(portalUrl);
    const answer = {
      data: [
        {
          body: `<a href="${portalUrl}">`,
          amount: 12,
          sentAt: null,
          tags: [portalUrl],
          nested: { text: portalUrl },
        },
      ],
    };
    expect(hideSignedLinksIn(answer)).toEqual({
      data: [
        {
          body: '<a href="https://billing.ourco.test/api/dunning/portal/[link hidden]">',
          amount: 12,
          sentAt: null,
          tags: ['https://billing.ourco.test/api/dunning/portal/[link hidden]'],
          nested: { text: 'https://billing.ourco.test/api/dunning/portal/[link hidden]' },
        },
      ],
    });
    expect(hideSignedLinksIn(pdf)).toBe(pdf);
    expect(answer.data[0].body).toContain(token);
  });

  it('the rule: who may send receives links as the customer got them, anyone else hidden', () => {
    const answer = { text: portalUrl };
    expect(signedLinksFor(true)(answer)).toBe(answer);
    expect(signedLinksFor(false)(answer)).toEqual({
      text: 'https://billing.ourco.test/api/dunning/portal/[link hidden]',
    });
  });

  it('redacts any segment after the public paths in a log line, a forged or percent-encoded one too', () => {
    expect(redactSignedLinks(`GET /api/dunning/portal/${token}/statement.pdf (12 ms) 200`)).toBe(
      'GET /api/dunning/portal/[redacted]/statement.pdf (12 ms) 200'
    );
    expect(redactSignedLinks(`GET /api/dunning/t/${pixel}.gif (3 ms) 200`)).toBe(
      'GET /api/dunning/t/[redacted] (3 ms) 200'
    );
    expect(
      redactSignedLinks('GET /api/dunning/portal/YQ.1.%C3%A9AAAA?done=promise (1 ms) 403')
    ).toBe('GET /api/dunning/portal/[redacted]?done=promise (1 ms) 403');
    expect(redactSignedLinks('GET /api/dunning/reminders?page=2 (5 ms) 200')).toBe(
      'GET /api/dunning/reminders?page=2 (5 ms) 200'
    );
  });
});
