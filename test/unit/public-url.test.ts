import { publicUrlProblem } from '../../src/plugins/dunning/server/src/domain/public-url';

/** The address links are written from, in production (domain/public-url.ts, SPEC F7.4). */
describe('the public URL of links', () => {
  it.each([
    ['https://billing.ourco.example'],
    ['https://ourco.example/strapi/'],
    ['http://10.0.0.12:1337'],
    ['https://localhost.ourco.example'],
  ])('accepts %s', (url) => {
    expect(publicUrlProblem(url)).toBeNull();
  });

  it.each([[undefined], [null], [''], ['  ']])('refuses %p: not set', (url) => {
    expect(publicUrlProblem(url)).toBe('is not set');
  });

  it.each([
    ['http://localhost:1337'],
    ['http://LOCALHOST'],
    ['https://app.localhost'],
    ['http://127.0.0.1:1337'],
    ['http://127.1.2.3'],
    ['http://[::1]:1337'],
    ['http://[::ffff:127.0.0.1]'],
    ['http://0.0.0.0:1337'],
    ['http://localhost.:1337'],
  ])('refuses %s: customers cannot reach it', (url) => {
    expect(publicUrlProblem(url)).toBe(`is "${url}", which customers cannot reach (this machine)`);
  });

  it('refuses what is not an absolute http(s) URL', () => {
    expect(publicUrlProblem('billing.ourco.example')).toBe(
      'is "billing.ourco.example", not an absolute URL'
    );
    expect(publicUrlProblem('ftp://billing.ourco.example')).toBe(
      'is "ftp://billing.ourco.example", not an http(s) URL'
    );
  });
});
