/**
 * Crash-safe file replacement: write a temporary file next to the target, flush it to disk, rename
 * it over the target, flush the directory. A reader (or a resume after a power cut) sees the old
 * file or the new one, never a mix.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeDisk } from './disk.ts';
import type { Disk } from './disk.ts';

export function writeFileAtomic(path: string, data: string | Uint8Array, disk: Disk = nodeDisk): void {
  const tmp = `${path}.tmp`;
  const fd = disk.open(tmp, 'w');
  try {
    disk.write(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, 0);
    disk.fsync(fd);
  } finally {
    disk.close(fd);
  }
  disk.rename(tmp, path);
  syncDirectory(dirname(path));
}

/** Flushes a directory entry (a rename) to disk; a no-op where directories cannot be opened. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
