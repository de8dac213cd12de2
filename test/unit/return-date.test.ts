import { returnDateIn } from '../../src/plugins/dunning/server/src/domain/return-date';

/** The return dates out-of-office texts name, French and English (docs/inbound.md). */

// Monday 5 January 2026, the day the reminders of the fixtures went out.
const MONDAY = new Date('2026-01-05T09:00:00+01:00');
const dateIn = (text: string, sentAt = MONDAY) => returnDateIn(text, sentAt)?.date ?? null;

describe('returnDateIn', () => {
  it.each([
    ['Je serai de retour le 15 janvier.', '2026-01-15'],
    ['De retour au bureau le lundi 19 janvier 2026.', '2026-01-19'],
    ["Je suis absente jusqu'au 12/01 inclus.", '2026-01-12'],
    ["Absent jusqu'au 12.01.2026, messages non lus.", '2026-01-12'],
    ['Absent jusqu’à lundi prochain.', '2026-01-12'],
    ['En congés du 2 au 16 janvier.', '2026-01-16'],
    ['Retour prévu le 1er février.', '2026-02-01'],
    ['Bureau fermé, réouverture à partir du 3 févr. 2026', '2026-02-03'],
    ['I will be back on 15 January.', '2026-01-15'],
    ['I am out of the office until Monday 12 January.', '2026-01-12'],
    ['Returning on January 20th, 2026.', '2026-01-20'],
    ['Away from 2 to 16 January with no e-mail.', '2026-01-16'],
    ['I will return to the office on Wednesday, 14 January.', '2026-01-14'],
    ['Back on 2026-01-21.', '2026-01-21'],
    ['Out until Friday.', '2026-01-09'],
    ['On leave till the 3rd of February.', '2026-02-03'],
  ])('%s → %s', (text, date) => {
    expect(dateIn(text)).toBe(date);
  });

  it('reads a numeric date day first, month first only when the day cannot be a month', () => {
    expect(dateIn("jusqu'au 02/03")).toBe('2026-03-02');
    expect(dateIn('back on 02/13/2026')).toBe('2026-02-13');
  });

  it('gives a date without a year the occurrence nearest the message, never a past one', () => {
    const december = new Date('2025-12-29T09:00:00+01:00');
    expect(dateIn("absent jusqu'au 12/01", december)).toBe('2026-01-12');
    expect(dateIn('back on 15 January', december)).toBe('2026-01-15');
    // Written after the day it names: a stale out-of-office, not a pause of a year.
    expect(dateIn('back on 2 January')).toBeNull();
    expect(dateIn('back on 2 January 2026')).toBeNull();
  });

  it('takes the weekday after the message day, a week on when it is that day', () => {
    expect(dateIn('back on Monday')).toBe('2026-01-12');
    expect(dateIn('de retour mardi')).toBe('2026-01-06');
  });

  it('finds no date where no return is announced, or a date past a year', () => {
    expect(dateIn('Thank you for your message, we answer within two working days.')).toBeNull();
    expect(dateIn('Invoice FA-2025-0142 of 15 January is paid.')).toBeNull();
    expect(dateIn('Vos messages seront traités à mon retour.')).toBeNull();
    expect(dateIn('I will be back on 15 January 2028.')).toBeNull();
    expect(dateIn('de retour le 31 février')).toBeNull();
  });

  it('says which words it read the date from', () => {
    expect(returnDateIn('Je serai de retour le 15 janvier.', MONDAY)).toEqual({
      date: '2026-01-15',
      phrase: 'de retour le 15 janvier',
    });
  });

  it('reads only the start of a long text', () => {
    expect(dateIn(`${'x '.repeat(2000)} back on 15 January`)).toBeNull();
  });
});
