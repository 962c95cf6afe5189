import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fingerprintOf, inspect, readKeyFile } from './index';
import { generatedBytes, minimalPdf } from './test-helpers';

const BIN = resolve(__dirname, '..', '..', '..', 'bin', 'bid-seal.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the CLI under a pseudo-terminal (util-linux `script`), as a bidder at a terminal sees it. */
function runInTerminal(cwd: string, args: string[]): Promise<Run> {
  const command = [process.execPath, BIN, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((done) => {
    execFile('script', ['-qefc', command, '/dev/null'], { cwd, env: { ...process.env, COLUMNS: '100' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

// Each test starts the CLI several times (bin/bid-seal.js on libs/sealing/cjs): generous bounds on waiting for those
// processes on a busy 2-core machine, not speed goals (seen: 30 s exceeded at load average 18).
describe('bid-seal (the bidder CLI, run as a child process)', () => {
  let dir: string;
  const bid = generatedBytes(2 * 1024 * 1024 + 333, 'cli');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bid-seal-cli-'));
    await writeFile(join(dir, '技术标.pdf'), bid);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('seals with a new key file, prints the fingerprint; inspect and open agree; the key file is reused', async () => {
    const sealed = await run(dir, ['seal', '技术标.pdf', '--key', 'bid.key', '--price', '1234567.89', '--duration-days', '180', '--item', '质量标准=合格']);
    expect(sealed).toMatchObject({ code: 0, stderr: '' });
    const printed = /key fingerprint: ([0-9a-f]{64})/.exec(sealed.stdout)?.[1];
    const key = await readKeyFile(join(dir, 'bid.key'));
    expect(printed).toBe(fingerprintOf(key));
    expect(sealed.stdout).toContain('(新建 new');
    expect((await stat(join(dir, 'bid.key'))).mode & 0o777).toBe(0o600);

    const container = await readFile(join(dir, '技术标.pdf.bidseal'));
    const inspection = await inspect(container);
    expect(inspection.keyFingerprint).toBe(printed);
    expect(sealed.stdout).toContain(`SHA-256 ${sha256(container)}`);
    expect(sealed.stdout).toContain(`SHA-256 ${sha256(bid)}`);

    const [inspected, opened, again] = await Promise.all([
      run(dir, ['inspect', '技术标.pdf.bidseal']),
      run(dir, ['open', '技术标.pdf.bidseal', '--key', 'bid.key', '--out', 'opened.pdf']),
      run(dir, ['seal', '技术标.pdf', '--key', 'bid.key', '--price', '1', '--duration-days', '1', '--out', 'second.bidseal']),
    ]);
    expect(inspected).toMatchObject({ code: 0, stderr: '' });
    expect(inspected.stdout).toContain(`key fingerprint: ${printed}`);
    expect(inspected.stdout).toContain(sha256(container));
    expect(inspected.stdout).toContain('3 chunks');

    expect(opened).toMatchObject({ code: 0, stderr: '' });
    expect((await readFile(join(dir, 'opened.pdf'))).equals(bid)).toBe(true);
    expect(opened.stdout).toContain('1234567.89 元');
    expect(opened.stdout).toContain('180 天');
    expect(opened.stdout).toContain('质量标准: 合格');
    expect(opened.stdout).toContain('技术标.pdf');

    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`key fingerprint: ${printed}`);
    expect(again.stdout).not.toContain('新建');
    expect(Buffer.from(await readKeyFile(join(dir, 'bid.key'))).equals(Buffer.from(key))).toBe(true);
  }, 120_000);

  it('takes the summary from a JSON file and prints JSON with --json', async () => {
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ price: '88000.5', durationDays: 30, items: { 交货地点: '交易中心' } }));
    const sealed = await run(dir, ['seal', '技术标.pdf', '--key', 'json.key', '--summary', 'summary.json', '--out', 'json.bidseal', '--json']);
    expect(sealed.code).toBe(0);
    const report = JSON.parse(sealed.stdout);
    expect(report).toMatchObject({
      container: 'json.bidseal',
      plaintextSize: bid.length,
      plaintextSha256: sha256(bid),
      keyFileCreated: true,
      summary: { price: '88000.5', durationDays: 30, items: [{ name: '交货地点', value: '交易中心' }] },
    });
    const opened = JSON.parse((await run(dir, ['open', 'json.bidseal', '--key', 'json.key', '--json'])).stdout);
    expect(opened).toMatchObject({ keyFingerprint: report.keyFingerprint, plaintextSha256: sha256(bid), summary: report.summary });
  }, 120_000);

  it('refuses with the error code: a PDF to inspect, a wrong key, a bad price, an existing output', async () => {
    await writeFile(join(dir, 'plain.pdf'), minimalPdf());
    const [pdf, wrongKey, badPrice, exists] = await Promise.all([
      run(dir, ['inspect', 'plain.pdf']),
      run(dir, ['open', '技术标.pdf.bidseal', '--key', 'json.key']),
      run(dir, ['seal', '技术标.pdf', '--key', 'never.key', '--price', '12.345', '--duration-days', '1', '--out', 'bad.bidseal']),
      run(dir, ['seal', '技术标.pdf', '--key', 'bid.key', '--price', '1', '--duration-days', '1']),
    ]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain('NOT_A_SEALED_CONTAINER');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('WRONG_KEY');
    expect(badPrice.code).toBe(1);
    expect(badPrice.stderr).toContain('INVALID_SUMMARY');
    expect(existsSync(join(dir, 'never.key'))).toBe(false); // no key made for a seal that was refused
    expect(existsSync(join(dir, 'bad.bidseal'))).toBe(false);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('--force');
  }, 120_000);

  it('shows a progress bar for a large file at a terminal, and none when output is not a terminal', async () => {
    await writeFile(join(dir, 'large.bin'), generatedBytes(12 * 1024 * 1024, 'large'));
    const [terminal, piped] = await Promise.all([
      runInTerminal(dir, ['seal', 'large.bin', '--key', 'bid.key', '--price', '1', '--duration-days', '1', '--out', 'large-tty.bidseal']),
      run(dir, ['seal', 'large.bin', '--key', 'bid.key', '--price', '1', '--duration-days', '1', '--out', 'large-pipe.bidseal']),
    ]);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(/sealing \[#+\] 100% {2}12\.0\/12\.0 MiB/);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('sealing [');
  }, 120_000);
});
