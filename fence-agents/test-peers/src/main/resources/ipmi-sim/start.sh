#!/bin/sh
# Start a simulated BMC for "node1" by hand: start.sh WORKDIR [PORT] [CHASSIS]
# (user admin / secret, operator / oppass; cipher suite 3). CHASSIS is chassis.sh (default:
# power off SIGKILLs the process whose PID is in WORKDIR/state/node1.pid; power on runs
# WORKDIR/state/node1.cmd) or chassis-lying.sh (accepts every command, always reads ON).
# The Java tests do the same in IpmiSim.java. Copied from shared/peers/ipmi/start.sh.
HERE=$(cd "$(dirname "$0")" && pwd); W=${1:?usage: start.sh WORKDIR [PORT] [CHASSIS]}; PORT=${2:-16230}
CHASSIS=${3:-chassis.sh}
mkdir -p "$W/state" "$W/simstate"
sed "s#@HERE@#$HERE#g; s#@WORK@#$W#g; s#@PORT@#$PORT#g; s#@CHASSIS@#$CHASSIS#g" "$HERE/lan.conf" > "$W/lan.conf"
ipmi_sim -c "$W/lan.conf" -f "$HERE/fakenode1.emu" -s "$W/simstate" -n >"$W/sim.out" 2>&1 &
echo $! > "$W/sim.pid"
i=0; while [ $i -lt 50 ] && ! ss -Hlun "sport = :$PORT" | grep -q .; do sleep 0.1; i=$((i+1)); done
echo "ipmi_sim pid $(cat "$W/sim.pid") on 127.0.0.1:$PORT"
