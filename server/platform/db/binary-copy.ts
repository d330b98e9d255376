/**
 * Rows in COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4),
 * for `DatabaseHandle.copyRows`. Values go over as the database stores them: no number or date
 * is formatted as text here, and none is parsed from text by the database. Each row starts with
 * `row(columns)` and then gives one value per column in the order of the COPY's column list.
 * Both PostgreSQL and PGlite read it.
 */
export class BinaryCopyWriter {
  private bytes: Uint8Array;
  private view: DataView;
  private offset = 0;
  private rowCount = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.bytes = takeBuffer(Math.max(expectedBytes, 64) + HEADER.length);
    this.view = new DataView(this.bytes.buffer);
    this.bytes.set(HEADER);
    this.offset = HEADER.length;
  }

  /**
   * Hands the writer's memory back for the next writer, once the data `finish` answered has been
   * sent: allocating a megabyte per batch made the garbage collector run more often over the
   * whole heap (docs/benchmarks.md). Neither the writer nor its data may be used afterwards.
   */
  release(): void {
    if (this.bytes.byteLength <= POOLED_MAX_BYTES && pool.length < POOL_SIZE) pool.push(this.bytes);
    this.bytes = new Uint8Array(0);
    this.view = new DataView(this.bytes.buffer);
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Starts a row of `columns` values. */
  row(columns: number): this {
    this.reserve(2);
    this.view.setInt16(this.offset, columns);
    this.offset += 2;
    this.rowCount++;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.view.setInt32(this.offset, -1);
    this.offset += 4;
    return this;
  }

  int4(value: number): this {
    this.reserve(8);
    this.view.setInt32(this.offset, 4);
    this.view.setInt32(this.offset + 4, value);
    this.offset += 8;
    return this;
  }

  /** An int8 given as a JavaScript number: exact up to 2^53. */
  int8(value: number): this {
    this.reserve(12);
    this.view.setInt32(this.offset, 8);
    this.setInt64(this.offset + 4, value);
    this.offset += 12;
    return this;
  }

  float8(value: number): this {
    this.reserve(12);
    this.view.setInt32(this.offset, 8);
    this.view.setFloat64(this.offset + 4, value);
    this.offset += 12;
    return this;
  }

  /** A timestamptz at whole milliseconds since the Unix epoch (a fraction of a millisecond is dropped, as in text). */
  timestamptz(epochMs: number): this {
    return this.int8((Math.floor(epochMs) - POSTGRES_EPOCH_MS) * 1000);
  }

  /** A uuid written as text (`xxxxxxxx-xxxx-...`); the last one is remembered, as rows usually repeat it. */
  uuid(value: string): this {
    if (value !== this.lastUuid) {
      const hex = value.replaceAll('-', '');
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a uuid: ${value}`);
      for (let i = 0; i < 16; i++) this.uuidBytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      this.lastUuid = value;
    }
    this.reserve(20);
    this.view.setInt32(this.offset, 16);
    this.bytes.set(this.uuidBytes, this.offset + 4);
    this.offset += 20;
    return this;
  }

  private lastUuid: string | undefined;
  private readonly uuidBytes = new Uint8Array(16);

  /** A one-dimensional float8[] (lower bound 1); `null` elements are SQL NULL. */
  float8Array(values: ArrayLike<number | null | undefined>): this {
    const length = values.length;
    const size = 20 + length * 12;
    this.reserve(4 + size);
    const view = this.view;
    let at = this.offset;
    view.setInt32(at, size);
    view.setInt32(at + 4, 1); // dimensions
    const flagsAt = at + 8; // has nulls, written once the elements are known
    view.setUint32(at + 12, FLOAT8_OID);
    view.setInt32(at + 16, length);
    view.setInt32(at + 20, 1); // lower bound
    at += 24;
    let nulls = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value === null || value === undefined) {
        view.setInt32(at, -1);
        at += 4;
        nulls = 1;
      } else {
        view.setInt32(at, 8);
        view.setFloat64(at + 4, value);
        at += 12;
      }
    }
    view.setInt32(flagsAt, nulls);
    // Nulls take 4 bytes instead of 12: the array's length is what was written.
    view.setInt32(this.offset, at - this.offset - 4);
    this.offset = at;
    return this;
  }

  /** The finished COPY data, trailer included; the writer must not be used afterwards. */
  finish(): Uint8Array {
    this.reserve(2);
    this.view.setInt16(this.offset, -1);
    this.offset += 2;
    return this.bytes.subarray(0, this.offset);
  }

  private setInt64(at: number, value: number): void {
    const high = Math.floor(value / 2 ** 32);
    this.view.setInt32(at, high);
    this.view.setUint32(at + 4, value - high * 2 ** 32);
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes + 2 <= this.bytes.length) return;
    const grown = takeBuffer(Math.max(this.bytes.length * 2, this.offset + bytes + 2));
    grown.set(this.bytes.subarray(0, this.offset));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Buffers released by finished writers, reused by new ones. */
const pool: Uint8Array[] = [];
const POOL_SIZE = 8;
const POOLED_MAX_BYTES = 16 * 1024 * 1024;

/** A buffer of at least `bytes` (not zeroed: writers overwrite what they send), from the pool when one fits. */
function takeBuffer(bytes: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    if (pool[i]!.byteLength >= bytes && (best === -1 || pool[i]!.byteLength < pool[best]!.byteLength)) best = i;
  }
  if (best === -1) return new Uint8Array(bytes);
  const [buffer] = pool.splice(best, 1);
  return buffer!;
}

/** `PGCOPY\n\377\r\n\0`, then no flags and no header extension. */
const HEADER = new Uint8Array([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const FLOAT8_OID = 701;
/** PostgreSQL counts time from 2000-01-01 UTC, in microseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * Rows of COPY's binary format, as `DatabaseHandle.copyOut` answers them. Each row starts with
 * `next()`; then one read per column, in the order of the query's columns. A read answers `null`
 * for SQL NULL. Values are read as the database sends them, with no text parsed on either side.
 */
export class BinaryCopyReader {
  private readonly data: Uint8Array;
  private readonly view: DataView;
  private offset: number;

  constructor(bytes: Uint8Array) {
    this.data = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < SIGNATURE_LENGTH; i++) if (bytes[i] !== HEADER[i]) throw new Error('Not COPY binary data');
    const extensionLength = this.view.getInt32(SIGNATURE_LENGTH + 4);
    this.offset = SIGNATURE_LENGTH + 8 + extensionLength;
  }

  /** Moves to the next row: false once every row has been read. */
  next(): boolean {
    const columns = this.view.getInt16(this.offset);
    this.offset += 2;
    return columns !== -1;
  }

  int4(): number | null {
    return this.field() === -1 ? null : this.take(4, this.view.getInt32(this.offset));
  }

  /** An int8 as a JavaScript number: exact up to 2^53. */
  int8(): number | null {
    return this.field() === -1 ? null : this.take(8, this.readInt64(this.offset));
  }

  float8(): number | null {
    return this.field() === -1 ? null : this.take(8, this.view.getFloat64(this.offset));
  }

  /** A timestamptz in milliseconds since the Unix epoch, microseconds kept as the fraction. */
  timestamptz(): number | null {
    return this.field() === -1 ? null : this.take(8, this.readInt64(this.offset) / 1000 + POSTGRES_EPOCH_MS);
  }

  /** A bytea (or any value) as its bytes, without copying them. */
  bytes(): Uint8Array | null {
    const length = this.field();
    if (length === -1) return null;
    return this.take(length, this.data.subarray(this.offset, this.offset + length));
  }

  /** Reads a field's length, moving past it: -1 is NULL. */
  private field(): number {
    const length = this.view.getInt32(this.offset);
    this.offset += 4;
    return length;
  }

  private take<T>(length: number, value: T): T {
    this.offset += length;
    return value;
  }

  private readInt64(at: number): number {
    return this.view.getInt32(at) * 2 ** 32 + this.view.getUint32(at + 4);
  }
}

/** `PGCOPY\n\377\r\n\0`: the header's first part, before its flags and extension length. */
const SIGNATURE_LENGTH = 11;
