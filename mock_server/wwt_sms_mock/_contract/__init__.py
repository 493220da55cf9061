"""The contract: `openapi.yaml` compiled into a `Spec`, request routing, and the contract check.

Private: import what you need from `wwt_sms_mock`. The layer at the bottom: it imports no other
layer and loads no I/O library.
"""
