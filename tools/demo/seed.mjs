// Seeds a demo through the public API: two companies, their projects and users, tokens.
// Idempotent enough for a demo: each run creates a fresh set (names carry the time).
const base = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`;
const api = `${base}/api/v1`;
const admin = process.env.ADMIN_TOKEN;
if (!admin) throw new Error('ADMIN_TOKEN is not set (make up sets it)');
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');

async function call(method, path, body, token = admin) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return data;
}

const gc = await call('POST', '/companies', { name: `Summit Builders (GC) ${stamp}` });
const sub = await call('POST', '/companies', { name: `Apex Electrical (sub) ${stamp}` });
await call('PATCH', `/companies/${sub.id}/settings`, { connectBeta: true });
const tower = await call('POST', `/companies/${gc.id}/projects`, { name: 'Harbor Tower' });
const towerElec = await call('POST', `/companies/${sub.id}/projects`, { name: 'Harbor Tower — Electrical' });

const suffix = Date.now().toString(36);
const alice = await call('POST', '/users', { email: `alice+${suffix}@summit.example`, name: 'Alice Moreau (GC project manager)' });
const bob = await call('POST', '/users', { email: `bob+${suffix}@apex.example`, name: 'Bob Okafor (sub project manager)' });
await call('PUT', `/companies/${gc.id}/users/${alice.id}`, { admin: true });
await call('PUT', `/companies/${sub.id}/users/${bob.id}`, { admin: true });
await call('PUT', `/projects/${tower.id}/members/${alice.id}`, { permissions: { connectionManager: 'admin', drawings: 'admin' } });
await call('PUT', `/projects/${tower.id}/members/${bob.id}`, { permissions: { connectionManager: 'none', drawings: 'read_only' } });
await call('PUT', `/projects/${towerElec.id}/members/${bob.id}`, { permissions: { connectionManager: 'admin', drawings: 'admin' } });
const aliceToken = (await call('POST', `/users/${alice.id}/tokens`)).token;
const bobToken = (await call('POST', `/users/${bob.id}/tokens`)).token;

// Where to read the notification emails: the local mail catcher, or the SMTP server given in SMTP_URL.
const mail = process.env.MAILDEV_URL
  ? `Mail (maildev) ${process.env.MAILDEV_URL}   (every notification email lands here)`
  : `Mail           sent to ${(process.env.SMTP_URL ?? '').replace(/\/\/[^@/]*@/, '//')} (SMTP_URL; no mail catcher started)`;

// The management UI of the stack's broker, without the credentials its URL carries.
const rabbitUi = (process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672').replace(/\/\/[^@/]*@/, '//');

console.log(`
Project Connect is up.
  Web app        ${base}/   (sign in with alice's or bob's personal access token below)
  API            ${api}
  OpenAPI        ${base}/api/docs   (JSON: ${base}/api/docs-json)
  ${mail}
  RabbitMQ UI    ${rabbitUi}  (the administrator of .stack/broker.env, native stack)

Demo data
  upstream   ${gc.name} / project "${tower.name}"  (${tower.id})
  downstream ${sub.name} / project "${towerElec.name}"  (${towerElec.id}), opted in to the beta
  operator token  ${admin}
  alice (GC, Connection Manager + Drawings admin upstream)  ${aliceToken}
  bob   (sub, CM admin downstream, Drawings read_only upstream)  ${bobToken}

Try: connect Bob's project to Alice's
  curl -s -X POST ${api}/projects/${towerElec.id}/connections \\
    -H "Authorization: Bearer ${bobToken}" -H 'content-type: application/json' \\
    -d '{"upstreamProjectId":"${tower.id}","features":["drawings"]}'
`);
