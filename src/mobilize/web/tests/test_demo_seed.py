import pytest
from django.core.management import call_command

from mobilize.accounts.models import User
from mobilize.assignments.selectors import assignment_list
from mobilize.reference.models import ReportingYear
from mobilize.requests.models import Doa
from mobilize.requests.selectors import doa_list
from mobilize.statistics.selectors import statistics_for_year

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo programme, generated once for this module (the 2023 profile, no talent pool)."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("seed_demo", "--talent-pool", "0")
        yield
        call_command("flush", "--noinput", verbosity=0)


def test_demo_is_the_2023_programme_and_is_made_once(seeded):
    document = statistics_for_year(year=2023)
    assert document["onsite"]["volunteers"] == 12840
    assert document["onsite"]["by_region"]["africa"] == 5299
    # the carry-over of 2022 is marked incomplete, so no misleading change on it is reported
    assert ReportingYear.objects.get(year=2022).complete is False
    assert document["change"] is None
    # a second run changes nothing
    doas = Doa.objects.count()
    call_command("seed_demo")
    assert Doa.objects.count() == doas
    # the nine demo users and the generator's account (the actor of the closures it replays)
    assert User.objects.count() == 10
    generator = User.objects.get(username="synthetic-generator")
    assert not generator.has_usable_password()
    # and the demo's year ends with the MINUSMA closure the profile gives
    assert document["onsite"]["mission_closures"] == {"MINUSMA": {"assignments_ended": 294, "redeployed": 50}}


def test_demo_users_see_their_own_slice_and_have_work_waiting(seeded):
    undp = User.objects.get(username="undp.kenya")
    assert {d.host_entity.acronym for d in doa_list(viewer=undp)} == {"UNDP"}
    field = User.objects.get(username="field.colombia")
    countries = set(assignment_list(viewer=field).values_list("duty_country__iso2", flat=True).distinct())
    assert countries == {"CO"}
    volunteer = User.objects.get(username="volunteer")
    mine = list(assignment_list(viewer=volunteer))
    assert len(mine) >= 1
    assert mine[0].host_entity.acronym == "UNDP"
    assert not assignment_list(viewer=User.objects.get(username="donor.sweden")).exists()
    live = Doa.objects.exclude(status=Doa.Status.RECRUITED).values_list("status", flat=True)
    assert sorted(live) == ["approved", "draft", "sourcing", "submitted", "submitted"]
