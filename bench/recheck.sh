#!/usr/bin/env bash
# Re-check throughput (issue 12): COUNT stored learners (5 to 40 credentials each) on a catalog COPIES times the
# sample's, re-checked by one service instance, then by two sharing the database.
#   [RUNS="noop one two"] bench/recheck.sh [COUNT] [COPIES] [WINDOW]
#                                               default: 2000 learners on x29 (1,102 credentials, 203
#                                               qualifications), each job run to its end
# The instances start and become ready first; then bench/Learners.java replaces every stored learner in one
# transaction, and the next round of an instance makes the job. Prints the job's own rate (learners re-checked per
# second between its first claim and its end) and the wall time from the population to the job's end. With WINDOW
# (seconds), each job is measured over its first WINDOW seconds of work instead of to its end (a 100,000-learner
# job takes most of an hour per run): the rate is then the job's own done / elapsed at that moment, and the
# instances' resident memory is sampled every 10 s to show it stays flat. Three runs: one instance with a no-op
# evaluator (the same reads and writes, no evaluation: pathways.bench.noop-evaluator), one instance, two instances.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
copies=${2:-29}
window=${3:-0}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -B -q package -DskipTests >/dev/null
[ -f target/dev-auth/public.pem ] || ./pathways token admin >/dev/null
admin=$(./pathways token admin)
db=pathways_bench
url=jdbc:postgresql://127.0.0.1:5432/$db
psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "select 1 from pg_database where datname='$db'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -q -c "create database $db" >/dev/null
java bench/Replicate.java rules "$copies" "$work/rules" >/dev/null
classpath="target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*"
quiet=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dlogging.configuration=file:/dev/null)

noop=false
start() { # port
  java -Dquarkus.http.port="$1" -Dpathways.rules.dir="$work/rules" -Dpathways.rules.watch.enabled=false \
    -Dpathways.bench.noop-evaluator=$noop -Dpathways.catch-up.enabled=false \
    -Dquarkus.datasource.jdbc.url=$url -Dquarkus.datasource.username=postgres \
    -Dmp.jwt.verify.publickey.location=file:target/dev-auth/public.pem -Dmp.jwt.verify.issuer=pathways-dev \
    -jar target/quarkus-app/quarkus-run.jar >"$work/service-$1.log" 2>&1 &
  pids+=($!)
}
ready() { # port
  local t0=$SECONDS
  until curl -fs "http://localhost:$1/q/health/ready" >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt 600 ] || { echo "instance on $1 not ready"; tail -5 "$work/service-$1.log"; exit 1; }
    sleep 0.5
  done
}
run() { # label, ports...
  local label=$1
  shift
  # A job a windowed run left unfinished would be taken up by the next run's instances as they start, and their
  # claims would hold up the new population's replacement of every learner.
  psql -h 127.0.0.1 -U postgres -d $db -q -c "DELETE FROM recheck_job" 2>/dev/null || true
  for port in "$@"; do start "$port"; done
  for port in "$@"; do ready "$port"; done
  local t0
  t0=$(date +%s.%N)
  java "${quiet[@]}" -cp "$classpath" bench/Learners.java "$work/rules" "$count" "$url" 2>/dev/null
  local job="" started="" rss="" last=0
  while true; do
    job=$(curl -fs -H "Authorization: Bearer $admin" "http://localhost:$1/api/v1/jobs" \
      | python3 -c 'import json,sys; j=json.load(sys.stdin); print(json.dumps(j[0]) if j else "")')
    if [ -n "$job" ] && python3 -c 'import json,sys; j=json.loads(sys.argv[1]); sys.exit(0 if j["total"] > 0 and j["state"] == "DONE" else 1)' "$job"; then
      break
    fi
    if [ "$window" -gt 0 ] && [ -n "$job" ] && python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1]).get("startedAt") else 1)' "$job"; then
      [ -n "$started" ] || started=$SECONDS
      if [ $((SECONDS - last)) -ge 10 ]; then
        last=$SECONDS
        rss="$rss $(for p in "${pids[@]}"; do ps -o rss= -p "$p" 2>/dev/null | tr -d ' '; done | paste -sd+ | bc)"
      fi
      [ $((SECONDS - started)) -lt "$window" ] || break
    fi
    sleep 0.5
  done
  [ -z "$rss" ] || echo "figure $label.rss_kb_every_10s$rss" 
  local wall
  wall=$(echo "$(date +%s.%N) - $t0" | bc)
  python3 - "$label" "$job" "$wall" <<'PY'
import json, sys
label, job, wall = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3])
print(f"figure {label}.learners {job['total']}")
print(f"figure {label}.done {job['done']}")
print(f"figure {label}.failed {job['failed']}")
print(f"figure {label}.per_second {job['perSecond']}")
print(f"figure {label}.wall_s {wall:.1f}")
moves = sum(m['learners'] for m in job['becameEligible'])
print(f"figure {label}.became_eligible {moves}")
PY
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

echo "re-checking $count learners on x$copies ..."
runs=${RUNS:-noop one two} # which runs, e.g. RUNS=two
if [[ " $runs " == *" noop "* ]]; then noop=true; run noop 18091; noop=false; fi
if [[ " $runs " == *" one "* ]]; then run one 18091; fi
if [[ " $runs " == *" two "* ]]; then run two 18091 18092; fi
