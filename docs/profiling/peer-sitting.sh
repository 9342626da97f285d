#!/bin/bash
# usage: peer-sitting.sh STAMPEDE_JAR PEER_JAR MARIADB_DATADIR OUT_DIR
# One sitting of issue 17's comparison (docs/performance.md, "The peer in the lab"): seed 001's service on MariaDB
# (one unreported warm-up run, then three flash sales of 15,000 buyers for 10,000 units, each audited from MariaDB),
# then Stampede's default flash sale for four strategies, then the last ticket; each block stamped with the time and
# the load average. MARIADB_DATADIR is a MariaDB data directory (from .ci/start-mariadb) that the peer has already
# initialised (its product_tbl with product 1); the peer listens on 127.0.0.1:18300, MariaDB on 13331.
set -u
jar=$1; peer_jar=$2; datadir=$3; out=$4
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
mkdir -p "$out"
stamp() { echo "$1 $(date +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
stamp start
mariadbd --no-defaults --datadir="$datadir" --port=13331 --bind-address=127.0.0.1 --socket="$out/mysqld.sock" \
  --user=root --skip-log-bin --innodb-flush-log-at-trx-commit=1 --max-connections=500 > "$out/mariadb.log" 2>&1 &
mdb=$!
for _ in $(seq 1 60); do mariadb-admin --no-defaults --socket="$out/mysqld.sock" ping >/dev/null 2>&1 && break; sleep 0.5; done
DATABASE_URL=jdbc:mysql://127.0.0.1:13331/stampede DATABASE_USERNAME=stampede DATABASE_PASSWORD=stampede \
  $J -jar "$peer_jar" --server.port=18300 --server.address=127.0.0.1 \
  --server.tomcat.max-connections=20000 --server.tomcat.accept-count=20000 > "$out/peer.log" 2>&1 &
peer=$!
for _ in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:18300/ && break; sleep 1; done
for run in warm 1 2 3; do
  mariadb -h127.0.0.1 -P13331 -ustampede -pstampede stampede \
    -e "DELETE FROM order_tbl; UPDATE product_tbl SET prod_quantity=10000 WHERE prod_id=1"
  $J -jar "$jar" bench http --request 'POST http://127.0.0.1:18300/' --header 'Content-Type: application/json' \
    --body '{"userId":"vu-{vu}","clientQuantity":1,"clientTime":"10:00:00"}' --vus 15000 --iterations 1 --no-progress \
    --db jdbc:mariadb://127.0.0.1:13331/stampede --db-user stampede --db-password stampede \
    --audit-sql "SELECT (SELECT count(*) FROM order_tbl WHERE order_status='COMPLETED') AS orders, GREATEST(0, -(SELECT prod_quantity FROM product_tbl WHERE prod_id=1)) AS oversold" \
    --json "$out/peer-$run.json" > "$out/peer-$run.log" 2>&1
done
kill $peer; wait $peer 2>/dev/null; kill $mdb; wait $mdb 2>/dev/null
stamp "peer done"
$J -jar "$jar" bench flash-sale --strategies batched,conditional,redis,tokens --runs 3 --no-progress \
  --json "$out/flash-sale.json" > "$out/flash-sale.log" 2>&1
stamp "flash sale done"
$J -jar "$jar" bench last-ticket --runs 3 --no-progress --json "$out/last-ticket.json" > "$out/last-ticket.log" 2>&1
stamp end
