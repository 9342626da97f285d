#!/bin/bash
# usage: request-cost.sh LABEL JAR PORT [--property k=v ...]
# The service CPU (user + system, from /proc) per request: GET /api/ping, the no-op, against a purchase answered from
# the sold-out memory (a SKU with stock 0), each over 200 kept-alive connections x 100 requests, alternated 3 times
# after a warm-up; service and client at nice -15. Prints one line per run: microseconds of service CPU per request.
label=$1; jar=$2; port=$3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
d=$(mktemp -d /tmp/cost-XXXX)
nice -n -15 $J -jar $jar serve --port $port --data-dir $d/pg --admin-token t --property stampede.http.max-connections-per-address=20000 "${@:4}" > $d/svc.log 2>&1 &
svc=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$port/api/ping >/dev/null && break; sleep 1; done
curl -sf -XPOST -H 'Authorization: Bearer t' -H 'Content-Type: application/json' -d '{"id":"s0","name":"none left","strategy":"conditional","stock":0}' http://127.0.0.1:$port/api/skus >/dev/null
noop() { nice -n -15 $J -jar $jar bench http --request "GET http://127.0.0.1:$port/api/ping" --vus 200 --iterations $1 --no-progress > $d/b.log 2>&1; }
buy() { nice -n -15 $J -jar $jar bench http --request "POST http://127.0.0.1:$port/api/skus/s0/purchases" --header 'Content-Type: application/json' --body '{"buyerId":"vu-{vu}-{iter}","quantity":1}' --vus 200 --iterations $1 --no-progress > $d/b.log 2>&1; }
ticks() { awk '{print $14+$15}' /proc/$svc/stat; }
noop 200; buy 200; noop 200; buy 200
for r in 1 2 3; do
  for kind in noop buy; do
    t0=$(ticks); $kind 100; t1=$(ticks)
    echo "$label $kind run$r us_per_req=$(( (t1-t0)*10000/20000 )) $(grep -E 'http_reqs\.\.|sold_out\.\.|success\.\.' $d/b.log | tr -s ' .' ' ' | tr '\n' '|')"
  done
done
kill $svc; wait $svc 2>/dev/null; rm -rf $d
