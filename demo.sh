#!/usr/bin/env bash
# A local 3-node Vigil cluster on loopback, for trying it out.
#
#   ./demo.sh start            build (unless --no-build), unpack 3 nodes in ./demo, start them, show status
#   ./demo.sh cmd NODE CMD...  run a shell command on a node, e.g. ./demo.sh cmd node2 cluster:nodes
#   ./demo.sh kill NODE        kill -9 a node's process (watch the others notice)
#   ./demo.sh start-node NODE  start one node again
#   ./demo.sh status           cluster:status on every running node
#   ./demo.sh web              ask the demo service (a TCP server) which node serves it
#   ./demo.sh watch            ask it every second, with svc:list (Ctrl-C ends)
#   ./demo.sh stop             stop every node (the demo folder stays; start reuses it)
#   ./demo.sh clean            stop and remove ./demo
#
# Ports: cluster 7101/7201/7301 (TCP+UDP), ssh 8101/8201/8301 on 127.0.0.1; change the
# base with VIGIL_DEMO_PORT_BASE=9000 (cluster 9001/9101/9201, ssh 10001/10101/10201).
# The service "web" (an LSB script running socat) answers on 127.0.0.1:7180 (base + 80).
# The demo nodes have no power switches, so cluster.conf says <rm allow_unfenced="1">: a
# killed node's service is recovered without fencing. Never do that on real machines.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
demo="$top/demo"
base="${VIGIL_DEMO_PORT_BASE:-7100}"
nodes=(node1 node2 node3)
web_port=$((base + 80))
tarball() { ls "$top"/distribution/target/vigil-*.tar.gz 2>/dev/null | head -1; }

cluster_port() { echo $((base + 100 * ($1 - 1) + 1)); }
ssh_port() { echo $((base + 100 * ($1 - 1) + 1001)); }

