import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where print batches are handed to the print vendor. Locally (and with a
 * vendor that collects over SFTP or a mounted share) a folder; in production
 * an object store implements the same interface.
 */
export interface PrintOutbox {
  /** stores an object atomically: a reader never sees half of it */
  put(name: string, data: Buffer): Promise<void>;
  describe(): string;
}

export class FolderOutbox implements PrintOutbox {
  constructor(private readonly dir: string) {}

  async put(name: string, data: Buffer): Promise<void> {
    if (name.includes('/') || name.includes('..')) throw new Error(`bad object name: ${name}`);
    await fs.mkdir(this.dir, { recursive: true });
    const final = path.join(this.dir, name);
    const part = `${final}.part`;
    await fs.writeFile(part, data);
    await fs.rename(part, final);
  }

  describe(): string {
    return `folder ${this.dir}`;
  }
}
