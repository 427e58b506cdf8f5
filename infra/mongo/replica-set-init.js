// docker-compose's cluster profile (issue 18): makes mongo-1, mongo-2 and mongo-3 the replica set rs0, once
// (run again, it finds rs0 initiated and only waits), then waits until the set has a primary and a
// majority of members that can acknowledge a write — the services write with w: 'majority'.
const members = ['mongo-1:27017', 'mongo-2:27017', 'mongo-3:27017'];
try {
  rs.status();
  print('replica set rs0 already initiated');
} catch (err) {
  if (err.codeName !== 'NotYetInitialized') throw err;
  rs.initiate({ _id: 'rs0', members: members.map((host, i) => ({ _id: i, host })) });
  print('replica set rs0 initiated');
}
for (let i = 0; i < 180; i++) {
  const status = rs.status();
  const up = status.members.filter((m) => m.stateStr === 'PRIMARY' || m.stateStr === 'SECONDARY');
  if (up.some((m) => m.stateStr === 'PRIMARY') && up.length >= 2) {
    print(`rs0: ${up.map((m) => `${m.name} ${m.stateStr}`).join(', ')}`);
    quit(0);
  }
  sleep(1000);
}
print('rs0: no primary with a majority within 180 s');
quit(1);
