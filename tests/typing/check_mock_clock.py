"""What a type checker sees: the mock's virtual clock is an SDK `Clock` (structurally)."""

from __future__ import annotations

import wwt_sms
from wwt_sms_mock import WwtMock

clock: wwt_sms.Clock = WwtMock().clock
client = wwt_sms.Client("test_typing0001", clock=WwtMock().clock)
