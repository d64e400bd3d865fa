// Encoding helpers. JSON and YAML output sorts map keys so rendered files are stable.
import { createHash } from 'node:crypto';
import { stringifyYaml } from '../../../yaml/yaml.js';
import { encodeSecretRef } from '../../../k8s/secret-refs.js';
import { type Helper, plain, sortDeep, stableJson, text } from './values.js';

/** Go's json.Marshal escapes <, > and & for HTML safety; sprig's toJson keeps that. */
function escapeHtml(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Encoding helpers by name. */
export const encodingHelpers: Record<string, Helper> = {
  /** `toJson v`: compact JSON, sorted keys, `<>&` escaped as Go does. */
  toJson: plain((v) => escapeHtml(stableJson(v ?? null))),
  /** `toRawJson v`: compact JSON, sorted keys, no HTML escaping. */
  toRawJson: plain((v) => stableJson(v ?? null)),
  /** `toPrettyJson v`: JSON indented by two spaces, sorted keys. */
  toPrettyJson: plain((v) => stableJson(v ?? null, 2)),
  /** `toYaml v`: block YAML, sorted keys, no trailing newline (pair with `nindent`). */
  toYaml: plain((v) => stringifyYaml(sortDeep(v ?? null)).replace(/\n$/, '')),
  /** `fromJson s`: parses JSON; invalid JSON is an error (sprig would return nothing). */
  fromJson: plain((s) => {
    try {
      return JSON.parse(text(s)) as unknown;
    } catch (err) {
      throw new Error(`fromJson: ${(err as Error).message}`, { cause: err });
    }
  }),
  /**
   * `encodeSecretRef secret key`: for score-k8s provisioners, an output that stands for key `key`
   * of Kubernetes Secret `secret` (variables read it through secretKeyRef, never as text).
   */
  encodeSecretRef: plain((secret, key) => encodeSecretRef(text(secret), text(key))),
  /** `b64enc s`: standard base64 of the UTF-8 bytes. */
  b64enc: plain((s) => Buffer.from(text(s), 'utf8').toString('base64')),
  /** `b64dec s`: decodes standard or URL-safe base64 to a UTF-8 string. */
  b64dec: plain((s) => Buffer.from(text(s), 'base64').toString('utf8')),
  /** `sha256sum s`: lower-case hex SHA-256 of the UTF-8 bytes. */
  sha256sum: plain((s) => createHash('sha256').update(text(s), 'utf8').digest('hex')),
};
