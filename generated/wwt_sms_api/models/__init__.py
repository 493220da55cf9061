"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .delivery_report import DeliveryReport
from .error_code import ErrorCode
from .gateway_error import GatewayError
from .sms import Sms
from .sms_status_list import SmsStatusList
from .sms_status_record import SmsStatusRecord
from .sms_statuses_request import SmsStatusesRequest
from .task import Task
from .validation_error import ValidationError
from .validation_error_errors import ValidationErrorErrors

__all__ = (
    "ApiError",
    "DeliveryReport",
    "ErrorCode",
    "GatewayError",
    "Sms",
    "SmsStatusList",
    "SmsStatusRecord",
    "SmsStatusesRequest",
    "Task",
    "ValidationError",
    "ValidationErrorErrors",
)
