export async function runJwt(_args: string[]): Promise<number> {
  process.stderr.write('token-warden jwt: not built yet\n');
  return 2;
}
