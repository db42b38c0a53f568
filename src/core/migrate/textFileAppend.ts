/**
 * Appends a line to a text file's bytes without touching anything before it: the BOM, the
 * encoding, the line endings and a missing final newline all stay as they were.
 */

export type TextEncodingName = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'unknown8bit';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  eol: '\n' | '\r\n';
}

export function decodeTextFile(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let encoding: TextEncodingName;
  let text: string;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    encoding = 'utf8bom';
    text = buf.subarray(3).toString('utf8');
  } else if (buf[0] === 0xff && buf[1] === 0xfe) {
    encoding = 'utf16le';
    text = buf.subarray(2).toString('utf16le');
  } else if (buf[0] === 0xfe && buf[1] === 0xff) {
    encoding = 'utf16be';
    text = swapBytes(buf.subarray(2)).toString('utf16le');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
      encoding = 'utf8';
    } catch {
      // Not UTF-8 and no BOM: some 8-bit code page. ASCII reads the same in all of them.
      text = buf.toString('latin1');
      encoding = 'unknown8bit';
    }
  }
  return { text, encoding, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function swapBytes(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1], out[i]];
  return out;
}

export function encodeText(text: string, encoding: TextEncodingName): Buffer | undefined {
  switch (encoding) {
    case 'utf8':
    case 'utf8bom':
      return Buffer.from(text, 'utf8');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return swapBytes(Buffer.from(text, 'utf16le'));
    case 'unknown8bit':
      // eslint-disable-next-line no-control-regex
      return /^[\x00-\x7f]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined;
  }
}

/**
 * The text to add after `existing` so that `line` becomes the file's last line, in the file's
 * line-ending style; a file without a final newline keeps having none.
 */
export function appendedText(existing: DecodedText | undefined, line: string): string {
  if (!existing || existing.text.length === 0) return line + (existing?.eol ?? '\n');
  if (existing.text.endsWith('\n')) return line + existing.eol;
  return existing.eol + line;
}

/** `existing` bytes followed by `addition` in the file's encoding; undefined when it cannot be encoded. */
export function appendBytes(existing: Uint8Array | undefined, decoded: DecodedText | undefined,
  addition: string):
  Buffer | undefined {
  if (!existing || !decoded) return Buffer.from(addition, 'utf8');
  const tail = encodeText(addition, decoded.encoding);
  return tail ? Buffer.concat([existing, tail]) : undefined;
}
