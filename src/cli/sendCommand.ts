export async function runSend(_args: string[]): Promise<number> {
  process.stderr.write('token-warden send: not built yet\n');
  return 2;
}
