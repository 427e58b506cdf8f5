import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { REPO_ROOT } from './infrastructure';

const execFileAsync = promisify(execFile);

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

async function rabbitmqctl(args: string[]): Promise<string> {
  const container = process.env['TEST_BROKER_CONTAINER'];
  const { stdout } = container
    ? await execFileAsync('docker', ['exec', container, 'rabbitmqctl', ...args], { encoding: 'utf8' })
    : await execFileAsync('bash', [resolve(REPO_ROOT, 'scripts/stack.sh'), 'rabbitmqctl', ...args], { encoding: 'utf8', cwd: REPO_ROOT });
  return stdout;
}

/**
 * Makes the broker close every channel of the named connection(s) in the vhost, as it does on a
 * channel error (a bad ack, a publish to a missing exchange, a message over `max_message_size`):
 * each channel gets an ack of a delivery tag it never received (406 PRECONDITION_FAILED, the
 * connection stays open). Resolves once those channels are gone; returns how many there were.
 * Only where the test run owns the broker (see `ownsBroker`).
 */
export async function closeChannelsOf(vhost: string, connectionName: string): Promise<number> {
  const bin = (s: string) => `<<${JSON.stringify(s)}/utf8>>`;
  const expr = [
    `Vhost = ${bin(vhost)}, Name = ${bin(connectionName)},`,
    `Mine = fun(P) -> Info = rabbit_channel:info(P, [vhost, connection]),`,
    `  [{client_properties, Props}] = rabbit_reader:info(proplists:get_value(connection, Info), [client_properties]),`,
    `  proplists:get_value(vhost, Info) =:= Vhost andalso`,
    `  lists:keyfind(<<"connection_name">>, 1, Props) =:= {<<"connection_name">>, longstr, Name} end,`,
    `Ps = [P || P <- rabbit_channel:list(), (catch Mine(P)) =:= true],`,
    `Refs = [erlang:monitor(process, P) || P <- Ps],`,
    `[rabbit_channel:do(P, {'basic.ack', 987654321, false}) || P <- Ps],`,
    `[receive {'DOWN', R, process, _, _} -> ok after 10000 -> throw(channel_still_open) end || R <- Refs],`,
    `length(Ps).`,
  ].join(' ');
  return Number((await rabbitmqctl(['eval', expr])).trim());
}

/** Stops or starts the RabbitMQ application of the broker the test run owns (see `ownsBroker`): an outage for every client. */
export async function brokerApp(action: 'stop_app' | 'start_app'): Promise<void> {
  await rabbitmqctl([action]);
}
