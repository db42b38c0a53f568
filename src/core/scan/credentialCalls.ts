/**
 * Credentials passed to a call rather than assigned to a name: `new NetworkCredential("svc",
 * "...")`, `req.SetBasicAuth("orders", "...")`, `DriverManager.getConnection(url, "sa", "...")`,
 * `jwt.sign(payload, "...")`, `curl_setopt($ch, CURLOPT_USERPWD, "api:...")`,
 * `'Basic ' + btoa('user:...')`. Each is found from a keyword of the callee and parsed by hand.
 */
import type { Candidate, DetectorInput, GenericDetector } from './genericRules';
import { isPlausibleSecretValue } from './genericRules';
import { GENERATED_SECRET_SHAPE, PASSWORD_SHAPE } from './secretShape';

/** Callees whose first two arguments are a user name and a password. */
const USER_PASSWORD_CALLEES = ['credentials', 'credential', 'basicauth', 'basic_auth', 'digestauth',
  'passwordauthentication', 'authenticationtoken', 'credentialsprovider', 'login', 'signin', 'logon',
  'authenticate', 'credentials.basic', 'credentials.create'];
/** Calls whose password comes third, after two literals: Go's `smtp.PlainAuth("", user, "...", host)`, Azure's `ClientSecretCredential(tenant, client, "...")`. */
const THIRD_ARGUMENT_CALLEES = ['plainauth', 'clientsecretcredential'];
/** Database connections whose third argument is the password, after a location and a user. */
const CONNECTION_CALLEES = ['getconnection', 'pdo', 'mysqli', 'mysqli_connect', 'mysql_connect',
  'real_connect', 'dbi->connect', 'sequelize'];
/** JWT libraries' sign and verify calls: the key is the second argument. */
const JWT_CALLS = ['jwt.sign', 'jwt.encode', 'jwt.verify', 'jwt.decode', 'jwt::encode', 'jwt::decode',
  'jsonwebtoken.sign', 'signwith'];
/** HMAC key constructors of JWT libraries, the key first: `Algorithm.HMAC256("...")`. */
const HMAC_KEY_CALLS = ['algorithm.hmac256', 'algorithm.hmac384', 'algorithm.hmac512'];
/** Encoders of `user:password` for a Basic Authorization header, on a line that says Basic. */
const BASIC_ENCODERS = ['btoa', 'b64encode', 'base64_encode', 'buffer.from'];
const CURL_USERPWD = 'curlopt_userpwd';
const AWS_KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;

const KEYWORDS = [...USER_PASSWORD_CALLEES, ...THIRD_ARGUMENT_CALLEES, ...CONNECTION_CALLEES, ...JWT_CALLS,
  ...HMAC_KEY_CALLS, ...BASIC_ENCODERS, CURL_USERPWD];
/** How far a call's arguments may run, over lines (Java and C# wrap long calls). */
const MAX_ARGUMENTS = 300;

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

