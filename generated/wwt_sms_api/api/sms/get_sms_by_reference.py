from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.gateway_error import GatewayError
from ...models.sms import Sms
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    reference: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sms/reference/{reference}".format(
            reference=quote(str(reference), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | GatewayError | ValidationError | Sms | None:
    if response.status_code == 200:
        response_200 = Sms.from_dict(response.json())

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
) -> Response[ApiError | GatewayError | ValidationError | Sms]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reference: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | GatewayError | ValidationError | Sms]:
    """Get the status of one SMS by its reference (external ID)

     Looks a message up by the reference its sender gave it when sending. The vendor's page
    lists the parameter as an integer and "up to 32 letters and digits"; the vendor's own
    examples (`ext_id_16`, `unique_ref_123`) and SDK say otherwise: the reference is a
    **string** of 1 to 50 characters, underscores and other punctuation included. Refused
    with `400` and error code 27 (incorrect external SMS ID) is only what cannot travel as
    one path segment: an empty reference, more than 50 characters, `/`, `?`, `#`, `%`,
    whitespace, control characters and anything outside ASCII. An unknown reference gives
    error code 20, either with `404` or, as the real API answers it, with `200` and the
    code in the body.

    Args:
        reference (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | Sms | ValidationError]
    """

    kwargs = _get_kwargs(
        reference=reference,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reference: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | GatewayError | ValidationError | Sms | None:
    """Get the status of one SMS by its reference (external ID)

     Looks a message up by the reference its sender gave it when sending. The vendor's page
    lists the parameter as an integer and "up to 32 letters and digits"; the vendor's own
    examples (`ext_id_16`, `unique_ref_123`) and SDK say otherwise: the reference is a
    **string** of 1 to 50 characters, underscores and other punctuation included. Refused
    with `400` and error code 27 (incorrect external SMS ID) is only what cannot travel as
    one path segment: an empty reference, more than 50 characters, `/`, `?`, `#`, `%`,
    whitespace, control characters and anything outside ASCII. An unknown reference gives
    error code 20, either with `404` or, as the real API answers it, with `200` and the
    code in the body.

    Args:
        reference (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | Sms | ValidationError
    """

    return sync_detailed(
        reference=reference,
        client=client,
    ).parsed


async def asyncio_detailed(
    reference: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | GatewayError | ValidationError | Sms]:
    """Get the status of one SMS by its reference (external ID)

     Looks a message up by the reference its sender gave it when sending. The vendor's page
    lists the parameter as an integer and "up to 32 letters and digits"; the vendor's own
    examples (`ext_id_16`, `unique_ref_123`) and SDK say otherwise: the reference is a
    **string** of 1 to 50 characters, underscores and other punctuation included. Refused
    with `400` and error code 27 (incorrect external SMS ID) is only what cannot travel as
    one path segment: an empty reference, more than 50 characters, `/`, `?`, `#`, `%`,
    whitespace, control characters and anything outside ASCII. An unknown reference gives
    error code 20, either with `404` or, as the real API answers it, with `200` and the
    code in the body.

    Args:
        reference (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | Sms | ValidationError]
    """

    kwargs = _get_kwargs(
        reference=reference,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reference: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | GatewayError | ValidationError | Sms | None:
    """Get the status of one SMS by its reference (external ID)

     Looks a message up by the reference its sender gave it when sending. The vendor's page
    lists the parameter as an integer and "up to 32 letters and digits"; the vendor's own
    examples (`ext_id_16`, `unique_ref_123`) and SDK say otherwise: the reference is a
    **string** of 1 to 50 characters, underscores and other punctuation included. Refused
    with `400` and error code 27 (incorrect external SMS ID) is only what cannot travel as
    one path segment: an empty reference, more than 50 characters, `/`, `?`, `#`, `%`,
    whitespace, control characters and anything outside ASCII. An unknown reference gives
    error code 20, either with `404` or, as the real API answers it, with `200` and the
    code in the body.

    Args:
        reference (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ApiError | GatewayError | ApiError | ValidationError | GatewayError | Sms | ValidationError
    """

    return (
        await asyncio_detailed(
            reference=reference,
            client=client,
        )
    ).parsed
