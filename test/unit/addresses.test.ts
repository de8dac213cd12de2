import {
  isValidAddress,
  parseAddressList,
} from '../../src/plugins/dunning/server/src/domain/addresses';

describe('isValidAddress', () => {
  it.each(['anne@example.test', 'a.b+tag@sub.example.test', 'UPPER@EXAMPLE.TEST'])(
    'accepts %s',
    (address) => {
      expect(isValidAddress(address)).toBe(true);
    }
  );

  it.each([
    ['a header injected after a line break', 'a@x.test\r\nBcc: evil@y.test'],
    ['a bare line feed', 'a@x.test\nb@y.test'],
    ['a second recipient after a comma', 'a@x.test,evil@y.test'],
    ['a second recipient after a semicolon', 'a@x.test;evil@y.test'],
    ['a display name', 'Anne <anne@x.test>'],
    ['angle brackets', '<anne@x.test>'],
    ['no domain', 'anne@'],
    ['no at sign', 'anne.example.test'],
    ['an empty string', ''],
    ['a NUL byte', 'a\u0000@x.test'],
    ['more than 254 characters', `${'a'.repeat(64)}@${'b'.repeat(190)}.test`],
  ])('refuses %s', (_, address) => {
    expect(isValidAddress(address)).toBe(false);
  });
});

describe('parseAddressList', () => {
  it('splits on commas and semicolons, trims and drops blanks', () => {
    expect(parseAddressList(' a@x.test ,, b@x.test;  ;c@x.test ')).toEqual({
      valid: ['a@x.test', 'b@x.test', 'c@x.test'],
      invalid: [],
    });
  });

  it('keeps the first spelling of duplicates compared case-insensitively', () => {
    expect(parseAddressList('Anne@x.test, anne@X.test, b@x.test, ANNE@x.test').valid).toEqual([
      'Anne@x.test',
      'b@x.test',
    ]);
  });

  it('reports entries that are not addresses, in order', () => {
    expect(parseAddressList('a@x.test, not-an-address, b@, c@x.test')).toEqual({
      valid: ['a@x.test', 'c@x.test'],
      invalid: ['not-an-address', 'b@'],
    });
  });

  it.each([null, undefined, '', '  ', ' , ; '])('gives nothing for %p', (raw) => {
    expect(parseAddressList(raw as string | null | undefined)).toEqual({ valid: [], invalid: [] });
  });
});
