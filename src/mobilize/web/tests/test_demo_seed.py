import pytest
from django.core.management import call_command

from mobilize.accounts.models import User
from mobilize.assignments.models import Assignment
from mobilize.assignments.selectors import assignment_list
from mobilize.core.models import AuditRecord
from mobilize.requests.models import Doa
from mobilize.requests.selectors import doa_list
from mobilize.talent.selectors import candidate_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_reference", verbosity=0)
    call_command("seed_demo", "--talent-pool", "5")


def test_demo_is_made_through_the_services_and_only_once(seeded):
    assert Doa.objects.count() == 9
    assert Assignment.objects.count() == 11
    assert AuditRecord.objects.filter(verb="assignment.created").count() == 11
    # a second run changes nothing
    call_command("seed_demo")
    assert Assignment.objects.count() == 11
    assert User.objects.count() == 9


def test_demo_users_see_their_own_slice(seeded):
    undp = User.objects.get(username="undp.kenya")
    assert {d.host_entity.acronym for d in doa_list(viewer=undp)} == {"UNDP"}
    field = User.objects.get(username="field.colombia")
    assert {a.duty_country.iso2 for a in assignment_list(viewer=field)} == {"CO"}
    volunteer = User.objects.get(username="volunteer")
    mine = list(assignment_list(viewer=volunteer))
    assert len(mine) == 1
    assert mine[0].modality == "international"
    assert [c.pk for c in candidate_list(viewer=volunteer)] == [mine[0].volunteer_id]
    donor = User.objects.get(username="donor.sweden")
    assert not assignment_list(viewer=donor).exists()
