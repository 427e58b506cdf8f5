import { Counter, Histogram } from 'prom-client';

/** Broker metrics on the process-wide Prometheus registry (served by each service at /metrics). */
export const messageMetrics = {
  consumed: new Counter({
    name: 'connect_messages_consumed_total',
    help: 'Deliveries consumed, by routing key and outcome (handled, duplicate, replied-error, retried, dead-lettered)',
    labelNames: ['routing_key', 'outcome'],
  }),
  handlerSeconds: new Histogram({
    name: 'connect_message_handler_seconds',
    help: 'Time to settle one delivery, by routing key',
    labelNames: ['routing_key'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  }),
  published: new Counter({ name: 'connect_messages_published_total', help: 'Events published and confirmed, by routing key', labelNames: ['routing_key'] }),
};
