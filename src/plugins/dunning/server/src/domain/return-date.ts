/**
 * The return date an out-of-office text names ("de retour le 15 janvier", "jusqu'au 12/01",
 * "back on 15 January", "until Monday 12 January"), so a pause until that day can be offered.
 * Only a date after a phrase that announces a return counts: a date elsewhere in the text
 * (an invoice's, a quoted message's) is not a return date.
 */

export type ReturnDate = {
  /** The calendar day, `YYYY-MM-DD`. */
  date: string;
  /** The words it was read from, lower-case and without accents, for the person who decides. */
  phrase: string;
};

/** Only the start of the text is read: the announcement comes first, the quoted reminder after. */
const READ_CHARACTERS = 2000;
/** A date further ahead than this is not an absence the reminders should wait for. */
const HORIZON_DAYS = 366;
const DAY_MS = 86_400_000;

// prettier-ignore
const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, january: 1, jan: 1,
  fevrier: 2, fevr: 2, fev: 2, february: 2, feb: 2,
  mars: 3, march: 3, mar: 3,
  avril: 4, avr: 4, april: 4, apr: 4,
  mai: 5, may: 5,
  juin: 6, june: 6, jun: 6,
  juillet: 7, juil: 7, july: 7, jul: 7,
  aout: 8, august: 8, aug: 8,
  septembre: 9, sept: 9, september: 9, sep: 9,
  octobre: 10, october: 10, oct: 10,
  novembre: 11, november: 11, nov: 11,
  decembre: 12, december: 12, dec: 12,
};

/** ISO weekdays (Monday 1), full names only: "mon" is also French for "my". */
// prettier-ignore
const WEEKDAYS: Record<string, number> = {
  lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6, dimanche: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};

const alternatives = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');

const MONTH = `(?:${alternatives(Object.keys(MONTHS))})\\.?`;
const WEEKDAY = `(?:${alternatives(Object.keys(WEEKDAYS))})`;
const DAY = `(?:[0-3]?\\d)(?:er|st|nd|rd|th)?`;

/** The phrases that announce the return, in French and English, without accents. */
const TRIGGER = [
  'de retour',
  'retour prevu',
  'retour',
  "jusqu'au",
  "jusqu'a",
  'a partir du',
  'a partir de',
  'a compter du',
  'des le',
  // "du 22 decembre au 4 janvier", "from 22 December to 4 January": the end of the range.
  "du [\\w/.' ]{1,25}? au",
  "from [\\w/.' ]{1,25}? (?:to|until|till)",
  'back',
  'returning',
  'return',
  'returns',
  'until',
  'till',
  'through',
].join('|');

const DATE = [
  // 15 janvier [2026], lundi 12 janvier, Monday 12th January, the 15th of January
  `(?:${WEEKDAY},? )?(?:the )?(?<dayA>${DAY})(?: of)? (?<monthA>${MONTH})(?:,? (?<yearA>\\d{4}))?`,
  // January 15th[, 2026], Monday, January 12
  `(?:${WEEKDAY},? )?(?<monthB>${MONTH}) (?<dayB>${DAY})(?:,? (?<yearB>\\d{4}))?`,
  // 2026-01-12
  `(?<isoY>\\d{4})-(?<isoM>\\d{1,2})-(?<isoD>\\d{1,2})`,
  // 12/01, 12.01.2026, lundi 12/01/26
  `(?:${WEEKDAY},? )?(?<n1>\\d{1,2})[/.-](?<n2>\\d{1,2})(?:[/.-](?<n3>\\d{4}|\\d{2}))?`,
  // lundi, Monday (a weekday alone)
  `(?<weekday>${WEEKDAY})`,
].join('|');

/** A trigger, a few words without digits or a sentence's end, then a date on a word boundary. */
const PATTERN = new RegExp(`\\b(?:${TRIGGER})\\b[^\\d.!?\\n]{0,30}?\\b(?:${DATE})(?![\\w/])`, 'g');

const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2019\u2018`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ');

const utcDay = (date: Date) =>
  Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/** A real calendar day, as a UTC midnight, or null (February 30th). */
const dayOf = (year: number, month: number, day: number): number | null => {
  const at = Date.UTC(year, month - 1, day);
  const check = new Date(at);
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? at : null;
};

/**
 * Without a year, the occurrence of the day nearest the message: "15 janvier" written on
 * 29 December is next January's, and written on 16 January it is yesterday's (a stale
 * message, so no date).
 */
const nearest = (reference: number, month: number, day: number): number | null => {
  const year = new Date(reference).getUTCFullYear();
  const candidates = [year - 1, year, year + 1]
    .map((y) => dayOf(y, month, day))
    .filter((at): at is number => at !== null);
  if (candidates.length === 0) return null;
  return candidates.reduce((best, at) =>
    Math.abs(at - reference) < Math.abs(best - reference) ? at : best
  );
};

const fullYear = (written: string) => {
  const year = Number(written);
  return written.length === 2 ? 2000 + year : year;
};

type Groups = Record<string, string | undefined>;

const dateOf = (groups: Groups, reference: number): number | null => {
  const calendar = (month: number, day: number, year: string | undefined) =>
    year ? dayOf(fullYear(year), month, day) : nearest(reference, month, day);
  const monthNamed = groups.monthA ?? groups.monthB;
  if (monthNamed) {
    const month = MONTHS[monthNamed.replace(/\.$/, '')];
    const day = parseInt((groups.dayA ?? groups.dayB)!, 10);
    return calendar(month, day, groups.yearA ?? groups.yearB);
  }
  if (groups.isoY) return dayOf(Number(groups.isoY), Number(groups.isoM), Number(groups.isoD));
  if (groups.n1) {
    // Day first, as French and British English write it; month first (American) only when
    // the second number cannot be a month.
    const [first, second] = [Number(groups.n1), Number(groups.n2)];
    const [day, month] = second > 12 && first <= 12 ? [second, first] : [first, second];
    return calendar(month, day, groups.n3);
  }
  if (groups.weekday) {
    // The next such weekday after the message's day: "back on Monday" written on a Monday
    // means the Monday after.
    const today = ((new Date(reference).getUTCDay() + 6) % 7) + 1;
    const ahead = (WEEKDAYS[groups.weekday] - today + 7) % 7 || 7;
    return reference + ahead * DAY_MS;
  }
  return null;
};

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The first return date named in `text`, read against `sentAt` (the message's `Date`, or
 * when it arrived): a day from the message's day to a year after it, else null.
 */
export const returnDateIn = (text: string, sentAt: Date): ReturnDate | null => {
  const reference = utcDay(sentAt);
  const normalised = normalise(text.slice(0, READ_CHARACTERS));
  for (const match of normalised.matchAll(PATTERN)) {
    const at = dateOf(match.groups ?? {}, reference);
    if (at === null) continue;
    if (at < reference || at > reference + HORIZON_DAYS * DAY_MS) continue;
    return { date: isoDay(at), phrase: match[0].trim().replace(/\.$/, '') };
  }
  return null;
};
