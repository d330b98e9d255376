/** The unit of the timestamps in a line protocol body, as the `precision` write parameter names it. */
export type LineProtocolPrecision = 'ns' | 'us' | 'ms' | 's';

/** One point of a line protocol body; `line` is 1-based and `timeMs` is undefined when the line has no timestamp. */
export interface ParsedPoint {
  line: number;
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | boolean | string>;
  timeMs: number | undefined;
}

/** A line that could not be parsed, with a short sentence saying why. */
export interface RejectedLine {
  line: number;
  reason: string;
}

const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;
const LOWER_I = 0x69;
const LOWER_T = 0x74;
const UPPER_T = 0x54;
const LOWER_F = 0x66;
const UPPER_F = 0x46;
const LOWER_U = 0x75;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// Up to 15 digits a decimal integer is exact as a double, so BigInt is needed only beyond that.
const SAFE_DIGITS = 15;
/** Nanosecond timestamps up to int64: 19 digits, and the largest of each sign. */
const INT64_DIGITS = 19;
const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';
const EXCERPT_LENGTH = 40;

const NANOS_PER_UNIT: Record<LineProtocolPrecision, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
// Comfortably inside int64 nanoseconds (about 9.22e18), where a rounded double product cannot cross the limit.
const SURELY_IN_RANGE_NANOS = 9e18;

const BOOLEANS = new Map<string, boolean>([
  ['t', true], ['T', true], ['true', true], ['True', true], ['TRUE', true],
  ['f', false], ['F', false], ['false', false], ['False', false], ['FALSE', false],
]);

class LineSyntaxError extends Error {}

/** Where the parser stands inside one line: `end` excludes the line break. */
interface Cursor {
  text: string;
  pos: number;
  end: number;
  /** How many names (measurement, tag keys and values, field keys) this line has read so far. */
  nameCount: number;
  /** Names read without escapes on the previous line, by ordinal. */
  previousLineNames: (string | undefined)[];
}

/** Parses a line protocol body; bad lines are reported in `rejected` and do not stop the others. */
export function parseLineProtocol(
  text: string,
  precision: LineProtocolPrecision = 'ns',
): { points: ParsedPoint[]; rejected: RejectedLine[] } {
  const points: ParsedPoint[] = [];
  const rejected: RejectedLine[] = [];
  const cursor: Cursor = { text, pos: 0, end: 0, nameCount: 0, previousLineNames: [] };
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    line++;
    const newline = indexOfLineBreak(text, start);
    cursor.end = newline > start && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
    cursor.pos = skipBlanks(text, start, cursor.end);
    cursor.nameCount = 0;
    if (cursor.pos < cursor.end && text.charCodeAt(cursor.pos) !== HASH) {
      try {
        points.push(parsePoint(cursor, line, precision));
      } catch (error) {
        if (!(error instanceof LineSyntaxError)) throw error;
        rejected.push({ line, reason: error.message });
      }
    }
    start = newline + 1;
  }
  return { points, rejected };
}

function indexOfLineBreak(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  return i;
}

function parsePoint(cursor: Cursor, line: number, precision: LineProtocolPrecision): ParsedPoint {
  const measurement = readName(cursor, false);
  if (measurement === '') throw new LineSyntaxError('the line has no measurement');
  const tags = readTags(cursor);
  cursor.pos = skipBlanks(cursor.text, cursor.pos, cursor.end);
  if (cursor.pos === cursor.end) throw new LineSyntaxError('the line has no fields');
  const fields = readFields(cursor);
  cursor.pos = skipBlanks(cursor.text, cursor.pos, cursor.end);
  const timeMs = cursor.pos === cursor.end ? undefined : readTimestamp(cursor, precision);
  return { line, measurement, tags, fields, timeMs };
}

function peek(cursor: Cursor): number {
  return cursor.pos < cursor.end ? cursor.text.charCodeAt(cursor.pos) : -1;
}

function readTags(cursor: Cursor): Record<string, string> {
  const tags: Record<string, string> = {};
  while (peek(cursor) === COMMA) {
    cursor.pos++;
    const key = readName(cursor, true);
    if (key === '') throw new LineSyntaxError('a tag key is empty');
    if (peek(cursor) !== EQUALS) throw new LineSyntaxError(`tag "${key}" has no value`);
    cursor.pos++;
    const value = readName(cursor, true);
    if (peek(cursor) === EQUALS) throw new LineSyntaxError(`tag "${key}" has an unescaped "=" in its value`);
    if (value === '') throw new LineSyntaxError(`tag "${key}" has no value`);
    // InfluxDB refuses a repeated tag rather than guess which one was meant.
    if (Object.hasOwn(tags, key)) throw new LineSyntaxError(`tag "${key}" appears twice`);
    setOwn(tags, key, value);
  }
  return tags;
}

