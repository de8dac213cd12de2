import path from 'node:path';

import {
  letterFileName,
  safeFileName,
  safeNamePart,
} from '../../src/plugins/dunning/server/src/domain/file-names';

describe('stored file names', () => {
  it.each([
    ['ACME/2024/007', 'letter-ACME-2024-007-r1.pdf'],
    ['../../etc/x', 'letter-etc-x-r1.pdf'],
    ['é/ü <>', 'letter-e-u-r1.pdf'],
    ['..', 'letter-cust1-r1.pdf'],
    ['', 'letter-cust1-r1.pdf'],
    ['C:\\Windows\\system32', 'letter-C-Windows-system32-r1.pdf'],
  ])('a letter of a customer whose reference is %j is stored as %s', (reference, expected) => {
    const name = letterFileName({ reference, documentId: 'cust1' }, 'r1');
    expect(name).toBe(expected);
    expect(path.basename(name)).toBe(name);
    expect(path.join('/uploads', name).startsWith('/uploads/')).toBe(true);
  });

  it('keeps names short and made of safe characters only', () => {
    expect(safeNamePart('x'.repeat(500))).toHaveLength(60);
    expect(safeNamePart('a\u0000b\nc\r\td')).toBe('a-b-c-d');
    expect(safeFileName('../../evil.pdf')).toBe('evil.pdf');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('rapport final (v2).PDF')).toBe('rapport-final-v2.PDF');
  });
});
