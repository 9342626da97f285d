#!/bin/bash
# usage: dashboard-idle-cost.sh JAR PORT
# The service CPU (from /proc) per second of one open /dashboard/stream: after a small flash sale (so the snapshot
# has SKUs, histograms and hot keys to send), 60 s with no stream, then 60 s with one held open by curl, twice.
jar=$1; port=$2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
d=$(mktemp -d /tmp/dashidle-XXXX)
$J -jar $jar serve --port $port --data-dir $d/pg --admin-token t --property stampede.kafka.enabled=false > $d/svc.log 2>&1 &
svc=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:$port/api/ping >/dev/null && break; sleep 1; done
# some SKUs and sales so the snapshot has per-SKU series and histograms
$J -jar $jar bench flash-sale --target http://127.0.0.1:$port --admin-token t --strategies batched,conditional --runs 1 --no-ceiling --no-progress > $d/run.log 2>&1
sleep 20
ticks() { awk '{print $14+$15}' /proc/$svc/stat; }
for r in 1 2; do
  t0=$(ticks); sleep 60; t1=$(ticks); echo "closed run$r cpu_ms_per_s=$(( (t1-t0)*10/60 ))"
  curl -sN http://127.0.0.1:$port/dashboard/stream > $d/stream.txt & s=$!
  t0=$(ticks); sleep 60; t1=$(ticks); kill $s; wait $s 2>/dev/null
  echo "open   run$r cpu_ms_per_s=$(( (t1-t0)*10/60 )) events=$(grep -c '^data:' $d/stream.txt) bytes=$(wc -c < $d/stream.txt)"
done
kill $svc; wait $svc 2>/dev/null; rm -rf $d
