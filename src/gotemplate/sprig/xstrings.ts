/**
 * sprig's case conversions from huandu/xstrings: `camelcase` (ToCamelCase), `snakecase` (ToSnakeCase)
 * and `kebabcase` (ToKebabCase), rune by rune with Go's unicode classes.
 */
import { randomInt } from 'node:crypto';
import { fn, type TemplateFunction } from '../function.js';
import type { GoValue } from '../values.js';

/** utf8.RuneError: what Go decodes an invalid byte to (and a literal U+FFFD, which xstrings treats alike). */
const RUNE_ERROR = '\uFFFD';

const isSpace = (r: string): boolean => /^\p{White_Space}$/u.test(r);
const isConnector = (r: string): boolean => r === '-' || r === '_' || isSpace(r);
const isUpper = (r: string): boolean => /^\p{Lu}$/u.test(r);
const isLetter = (r: string): boolean => /^\p{L}$/u.test(r);
const isPunct = (r: string): boolean => /^\p{P}$/u.test(r);
const isNumber = (r: string): boolean => /^\p{N}$/u.test(r);

/** unicode.ToUpper/ToLower of one rune (a mapping to several runes is not a simple case mapping). */
const toUpper = (r: string): string => ([...r.toUpperCase()].length === 1 ? r.toUpperCase() : r);
const toLower = (r: string): string => ([...r.toLowerCase()].length === 1 ? r.toLowerCase() : r);

/** xstrings' isAlphabet: a letter outside the main CJK blocks. */
function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const c = r.codePointAt(0) ?? 0;
  if (c < 0x3400) return true;
  if (c >= 0x4e00 && c <= 0x9fcc) return false;
  if (c >= 0x3400 && c <= 0x4d85) return false;
  if (c >= 0x20000 && c <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToCamelCase. */
function toCamelCase(s: string): string {
  const runes = [...s];
  if (runes.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  // Leading connectors appear in the output.
  while (i < runes.length) {
    r0 = runes[i++] ?? '';
    if (!isConnector(r0)) {
      r0 = toUpper(r0);
      break;
    }
    out += r0;
  }
  // Go writes the last rune read again here, even when it is a connector ("_" → "__").
  if (i >= runes.length) return out + r0;
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++] ?? '';
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = toUpper(r0);
    else {
      r0 = toLower(r0);
      out += r1;
    }
  }
  return out + r0;
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

interface Word {
  readonly wt: WordType;
  readonly word: string[];
  readonly rest: string[];
}

/** xstrings' nextValidRune: the next rune that is not RuneError (or `prev`), and how many runes it took. */
function nextValidRune(s: readonly string[], prev: string): [string, number] {
  let size = 0;
  for (const r of s) {
    size++;
    if (r !== RUNE_ERROR) return [r, size];
  }
  return [prev, size];
}

/** xstrings' nextWord. */
function nextWord(str: readonly string[]): Word {
  if (str.length === 0) return { wt: 'invalid', word: [], rest: [] };
  let [r, size] = nextValidRune(str, RUNE_ERROR);
  let offset = size;
  let rest = str.slice(size);
  const scan = (keep: (r: string) => boolean): void => {
    while (rest.length > 0) {
      [r, size] = nextValidRune(rest, r);
      if (!keep(r)) break;
      offset += size;
      rest = rest.slice(size);
    }
  };
  let wt: WordType;
  if (r === RUNE_ERROR) return { wt: 'invalid', word: str.slice(0, offset), rest };
  if (isConnector(r)) {
    wt = 'connector';
    scan(isConnector);
  } else if (isPunct(r)) {
    wt = 'punct';
    scan(isPunct);
  } else if (isUpper(r)) {
    wt = 'upper';
    if (rest.length > 0) {
      [r, size] = nextValidRune(rest, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        rest = rest.slice(size);
        while (rest.length > 0) {
          [r, size] = nextValidRune(rest, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
          rest = rest.slice(size);
        }
        // "HTTPStatus" is "HTTP" and "Status": the last upper-case rune starts the next word.
        if (rest.length > 0 && isAlphabet(r)) {
          offset -= prevSize;
          rest = str.slice(offset);
        }
      } else if (isAlphabet(r)) {
        offset += size;
        rest = rest.slice(size);
        scan((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    wt = 'alphabet';
    scan((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    wt = 'number';
    scan(isNumber);
  } else {
    wt = 'other';
    // (Go also stops at size 0, which only an empty rest gives.)
    scan((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  }
  return { wt, word: str.slice(0, offset), rest };
}

/** xstrings' toLower: upper-case and connector words are lower-cased, connectors become `connector`. */
function lowerWord(wt: WordType, word: readonly string[], connector: string): string {
  if (wt !== 'upper' && wt !== 'connector') return word.join('');
  return word.map((r) => (isConnector(r) ? connector : isUpper(r) ? toLower(r) : r)).join('');
}

/** xstrings' camelCaseToLowerCase (ToSnakeCase, ToKebabCase). */
function camelCaseToLowerCase(s: string, connector: string): string {
  if (s === '') return '';
  let out = '';
  let { wt, word, rest } = nextWord([...s]);
  while (rest.length > 0) {
    if (wt !== 'connector') out += lowerWord(wt, word, connector);
    const prev = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(rest));
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          out += lowerWord(wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') out += connector;
        break;
      case 'connector':
        out += lowerWord(prev, last, connector);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        if (rest.length === 0) break;
        const num = word;
        ({ wt, word, rest } = nextWord(rest));
        // A number is part of the previous word ("Bld4Floor" → "bld4_floor")...
        if (wt !== 'alphabet') {
          out += lowerWord('number', num, connector);
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        // ...unless lower-case letters follow it ("HTTP2xx" → "http_2xx").
        out += connector + lowerWord('number', num, connector);
        while (wt === 'alphabet' || wt === 'number') {
          out += lowerWord(wt, word, connector);
          ({ wt, word, rest } = nextWord(rest));
        }
        if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct') out += connector;
      }
    }
  }
  return out + lowerWord(wt, word, connector);
}

/** xstrings.Shuffle: the runes in random order (a Fisher-Yates shuffle). */
function shuffle(s: string): string {
  const runes = [...s];
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j] as string, runes[i] as string];
  }
  return runes.join('');
}

export const XSTRINGS_FUNCS: [string, TemplateFunction][] = [
  ['shuffle', fn(['string'], (s: GoValue) => shuffle(s as string))],
  ['camelcase', fn(['string'], (s: GoValue) => toCamelCase(s as string))],
  ['snakecase', fn(['string'], (s: GoValue) => camelCaseToLowerCase(s as string, '_'))],
  ['kebabcase', fn(['string'], (s: GoValue) => camelCaseToLowerCase(s as string, '-'))],
];
