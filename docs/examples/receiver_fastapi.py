"""A delivery report receiver with FastAPI (Starlette works the same way)."""

from fastapi import FastAPI, Request, Response

import wwt_sms

app = FastAPI()
reports: list[wwt_sms.DeliveryReport] = []  # stands for your queue or database


@app.post("/wwt/dlr")
async def delivery_report(request: Request) -> Response:
    try:
        report = wwt_sms.parse_delivery_report(await request.body(), headers=request.headers)
    except wwt_sms.DeliveryReportError as error:
        return Response(str(error), status_code=400)
    reports.append(report)
    return Response(status_code=204)
