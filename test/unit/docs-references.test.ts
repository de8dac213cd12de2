import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/** The feature numbers and links the repository's docs and code cite resolve inside it. */

const root = resolve(__dirname, '../..');
const skipped = new Set(['node_modules', 'dist', '.tmp', '.artifacts', '.git']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skipped.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const docs = readdirSync(join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(root, 'docs', name));
const markdown = [join(root, 'README.md'), join(root, 'src/plugins/dunning/README.md'), ...docs];
const citing = [
  ...['src', 'test', 'bench'].flatMap((dir) => filesUnder(join(root, dir))),
  ...markdown,
].filter((path) => /\.(ts|tsx|js|md|json)$/.test(path));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('docs/spec.md', () => {
  const specHeadings = [
    ...readFileSync(join(root, 'docs/spec.md'), 'utf8').matchAll(/^#{2,3} (F\d+(?:\.\d+)?)\b/gm),
  ].map(([, number]) => number);
  const cited = new Map<string, string>();
  for (const path of citing) {
    for (const [number] of readFileSync(path, 'utf8').matchAll(/\bF\d+\.\d+\b/g)) {
      if (!cited.has(number)) cited.set(number, relative(root, path));
    }
  }

  it('has a heading for every feature number cited in src, test, bench and the docs', () => {
    const missing = [...cited]
      .filter(([number]) => !specHeadings.includes(number))
      .map(([n, where]) => `${n} (${where})`);
    expect(cited.size).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});

describe('Markdown links', () => {
  const cases = markdown.flatMap((path) => {
    const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
    return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target)
      .filter((target) => !/^[a-z]+:/i.test(target))
      .map((target) => [relative(root, path), target] as const);
  });

  it('finds the links to check', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)('%s → %s resolves', (from, target) => {
    const [file, anchor] = target.split('#');
    const path = file ? resolve(dirname(join(root, from)), file) : join(root, from);
    expect(existsSync(path)).toBe(true);
    if (anchor) expect([...anchorsOf(path)]).toContain(anchor);
  });
});
