/**
 * Polls `probe` until it returns a truthy value and resolves to that value. A probe may also throw
 * (an `assert` call, say): that counts as "not yet", and the last error is reported on timeout, so
 * `await waitFor(() => { assert.equal(rows(), 2); return true; })` fails with the assertion.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  description = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      const message = `timed out after ${timeoutMs} ms waiting for ${description}${cause}`;
      throw new Error(message, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
