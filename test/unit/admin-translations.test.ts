import fs from 'node:fs';
import path from 'node:path';

/**
 * Every admin string goes through the translations, in English and in French: both files
 * hold the same keys, none empty, and every key the admin names literally (`t('…')`)
 * is in them.
 */
const ADMIN = path.join(__dirname, '..', '..', 'src', 'plugins', 'dunning', 'admin', 'src');
const read = (locale: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(ADMIN, 'translations', `${locale}.json`), 'utf8'));
const en = read('en');
const fr = read('fr');

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });

const literalKeys = () => {
  const keys = new Map<string, string>();
  for (const file of sources(ADMIN)) {
    for (const [, key] of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([\w.-]+)'/g))
      keys.set(key, path.relative(ADMIN, file));
  }
  return keys;
};

describe('admin translations', () => {
  it('English and French hold the same keys, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const texts of [en, fr])
      expect(Object.keys(texts).filter((key) => !texts[key].trim())).toEqual([]);
  });

  it('has every key the admin names', () => {
    const keys = literalKeys();
    expect(keys.size).toBeGreaterThan(200);
    expect(
      [...keys].filter(([key]) => !(key in en)).map(([key, file]) => `${file}: ${key}`)
    ).toEqual([]);
  });
});
