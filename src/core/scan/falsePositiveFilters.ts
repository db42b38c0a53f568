/**
 * Named checks that recognise values which look like secrets but are not: placeholders,
 * references to the environment, digests, identifiers, public material. Each answers for one
 * candidate value (or the rest of its line) so it can be tested on its own.
 */

const PLACEHOLDER_FRAGMENTS = [
  'example', 'changeme', 'change_me', 'change-me', 'changeit', 'placeholder', 'dummy', 'redacted',
  'xxxx', '****', '....', '<your', 'your_', 'your-', 'yourkey', 'yourtoken', 'yourpassword',
  'yoursecret', 'insert_', 'insert-', 'replace_me', 'replace-me', 'replaceme', 'fixme', 'todo',
  'notreal', 'not_real', 'not-real', 'fake', 'sample_', 'sample-', 'lorem',
  // A generated secret never spells out what it is: `user:password`, `[type=password]`, `my-secret`.
  'password', 'passwd', 'secret', 'accesstoken', 'access-token', 'access_token', 'mytoken', 'my-token', 'my_token',
  // Counting up: `SG.1234567890`, `abcdefghij`, `abc123def456`.
  '123456789', 'abcdefghij', 'abc123',
];

// Whole values that people write in docs and tests, optionally with digits or punctuation around.
const PLACEHOLDER_WORD = new RegExp(
  '^[\\W_\\d]*(?:test|testing|foo|bar|baz|foobar|secret|password|passwd|pass|pwd|admin|root|token|key|' +
    'apikey|api_key|qwerty|letmein|abc|abcdef|demo|sample|fake|mock|none|null|nil|undefined|true|false|' +
    'default|empty|string|value|hunter|anonymous|xyzzy|tiger|masterkey)[\\W_\\d]*$',
);

const PLACEHOLDER_PREFIX = /^(?:test|fake|mock|dummy|sample|example|my)[-_.]/;

/** Digits and symbols people put for letters in `P@ssw0rd`, `s3cr3t`, `adm1n`. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a',
  '$': 's', '!': 'i' };

/** The value without leading and trailing digits and punctuation, its inner leetspeak spelled out. */
function unLeetCore(lower: string): string {
  let start = 0;
  let end = lower.length;
  const edge = (c: string) => !/[a-z]/.test(c);
  while (start < end && edge(lower[start])) start++;
  while (end > start && edge(lower[end - 1])) end--;
  let out = '';
  for (let i = start; i < end; i++) out += LEET[lower[i]] ?? lower[i];
  return out;
}

/** `<YOUR_KEY>`, `xxxx`, `changeme`, `password`, `P@ssw0rd`, `test123`, `foo`: values nobody uses for real. */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORD.test(lower) || PLACEHOLDER_PREFIX.test(lower)) return true;
  if (lower.length <= 24 && /[0-9@$!]/.test(lower) && PLACEHOLDER_WORD.test(unLeetCore(lower))) return true;
  if (/^(.)\1+$/.test(value)) return true;
  if (value.startsWith('<') && value.endsWith('>')) return true;
  if (value.startsWith('&lt;') && value.endsWith('&gt;')) return true; // `<...>` in XML
  return PLACEHOLDER_FRAGMENTS.some((fragment) => hasFragmentAsWritten(value, lower, fragment));
}

/**
 * Whether `fragment` occurs in the value in one of the cases people write it (`todo`, `TODO`,
 * `Todo`): a generated value spells `tODo` or `XxXx` by chance, and is no placeholder for it.
 */
function hasFragmentAsWritten(value: string, lower: string, fragment: string): boolean {
  for (let at = lower.indexOf(fragment); at !== -1; at = lower.indexOf(fragment, at + 1)) {
    const written = value.slice(at, at + fragment.length);
    if (written === fragment || written === fragment.toUpperCase()
      || written === fragment[0].toUpperCase() + fragment.slice(1)) return true;
  }
  return false;
}

