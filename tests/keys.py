"""The API key every test, consumer and benchmark sends.

Shaped like a real test key (`test_...`), so the mock accepts it, and long and distinctive
enough that a test can search any output for it, or for a part of it, to prove it never leaks.
"""

KEY = "test_S3cr3t_K3y_do_not_leak_0123456789"