function readFields(cursor: Cursor): Record<string, number | boolean | string> {
  const fields: Record<string, number | boolean | string> = {};
  for (;;) {
    const key = readName(cursor, true);
    if (key === '') throw new LineSyntaxError('a field key is empty');
    if (peek(cursor) !== EQUALS) throw new LineSyntaxError(`field "${key}" has no value`);
    cursor.pos++;
    setOwn(fields, key, readFieldValue(cursor, key));
    if (peek(cursor) !== COMMA) return fields;
    cursor.pos++;
  }
}

/** Assigns even a key named `__proto__` as an own property instead of replacing the prototype. */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/**
 * Reads a measurement (`inKeyValue` false) or a tag key, tag value or field key (`inKeyValue` true) up to the
 * first unescaped delimiter, leaving the cursor on it.
 */
function readName(cursor: Cursor, inKeyValue: boolean): string {
  const { text, end } = cursor;
  const start = cursor.pos;
  // Consecutive lines usually repeat their names. A name read from the previous line without
  // escapes holds no delimiter or backslash, so where the text repeats it and a delimiter follows,
  // reading on would stop at the same place: the string is reused without scanning or allocating.
  const ordinal = cursor.nameCount++;
  const previous = cursor.previousLineNames[ordinal];
  if (previous !== undefined && text.startsWith(previous, start)) {
    const after = start + previous.length;
    const next = after < end ? text.charCodeAt(after) : -1;
    if (after === end || next === COMMA || next === SPACE || (inKeyValue && next === EQUALS)) {
      cursor.pos = after;
      return previous;
    }
  }
  let i = start;
  let escaped = false;
  while (i < end) {
    const char = text.charCodeAt(i);
    if (char === BACKSLASH) {
      escaped = true;
      i += i + 1 < end && isEscapable(text.charCodeAt(i + 1), inKeyValue) ? 2 : 1;
    } else if (char === COMMA || char === SPACE || (inKeyValue && char === EQUALS)) {
      break;
    } else {
      i++;
    }
  }
  cursor.pos = i;
  const raw = text.slice(start, i);
  if (escaped) {
    cursor.previousLineNames[ordinal] = undefined;
    return unescapeName(raw, inKeyValue);
  }
  cursor.previousLineNames[ordinal] = raw;
  return raw;
}

function isEscapable(char: number, inKeyValue: boolean): boolean {
  return char === COMMA || char === SPACE || char === BACKSLASH || (inKeyValue && char === EQUALS);
}

// A backslash before anything it cannot escape is an ordinary character, as the line protocol docs specify.
function unescapeName(raw: string, inKeyValue: boolean): string {
  let name = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) === BACKSLASH && isEscapable(raw.charCodeAt(i + 1), inKeyValue)) {
      name += raw.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return name + raw.slice(from);
}

function readFieldValue(cursor: Cursor, key: string): number | boolean | string {
  if (peek(cursor) === QUOTE) return readStringValue(cursor, key);
  const { text, end } = cursor;
  const start = cursor.pos;
  let i = start;
  while (i < end && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== SPACE) i++;
  cursor.pos = i;
  if (i === start) throw new LineSyntaxError(`field "${key}" has no value`);
  return parseUnquotedValue(text, start, i, key);
}

function readStringValue(cursor: Cursor, key: string): string {
  const { text, end } = cursor;
  const start = cursor.pos + 1;
  let escaped = false;
  let i = start;
  for (; i < end; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) break;
    if (char === BACKSLASH && i + 1 < end && isStringEscapable(text.charCodeAt(i + 1))) {
      escaped = true;
      i++;
    }
  }
  if (i >= end) throw new LineSyntaxError(`field "${key}" has an unterminated string`);
  cursor.pos = i + 1;
  const next = peek(cursor);
  if (next !== -1 && next !== COMMA && next !== SPACE) throw new LineSyntaxError(`field "${key}" has text after its closing quote`);
  const raw = text.slice(start, i);
  return escaped ? unescapeString(raw) : raw;
}

