// Hostile `files[].source` paths: links, devices, FIFOs, sockets, directories, huge files.
import { describe, it } from 'vitest';
import { runHostileCase } from '../../helpers/hostile.js';
import { fileSourceCases } from './cases-file-sources.js';

describe(`hostile inputs: file sources (${fileSourceCases.length} cases)`, () => {
  it.each(fileSourceCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(c);
  });
});
