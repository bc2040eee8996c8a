#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the real peers some integration tests talk
# to (Debian's Prometheus, Alertmanager and node exporter; they are started by the tests
# themselves on loopback; Chromium and its driver for the console's browser test; FRR, exabgp,
# nftables and iproute2 for the network-namespace tests, which start their own daemons per
# namespace; Node.js and the standardwebhooks npm package for the hook receiver),
# then runs every test with the Maven wrapper. PostgreSQL needs no
# install: the tests start the embedded server from its Maven artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=(prometheus prometheus-alertmanager prometheus-node-exporter chromium chromium-driver frr exabgp nftables iproute2)
missing=()
for p in "${peers[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing test peers: ${missing[*]}" >&2
    apt-get update -qq
    # Packaged services (FRR's too) must not start on their own: the tests start what they need.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  else
    echo "Not root or no apt-get: tests that need ${missing[*]} will be skipped." >&2
  fi
fi
# The hook adapter's interoperability test (HookReceiverIT) runs a receiver on Node with the
# reference Standard Webhooks package, installed into the test tree from its lock file.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Node.js and npm for HookReceiverIT" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "Node.js and npm are missing: HookReceiverIT will fail (it is never skipped)." >&2
  fi
fi
npm ci --prefix actuators/src/test/node --no-audit --no-fund --loglevel=error
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless
fi
# Two modules at a time (-T 2), two test JVMs per module (three in deploy): the integration tests
# mostly wait on servers, child processes and simulated schedules, so this keeps 2 cores busy.
./mvnw -B -ntp -T 2 verify