function isStringEscapable(char: number): boolean {
  return char === QUOTE || char === BACKSLASH;
}

function unescapeString(raw: string): string {
  let value = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) === BACKSLASH && isStringEscapable(raw.charCodeAt(i + 1))) {
      value += raw.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return value + raw.slice(from);
}

function parseUnquotedValue(text: string, start: number, end: number, key: string): number | boolean {
  const last = text.charCodeAt(end - 1);
  if (last === LOWER_I) return parseInteger(text, start, end - 1, key);
  if (last === LOWER_U) return parseUnsigned(text, start, end - 1, key);
  if (startsLikeBoolean(text.charCodeAt(start))) return parseBoolean(text, start, end, key);
  return parseFloatValue(text, start, end, key);
}

function startsLikeBoolean(char: number): boolean {
  return char === LOWER_T || char === UPPER_T || char === LOWER_F || char === UPPER_F;
}

function parseBoolean(text: string, start: number, end: number, key: string): boolean {
  const value = BOOLEANS.get(text.slice(start, end));
  if (value === undefined) throw invalidValue(text, start, end, key);
  return value;
}

function parseInteger(text: string, start: number, end: number, key: string): number {
  const digitsStart = text.charCodeAt(start) === MINUS ? start + 1 : start;
  if (!isDigits(text, digitsStart, end)) throw invalidValue(text, start, end + 1, key);
  const raw = text.slice(start, end);
  if (end - digitsStart <= SAFE_DIGITS) return Number(raw);
  const value = BigInt(raw);
  if (value < INT64_MIN || value > INT64_MAX) throw outOfRange(text, start, end + 1, key, 'a 64-bit integer');
  return Number(value);
}

function parseUnsigned(text: string, start: number, end: number, key: string): number {
  if (!isDigits(text, start, end)) throw invalidValue(text, start, end + 1, key);
  const raw = text.slice(start, end);
  if (end - start <= SAFE_DIGITS) return Number(raw);
  const value = BigInt(raw);
  if (value > UINT64_MAX) throw outOfRange(text, start, end + 1, key, 'a 64-bit unsigned integer');
  return Number(value);
}

/**
 * Accepts `-?(digits[.digits]|.digits)([eE][+-]?digits)?`, so NaN, Infinity and hex never pass.
 * With digits that read as an integer below 2^53 and no exponent, that integer is
 * divided by a power of ten: both exact, so the one division rounds correctly and the value
 * is the one `Number` gives (Clinger's fast path), without a substring per value. Other values
 * go through `Number`.
 */
function parseFloatValue(text: string, start: number, end: number, key: string): number {
  const negative = text.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  let mantissa = 0;
  let exact = true;
  const integerStart = i;
  for (; i < end; i++) {
    const digit = text.charCodeAt(i) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let mantissaDigits = i - integerStart;
  let scale = 0;
  if (i < end && text.charCodeAt(i) === DOT) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      const digit = text.charCodeAt(i) - DIGIT_ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    scale = i - fractionStart;
    mantissaDigits += scale;
  }
  if (mantissaDigits === 0) throw invalidValue(text, start, end, key);
  if (i < end && (text.charCodeAt(i) === LOWER_E || text.charCodeAt(i) === UPPER_E)) {
    exact = false;
    i++;
    if (i < end && (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === MINUS)) i++;
    const exponentStart = i;
    i = skipDigits(text, i, end);
    if (i === exponentStart) throw invalidValue(text, start, end, key);
  }
  if (i !== end) throw invalidValue(text, start, end, key);
  // Below 2^53 the digits were summed exactly all along: every step stayed below it, and rounding is monotonic.
  if (exact && mantissa < EXACT_INTEGERS_BELOW && scale < POWERS_OF_TEN.length) {
    const value = mantissa / POWERS_OF_TEN[scale]!;
    return negative ? -value : value;
  }
  const value = Number(text.slice(start, end));
  if (!Number.isFinite(value)) throw outOfRange(text, start, end, key, 'a 64-bit float');
  return value;
}

