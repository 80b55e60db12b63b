#!/usr/bin/env bash
# Whole evaluations of this checkout against a baseline commit, side by side on the same machine:
#   bench/compare.sh BASE_REF [RULES_DIR] [PAIRS]
# Builds BASE_REF in a temporary worktree, then runs bench/EvaluationTimes.java on both builds in turn, PAIRS
# times (baseline, this checkout, baseline, ...), and prints each run and the ratio of the medians (this / base).
# Both builds evaluate the same rules directory (default: this checkout's rules/). Machines are noisy: quote the
# ratio, not the times.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=${1:?usage: bench/compare.sh BASE_REF [RULES_DIR] [PAIRS]}
rules=${2:-rules}
pairs=${3:-3}
base=$(mktemp -d)
trap 'git worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$base" "$base_ref"
echo "building $base_ref and this checkout ..."
(cd "$base" && ./mvnw -B -q package -DskipTests >/dev/null)
./mvnw -B -q package -DskipTests >/dev/null
classpath() { echo "$1/target/quarkus-app/app/*:$1/target/quarkus-app/lib/boot/*:$1/target/quarkus-app/lib/main/*"; }
run() {
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dlogging.configuration=file:/dev/null \
    -cp "$(classpath "$1")" bench/EvaluationTimes.java "$rules" 10 2>/dev/null | tail -1
}
declare -a b h
for i in $(seq 1 "$pairs"); do
  line=$(run "$base"); echo "base $line"; b+=("$(sed -E 's/.*round median ([0-9.]+) ms.*/\1/' <<<"$line")")
  line=$(run "$PWD"); echo "head $line"; h+=("$(sed -E 's/.*round median ([0-9.]+) ms.*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${b[@]}"); mh=$(median "${h[@]}")
awk -v b="$mb" -v h="$mh" 'BEGIN { printf "median round: base %.1f ms, head %.1f ms, head/base %.2f\n", b, h, h / b }'
