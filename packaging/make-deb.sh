#!/usr/bin/env bash
# Makes TARGET/tcptop_VERSION_amd64.deb; run by the build (./build package -Pdeb, packaging module,
# package phase) after cli/target holds the jar and DuckDB's library, and TARGET/docs the man
# pages and completion. Needs JDK 25 (jlink, jpackage), dpkg-deb, fakeroot and strip (binutils).
#   1. jlink: a runtime of only the JDK modules tcptop uses (below, with why), native code stripped;
#   2. jpackage: the app image (/opt/tcptop: launcher, runtime, jar, DuckDB's and JLine's libraries beside it),
#      with the JVM options of scripts/jvm-options.sh, then a .deb of it (our maintainer scripts,
#      Depends: libbpf1 and what jpackage finds the native code links against);
#   3. the AOT cache, trained by the packaged runtime on the packaged jar (a cache is valid only
#      for the JVM and jar that made it, and jpackage copies files without their times), and
#      what jpackage installs nowhere but under /opt: /usr/bin/tcptop (packaging/src/deb/tcptop
#      says why it is a script, not a link), the man pages, the bash
#      completion, the service and its configuration (a conffile), the hourly export's script and
#      timer; then the final .deb.
# Usage: make-deb.sh JAVA_HOME VERSION TARGET
set -euo pipefail
java_home=$1 version=$2 target=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/find-jdk.sh"
. "$root/scripts/jvm-options.sh"
cli="$root/cli/target"
src="$root/packaging/src/deb"
work="$target/deb"
deb="$target/tcptop_${version}_amd64.deb"

for tool in fakeroot:fakeroot strip:binutils dpkg-deb:dpkg; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    echo "make-deb: ${tool%%:*} is missing: apt-get install -y ${tool#*:}" >&2
    exit 1
  fi
done
for f in "$cli/tcptop.jar" "$cli/libduckdb_java.so_linux_amd64" "$cli/libjlinenative.so" "$target/docs/completion/tcptop"; do
  [ -f "$f" ] || { echo "make-deb: $f is missing: build with ./build package -Pdeb" >&2; exit 1; }
done
rm -rf "$work" "$deb"
mkdir -p "$work"
SECONDS=0
step() { echo "make-deb: $1 (${SECONDS}s)"; }

# 1. The runtime. jdeps on the jar also names java.desktop (JNA's and JTS's AWT helpers, Jackson's
# java.beans support), java.compiler (Chronicle's runtime compiler) and jdk.jfr; what the commands
# load when they run (class+load logs of every command) is below, and the package's tests run every
# command on this runtime:
#   java.base, jdk.unsupported (Chronicle's Unsafe), java.logging, java.management and
#   jdk.management (Chronicle, the metrics' process CPU), java.naming (Chronicle's exceptions),
#   java.sql (DuckDB's JDBC driver), jdk.jfr (DuckDB's JFR events), jdk.httpserver (--metrics).
step "jlink"
modules=java.base,java.logging,java.management,java.naming,java.sql,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$work/runtime"
# bin/java stays (the AOT training runs it, and so may an administrator); the other launchers are
# tools tcptop does not need.
find "$work/runtime/bin" -type f ! -name java -delete
find "$work/runtime/lib" -name '*.so' -exec strip --strip-unneeded {} +

step "jpackage"
# 2. The app image and jpackage's .deb (left uncompressed: it is unpacked again below).
mkdir "$work/input"
cp "$cli/tcptop.jar" "$work/input/"
strip --strip-unneeded -o "$work/input/libduckdb_java.so_linux_amd64" "$cli/libduckdb_java.so_linux_amd64"
# top loads JLine's JNI library from beside the jar, root's and read-only (JLineNativeLibrary).
cp "$cli/libjlinenative.so" "$work/input/"
tcptop_jdk_release "$work/runtime"
aot_name="tcptop-package-$TCPTOP_JDK_RUNTIME.aot"
java_options=()
# -Xlog:aot=off: a cache the JVM refused would cost start-up time, never a message.
for o in "${TCPTOP_JVM_OPTIONS[@]}" "-XX:AOTCache=\$APPDIR/$aot_name" -Xlog:aot=off; do
  java_options+=(--java-options "$o")
done
description="Records every TCP and UDP connection's traffic with eBPF, replays recordings, answers SQL over them"
"$java_home/bin/jpackage" --type app-image --name tcptop --app-version "$version" --description "$description" \
  --input "$work/input" --main-jar tcptop.jar --runtime-image "$work/runtime" --dest "$work/image" "${java_options[@]}"
DPKG_DEB_COMPRESSOR_TYPE=none "$java_home/bin/jpackage" --type deb --app-image "$work/image/tcptop" \
  --name tcptop --app-version "$version" --description "$description" --install-dir /opt \
  --linux-package-name tcptop --linux-package-deps libbpf1 --linux-app-category admin \
  --vendor tcptop --linux-deb-maintainer tcptop@localhost --resource-dir "$src" --dest "$work/jpackage"

# 3. The AOT cache and the files outside /opt, then the final package.
step "AOT cache"
pkg="$work/root"
dpkg-deb -R "$work/jpackage/tcptop_${version}_amd64.deb" "$pkg"
app="$pkg/opt/tcptop"
bash "$root/scripts/aot-train.sh" "$app/lib/runtime" "$app/lib/app/tcptop.jar" "$root/fixtures/recorded-loopback" package
rm -rf "$app/lib/app/aot-training"
[ -f "$app/lib/app/$aot_name" ] || { echo "make-deb: no AOT cache $aot_name was made" >&2; exit 1; }

step "the package"
install -d "$pkg/usr/share/man/man1"
install -D -m 0755 "$src/tcptop" "$pkg/usr/bin/tcptop"
for page in "$target"/docs/man/*.1; do
  gzip -9n <"$page" >"$pkg/usr/share/man/man1/$(basename "$page").gz"
  chmod 0644 "$pkg/usr/share/man/man1/$(basename "$page").gz"
done
install -D -m 0644 "$target/docs/completion/tcptop" "$pkg/usr/share/bash-completion/completions/tcptop"
install -D -m 0644 "$src/tcptop-recorder.service" "$pkg/lib/systemd/system/tcptop-recorder.service"
install -D -m 0644 "$src/recorder.conf" "$pkg/etc/tcptop/recorder.conf"
# The hourly export of the recorder's last hour (docs/FLEET.md): a script and its timer, not enabled.
install -D -m 0755 "$src/tcptop-export-hour" "$pkg/usr/libexec/tcptop/tcptop-export-hour"
for unit in tcptop-export-hour.service tcptop-export-hour.timer; do
  install -D -m 0644 "$src/$unit" "$pkg/lib/systemd/system/$unit"
done
echo /etc/tcptop/recorder.conf >"$pkg/DEBIAN/conffiles"
installed_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $installed_kb/" "$pkg/DEBIAN/control"
# zstd: a tenth of xz's time for 9 % more bytes; dpkg reads it since 1.21.18 (Debian 12).
dpkg-deb --root-owner-group -Zzstd -z9 --build "$pkg" "$deb" >/dev/null
echo "make-deb: wrote $deb ($(du -h "$deb" | cut -f1); installed $((installed_kb / 1024)) MiB: runtime $(du -sh "$app/lib/runtime" | cut -f1)," \
  "jar $(du -sh "$app/lib/app/tcptop.jar" | cut -f1), DuckDB $(du -sh "$app/lib/app/libduckdb_java.so_linux_amd64" | cut -f1)," \
  "AOT cache $(du -sh "$app/lib/app/$aot_name" | cut -f1)) in ${SECONDS}s"
