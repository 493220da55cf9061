"""What a type checker sees of the SDK (checked by `mypy tests/typing`, never run)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from decimal import Decimal
from typing import assert_type

import httpx

import wwt_sms


def check_sync(client: wwt_sms.Client) -> None:
    sms = client.sms.get(1)
    assert_type(sms, wwt_sms.Sms)
    assert_type(sms.id, int)
    assert_type(sms.msisdn, str)
    assert_type(sms.reference, str | None)
    assert_type(sms.time_in, datetime)
    assert_type(sms.time_sent, datetime | None)
    assert_type(sms.status, wwt_sms.SmsStatus)
    assert_type(sms.status.is_final, bool)
    assert_type(sms.price, Decimal)
    assert_type(client.sms.get_by_reference("ext19"), wwt_sms.Sms)
    assert_type(client.sms.wait_for_final(1, timeout=60.0, poll_interval=2.0), wwt_sms.Sms)
    task = client.tasks.get(77)
    assert_type(task, wwt_sms.Task)
    assert_type(task.total_price, Decimal)
    assert_type(task.delivered, int)
    raw = client.with_raw_response.sms.get(1)
    assert_type(raw, wwt_sms.RawResponse[wwt_sms.Sms])
    assert_type(raw.parse(), wwt_sms.Sms)
    assert_type(raw.status_code, int)
    assert_type(client.with_raw_response.tasks.get(1).parse(), wwt_sms.Task)
    assert_type(
        client.with_raw_response.sms.get_by_reference("ext19", timeout=None),
        wwt_sms.RawResponse[wwt_sms.Sms],
    )
    # The raw views keep the plain methods' parameters (the ignores fail when unused).
    client.with_raw_response.sms.get("211")  # type: ignore[arg-type]
    client.with_raw_response.tasks.get(1, retries=3)  # type: ignore[call-arg]
    assert_type(client.sms.get(1, timeout=wwt_sms.NOT_GIVEN), wwt_sms.Sms)
    assert_type(client.sms.get(1, timeout=None), wwt_sms.Sms)
    sms_resource: wwt_sms.resources.SmsResource = client.sms
    assert_type(sms_resource.get(1), wwt_sms.Sms)
    many = client.sms.get_many([1, 2], concurrency=32)
    assert_type(many, Iterator[wwt_sms.Result[wwt_sms.Sms]])
    for result in many:
        assert_type(result.value, wwt_sms.Sms | None)
        assert_type(result.error, wwt_sms.WwtError | None)
        assert_type(result.unwrap(), wwt_sms.Sms)
        # `ok` narrows the union, as the README's example needs under --strict.
        if result.ok:
            assert_type(result, wwt_sms.Ok[wwt_sms.Sms])
            assert_type(result.value.status, wwt_sms.SmsStatus)
        else:
            assert_type(result, wwt_sms.Err)
            assert_type(result.error, wwt_sms.WwtError)
        shown = result.value.status if result.ok else result.error
        assert_type(shown, wwt_sms.SmsStatus | wwt_sms.WwtError)
    with wwt_sms.Client("k", timeout=5.0, max_retries=0) as scoped:
        assert_type(scoped, wwt_sms.Client)
    # A client with other options sees the same resources.
    child = client.with_options(timeout=2.0, max_retries=0)
    assert_type(child, wwt_sms.Client)
    assert_type(child.sms.get(1), wwt_sms.Sms)
    assert_type(child.tasks.get(77), wwt_sms.Task)
    assert_type(child.with_raw_response.sms.get(1), wwt_sms.RawResponse[wwt_sms.Sms])
    assert_type(client.with_options(timeout=wwt_sms.NOT_GIVEN), wwt_sms.Client)
    assert_type(client.with_options(timeout=None).with_options(max_retries=1), wwt_sms.Client)
    client.with_options(retries=3)  # type: ignore[call-arg]
    client.with_options(max_retries="3")  # type: ignore[arg-type]


async def check_async(aclient: wwt_sms.AsyncClient) -> None:
    assert_type(await aclient.sms.get(1), wwt_sms.Sms)
    assert_type(await aclient.sms.get_by_reference("ext19"), wwt_sms.Sms)
    assert_type(await aclient.sms.wait_for_final(1), wwt_sms.Sms)
    assert_type(await aclient.tasks.get(77), wwt_sms.Task)
    assert_type(await aclient.with_raw_response.sms.get(1), wwt_sms.RawResponse[wwt_sms.Sms])
    assert_type(
        await aclient.with_raw_response.tasks.get(1, timeout=2.0), wwt_sms.RawResponse[wwt_sms.Task]
    )
    await aclient.with_raw_response.sms.get_by_reference(19)  # type: ignore[arg-type]
    many = aclient.sms.get_many([1, 2], concurrency=32)
    assert_type(many, AsyncIterator[wwt_sms.Result[wwt_sms.Sms]])
    async for result in many:
        assert_type(result, wwt_sms.Result[wwt_sms.Sms])
    async with wwt_sms.AsyncClient("k") as scoped:
        assert_type(scoped, wwt_sms.AsyncClient)
    child = aclient.with_options(timeout=httpx.Timeout(2.0), max_retries=0)
    assert_type(child, wwt_sms.AsyncClient)
    assert_type(await child.sms.get(1), wwt_sms.Sms)
    assert_type(await child.tasks.get(77), wwt_sms.Task)
    assert_type(await child.with_raw_response.sms.get(1), wwt_sms.RawResponse[wwt_sms.Sms])


def check_errors(
    error: wwt_sms.APIError, limited: wwt_sms.RateLimitError, fields: wwt_sms.ValidationError
) -> None:
    assert_type(error.data, object)
    assert_type(fields.errors, dict[str, list[str]])
    assert_type(fields.message, str)
    assert_type(error.code, int | None)
    assert_type(error.description, str)
    assert_type(error.http_status, int)
    assert_type(limited.retry_after, float | None)
    assert_type(wwt_sms.ErrorCode(20), wwt_sms.ErrorCode)
