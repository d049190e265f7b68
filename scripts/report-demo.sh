#!/usr/bin/env bash
# Records 40 s of made-up but real loopback traffic and writes its report: how the picture in
# README.md (docs/report.png) was made. Needs root (tcptop record), curl, wget and python3.
#   scripts/report-demo.sh OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "${1:?give an output directory}")
mkdir -p "$out/www"
cd "$out"
head -c 64M /dev/zero >www/backup.tar
head -c 2M /dev/zero >www/page.html

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
python3 -m http.server 8080 --bind 127.0.0.1 --directory www >/dev/null 2>&1 & pids+=($!)
python3 -m http.server 8081 --bind ::1 --directory www >/dev/null 2>&1 & pids+=($!)
until curl -sf -o /dev/null http://127.0.0.1:8080/ && curl -sf -o /dev/null 'http://[::1]:8081/'; do sleep 0.2; done

"$root/tcptop" record -o "$out/journal" --force --duration 40s 2>"$out/record.log" & rec=$!
until grep -q "recording to" "$out/record.log" 2>/dev/null; do sleep 0.2; done
sleep 2
# A steady, slow download for most of the recording.
wget -q -O /dev/null --limit-rate=1500k http://127.0.0.1:8080/backup.tar & pids+=($!)
# A poller opening a new connection every 300 ms.
python3 - <<'PY' & pids+=($!)
import time, urllib.request
end = time.time() + 34
while time.time() < end:
    urllib.request.urlopen("http://[::1]:8081/page.html").read(65536)
    time.sleep(0.3)
PY
# Two bursts of a backup job, rate-limited.
sleep 6; curl -s -o /dev/null --limit-rate 12M http://127.0.0.1:8080/backup.tar
sleep 8; curl -s -o /dev/null --limit-rate 20M http://[::1]:8081/backup.tar
wait "$rec"
"$root/tcptop" analyze report "$out/journal" -o "$out/report.html" --force --title "Loopback transfers (demo)"
