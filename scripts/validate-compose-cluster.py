#!/usr/bin/env python3
"""Checks docker-compose.yml's `cluster` profile (issue 18) on the resolved configuration read from stdin
(`docker-compose --profile cluster config`, sample credentials of scripts/validate-compose.sh), offline.
Exit 0 when the profile is what the project relies on; otherwise every problem is printed."""
import re
import sys
from pathlib import Path

import yaml

repo = Path(sys.argv[1])
services = yaml.safe_load(sys.stdin)["services"]
APPS = ["gateway", "connection-service", "drawing-service", "sync-service", "notification-service"]
NODES = [1, 2, 3]
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def password_var(app):
    return "RABBITMQ_PASSWORD_" + app.upper().replace("-", "_")


def depends(svc, name, condition):
    return (services[svc].get("depends_on") or {}).get(name, {}).get("condition") == condition


def volumes(svc):
    return [str(v) for v in services[svc].get("volumes") or []]


expected = {"cluster-secrets", "mongo-init", "gateway-lb"} | {f"rabbitmq-{n}" for n in NODES} | {f"mongo-{n}" for n in NODES} | {f"{a}-cluster" for a in APPS}
profiled = {name for name, svc in services.items() if "cluster" in (svc.get("profiles") or [])}
check(profiled == expected, f"the cluster profile is exactly {sorted(expected)} (found {sorted(profiled)})")
missing = expected - set(services)
if missing:
    print("\n".join(f"[validate-compose] cluster: missing service {m}" for m in sorted(missing)), file=sys.stderr)
    sys.exit(1)

# Secrets: generated once into their volume, mounted read-only where needed.
check("cluster-secrets:/secrets" in " ".join(volumes("cluster-secrets")), "cluster-secrets writes into the cluster-secrets volume")

# RabbitMQ: three nodes of one cluster (classic config peer discovery, one cookie), each provisioned like the one node.
conf = (repo / "infra/rabbitmq/cluster.conf").read_text()
check("cluster_formation.peer_discovery_backend = classic_config" in conf, "infra/rabbitmq/cluster.conf: classic config peer discovery")
for n in NODES:
    name = f"rabbitmq-{n}"
    svc = services[name]
    env = svc.get("environment") or {}
    check(svc.get("image") == "rabbitmq:3.13-management", f"{name}: image rabbitmq:3.13-management")
    check(svc.get("hostname") == name, f"{name}: hostname {name} (node rabbit@{name})")
    check(f"cluster_formation.classic_config.nodes.{n} = rabbit@{name}" in conf, f"cluster.conf names rabbit@{name}")
    check("compose-init.sh" in " ".join(svc.get("entrypoint") or []), f"{name}: provisioned by compose-init.sh")
    check(env.get("CONNECT_ERLANG_COOKIE_FILE") == "/etc/connect/secrets/erlang.cookie", f"{name}: the cluster's Erlang cookie")
    check(any(v.endswith(":/etc/rabbitmq/conf.d/20-connect-cluster.conf:ro") and "cluster.conf" in v for v in volumes(name)), f"{name}: cluster.conf in conf.d")
    check(any(v.startswith("cluster-secrets:") for v in volumes(name)), f"{name}: the cluster-secrets volume mounted")
    check(any(v.startswith(f"{name}-data:") for v in volumes(name)), f"{name}: a data volume of its own")
    check("connect-broker-provisioned" in " ".join(svc.get("healthcheck", {}).get("test") or []), f"{name}: healthy once provisioned")
    check(env.get("RABBITMQ_DEFAULT_PASS") == "sample-broker-secret", f"{name}: the broker administrator from the environment")
    for app in APPS:
        check(env.get(password_var(app)) == f"sample-{app}-secret", f"{name}: told {app}'s password")
    check(depends(name, "cluster-secrets", "service_completed_successfully"), f"{name}: waits for cluster-secrets")
    if n > 1:
        check(depends(name, "rabbitmq-1", "service_healthy"), f"{name}: boots after rabbitmq-1 is healthy (joins its cluster)")

