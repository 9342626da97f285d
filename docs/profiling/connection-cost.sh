#!/bin/bash
# usage: connection-cost.sh LABEL JAR PORT
# The service CPU per request (user and system apart, from /proc), for no-op pings (GET /api/ping) over 15,000 fresh
# connections (the flash sale's shape: one request each) against 200 kept-alive ones (75 requests each), alternated
# three times after a warm-up; service and client at nice -15.
label=$1; jar=$2; port=$3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
d=$(mktemp -d /tmp/conn-XXXX)
nice -n -15 $J -jar $jar serve --port $port --data-dir $d/pg --admin-token t --property stampede.http.max-connections-per-address=20000 --property stampede.kafka.enabled=false > $d/svc.log 2>&1 &
svc=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$port/api/ping >/dev/null && break; sleep 1; done
run() { nice -n -15 $J -jar $jar bench http --request "GET http://127.0.0.1:$port/api/ping" --vus $1 --iterations $2 --no-progress > $d/b.log 2>&1; }
ut() { awk '{print $14}' /proc/$svc/stat; }; st() { awk '{print $15}' /proc/$svc/stat; }
run 15000 1; run 200 75; run 15000 1; run 200 75
for r in 1 2 3; do
  for shape in "15000 1" "200 75"; do
    u0=$(ut); s0=$(st); run $shape; u1=$(ut); s1=$(st)
    echo "$label vus/iter=$shape run$r user_us=$(( (u1-u0)*10000/15000 )) sys_us=$(( (s1-s0)*10000/15000 )) $(grep -E 'http_reqs\.\.|p\(99\)' $d/b.log | tr -s ' .' ' ' | tr '\n' '|')"
  done
done
kill $svc; wait $svc 2>/dev/null; rm -rf $d
