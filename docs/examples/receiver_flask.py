"""A delivery report receiver with Flask."""

from flask import Flask, request

import wwt_sms

app = Flask(__name__)
reports: list[wwt_sms.DeliveryReport] = []  # stands for your queue or database


@app.post("/wwt/dlr")
def delivery_report() -> tuple[str, int]:
    try:
        report = wwt_sms.parse_delivery_report(request.get_data(), headers=request.headers)
    except wwt_sms.DeliveryReportError as error:
        return str(error), 400
    reports.append(report)
    return "", 204
