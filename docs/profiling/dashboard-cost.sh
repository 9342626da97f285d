#!/bin/bash
# usage: dashboard-cost.sh JAR PORT [STRATEGY]
# What an open dashboard costs a flash sale (issue 15 item 3: at most 5%): one service started on its own, one
# unreported flash sale as warm-up, then flash sales alternating without and with one /dashboard/stream (server-sent
# events, as the page opens it) held open by curl, three of each; prints one line per sale.
jar=$1; port=$2; strategy=${3:-batched}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
d=$(mktemp -d /tmp/dashcost-XXXX)
$J -jar $jar serve --port $port --data-dir $d/pg --admin-token t --property stampede.http.max-connections-per-address=20000 \
  --property stampede.kafka.enabled=false > $d/svc.log 2>&1 &
svc=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:$port/api/ping >/dev/null && break; sleep 1; done
sale() { $J -jar $jar bench flash-sale --target http://127.0.0.1:$port --admin-token t --strategies $strategy --runs 1 \
  --no-warmup --no-ceiling --no-progress > $d/run.log 2>&1; grep -E "^$strategy " $d/run.log | head -1 | tr -s ' '; }
sale > /dev/null
for r in 1 2 3; do
  echo "closed run$r $(sale)"
  curl -sN http://127.0.0.1:$port/dashboard/stream > $d/stream.txt &
  stream=$!
  sleep 2
  echo "open   run$r $(sale) events=$(grep -c '^data:' $d/stream.txt)"
  kill $stream; wait $stream 2>/dev/null
done
kill $svc; wait $svc 2>/dev/null; rm -rf $d