/** Every integer below 2^53 is exact as a double. */
const EXACT_INTEGERS_BELOW = 2 ** 53;
/** The powers of ten a double holds exactly. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

function readTimestamp(cursor: Cursor, precision: LineProtocolPrecision): number {
  const { text, end } = cursor;
  const start = cursor.pos;
  let i = start;
  while (i < end && text.charCodeAt(i) !== SPACE && text.charCodeAt(i) !== TAB) i++;
  const after = skipBlanks(text, i, end);
  if (after < end) throw new LineSyntaxError(`unexpected text "${excerpt(text.slice(after, end))}" after the timestamp`);
  return (precision === 'ns' ? nanosecondsToEpochMs(text, start, i) : undefined) ?? toEpochMs(text.slice(start, i), precision);
}

/**
 * The usual timestamp, 16 to 19 digits of nanoseconds, read from the text in place: the whole
 * milliseconds and the rest, each exact as a double, give the value the BigInt path below gives.
 * Undefined for anything else (another precision is read by `toEpochMs`).
 */
function nanosecondsToEpochMs(text: string, start: number, end: number): number | undefined {
  const digitsStart = text.charCodeAt(start) === MINUS ? start + 1 : start;
  const digits = end - digitsStart;
  if (digits <= SAFE_DIGITS || digits > INT64_DIGITS) return undefined;
  // The int64 limits start with 9: a 19-digit timestamp that does not is within them.
  if (digits === INT64_DIGITS && text.charCodeAt(digitsStart) === DIGIT_NINE && !withinDigits(text, digitsStart, digitsStart === start ? INT64_MAX_DIGITS : INT64_MIN_DIGITS)) return undefined;
  const split = end - 6;
  let wholeMs = 0;
  let rest = 0;
  for (let i = digitsStart; i < end; i++) {
    const digit = text.charCodeAt(i) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) return undefined;
    if (i < split) wholeMs = wholeMs * 10 + digit;
    else rest = rest * 10 + digit;
  }
  return digitsStart === start ? wholeMs + rest / 1e6 : 0 - (wholeMs + rest / 1e6);
}

/** Whether the digits at `from` (as many as `limit` has) are at most `limit`, read as numbers; false at a character that is no digit. */
function withinDigits(text: string, from: number, limit: string): boolean {
  for (let i = 0; i < limit.length; i++) {
    const difference = text.charCodeAt(from + i) - limit.charCodeAt(i);
    if (difference !== 0) return difference < 0 && text.charCodeAt(from + i) >= DIGIT_ZERO;
  }
  return true;
}

function toEpochMs(raw: string, precision: LineProtocolPrecision): number {
  const digitsStart = raw.charCodeAt(0) === MINUS ? 1 : 0;
  if (!isDigits(raw, digitsStart, raw.length)) throw new LineSyntaxError(`the timestamp "${excerpt(raw)}" is not an integer`);
  if (raw.length - digitsStart <= SAFE_DIGITS) {
    const units = Number(raw);
    if (Math.abs(units) * NANOS_PER_UNIT[precision] < SURELY_IN_RANGE_NANOS) return exactUnitsToMs(units, precision);
  }
  const nanos = BigInt(raw) * BigInt(NANOS_PER_UNIT[precision]);
  if (nanos < INT64_MIN || nanos > INT64_MAX) throw new LineSyntaxError(`the timestamp "${raw}" is outside the 64-bit nanosecond range`);
  // Split before converting so the whole milliseconds stay exact and only the sub-millisecond part rounds.
  return Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6;
}

function exactUnitsToMs(value: number, precision: LineProtocolPrecision): number {
  switch (precision) {
    case 'ns':
      return value / 1e6;
    case 'us':
      return value / 1e3;
    case 'ms':
      return value;
    case 's':
      return value * 1e3;
  }
}

function isDigits(text: string, start: number, end: number): boolean {
  return end > start && skipDigits(text, start, end) === end;
}

function skipDigits(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const char = text.charCodeAt(i);
    if (char < DIGIT_ZERO || char > DIGIT_NINE) break;
    i++;
  }
  return i;
}

function invalidValue(text: string, start: number, end: number, key: string): LineSyntaxError {
  return new LineSyntaxError(`field "${key}" has an invalid value "${excerpt(text.slice(start, end))}"`);
}

function outOfRange(text: string, start: number, end: number, key: string, kind: string): LineSyntaxError {
  return new LineSyntaxError(`field "${key}" has a value "${excerpt(text.slice(start, end))}" too large for ${kind}`);
}

// Reasons go back to the client, so a runaway value is not echoed whole.
function excerpt(raw: string): string {
  return raw.length > EXCERPT_LENGTH ? `${raw.slice(0, EXCERPT_LENGTH)}…` : raw;
}
