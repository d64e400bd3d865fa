// Loading provisioner files: every `*.provisioners.yaml` directly in the state directory, in
// byte-wise name order; each is a YAML list of definitions whose URI scheme selects the kind.
// Priority is load order: files first, then items within a file.
import { readdir } from '../fs/sync-promises.js';
import { join } from 'node:path';
import { readRegularFile } from '../fs/confine.js';
import { decodeUtf8, parseYamlValue } from '../yaml/yaml.js';
import { ScoreComposeError, userError } from '../common/errors.js';
import { parseCmdProvisioner } from './cmd/cmd-provisioner.js';
import { type Origin } from './definition.js';
import { isRecord } from '../common/is-record.js';
import { builtinEnvironmentProvisioner, parseEnvironmentProvisioner } from './env/env-provisioner.js';
import { parseTemplateProvisioner } from './template/template-provisioner.js';
import type { Provisioner, ProvisionerTarget } from './types.js';
import { shippedItemsFor } from './shipped-defaults.js';
import { templateLocator } from './template-position.js';

/** Suffix of the files loaded from the state directory. */
export const PROVISIONERS_SUFFIX = '.provisioners.yaml';

const PARSERS: Record<string, (raw: Record<string, unknown>, origin: Origin) => Provisioner> = {
  template: parseTemplateProvisioner,
  cmd: parseCmdProvisioner,
  'local-env': parseEnvironmentProvisioner,
};

function parseItem(raw: Record<string, unknown>, origin: Origin): Provisioner {
  const i = origin.index;
  const uri = raw.uri ?? '';
  if (typeof uri !== 'string' || /[\s\p{Cc}]/u.test(uri) || /%(?![0-9a-fA-F]{2})/.test(uri)) {
    throw userError('input', `${i}: invalid uri '${String(uri)}'`);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1];
  if (scheme === undefined) throw userError('input', `${i}: missing uri schema '${uri}'`);
  const parse = PARSERS[scheme];
  if (!parse) {
    throw userError('input', `${i}: unsupported provisioner type '${scheme}'`, {
      hint: 'supported uri schemes: template://, cmd://, local-env://',
    });
  }
  try {
    return parse(raw, origin);
  } catch (err) {
    if (err instanceof ScoreComposeError) throw err.wrap(`${i}: ${uri}: failed to parse`);
    throw err;
  }
}

/** The YAML list of definitions in a provisioners file. */
export function parseProvisionerItems(text: string): unknown[] {
  const items = parseYamlValue(text, {
    source: 'provisioners file',
    located: false,
    documents: 'one',
    describe: (problem) => `failed to decode file: ${problem}`,
  });
  if (items === null)
    throw userError('input', 'failed to decode file: EOF', {
      hint: 'an empty provisioners file must contain [] (an empty list)',
    });
  if (!Array.isArray(items))
    throw userError('input', 'failed to decode file: expected a list of provisioner definitions');
  return items;
}

/** Parses one provisioner file (of `target`'s tool); errors read `failed to load '<file>': ...`. */
export function parseProvisionerFile(text: string, file: string, target: ProvisionerTarget = 'compose'): Provisioner[] {
  try {
    const shipped = target === 'compose' ? shippedItemsFor(text) : undefined;
    const items = shipped?.items ?? parseProvisionerItems(text);
    return items.map((item, index) => {
      if (!isRecord(item)) throw userError('input', `${index}: expected a map with uri and type`);
      const knownEngine = shipped?.engines[index];
      const origin = { file, index, locateTemplate: templateLocator(text, index), target };
      return parseItem(item, knownEngine === undefined ? origin : { ...origin, knownEngine });
    });
  } catch (err) {
    if (err instanceof ScoreComposeError) throw err.wrap(`failed to load '${file}'`);
    throw err;
  }
}

/** Byte-wise comparison, as the reference sorts directory entries. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The text of a provisioner file of the state directory (regular, inside it, UTF-8). */
async function readProvisionerFile(stateDir: string, name: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(join(stateDir, name), {
      within: { root: stateDir, rootName: 'the state directory' },
    });
  } catch (err) {
    throw userError('input', `failed to load '${name}': ${(err as Error).message}`);
  }
  return decodeUtf8(bytes, { source: name, describe: (p) => `failed to load '${name}': ${p}` });
}

/** Loads every `*.provisioners.yaml` regular file directly in `stateDir`, in byte-wise name order. */
export async function loadProvisioners(
  stateDir: string,
  target: ProvisionerTarget = 'compose',
): Promise<Provisioner[]> {
  const entries = await readdir(stateDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith(PROVISIONERS_SUFFIX))
    .map((e) => e.name)
    .sort(byteOrder);
  const out: Provisioner[] = [];
  for (const name of names) out.push(...parseProvisionerFile(await readProvisionerFile(stateDir, name), name, target));
  return out;
}

/** Appends the built-in environment provisioner when no loaded one has type `environment`. */
export function withBuiltinProvisioners(provisioners: Provisioner[]): Provisioner[] {
  return provisioners.some((p) => p.type === 'environment')
    ? provisioners
    : [...provisioners, builtinEnvironmentProvisioner()];
}
