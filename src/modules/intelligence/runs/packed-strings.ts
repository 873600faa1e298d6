/**
 * A list of strings as one UTF-8 byte buffer with offsets, the form a long list of ids (a million
 * contact ids) crosses between threads in: two transferable buffers instead of a million strings
 * that the structured clone would copy one by one on the sending and the receiving thread. The
 * `…Sliced` variants convert on the API's thread a slice at a time with a macrotask between slices.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';

/** `count` strings: string i is `bytes[offsets[i] .. offsets[i + 1])`, UTF-8. */
export interface PackedStrings {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** Strings converted per slice before the `…Sliced` functions let other work of the thread run. */
const SLICE = 50_000;

/** Runs `each(i)` for i in [0, n), a slice at a time (a macrotask between slices) when `sliced`. */
async function forEachSliced(n: number, sliced: boolean, each: (i: number) => void): Promise<void> {
  for (let from = 0; from < n; from += SLICE) {
    if (sliced && from > 0) await nextMacrotask();
    for (let i = from; i < Math.min(n, from + SLICE); i++) each(i);
  }
}

function packer(list: readonly string[]) {
  const offsets = new Uint32Array(list.length + 1);
  let total = 0;
  const measure = (i: number) => {
    offsets[i] = total;
    total += Buffer.byteLength(list[i], 'utf8');
  };
  let view: Buffer | undefined;
  const write = (i: number) => {
    view ??= (() => {
      offsets[list.length] = total;
      return Buffer.from(new ArrayBuffer(total));
    })();
    view.write(list[i], offsets[i], 'utf8');
  };
  const result = (): PackedStrings => {
    offsets[list.length] = total;
    const bytes = view ? new Uint8Array(view.buffer, 0, total) : new Uint8Array(0);
    return { bytes, offsets };
  };
  return { measure, write, result };
}

/** `list` as {@link PackedStrings}, at once (on a worker thread, or for short lists). */
export function packStrings(list: readonly string[]): PackedStrings {
  const p = packer(list);
  for (let i = 0; i < list.length; i++) p.measure(i);
  for (let i = 0; i < list.length; i++) p.write(i);
  return p.result();
}

/** {@link packStrings}, 50,000 strings per slice with a macrotask between slices. */
export async function packStringsSliced(list: readonly string[]): Promise<PackedStrings> {
  const p = packer(list);
  await forEachSliced(list.length, true, p.measure);
  await nextMacrotask();
  await forEachSliced(list.length, true, p.write);
  return p.result();
}

/** How many strings `p` holds. */
export const packedCount = (p: PackedStrings): number => p.offsets.length - 1;

function unpacker(p: PackedStrings) {
  const buf = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  const out = new Array<string>(packedCount(p));
  return { out, read: (i: number) => (out[i] = buf.toString('utf8', p.offsets[i], p.offsets[i + 1])) };
}

/** The strings of `p`, at once (the inverse of {@link packStrings}). */
export function unpackStrings(p: PackedStrings): string[] {
  const u = unpacker(p);
  for (let i = 0; i < u.out.length; i++) u.read(i);
  return u.out;
}

/** {@link unpackStrings}, 50,000 strings per slice with a macrotask between slices. */
export async function unpackStringsSliced(p: PackedStrings): Promise<string[]> {
  const u = unpacker(p);
  await forEachSliced(u.out.length, true, u.read);
  return u.out;
}

/** Reads string i of `p` when called (decoded from its bytes each time; nothing is kept). */
export function packedStringAt(p: PackedStrings): (i: number) => string {
  const buf = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  return (i) => buf.toString('utf8', p.offsets[i], p.offsets[i + 1]);
}

/** What a reader of a long id list needs of it: its length and a slice as strings (`string[]` is one). */
export interface StringList {
  readonly length: number;
  slice(start?: number, end?: number): string[];
}

/**
 * `p` as a {@link StringList} that decodes only the slices asked for: a million ids that are written
 * to the database a chunk at a time never live as a million strings on the receiving thread (their
 * copying by the young-generation collector held the API's thread about 0.1 s).
 */
export function packedStringList(p: PackedStrings): StringList {
  const at = packedStringAt(p);
  const length = packedCount(p);
  const index = (k: number | undefined, fallback: number) =>
    k === undefined ? fallback : k < 0 ? Math.max(0, length + k) : Math.min(k, length);
  return {
    length,
    slice(start, end) {
      const from = index(start, 0);
      const to = index(end, length);
      const out: string[] = [];
      for (let i = from; i < to; i++) out.push(at(i));
      return out;
    },
  };
}

/** The buffers of `p` to transfer (a `transferList`). */
export const stringBuffers = (p: PackedStrings): ArrayBuffer[] => [
  p.bytes.buffer as ArrayBuffer,
  p.offsets.buffer as ArrayBuffer,
];
