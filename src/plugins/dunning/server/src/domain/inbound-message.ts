/**
 * The record the parsing step extracts from one raw inbound message (a reply, an automatic
 * answer, a bounce): the classification, matching and once-key rules read only this, never a
 * parser's own objects.
 */

/** Header fields by lower-case name, each value unfolded (RFC 5322 §2.2.3), in the order written. */
export type HeaderFields = Readonly<Record<string, readonly string[]>>;

export type InboundMessage = {
  /** The Message-ID without its angle brackets; null when missing or unreadable. */
  messageId: string | null;
  /** The msg-ids of `In-Reply-To` and `References`, without angle brackets, as written. */
  inReplyTo: readonly string[];
  references: readonly string[];
  /** The first `From` address, lower-case; null when there is none. */
  from: string | null;
  subject: string;
  /** The `Date` header; null when missing or unreadable. */
  date: Date | null;
  /** Every header field of the top-level header block. */
  headers: HeaderFields;
  /** The top-level media type (`multipart/report`), lower-case, and its `report-type` parameter. */
  contentType: string;
  reportType: string | null;
  /** The plain text (from the HTML when there is no plain part), cut to the parser's limit. */
  text: string;
  /** The HTML part as written, cut to the parser's limit; null when there is none. Never shown unsanitised. */
  html: string | null;
  /** The `To` addresses, lower-case. */
  to: readonly string[];
  /** The body of the `message/delivery-status` part (RFC 3464 §2), when there is one. */
  deliveryStatus: string | null;
  /** The header fields of the returned message (`text/rfc822-headers` or `message/rfc822`). */
  returnedHeaders: HeaderFields | null;
  /** The SHA-256 of the raw bytes, hex, and their count. */
  rawSha256: string;
  size: number;
};

/** The first value of a header field, or null. */
export const headerValue = (headers: HeaderFields, name: string): string | null =>
  headers[name.toLowerCase()]?.[0] ?? null;

const MSG_ID = /<([^<>\s]+)>/g;

/**
 * The parts of one of our deterministic Message-IDs, `<kind>-<key>@<domain>` (`reminder-<documentId>`,
 * `notice-<key>`), when it is on `ownDomain` (compared without case); null for any other id.
 */
export const ownMessageIdParts = (
  id: string,
  ownDomain: string
): { kind: 'reminder' | 'notice'; key: string } | null => {
  const at = id.lastIndexOf('@');
  if (at < 0 || id.slice(at + 1).toLowerCase() !== ownDomain.toLowerCase()) return null;
  const match = /^(reminder|notice)-([^@\s]+)$/i.exec(id.slice(0, at));
  if (!match) return null;
  return { kind: match[1].toLowerCase() === 'reminder' ? 'reminder' : 'notice', key: match[2] };
};

/**
 * The msg-ids of a `Message-ID`, `In-Reply-To` or `References` value (RFC 5322 §3.6.4), without
 * angle brackets; a value written without brackets (seen from some clients) counts as one id.
 */
export const messageIdsIn = (value: string | null | undefined): string[] => {
  if (!value) return [];
  const bracketed = [...value.matchAll(MSG_ID)].map((match) => match[1]);
  if (bracketed.length > 0) return bracketed;
  const bare = value.trim();
  return bare && !/\s/.test(bare) && bare.includes('@') ? [bare] : [];
};

/**
 * Reads a header block (RFC 5322 §2.2: `Name: value` lines, continuation lines starting with
 * white space) up to the first empty line; a line that is not a field is skipped, so one
 * malformed line does not hide the fields after it.
 */
export const parseHeaderBlock = (text: string): HeaderFields => {
  const fields: Record<string, string[]> = {};
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (current) (fields[current.name] ??= []).push(current.value.replace(/\s+/g, ' ').trim());
    current = null;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (current) current.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    flush();
    if (!/^[!-9;-~]+$/.test(name)) continue;
    current = { name: name.toLowerCase(), value: line.slice(colon + 1) };
  }
  flush();
  return fields;
};
