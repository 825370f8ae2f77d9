# Sourced by the install scripts: `with_progress LABEL command…` runs the command and prints `LABEL … Ns` to stderr
# every 14 s (PROGRESS_EVERY) while it runs, so CI logs show that a long install is alive; returns the command's exit
# status. A separate ticker sleeps the interval, so a busy machine cannot stretch the gaps between lines; its sleep
# holds no pipe of the caller open after the command ended.
with_progress() {
	local label="$1" started=$SECONDS every="${PROGRESS_EVERY:-14}" pid ticker status=0
	shift
	"$@" &
	pid=$!
	(while sleep "$every" </dev/null >/dev/null 2>&1; do echo "$label … $((SECONDS - started)) s" >&2; done) &
	ticker=$!
	wait "$pid" || status=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	return "$status"
}
