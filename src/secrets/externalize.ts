// Takes secrets out of the compose project: every occurrence of a secret value in any string of
// the project (an environment value, a connection string, a healthcheck command) becomes a
// compose interpolation reference `${NAME}`, and the values go to the secrets file that compose
// reads beside compose.yaml. Compose interpolates every value, so the stack it runs is the same.
//
// A secret can also reach the file encoded (a URL-encoded password in a connection string, a
// base64 token): each encoded form found gets a variable of its own.
import { escapeAllDollars } from '../placeholders/escape-dollars.js';
import type { ComposeProject } from '../compose/types.js';
import type { Secret } from './collect.js';
import { literalMatcher } from './matcher.js';
import { byName } from '../common/order.js';

/** `encodeURIComponent` plus the characters RFC 3986 reserves that it leaves alone. */
const strictUriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The forms a secret may take in a file: as it is, URL-encoded, base64. */
export function secretForms(secret: Secret): Secret[] {
  const { name, value } = secret;
  const forms: Secret[] = [
    { name, value },
    { name: `${name}_URLENCODED`, value: encodeURIComponent(value) },
    { name: `${name}_URLENCODED_STRICT`, value: strictUriEncode(value) },
    { name: `${name}_QUERY_ESCAPED`, value: encodeURIComponent(value).replace(/%20/g, '+') },
    { name: `${name}_BASE64`, value: Buffer.from(value).toString('base64') },
    { name: `${name}_BASE64URL`, value: Buffer.from(value).toString('base64url') },
  ];
  const seen = new Set<string>();
  return forms.filter((f) => !seen.has(f.value) && seen.add(f.value));
}

/**
 * `${NAME:?...}`: compose stops with this message when the variable is missing (a fresh clone
 * before its first `generate`), instead of starting a database with an empty password.
 */
export const reference = (name: string) => `\${${name}:?run score-compose generate to write it to .env}`;

/** What externalizing gives: the project with references, and the values of the references it holds. */
export interface Externalized {
  project: ComposeProject;
  /** Variable name → value, sorted by name; only the variables the project uses. */
  variables: Record<string, string>;
}

/** Replaces every secret (in every form) in the project's string values by a reference. */
export function externalizeSecrets(project: ComposeProject, secrets: readonly Secret[]): Externalized {
  const forms = secrets.flatMap(secretForms).sort((a, b) => b.value.length - a.value.length);
  if (forms.length === 0) return { project, variables: {} };
  // The project holds compose text, where a literal `$` is written `$$`.
  const byText = new Map(forms.map((f) => [escapeAllDollars(f.value), f]));
  const matcher = literalMatcher(byText.keys());
  const used = new Map<string, string>();
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return matcher.replaceAll(value, (found) => {
        const form = byText.get(found)!;
        used.set(form.name, form.value);
        return reference(form.name);
      });
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };
  const next = replace(project) as ComposeProject;
  const variables = Object.fromEntries([...used].sort(byName));
  return { project: next, variables };
}

/** A test for whether a text holds any of `secrets`, in any form (a file that does is written owner-only). */
export function secretTester(secrets: readonly Secret[]): (text: string | Buffer) => boolean {
  const matcher = literalMatcher(secrets.flatMap(secretForms).map((f) => f.value));
  return (text) => matcher.test(typeof text === 'string' ? text : text.toString('utf8'));
}
