#!/bin/bash
# usage: open-model-probe.sh JAR OUT RATE SECONDS [STRATEGIES]
# One `bench million` (the no-op ceiling, then STRATEGIES, default redis) at RATE arrivals/s for SECONDS, every JVM at
# nice -15; prints the kernel's listen-queue and SYN-retransmission counters' change over the run, the peak of the
# service listener's accept queue (ss Recv-Q, listeners with a backlog of 4,000 or more), and each run's p50/p99,
# dropped share, CPU per request and completions per 100 ms (issue 13: why the open model stalls at its start).
jar=$1; out=$2; R=$3; S=$4; strat=${5:-redis}
C="TcpExtListenOverflows TcpExtListenDrops TcpExtTCPSynRetrans TcpExtTCPTimeouts"
nstat -asz $C > $out.n0; echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > $out.stamps
(while true; do ss -Hltn | awk -v t="$(date +%T.%N)" '$3>=4000 {print t, $2, $3, $4}' >> $out.ss; sleep 0.2; done) & sp=$!
nice -n -15 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar $jar bench million --strategies $strat --rate $R \
  --buyers $((R*S)) --no-progress --json $out.json > $out.log 2>&1
kill $sp; nstat -asz $C > $out.n1; echo "end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out.stamps
paste $out.n0 $out.n1 | awk 'NR>1{printf "%s +%d  ", $1, $5-$2} END{print ""}'
cat $out.stamps; echo "peak accept queue: $(sort -k2,2n $out.ss | tail -1)"
python3 - $out.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d['runs']:
    l = r['latency_ms']
    print(r['strategy'], 'p50 %.2f ms, p99 %.0f ms, dropped %.2f%%, cpu/request %s' % (
        l['p50'], l['p99'], 100 * r['dropped_share'], {k: round(v) for k, v in r.get('cpu_us_per_request', {}).items()}))
    print('  arrivals by connection:', r.get('arrivals_by_connection'))
    print('  answered per 100 ms:', [int(x / 10) for x in r['throughput']['rps']])
PY
grep -E "harness ceiling:|arrivals_new_connection" $out.log
