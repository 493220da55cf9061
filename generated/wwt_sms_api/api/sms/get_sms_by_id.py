from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.gateway_error import GatewayError
from ...models.sms import Sms
from ...types import Response


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sms/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | GatewayError | Sms | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ApiError | Sms:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = Sms.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = ApiError.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

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

    if response.status_code == 403:
        response_403 = GatewayError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

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
) -> Response[ApiError | GatewayError | Sms]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | GatewayError | Sms]:
    """Get the status of one SMS by its message ID

     Returns the message's phone number, reference, timestamps, delivery status and price.
    `time_sent` and `time_dr` stay `null` until the message is sent and its delivery report
    arrives. An ID that is not a positive 64-bit integer is refused with `400` and error
    code 24 (invalid query payload); an unknown ID gives `404` with error code 20.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | Sms | GatewayError]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | GatewayError | Sms | None:
    """Get the status of one SMS by its message ID

     Returns the message's phone number, reference, timestamps, delivery status and price.
    `time_sent` and `time_dr` stay `null` until the message is sent and its delivery report
    arrives. An ID that is not a positive 64-bit integer is refused with `400` and error
    code 24 (invalid query payload); an unknown ID gives `404` with error code 20.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | Sms | GatewayError
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | GatewayError | Sms]:
    """Get the status of one SMS by its message ID

     Returns the message's phone number, reference, timestamps, delivery status and price.
    `time_sent` and `time_dr` stay `null` until the message is sent and its delivery report
    arrives. An ID that is not a positive 64-bit integer is refused with `400` and error
    code 24 (invalid query payload); an unknown ID gives `404` with error code 20.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | Sms | GatewayError]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | GatewayError | Sms | None:
    """Get the status of one SMS by its message ID

     Returns the message's phone number, reference, timestamps, delivery status and price.
    `time_sent` and `time_dr` stay `null` until the message is sent and its delivery report
    arrives. An ID that is not a positive 64-bit integer is refused with `400` and error
    code 24 (invalid query payload); an unknown ID gives `404` with error code 20.

    Args:
        id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | Sms | GatewayError
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
