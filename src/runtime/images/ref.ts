// Splitting an image reference the way the Engine's pull endpoint wants it: repository and tag
// (or digest) apart, `latest` when neither is given. A `:` before the last `/` is a registry port.

/** Repository and tag-or-digest of an image reference. */
export interface ImageRefParts {
  repository: string;
  /** A tag (`16`), a digest (`sha256:…`), or `latest`. */
  tag: string;
}

/** Splits `ref` into repository and tag; `localhost:5000/app` keeps its port in the repository. */
export function parseImageRef(ref: string): ImageRefParts {
  const at = ref.indexOf('@');
  if (at !== -1) return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon !== -1 && !ref.slice(colon + 1).includes('/')) {
    return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  }
  return { repository: ref, tag: 'latest' };
}
