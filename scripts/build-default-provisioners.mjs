#!/usr/bin/env node
// Build step: stores the default provisioners text `init` writes, parsed, as JSON beside the
// library (see src/provisioners/shipped-defaults.ts), so an unedited copy needs no YAML parse.
import { writeFileSync } from 'node:fs';
import { defaultProvisionersText, packagePath } from '../dist/common/package-files.js';
import { parseProvisionerItems } from '../dist/provisioners/load.js';
import { SHIPPED_DEFAULTS_FILE, shippedDefaultsJson } from '../dist/provisioners/shipped-defaults.js';

const text = await defaultProvisionersText();
writeFileSync(packagePath(SHIPPED_DEFAULTS_FILE), shippedDefaultsJson(text, parseProvisionerItems(text)));
