"""The core: `MockCore`, answering plain requests with plain replies from the contract.

Private: import what you need from `wwt_sms_mock`. It imports only `_contract` and loads no
I/O library, so every face (respx, ASGI, the server) and the tests share it as it is.
"""
