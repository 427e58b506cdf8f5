import { TOKEN_PREFIX, generateToken, hashToken, isUserTokenShape, secretsEqual } from './token-secret';

describe('token secrets', () => {
  it('generates pc_-prefixed tokens of 32 random bytes in base64url, all different', () => {
    const tokens = Array.from({ length: 50 }, generateToken);
    for (const t of tokens) {
      expect(t.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(Buffer.from(t.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
      expect(isUserTokenShape(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('stores a token as its SHA-256 in hex: deterministic, 64 characters, never the token itself', () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(TOKEN_PREFIX.length));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
    // Known vector, so the stored form never changes silently (existing tokens would stop working).
    expect(hashToken('pc_test')).toBe('9703bd8de4eb8d020b2711520bd764449ab11517ae9f83a0a47ef37eee72dff3');
  });

  it('refuses strings that are not user tokens before any lookup', () => {
    expect(isUserTokenShape('pc_short')).toBe(false);
    expect(isUserTokenShape(`xx_${'a'.repeat(43)}`)).toBe(false);
    expect(isUserTokenShape(`pc_${'a'.repeat(42)}!`)).toBe(false);
  });

  it('compares secrets of any lengths without throwing', () => {
    expect(secretsEqual('operator-secret', 'operator-secret')).toBe(true);
    expect(secretsEqual('operator-secret', 'operator-secreT')).toBe(false);
    expect(secretsEqual('', 'operator-secret')).toBe(false);
    expect(secretsEqual('operator-secret-and-more', 'operator-secret')).toBe(false);
  });
});
