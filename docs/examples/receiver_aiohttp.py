"""A delivery report receiver with aiohttp."""

from aiohttp import web

import wwt_sms

reports: list[wwt_sms.DeliveryReport] = []  # stands for your queue or database


async def delivery_report(request: web.Request) -> web.Response:
    try:
        report = wwt_sms.parse_delivery_report(await request.read(), headers=request.headers)
    except wwt_sms.DeliveryReportError as error:
        return web.Response(text=str(error), status=400)
    reports.append(report)
    return web.Response(status=204)


app = web.Application()
app.router.add_post("/wwt/dlr", delivery_report)
