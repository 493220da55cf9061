"""Generated clients of other teams, driven against the mock and the vendor's examples."""
