import { stageFile } from './staged-write.js';

/** Writes a file so readers see either the old or the new content, never half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const staged = await stageFile(path, data, mode);
  await staged.commit();
}
