# Sourced by ./tcptop, ./build and scripts/aot-train.sh: sets TCPTOP_JAVA_HOME to a JDK >= 25
# and TCPTOP_JAVA_RUNTIME to its full version (25.0.3+9-LTS), or explains and fails.
# Order: JAVA_HOME, the java on PATH, then the JDKs under /usr/lib/jvm (highest version first).
# A JDK's version comes from its 'release' file, so finding one starts no JVM.

# Reads a JDK's release file: sets TCPTOP_JDK_FEATURE (25) and TCPTOP_JDK_RUNTIME; fails if unreadable.
tcptop_jdk_release() {
  local line version="" runtime=""
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=*) version=${line#JAVA_VERSION=} ;;
      JAVA_RUNTIME_VERSION=*) runtime=${line#JAVA_RUNTIME_VERSION=} ;;
    esac
  done <"$1/release"
  version=${version//\"/}
  runtime=${runtime//\"/}
  TCPTOP_JDK_FEATURE=${version%%[!0-9]*} # 25.0.3 -> 25, 26-ea -> 26, 1.8.0_402 -> 1
  TCPTOP_JDK_RUNTIME=${runtime:-$version}
  [ -n "$TCPTOP_JDK_FEATURE" ]
}

# True when $1 is a JDK (java and javac, for ./build) of version 25 or newer.
tcptop_usable_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && tcptop_jdk_release "$1" && [ "$TCPTOP_JDK_FEATURE" -ge 25 ]
}

# Usage: tcptop_find_jdk [CACHE_FILE]. With a cache file, what was found is kept there with the
# JAVA_HOME and PATH it was found under; it is used again while those are unchanged and the JDK
# is still there and still 25 or newer, so a launch costs a few file reads.
tcptop_find_jdk() {
  local cache=${1:-} key home c best="" best_feature=0 path_java=""
  # The java on PATH, found without a subshell (each costs milliseconds).
  local IFS=:
  for c in $PATH; do
    if [ -n "$c" ] && [ -x "$c/java" ] && [ ! -d "$c/java" ]; then
      path_java=$c/java
      break
    fi
  done
  IFS=$' \t\n'
  key="JAVA_HOME=${JAVA_HOME:-} java=$path_java"
  if [ -n "$cache" ] && [ -r "$cache" ]; then
    { IFS= read -r c; IFS= read -r home; } <"$cache" || true
    if [ "$c" = "$key" ] && [ -n "$home" ] && tcptop_usable_jdk "$home"; then
      TCPTOP_JAVA_HOME=$home
      TCPTOP_JAVA_RUNTIME=$TCPTOP_JDK_RUNTIME
      return 0
    fi
  fi
  if [ -n "${JAVA_HOME:-}" ] && tcptop_usable_jdk "$JAVA_HOME"; then
    best=$JAVA_HOME
  elif [ -n "$path_java" ] && c=$(readlink -f "$path_java") && tcptop_usable_jdk "${c%/bin/java}"; then
    best=${c%/bin/java}
  else
    for home in /usr/lib/jvm/*/; do
      home=${home%/}
      if [ -d "$home" ] && tcptop_usable_jdk "$home" && [ "$TCPTOP_JDK_FEATURE" -gt "$best_feature" ]; then
        best=$home
        best_feature=$TCPTOP_JDK_FEATURE
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "tcptop: no JDK 25 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm): install one, e.g. Temurin 25, or set JAVA_HOME" >&2
    return 1
  fi
  tcptop_usable_jdk "$best"
  TCPTOP_JAVA_HOME=$best
  TCPTOP_JAVA_RUNTIME=$TCPTOP_JDK_RUNTIME
  if [ -n "$cache" ]; then
    # Best effort: an unwritable cache only means the next launch looks again.
    { mkdir -p "${cache%/*}" && printf '%s\n%s\n' "$key" "$best" >"$cache.$$" && mv -f "$cache.$$" "$cache"; } 2>/dev/null \
      || rm -f "$cache.$$" 2>/dev/null || true
  fi
  return 0
}
