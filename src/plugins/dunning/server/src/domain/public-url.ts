/**
 * Every link a message carries (the portal, SPEC F7.4; the open pixel, F7.5) is written
 * from Strapi's `server.url`. In production it must be an address customers can reach:
 * unset, links would silently say http://localhost:1337.
 */

/** Host names that lead back to the machine that opens them. */
const LOOPBACK = [
  /^localhost$/,
  /\.localhost$/,
  /^127(\.\d{1,3}){3}$/,
  /^\[::1?\]$/,
  /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/,
  /^0\.0\.0\.0$/,
];

/** Why `url` cannot be the public address of links, or null when it can. */
export const publicUrlProblem = (url: string | null | undefined): string | null => {
  if (!url?.trim()) return 'is not set';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is "${url}", not an absolute URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return `is "${url}", not an http(s) URL`;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (LOOPBACK.some((pattern) => pattern.test(host)))
    return `is "${url}", which customers cannot reach (this machine)`;
  return null;
};
