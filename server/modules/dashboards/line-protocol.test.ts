import { describe, expect, it } from 'vitest';
import { parseLineProtocol, type LineProtocolPrecision } from './line-protocol.ts';

function parseOne(line: string) {
  const { points, rejected } = parseLineProtocol(line);
  expect(rejected).toEqual([]);
  expect(points).toHaveLength(1);
  return points[0]!;
}

function rejectionOf(line: string): string {
  const { points, rejected } = parseLineProtocol(line);
  expect(points).toEqual([]);
  expect(rejected).toHaveLength(1);
  return rejected[0]!.reason;
}

describe('parseLineProtocol', () => {
  describe('points', () => {
    it('reads the measurement, tags, fields and timestamp of a line', () => {
      expect(parseOne('cpu,host=a,region=eu usage=0.5,idle=99i 1700000000000000000')).toEqual({
        line: 1,
        measurement: 'cpu',
        tags: { host: 'a', region: 'eu' },
        fields: { usage: 0.5, idle: 99 },
        timeMs: 1_700_000_000_000,
      });
    });

    it('leaves timeMs undefined when the line has no timestamp', () => {
      expect(parseOne('cpu usage=1').timeMs).toBeUndefined();
    });

    it('accepts a line without tags', () => {
      expect(parseOne('cpu usage=1 0')).toMatchObject({ measurement: 'cpu', tags: {}, fields: { usage: 1 }, timeMs: 0 });
    });

    it('lets the last of repeated field keys win', () => {
      expect(parseOne('cpu usage=1,usage=2i,usage="three"').fields).toEqual({ usage: 'three' });
    });

    it('rejects a tag key given twice', () => {
      expect(rejectionOf('cpu,host=a,host=b usage=1')).toBe('tag "host" appears twice');
    });

    it('keeps a key named __proto__ as an ordinary own property', () => {
      const point = parseOne('cpu,__proto__=x __proto__=1');
      expect(Object.getPrototypeOf(point.tags)).toBe(Object.prototype);
      expect(Object.entries(point.tags)).toEqual([['__proto__', 'x']]);
      expect(Object.entries(point.fields)).toEqual([['__proto__', 1]]);
    });
  });

  describe('escaping', () => {
    it('unescapes commas and spaces in a measurement but keeps an equals sign literal', () => {
      expect(parseOne('my\\,disk\\ usage=io usage=1').measurement).toBe('my,disk usage=io');
    });

    it('keeps a backslash-escaped comma inside a tag value', () => {
      expect(parseOne('cpu,path=a\\,b usage=1').tags).toEqual({ path: 'a,b' });
    });

    it('unescapes commas, equals signs and spaces in tag keys and values', () => {
      expect(parseOne('cpu,a\\ b\\=c\\,d=e\\ f\\=g\\,h usage=1').tags).toEqual({ 'a b=c,d': 'e f=g,h' });
    });

    it('unescapes commas, equals signs and spaces in field keys', () => {
      expect(parseOne('cpu a\\ b\\=c\\,d=1').fields).toEqual({ 'a b=c,d': 1 });
    });

    it('reads two backslashes as one and keeps a backslash before an ordinary character', () => {
      expect(parseOne('my\\Measurement usage=1').measurement).toBe('my\\Measurement');
      expect(parseOne('my\\\\Measurement usage=1').measurement).toBe('my\\Measurement');
      expect(parseOne('my\\\\\\Measurement usage=1').measurement).toBe('my\\\\Measurement');
      expect(parseOne('cpu,dir=C:\\\\temp\\x usage=1').tags).toEqual({ dir: 'C:\\temp\\x' });
    });

    it('ends a tag value at a comma that follows an escaped backslash', () => {
      expect(parseOne('cpu,a=x\\\\,b=y usage=1').tags).toEqual({ a: 'x\\', b: 'y' });
    });
  });

  describe('field values', () => {
    it('reads a quoted string with escaped quotes and backslashes', () => {
      expect(parseOne('log msg="say \\"hi\\" to C:\\\\dir\\n"').fields).toEqual({ msg: 'say "hi" to C:\\dir\\n' });
    });

    it('keeps commas, spaces and equals signs inside a quoted string', () => {
      expect(parseOne('log msg="a, b=c d",n=1i 5').fields).toEqual({ msg: 'a, b=c d', n: 1 });
    });

    it('reads an empty quoted string', () => {
      expect(parseOne('log msg=""').fields).toEqual({ msg: '' });
    });

    it('reads integers with the i suffix, negative ones included', () => {
      expect(parseOne('m a=42i,b=-7i,c=0i').fields).toEqual({ a: 42, b: -7, c: 0 });
    });

    it('reads unsigned integers with the u suffix', () => {
      // 2^64 - 1 has no double of its own; 2^64 is the nearest.
      expect(parseOne('m a=42u,b=18446744073709551615u').fields).toEqual({ a: 42, b: 2 ** 64 });
    });

    it('reads floats with and without a decimal point or an exponent', () => {
      expect(parseOne('m a=1,b=-1.5,c=.5,d=1.,e=1e3,f=-1.5E-2,g=2e+2').fields).toEqual({
        a: 1,
        b: -1.5,
        c: 0.5,
        d: 1,
        e: 1000,
        f: -0.015,
        g: 200,
      });
    });

    it.each(['t', 'T', 'true', 'True', 'TRUE'])('reads %s as true', (literal) => {
      expect(parseOne(`m ok=${literal}`).fields).toEqual({ ok: true });
    });

    it.each(['f', 'F', 'false', 'False', 'FALSE'])('reads %s as false', (literal) => {
      expect(parseOne(`m ok=${literal}`).fields).toEqual({ ok: false });
    });

    it.each(['NaN', 'Infinity', '-Infinity', 'inf', '0x10', '1e', '-', '.', '1.2.3', '12x', '+1', 'tRuE', 'yes', '1_000'])(
      'rejects %s as a field value',
      (value) => {
        expect(rejectionOf(`m temp=${value}`)).toBe(`field "temp" has an invalid value "${value}"`);
      },
    );

    it('rejects integers and unsigned integers that are not whole numbers', () => {
      expect(rejectionOf('m n=1.5i')).toBe('field "n" has an invalid value "1.5i"');
      expect(rejectionOf('m n=-1u')).toBe('field "n" has an invalid value "-1u"');
      expect(rejectionOf('m n=i')).toBe('field "n" has an invalid value "i"');
    });

    it('rejects numbers outside their 64-bit range', () => {
      expect(rejectionOf('m n=9223372036854775808i')).toBe('field "n" has a value "9223372036854775808i" too large for a 64-bit integer');
      expect(parseOne('m n=-9223372036854775808i').fields).toEqual({ n: -9223372036854775808 });
      expect(rejectionOf('m n=18446744073709551616u')).toBe(
        'field "n" has a value "18446744073709551616u" too large for a 64-bit unsigned integer',
      );
      expect(rejectionOf('m n=1e400')).toBe('field "n" has a value "1e400" too large for a 64-bit float');
    });

    it('shortens a long invalid value in the reason', () => {
      expect(rejectionOf(`m temp=${'9'.repeat(100)}x`)).toBe(`field "temp" has an invalid value "${'9'.repeat(40)}…"`);
    });

    it('rejects an unterminated string and text after a closing quote', () => {
      expect(rejectionOf('log msg="open')).toBe('field "msg" has an unterminated string');
      expect(rejectionOf('log msg="ends with an escaped quote\\"')).toBe('field "msg" has an unterminated string');
      expect(rejectionOf('log msg="a"b')).toBe('field "msg" has text after its closing quote');
    });
  });

  describe('line structure', () => {
    it('skips comment lines, blank lines and whitespace-only lines but still counts them', () => {
      const { points, rejected } = parseLineProtocol('# a comment\n\n   \n  # indented comment\ncpu usage=1\n');
      expect(rejected).toEqual([]);
      expect(points.map((point) => point.line)).toEqual([5]);
    });

    it('accepts \\r\\n line endings', () => {
      const { points, rejected } = parseLineProtocol('cpu usage=1 1000000\r\ncpu,host=a usage="x" 2000000\r\n\r\n');
      expect(rejected).toEqual([]);
      expect(points).toEqual([
        { line: 1, measurement: 'cpu', tags: {}, fields: { usage: 1 }, timeMs: 1 },
        { line: 2, measurement: 'cpu', tags: { host: 'a' }, fields: { usage: 'x' }, timeMs: 2 },
      ]);
    });

    it('accepts several spaces between sections and trailing spaces', () => {
      expect(parseOne('cpu,host=a   usage=1   1000000  ')).toMatchObject({ fields: { usage: 1 }, timeMs: 1 });
    });

    it('rejects a line without fields', () => {
      expect(rejectionOf('cpu')).toBe('the line has no fields');
      expect(rejectionOf('cpu,host=a')).toBe('the line has no fields');
      expect(rejectionOf('cpu,host=a   ')).toBe('the line has no fields');
    });

    it('rejects a line without a measurement', () => {
      expect(rejectionOf(',host=a usage=1')).toBe('the line has no measurement');
    });

    it('rejects malformed tags', () => {
      expect(rejectionOf('cpu,host usage=1')).toBe('tag "host" has no value');
      expect(rejectionOf('cpu,host= usage=1')).toBe('tag "host" has no value');
      expect(rejectionOf('cpu,=a usage=1')).toBe('a tag key is empty');
      expect(rejectionOf('cpu,host=a, usage=1')).toBe('a tag key is empty');
      expect(rejectionOf('cpu,host=a=b usage=1')).toBe('tag "host" has an unescaped "=" in its value');
    });

    it('rejects malformed fields', () => {
      expect(rejectionOf('cpu usage')).toBe('field "usage" has no value');
      expect(rejectionOf('cpu usage=')).toBe('field "usage" has no value');
      expect(rejectionOf('cpu usage=,idle=1')).toBe('field "usage" has no value');
      expect(rejectionOf('cpu =1')).toBe('a field key is empty');
      expect(rejectionOf('cpu usage=1, 5')).toBe('a field key is empty');
    });

    it('rejects a timestamp that is not an integer or is followed by more text', () => {
      expect(rejectionOf('cpu usage=1 12.5')).toBe('the timestamp "12.5" is not an integer');
      expect(rejectionOf('cpu usage=1 now')).toBe('the timestamp "now" is not an integer');
      expect(rejectionOf('cpu usage=1 123 456')).toBe('unexpected text "456" after the timestamp');
    });

    it('rejects a timestamp outside the 64-bit nanosecond range', () => {
      expect(rejectionOf('cpu usage=1 9223372036854775808')).toBe('the timestamp "9223372036854775808" is outside the 64-bit nanosecond range');
      const { rejected } = parseLineProtocol('cpu usage=1 9223372037', 's');
      expect(rejected).toEqual([{ line: 1, reason: 'the timestamp "9223372037" is outside the 64-bit nanosecond range' }]);
    });

    it('rejects bad lines with their line numbers and still parses the others', () => {
      const body = ['cpu usage=1 1000000', 'cpu usage=12x', '# comment', 'cpu', 'cpu usage=2 2000000', 'mem,host free=3i'].join('\n');
      const { points, rejected } = parseLineProtocol(body);
      expect(points.map((point) => [point.line, point.fields])).toEqual([
        [1, { usage: 1 }],
        [5, { usage: 2 }],
      ]);
      expect(rejected).toEqual([
        { line: 2, reason: 'field "usage" has an invalid value "12x"' },
        { line: 4, reason: 'the line has no fields' },
        { line: 6, reason: 'tag "host" has no value' },
      ]);
    });

    it('reads each line on its own when consecutive lines have names of the same length', () => {
      const { points } = parseLineProtocol('cpu,host=a x=1\nmem,host=b y=2\nm\\ m,h\\=t=c x=3\nm_m,h_t=c x=4');
      expect(points.map(({ measurement, tags, fields }) => ({ measurement, tags, fields }))).toEqual([
        { measurement: 'cpu', tags: { host: 'a' }, fields: { x: 1 } },
        { measurement: 'mem', tags: { host: 'b' }, fields: { y: 2 } },
        { measurement: 'm m', tags: { 'h=t': 'c' }, fields: { x: 3 } },
        { measurement: 'm_m', tags: { h_t: 'c' }, fields: { x: 4 } },
      ]);
    });

    it('reads each line on its own when a name of the previous line starts the next one', () => {
      const body = ['cpu,host=a\\,b x=1', 'cpu,host=a,b=c x=2', 'cpu,host=ab x=3', 'cpu,host=a x=4', 'cpu.x,host=a x=5', 'cpu x=6', 'c=pu,h=a x=7', 'c=pu x=8'].join('\n');
      const { points } = parseLineProtocol(body);
      expect(points.map(({ measurement, tags, fields }) => ({ measurement, tags, fields }))).toEqual([
        { measurement: 'cpu', tags: { host: 'a,b' }, fields: { x: 1 } },
        { measurement: 'cpu', tags: { host: 'a', b: 'c' }, fields: { x: 2 } },
        { measurement: 'cpu', tags: { host: 'ab' }, fields: { x: 3 } },
        { measurement: 'cpu', tags: { host: 'a' }, fields: { x: 4 } },
        { measurement: 'cpu.x', tags: { host: 'a' }, fields: { x: 5 } },
        { measurement: 'cpu', tags: {}, fields: { x: 6 } },
        { measurement: 'c=pu', tags: { h: 'a' }, fields: { x: 7 } },
        { measurement: 'c=pu', tags: {}, fields: { x: 8 } },
      ]);
    });

    it('reads every float exactly as Number does, with or without the fast path', () => {
      let seed = 42;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      const texts = ['0', '-0', '0.0', '1.', '.5', '-.5', '007.250', '9007199254740993', '900719925474099.1', '0.1', '0.30000000000000004', '123456789012345678901234567890', '1e-7', '2.5E+3'];
      for (let i = 0; i < 3000; i++) {
        const value = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
        texts.push(String(value), value.toFixed(Math.floor(random() * 12)), value.toPrecision(1 + Math.floor(random() * 20)));
      }
      const { points, rejected } = parseLineProtocol(texts.map((text) => `m v=${text}`).join('\n'));
      expect(rejected).toEqual([]);
      points.forEach((point, i) => {
        expect(Object.is(point.fields.v, Number(texts[i])), texts[i]).toBe(true);
      });
    });

    it('returns nothing for an empty body', () => {
      expect(parseLineProtocol('')).toEqual({ points: [], rejected: [] });
    });
  });

  describe('timestamps', () => {
    it.each<[LineProtocolPrecision, string, number]>([
      ['ns', '1700000000123456789', 1_700_000_000_123 + 0.456_789],
      ['us', '1700000000123456', 1_700_000_000_123.456],
      ['ms', '1700000000123', 1_700_000_000_123],
      ['s', '1700000000', 1_700_000_000_000],
    ])('converts a %s timestamp to epoch milliseconds', (precision, timestamp, expectedMs) => {
      const { points } = parseLineProtocol(`cpu usage=1 ${timestamp}`, precision);
      expect(points[0]!.timeMs).toBe(expectedMs);
    });

    it('reads timestamps in nanoseconds by default', () => {
      expect(parseOne('cpu usage=1 1500000').timeMs).toBe(1.5);
    });

    it('keeps the whole milliseconds of a nanosecond timestamp exact and its fraction to the microsecond', () => {
      const timeMs = parseOne('cpu usage=1 1700000000042123456').timeMs!;
      expect(Math.floor(timeMs)).toBe(1_700_000_000_042);
      expect(timeMs - 1_700_000_000_042).toBeCloseTo(0.123_456, 3);
    });

    it('accepts negative timestamps, before 1970', () => {
      expect(parseOne('cpu usage=1 -1500000').timeMs).toBe(-1.5);
      expect(parseOne('cpu usage=1 -1700000000000500000').timeMs).toBe(-1_700_000_000_000.5);
      expect(parseLineProtocol('cpu usage=1 -86400', 's').points[0]!.timeMs).toBe(-86_400_000);
    });

    it('reads 16- to 19-digit nanosecond timestamps without BigInt to the same value BigInt gives, up to the int64 limits', () => {
      const viaBigInt = (raw: string) => {
        const nanos = BigInt(raw);
        return Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6;
      };
      for (const raw of ['1764533123456789012', '1000000000000000', '-1764533123456789012', '9223372036854775807', '-9223372036854775808', '0001764533123456789', '4102444799999999999']) {
        expect(parseOne(`cpu usage=1 ${raw}`).timeMs, raw).toBe(viaBigInt(raw));
      }
      expect(rejectionOf('cpu usage=1 -9223372036854775809')).toBe('the timestamp "-9223372036854775809" is outside the 64-bit nanosecond range');
    });
  });
});
