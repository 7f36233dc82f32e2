/**
 * The run directory's writes go through a `Disk`, the seam where a test injects a full disk
 * (ENOSPC) without mocking the search. Reads use node:fs directly: they cannot fill a disk.
 */
import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';

export interface Disk {
  open(path: string, flags: string): number;
  /** Writes all of `data` at `position`. */
  write(fd: number, data: Uint8Array, position: number): void;
  fsync(fd: number): void;
  truncate(fd: number, length: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
}

export const nodeDisk: Disk = {
  open: (path, flags) => openSync(path, flags),
  write(fd, data, position) {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written, position + written);
  },
  fsync: (fd) => fsyncSync(fd),
  truncate: (fd, length) => ftruncateSync(fd, length),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
};

/** A write failed because the disk (or quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
