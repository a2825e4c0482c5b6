#!/bin/sh
# (Copied from shared/peers/ipmi/chassis.sh; the cluster tests point it at a node JVM.)
# Chassis-control hook for ipmi_sim: the "node" is a process whose PID is in
# $STATE/<node>.pid. power off = SIGKILL it; power on = start $STATE/<node>.cmd
# (default: sleep 1000000). Every call is appended to $STATE/<node>.events.
# If $STATE/<node>.off exists (a node in a network namespace), the machine is
# more than its process: it is on while $STATE/<node>.power says 1, even after
# its process died, and power off also runs that file (its link goes down, as a
# switched-off machine leaves the network). Power on starts the stand-in only:
# the link comes back when the harness boots the node again.
# Called by ipmi_sim as: chassis.sh NODE WORKDIR get|set ... (see lan.conf)
NODE=$1; WORK=$2; OP=$3; shift 3
STATE=$WORK/state
PIDF=$STATE/$NODE.pid
EVT=$STATE/$NODE.events
# alive = pid exists and is not a zombie (a SIGKILLed child stays visible to
# kill -0 until it is reaped, so kill -0 alone races right after power off)
alive() {
  [ -s "$PIDF" ] || return 1
  st=$(sed 's/.*) //' "/proc/$(cat "$PIDF")/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
machine_on() { [ -s "$STATE/$NODE.off" ] && [ "$(cat "$STATE/$NODE.power" 2>/dev/null)" = 1 ]; }
now() { date +%s.%N; }
echo "$(now) $OP $*" >> "$EVT"
case "$OP" in
get)
  for p in "$@"; do
    case "$p" in
      power) if alive || machine_on; then echo "power:1"; else echo "power:0"; fi ;;
      boot)  echo "boot:default" ;;
      *)     echo "Invalid parameter: $p"; exit 1 ;;
    esac
  done ;;
set)
  while [ $# -ge 2 ]; do
    p=$1; v=$2; shift 2
    case "$p" in
      power|reset)
        if [ "$p" = reset ] || [ "$v" = 0 ]; then
          if alive; then
            kill -KILL "$(cat "$PIDF")"; echo "$(now) KILLED $(cat "$PIDF")" >> "$EVT"
            i=0; while alive && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
          fi
          if machine_on; then
            sh "$STATE/$NODE.off" >> "$EVT" 2>&1 && echo "$(now) OFF THE NETWORK" >> "$EVT"
            echo 0 > "$STATE/$NODE.power"
          fi
        fi
        if [ "$p" = reset ] || [ "$v" = 1 ]; then
          if ! alive; then
            CMD="sleep 1000000"; [ -s "$STATE/$NODE.cmd" ] && CMD=$(cat "$STATE/$NODE.cmd")
            # detach stdio: ipmi_sim popen()s this script and reads its stdout
            # (power:N lines); the node must not write into that pipe.
            sh -c "exec $CMD" </dev/null >/dev/null 2>&1 &
            echo $! > "$PIDF"
            echo "$(now) STARTED $!" >> "$EVT"
          fi
        fi ;;
      boot|identify|shutdown) : ;;
      *) echo "Invalid parameter: $p"; exit 1 ;;
    esac
  done ;;
*) echo "bad op $OP"; exit 1 ;;
esac
exit 0
