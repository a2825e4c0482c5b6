#!/bin/sh
# LSB init script of a small cluster service: a TCP server (socat) on @BIND@:@PORT@ that
# answers every connection with one line, "served by NODE". The resource agent runs it as
# "tcp-service.sh start|stop|status" from the node's JVM (its parent process). All nodes of a test
# or demo cluster share one host, so the script keeps its state in the node's own data folder,
# and it ties the server's life to the node's JVM: when the node "loses power" (its JVM is
# killed), its server goes too, as it would on a real machine.
NAME=@NAME@
PORT=@PORT@
BIND=@BIND@
JVM=$PPID
KHOME=$(tr '\0' '\n' < "/proc/$JVM/cmdline" 2>/dev/null | sed -n 's/^-Dkaraf.home=//p' | head -n 1)
if [ -z "$KHOME" ]; then
  echo "$NAME: cannot tell which node runs this script (no -Dkaraf.home in the parent process $JVM)"
  exit 4
fi
NODE=$(sed -n 's/^node.name *= *//p' "$KHOME/etc/org.vigil.membership.cfg" 2>/dev/null)
[ -n "$NODE" ] || NODE=$(basename "$KHOME")
RUN=$KHOME/data/services/$NAME
PIDF=$RUN/server.pid

running() { [ -s "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

case "$1" in
start)
  if running; then echo "$NAME already serves on port $PORT"; exit 0; fi
  mkdir -p "$RUN"
  # On a shared host the server of a node that just lost its power may hold the port for a moment
  # (its watcher below notices within 0.1 s): try again while the port is busy, for up to 3 s.
  tries=0
  while :; do
    socat "TCP-LISTEN:$PORT,bind=$BIND,fork,reuseaddr" "SYSTEM:echo served by $NODE" </dev/null >"$RUN/server.log" 2>&1 &
    SPID=$!
    i=0
    # another process may listen on the port: ours is the socket with our pid
    while kill -0 "$SPID" 2>/dev/null && ! ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -q "pid=$SPID,"; do
      [ $i -lt 100 ] || { kill "$SPID"; echo "$NAME: socat (pid $SPID) does not listen on port $PORT after 5 s"; exit 1; }
      sleep 0.05; i=$((i+1))
    done
    kill -0 "$SPID" 2>/dev/null && break
    if grep -q "Address already in use" "$RUN/server.log" && [ $tries -lt 30 ]; then
      tries=$((tries+1)); sleep 0.1; continue
    fi
    echo "$NAME: socat exited at once: $(tail -n 2 "$RUN/server.log")"
    exit 1
  done
  echo "$SPID" > "$PIDF"
  # the node's power: the server dies with the node's JVM
  ( while kill -0 "$JVM" 2>/dev/null && kill -0 "$SPID" 2>/dev/null; do sleep 0.1; done; kill "$SPID" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
  echo "$NAME serves on $BIND:$PORT (socat pid $SPID, node $NODE)"
  exit 0 ;;
stop)
  if [ -s "$PIDF" ]; then
    P=$(cat "$PIDF")
    kill "$P" 2>/dev/null
    i=0; while kill -0 "$P" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    kill -9 "$P" 2>/dev/null
    rm -f "$PIDF"
  fi
  echo "$NAME stopped"
  exit 0 ;;
status)
  if running; then echo "$NAME is running (pid $(cat "$PIDF"))"; exit 0; fi
  if [ -s "$PIDF" ]; then echo "$NAME is dead but its pid file exists"; exit 1; fi
  echo "$NAME is stopped"; exit 3 ;;
*)
  echo "usage: $0 start|stop|status"; exit 2 ;;
esac
