import { languageOf, TEXTS } from '../../src/plugins/dunning/server/src/texts';

/** The shape of a set of texts: its keys, each function's arity, each list's length. */
const shapeOf = (value: unknown): unknown => {
  if (typeof value === 'function') return `function/${value.length}`;
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, entry]) => [key, shapeOf(entry)])
    );
  return typeof value;
};

describe('the texts the server writes, one file per language', () => {
  it('says the same things in French and in English', () => {
    expect(shapeOf(TEXTS.fr)).toEqual(shapeOf(TEXTS.en));
  });

  it('leaves no text empty', () => {
    const empty = (value: unknown, at: string): string[] => {
      if (typeof value === 'string') return value.trim() === '' ? [at] : [];
      if (value !== null && typeof value === 'object')
        return Object.entries(value).flatMap(([key, entry]) => empty(entry, `${at}.${key}`));
      return [];
    };
    expect([...empty(TEXTS.fr, 'fr'), ...empty(TEXTS.en, 'en')]).toEqual([]);
  });

  it('writes French to every French locale, English to any other and to none', () => {
    expect(['fr', 'fr-FR', 'FR-ca', 'fr_BE'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['en-GB', 'de-DE', '', null, undefined].map(languageOf)).toEqual([
      'en',
      'en',
      'en',
      'en',
      'en',
    ]);
  });
});
