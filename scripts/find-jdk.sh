# Sourced by ./tcptop and ./build: sets TCPTOP_JAVA_HOME to a JDK >= 25, or explains and fails.
# Order: JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (newest first).

tcptop_java_major() {
  # Prints the feature version of the given java binary (17, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

tcptop_find_jdk() {
  local candidates=() c home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if c=$(command -v java 2>/dev/null); then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$c")")")")
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${home%/}"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(tcptop_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      TCPTOP_JAVA_HOME="$home"
      return 0
    fi
  done
  echo "tcptop: no JDK 25 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm): install one, e.g. Temurin 25, or set JAVA_HOME" >&2
  return 1
}
