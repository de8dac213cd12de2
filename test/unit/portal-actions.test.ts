import {
  type PaymentLinkPolicy,
  safePaymentUrl,
} from '../../src/plugins/dunning/server/src/domain/portal-actions';

describe('the payment links Pay now may send a customer to (plugin config portal.paymentLinks)', () => {
  const ANY_HOST: PaymentLinkPolicy = { allowHttp: false, allowedHosts: [] };

  it('sends to https links only by default, to any host', () => {
    expect(safePaymentUrl('https://pay.example.test/checkout/F-1?ref=42', ANY_HOST)).toBe(
      'https://pay.example.test/checkout/F-1?ref=42'
    );
    expect(safePaymentUrl('  https://Pay.Example.TEST/x  ', ANY_HOST)).toBe(
      'https://pay.example.test/x'
    );
    for (const refused of [
      'http://pay.example.test/F-1',
      'javascript:alert(1)',
      'data:text/html,<script>',
      'ftp://pay.example.test/',
      '//pay.example.test/',
      'pay.example.test',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect([refused, safePaymentUrl(refused, ANY_HOST)]).toEqual([refused, null]);
    }
  });

  it('sends to http links too when the setting allows it', () => {
    expect(safePaymentUrl('http://127.0.0.1:8080/pay', { allowHttp: true, allowedHosts: [] })).toBe(
      'http://127.0.0.1:8080/pay'
    );
    expect(safePaymentUrl('javascript:alert(1)', { allowHttp: true, allowedHosts: [] })).toBeNull();
  });

  it('never sends to a link carrying a user name or password, which reads as another host', () => {
    expect(safePaymentUrl('https://pay.example.test@evil.test/', ANY_HOST)).toBeNull();
    expect(safePaymentUrl('https://user:secret@pay.example.test/', ANY_HOST)).toBeNull();
  });

  it('with a list of hosts, sends only to a host named exactly, or under a *. entry', () => {
    const policy: PaymentLinkPolicy = {
      allowHttp: false,
      allowedHosts: ['pay.example.test', '*.psp.test'],
    };
    expect(safePaymentUrl('https://pay.example.test/F-1', policy)).toBe(
      'https://pay.example.test/F-1'
    );
    expect(safePaymentUrl('https://PAY.example.test:8443/F-1', policy)).toBe(
      'https://pay.example.test:8443/F-1'
    );
    expect(safePaymentUrl('https://eu.psp.test/F-1', policy)).toBe('https://eu.psp.test/F-1');
    expect(safePaymentUrl('https://a.b.psp.test/F-1', policy)).toBe('https://a.b.psp.test/F-1');
    for (const refused of [
      'https://psp.test/F-1', // the domain of a *. entry is not under it
      'https://evilpsp.test/F-1',
      'https://eu.pay.example.test/F-1', // an exact entry allows no host under it
      'https://pay.example.test.evil.test/F-1',
      'https://example.test/F-1',
      'https://pay.example.test./F-1',
    ]) {
      expect([refused, safePaymentUrl(refused, policy)]).toEqual([refused, null]);
    }
  });
});
