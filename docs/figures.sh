#!/usr/bin/env bash
# Regenerates the figures shown in README.md from the checker's own runs (nothing hand-drawn).
# Usage, from the repository root after building: bash docs/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar="target/twcheck-$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml)-cli.jar"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# exit code 1 means "a property is violated", which is what these models show
java -jar "$jar" check models/no-time-wait.tw --quiet --trace-dir "$out/no-time-wait" > /dev/null || [ $? -eq 1 ]
java -jar "$jar" check models/rfc9293.tw --quiet --trace-dir "$out/rfc9293" > /dev/null || [ $? -eq 1 ]

# The seed note's two figures, as the shortest runs that reach them:
cp "$out/no-time-wait/witness-old-server-data-accepted.svg" docs/seed-stale-data.svg
cp "$out/rfc9293/witness-new-connection-refused.svg" docs/seed-lost-last-ack.svg
java -jar "$jar" check models/last-ack-forever.tw --quiet --property passive-reaches-closed --trace-dir "$out/laf" > /dev/null || [ $? -eq 1 ]
cp "$out/laf/passive-reaches-closed.svg" docs/last-ack-forever-lasso.svg
# The shortest counterexamples explained in README.md:
for model in rfc9293 no-time-wait; do
  for property in no-stale-accept passive-close-clean no-deadlock; do
    cp "$out/$model/$property.svg" "docs/$model-$property.svg"
  done
done
# Keepalive's worst cases, with small numbers (keepalive time 3 ticks, 3 probes, interval 1):
for failure in crash reboot; do
  java -jar "$jar" check models/keepalive-$failure.tw --quiet --set keepaliveTime=3 --set keepaliveProbes=3 \
      --set tickSeconds=0 --trace-dir "$out/ka-$failure" > /dev/null || [ $? -eq 1 ]
  cp "$out/ka-$failure/worst-case-keepalive-bound.svg" "docs/keepalive-$failure-worst-case.svg"
done
# The endpoint graphs (twcheck graph, drawn by graphviz): R0 under RFC 9293, and without TIME_WAIT.
for model in rfc9293 no-time-wait; do
  java -jar "$jar" graph models/$model.tw --quiet -o "$out/$model.dot"
  dot -Tsvg "$out/$model.dot" -o "docs/$model-endpoints.svg"
done
echo "figures written to docs/"
