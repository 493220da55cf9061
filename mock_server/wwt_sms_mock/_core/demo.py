"""The demo records: the README's messages and campaign, plus a few generated from a seed."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from decimal import Decimal

from .store import EPOCH, Message, Task

__all__ = ["demo_records"]


def _at(clock_time: str) -> float:
    """Virtual seconds for a wall time on the EPOCH's day ("09:11:41")."""
    hours, minutes, seconds = (int(p) for p in clock_time.split(":"))
    moment = EPOCH.replace(hour=hours, minute=minutes, second=seconds)
    return (moment - EPOCH).total_seconds()


def demo_records(
    seed: int, statuses: Mapping[str, bool], *, extras: int = 20
) -> tuple[list[Message], list[Task]]:
    """The README's records, always the same, plus `extras` generated from `seed`.

    `statuses` is the spec's known-status table (value -> final); generated messages draw
    from it so the demo data speaks the contract's vocabulary.
    """
    messages = [
        # The spec's canonical example: delivered long ago, found by id or by "ext19".
        Message(
            id=211,
            msisdn="380972000001",
            reference="ext19",
            status="delivered",
            price=Decimal("0.2300000"),
            time_in=_at("09:11:41"),
            time_sent=_at("09:11:41"),
            time_dr=_at("09:11:45"),
        ),
        # No reference, never sent: time_sent and time_dr stay null.
        Message(
            id=212,
            msisdn="380972000002",
            status="scheduled",
            price=Decimal("0.2300000"),
            time_in=_at("09:12:00"),
        ),
        # In flight: new now, sent after 5 virtual seconds, delivered after 10.
        Message(
            id=213,
            msisdn="380972000004",
            reference="ext21",
            status="new",
            price=Decimal("0.2300000"),
            time_in=-2.0,
            time_sent=5.0,
            time_dr=10.0,
            transitions=((5.0, "sent"), (10.0, "delivered")),
        ),
        # Above 2^53 - 1: always on the wire as a digit string. Delivered after 60 s.
        Message(
            id=9007199254740993,
            msisdn="380972000003",
            status="sent",
            price=Decimal("0.2300000"),
            time_in=_at("09:13:00"),
            time_sent=_at("09:13:01"),
            time_dr=60.0,
            transitions=((60.0, "delivered"),),
        ),
        # Campaign 77: one delivered, one that turns undeliverable after 15 s.
        Message(
            id=301,
            msisdn="380972000011",
            reference="task77a",
            status="delivered",
            price=Decimal("0.2000000"),
            time_in=-60.0,
            time_sent=-59.0,
            time_dr=-50.0,
        ),
        Message(
            id=302,
            msisdn="380972000012",
            reference="task77b",
            status="sent",
            price=Decimal("0.2000000"),
            time_in=-60.0,
            time_sent=-59.0,
            time_dr=15.0,
            transitions=((15.0, "undeliverable"),),
        ),
    ]
    tasks = [Task(task_id=77, message_ids=(301, 302))]
    messages += _extras(random.Random(seed), statuses, extras)
    if extras:
        tasks.append(
            Task(
                task_id=1000 + seed % 9000,
                message_ids=tuple(m.id for m in messages[-min(5, extras) :]),
                originator="demo",
                body=f"demo campaign {seed}",
            )
        )
    return messages, tasks


def _extras(rng: random.Random, statuses: Mapping[str, bool], count: int) -> Iterable[Message]:
    finals = sorted(s for s, final in statuses.items() if final)
    pending = sorted(s for s, final in statuses.items() if not final)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    ids = rng.sample(range(1000, 100_000), count)
    for message_id in ids:
        reference = (
            None
            if rng.random() < 0.3
            else "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 32)))
        )
        time_in = -float(rng.randint(60, 86_400))
        price = Decimal(rng.randint(1, 9999)).scaleb(-4)
        if rng.random() < 0.5:
            yield Message(
                id=message_id,
                msisdn=f"3809{rng.randint(10**7, 10**8 - 1)}",
                reference=reference,
                status=rng.choice(finals),
                price=price,
                time_in=time_in,
                time_sent=time_in + 1,
                time_dr=time_in + rng.randint(2, 30),
            )
        else:
            sent = float(rng.randint(1, 120))
            final = sent + rng.randint(1, 300)
            yield Message(
                id=message_id,
                msisdn=f"3809{rng.randint(10**7, 10**8 - 1)}",
                reference=reference,
                status=rng.choice(pending),
                price=price,
                time_in=time_in,
                time_sent=sent,
                time_dr=final,
                transitions=((sent, "sent"), (final, rng.choice(finals))),
            )
