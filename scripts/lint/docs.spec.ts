/**
 * The repository stands alone (docs/README.md): no tracked file points at a folder outside it or at a path of
 * the machine it was written on, and docs/rules.md stays true to the code — every file it names exists, and
 * every test file it lists for a rule names that rule's id.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Written in pieces so that this file does not match itself. */
const OUTSIDE = [
  { what: 'a sibling folder "shared"', pattern: new RegExp(['\\.\\.', 'shared'].join('/')) },
  { what: 'a path of the authoring machine', pattern: new RegExp(['', 'work', ''].join('/')) },
  { what: 'a design note that lives outside the repository', pattern: new RegExp(`\\b(${['RULES', 'DESIGN', 'PROVINCIAL_API', 'STYLE', 'FACTS', 'S3_TEST_SERVER'].join('|')})\\.md\\b`) },
];

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 8000).includes(0);
}

/** Every line of every tracked text file that matches one of the patterns. */
export function outsideReferences(files: readonly string[], read: (file: string) => Buffer): string[] {
  const found: string[] = [];
  for (const file of files) {
    const bytes = read(file);
    if (!isText(bytes)) continue;
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const { what, pattern } of OUTSIDE) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
      });
  }
  return found;
}

interface RuleSection {
  id: string;
  text: string;
}

function ruleSections(markdown: string): RuleSection[] {
  const parts = markdown.split(/^### (R\d+)\b.*$/m);
  const sections: RuleSection[] = [];
  for (let i = 1; i < parts.length; i += 2) sections.push({ id: parts[i], text: parts[i + 1] });
  return sections;
}

/** The repository paths quoted in a piece of markdown (`libs/…/x.ts`). */
function citedPaths(text: string): string[] {
  return [...text.matchAll(/`((?:apps|libs|test|scripts|bench|docker)\/[^`\s*]+\.[a-z]+)`/g)].map((m) => m[1]);
}

/** The text of a bullet that starts with `- Label:` up to the next bullet. */
function bullet(text: string, label: string): string {
  const m = new RegExp(`^- ${label}:([\\s\\S]*?)(?=^- |^#|(?![\\s\\S]))`, 'm').exec(text);
  return m ? m[1] : '';
}

describe('the repository stands alone', () => {
  it('no tracked file refers to a folder outside the repository or to a path of the authoring machine', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(outsideReferences(files, (f) => readFileSync(join(ROOT, f)))).toEqual([]);
  });

  it('the check sees a planted reference in each form', () => {
    const planted: Record<string, string> = {
      'a.ts': `// see ${['..', 'shared', 'RULES'].join('/')}.md`,
      'b.md': `read ${['', 'work', 'shared', 'x'].join('/')}`,
      'c.ts': `/** the figures of ${'FACTS'}.md */`,
      'd.ts': '// docs/rules.md is fine',
    };
    const found = outsideReferences(Object.keys(planted), (f) => Buffer.from(planted[f]));
    expect(found.map((line) => line.split(':')[0])).toEqual(['a.ts', 'a.ts', 'b.md', 'c.ts']);
  });

  it('every repository file the docs/ pages name exists', () => {
    const pages = trackedFiles().filter((f) => /^docs\/.*\.md$/.test(f));
    expect(pages).toEqual(expect.arrayContaining(['docs/rules.md', 'docs/design.md', 'docs/provincial-api.md']));
    const missing = pages.flatMap((page) => citedPaths(readFileSync(join(ROOT, page), 'utf8')).filter((p) => !existsSync(join(ROOT, p))).map((p) => `${page}: ${p}`));
    expect(missing).toEqual([]);
  });

  it('the links between the documentation pages resolve', () => {
    const pages = ['README.md', ...trackedFiles().filter((f) => /^docs\/.*\.md$/.test(f) || /^(apps|libs)\/[^/]+\/README\.md$/.test(f))];
    const broken: string[] = [];
    for (const page of pages) {
      // code (fenced blocks and `spans`) shows link syntax, it does not link
      const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
        if (!existsSync(normalize(join(ROOT, dirname(page), target)))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('docs/rules.md', () => {
  const markdown = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
  const sections = ruleSections(markdown);

  it('has one section per rule, R1 to R38 in order', () => {
    expect(sections.map((s) => s.id)).toEqual(Array.from({ length: 38 }, (_, i) => `R${i + 1}`));
  });

  it('names only files that exist', () => {
    const missing = citedPaths(markdown).filter((p) => !existsSync(join(ROOT, p)) || !statSync(join(ROOT, p)).isFile());
    expect(missing).toEqual([]);
  });

  it('lists under "Tested" only test files that name the rule, and every rule enforced has a test or says why not', () => {
    const wrong: string[] = [];
    for (const { id, text } of sections) {
      const tested = citedPaths(bullet(text, 'Tested'));
      for (const file of tested) {
        if (!new RegExp(`\\b${id}\\b`).test(readFileSync(join(ROOT, file), 'utf8'))) wrong.push(`${id}: ${file} does not mention ${id}`);
      }
      if (tested.length === 0 && !/- Status:/.test(text)) wrong.push(`${id}: no test listed and no status saying why`);
    }
    expect(wrong).toEqual([]);
  });
});
