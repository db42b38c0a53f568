/**
 * VS Code glob settings (`files.exclude`, `tokenWarden.scan.exclude`) as gitignore patterns, so one
 * `ignore` matcher answers for files the watcher reports and for open documents alike.
 */

/** `**\/*.{js,map}` to `**\/*.js` and `**\/*.map`: gitignore syntax has no braces. */
export function expandBraces(glob: string): string[] {
  const match = /\{([^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  return match[1]
    .split(',')
    .flatMap((part) =>
      expandBraces(glob.slice(0, match.index) + part + glob.slice(match.index + match[0].length)),
    );
}

/** Enabled `files.exclude` entries (`true`; `{ when }` conditions are not supported) and extra globs. */
export function excludePatterns(filesExclude: Record<string, unknown>, extra: readonly string[]): string[] {
  return [
    ...Object.entries(filesExclude)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob),
    ...extra,
  ]
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '')
    .flatMap(expandBraces);
}
