"""The faces: the core in-process through respx, over HTTP as ASGI under uvicorn, the `/__mock`
control plane and its guard.

Private: import what you need from `wwt_sms_mock`. It imports only `_core` and `_contract`.
"""
