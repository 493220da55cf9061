"""The validating proxy: forwards to the real API, checks each exchange against the contract,
and writes the report and the recordings the mock replays.

Private: run it as `wwt-sms-mock proxy`. It imports only the layers below it (`_faces`,
`_core`, `_contract`).
"""