// Each alternative names a way to read a value from the environment or a template engine.
const REFERENCE = new RegExp(
  [
    '^\\$\\{[^}]*\\}', // ${VAR}, ${{ secrets.X }}
    '^\\{\\{[^}]*\\}\\}', // {{var}}
    '^%\\([\\w.]+\\)[sd]', // %(x)s
    '^%[sd]\\b',
    // $VAR, not a password that opens with `$` and goes on past a name (`$ecretP4ss!`).
    '^\\$[A-Za-z_]\\w*(?![\\w!@#%^&*+=~?-])',
    '^\\$\\(', // $(command)
    '^%[A-Za-z_][\\w]*%', // %VAR% (Windows)
    '^#\\{', // #{ruby}
    '^<%', // ERB
    '^@\\{', // Vault/Spring style
    '^process\\.env\\b',
    '^import\\.meta\\.env\\b',
    '^os\\.environ\\b',
    '^os\\.getenv\\s*\\(',
    '^system\\.getenv\\s*\\(',
    '^system\\.getproperty\\s*\\(',
    '^environment\\.getenvironmentvariable\\s*\\(',
    '^env\\s*\\[', // ENV['X'] (Ruby)
    '^env\\s*\\(', // env('X') (Laravel)
    '^env\\.', // env.X
    '^getenv\\s*\\(',
    '^std::env::var\\s*\\(',
    '^secrets\\.', // GitHub Actions secrets.X outside ${{ }}
    '^!vault\\b', // Ansible vault
    '^vault:',
    '^op://', // 1Password reference
    '^ref\\+', // vals references
  ].join('|'),
);

/**
 * The value (or the rest of the line where it starts) reads a secret from somewhere else:
 * `${VAR}`, `{{var}}`, `%(x)s`, `$VAR`, `process.env.X`, `os.environ[...]`, `os.getenv(..)`,
 * `System.getenv`, `ENV[...]`, `getenv(..)`.
 */
