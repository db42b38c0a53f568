export async function runScan(_args: string[]): Promise<number> {
  process.stderr.write('token-warden scan: not built yet\n');
  return 2;
}
