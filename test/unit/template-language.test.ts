import {
  languageOf,
  siblingKey,
  templateChannelOf,
} from '../../src/plugins/dunning/server/src/domain/template-language';

describe('which template speaks to a customer', () => {
  it.each([
    ['fr-FR', 'fr'],
    ['EN-gb', 'en'],
    ['de', 'de'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('the language of locale %j is %j', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });

  it('names the sibling of a predefined template by the language at the end of its key', () => {
    expect(siblingKey('reminder-1.email.fr', 'en')).toBe('reminder-1.email.en');
    expect(siblingKey('final-notice.letter.en', 'fr')).toBe('final-notice.letter.fr');
  });

  it('leaves a key without a language ending alone', () => {
    expect(siblingKey('custom-reminder', 'en')).toBe('custom-reminder');
  });

  it('reads a phone script for a call of kind "other", and the channel\'s own template otherwise', () => {
    expect(templateChannelOf('other')).toBe('phone');
    expect(templateChannelOf('phone')).toBe('phone');
    expect(templateChannelOf('letter')).toBe('letter');
    expect(templateChannelOf('email')).toBe('email');
  });
});
