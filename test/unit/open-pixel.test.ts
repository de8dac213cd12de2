import {
  appendOpenPixel,
  TRANSPARENT_GIF,
} from '../../src/plugins/dunning/server/src/domain/open-pixel';

const url = 'https://billing.example.test/api/dunning/t/abc.def.gif';
const tag = `<img src="${url}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;

describe('appendOpenPixel (SPEC F7.5)', () => {
  it('puts the 1×1 image just before the closing body tag', () => {
    expect(appendOpenPixel('<html><body><p>Bonjour</p></body></html>', url)).toBe(
      `<html><body><p>Bonjour</p>${tag}</body></html>`
    );
  });

  it('uses the last closing body tag, whatever its case', () => {
    const html = '<html><BODY><pre>&lt;/body&gt; </body> quoted</pre></BODY ></html>';
    expect(appendOpenPixel(html, url)).toBe(
      `<html><BODY><pre>&lt;/body&gt; </body> quoted</pre>${tag}</BODY ></html>`
    );
  });

  it('appends it to a fragment without a body tag', () => {
    expect(appendOpenPixel('<p>Hello</p>', url)).toBe(`<p>Hello</p>${tag}`);
  });

  it('escapes the URL in the attribute', () => {
    expect(appendOpenPixel('', 'https://x.test/t/a.gif?"><script>')).toBe(
      '<img src="https://x.test/t/a.gif?&quot;&gt;&lt;script&gt;" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />'
    );
  });

  it('answers a real GIF image', () => {
    expect(TRANSPARENT_GIF.subarray(0, 6).toString('ascii')).toBe('GIF89a');
    expect(TRANSPARENT_GIF.readUInt16LE(6)).toBe(1);
    expect(TRANSPARENT_GIF.readUInt16LE(8)).toBe(1);
  });
});
