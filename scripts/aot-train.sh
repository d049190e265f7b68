#!/usr/bin/env bash
# Run by the build (cli/pom.xml, package phase) after the jar is made: training runs that
# replay, export and query a journal, from which JDK 25 writes AOT caches next to the jar
# (-XX:AOTCacheOutput): the classes those commands load, parsed, verified and linked ahead of
# time. One cache per kind of command, because a JVM loads every class of its cache at start:
# tcptop-replay-*.aot (replay, record, help), tcptop-export-*.aot (analyze export: Chronicle
# and Parquet) and tcptop-query-*.aot (the other analyses: DuckDB). The launcher passes the one
# for its command with -XX:AOTCache. No root, no network.
# Usage: aot-train.sh JAVA_HOME JAR JOURNAL
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
. "$root/scripts/jvm-options.sh"
java_home=$1 jar=$2 journal=$3
target=$(dirname "$jar")
work="$target/aot-training"

if ! tcptop_jdk_release "$java_home"; then
  echo "aot-train: cannot read $java_home/release" >&2
  exit 1
fi
rm -rf "$work" "$target"/tcptop-*.aot
mkdir -p "$work"

# The query set runs on the export the export set leaves in $work/export.
for set in replay export query; do
  # Named after the JDK that made it: the launcher looks for the one of the JDK it runs.
  aot="$target/tcptop-$set-$TCPTOP_JDK_RUNTIME.aot"
  log="$work/$set.log"
  if ! "$java_home/bin/java" "${TCPTOP_JVM_OPTIONS[@]}" -XX:AOTCacheOutput="$aot" -Dtcptop.aotTraining="$set" \
      -jar "$jar" "$journal" "$work" >"$log" 2>&1 || [ ! -s "$aot" ]; then
    echo "aot-train: the $set training run failed; its output ($log):" >&2
    cat "$log" >&2
    rm -f "$aot"
    exit 1
  fi
  # The JVM records the jar's time in the cache, and the launcher wants the cache newer than
  # the jar: neither file may be touched afterwards.
  echo "aot-train: wrote $aot ($(du -h "$aot" | cut -f1))"
done
