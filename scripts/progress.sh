# Sourced by the install scripts: `with_progress LABEL command…` runs the command and prints `LABEL … Ns` to stderr
# every 15 s while it runs (CI logs show that a long install is alive); returns the command's exit status.
with_progress() {
	local label="$1" started=$SECONDS pid status
	shift
	"$@" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if [ $(((SECONDS - started) % 15)) -eq 0 ] && kill -0 "$pid" 2>/dev/null; then
			echo "$label … $((SECONDS - started)) s" >&2
		fi
	done
	status=0
	wait "$pid" || status=$?
	return "$status"
}
