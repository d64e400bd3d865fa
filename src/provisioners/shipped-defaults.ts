// The default provisioners file `init` writes is ~50 KB of YAML whose parse costs ~40 ms of
// every `generate`, though its text rarely changes. The build stores it parsed, as JSON, with
// the sha256 of the text (scripts/build-default-provisioners.mjs). A provisioners file whose
// text has that digest (an unedited zz-default.provisioners.yaml) is taken from there; any
// other text, an edited copy included, is parsed as usual.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packagePath } from '../common/package-files.js';

/** The file the build writes, relative to the package root. */
export const SHIPPED_DEFAULTS_FILE = 'dist/provisioners/default-provisioners.json';

interface ShippedDefaults {
  sha256: string;
  items: unknown[];
  /** The template engine of each template:// item, by index (chosen by the build from its syntax). */
  engines: Record<string, 'go' | 'handlebars'>;
}

/** The parsed items of an unedited defaults text, and the engine of each template item by index. */
export interface ShippedItems {
  items: unknown[];
  engines: Readonly<Record<string, 'go' | 'handlebars'>>;
}

let shipped: ShippedDefaults | null | undefined;

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The JSON the build writes for the defaults text and its parsed items
 * (used by scripts/build-default-provisioners.mjs, through dist/).
 * @public
 */
export function shippedDefaultsJson(text: string, items: unknown[], engines: ShippedDefaults['engines']): string {
  return JSON.stringify({ sha256: digest(text), items, engines } satisfies ShippedDefaults);
}

function load(): ShippedDefaults | null {
  // From the TypeScript sources (tests), a file in dist/ may be older than the defaults.
  if (import.meta.url.endsWith('.ts')) return null;
  try {
    const value = JSON.parse(readFileSync(packagePath(SHIPPED_DEFAULTS_FILE), 'utf8')) as ShippedDefaults;
    return typeof value.sha256 === 'string' && Array.isArray(value.items) && typeof value.engines === 'object'
      ? value
      : null;
  } catch {
    return null;
  }
}

/** The parsed items of `text` when it is exactly the shipped defaults text, else undefined. */
export function shippedItemsFor(text: string): ShippedItems | undefined {
  if (shipped === undefined) shipped = load();
  if (shipped === null || digest(text) !== shipped.sha256) return undefined;
  // A fresh copy: callers own what they get.
  return { items: structuredClone(shipped.items), engines: shipped.engines };
}
