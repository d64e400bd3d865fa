/**
 * The sprig function library (Masterminds/sprig v3, as score-compose gives it to every template).
 * Every sprig function is here, so a template parses exactly when Go's would.
 */
import type { FuncMap, TemplateFunction } from '../function.js';
import { BCRYPT_FUNCS } from './bcrypt.js';
import { CERT_FUNCS } from './certs.js';
import { CRYPTO_FUNCS } from './crypto.js';
import { DATE_FUNCS } from './dates.js';
import { DEFAULT_FUNCS } from './defaults.js';
import { DICT_FUNCS } from './dicts.js';
import { ENCODING_FUNCS } from './encoding.js';
import { ENV_FUNCS } from './env.js';
import { LIST_FUNCS } from './lists.js';
import { MATH_FUNCS } from './math.js';
import { NETWORK_FUNCS } from './network.js';
import { REFLECT_FUNCS } from './reflect.js';
import { REGEX_FUNCS } from './regex.js';
import { SEMVER_FUNCS } from './semver.js';
import { STRING_FUNCS } from './strings.js';
import { URL_FUNCS } from './url.js';
import { XSTRINGS_FUNCS } from './xstrings.js';

/** The must* variants fail where the plain ones panic: in a template both are an error. */
const MUST = [
  'push',
  'append',
  'prepend',
  'first',
  'rest',
  'last',
  'initial',
  'reverse',
  'uniq',
  'without',
  'has',
  'slice',
  'chunk',
  'compact',
  'merge',
  'mergeOverwrite',
];

const all: [string, TemplateFunction][] = [
  ...STRING_FUNCS,
  ...LIST_FUNCS,
  ...DICT_FUNCS,
  ...DEFAULT_FUNCS,
  ...MATH_FUNCS,
  ...DATE_FUNCS,
  ...ENCODING_FUNCS,
  ...REGEX_FUNCS,
  ...REFLECT_FUNCS,
  ...XSTRINGS_FUNCS,
  ...SEMVER_FUNCS,
  ...URL_FUNCS,
  ...ENV_FUNCS,
  ...NETWORK_FUNCS,
  ...CRYPTO_FUNCS,
  ...CERT_FUNCS,
  ...BCRYPT_FUNCS,
];

const byName = new Map(all);
for (const name of MUST) {
  const f = byName.get(name);
  if (f) byName.set(`must${name[0]?.toUpperCase()}${name.slice(1)}`, f);
}

/** sprig.TxtFuncMap(): every sprig function by name. */
export const SPRIG_FUNCS: FuncMap = byName;
