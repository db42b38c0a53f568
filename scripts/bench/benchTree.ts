/**
 * Generates the benchmark tree: a deterministic monorepo-like folder of source, config, docs,
 * lock files, minified bundles and notebooks, with a sprinkling of fake secrets. Written under
 * .bench/ (gitignored) and reused while its version stamp matches.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fakePassword } from '../../test/support/genericSecrets';
import { fakeTokenInContext, ruleIdsWithGenerators } from '../../test/support/fakeTokens';
import { mulberry32, type Random } from '../../test/support/seededRandom';

/** Bump when the generator changes, so an old tree is rebuilt rather than measured. */
const TREE_VERSION = 'bench-tree-v3';
const SEED = 20261203;
const TARGET_FILES = 21_000;

export interface TreeSummary {
  root: string;
  files: number;
  bytes: number;
  secrets: number;
  reused: boolean;
}


const WORDS = ('account order invoice user session cache config client server request response ' +
  'handler item ' +
  'product price cart payment queue worker job event message channel stream buffer record entry ' +
  'index table report metric trace span logger router service module plugin widget layout theme ' +
  'style render view model store state action reducer effect query mutation schema field column row ' +
  'page limit offset cursor filter sort group region zone cluster node pod volume secret token ' +
  'password key auth role permission policy tenant project team member invite email phone address ' +
  'country city street postal currency amount total count status error retry timeout deadline ' +
  'backoff delay interval schedule task batch chunk file path dir upload download image thumbnail ' +
  'video audio document note comment reply thread post feed follow like share')
  .split(' ');

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

