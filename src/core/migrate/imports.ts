/** Adds the import an environment read needs (`import os`, `"os"`) where a developer would put it. */
import type { TextEdit } from './replacement';

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

interface Line {
  start: number;
  /** Offset of the next line's start (or the text length). */
  next: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    out.push({ start, next, text: text.slice(start, nl === -1 ? text.length : nl).replace(/\r$/, '') });
    start = next;
  }
  return out;
}

// `import os`, `import sys, os`, and `import os.path` (which binds `os` too).
const PY_IMPORT_OS =
  /^import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*os(?:\.\w+)*[ \t]*(?:,|#|$)/m;

/**
 * `import os` for Python, unless already imported. It goes into the first import block, or after
 * the module docstring and `from __future__` imports, which must stay first.
 */
export function pythonImportEdit(text: string): TextEdit | undefined {
  if (PY_IMPORT_OS.test(text)) return undefined;
  const eol = eolOf(text);
  const all = lines(text);
  let i = 0;
  let headerEnd = -1;
  const skipTrivia = () => {
    while (i < all.length && (/^\s*$/.test(all[i].text) || /^\s*#/.test(all[i].text))) i++;
  };

  skipTrivia();
  const doc = i < all.length ? /^[rRuU]?("""|'''|"|')/.exec(all[i].text) : null;
  if (doc) {
    const quote = doc[1];
    const afterOpen = all[i].start + doc[0].length;
    const close = text.indexOf(quote, afterOpen);
    const closeLine = all.findIndex((l) => close >= l.start && close < l.next);
    i = (closeLine === -1 ? all.length - 1 : closeLine) + 1;
    headerEnd = i;
    skipTrivia();
  }
  while (i < all.length && /^from[ \t]+__future__[ \t]+import\b/.test(all[i].text)) {
    let j = i;
    if (all[i].text.includes('(')) while (j < all.length - 1 && !all[j].text.includes(')')) j++;
    i = j + 1;
    headerEnd = i;
    skipTrivia();
  }

  if (i < all.length && /^(import|from)[ \t]/.test(all[i].text)) {
    return { start: all[i].start, end: all[i].start, newText: `import os${eol}` };
  }
  if (headerEnd === -1) {
    const at = i < all.length ? all[i].start : text.length;
    return { start: at, end: at, newText: `import os${eol}${eol}` };
  }
  const at = headerEnd < all.length ? all[headerEnd].start : text.length;
  const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, newText: `${lead}${eol}import os${eol}` };
}

/**
 * `"os"` for Go, unless imported: into the `import (...)` block in gofmt's sorted position,
 * else as a new `import "os"` after the existing imports or the package clause.
 */
export function goImportEdit(text: string): TextEdit | undefined {
  if (/^import[ \t]+(?:\w+[ \t]+)?"os"/m.test(text) || /^[ \t]*(?:\w+[ \t]+)?"os"[ \t]*(?:\/\/.*)?\r?$/m.test(
    importBlock(text) ?? '')) {
    return undefined;
  }
  const eol = eolOf(text);
  const all = lines(text);
  const blockStart = all.findIndex((l) => /^import[ \t]*\($/.test(l.text.trimEnd()));
  if (blockStart !== -1) {
    // The first group of the block holds the standard library by convention: keep it sorted.
    for (let j = blockStart + 1; j < all.length; j++) {
      const line = all[j].text.trim();
      const path = /"([^"]+)"/.exec(line)?.[1];
      if (line === ')' || line === '' || (path !== undefined && path > 'os')) {
        return { start: all[j].start, end: all[j].start, newText: `\t"os"${eol}` };
      }
    }
  }
  const singles = all.filter((l) => /^import[ \t]+(\w+[ \t]+)?"/.test(l.text));
  const after = singles.length > 0
    ? singles[singles.length - 1]
    : all.find((l) => /^package[ \t]/.test(l.text));
  if (!after) return { start: 0, end: 0, newText: `import "os"${eol}${eol}` };
  const lead = after.next === text.length && !text.endsWith('\n') ? eol : '';
  const gap = singles.length > 0 ? '' : eol;
  return { start: after.next, end: after.next, newText: `${lead}${gap}import "os"${eol}` };
}

function importBlock(text: string): string | undefined {
  const open = /^import[ \t]*\(/m.exec(text);
  if (!open) return undefined;
  const close = text.indexOf(')', open.index);
  return text.slice(open.index, close === -1 ? text.length : close);
}
