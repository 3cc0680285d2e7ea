/**
 * Reading the files of a zip archive one at a time, trusting nothing it declares: the central
 * directory (PKWARE APPNOTE 4.3.12, 4.3.16) gives each entry's sizes and CRC-32; an entry is
 * inflated up to the size it declares, then its length and CRC must match what was declared.
 * Stored (0) and deflated (8) entries are read; ZIP64, encryption and other methods are refused.
 */
import { crc32, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  readonly name: string;
  /** Bytes the entry declares once uncompressed. */
  readonly size: number;
  /** Reads the entry; throws ZipError when it is not what it declares. */
  read(): Uint8Array;
}

export class ZipError extends Error {
  override readonly name = "ZipError";
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip held in `data` (names and declared sizes; contents read on demand). */
export function zipEntries(data: Uint8Array): ZipEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const inside = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= data.length;
  // The end-of-central-directory record: the last 22 bytes, or up to 64 KiB earlier when a comment follows it.
  let eocd = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("no end of central directory record (not a zip archive)");
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipError("ZIP64 archives are not supported");
  if (!inside(cdOffset, cdSize)) throw new ZipError("the central directory lies outside the archive");
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (!inside(at, 46) || u32(at) !== CENTRAL) throw new ZipError(`central directory entry ${i} is damaged`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressed = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const local = u32(at + 42);
    if (!inside(at + 46, nameLength)) throw new ZipError(`central directory entry ${i} is damaged`);
    const name = decoder.decode(data.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    entries.push({
      name,
      size,
      read() {
        if (flags & 1) throw new ZipError(`${name}: encrypted entries are not supported`);
        if (compressed === 0xffffffff || size === 0xffffffff) throw new ZipError(`${name}: ZIP64 entries are not supported`);
        if (!inside(local, 30) || u32(local) !== LOCAL) throw new ZipError(`${name}: no local header where the central directory points`);
        const start = local + 30 + u16(local + 26) + u16(local + 28);
        if (!inside(start, compressed)) throw new ZipError(`${name}: its ${compressed} compressed bytes lie outside the archive`);
        const raw = data.subarray(start, start + compressed);
        let out: Uint8Array;
        if (method === 0) {
          if (compressed !== size) throw new ZipError(`${name}: a stored entry whose sizes differ (${compressed} stored, ${size} declared)`);
          out = raw;
        } else if (method === 8) {
          try {
            // One byte more than declared: an entry that holds more than it declares fails here, without inflating the rest.
            out = inflateRawSync(raw, { maxOutputLength: size + 1 });
          } catch (e) {
            const code = (e as { code?: string }).code;
            throw new ZipError(code === "ERR_BUFFER_TOO_LARGE" ? `${name}: holds more than the ${size} bytes it declares` : `${name}: damaged compressed data (${e instanceof Error ? e.message : String(e)})`);
          }
        } else throw new ZipError(`${name}: compression method ${method} is not supported (stored or deflated only)`);
        if (out.length !== size) throw new ZipError(`${name}: holds ${out.length} bytes, declares ${size}`);
        if (crc32(out) >>> 0 !== crc) throw new ZipError(`${name}: CRC-32 mismatch (the entry is damaged)`);
        return out;
      },
    });
  }
  return entries;
}
