// Which values of a run are secrets, each with the variable name that stands for it in
// compose.yaml. Pure: reads the provisioned state and the services provisioners made.
//
// A value is a secret when
// - a resource output is one its provisioner lists under `secret_outputs`, or, for a provisioner
//   that lists none (score-compose's files have no such field), an output whose key names a secret
//   (password, secret, token, an API or private key, ...);
// - a value in a resource's state or in the shared state sits under such a key (an instance's
//   superuser password is no output of any resource, yet it is generated and used);
// - a provisioner-made service's environment variable is named like one (`POSTGRES_PASSWORD`).
// Composite values (a connection string holding a password) need no mark: every occurrence of a
// secret inside any value is replaced (see externalize.ts).
import { isRecord } from '../common/is-record.js';
import type { ComposeService } from '../compose/types.js';
import type { State } from '../state/types.js';

/** A secret value and the variable compose reads it from. */
export interface Secret {
  name: string;
  value: string;
}

/** Shorter values are not secrets worth the name (and would be found everywhere). */
const MIN_LENGTH = 4;

/** Words that make a key a secret's: `db_password`, `instancePassword`, `AUTH_TOKEN`, `secret_key`. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'secret', 'token', 'credential', 'credentials']);
/** A `key` is a secret's only with one of these before it (`access_key_id` names a user, not a secret). */
const KEY_KINDS = new Set(['api', 'private', 'secret', 'signing', 'encryption', 'master', 'auth', 'access']);

/** The words of a key: split at `_`, `-`, `.`, and lower-to-upper case changes; lower case. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Whether a key names a secret (the rule for provisioners that do not list their secret outputs). */
export function isSecretKey(key: string): boolean {
  const words = wordsOf(key);
  // `PGPASSWORD`, `dbsecret`: one word that ends with one of them counts too.
  if (words.some((w) => SECRET_WORDS.has(w) || /(password|passwd|secret|token)$/.test(w))) return true;
  if (words.join('') === 'apikey') return true;
  const at = words.lastIndexOf('key');
  return at > 0 && at === words.length - 1 && KEY_KINDS.has(words[at - 1]!);
}

/** A variable name part: upper case, `_` between words. */
function slug(text: string): string {
  return wordsOf(text).join('_').toUpperCase();
}

/** A value worth keeping out of compose.yaml: long enough, and not itself a reference to the environment. */
function secretValue(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined || text.length < MIN_LENGTH || text.includes('${')) return undefined;
  return text;
}

/** Every string leaf under a secret-looking key, with the path of keys that leads to it. */
function secretLeaves(value: unknown, path: string[], out: [string[], string][], underSecret = false): void {
  if (isRecord(value)) {
    for (const key of Object.keys(value).sort()) {
      secretLeaves(value[key], [...path, key], out, underSecret || isSecretKey(key));
    }
    return;
  }
  const text = underSecret ? secretValue(value) : undefined;
  if (text !== undefined) out.push([path, text]);
}

/** The secret values one resource's provisioning gave (to mask in its info logs at once). */
export function resourceSecrets(
  uid: string,
  outputs: Record<string, unknown>,
  state: Record<string, unknown>,
  declared: readonly string[] | undefined,
): Secret[] {
  const found: Secret[] = [];
  for (const key of Object.keys(outputs).sort()) {
    const value = (declared ? declared.includes(key) : isSecretKey(key)) ? secretValue(outputs[key]) : undefined;
    if (value !== undefined) found.push({ name: `${slug(uid)}_${slug(key)}`, value });
  }
  const leaves: [string[], string][] = [];
  secretLeaves(state, [], leaves);
  for (const [path, value] of leaves) found.push({ name: `${slug(uid)}_${path.map(slug).join('_')}`, value });
  return found;
}

/** The secret values in (a part of) the shared state, named after their path. */
export function sharedSecrets(shared: Record<string, unknown>): Secret[] {
  const leaves: [string[], string][] = [];
  secretLeaves(shared, [], leaves);
  return leaves.map(([path, value]) => ({ name: path.map(slug).join('_'), value }));
}

export interface SecretSources {
  state: State;
  /** The `secret_outputs` of each resource's provisioner, by uid; absent: the key rule decides. */
  declared: ReadonlyMap<string, readonly string[]>;
  /** The services provisioners made. */
  services: Record<string, ComposeService>;
}

/**
 * The secrets of a run, one per distinct value, each named after the first place it was found
 * (each resource's outputs and state by uid, the shared state, service environments; sorted), so
 * the names stay the same from one run to the next.
 */
export function collectSecrets(sources: SecretSources): Secret[] {
  const byValue = new Map<string, string>();
  const taken = new Set<string>();
  const add = (name: string, value: string | undefined): void => {
    if (value === undefined || byValue.has(value)) return;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    byValue.set(value, unique);
  };
  const { resources, shared_state: shared } = sources.state;
  const uids = Object.keys(resources).sort();
  const perResource = uids.map((uid) => {
    const r = resources[uid]!;
    return resourceSecrets(uid, r.outputs ?? {}, r.state, sources.declared.get(uid));
  });
  // Each resource's outputs come before its state: a password is named after the output.
  for (const secrets of perResource) for (const s of secrets) add(s.name, s.value);
  for (const s of sharedSecrets(shared)) add(s.name, s.value);
  for (const name of Object.keys(sources.services).sort()) {
    const environment = sources.services[name]!.environment;
    if (!isRecord(environment)) continue;
    for (const key of Object.keys(environment).sort()) {
      if (isSecretKey(key)) add(`${slug(name)}_${slug(key)}`, secretValue(environment[key]));
    }
  }
  return [...byValue].map(([value, name]) => ({ name, value }));
}
