from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.gateway_error import GatewayError
from ...models.sms_status_list import SmsStatusList
from ...models.sms_statuses_request import SmsStatusesRequest
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    *,
    body: SmsStatusesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sms/getStatus",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | GatewayError | ValidationError | SmsStatusList | None:
    if response.status_code == 200:
        response_200 = SmsStatusList.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ApiError | ValidationError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ApiError.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = ValidationError.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(data: object) -> ApiError | GatewayError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = GatewayError.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1 = ApiError.from_dict(data)

            return response_401_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ApiError.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = GatewayError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = GatewayError.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = GatewayError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = GatewayError.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = GatewayError.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = GatewayError.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = GatewayError.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | GatewayError | ValidationError | SmsStatusList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SmsStatusesRequest,
) -> Response[ApiError | GatewayError | ValidationError | SmsStatusList]:
    """Get the status of many SMS at once, by their message IDs

     **From the vendor's SDK, not from the WWT status page.** The vendor's own contract
    (php-sdk-v1, operation `smsGetMassStatus`) describes this route; the WWT status page does
    not list it. (`x-source: vendor-sdk` marks it for tools.)

    Looks up to 100 messages in one round trip. The body is `{"ids": [...]}`: 1 to 100
    message IDs, each a JSON integer from 1 to 2^63 − 1. The limit of 100 is the vendor's
    (`maxItems` in its SDK's request model); a client with more IDs splits them into batches.
    IDs are integers as the vendor's SDK sends them, not strings of digits: a JavaScript
    client asking for an ID above 2^53 − 1 must write it into the JSON text as its digits
    (a BigInt-aware serialiser), never through a rounded `Number`.

    The answer is `{"result": [...]}` with one item per message found, in any order.
    **An ID that is not on the account is left out of `result`**: there is no per-item
    error, and a batch of unknown IDs gives `{"result": []}`. (Should a server answer a
    batch in which it knows no ID with error 20, SMS not found, in a `200` or a `404`,
    read it as an empty `result`.) An ID asked twice is answered once. Items carry the same facts as the
    single
    lookup except `time_in`, and name the reference `external_id`.

    A body that is not a JSON object with an `ids` list of 1 to 100 positive 64-bit
    integers is refused with `400` and error code 24 (invalid query payload); the
    description says what was wrong. A body over 64 KiB is refused with `413`.

    Args:
        body (SmsStatusesRequest): The message IDs to look up: 1 to 100 (the vendor's limit), each
            a JSON integer. Ask
            each ID once; a repeated ID is answered once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | SmsStatusList | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SmsStatusesRequest,
) -> ApiError | GatewayError | ValidationError | SmsStatusList | None:
    """Get the status of many SMS at once, by their message IDs

     **From the vendor's SDK, not from the WWT status page.** The vendor's own contract
    (php-sdk-v1, operation `smsGetMassStatus`) describes this route; the WWT status page does
    not list it. (`x-source: vendor-sdk` marks it for tools.)

    Looks up to 100 messages in one round trip. The body is `{"ids": [...]}`: 1 to 100
    message IDs, each a JSON integer from 1 to 2^63 − 1. The limit of 100 is the vendor's
    (`maxItems` in its SDK's request model); a client with more IDs splits them into batches.
    IDs are integers as the vendor's SDK sends them, not strings of digits: a JavaScript
    client asking for an ID above 2^53 − 1 must write it into the JSON text as its digits
    (a BigInt-aware serialiser), never through a rounded `Number`.

    The answer is `{"result": [...]}` with one item per message found, in any order.
    **An ID that is not on the account is left out of `result`**: there is no per-item
    error, and a batch of unknown IDs gives `{"result": []}`. (Should a server answer a
    batch in which it knows no ID with error 20, SMS not found, in a `200` or a `404`,
    read it as an empty `result`.) An ID asked twice is answered once. Items carry the same facts as the
    single
    lookup except `time_in`, and name the reference `external_id`.

    A body that is not a JSON object with an `ids` list of 1 to 100 positive 64-bit
    integers is refused with `400` and error code 24 (invalid query payload); the
    description says what was wrong. A body over 64 KiB is refused with `413`.

    Args:
        body (SmsStatusesRequest): The message IDs to look up: 1 to 100 (the vendor's limit), each
            a JSON integer. Ask
            each ID once; a repeated ID is answered once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | SmsStatusList | ValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SmsStatusesRequest,
) -> Response[ApiError | GatewayError | ValidationError | SmsStatusList]:
    """Get the status of many SMS at once, by their message IDs

     **From the vendor's SDK, not from the WWT status page.** The vendor's own contract
    (php-sdk-v1, operation `smsGetMassStatus`) describes this route; the WWT status page does
    not list it. (`x-source: vendor-sdk` marks it for tools.)

    Looks up to 100 messages in one round trip. The body is `{"ids": [...]}`: 1 to 100
    message IDs, each a JSON integer from 1 to 2^63 − 1. The limit of 100 is the vendor's
    (`maxItems` in its SDK's request model); a client with more IDs splits them into batches.
    IDs are integers as the vendor's SDK sends them, not strings of digits: a JavaScript
    client asking for an ID above 2^53 − 1 must write it into the JSON text as its digits
    (a BigInt-aware serialiser), never through a rounded `Number`.

    The answer is `{"result": [...]}` with one item per message found, in any order.
    **An ID that is not on the account is left out of `result`**: there is no per-item
    error, and a batch of unknown IDs gives `{"result": []}`. (Should a server answer a
    batch in which it knows no ID with error 20, SMS not found, in a `200` or a `404`,
    read it as an empty `result`.) An ID asked twice is answered once. Items carry the same facts as the
    single
    lookup except `time_in`, and name the reference `external_id`.

    A body that is not a JSON object with an `ids` list of 1 to 100 positive 64-bit
    integers is refused with `400` and error code 24 (invalid query payload); the
    description says what was wrong. A body over 64 KiB is refused with `413`.

    Args:
        body (SmsStatusesRequest): The message IDs to look up: 1 to 100 (the vendor's limit), each
            a JSON integer. Ask
            each ID once; a repeated ID is answered once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | SmsStatusList | ValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SmsStatusesRequest,
) -> ApiError | GatewayError | ValidationError | SmsStatusList | None:
    """Get the status of many SMS at once, by their message IDs

     **From the vendor's SDK, not from the WWT status page.** The vendor's own contract
    (php-sdk-v1, operation `smsGetMassStatus`) describes this route; the WWT status page does
    not list it. (`x-source: vendor-sdk` marks it for tools.)

    Looks up to 100 messages in one round trip. The body is `{"ids": [...]}`: 1 to 100
    message IDs, each a JSON integer from 1 to 2^63 − 1. The limit of 100 is the vendor's
    (`maxItems` in its SDK's request model); a client with more IDs splits them into batches.
    IDs are integers as the vendor's SDK sends them, not strings of digits: a JavaScript
    client asking for an ID above 2^53 − 1 must write it into the JSON text as its digits
    (a BigInt-aware serialiser), never through a rounded `Number`.

    The answer is `{"result": [...]}` with one item per message found, in any order.
    **An ID that is not on the account is left out of `result`**: there is no per-item
    error, and a batch of unknown IDs gives `{"result": []}`. (Should a server answer a
    batch in which it knows no ID with error 20, SMS not found, in a `200` or a `404`,
    read it as an empty `result`.) An ID asked twice is answered once. Items carry the same facts as the
    single
    lookup except `time_in`, and name the reference `external_id`.

    A body that is not a JSON object with an `ids` list of 1 to 100 positive 64-bit
    integers is refused with `400` and error code 24 (invalid query payload); the
    description says what was wrong. A body over 64 KiB is refused with `413`.

    Args:
        body (SmsStatusesRequest): The message IDs to look up: 1 to 100 (the vendor's limit), each
            a JSON integer. Ask
            each ID once; a repeated ID is answered once.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | SmsStatusList | ValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
