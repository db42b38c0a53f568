import { runScan } from './scanCommand';
import { runJwt } from './jwtCommand';
import { runSend } from './sendCommand';

const USAGE = `Usage: token-warden <command> [options]

Commands:
  scan [paths...]      Find leaked credentials (exit 1 when findings remain)
  jwt [token|-]        Decode and optionally verify a JWT
  send FILE.http       Send requests from a .http file

Run "token-warden <command> --help" for a command's options.
`;

/** Each command resolves to the process exit code: 0 ok, 1 findings/failure, 2 usage or input error. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  scan: runScan,
  jwt: runJwt,
  send: runSend,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${require('../../package.json').version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`token-warden: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`token-warden: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
