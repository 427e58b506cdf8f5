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

  it('takes the nodes of a cluster as AMQP_URL and the queue type, quorum by default (issue 18)', () => {
    const nodes = 'amqp://u:p@127.0.0.1:5801/vh,amqp://u:p@127.0.0.1:5901/vh,amqp://u:p@127.0.0.1:6001/vh';
    expect(loadConfig(ExampleConfig, { AMQP_URL: nodes })).toMatchObject({ AMQP_URL: nodes, BROKER_QUEUE_TYPE: 'quorum' });
    expect(loadConfig(ExampleConfig, { BROKER_QUEUE_TYPE: 'classic' })).toMatchObject({ BROKER_QUEUE_TYPE: 'classic' });
    expect(() => loadConfig(ExampleConfig, { AMQP_URL: 'amqp://a:5672,http://b' })).toThrow(/AMQP_URL/);
    expect(() => loadConfig(ExampleConfig, { BROKER_QUEUE_TYPE: 'stream' })).toThrow(/BROKER_QUEUE_TYPE/);
  });

  it('ignores unrelated environment variables', () => {
    expect(() => loadConfig(ExampleConfig, { HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
