#!/usr/bin/env node
// Build step: stores the default provisioners text `init` writes, parsed, as JSON beside the
// library (see src/provisioners/shipped-defaults.ts), so an unedited copy needs no YAML parse, and
// the template engine of each template definition, so its syntax need not be examined again.
import { writeFileSync } from 'node:fs';
import { defaultProvisionersText, packagePath } from '../dist/common/package-files.js';
import { parseProvisionerFile, parseProvisionerItems } from '../dist/provisioners/load.js';
import { SHIPPED_DEFAULTS_FILE, shippedDefaultsJson } from '../dist/provisioners/shipped-defaults.js';

const text = await defaultProvisionersText();
// The engine each template definition gets when its syntax is examined, as generate would.
const engines = {};
for (const [index, p] of parseProvisionerFile(text, 'default provisioners').entries())
  if (p.engine !== undefined) engines[index] = p.engine;
writeFileSync(packagePath(SHIPPED_DEFAULTS_FILE), shippedDefaultsJson(text, parseProvisionerItems(text), engines));
