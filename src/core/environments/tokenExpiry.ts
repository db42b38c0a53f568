/** How the tree shows a cached token's lifetime: "token expires in 4m", "token expired 2h ago". */
export function describeExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'token without expiry';
  const seconds = Math.round((expiresAt - now) / 1000);
  const span = (s: number) =>
    s >= 86_400
      ? `${Math.floor(s / 86_400)}d`
      : s >= 3600
        ? `${Math.floor(s / 3600)}h`
        : s >= 60
          ? `${Math.floor(s / 60)}m`
          : `${s}s`;
  return seconds > 0 ? `token expires in ${span(seconds)}` : `token expired ${span(-seconds)} ago`;
}
