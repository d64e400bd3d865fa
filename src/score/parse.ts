// Decodes a Score file's text into a plain map while keeping the way back to source positions,
// so that later stages can point their errors at `file:line:col`.
import { describeValue } from '../common/describe-value.js';
import { isRecord } from '../common/is-record.js';
import { parseYaml, yamlProblem, type YamlDocument, type YamlParseOptions } from '../yaml/yaml.js';

/** A decoded Score document and a way back from a value path to its source position. */
export type ParsedYaml = YamlDocument;

/**
 * Parses `text` (the content of `file`; bytes are decoded strictly as UTF-8) as YAML: one
 * document, which may follow comments and `---`; a second one is an error rather than silently
 * ignored. An empty document decodes to `{}` (the reference then reports the missing metadata);
 * any other non-map is an error.
 */
export function parseYamlDocument(text: string | Uint8Array, file: string): ParsedYaml {
  const opts: YamlParseOptions = { source: file, documents: 'one' };
  const doc = parseYaml(text, opts);
  if (doc.value === null) return { ...doc, value: {} };
  if (!isRecord(doc.value)) {
    throw yamlProblem(
      opts,
      `the document must be a map of fields, found ${describeValue(doc.value, 'code')}`,
      doc.locate([]),
    );
  }
  return doc;
}
