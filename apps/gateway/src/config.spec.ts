import { ConfigError, loadConfig } from '@connect/platform';
import { DEV_ADMIN_TOKEN, GatewayConfig } from './config';

describe('GatewayConfig ADMIN_TOKEN', () => {
  it('defaults to the documented development token outside production', () => {
    expect(loadConfig(GatewayConfig, {}).ADMIN_TOKEN).toBe(DEV_ADMIN_TOKEN);
    expect(loadConfig(GatewayConfig, { NODE_ENV: 'test', ADMIN_TOKEN: 'short-is-fine-in-tests' }).ADMIN_TOKEN).toBe('short-is-fine-in-tests');
  });

  it('fails fast in production without a token of its own', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrow(/ADMIN_TOKEN must be set in production/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', ADMIN_TOKEN: 'too-short' })).toThrow(/at least 32 characters/);
  });

  it('accepts a long production token', () => {
    const token = 'p'.repeat(48);
    expect(loadConfig(GatewayConfig, { NODE_ENV: 'production', ADMIN_TOKEN: token }).ADMIN_TOKEN).toBe(token);
  });
});