class Gen {
  constructor(readonly rand: Random) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  word(): string {
    return this.pick(WORDS);
  }
  camel(n = 2): string {
    let out = this.word();
    for (let i = 1; i < n; i++) {
      const w = this.word();
      out += w[0].toUpperCase() + w.slice(1);
    }
    return out;
  }
  pascal(n = 2): string {
    const c = this.camel(n);
    return c[0].toUpperCase() + c.slice(1);
  }
  snake(n = 2): string {
    return Array.from({ length: n }, () => this.word()).join('_');
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
  sentence(): string {
    const n = 6 + this.int(12);
    const words = Array.from({ length: n }, () => this.word());
    return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
  }
  uuid(): string {
    const h = (n: number) => this.chars(HEX, n);
    return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
  }
}

/** Builds lines until the text reaches `size` characters. */
function fill(g: Gen, size: number, line: (g: Gen) => string, header = '', footer = ''): string {
  const parts: string[] = [header];
  let length = header.length;
  while (length < size) {
    const next = line(g);
    parts.push(next);
    length += next.length + 1;
  }
  parts.push(footer);
  return parts.join('\n');
}

function tsLine(g: Gen): string {
  const a = g.camel();
  const b = g.camel();
  switch (g.int(14)) {
    case 0: return `import { ${g.pascal()}, ${g.camel()} } from '../${g.word()}/${g.camel()}';`;
    case 1: return `export async function ${a}(${b}: ${g.pascal()}): Promise<${g.pascal()}[]> {`;
    case 2: return `  const ${a} = await this.${g.camel()}.${g.camel()}(${b}, { limit: ${g.int(500)} });`;
    case 3: return `  if (!${a}) throw new Error(\`${g.sentence()} \${${b}.id}\`);`;
    case 4: return `  // ${g.sentence()}`;
    case 5: return `  return ${a}.filter((${g.word()}) => ${g.word()}.${g.camel()} !== ${g.int(100)});`;
    case 6: return '}';
    case 7: return `export interface ${g.pascal()} { ${a}: string; ${b}?: number; ${g.camel()}: boolean }`;
    case 8: return `  const url = \`\${config.baseUrl}/v${g.int(3) + 1}/${g.word()}s/\${${a}.id}\`;`;
    case 9: return `  const ${a}Password = process.env.${g.snake().toUpperCase()}_PASSWORD ?? '';`;
    case 10: return `  logger.debug('${g.word()} ${g.word()}', { ${a}, ${b}, requestId: '${g.uuid()}' });`;
    case 11: return `  const headers = { Authorization: \`Bearer \${${a}Token}\`, 'Content-Type': ` +
      `'application/json' };`;
    case 12: return `  expect(${a}).toEqual({ id: ${g.int(9999)}, name: '${g.word()}', tags: ` +
      `['${g.word()}'] });`;
    default: return `  ${a} = ${b} ? ${g.camel()}(${b}) : ${g.int(1000)}; // ${g.word()}`;
  }
}

function pyLine(g: Gen): string {
  const a = g.snake();
  switch (g.int(11)) {
    case 0: return `from ${g.word()}.${g.word()} import ${g.pascal()}, ${g.snake()}`;
    case 1: return `def ${a}(self, ${g.snake()}: ${g.pascal()}, ${g.word()}=None) -> list[${g.pascal()}]:`;
    case 2: return `    """${g.sentence()}"""`;
    case 3: return `    ${a} = self.${g.snake()}.get(${g.word()}, default=${g.int(100)})`;
    case 4: return `    if not ${a}:\n        raise ValueError(f"${g.sentence()} {${g.word()}}")`;
    case 5: return `    # ${g.sentence()}`;
    case 6: return `    db_password = os.environ.get("${g.snake().toUpperCase()}_PASSWORD", "")`;
    case 7: return `class ${g.pascal()}(${g.pascal()}):`;
    case 8: return `    return [${g.word()} for ${g.word()} in ${a} if ${g.word()}.${g.snake()} > ` +
      `${g.int(50)}]`;
    case 9: return `    checksum = "${g.chars(HEX, 64)}"`;
    default: return `    logger.info("%s %s", ${a}, ${g.snake()})`;
  }
}

function goLine(g: Gen): string {
  const a = g.camel();
  switch (g.int(10)) {
    case 0: return `func (s *${g.pascal()}) ${g.pascal()}(ctx context.Context, ${a} ${g.pascal()}) ` +
      `(*${g.pascal()}, error) {`;
    case 1: return `\t${a}, err := s.${g.camel()}.${g.pascal()}(ctx, ${g.camel()})`;
    case 2: return '\tif err != nil {\n\t\treturn nil, fmt.Errorf("' + g.word() + ': %w", err)\n\t}';
    case 3: return `\t// ${g.sentence()}`;
    case 4: return `type ${g.pascal()} struct {\n\t${g.pascal()} string ` +
      `\`json:"${g.snake()}"\`\n\t${g.pascal()} int \`json:"${g.snake()}"\`\n}`;
    case 5: return `\ttoken := os.Getenv("${g.snake().toUpperCase()}_TOKEN")`;
    case 6: return '}';
    case 7: return `\tfor _, ${g.word()} := range ${a} {\n\t\ts.${g.camel()}(${g.word()})\n\t}`;
    default: return `\tlog.Printf("${g.word()} %s %d", ${a}, ${g.int(100)})`;
  }
}

function javaLine(g: Gen): string {
  const a = g.camel();
  switch (g.int(10)) {
    case 0: return `import com.${g.word()}.${g.word()}.${g.pascal()};`;
    case 1: return `    @Autowired\n    private ${g.pascal()} ${a};`;
    case 2: return `    public ${g.pascal()} ${a}(${g.pascal()} ${g.camel()}) throws ` +
      `${g.pascal()}Exception {`;
    case 3: return `        ${g.pascal()} ${a} = ${g.camel()}.${g.camel()}(${g.camel()}, ${g.int(100)});`;
    case 4: return `        // ${g.sentence()}`;
    case 5: return `    @Value("\${${g.word()}.datasource.password}")\n    private String ${a}Password;`;
    case 6: return '    }';
    case 7: return `        if (${a} == null) { throw new IllegalStateException("${g.sentence()}"); }`;
    default: return `        LOG.info("{} {}", ${a}, ${g.camel()});`;
  }
}

function yamlLine(g: Gen): string {
  switch (g.int(9)) {
    case 0: return `- name: ${g.snake()}\n  image: ` +
      `registry.internal/${g.word()}:${g.int(9)}.${g.int(20)}.${g.int(30)}`;
    case 1: return `  ${g.snake()}: ${g.int(1000)}`;
    case 2: return `  ${g.word()}:\n    ${g.camel()}: "${g.word()}-${g.word()}"\n    enabled: ` +
      `${g.rand() < 0.5}`;
    case 3: return `# ${g.sentence()}`;
    case 4: return `  password: \${{ secrets.${g.snake().toUpperCase()}_PASSWORD }}`;
    case 5: return `      - run: npm ci && npm run ${g.word()}`;
    case 6: return `    digest: sha256:${g.chars(HEX, 64)}`;
    case 7: return `  env:\n    - name: ${g.snake().toUpperCase()}\n      valueFrom: { secretKeyRef: { ` +
      `name: ${g.word()}, key: ${g.word()} } }`;
    default: return `  ${g.camel()}: ${g.word()}`;
  }
}

function jsonBody(g: Gen, size: number): string {
  const lines = ['{', `  "name": "@acme/${g.word()}-${g.word()}",`,
    `  "version": "${g.int(5)}.${g.int(20)}.${g.int(40)}",`];
  let length = 60;
  while (length < size) {
    const line = g.int(4) === 0
      ? `  "${g.camel()}": { "id": "${g.uuid()}", "count": ${g.int(9999)}, "label": "${g.sentence()}" },`
      : `  "${g.camel()}": "${g.word()} ${g.word()}",`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push('  "end": true', '}');
  return lines.join('\n');
}

function envLine(g: Gen): string {
  switch (g.int(5)) {
    case 0: return `${g.snake().toUpperCase()}_URL=https://${g.word()}.internal:${8000 + g.int(999)}`;
    case 1: return `${g.snake().toUpperCase()}_PASSWORD=\${${g.snake().toUpperCase()}}`;
    case 2: return `# ${g.sentence()}`;
    default: return `${g.snake().toUpperCase()}=${g.word()}`;
  }
}

function mdLine(g: Gen): string {
  switch (g.int(8)) {
    case 0: return `## ${g.pascal(3)}`;
    case 1: return '```sh\nnpm install && npm run ' + g.word() + '\n```';
    case 2: return `- ${g.sentence()}`;
    case 3: return `Set \`${g.snake().toUpperCase()}_TOKEN\` to your token before running \`${g.word()}\`.`;
    default: return `${g.sentence()} ${g.sentence()} ${g.sentence()}`;
  }
}

function packageLock(g: Gen, size: number): string {
  const lines = ['{', '  "name": "app",', '  "lockfileVersion": 3,', '  "packages": {'];
  let length = 80;
  while (length < size) {
    const name = `${g.word()}-${g.word()}`;
    const entry = [
      `    "node_modules/${name}": {`,
      `      "version": "${g.int(9)}.${g.int(30)}.${g.int(30)}",`,
      `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",`,
      `      "integrity": "sha512-${g.chars(B64, 86)}==",`,
      '      "license": "MIT"',
      '    },',
    ].join('\n');
    lines.push(entry);
    length += entry.length + 1;
  }
  lines.push('    "": {}', '  }', '}');
  return lines.join('\n');
}

function yarnLock(g: Gen, size: number): string {
  return fill(g, size, (r) => {
    const name = `${r.word()}-${r.word()}`;
    return `"${name}@^1.0.0":\n  version "1.${r.int(20)}.${r.int(9)}"\n  resolved ` +
      `"https://registry.yarnpkg.com/${name}/-/${name}-1.0.0.tgz#${r.chars(HEX, 40)}"\n  integrity ` +
        `sha512-${r.chars(B64, 86)}==\n`;
  }, '# yarn lockfile v1\n');
}

function goSum(g: Gen, size: number): string {
  return fill(g, size, (r) => {
    const mod = `github.com/${r.word()}/${r.word()}`;
    return `${mod} v1.${r.int(20)}.${r.int(9)} h1:${r.chars(B64, 43)}=\n${mod} ` +
      `v1.${r.int(20)}.${r.int(9)}/go.mod h1:${r.chars(B64, 43)}=`;
  });
}

function minifiedBundle(g: Gen, size: number): string {
  const parts: string[] = ['!function(e,t){"use strict";'];
  let length = 30;
  while (length < size) {
    const v = g.chars('abcdefghijklmnopqrstuvwxyz', 1 + g.int(2));
    const piece = g.int(3) === 0
      ? `var ${v}="${g.sentence()}",${v}${g.int(9)}=${g.int(99999)};`
      : `function ${v}(${v}n,r){return ${v}n.${g.camel()}(r)||t.${g.camel()}[${g.int(64)}]}`;
    parts.push(piece);
    length += piece.length;
  }
  parts.push('}(window);');
  return parts.join('');
}

function notebook(g: Gen, size: number): string {
  const cells: string[] = [];
  let length = 0;
  while (length < size) {
    const source = Array.from({ length: 3 + g.int(8) }, () => JSON.stringify(pyLine(g).trimStart() + '\n'));
    const image = g.chars(B64, 2000 + g.int(20000));
    const cell = `  {\n   "cell_type": "code",\n   "execution_count": ${g.int(99)},\n   "metadata": {},\n` +
      `   "outputs": [{ "data": { "image/png": "${image}", "text/plain": ["<Figure>"] }, ` +
      `"output_type": "display_data" }],\n   "source": [\n    ${source.join(',\n    ')}\n   ]\n  }`;
    cells.push(cell);
    length += cell.length;
  }
  return `{\n "cells": [\n${cells.join(',\n')}\n ],\n "nbformat": 4,\n "nbformat_minor": 5\n}\n`;
}

interface Kind {
  ext: string;
  weight: number;
  /** Typical size range in bytes. */
  size: [number, number];
  make: (g: Gen, size: number) => string;
  /** Comment prefix for an injected secret line, so the file stays well-formed enough. */
  secretLine?: (line: string) => string;
}

const KINDS: Kind[] = [
  { ext: 'ts', weight: 26, size: [1500, 22000], make: (g, s) => fill(g, s, tsLine) },
  { ext: 'js', weight: 10, size: [1500, 18000], make: (g, s) => fill(g, s, tsLine) },
  { ext: 'py', weight: 13, size: [1200, 18000], make: (g, s) => fill(g, s, pyLine,
    'import os\nimport logging\n') },
  { ext: 'go', weight: 9, size: [1500, 20000], make: (g, s) => fill(g, s, goLine, 'package main\n') },
  { ext: 'java', weight: 8, size: [2000, 24000], make: (g, s) => fill(g, s, javaLine,
    'package com.acme;\n') },
  { ext: 'yaml', weight: 8, size: [400, 8000], make: (g, s) => fill(g, s, yamlLine, 'apiVersion: v1\n') },
  { ext: 'json', weight: 8, size: [300, 12000], make: jsonBody },
  { ext: 'env', weight: 2, size: [150, 1500], make: (g, s) => fill(g, s, envLine) },
  { ext: 'md', weight: 10, size: [800, 16000], make: (g, s) => fill(g, s, mdLine, '# Notes\n') },
];

const BIG_FILES: { name: string; count: number; size: [number, number]; make: (g: Gen,
  size: number) => string }[] = [
  { name: 'package-lock.json', count: 40, size: [150_000, 600_000], make: packageLock },
  { name: 'yarn.lock', count: 30, size: [80_000, 300_000], make: yarnLock },
  { name: 'go.sum', count: 30, size: [30_000, 150_000], make: goSum },
  { name: 'dist/app.min.js', count: 45, size: [200_000, 900_000], make: minifiedBundle },
  { name: 'notebooks/analysis.ipynb', count: 120, size: [60_000, 250_000], make: notebook },
];

function secretLineFor(g: Gen, ext: string, seed: number): string {
  const ruleIds = ruleIdsWithGenerators();
  const line = g.int(4) === 0
    ? `DB_PASSWORD="${fakePassword(seed)}"`
    : fakeTokenInContext(ruleIds[seed % ruleIds.length], seed);
  if (ext === 'md') return `\n\`\`\`\n${line}\n\`\`\``;
  if (ext === 'json') return ''; // would break the JSON; JSON files get their secrets from config kinds
  return line;
}

function readStamp(root: string): string | undefined {
  try {
    return readFileSync(path.join(root, '.bench-version'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Creates (or reuses) the tree under `root` and says what it holds. */
export function ensureBenchTree(root: string, log: (line: string) => void): TreeSummary {
  const stamp = readStamp(root);
  if (stamp?.startsWith(`${TREE_VERSION}\n`)) {
    const [, files, bytes, secrets] = stamp.trim().split('\n').map((s, i) => (i === 0 ? 0 : Number(s)));
    return { root, files, bytes, secrets, reused: true };
  }
  if (existsSync(root)) rmSync(root, { recursive: true, force: true });
  log(`generating ${TARGET_FILES} files under ${root} (seed ${SEED}) ...`);
  const g = new Gen(mulberry32(SEED));
  const totalWeight = KINDS.reduce((sum, k) => sum + k.weight, 0);
  let files = 0;
  let bytes = 0;
  let secrets = 0;
  const write = (relative: string, content: string) => {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    files++;
    bytes += Buffer.byteLength(content);
  };

  // The tree is its own repository root, so the enclosing checkout's .gitignore (which lists
  // .bench/) does not apply to it.
  mkdirSync(path.join(root, '.git'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), 'coverage/\n*.log\n');

  let seed = 1;
  for (const big of BIG_FILES) {
    for (let i = 0; i < big.count; i++) {
      const size = big.size[0] + g.int(big.size[1] - big.size[0]);
      write(`packages/pkg-${String(i).padStart(3, '0')}/${big.name}`, big.make(g, size));
    }
  }
  const smallTarget = TARGET_FILES - files;
  for (let i = 0; i < smallTarget; i++) {
    let r = g.int(totalWeight);
    const kind = KINDS.find((k) => (r -= k.weight) < 0) ?? KINDS[0];
    // Mostly small files, a few large ones, as in real repositories.
    const span = kind.size[1] - kind.size[0];
    const size = kind.size[0] + Math.floor(span * g.rand() * (0.3 + 0.9 * g.rand()));
    let content = kind.make(g, size);
    if (g.int(40) === 0) {
      const line = secretLineFor(g, kind.ext, seed++);
      if (line) {
        const lines = content.split('\n');
        lines.splice(1 + g.int(lines.length - 1), 0, line);
        content = lines.join('\n');
        secrets++;
      }
    }
    const area = g.pick(['src', 'lib', 'config', 'docs', 'test', 'scripts']);
    const folder = `packages/pkg-${String(i % 200).padStart(3, '0')}/${area}`;
    const name = kind.ext === 'env' ? `.env.${g.word()}` : `${g.camel()}-${i}.${kind.ext}`;
    write(`${folder}/${name}`, content);
  }
  writeFileSync(path.join(root, '.bench-version'), `${TREE_VERSION}\n${files}\n${bytes}\n${secrets}\n`);
  return { root, files, bytes, secrets, reused: false };
}
