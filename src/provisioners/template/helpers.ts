// The helper set available to every template (provisioners and patch templates). It
// covers what the default and community provisioners need, with sprig's names and
// argument order so Go templates port mechanically; see docs/template-helpers.md.
import { blockHelpers } from './helpers/blocks.js';
import { collectionHelpers } from './helpers/collections.js';
import { encodingHelpers } from './helpers/encoding.js';
import { logicHelpers } from './helpers/logic.js';
import { randomHelpers } from './helpers/random.js';
import { stringHelpers } from './helpers/strings.js';
import type { Helper } from './helpers/values.js';

export type { Helper, HelperOptions } from './helpers/values.js';

/** Every helper by name; engine.ts registers them on its isolated Handlebars instance. */
export const templateHelpers: Readonly<Record<string, Helper>> = Object.freeze({
  ...stringHelpers,
  ...collectionHelpers,
  ...logicHelpers,
  ...encodingHelpers,
  ...randomHelpers,
  ...blockHelpers,
});
