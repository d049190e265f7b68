#!/usr/bin/env bash
# Run by the build (cli/pom.xml, package phase) after the jar is made: one training run that
# replays and analyzes a journal, from which JDK 25 writes an AOT cache next to the jar
# (-XX:AOTCacheOutput): the classes those commands load, parsed, verified and linked ahead of
# time. The launcher passes it with -XX:AOTCache. Needs no root and no network.
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
# Named after the JDK that made it: the launcher looks for the one of the JDK it runs.
aot="$target/tcptop-$TCPTOP_JDK_RUNTIME.aot"
rm -rf "$work" "$target"/tcptop-*.aot
mkdir -p "$work"

if ! "$java_home/bin/java" "${TCPTOP_JVM_OPTIONS[@]}" -XX:AOTCacheOutput="$aot" -Dtcptop.aotTraining=true \
    -jar "$jar" "$journal" "$work" >"$work/training.log" 2>&1 || [ ! -s "$aot" ]; then
  echo "aot-train: the training run failed; its output ($work/training.log):" >&2
  cat "$work/training.log" >&2
  rm -f "$aot"
  exit 1
fi
# The cache must be newer than the jar for the launcher to use it; the JVM also records the
# jar's time, so neither file may be touched afterwards.
echo "aot-train: wrote $aot ($(du -h "$aot" | cut -f1))"
