"""`python -m wwt_sms_mock serve ...`."""

from ._cli import main

raise SystemExit(main())
