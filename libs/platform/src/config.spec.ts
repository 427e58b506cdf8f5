import { IsInt, Min } from 'class-validator';
import { ConfigError, ServiceConfig, loadConfig } from './config';

class ExampleConfig extends ServiceConfig {
  @IsInt() @Min(1) WINDOW_SECONDS = 300;
}

describe('loadConfig', () => {
  it('takes defaults and parses given values by the type of their default', () => {
    const c = loadConfig(ExampleConfig, { PORT: '4000', WINDOW_SECONDS: '5', AMQP_URL: 'amqp://u:p@broker:5672/vh' });
    expect(c).toMatchObject({ PORT: 4000, WINDOW_SECONDS: 5, AMQP_URL: 'amqp://u:p@broker:5672/vh', MONGO_URL: 'mongodb://127.0.0.1:27017', LOG_LEVEL: 'info' });
  });

  it('fails fast listing every problem', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, { PORT: 'eighty', AMQP_URL: 'http://x', WINDOW_SECONDS: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('AMQP_URL must be an amqp://');
    expect(message).toContain('WINDOW_SECONDS');
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadConfig(ExampleConfig, { HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
