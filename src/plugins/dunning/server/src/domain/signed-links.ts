/**
 * The public links signed with the portal secret (domain/signed-tokens.ts): the customer
 * portal (SPEC F7.4) and the open-tracking pixel (F7.5). Whoever holds one acts as the
 * customer, so who may see one is a rule of its own:
 * - an admin who may send reminders (`plugin::dunning.send`) receives messages, letters
 *   and previews as the customer gets them, working links included: a letter printed
 *   and posted needs its link;
 * - anyone else receives them with each token replaced by `[link hidden]`, visibly;
 * - logs write `[redacted]` in its place.
 */

export const PORTAL_PATH = '/api/dunning/portal/';
export const PIXEL_PATH = '/api/dunning/t/';

export const HIDDEN_LINK = '[link hidden]';
export const REDACTED = '[redacted]';

// The path segment after /dunning/portal/ or /dunning/t/ (under any REST prefix), whatever
// it holds: a token, a pixel's `<token>.gif`, a percent-encoded forgery. It stops at what
// ends a URL in HTML or text, and never takes a placeholder again (no brackets).
const SIGNED_SEGMENT = /(\/dunning\/(?:portal|t)\/)[^/?#\s"'<>()[\]]+/g;

const replaceSegments = (text: string, placeholder: string) =>
  text.replace(SIGNED_SEGMENT, `$1${placeholder}`);

/** `text` with every signed link's token replaced by `[link hidden]`. */
export const hideSignedLinks = (text: string) => replaceSegments(text, HIDDEN_LINK);

/** A log line (a request's URL, an error's message) with every signed link's token replaced by `[redacted]`. */
export const redactSignedLinks = (text: string) => replaceSegments(text, REDACTED);

const isPlainObject = (value: unknown): value is { [key: string]: unknown } => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * `value` (a JSON answer, a letter, a CSV text) with its signed links hidden in every
 * string it holds; anything else (bytes, streams, dates) is returned as it is.
 */
export const hideSignedLinksIn = <T>(value: T): T => {
  if (typeof value === 'string') return hideSignedLinks(value) as T;
  if (Array.isArray(value)) return value.map((item) => hideSignedLinksIn(item)) as T;
  if (isPlainObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, hideSignedLinksIn(item)])
    ) as T;
  return value;
};

/** The rule: what an admin receives of a message, a letter or a preview, by whether they may send. */
export const signedLinksFor =
  (maySend: boolean) =>
  <T>(value: T): T =>
    maySend ? value : hideSignedLinksIn(value);