function isBlankOrBreak(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function skipBlanks(text: string, i: number): number {
  while (isBlankOrBreak(text[i])) i++;
  return i;
}

interface Literal {
  start: number;
  end: number;
}

/** An optional value's wrapper around a literal: Rust's `Some("...")`, Java's `Optional.of("...")`. */
const OPTION_WRAPPER = /(?:Some|Optional\.of|Option)[ \t]*\([ \t]*/y;

/** A quoted string without escapes or line breaks starting at `i` (Python's `b'...'` too). */
function literalAt(text: string, i: number): Literal | undefined {
  // Python's `b'...'`, C#'s verbatim `@"..."`.
  if ((text[i] === 'b' || text[i] === '@') && (text[i + 1] === '"' || text[i + 1] === "'")) i++;
  const quote = text[i];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  for (let j = i + 1; j < Math.min(text.length, i + 300); j++) {
    const ch = text[j];
    if (ch === quote) return { start: i + 1, end: j };
    if (ch === '\\' || ch === '\n' || ch === '\r' || (quote === '`' && ch === '$')) return undefined;
  }
  return undefined;
}

/**
 * The arguments of the call whose `(` is at `open`, up to `count` of them: a literal where the
 * argument is a string literal (optionally converted, `"...".toCharArray()`), else undefined.
 * Undefined altogether when the call does not close within reach.
 */
function callArguments(text: string, open: number, count: number): (Literal | undefined)[] | undefined {
  const args: (Literal | undefined)[] = [];
  const limit = Math.min(text.length, open + MAX_ARGUMENTS);
  let i = open + 1;
  while (args.length < count) {
    i = skipBlanks(text, i);
    OPTION_WRAPPER.lastIndex = i;
    const wrapped = OPTION_WRAPPER.test(text);
    let literal = literalAt(text, wrapped ? OPTION_WRAPPER.lastIndex : i);
    if (literal) {
      i = literal.end + 1;
      if (wrapped) i = text[skipBlanks(text, i)] === ')' ? skipBlanks(text, i) + 1 : i;
      // `"...".toCharArray()`, `"...".getBytes()`: still the literal.
      while (text[i] === '.' && /^\.\w{1,20}\(\)/.test(text.slice(i, i + 24))) i = text.indexOf(')', i) + 1;
      i = skipBlanks(text, i);
      if (text[i] !== ',' && text[i] !== ')') literal = undefined; // part of a longer expression
    }
    // Past this argument: to the next comma or the closing parenthesis at this depth.
    let depth = 0;
    for (; i < limit; i++) {
      const ch = text[i];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
      else if (ch === '"' || ch === "'") {
        const skipped = literalAt(text, i);
        if (skipped) i = skipped.end;
      }
    }
    if (i >= limit) return undefined;
    args.push(literal);
    if (text[i] === ')') return args;
    i++;
  }
  return args;
}

function plausible(text: string, literal: Literal, ruleId: string): Candidate | undefined {
  const secret = text.slice(literal.start, literal.end);
  const shape = ruleId === 'generic-password' ? PASSWORD_SHAPE : GENERATED_SECRET_SHAPE;
  const name = ruleId === 'generic-password' ? 'password' : 'secret';
  if (!isPlausibleSecretValue(secret, secret, ruleId, name, shape)) return undefined;
  return { ruleId, start: literal.start, end: literal.end, secret };
}

/** The password of a `user:password` literal, when the user part is a plain name. */
function passwordOfPair(text: string, literal: Literal): Literal | undefined {
  const pair = text.slice(literal.start, literal.end);
  const colon = pair.indexOf(':');
  if (colon < 1 || !/^[\w.@+-]+$/.test(pair.slice(0, colon))) return undefined;
  return { start: literal.start + colon + 1, end: literal.end };
}

/** What the keyword ending at `end` is part of, if a credential call; then its candidate. */
function candidateAt(text: string, keyword: string, end: number): Candidate | undefined {
  const start = end - keyword.length;
  if (keyword === CURL_USERPWD) {
    const i = skipBlanks(text, end);
    if (text[i] !== ',') return undefined;
    const literal = literalAt(text, skipBlanks(text, i + 1));
    const password = literal && passwordOfPair(text, literal);
    return password && plausible(text, password, 'generic-password');
  }
  const dotted = /[.:>]/.test(keyword) || keyword === 'signwith';
  // The whole callee name: `UsernamePasswordCredentials`, `client.login` is `login`.
  let calleeStart = start;
  if (!dotted) while (calleeStart > 0 && isIdentifierChar(text.charCodeAt(calleeStart - 1))) calleeStart--;
  if (isIdentifierChar(text.charCodeAt(end))) return undefined; // `loginUrl(`, `credentialsFile(`
  const open = skipBlanks(text, end);
  if (text[open] !== '(') return undefined;
  if (BASIC_ENCODERS.includes(keyword)) {
    const lineStart = text.lastIndexOf('\n', start) + 1;
    if (!/basic/i.test(text.slice(Math.max(lineStart, start - 120), start))) return undefined;
    const literal = literalAt(text, skipBlanks(text, open + 1));
    const password = literal && passwordOfPair(text, literal);
    return password && plausible(text, password, 'generic-password');
  }
  if (HMAC_KEY_CALLS.includes(keyword)) {
    const key = callArguments(text, open, 1)?.[0];
    return key && plausible(text, key, 'generic-secret');
  }
  if (JWT_CALLS.includes(keyword)) {
    const key = callArguments(text, open, 2)?.[1];
    return key && plausible(text, key, 'generic-secret');
  }
  if (CONNECTION_CALLEES.includes(keyword)) {
    const args = callArguments(text, open, 3);
    return args?.[1] && args[2] ? plausible(text, args[2], 'generic-password') : undefined;
  }
  // The callee's last word: `NetworkCredential`, `SetBasicAuth`, `client.login`, not `relogin`.
  if (calleeStart < start && !/[A-Z]/.test(text[start]) && text[start - 1] !== '_') return undefined;
  // The first argument must be a literal: most calls pass variables, and are dropped at once.
  if (!literalAt(text, skipBlanks(text, open + 1))) return undefined;
  if (THIRD_ARGUMENT_CALLEES.includes(keyword)) {
    const args = callArguments(text, open, 3);
    return args?.[1] && args[2] ? plausible(text, args[2], 'generic-password') : undefined;
  }
  const args = callArguments(text, open, 2);
  if (!args?.[0] || !args[1]) return undefined;
  const user = text.slice(args[0].start, args[0].end);
  // Anonymous FTP logs in with an e-mail address by convention: `login("anonymous", "-anonymous@")`.
  if (user.toLowerCase() === 'anonymous') return undefined;
  // `AwsBasicCredentials.create("AKIA...", "...")`: the access key id says whose the secret is.
  if (AWS_KEY_ID.test(user) && AWS_SECRET.test(text.slice(args[1].start, args[1].end))) {
    return { ruleId: 'aws-secret-access-key', start: args[1].start, end: args[1].end,
      secret: text.slice(args[1].start, args[1].end) };
  }
  return plausible(text, args[1], 'generic-password');
}

function findCredentialCalls({ text, keywordEnds }: DetectorInput): Candidate[] {
  const out: Candidate[] = [];
  const lower = keywordEnds ? '' : text.toLowerCase();
  KEYWORDS.forEach((keyword, k) => {
    const ends = keywordEnds ? keywordEnds[k] ?? [] : endsIn(lower, keyword);
    for (const end of ends) {
      const candidate = candidateAt(text, keyword, end);
      if (candidate) out.push(candidate);
    }
  });
  return out;
}

function endsIn(lower: string, keyword: string): number[] {
  const ends: number[] = [];
  for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) ends.push(at + keyword.length);
  return ends;
}

export const CREDENTIAL_CALL_DETECTOR: GenericDetector = {
  keywords: KEYWORDS, modes: ['full'], wantsKeywordEnds: true, find: findCredentialCalls,
};
