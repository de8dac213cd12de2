import { sanitiseInboundHtml } from '../../src/plugins/dunning/server/src/inbound/html';
import { parseInbound } from '../../src/plugins/dunning/server/src/inbound/parse';
import { readFixture } from '../helpers/inbound-fixtures';

describe('the HTML of an inbound message, sanitised', () => {
  it('keeps the text and formatting of the HTML fixture, nothing that runs or loads', async () => {
    const parsed = await parseInbound(readFixture('html-script.eml'));
    if (!parsed.ok) throw new Error(parsed.detail);
    const html = sanitiseInboundHtml(parsed.message.html ?? '');
    expect(html).toContain('<p>Payment scheduled for Friday.</p>');
    expect(html).not.toMatch(/<script|<style|<iframe|onload|javascript:|document\.cookie/i);
    // The tracking pixel is kept as data, not as an address the browser would load.
    expect(html).toContain('data-src="https://tracker.test/pixel.gif?u=billing%40example.test"');
    expect(html).not.toMatch(/\ssrc=/);
  });

  it('drops event handlers and unknown schemes, and keeps plain links', () => {
    const html = sanitiseInboundHtml(
      '<div onclick="x()"><a href="https://example.test/a" onmouseover="y()">a</a>' +
        '<a href="data:text/html,<b>x</b>">b</a><img src="cid:logo@x" onerror="z()"></div>'
    );
    expect(html).toBe(
      '<div><a href="https://example.test/a">a</a>' + '<a>b</a><img data-src="cid:logo@x" /></div>'
    );
  });
});
