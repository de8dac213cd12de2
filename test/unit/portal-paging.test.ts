import {
  PORTAL_PAGE_SIZE,
  portalPageOf,
} from '../../src/plugins/dunning/server/src/domain/portal-paging';

describe('the pages of the portal list (SPEC F7.4)', () => {
  it('reads the page of the list asked for: the first by default, the last past it, none for anything but a page number', () => {
    expect(PORTAL_PAGE_SIZE).toBe(50);
    expect(portalPageOf(undefined, 5000)).toEqual({ page: 1, pageCount: 100, offset: 0 });
    expect(portalPageOf('2', 5000)).toEqual({ page: 2, pageCount: 100, offset: 50 });
    expect(portalPageOf('100', 5000)).toEqual({ page: 100, pageCount: 100, offset: 4950 });
    expect(portalPageOf('101', 5000)).toEqual({ page: 100, pageCount: 100, offset: 4950 });
    expect(portalPageOf('3', 0)).toEqual({ page: 1, pageCount: 1, offset: 0 });
    for (const bad of [
      '',
      '0',
      '-1',
      '01',
      '1.5',
      '2e1',
      'abc',
      '\u0000',
      '1234567890',
      ['1', '2'],
      2,
      null,
    ]) {
      expect([bad, portalPageOf(bad, 5000)]).toEqual([bad, null]);
    }
  });
});
