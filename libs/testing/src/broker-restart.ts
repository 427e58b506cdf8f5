import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './infrastructure';

/**
 * Restarts the broker under running clients, where the test run owns it:
 * the testcontainers container, or the native stack's node. Returns false
 * when the broker is someone else's (AMQP_URL given), so the test is skipped.
 */
export function ownsBroker(): boolean {
  return Boolean(process.env['TEST_BROKER_CONTAINER']) || process.env['TEST_NATIVE_STACK'] === '1';
}

export function restartBroker(): boolean {
  const container = process.env['TEST_BROKER_CONTAINER'];
  if (container) {
    // Restart RabbitMQ inside the container: a container restart could re-map its random host ports.
    execFileSync('docker', ['exec', container, 'rabbitmqctl', 'stop_app'], { stdio: 'inherit' });
    execFileSync('docker', ['exec', container, 'rabbitmqctl', 'start_app'], { stdio: 'inherit' });
    return true;
  }
  if (process.env['TEST_NATIVE_STACK'] !== '1') return false;
  const stack = resolve(REPO_ROOT, 'scripts/stack.sh');
  execFileSync('bash', [stack, 'rabbitmqctl', 'stop_app'], { stdio: 'inherit', cwd: REPO_ROOT });
  execFileSync('bash', [stack, 'rabbitmqctl', 'start_app'], { stdio: 'inherit', cwd: REPO_ROOT });
  return true;
}