node_pid() {
  local pidfile="$demo/$1/karaf.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

setup() {
  local tgz; tgz=$(tarball)
  [ -n "$tgz" ] || { echo "no distribution tarball: run without --no-build" >&2; exit 1; }
  mkdir -p "$demo"
  local pass; pass=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  head -c 64 /dev/urandom > "$demo/authkey"
  {
    echo '<?xml version="1.0"?>'
    echo '<cluster name="demo" config_version="1">'
    echo '  <totem token="500"/>'
    echo '  <clusternodes>'
    for i in 1 2 3; do
      echo "    <clusternode name=\"node$i\" nodeid=\"$i\" votes=\"1\" address=\"127.0.0.1\" port=\"$(cluster_port $i)\"/>"
    done
    echo '  </clusternodes>'
    echo '  <fencedevices/>'
    echo '  <rm allow_unfenced="1">'
    echo '    <failoverdomains>'
    echo '      <failoverdomain name="web-domain" ordered="1" restricted="1">'
    for i in 1 2 3; do
      echo "        <failoverdomainnode name=\"node$i\" priority=\"$i\"/>"
    done
    echo '      </failoverdomain>'
    echo '    </failoverdomains>'
    echo '    <service name="web" domain="web-domain" recovery="restart" max_restarts="2" restart_expire_time="300">'
    echo "      <script name=\"web\" file=\"$demo/services/web.sh\" monitor_interval=\"2\"/>"
    echo '    </service>'
    echo '  </rm>'
    echo '</cluster>'
  } > "$demo/cluster.conf"
  mkdir -p "$demo/services"
  sed -e "s/@NAME@/web/" -e "s/@PORT@/$web_port/" -e "s/@BIND@/127.0.0.1/" "$top/itests/src/test/resources/service/tcp-service.sh" > "$demo/services/web.sh"
  chmod 755 "$demo/services/web.sh"
  for i in 1 2 3; do
    local n="node$i" dir="$demo/node$i"
    rm -rf "$dir"; mkdir -p "$dir"
    tar -xzf "$tgz" -C "$dir" --strip-components=1
    cp "$demo/cluster.conf" "$dir/etc/cluster.conf"
    install -m 400 "$demo/authkey" "$dir/etc/authkey"
    printf 'node.name = %s\n' "$n" > "$dir/etc/org.vigil.membership.cfg"
    sed -i "s/^sshPort *=.*/sshPort = $(ssh_port $i)/; s/^sshHost *=.*/sshHost = 127.0.0.1/" "$dir/etc/org.apache.karaf.shell.cfg"
    printf 'vigil = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' "$pass" >> "$dir/etc/users.properties"
    printf 'user=vigil\npassword=%s\n' "$pass" > "$dir/etc/vigil-client.properties"
    chmod 600 "$dir/etc/vigil-client.properties" "$dir/etc/users.properties"
  done
}

start_node() {
  local n="$1" dir="$demo/$1"
  if node_pid "$n" >/dev/null; then echo "$n already running"; return; fi
  (cd "$dir" && KARAF_EXEC=exec setsid nohup bin/karaf server > "$dir/console.log" 2>&1 < /dev/null &)
  echo "started $n (cluster port $(cluster_port "${n#node}"), ssh $(ssh_port "${n#node}"))"
}

cmd() {
  local n="$1"; shift
  "$demo/$n/bin/vigil" "$@"
}

web() {
  local line
  if line=$( { exec 3<>"/dev/tcp/127.0.0.1/$web_port" && { read -r -t 2 l <&3; echo "${l:-no answer}"; }; } 2>/dev/null ); then
    echo "$(date +%T) 127.0.0.1:$web_port: $line"
  else
    echo "$(date +%T) 127.0.0.1:$web_port: connection refused (web is not running anywhere)"
  fi
}

wait_web() {
  for _ in $(seq 1 60); do
    if cmd node1 svc:list 2>/dev/null | grep -q 'service:web.*started'; then return 0; fi
    sleep 1
  done
  echo "service web did not start within 60 s; see cmd node1 svc:list --why" >&2
}

wait_quorate() {
  for _ in $(seq 1 90); do
    if cmd node1 cluster:quorum --json 2>/dev/null | grep -q '"quorate" : true'; then return 0; fi
    sleep 1
  done
  echo "the cluster did not become quorate within 90 s; see demo/node*/data/log/karaf.log" >&2
  return 1
}

case "${1:-}" in
  start)
    if [ "${2:-}" != "--no-build" ]; then
      (cd "$top" && mvn -q -B install -DskipTests)
    fi
    [ -d "$demo/node3" ] || setup
    for n in "${nodes[@]}"; do start_node "$n"; done
    wait_quorate
    wait_web
    cmd node1 cluster:status
    web
    cat <<EOT

Run a command on a node:   ./demo.sh cmd node2 cluster:nodes     (or demo/node2/bin/vigil cluster:quorum)
Kill a node, watch:        ./demo.sh kill node3 ; ./demo.sh cmd node1 cluster:status
Start it again:            ./demo.sh start-node node3
Watch the service move:    ./demo.sh watch   (in another terminal: ./demo.sh kill node1)
Why it is where it is:     ./demo.sh cmd node2 svc:list --why
Move it by hand:           ./demo.sh cmd node2 svc:relocate -m node3 web
Stop the cluster:          ./demo.sh stop
Logs:                      demo/node1/data/log/karaf.log
EOT
    ;;
  start-node) start_node "$2" ;;
  cmd) shift; cmd "$@" ;;
  web) web ;;
  watch)
    while true; do
      web
      for n in "${nodes[@]}"; do
        if node_pid "$n" >/dev/null; then cmd "$n" svc:list 2>/dev/null | grep 'service:' | sed "s/^/   ($n sees) /"; break; fi
      done
      sleep 1
    done ;;
  status) for n in "${nodes[@]}"; do if node_pid "$n" >/dev/null; then echo "== $n"; cmd "$n" cluster:status; fi; done ;;
  kill) pid=$(node_pid "$2") && kill -9 "$pid" && echo "killed $2 (pid $pid)" ;;
  stop)
    for n in "${nodes[@]}"; do
      if pid=$(node_pid "$n"); then kill "$pid"; echo "stopping $n"; fi
    done
    for n in "${nodes[@]}"; do
      for _ in $(seq 1 30); do node_pid "$n" >/dev/null || break; sleep 1; done
      if pid=$(node_pid "$n"); then kill -9 "$pid"; fi
    done
    ;;
  clean) "$0" stop; rm -rf "$demo" ;;
  *) sed -n '2,19p' "$0"; exit 2 ;;
esac
