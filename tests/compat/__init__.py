"""The compatibility gate (`nox -s compat`) and the release steps (`nox -s release`)."""
