// Where a template error is in the provisioner file. Template engines count lines and columns
// inside the template text; the user edits the YAML file that holds it. For a block scalar
// (`outputs: |`) template line 1 is the line after the indicator and columns shift by the block's
// indentation; for a one-line scalar the template starts at the value itself (after its quote).
import { parseYaml } from '../yaml/yaml.js';

/** A 1-based line and column in the provisioner file. */
export interface FilePosition {
  line: number;
  col: number;
}

/** Maps (field, template line, template column) of entry `index` to the file; undefined when it cannot. */
export type TemplateLocator = (field: string, line: number, col: number) => FilePosition | undefined;

/** A locator over the provisioner file `text`; the text is parsed for positions only when first asked. */
export function templateLocator(text: string, index: number): TemplateLocator {
  return (field, line, col) => {
    let at: { line: number; col: number } | undefined;
    try {
      at = locatorDoc(text).locate([index, field]);
    } catch {
      return undefined;
    }
    if (at === undefined) return undefined;
    const lines = text.split('\n');
    const first = lines[at.line - 1] ?? '';
    // A missing field locates to its entry instead: only a value right after `<field>:` counts.
    if (!new RegExp(`(^|[\\s{,-])${field}\\s*:\\s*$`).test(first.slice(0, at.col - 1))) return undefined;
    const indicator = first.slice(at.col - 1);
    if (/^[|>]/.test(indicator)) {
      // Block scalar: content from the next line, at the block's indentation.
      const contentLine = at.line + line;
      const content = lines[contentLine - 1];
      if (content === undefined) return undefined;
      const indent = /^ */.exec(lines[at.line] ?? '')![0].length;
      return { line: contentLine, col: indent + col };
    }
    if (line !== 1) return undefined; // a multi-line flow scalar folds its lines: no reliable mapping
    const quoted = /^["']/.test(indicator) ? 1 : 0;
    return { line: at.line, col: at.col + quoted + col - 1 };
  };
}

const docs = new Map<string, ReturnType<typeof parseYaml>>();
function locatorDoc(text: string): ReturnType<typeof parseYaml> {
  let doc = docs.get(text);
  if (doc === undefined) {
    doc = parseYaml(text, { source: 'provisioners file', located: false, documents: 'one' });
    docs.set(text, doc);
  }
  return doc;
}

/**
 * The template line and column an engine's message names (`template: :4:30:`,
 * `template://x/y:11:9:`; Go's parse errors give a line only, `template: :2:`: column 1).
 */
export function templatePositionIn(message: string): { line: number; col: number } | undefined {
  const m = /(?:template: |template:\/\/\S*?):(\d+)(?::(\d+))?:/.exec(message);
  return m === null ? undefined : { line: Number(m[1]), col: m[2] === undefined ? 1 : Number(m[2]) };
}
