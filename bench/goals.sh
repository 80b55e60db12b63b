#!/usr/bin/env bash
# The performance goals of issue 11, measured in one run on this machine (about 10 minutes):
#   bench/goals.sh [BASE_REF]     figures of this checkout, and of BASE_REF built beside it for the in-process ones
#   bench/goals.sh --smoke        a minute: every part runs once and every evaluation answers (CI runs this)
# Prints a table: figure, goal, this checkout, baseline, ratio, met. Machines are noisy: quote ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=false
base_ref=
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    *) base_ref=$arg ;;
  esac
done
work=$(mktemp -d)
base=
cleanup() {
  [ -n "${service_pid:-}" ] && kill "$service_pid" 2>/dev/null || true
  [ -n "$base" ] && git worktree remove --force "$base" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building this checkout${base_ref:+ and $base_ref} ..."
./mvnw -B -q package -DskipTests >/dev/null
if [ -n "$base_ref" ]; then
  base=$(mktemp -d)
  rmdir "$base"
  git worktree add -q --detach "$base" "$base_ref"
  (cd "$base" && ./mvnw -B -q package -DskipTests >/dev/null)
fi
classpath() { echo "$1/target/quarkus-app/app/*:$1/target/quarkus-app/lib/boot/*:$1/target/quarkus-app/lib/main/*"; }
quiet=(-Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dlogging.configuration=file:/dev/null)

# Catalogs: the sample (38 credentials, 7 qualifications), x29 (1,102 and 203) and x143 (5,434 and 1,001).
if $smoke; then copies=(3); seconds=0; else copies=(29 143); seconds=10; fi
for n in "${copies[@]}"; do java bench/Replicate.java rules "$n" "$work/x$n" >/dev/null; done
dirs=(rules=scenarios)
for n in "${copies[@]}"; do dirs+=("$work/x$n=random"); done

echo "in-process evaluations ..."
java "${quiet[@]}" -cp "$(classpath "$PWD")" bench/Goals.java "$seconds" "${dirs[@]}" 2>/dev/null | tee "$work/head.txt"
if [ -n "$base" ]; then
  java "${quiet[@]}" -cp "$(classpath "$base")" bench/Goals.java "$seconds" "${dirs[@]}" > "$work/base.txt" 2>/dev/null \
    || echo "the baseline could not run the in-process figures" >&2
fi
if $smoke; then
  grep '^figure' "$work/head.txt"
  [ "$(grep -c 'smoke_answered' "$work/head.txt")" -eq "${#dirs[@]}" ] || { echo "smoke: a catalog did not answer"; exit 1; }
fi

# The packaged service: start to ready, HTTP throughput, reload, memory.
port=18089
[ -f target/dev-auth/public.pem ] || ./pathways token admin >/dev/null
token=$(./pathways token lms)
admin=$(./pathways token admin)
psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "select 1 from pg_database where datname='pathways_bench'" \
  | grep -q 1 || psql -h 127.0.0.1 -U postgres -d postgres -q -c 'create database pathways_bench' >/dev/null
# The service runs with the JVM options the Kubernetes manifests give it (heap, collector), as it is deployed.
jvm_options=$(bench/manifest-jvm-options.sh)
start_service() { # rules dir, label
  local t0=$SECONDS
  # shellcheck disable=SC2086
  java $jvm_options -Dquarkus.http.port=$port -Dpathways.rules.dir="$1" -Dpathways.rules.watch.enabled=false \
    -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/pathways_bench \
    -Dquarkus.datasource.username=postgres \
    -Dmp.jwt.verify.publickey.location=file:target/dev-auth/public.pem -Dmp.jwt.verify.issuer=pathways-dev \
    -Dpathways.rules.passed-scenarios="$work/passed-scenarios" \
    -jar target/quarkus-app/quarkus-run.jar >"$work/service-$2.log" 2>&1 &
  service_pid=$!
  local t=$(date +%s.%N)
  until curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$service_pid" 2>/dev/null || { echo "the service did not start on $1"; tail -20 "$work/service-$2.log"; exit 1; }
    [ $((SECONDS - t0)) -lt 600 ] || { echo "not ready after 10 minutes on $1"; exit 1; }
    sleep 0.2
  done
  echo "figure $2.start_s $(echo "$(date +%s.%N) - $t" | bc)" | tee -a "$work/head.txt"
}
stop_service() { kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; service_pid=; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service_pid/status"; }

load_seconds=$($smoke && echo 2 || echo 15)
echo "service on the sample rules ..."
start_service "$PWD/rules" sample
java bench/Load.java http.live "http://localhost:$port/q/health/live" "$load_seconds" 4 | tee -a "$work/head.txt"
java bench/Load.java http.evaluations "http://localhost:$port/api/v1/evaluations" "$load_seconds" 4 "$token" \
  openapi/examples/evaluation-request.json | tee -a "$work/head.txt"
stop_service

large=${copies[0]}
echo "service on x$large ..."
start_service "$work/x$large" "x$large"
minute=$($smoke && echo 2 || echo 60)
java bench/Load.java "x$large.http.evaluations" "http://localhost:$port/api/v1/evaluations" "$minute" 4 "$token" \
  openapi/examples/evaluation-request.json | tee -a "$work/head.txt"
echo "figure x$large.rss_mb $(rss_mb)" | tee -a "$work/head.txt"
stop_service
# A restart on the same files: their scenarios passed a minute ago on this build, so they are not run again.
start_service "$work/x$large" "x$large.restart"
grep -q "not run again" "$work/service-x$large.restart.log" || { echo "the restart ran the scenarios again"; exit 1; }
echo "# a change" >> "$work/x$large/catalog/ai-literacy.catalog.yaml"
t=$(date +%s.%N)
# Answered 202 at once; the attempt's outcome is polled where Location says until it is over.
outcome=$(curl -sS --max-time 60 -D "$work/reload.headers" -X POST -H "Authorization: Bearer $admin" \
  -H "Prefer: respond-async" "http://localhost:$port/api/v1/rulesets/reload" 2>&1) || true
location=$(awk 'tolower($1) == "location:" {print $2}' "$work/reload.headers" | tr -d '\r')
while [ -n "$location" ] && grep -Eq '"state":"(QUEUED|RUNNING)"' <<<"$outcome" \
  && [ "$(echo "$(date +%s.%N) - $t < 600" | bc)" = 1 ]; do
  sleep 0.2
  outcome=$(curl -sS --max-time 60 -H "Authorization: Bearer $admin" "$location" 2>&1) || true
done
echo "figure x$large.reload_s $(echo "$(date +%s.%N) - $t" | bc)" | tee -a "$work/head.txt"
if ! grep -q SWAPPED <<<"$outcome"; then
  echo "the reload was not swapped in: ${outcome:0:300}; the end of the service's log:"
  tail -5 "$work/service-x$large.log" | cut -c1-300
  echo "figure x$large.reload_failed 1" >> "$work/head.txt"
  $smoke && exit 1
fi
stop_service

echo "designers' command line ..."
t=$(date +%s.%N)
./pathways test rules >/dev/null
echo "figure cli.test_s $(echo "$(date +%s.%N) - $t" | bc)" | tee -a "$work/head.txt"

$smoke && { echo "smoke: every part ran"; exit 0; }

# The table.
value() { awk -v k="$2" '$1 == "figure" && $2 == k {print $3}' "$1" 2>/dev/null | tail -1; }
row() { # figure, goal text, head value, base value, test (awk expression on v), unit
  local ratio="-" met
  if [ -n "$4" ] && [ -n "$3" ]; then ratio=$(awk -v h="$3" -v b="$4" 'BEGIN { if (b > 0) printf "%.2f", h / b; else print "-" }'); fi
  met=$(awk -v v="$3" "BEGIN { print ($5) ? \"met\" : \"not met\" }")
  printf '| %s | %s | %s%s | %s | %s | %s |\n' "$1" "$2" "$3" "$6" "${4:--}" "$ratio" "$met"
}
h=$work/head.txt; b=$work/base.txt
x=x29; y=x143
p50=$(value "$h" rules.p50_ms); p99=$(value "$h" rules.p99_ms)
echo
echo "| figure | goal | this checkout | baseline ${base_ref:-} | ratio | met |"
echo "| --- | --- | --- | --- | --- | --- |"
row "$x: eligibility without next steps (nextSteps=false), 20 held: p50" "under 0.1 ms" \
  "$(value "$h" $x.eligibility20_p50_ms)" "$(value "$b" $x.eligibility20_p50_ms)" "v < 0.1" " ms"
row "sample: whole evaluation p50" "under 1 ms" "$p50" "$(value "$b" rules.p50_ms)" "v < 1" " ms"
row "sample: p99 / p50" "under 3" "$(awk -v a="$p99" -v b="$p50" 'BEGIN{printf "%.2f", a/b}')" "" "v < 3" ""
row "$x (1,102 credentials, 203 qualifications), 5-40 held: p50" "under 20 ms" "$(value "$h" $x.p50_ms)" \
  "$(value "$b" $x.p50_ms)" "v < 20" " ms"
row "$x: qualifications not planned for budget" "none" "$(value "$h" $x.not_planned)" "$(value "$b" $x.not_planned)" "v == 0" ""
row "$x: evaluations failed on the rules' limits" "none" "$(value "$h" $x.rules_failed)" "$(value "$b" $x.rules_failed)" "v == 0" ""
row "$y: evaluations failed on the rules' limits" "none" "$(value "$h" $y.rules_failed)" "$(value "$b" $y.rules_failed)" "v == 0" ""
row "growth $y / $x (1,001 / 203 qualifications): p50" "at most 2x" \
  "$(awk -v a="$(value "$h" $y.p50_ms)" -v b="$(value "$h" $x.p50_ms)" 'BEGIN{printf "%.2f", a/b}')" \
  "$(awk -v a="$(value "$b" $y.p50_ms)" -v b="$(value "$b" $x.p50_ms)" 'BEGIN{ if (b > 0) printf "%.2f", a/b }')" "v <= 2" "x"
row "HTTP: evaluations/s / live/s (sample)" "at least 0.20" \
  "$(awk -v a="$(value "$h" http.evaluations.per_second)" -v b="$(value "$h" http.live.per_second)" 'BEGIN{printf "%.3f", a/b}')" \
  "" "v >= 0.2" ""
row "start to ready, sample" "under 5 s" "$(value "$h" sample.start_s)" "" "v < 5" " s"
row "start to ready, $x (first start: every scenario runs)" "under 15 s" "$(value "$h" $x.start_s)" "" "v < 15" " s"
row "start to ready, $x (restart on the same files and build)" "under 15 s" "$(value "$h" $x.restart.start_s)" "" \
  "v < 15" " s"
row "reload of $x" "under 3 s" "$(value "$h" $x.reload_s)" "" "v < 3" " s"
row "resident memory after a minute of load, $x (the manifests' JVM options)" "under 500 MB" "$(value "$h" $x.rss_mb)" "" "v < 500" " MB"
row "./pathways test rules (whole process)" "under 5 s" "$(value "$h" cli.test_s)" "" "v < 5" " s"
echo
echo "absolute figures:"; grep '^figure' "$h"
[ -f "$b" ] && { echo "baseline:"; grep '^figure' "$b"; }
exit 0
