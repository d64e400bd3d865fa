// Container variables → `env`: placeholders resolved, and every secret reference in a value read
// from its Secret (secretKeyRef) rather than written into the manifest.
import { substituteString } from '../../placeholders/substitute.js';
import type { Resolver } from '../../placeholders/types.js';
import { rethrowAt } from '../../convert/convert-error.js';
import { decodeSecretRefs, type SecretRef } from '../secret-refs.js';

/** One entry of a container's `env`. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

const REF_PREFIX = '__ref_';
// 128-bit FNV-1, as score-k8s names its helper variables: the same Secret key gets the same name.
const FNV128_PRIME = (1n << 88n) + 0x13bn;
const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const MASK128 = (1n << 128n) - 1n;

function fnv1of128(bytes: Uint8Array): Buffer {
  let hash = FNV128_OFFSET;
  for (const byte of bytes) hash = ((hash * FNV128_PRIME) & MASK128) ^ BigInt(byte);
  return Buffer.from(hash.toString(16).padStart(32, '0'), 'hex');
}

/** The helper variable holding one Secret key, for values that mix it with other text. */
export function secretRefVariableName(ref: SecretRef): string {
  const digest = fnv1of128(Buffer.from(ref.name + ref.key, 'utf8'));
  return REF_PREFIX + digest.toString('base64url').replace(/[_-]/g, '0');
}

function fromSecret(name: string, ref: SecretRef): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

function convertVariable(field: string, key: string, value: string, resolve: Resolver): EnvVar[] {
  let resolved: string;
  let decoded: ReturnType<typeof decodeSecretRefs>;
  try {
    resolved = substituteString(value, resolve, 'unescape');
    decoded = decodeSecretRefs(resolved);
  } catch (err) {
    return rethrowAt(`${field}.variables.${key}`, err);
  }
  const { parts, refs } = decoded;
  if (refs.length === 0) return [resolved === '' ? { name: key } : { name: key, value: resolved }];
  if (refs.length === 1 && parts[0] === '' && parts[1] === '') return [fromSecret(key, refs[0]!)];
  // A value mixing text and secrets: each secret in a helper variable, composed with $(NAME),
  // which Kubernetes expands from variables defined before this one.
  const helpers = refs.map((ref) => fromSecret(secretRefVariableName(ref), ref));
  const composed = parts.map((part, i) => (i === 0 ? part : `$(${helpers[i - 1]!.name})${part}`)).join('');
  return [...helpers, { name: key, value: composed }];
}

/**
 * The `env` of the container at `field` (`containers.<name>`): helper variables first (they must
 * precede their users), then by name.
 */
export function convertVariables(
  field: string,
  variables: Record<string, string> | undefined,
  resolve: Resolver,
): EnvVar[] {
  const out = new Map<string, EnvVar>();
  for (const [key, value] of Object.entries(variables ?? {})) {
    for (const entry of convertVariable(field, key, value, resolve))
      if (!out.has(entry.name)) out.set(entry.name, entry);
  }
  const rank = (v: EnvVar) => (v.name.startsWith(REF_PREFIX) ? 0 : 1);
  return [...out.values()].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
