// Secret references in provisioner outputs: a provisioner that keeps a value in a Kubernetes Secret
// outputs `🔐💬<secret>_<key>💬🔐` (`encodeSecretRef`) instead of the value, and conversion turns
// each one into a secretKeyRef (variables) or a Secret volume (files). The form is score-k8s's, so
// its provisioners work unchanged; a reference that survives into a manifest is an error.

const OPEN = '🔐💬';
const CLOSE = '💬🔐';

/** A key in a Kubernetes Secret. */
export interface SecretRef {
  name: string;
  key: string;
}

/** The placeholder a provisioner outputs for key `key` of Secret `secret`. */
export function encodeSecretRef(secret: string, key: string): string {
  return `${OPEN}${secret}_${key}${CLOSE}`;
}

/**
 * Splits `text` around its secret references: `parts` has one more entry than `refs`, the text
 * before, between and after them. A reference's name ends at its first `_` (Secret names cannot
 * hold one); one without `_` is refused.
 */
export function decodeSecretRefs(text: string): { parts: string[]; refs: SecretRef[] } {
  const pieces = text.split(OPEN);
  const parts: string[] = [pieces[0]!];
  const refs: SecretRef[] = [];
  for (const piece of pieces.slice(1)) {
    const end = piece.indexOf(CLOSE);
    if (end < 0) {
      // An opening mark with no closing one is plain text, as it was written.
      parts[parts.length - 1] += OPEN + piece;
      continue;
    }
    const inner = piece.slice(0, end);
    const cut = inner.indexOf('_');
    if (cut < 0) throw new Error(`invalid secret ref '${inner}': it has no '_' between the secret name and key`);
    refs.push({ name: inner.slice(0, cut), key: inner.slice(cut + 1) });
    parts.push(piece.slice(end + CLOSE.length));
  }
  return { parts, refs };
}

/** The dotted path of the first string in `value` that still holds a secret reference. */
export function findSecretRef(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    const open = value.indexOf(OPEN);
    return open >= 0 && value.indexOf(CLOSE, open + OPEN.length) > 0 ? path : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findSecretRef(item, `${path}.${i}`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findSecretRef(item, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