export function isTemplateOrReference(valueAndRest: string): boolean {
  return REFERENCE.test(valueAndRest.trimStart().toLowerCase()) || /\$\{|\{\{|#\{/.test(valueAndRest)
    || SHELL_EXPANSION.test(valueAndRest.trimStart()) || SUBSTITUTION_MARKER.test(valueAndRest.trimStart());
}

/**
 * A shell or Makefile variable that runs into punctuation (`$DB_PASS_PROD-2`, `$CI_JOB_TOKEN@gitlab`,
 * `$prefix-$suffix`): an upper-case name, or another expansion close after it. Case-sensitive, so
 * unlike REFERENCE it can tell `$GITHUB_TOKEN!` from a password such as `$ecretP4ss!`.
 */
const SHELL_EXPANSION = /^\$(?:[A-Z_][A-Z0-9_]*(?!\w)|[A-Za-z_]\w*[^\s\w$]{1,3}\$[A-Za-z_{(])/;

/**
 * A format or interpolation placeholder in the value itself: Python's `f"{next_token}"` and
 * `"{token}".format(token=t)`, C#'s `$"{token}"`, Rust's `format!("{token}")`.
 */
export function hasFormatPlaceholder(value: string): boolean {
  const placeholders = value.match(/\{[A-Za-z_][\w.]{1,60}\}|%(?:\([A-Za-z_]\w{0,40}\))?[sdr]/g);
  if (!placeholders) return false;
  // The braces must name things (`{next_token}`, `{self.token}`), and little else may be left:
  // Spring's `{noop}` before a password, or a random run in braces, is still a secret.
  if (!placeholders.every((p) => p.startsWith('%')
    || /^\{(?:[a-z_][a-z0-9_]*|[A-Za-z_]\w*(?:\.\w+)+|[a-z]+(?:[A-Z][a-z]+)+)\}$/.test(p))) {
    return false;
  }
  const rest = placeholders.reduce((text, p) => text.replace(p, ' '), value);
  if ((rest.match(/[A-Za-z0-9]/g) ?? []).length < 8) return true;
  // What is left is words: `convnext.{bid}.pw1`, `%s_downgrades`, not `{noop}` and a password. Names
  // of code count only around `%s` (`InvalidToken:%s`): after Spring's `{noop}`, `MySecretPass` is one.
  const printf = placeholders.every((p) => p.startsWith('%'));
  return rest.split(/[^A-Za-z0-9]+/)
    .every((word) => /^(?:[a-z]*|[A-Z][a-z]+|[A-Z]+)[0-9]{0,2}$/.test(word) || (printf && isIdentifier(word)));
}

/**
 * Build-time substitution (Ant, Maven, Octopus): `@@Octopus.Token@@`, or with single `@` a name in
 * capitals or dotted lower-case words (`@BUILD_NUMBER@`, `@db.password@`); a password wrapped in
 * `@` (`@aB3xK9mQ2pL7@`) is neither.
 */
const SUBSTITUTION_MARKER =
  /^(?:@@[A-Za-z_][\w.-]{0,80}@@|@(?:[A-Z][A-Z0-9_]{0,80}|[a-z]{1,30}(?:[._-][a-z]{1,30}){0,8})@)(?=$|[\s"'`,;)])/;

/**
 * Values that specifications and documentation print, which libraries then quote in docstrings and
 * tests: Django REST framework's `Authorization: Token` example, and the sample tokens, codes and
 * client secrets of OAuth 2.0 (RFC 6749) and its bearer tokens (RFC 6750).
 */
const DOCUMENTED_SAMPLES = new Set(['9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b', '2YotnFZFEjr1zCsicMWpAA',
  // Azure Storage's emulator (Azurite) account key, the same on every machine.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'tGzv3JOkF0XG5Qx2TlKWIA', 'SplxlOBeZQQYbYS6WxSbIA', '8xLOxBtZp8', 'gX1fBat3bV', '7Fjfp0ZBr1KtDRbnfVdmIw',
  'mF_9.B5f-4.1JqM', 'h480djs93hd8',
  // OAuth 1.0 (RFC 5849): consumer key and secret, tokens and their secrets, verifier.
  'dpf43f3p2l4k3l03', 'kd94hf93k423kf44', 'hh5s93j4hdidpola', 'hdk48Djdsa', 'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00', 'hfdp7dh39dks9884', 'kkk9d7dh3k39sjv7', 'j49sk3j29djd', 'dh893hdasih9']);

/**
 * Documented samples; AWS-documentation style sample keys that end in or contain `EXAMPLE`; and
 * template fillers: `hf_AAAA...`, `sk_test_0000...` end in a run no generated key has (Twitter's
 * start with one).
 */
export function isDocumentationExample(value: string): boolean {
  return DOCUMENTED_SAMPLES.has(value) || value.includes('EXAMPLE') || /example/i.test(value) || /(?:x{5}|X{5}|0{12})/.test(value)
    || endsInFiller(value) || mostlyFiller(value);
}

/** Half the value or more is one run of 16 or more copies of a character: `AAAA…AAA+ACRxxxxx`. */
function mostlyFiller(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value[i] === value[i - 1] ? run + 1 : 1;
    if (run >= 16 && 2 * run >= value.length) return true;
  }
  return false;
}

/** The value ends in 16 or more copies of one character (before `=` padding): a template's filler. */
function endsInFiller(value: string): boolean {
  let end = value.length;
  while (end > 0 && value[end - 1] === '=') end--;
  if (end < 16) return false;
  const last = value[end - 1];
  for (let i = end - 16; i < end - 1; i++) if (value[i] !== last) return false;
  return true;
}

// bcrypt, argon2, scrypt, crypt(3) SHA/MD5 and Django PBKDF2 hashes: stored verifiers, not credentials.
const PASSWORD_HASH =
  /^(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$\S+|\$scrypt\$\S+|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|pbkdf2_sha(?:1|256|512)\$\d+\$\S+)$/;

/** A password hash (`$2b$12$...`, `$argon2id$...`): what a server stores, useless to log in with. */
export function isPasswordHash(value: string): boolean {
  return PASSWORD_HASH.test(value);
}

/** Already masked: `[REDACTED]`, `***`, `<redacted>`, `sk-...abcd`. */
export function isRedacted(value: string): boolean {
  const lower = value.toLowerCase();
  return lower.includes('redacted') || lower.includes('***') || lower.includes('…') || /\.{3}/.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const HEX_DIGEST_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);
const INTEGRITY = /^(?:sha1|sha256|sha384|sha512|md5)[-:][A-Za-z0-9+/=]+$/i;

/** md5/sha1/sha256/sha512-shaped hex, or an `sha512-...` subresource-integrity value. */
export function isHexDigest(value: string): boolean {
  if (INTEGRITY.test(value)) return true;
  return HEX_DIGEST_LENGTHS.has(value.length) && /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(value);
}

const LOCKFILE_LINE = new RegExp(
  '^\\s*"?(?:integrity|resolved|checksum|shasum|hash|tarball)"?(?:\\s*[:=]|\\s)' +
    '|\\{\\s*integrity:|^\\s*[\\w@./-]+\\s+h1:',
  'i',
);

/**
 * A lock file's integrity/resolved/checksum line, or a `go.sum` `h1:` line. Only generic
 * heuristics skip these; a provider token or credentials in a URL are still reported.
 */
export function isLockfileIntegrityLine(line: string): boolean {
  return LOCKFILE_LINE.test(line) || /\sh1:[A-Za-z0-9+/=]{20,}/.test(line);
}

export function isDataUri(value: string): boolean {
  return /^data:[\w.+-]+\/[\w.+-]+[;,]/i.test(value);
}

/** Pseudo-classes (and CSS2's one-colon pseudo-elements) that name a state in CSS selectors. */
const CSS_PSEUDO_CLASSES = new Set(['hover', 'focus', 'active', 'visited', 'link', 'disabled', 'enabled', 'checked',
  'empty', 'first-child', 'last-child', 'only-child', 'focus-visible', 'focus-within', 'before', 'after',
  'placeholder', 'invalid', 'valid', 'required', 'root', 'target']);

const ALGORITHM_WORDS = new Set(['aes', 'sha', 'scram', 'hmac', 'rsa', 'ecdsa', 'ecdh', 'gcm', 'cbc', 'ctr', 'md5',
  'des', 'pbkdf2', 'chacha20', 'poly1305', 'curve25519']);

/**
 * Names of things rather than values: `getPasswordFromVault`, `accessTokenExpiry`,
 * `DB_PASSWORD`, `user-token-store`, `config.auth.token`.
 */
export function isIdentifier(value: string): boolean {
  if (/^__[a-z][a-z0-9]*(?:_[a-z0-9]+)*__$/.test(value)) return true; // __null_token_value__
  // Sentinel strings in code: `__ES6-PROMISIFY--CUSTOM-ARGUMENTS__`, `__NEXT_DATA__`; each piece a word.
  if (/^__[A-Z][A-Z0-9]*(?:[-_]{1,2}[A-Z][A-Z0-9]*)*__$/.test(value)) {
    return value.split(/[-_]+/).every((piece) => piece === '' || /[AEIOUY]/.test(piece));
  }
  // Reserved and private names: `_M_token`, `_S_token_eof`, `__phase_t`, `_RSAPrivateKey`.
  const reserved = /^_{1,2}(?:[A-Z]_)?(?=[A-Za-z])/.exec(value);
  if (reserved) return isIdentifier(value.slice(reserved[0].length)) || /^[a-z]+$/.test(value.slice(reserved[0].length));
  // Word pieces start with one capital, so a string splits into them only one way (no backtracking).
  if (/^[a-z]+(?:[A-Z][a-z]+)+[0-9]{0,2}$/.test(value)) return true; // camelCase
  if (/^[a-z]+[0-9]{1,2}(?:[A-Z][a-z]+)+$/.test(value)) return true; // oauth2Client, s3Bucket
  // Words joined by dots: `HEADER.PAYLOAD.SIGNATURE`.
  if (/^[A-Z]{2,}(?:_[A-Z]+)*(?:\.[A-Z]{2,}(?:_[A-Z]+)*)+$/.test(value)) { // HEADER.SIMULATED_JWT_PAYLOAD.SIGNATURE
    return value.split('.').every((word) => /[AEIOU]/.test(word));
  }
  // Kubernetes models and versioned types: `V1ServiceAccountTokenProjection`, `V2beta1Scale`.
  if (/^V[0-9]+(?:[a-z]+[0-9]+)?(?:[A-Z][a-z]+)+$/.test(value)) return true;
  if (/^[a-z]+(?:[A-Z][a-z]+)*[A-Z]{2,5}(?:[A-Z][a-z]+)*$/.test(value)) return true; // getHTTPToken
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return true; // PascalCase
  if (/^I?[A-Z][a-z]+(?:[A-Z][a-z]+)+[A-Z]{0,4}$/.test(value)) return true; // ISourceFileFactory, LinkedInEventsIE
  // Words in one case each, joined by `_`: `DW_ATE_complex_float`, `DW_TAG_member`.
  if (/^(?:[a-z]+|[A-Z]+)(?:_(?:[a-z]+|[A-Z]+))+$/.test(value)) return true;
  // Scoped package ids: `@jupyterlab/application:Router#stop`.
  if (/^@[a-z0-9-]+\/[a-z0-9-]+(?::[A-Za-z][\w#.-]*)?$/.test(value)) return true;
  // CSS pseudo-elements and classes: `empty::before`, `button:hover`. With one colon the class must be
  // one CSS has, or the shape is a user and a lower-case password (`deploy:<letters>`).
  if (/^[a-z][a-z-]*::[a-z][a-z-]*$/.test(value)) return true;
  if (/^[a-z][a-z-]*:[a-z][a-z-]*$/.test(value)) return CSS_PSEUDO_CLASSES.has(value.slice(value.indexOf(':') + 1));
  // An e-mail address, as anonymous FTP logs in with.
  if (/^[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value)) return true;
  if (/^[A-Z]{2,5}(?:[A-Z][a-z]+)+$/.test(value)) return true; // AWSAccessKeyId, DSAPrivateKey
  // snake_case: `hf_oauth__refresh_token`, `gs_oauth2_refresh_token`, `subject_token_0`. Digits end one
  // word at most, two at most: `summer2024_admin` and `abc12_def34` are how passwords read.
  if (/^[a-z]+[0-9]{0,2}(?:_{1,2}[a-z]+[0-9]{0,2})+(?:_[0-9]{1,2})?$/.test(value)) {
    return (value.match(/[a-z][0-9]/g) ?? []).length <= 1;
  }
  if (/^[A-Z]+(?:_[A-Z]+)+[0-9]{0,2}$/.test(value)) return true; // SCREAMING_SNAKE
  if (/^[a-z]+(?:-[a-z]+)+[0-9]{0,2}$/.test(value)) return true; // kebab-case
  // Artifact and package names: `google-auth-library-oauth2-http`, `aws-sdk-s3`.
  if (/^[a-z]+[0-9]?(?:-[a-z]+[0-9]?){2,}$/.test(value)) return true;
  // Algorithm names: `scram-sha-256`, `aes-256-gcm`. Only with an algorithm's word: words and
  // numbers joined by `-` are also how generated passphrases read (`tundra-42-piano`).
  if (/^[a-z]+(?:-(?:[a-z]+|[0-9]+))+$/.test(value)) return value.split('-').some((part) => ALGORITHM_WORDS.has(part));
  // Artifacts at a version: `google-auth-library-credentials:1.3.0`; requirements: `pyu2f>=0.1.5`. Only
  // a requirement's operators: a word, `!` or `~` and digits is a password (`monkey!2024`).
  if (/^[a-z][a-z0-9.-]*(?::[0-9]+(?:\.[0-9]+)+|(?:[<>]=?|[=!~]=)[0-9]+(?:\.[0-9]+)*)$/.test(value)) return true;
  // Host names: `sql-component.googleapis.com`.
  if (/^(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|cloud|internal|local)$/.test(value)) return true;
  // A query string's parameters: `&authMechanism=MONGODB-OIDC&...`; not one that carries a random value.
  if (/^[&?][A-Za-z_]\w*=/.test(value)) return !hasRandomRun(value);
  // A keyword argument as text: `missing_ok=True`.
  if (/^[a-z_][a-z0-9_]*=(?:True|False|None|true|false|null|nil|[0-9]{1,6})$/.test(value)) return true;
  // Relative module paths in lazy-import tables: `.asyncio.server`, `.http2`. Digits end a module's
  // name, so a dot before a password of letters and digits (`.<letters>22<letters>`) is no module.
  if (/^\.{1,2}[a-z_]+[0-9]{0,2}(?:\.[a-z_]+[0-9]{0,2})*$/.test(value)) return true;
  // Python entry points: `IPython.core.magics.osm:OSMagics`, `._path.svnwc:SvnAuth`. The object is
  // named like code, or the same shape is a dotted user and a password (`john.doe:Xk93...`).
  if (/^(?:\.{1,2}[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+):[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/
    .test(value)) {
    return value.slice(value.indexOf(':') + 1).split('.').every(namesCode);
  }
  // Language tags (BCP 47): `pau-Latn-PW`, `zh-Hant-TW`.
  if (/^[a-z]{2,3}-[A-Z][a-z]{3}-(?:[A-Z]{2}|[0-9]{3})$/.test(value)) return true;
  // Directives and markers: `#mesondefine`, `@aws_api_key`, `?NonExpressionParenKeyword`.
  if (/^[#@][a-z][a-z_]{3,}$/.test(value)) return true;
  if (/^[?@][A-Z]/.test(value) && isIdentifier(value.slice(1))) return true;
  // A kind tagged with its service: `identitytoolkit#VerifyCustomTokenResponse`.
  if (/^[a-z][a-z0-9]*#[A-Z]/.test(value) && isIdentifier(value.slice(value.indexOf('#') + 1))) return true;
  // Resource names and labels of identifiers joined by `/`: `auth_tokens/TEST_AUTH_TOKEN`, `tokens/my-token`.
  if (/^[A-Za-z][\w-]*(?:\/[A-Za-z][\w-]*)+$/.test(value)) {
    return value.split('/').every(namesCode);
  }
  // Command-line options: `--password --no-block` gives no password.
  if (/^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(value)) return true;
  // Vim script's scoped variables: `let pwd = a:dict.istemp`.
  if (/^[gslwtbav]:[a-z_][a-z0-9_#]*(?:\.[a-z_][a-z0-9_]*)+$/.test(value)) return true;
  if (/^[a-z]+(?:-[a-z]+(?:[A-Z][a-z]+)*)+$/.test(value) && /[A-Z]/.test(value)) return true; // id-regCtrl-regToken
  // Header names: X-Auth-Token, X-API-Key, Proxy-Authorization
  if (/^(?:[A-Z][A-Za-z]*-)+(?:Token|Key|Secret|Auth|Authorization|Signature|Password|Credentials?)$/.test(value)) {
    return true;
  }
  // a.b.c, a?.b, a!.b, a[0].b; not two random runs joined by a dot (`Xk29fLq0.pW8zQ`).
  if (/^[A-Za-z_$][\w$]*(?:[?!]?\.[A-Za-z_$][\w$]*|\[\d+\])+(?:\(\))?$/.test(value)) {
    return /[a-z]{3}/.test(value) && !value.split(/[?!]?\./).some(isRandomRun);
  }
  return /^[A-Za-z_$][\w$]*\(\)$/.test(value); // call
}

/**
 * An anchored regular expression (`^WPW:.*$`, `^[[:alnum:]-]+\s*:`, `^(permit|deny)\s*=`), as
 * syntax files and validators assign to names with `auth` or `token` in them.
 */
export function isRegexPattern(value: string): boolean {
  // Or one that ends in "anything" (`AmazonLookoutMetrics-.+`), unless a random run leads to it.
  if (/\.[*+]\)?\$?$/.test(value) && /[A-Za-z]/.test(value)) {
    return !hasRandomRun(value);
  }
  if (!value.startsWith('^')) return false;
  return value.endsWith('$') || /\[\[:|\{\d+(?:,\d*)?\}|\.[*+]|\\[sdwbSDW]|\([^()|]*\|/.test(value);
}

/** A capture group of character classes: `([\w-]+\.[\w-]+)`, read with its backslashes decoded or not. */
export function isRegexGroup(value: string): boolean {
  if (/^\(\?[:=!<]/.test(value)) return true; // (?:\S+(?::\S*)?@)?
  return value.startsWith('(') && value.endsWith(')') && /\[[^\]]{1,20}\][+*?]/.test(value) && !/\s/.test(value);
}

/** Code quoted in a comment or a message: `d===t?a:b`, `a => b`, `x && y`. */
export function looksLikeCode(value: string): boolean {
  return /===|!==|=>|&&|\|\|/.test(value);
}

/** A lower-case word or a name as code writes it: one part of a dotted or slashed path of names. */
function namesCode(part: string): boolean {
  return /^[a-z_]+$/.test(part) || isIdentifier(part);
}

/** Some run of letters and digits in the value reads as generated, not as words. */
function hasRandomRun(value: string): boolean {
  return value.split(/[^A-Za-z0-9]+/).some(isRandomRun);
}

/**
 * A run of letters and digits whose character class changes at most every other character:
 * words in code change class once per word (`accessTokenProvider`), generated text constantly.
 */
function isRandomRun(segment: string): boolean {
  if (segment.length < 12) return false;
  const classOf = (c: number) => (c >= 97 && c <= 122 ? 0 : c >= 65 && c <= 90 ? 1 : c >= 48 && c <= 57 ? 2 : 3);
  let changes = 0;
  for (let i = 1; i < segment.length; i++) {
    if (classOf(segment.charCodeAt(i)) !== classOf(segment.charCodeAt(i - 1))) changes++;
  }
  return changes / segment.length > 0.4;
}

export function isVersionString(value: string): boolean {
  return /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.+-]+)?$/.test(value);
}

export function isFilePath(value: string): boolean {
  // Paths, and API paths with a custom method (`/v1/accounts:signUp`).
  if (/^(?:~|\.{1,2})?\/[\w.@~+-]+(?:\/[\w.@~+-]*)*(?::[A-Za-z]\w*)?$/.test(value)) return true;
  // C:\dir, C:/dir, C\:/dir (a colon escaped) and C\\:/dir (escaped again inside a string literal)
  if (/^[A-Za-z]\\{0,2}:[\\/]/.test(value)) return true;
  return /^[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z0-9]{1,5}$/.test(value);
}

/** Hosts reserved for documentation (RFC 2606/6761): credentials there are examples. */
export function isDocumentationHost(host: string): boolean {
  return /^(?:[\w-]+\.)*example\.(?:com|org|net)$|\.(?:example|test|invalid)$|^example$/i.test(host);
}

/** An URL is a secret only when it carries credentials; a plain address is not. */
export function isUrlWithoutCredentials(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)/i.exec(value);
  if (!match) return false;
  return !match[1].includes('@');
}

const PUBLIC_BLOCK =
  /-----BEGIN (?:[A-Z0-9]+ )*(?:PUBLIC KEY|CERTIFICATE|CERTIFICATE REQUEST)(?: BLOCK)?-----/;

/** Public halves and certificates: `BEGIN PUBLIC KEY`, `ssh-rsa AAAA...`, `BEGIN CERTIFICATE`. */
export function isPublicKeyMaterial(value: string): boolean {
  if (PUBLIC_BLOCK.test(value)) return true;
  return /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)\s+AAAA/.test(value)
    || /^AAAA[BC][A-Za-z0-9+/]{60,}/.test(value) || SPKI_OPENING.test(value);
}

/**
 * The base64 openings of DER public keys (SubjectPublicKeyInfo): RSA 2048, 3072 and 4096, EC
 * P-256 and P-384, Ed25519 and X25519. A private key's DER opens otherwise.
 */
const SPKI_OPENING = /^(?:MIIBIjAN|MIIBojAN|MIICIjAN|MFkwEwYH|MHYwEAYH|MCowBQYDK2V[wu])/;

/** Keys designed to ship in browsers: Stripe `pk_live_`/`pk_test_`, Clerk/Paddle-style publishable keys. */
export function isPublishableKey(value: string): boolean {
  // Stripe's `pk_live_`, Mapbox's public `pk.eyJ` tokens.
  return /^pk_(?:live|test)_/.test(value) || value.startsWith('pk.eyJ') || /^(?:publishable|pub)[-_]/i.test(value);
}

const LOCK_FILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'go.sum',
  'cargo.lock', 'composer.lock', 'gemfile.lock', 'poetry.lock', 'pipfile.lock', 'packages.lock.json',
  'gradle.lockfile', 'flake.lock', 'mix.lock', 'pubspec.lock', 'podfile.lock', 'uv.lock',
]);

export function isLockFile(path: string | undefined): boolean {
  if (!path) return false;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return LOCK_FILES.has(base);
}

const PROGRAM_SOURCE = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'py', 'rb', 'java', 'kt', 'kts',
  'scala', 'groovy', 'go', 'rs', 'c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'fs', 'swift', 'm', 'mm', 'php', 'dart',
  'lua', 'pl', 'r', 'jl', 'ex', 'exs', 'erl', 'clj', 'hs', 'ml', 'zig', 'nim', 'sol',
  // C and C++ templates, inline and module files; CUDA; Python stubs and Cython; more languages.
  'cxx', 'hxx', 'hh', 'c++', 'h++', 'tcc', 'tpp', 'txx', 'ipp', 'inl', 'ixx', 'cppm', 'cu', 'cuh',
  'pyi', 'pyx', 'pxd', 'pm', 'fsx', 'fsi', 'vb', 'cr', 'elm', 'hx', 'coffee', 'cljs', 'cljc', 'vala', 'gleam',
  'ps1', 'psm1',
]);

/** Program source, where a secret literal is always quoted; unquoted right-hand sides are expressions. */
export function isProgramSource(path: string | undefined): boolean {
  if (!path) return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && PROGRAM_SOURCE.has(base.slice(dot + 1).toLowerCase());
}

/** Average characters per line above which a text counts as minified. */
export const MINIFIED_LINE_LENGTH = 300;

/**
 * Config formats nobody minifies: one long line in them (a service account's JSON, a certificate
 * in base64) must not make the short `KEY=value` lines around it count as a bundle's.
 */
const NEVER_MINIFIED = /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.(?:env|ya?ml|ini|properties|toml|conf|cfg|tfvars|sh|bash|zsh|ps1)|Dockerfile[\w.-]*|\.npmrc|\.pypirc|\.netrc|\.pgpass|\.git-credentials)$/i;

/** Minified bundles: a `.min.` name or an average line far longer than people write. */
export function isMinified(text: string, path: string | undefined, lineCount: number): boolean {
  if (path && /\.min\.(?:js|css|mjs)$|\.bundle\.js$/i.test(path)) return true;
  if (path && NEVER_MINIFIED.test(path)) return false;
  return text.length > 2000 && text.length / lineCount > MINIFIED_LINE_LENGTH;
}
