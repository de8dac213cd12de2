import {
  bounceRate,
  normaliseAddress,
  withoutSuppressed,
} from '../../src/plugins/dunning/server/src/domain/suppressions';

/** F7.5: the suppression list's rules, without Strapi. */

describe('normaliseAddress', () => {
  it('keeps an address trimmed and lower-case, as providers report it in any case', () => {
    expect(normaliseAddress('  Camille.Martin@ACME.test ')).toBe('camille.martin@acme.test');
  });
});

describe('withoutSuppressed', () => {
  const suppressed = new Set(['old@acme.test']);

  it('holds back a suppressed address whatever its case, and lets the others through in order', () => {
    expect(
      withoutSuppressed(
        [
          { address: 'a@acme.test' },
          { name: 'Old', address: 'OLD@acme.test' },
          { address: 'b@acme.test' },
        ],
        suppressed
      )
    ).toEqual({
      kept: [{ address: 'a@acme.test' }, { address: 'b@acme.test' }],
      bounced: [{ name: 'Old', address: 'OLD@acme.test' }],
    });
  });

  it('leaves nothing when every address bounced, and everything when the list is empty', () => {
    expect(withoutSuppressed([{ address: 'old@acme.test' }], suppressed)).toEqual({
      kept: [],
      bounced: [{ address: 'old@acme.test' }],
    });
    expect(withoutSuppressed([{ address: 'old@acme.test' }], new Set())).toEqual({
      kept: [{ address: 'old@acme.test' }],
      bounced: [],
    });
  });
});

describe('bounceRate', () => {
  it('is the share of sent reminders that bounced, to four decimals, 0 when none was sent', () => {
    expect(bounceRate(3, 1)).toBe(0.3333);
    expect(bounceRate(4, 0)).toBe(0);
    expect(bounceRate(0, 0)).toBe(0);
  });
});
