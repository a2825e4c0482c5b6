#!/bin/sh
# A BMC that lies: it accepts every chassis power command ("done") but does nothing, and its
# power always reads ON. Fencing through it must fail: OFF counts only when a status read after
# the command shows OFF. Same calling convention and events log as chassis.sh.
NODE=$1; WORK=$2; OP=$3; shift 3
EVT=$WORK/state/$NODE.events
echo "$(date +%s.%N) $OP $* (lying)" >> "$EVT"
case "$OP" in
get)
  for p in "$@"; do
    case "$p" in
      power) echo "power:1" ;;
      boot)  echo "boot:default" ;;
      *)     echo "Invalid parameter: $p"; exit 1 ;;
    esac
  done ;;
set) : ;;
*) echo "bad op $OP"; exit 1 ;;
esac
exit 0
