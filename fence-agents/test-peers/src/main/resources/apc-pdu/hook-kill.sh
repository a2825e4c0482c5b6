#!/bin/sh
# Outlet hook for the emulated PDU (installed as WORKDIR/state/hook): hook OUTLET on|off.
# off: SIGKILL the "node" process whose PID is in WORKDIR/state/outletN.pid (the server behind
# that outlet loses power); every call is logged to WORKDIR/state/hook.log.
STATE=$(cd "$(dirname "$0")" && pwd); N=$1; OP=$2
echo "$(date +%s.%N) outlet $N $OP" >> "$STATE/hook.log"
if [ "$OP" = off ] && [ -s "$STATE/outlet$N.pid" ]; then
    kill -KILL "$(cat "$STATE/outlet$N.pid")" 2>/dev/null
fi
exit 0
