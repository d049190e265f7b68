#!/usr/bin/env bash
# Run by the build (cli/pom.xml, package phase) after the jar is made: training runs that
# replay, export and query a journal, from which JDK 25 writes AOT caches next to the jar
# (-XX:AOTCacheOutput): the classes those commands load, parsed, verified and linked ahead of
# time. One cache per kind of command, because a JVM loads every class of its cache at start:
# tcptop-replay-*.aot (replay, record), tcptop-slice-*.aot (slice, dump, help), tcptop-export-*.aot (analyze export, and any
# analysis of a journal, which exports it first: Chronicle, Parquet, DuckDB), tcptop-query-*.aot
# (the other analyses of an export: DuckDB) and tcptop-top-*.aot (top: the player, the screen,
# JLine's terminal). The launcher passes the one for its command with
# -XX:AOTCache. No root, no network. The Debian package trains one set, package (replay's and
# slice's together), with its own runtime (packaging/make-deb.sh).
# Usage: aot-train.sh JAVA_HOME JAR JOURNAL [SET...]   (default: replay slice export query top)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
. "$root/scripts/jvm-options.sh"
java_home=$1 jar=$2 journal=$3
shift 3
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(replay slice export query top)
target=$(dirname "$jar")
work="$target/aot-training"

if ! tcptop_jdk_release "$java_home"; then
  echo "aot-train: cannot read $java_home/release" >&2
  exit 1
fi
rm -rf "$work" "$target"/tcptop-*.aot
mkdir -p "$work"

# top draws a full screen and reads keys: its training run gets a pseudo-terminal (script, from
# util-linux, which every Debian has) and keys typed into it: go to the end and back, step, sort,
# group, a detail, the help, a filter, go to a time, play; then q until it quits.
top_keys() {
  sleep 2
  local k
  for k in $'\e[F' $'\e[H' $'\e[C' '>' 'r' 't' $'\r' 't' $'\e[B' $'\r' $'\e' '?' 'x' '/lo' $'\r' $'\e' 'g+1s' $'\r' ' '; do
    printf '%s' "$k"
    sleep 0.3
  done
  while printf q 2>/dev/null; do sleep 1; done
}

# Runs the training JVM of a set; its output goes to the set's log.
train() { # SET AOT LOG
  local cmd=("$java_home/bin/java" "${TCPTOP_JVM_OPTIONS[@]}" -XX:AOTCacheOutput="$2" -Dtcptop.aotTraining="$1"
    -cp "$jar" "$TCPTOP_MAIN" "$journal" "$work")
  if [ "$1" != top ]; then
    "${cmd[@]}" >"$3" 2>&1
    return
  fi
  local status
  set +e +o pipefail
  top_keys | SHELL=/bin/bash TERM=xterm-256color timeout 300 script -qec "stty cols 120 rows 40; $(printf '%q ' "${cmd[@]}")" /dev/null >"$3" 2>&1
  status=${PIPESTATUS[1]}
  set -e -o pipefail
  return "$status"
}

if [[ " ${sets[*]} " == *" top "* ]] && ! command -v script >/dev/null 2>&1; then
  echo "aot-train: no 'script' (util-linux) to give top a terminal: top starts without its own cache"
  kept=()
  for set in "${sets[@]}"; do [ "$set" = top ] || kept+=("$set"); done
  sets=("${kept[@]}")
fi
# The query set runs on the export the export set leaves in $work/export.
for set in "${sets[@]}"; do
  # Named after the JDK that made it: the launcher looks for the one of the JDK it runs.
  aot="$target/tcptop-$set-$TCPTOP_JDK_RUNTIME.aot"
  log="$work/$set.log"
  if ! train "$set" "$aot" "$log" || [ ! -s "$aot" ]; then
    echo "aot-train: the $set training run failed; its output ($log):" >&2
    cat "$log" >&2
    rm -f "$aot"
    exit 1
  fi
  # The JVM records the jar's time in the cache, and the launcher wants the cache newer than
  # the jar: neither file may be touched afterwards.
  echo "aot-train: wrote $aot ($(du -h "$aot" | cut -f1))"
done
