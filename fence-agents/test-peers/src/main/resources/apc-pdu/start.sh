#!/bin/sh
# Start an emulated APC rack PDU: start.sh WORKDIR [PORT] [BACKEND] [SYSOBJECTID]
# v1/v2c: community private = read-write, public = read-only; v3: fenceuser SHA/AES authPriv,
# fencemd5 MD5/DES authPriv (both read-write), reader SHA authNoPriv (read-only).
# BACKEND: apc_pdu.py (default) or apc_pdu_lying.py (accepts "off" but the outlet stays on).
# SYSOBJECTID: default .1.3.6.1.4.1.318.1.3.4.5 (rack PDU); another one makes agents fall back to
# the Master Switch OIDs. Copied from shared/peers/apc-pdu/start.sh (arguments 3 and 4 added);
# the Java tests do the same in ApcPdu.java.
HERE=$(cd "$(dirname "$0")" && pwd); W=${1:?usage: start.sh WORKDIR [PORT] [BACKEND] [SYSOBJECTID]}; PORT=${2:-16161}
BACKEND=${3:-apc_pdu.py}; SYSOID=${4:-.1.3.6.1.4.1.318.1.3.4.5}
mkdir -p "$W/state" "$W/persist"
sed "s#@HERE@#$HERE#g; s#@WORK@#$W#g; s#@PORT@#$PORT#g; s#@BACKEND@#$BACKEND#g; s#@SYSOBJECTID@#$SYSOID#g" \
    "$HERE/snmpd.conf" > "$W/snmpd.conf"
SNMP_PERSISTENT_DIR="$W/persist" snmpd -f -C -c "$W/snmpd.conf" -I -smux -M /dev/null \
    -Lf "$W/snmpd.log" -p "$W/snmpd.pid" >/dev/null 2>&1 &
echo $! > "$W/snmpd.bgpid"
i=0; while [ $i -lt 50 ] && ! ss -Hlun "sport = :$PORT" | grep -q .; do sleep 0.1; i=$((i+1)); done
echo "snmpd pid $(cat "$W/snmpd.bgpid") on 127.0.0.1:$PORT"