# MongoDB: a three-member replica set with internal authentication, initiated once by mongo-init.
script = (repo / "infra/mongo/replica-set-init.js").read_text()
for n in NODES:
    name = f"mongo-{n}"
    svc = services[name]
    command = svc.get("command") or []
    check(svc.get("image") == "mongo:7", f"{name}: image mongo:7")
    check(svc.get("hostname") == name, f"{name}: hostname {name}")
    check(command[:2] == ["--replSet", "rs0"] or "--replSet rs0" in " ".join(command), f"{name}: --replSet rs0")
    check("--keyFile /etc/connect/secrets/mongo.key" in " ".join(command), f"{name}: the replica set's key file")
    check((svc.get("environment") or {}).get("MONGO_INITDB_ROOT_PASSWORD") == "sample-db-secret", f"{name}: the database user from the environment")
    check(any(v.startswith(f"{name}-data:") for v in volumes(name)), f"{name}: a data volume of its own")
    check(f"'{name}:27017'" in script, f"replica-set-init.js: member {name}:27017")
    check(depends("mongo-init", name, "service_healthy"), f"mongo-init: waits for {name}")
check("_id: 'rs0'" in script, "replica-set-init.js: initiates rs0")
check("replica-set-init.js" in " ".join(services["mongo-init"].get("command") or []), "mongo-init runs replica-set-init.js")
check(any("infra/mongo" in v for v in volumes("mongo-init")), "mongo-init: infra/mongo mounted")

# The apps: two replicas each, on all three broker nodes (as their own user) and the replica set.
mongo_url = "mongodb://sample-db-user:sample-db-secret@mongo-1:27017,mongo-2:27017,mongo-3:27017/?replicaSet=rs0&authSource=admin"
for app in APPS:
    name = f"{app}-cluster"
    svc = services[name]
    env = svc.get("environment") or {}
    urls = ",".join(f"amqp://{app}:sample-{app}-secret@rabbitmq-{n}:5672" for n in NODES)
    check((svc.get("deploy") or {}).get("replicas") == 2, f"{name}: two replicas")
    check(env.get("AMQP_URL") == urls, f"{name}: AMQP_URL names the three nodes, as {app}'s own user")
    check(env.get("MONGO_URL") == mongo_url, f"{name}: MONGO_URL names the replica set rs0")
    check(env.get("NODE_ENV") == "production", f"{name}: NODE_ENV=production")
    check(env.get("SMTP_URL") == "smtp://maildev:1025", f"{name}: SMTP_URL")
    check((svc.get("build") or {}).get("args", {}).get("APP") == app, f"{name}: a build of {app}")
    check("/health/ready" in " ".join(svc.get("healthcheck", {}).get("test") or []), f"{name}: healthcheck on /health/ready")
    check(not svc.get("ports"), f"{name}: no published port (replicas share one name)")
    check(all(depends(name, f"rabbitmq-{n}", "service_healthy") for n in NODES), f"{name}: waits for the three broker nodes")
    check(depends(name, "mongo-init", "service_completed_successfully"), f"{name}: waits for the replica set")
check(services["gateway-cluster"].get("environment", {}).get("ADMIN_TOKEN", "").startswith("sample-operator-token"), "gateway-cluster: the operator token from the environment")

# One address in front: HAProxy, the one published port of the profile.
lb = services["gateway-lb"]
check(re.fullmatch(r"haproxy:2\.\d+(-\w+)?", lb.get("image", "")) is not None, "gateway-lb: image haproxy:2.x")
check([(p.get("published"), p.get("target")) if isinstance(p, dict) else p for p in lb.get("ports") or []] in ([(3000, 8080)], [("3000", 8080)]), "gateway-lb: published on 3000 (GATEWAY_PORT)")
check(depends("gateway-lb", "gateway-cluster", "service_healthy"), "gateway-lb: waits for the gateways")
check(any(v.endswith(":/usr/local/etc/haproxy/haproxy.cfg:ro") for v in volumes("gateway-lb")), "gateway-lb: infra/haproxy/haproxy.cfg mounted")
cfg = (repo / "infra/haproxy/haproxy.cfg").read_text()
check(re.search(r"server-template \w+ \d+ gateway-cluster:3000", cfg) is not None, "haproxy.cfg: the gateway replicas by Docker's DNS name")
check("option httpchk GET /health/ready" in cfg, "haproxy.cfg: replicas checked on /health/ready")
check("balance roundrobin" in cfg and re.search(r"^\s*(stick|cookie|balance source)", cfg, re.M) is None, "haproxy.cfg: round robin, no sticky sessions (the gateway is stateless)")
for name in expected - {"gateway-lb"}:
    check(not services[name].get("ports"), f"{name}: not published (only gateway-lb is)")
check("guest" not in yaml.safe_dump({k: services[k] for k in expected}), "no guest account in the cluster profile")

for p in problems:
    print(f"[validate-compose] cluster: expected {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
