/**
 * The lexer of Go's text/template, item for item: text, delimiters with `{{-`/`-}}` trimming,
 * comments, and the tokens inside actions. Positions are string indices; `line` counts from 1.
 */
import { quoteGo } from './quote.js';

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'EOF'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

/** One lexed item. */
export interface Item {
  readonly type: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

const KEYWORD_TYPES = new Set<ItemType>(KEYWORDS.values());

const LEFT = '{{';
const RIGHT = '}}';
const SPACE_CHARS = ' \t\r\n';

/** How Go prints an item in "unexpected ..." parse errors. */
export function describeItem(i: Item): string {
  if (i.type === 'EOF') return 'EOF';
  if (i.type === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.type)) return `<${i.val}>`;
  const runes = [...i.val];
  if (runes.length > 10) return `${quoteGo(runes.slice(0, 10).join(''), false)}...`;
  return quoteGo(i.val, false);
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** Go's isAlphaNumeric: `_`, a Unicode letter or a decimal digit. */
export function isAlphaNumeric(c: string): boolean {
  return c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && at + 1 < s.length && isSpace(s[at + 1] ?? '');
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return at + 1 < s.length && isSpace(s[at] ?? '') && s[at + 1] === '-';
}

function trimRightLength(s: string): number {
  let n = 0;
  while (n < s.length && SPACE_CHARS.includes(s[s.length - 1 - n] ?? '')) n++;
  return n;
}

function trimLeftLength(s: string, from: number): number {
  let n = 0;
  while (from + n < s.length && SPACE_CHARS.includes(s[from + n] ?? '')) n++;
  return n;
}

/** Go's `%#U` of a rune: `U+0023 '#'`. */
export function formatRune(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `${hex} '${c}'` : hex;
}

/** Lexes a whole template; the list ends with an `EOF` or an `error` item. */
export function lex(input: string, breakOK: boolean, continueOK: boolean): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: ItemType): void => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNewlines(input, start, pos);
    start = pos;
    startLine = line;
  };
  const fail = (msg: string): false => {
    items.push({ type: 'error', pos: start, val: msg, line: startLine });
    return false;
  };
  // next/backup over code points, tracking lines as Go does.
  const next = (): string => {
    if (pos >= input.length) return ''; // eof
    const c = String.fromCodePoint(input.codePointAt(pos) ?? 0);
    pos += c.length;
    if (c === '\n') line++;
    return c;
  };
  const backup = (c: string): void => {
    if (c === '') return;
    pos -= c.length;
    if (c === '\n') line--;
  };
  const peek = (): string => {
    const c = next();
    backup(c);
    return c;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2)) return { delim: true, trim: true };
    if (input.startsWith(RIGHT, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peek();
    if (isSpace(r)) return true;
    if (r === '' || '.,|:)('.includes(r)) return true;
    return input.startsWith(RIGHT, pos);
  };

  // lexText; returns false at EOF
  const lexText = (): boolean => {
    const x = input.indexOf(LEFT, pos);
    if (x >= 0) {
      pos = x;
      let trimLength = 0;
      if (hasLeftTrimMarker(input, pos + LEFT.length)) trimLength = trimRightLength(input.slice(start, pos));
      pos -= trimLength;
      if (pos > start) {
        line += countNewlines(input, start, pos);
        emit('text');
      }
      pos += trimLength;
      ignore();
      return true;
    }
    pos = input.length;
    if (pos > start) {
      line += countNewlines(input, start, pos);
      emit('text');
    }
    emit('EOF');
    return false;
  };

  const lexComment = (): boolean => {
    pos += 2;
    const i = input.indexOf('*/', pos);
    if (i < 0) return fail('unclosed comment');
    pos = i + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail('comment ends before closing delimiter');
    if (trim) pos += 2;
    pos += RIGHT.length;
    if (trim) pos += trimLeftLength(input, pos);
    ignore();
    return true;
  };

  const lexRightDelim = (): void => {
    const trim = hasRightTrimMarker(input, pos);
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) {
      pos += trimLeftLength(input, pos);
      ignore();
    }
  };

  const lexQuoted = (close: string, what: string, raw: boolean): boolean => {
    for (;;) {
      const c = next();
      if (!raw && c === '\\') {
        const r = next();
        if (r !== '' && r !== '\n') continue;
        return fail(`unterminated ${what}`);
      }
      if (c === '' || (!raw && c === '\n')) return fail(`unterminated ${what}`);
      if (c === close) return true;
    }
  };

  const scanNumber = (): boolean => {
    const accept = (valid: string): boolean => {
      const c = next();
      if (c !== '' && valid.includes(c)) return true;
      backup(c);
      return false;
    };
    const acceptRun = (valid: string): void => {
      for (;;) {
        const c = next();
        if (c === '' || !valid.includes(c)) {
          backup(c);
          return;
        }
      }
    };
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    const p = peek();
    if (p !== '' && isAlphaNumeric(p)) {
      next();
      return false;
    }
    return true;
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let r: string;
    for (;;) {
      r = next();
      if (r === '' || !isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${formatRune(r)}`);
    emit(type);
    return true;
  };

  const lexIdentifier = (): boolean => {
    for (;;) {
      const r = next();
      if (r !== '' && isAlphaNumeric(r)) continue;
      backup(r);
      const word = input.slice(start, pos);
      if (!atTerminator()) return fail(`bad character ${formatRune(r)}`);
      const key = KEYWORDS.get(word);
      if (key !== undefined && key !== 'dot') {
        if ((key === 'break' && !breakOK) || (key === 'continue' && !continueOK)) emit('identifier');
        else emit(key);
      } else if (word === 'true' || word === 'false') emit('bool');
      else emit('identifier');
      return true;
    }
  };

  const lexSpace = (): void => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
      backup(input[pos - 1] ?? '');
      if (numSpaces === 1) {
        lexRightDelim();
        return;
      }
    }
    emit('space');
  };

  // Returns 'text' to go back to text, 'continue' to stay inside, 'stop' on error.
  const lexInsideAction = (): 'text' | 'continue' | 'stop' => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) {
        lexRightDelim();
        return 'text';
      }
      fail('unclosed left paren');
      return 'stop';
    }
    const r = next();
    if (r === '') {
      fail('unclosed action');
      return 'stop';
    }
    if (isSpace(r)) {
      backup(r);
      lexSpace();
      return items[items.length - 1]?.type === 'rightDelim' ? 'text' : 'continue';
    }
    let ok = true;
    switch (r) {
      case '=':
        emit('assign');
        break;
      case ':':
        if (next() !== '=') ok = fail('expected :=');
        else emit('declare');
        break;
      case '|':
        emit('pipe');
        break;
      case '"':
        ok = lexQuoted('"', 'quoted string', false) && (emit('string'), true);
        break;
      case '`':
        ok = lexQuoted('`', 'raw quoted string', true) && (emit('rawString'), true);
        break;
      case '$':
        if (atTerminator()) emit('variable');
        else ok = lexFieldOrVariable('variable');
        break;
      case "'":
        ok = lexQuoted("'", 'character constant', false) && (emit('charConstant'), true);
        break;
      case '(':
        emit('leftParen');
        parenDepth++;
        break;
      case ')':
        emit('rightParen');
        parenDepth--;
        if (parenDepth < 0) ok = fail(`unexpected right paren ${formatRune(r)}`);
        break;
      default: {
        const nextIsDigit = pos < input.length && (input[pos] ?? '') >= '0' && (input[pos] ?? '') <= '9';
        if (r === '.' && !nextIsDigit) {
          ok = lexFieldOrVariable('field');
        } else if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
          backup(r);
          if (!scanNumber()) ok = fail(`bad number syntax: ${quoteGo(input.slice(start, pos), false)}`);
          else {
            const sign = peek();
            if (sign === '+' || sign === '-') {
              if (!scanNumber() || input[pos - 1] !== 'i')
                ok = fail(`bad number syntax: ${quoteGo(input.slice(start, pos), false)}`);
              else emit('complex');
            } else emit('number');
          }
        } else if (isAlphaNumeric(r)) {
          backup(r);
          ok = lexIdentifier();
        } else if ((r.codePointAt(0) ?? 0) <= 0x7f && /^[\x20-\x7e]$/.test(r)) {
          emit('char');
        } else {
          ok = fail(`unrecognized character in action: ${formatRune(r)}`);
        }
      }
    }
    return ok ? 'continue' : 'stop';
  };

  const lexLeftDelim = (): 'inside' | 'text' | 'stop' => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment() ? 'text' : 'stop';
    }
    emit('leftDelim');
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return 'inside';
  };

  for (;;) {
    if (!lexText()) return items;
    const after = lexLeftDelim();
    if (after === 'stop') return items;
    if (after === 'text') continue;
    for (;;) {
      const state = lexInsideAction();
      if (state === 'stop') return items;
      if (state === 'text') break;
    }
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
