"""Two adjusters approving at the same moment, on PostgreSQL with a connection each: the last of them adjusts the
protocol, whoever comes second. `approval_record` locks the protocol row, so the second one waits until the first has
committed and then sees its approval.

The first approval is held open on purpose (its transaction sleeps after `approval_record` has counted the
approvals and before it commits). Without the lock the second would count while the first is not committed, each
would see only its own approval, and the protocol would never be adjusted.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from meetings.models import AdjustmentApproval, Protocol
from meetings.services.adjustment import approval_record, protocol_send_for_adjustment
from tests.conftest import require_service
from tests.meetings.test_adjustment import justering_world

pytestmark = pytest.mark.django_db(transaction=True)

APPROVED = AdjustmentApproval.Decision.APPROVED


@pytest.fixture
def sent():
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL behövs: sätt DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres",
    )
    world = justering_world()
    protocol_send_for_adjustment(protocol=world.protocol, user=world.secretary)
    approval_record(protocol=world.protocol, user=world.chair, decision=APPROVED)
    return world


def test_two_adjusters_approving_at_once_adjust_the_protocol_once(sent):
    counted = threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                approval_record(protocol=sent.protocol, user=sent.first, decision=APPROVED)
                counted.set()
                time.sleep(1.5)  # committed only after the second adjuster has tried
        except BaseException as exc:
            errors.append(exc)
            counted.set()
        finally:
            connection.close()

    def second():
        try:
            counted.wait(10)
            approval_record(protocol=sent.protocol, user=sent.second, decision=APPROVED)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors

    protocol = Protocol.objects.get(pk=sent.protocol.pk)
    assert protocol.is_adjusted and protocol.adjustment_method == Protocol.AdjustmentMethod.DIGITAL
    assert protocol.adjusted_by == sent.second  # the one who came second saw both others' approvals
    assert AdjustmentApproval.objects.filter(protocol=protocol, decision=APPROVED).count() == 3
