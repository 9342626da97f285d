#!/bin/bash
# usage: client-cost.sh BEFORE_JAR AFTER_JAR [ROUNDS]
# The bench's own CPU per request (client) beside the service's, before and after a change to the client, in one
# sitting: each round runs the flash sale (15,000 buyers released at once: the no-op ceiling, then `redis`) and a
# shortened million (200,000 arrivals at 20,000/s: the ceiling, then `redis`) with each jar, alternating which goes
# first. Every figure comes from the bench's own report (`cpu_per_request`, `start_spread`); the log gives the load
# average at the start and end of each invocation. Profile the client with JFR by adding
# -XX:StartFlightRecording=filename=bench.jfr,settings=profile to one invocation, then docs/profiling/jfr_client_stages.py.
before=$1; after=$2; rounds=${3:-2}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
d=$(mktemp -d /tmp/client-cost-XXXX)
run() { # label jar scenario...
  local label=$1 jar=$2; shift 2
  echo "$(date +%T) start $label load $(cut -d' ' -f1-3 /proc/loadavg)" >> $d/sitting.log
  $J -jar $jar bench "$@" > $d/$label.out 2> $d/$label.err
  echo "$(date +%T) end $label load $(cut -d' ' -f1-3 /proc/loadavg)" >> $d/sitting.log
}
for r in $(seq 1 $rounds); do
  if [ $((r % 2)) -eq 1 ]; then order="before after"; else order="after before"; fi
  for which in $order; do
    jar=$before; [ $which = after ] && jar=$after
    run fs-$which-$r $jar flash-sale --strategies redis --runs 1
  done
  for which in $order; do
    jar=$before; [ $which = after ] && jar=$after
    run mil-$which-$r $jar million --strategies redis --runs 1 --buyers 200000
  done
done
cat $d/sitting.log
for f in $d/*.out; do
  echo "== $(basename $f .out)"
  grep -E '█|http_reqs\.\.|dropped_iterations|p\(99\)|wall\.\.|start_spread|cpu_per_request' $f
done
echo "outputs kept in $d"
