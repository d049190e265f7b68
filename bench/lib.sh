# Sourced by the bench scripts: finds JDK 25 (TCPTOP_JAVA_HOME) and builds tcptop.jar and
# benchmarks.jar when either is missing or older than a source, so a harness started twice does
# not pay a build (and its AOT training) twice. Extra Maven arguments, e.g. a private local
# repository: TCPTOP_MAVEN_ARGS="-Dmaven.repo.local=/path/to/m2".
. "$root/scripts/find-jdk.sh"
tcptop_find_jdk "$root/target/jdk"
bench_jar="$root/bench/target/benchmarks.jar"

# The JVM options the build's tests and benchmarks run with (Chronicle needs the exports and
# opens; tcptop.jar's manifest carries them for the launcher).
read -r -a bench_jvm_flags <<<"$(sed -n 's:.*<tcptop.jvmFlags>\(.*\)</tcptop.jvmFlags>.*:\1:p' "$root/pom.xml")"

# Runs a main class of the benchmarks jar.
bench_main() { "$TCPTOP_JAVA_HOME/bin/java" "${bench_jvm_flags[@]}" -cp "$bench_jar" "io.tcptop.bench.$1" "${@:2}"; }

# Starts io.tcptop.bench.PingPong in the background, its output into $1, the rest its arguments;
# sets load_pid to the JVM's own pid, so that it can be stopped by its id.
load_pid=""
bench_load() {
  local to=$1
  shift
  "$TCPTOP_JAVA_HOME/bin/java" -cp "$bench_jar" io.tcptop.bench.PingPong "$@" >"$to" &
  load_pid=$!
}

# Stops what a bench script started and is still running: the load and the recorder.
bench_stop() {
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; load_pid=""; fi
  if [ -n "${recpid:-}" ]; then kill -TERM "$recpid" 2>/dev/null || true; wait "$recpid" 2>/dev/null || true; recpid=""; fi
}

bench_stale() {
  local jar f
  for jar in "$root/cli/target/tcptop.jar" "$root/bench/target/benchmarks.jar"; do
    [ -f "$jar" ] || return 0
    shopt -s globstar nullglob
    for f in "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src/main/**; do
      if [[ $f -nt $jar ]]; then
        shopt -u globstar nullglob
        return 0
      fi
    done
    shopt -u globstar nullglob
  done
  return 1
}

bench_build() {
  if bench_stale; then
    # shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
    "$root/build" ${TCPTOP_MAVEN_ARGS:-} -q -DskipTests package >/dev/null
  fi
}

# The pid of the JVM recording into $1 (with $2 = top: the live view recording there): the
# launcher execs java with '-cp .../tcptop.jar io.tcptop.cli.Tcptop record' (or top), so its
# command line holds the main class, the subcommand and the output directory.
recorder_pid() {
  local pid
  for _ in $(seq 600); do
    pid=$(pgrep -f -- "io\.tcptop\.cli\.Tcptop ${2:-record} -o $1( |$)" | head -n1) && [ -n "$pid" ] && { echo "$pid"; return 0; }
    sleep 0.1
  done
  echo "bench: no recorder writing $1 found" >&2
  return 1
}

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# The 1-minute load average.
load1() { cut -d' ' -f1 /proc/loadavg; }

# Runs a command (a tcptop command through the launcher) with its standard error into $1, and
# sets wall_s, cpu_s (user + system time of the process) and wait_s: how long its threads were
# ready to run but waiting for a core, the kernel's run delay (/proc/PID/task/*/schedstat, summed
# over the threads, sampled every 0.2 s while it runs). On a busy machine wall time is mostly
# cpu_s + wait_s; what is left is time spent waiting for something else (the disk, a lock).
# Needs $out, the script's scratch directory.
timed() {
  local err=$1 t0 t1 tp pid="" line
  shift
  : >"$out/sched"
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$out/cpu" "$@" 2>"$err" >/dev/null &
  tp=$!
  while kill -0 "$tp" 2>/dev/null; do
    [ -n "$pid" ] || pid=$(pgrep -P "$tp" | head -n1 || true)
    if [ -n "$pid" ]; then
      line=$(cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{ c += $1; w += $2 } END { if (NR) print c, w }' || true)
      [ -z "$line" ] || echo "$line" >"$out/sched"
    fi
    sleep 0.2
  done
  wait "$tp" || return 1
  t1=$(date +%s%N)
  wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  cpu_s=$(awk '{ printf "%.2f", $1 + $2 }' "$out/cpu")
  wait_s=$(awk '{ printf "%.2f", $2 / 1e9 } END { if (!NR) print "-" }' "$out/sched")
}
