#!/usr/bin/env node
// Build step: writes dist/score/schema-validator.cjs, the Score schema compiled ahead of time
// by ajv's standalone mode, so `generate` neither loads nor runs the ajv compiler.
import { writeFileSync } from 'node:fs';
import { STANDALONE_VALIDATOR, standaloneValidatorSource } from '../dist/score/validate.js';

const target = new URL(`../dist/score/${STANDALONE_VALIDATOR}`, import.meta.url);
writeFileSync(target, standaloneValidatorSource());
