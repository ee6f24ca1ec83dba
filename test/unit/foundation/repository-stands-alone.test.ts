/**
 * The repository stands alone: what the code relies on is written in docs/, and no comment or
 * doc sends the reader to a document outside the repository (a private reference's sections,
 * checklist rows or issue numbers), which a reader of the repository cannot open. Public standards
 * cited by section (RFC 8252 §8.12) are fine. Also: the docs' own links and the test files
 * docs/security.md names exist, and the README links every doc.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const THIS_FILE = relative(ROOT, __filename);

/** Ways a text cites a document the repository does not contain. */
const OUTSIDE_CITATIONS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a private wire reference', pattern: /\bwire reference\b/i },
  { name: 'a security checklist outside docs/', pattern: /\bsecurity checklist (?:§|row|item|\d)|\bchecklist (?:row|item|§)/i },
  { name: 'a section sign outside an RFC citation', pattern: /(?<!\bRFC \d{3,5} )§/ },
  { name: 'an issue number', pattern: /\bissues? #?\d+\b/i },
  {
    name: 'a reference file by name',
    pattern: /\b(?:pim-graph-msal-wire|pim-arm-wire|security-checklist|toolchain-notes|house-style|peer-tools)(?:\.md)?\b/,
  },
  { name: 'the shared reference folder', pattern: /shared\/reference/ },
];

/** Every line of `text` that cites an outside document, as `line: text (kind)`. */
export function outsideCitations(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) =>
      OUTSIDE_CITATIONS.filter(({ pattern }) => pattern.test(line)).map(({ name }) => `${String(index + 1)}: ${line.trim()} (${name})`),
    );
}

const TEXT_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|yml|yaml|html|css|sh)$/;

function files(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : TEXT_FILE.test(name) ? [path] : [];
  });
}

function citationsIn(paths: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    const hits = outsideCitations(readFileSync(path, 'utf8'));
    if (hits.length > 0) {
      found[relative(ROOT, path)] = hits;
    }
  }
  return found;
}

describe('no citation of documents outside the repository', () => {
  it('the detector finds each kind of outside citation, and lets public standards and repository docs through', () => {
    const planted = [
      ' * Parses claims (wire reference §3.1).',
      ' * Denied everywhere (security checklist §7 row 5).',
      '// Checklist row 9: no payload key names a secret.',
      '# deep links for the help-desk flow (issue 6).',
      ' * faithful to `pim-graph-msal-wire.md`.',
      ' * The amr values (§6.1).',
    ];
    expect(planted.filter((line) => outsideCitations(line).length === 0)).toEqual([]);
    const fine = [
      ' * The system browser is the default (RFC 8252 §8.12).',
      ' * UTCTime before 2050 (RFC 5280 §4.1.2.5).',
      ' * Denied everywhere (docs/security.md, row 5).',
      ' * Forms (docs/protocol.md, "The three challenge forms").',
      'Issue tracker: file a bug.',
    ];
    expect(fine.flatMap((line) => outsideCitations(line))).toEqual([]);
  });

  it('src/ cites none', () => {
    expect(citationsIn(files(join(ROOT, 'src')))).toEqual({});
  });

  it('tests, scripts, docs, workflows and top-level files cite none', () => {
    const paths = [
      ...files(join(ROOT, 'test')).filter((path) => relative(ROOT, path) !== THIS_FILE),
      ...files(join(ROOT, 'scripts')),
      ...files(join(ROOT, 'docs')),
      ...files(join(ROOT, '.github')),
      ...['README.md', 'electron-builder.yml', 'package.json', 'eslint.config.mjs', '.ci/run'].map((name) => join(ROOT, name)),
    ].filter((path) => existsSync(path) && !relative(ROOT, path).startsWith(join('test', 'fixtures')));
    expect(citationsIn(paths)).toEqual({});
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchor(line.replace(/^#+ /, ''))),
  );
}

const MARKDOWN = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => join('docs', name))].filter((path) => path.endsWith('.md'));

describe('pointers into docs/ from code', () => {
  it('name a document that exists, and a section heading (or security.md row) it has', () => {
    const code = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'test')), ...files(join(ROOT, 'scripts'))].filter(
      (path) => relative(ROOT, path) !== THIS_FILE,
    );
    const securityRows = new Set(
      readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8')
        .split('\n')
        .flatMap((line) => /^\|\s*(\d+)\s*\|/.exec(line)?.[1] ?? []),
    );
    const broken: string[] = [];
    let pointers = 0;
    for (const path of code) {
      const text = readFileSync(path, 'utf8').replace(/\n\s*(?:\*|\/\/|#)\s*/g, ' ');
      for (const match of text.matchAll(/docs\/([\w-]+\.md)(?:, "([^"]+)")?(?:, rows? (\d+))?/g)) {
        const [whole, doc = '', section, row] = match;
        pointers += 1;
        const docPath = join(ROOT, 'docs', doc);
        if (!existsSync(docPath)) {
          broken.push(`${relative(ROOT, path)}: ${whole} (no such document)`);
        } else if (section !== undefined && !anchorsOf(readFileSync(docPath, 'utf8')).has(anchor(section))) {
          broken.push(`${relative(ROOT, path)}: ${whole} (no such section)`);
        } else if (row !== undefined && !securityRows.has(row)) {
          broken.push(`${relative(ROOT, path)}: ${whole} (no such row)`);
        }
      }
    }
    expect(pointers).toBeGreaterThan(40);
    expect(broken).toEqual([]);
  });
});

describe('docs', () => {
  it('the README links every document in docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const unlinked = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md') && !readme.includes(`](docs/${name}`));
    expect(unlinked).toEqual([]);
  });

  it.each(MARKDOWN)('%s: every relative link reaches a file, and every #anchor a heading in it', (path) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const broken: string[] = [];
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) {
        continue;
      }
      const [file = '', hash] = target.split('#');
      const resolved = file === '' ? join(ROOT, path) : join(ROOT, dirname(path), file);
      if (!existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (hash !== undefined && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(hash)) {
        broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every test file docs/security.md names exists, and every checklist row names at least one', () => {
    const text = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');
    const named = [...text.matchAll(/`(test\/[\w./-]+\.(?:ts|tsx))`/g)].map(([, path = '']) => path);
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    const rows = text.split('\n').filter((line) => /^\|\s*\d+\s*\|/.test(line));
    expect(rows.map((line) => Number(/^\|\s*(\d+)\s*\|/.exec(line)?.[1])).sort((a, b) => a - b)).toEqual(
      // Numbered 1 to N without gaps or repeats, whatever N is today.
      Array.from({ length: Math.max(31, rows.length) }, (_, i) => i + 1),
    );
    expect(rows.filter((line) => !/`test\//.test(line))).toEqual([]);
  });
});
