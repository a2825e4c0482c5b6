#!/usr/bin/python3
"""A PDU that lies: apc_pdu.py, except that an "off" SET answers DONE while the outlet stays on.

Fencing through it must fail: OFF counts only when the outlet state read after the command shows
off. "on" works as usual. Logged in $APC_STATE/pdu.log like the honest backend.
"""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apc_pdu

_honest = apc_pdu.switch

def _lying_switch(st, n, on):
    if not on:
        apc_pdu.log("outlet %d -> off accepted but ignored (lying PDU)" % n)
        return
    _honest(st, n, on)

apc_pdu.switch = _lying_switch

if __name__ == "__main__":
    apc_pdu.main()
