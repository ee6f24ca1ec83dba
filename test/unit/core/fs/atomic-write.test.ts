import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { temporaryPathFor, writeFileAtomic } from '../../../../src/core/fs/atomic-write';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the folder (0700) and the file (0600), text or bytes, leaving no temporary file', async () => {
    const target = join(dir, 'nested', 'state.json');
    await writeFileAtomic(target, '{"a":1}');
    expect(await readFile(target, 'utf8')).toBe('{"a":1}');
    await writeFileAtomic(target, Buffer.from([1, 2, 3]));
    expect([...(await readFile(target))]).toEqual([1, 2, 3]);
    if (process.platform !== 'win32') {
      expect((await stat(target)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    }
    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('replaces a world-readable file with an owner-only one', async () => {
    const target = join(dir, 'cache.bin');
    await writeFile(target, 'old', { mode: 0o644 });
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    if (process.platform !== 'win32') {
      expect((await stat(target)).mode & 0o777).toBe(0o600);
    }
  });

  it('gives every write its own temporary name, so concurrent writers never share one', async () => {
    const target = join(dir, 'journal.json');
    const names = new Set(Array.from({ length: 200 }, () => temporaryPathFor(target)));
    expect(names.size).toBe(200);
    for (const name of names) {
      expect(name.startsWith(join(dir, '.journal.json.'))).toBe(true);
    }
    // 40 writers at once: each file is whole (one of the written values), and no temporary file is left.
    const values = Array.from({ length: 40 }, (_, index) => JSON.stringify({ writer: index, pad: 'x'.repeat(20_000) }));
    await Promise.all(values.map((value) => writeFileAtomic(target, value)));
    expect(values).toContain(await readFile(target, 'utf8'));
    expect(await readdir(dir)).toEqual(['journal.json']);
  });

  it('keeps the old file and cleans up when the rename fails', async () => {
    const target = join(dir, 'config.json');
    await mkdir(target); // a folder where the file should be: rename must fail
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['config.json']);
    expect((await stat(target)).isDirectory()).toBe(true);
  });
});
