"""``load_reference``: what it loads, that a second run changes nothing, edits kept, bad files refused."""

import csv
import datetime as dt
import io
import shutil

import pycountry
import pytest
from django.core.management import call_command

from mobilize.core.models import AuditRecord
from mobilize.geo.models import Country, DutyStation, Region, RegionalOffice
from mobilize.partners.models import HostEntity, ReportingGroup
from mobilize.reference.models import CategoryRule, ExpertiseArea, Language, LoadedRow, Sdg, VolunteerCategory
from mobilize.reference.services import ReferenceDataError, reference_load
from mobilize.reference.services.loading import DATA_DIR

pytestmark = pytest.mark.django_db

MODELS = [
    ReportingGroup,
    Country,
    DutyStation,
    HostEntity,
    Language,
    Sdg,
    ExpertiseArea,
    VolunteerCategory,
    CategoryRule,
]


def rows_of(model):
    return sorted(model.objects.values_list())


@pytest.fixture
def loaded():
    return reference_load()


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data files that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def rewrite_csv(path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- idempotence ------------------------------------------------------------------------------


def test_first_load_creates_every_row_and_a_second_run_changes_nothing(loaded):
    # given: the first load
    assert loaded.total("created") == sum(model.objects.count() for model in MODELS)
    assert loaded.total("updated") == 0
    before = {model: rows_of(model) for model in MODELS}
    audits = AuditRecord.objects.count()
    states = sorted(LoadedRow.objects.values_list("model_label", "natural_key", "values"))
    # when
    again = reference_load()
    # then
    assert again.total("created") == 0
    assert again.total("updated") == 0
    assert again.total("kept") == 0
    assert again.total("unchanged") == loaded.total("created")
    assert {model: rows_of(model) for model in MODELS} == before
    assert AuditRecord.objects.count() == audits
    assert sorted(LoadedRow.objects.values_list("model_label", "natural_key", "values")) == states


def test_first_load_audits_each_created_row(loaded):
    record = AuditRecord.objects.get(target_type="geo.country", target_repr="KE")
    assert record.verb == "country.created"
    assert record.actor is None
    assert record.actor_label == "load_reference"
    assert record.changes["region"] == [None, "africa"]
    assert AuditRecord.objects.filter(actor_label="load_reference").count() == loaded.total("created")


def test_the_command_reports_counts_per_model(db):
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    call_command("load_reference", stdout=out)
    text = out.getvalue()
    assert "geo.country                  created  249  updated    0  unchanged    0" in text
    assert "geo.country                  created    0  updated    0  unchanged  249" in text
    assert "0 created, 0 updated," in text


def test_a_dry_run_writes_nothing(db):
    report = reference_load(dry_run=True)
    assert report.of("geo.country").created == 249
    assert not Country.objects.exists()
    assert not LoadedRow.objects.exists()
    assert not AuditRecord.objects.exists()


# --- countries ----------------------------------------------------------------------------------


def test_every_country_has_a_region_an_office_and_a_global_south_flag(loaded):
    countries = list(Country.objects.all())
    assert len(countries) >= 240
    offices_of = {
        Region.AFRICA: {RegionalOffice.EAST_SOUTHERN_AFRICA, RegionalOffice.WEST_CENTRAL_AFRICA},
        Region.ARAB_STATES: {RegionalOffice.ARAB_STATES},
        Region.ASIA_PACIFIC: {RegionalOffice.ASIA_PACIFIC},
        Region.EUROPE_CIS: {RegionalOffice.EUROPE_CIS},
        Region.LATIN_AMERICA: {RegionalOffice.LATIN_AMERICA},
        Region.GLOBAL: {RegionalOffice.HEADQUARTERS},
    }
    for country in countries:
        assert country.regional_office in offices_of[country.region], country.iso2
        assert isinstance(country.is_global_south, bool)
        assert country.name_zh, country.iso2
        assert country.name_fr and country.name_es, country.iso2
    assert sum(not c.is_territory for c in countries) == 195  # 193 member states and 2 observer states


@pytest.mark.parametrize(
    ("iso2", "region", "office"),
    [
        ("KE", "africa", "esa"),
        ("CD", "africa", "wca"),
        ("MR", "africa", "wca"),
        ("SD", "arab_states", "as"),
        ("SO", "arab_states", "as"),
        ("EG", "arab_states", "as"),
        ("SA", "arab_states", "as"),
        ("AF", "asia_pacific", "ap"),
        ("TR", "europe_cis", "ecis"),
        ("KZ", "europe_cis", "ecis"),
        ("CO", "latin_america", "lac"),
        ("DE", "global", "hq"),
        ("JP", "global", "hq"),
        ("CY", "global", "hq"),
        ("IL", "global", "hq"),
    ],
)
def test_reporting_regions_follow_undp_regional_bureaus(loaded, iso2, region, office):
    country = Country.objects.get(iso2=iso2)
    assert (country.region, country.regional_office) == (region, office)


@pytest.mark.parametrize(
    ("iso2", "south"),
    [
        ("KE", True),
        ("BR", True),
        ("MX", True),
        ("PR", True),
        ("TR", True),
        ("GE", True),
        ("KZ", True),
        ("CN", True),
        ("KR", True),
        ("FJ", True),
        ("US", False),
        ("CA", False),
        ("BM", False),
        ("GL", False),
        ("JP", False),
        ("IL", False),
        ("CY", False),
        ("AU", False),
        ("NZ", False),
        ("UA", False),
        ("RU", False),
        ("RS", False),
    ],
)
def test_global_south_follows_the_documented_developing_economies_rule(loaded, iso2, south):
    assert Country.objects.get(iso2=iso2).is_global_south is south


def test_the_countries_file_agrees_with_iso_3166():
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as handle:
        rows = {row["iso2"]: row for row in csv.DictReader(handle)}
    iso = {c.alpha_2: c for c in pycountry.countries}
    assert set(rows) == set(iso)
    for code, row in rows.items():
        assert (row["iso3"], row["m49"]) == (iso[code].alpha_3, iso[code].numeric), code


# --- duty stations ----------------------------------------------------------------------------


def test_every_state_outside_the_global_region_has_its_capital_as_a_duty_station(loaded):
    states = Country.objects.exclude(region=Region.GLOBAL).filter(is_territory=False)
    for country in states:
        assert country.duty_stations.filter(is_capital=True).count() == 1, country.iso2
    headquarters = DutyStation.objects.filter(name__in=["Bonn", "New York", "Geneva"])
    assert sorted(headquarters.values_list("country__iso2", "hardship_class")) == [
        ("CH", "H"),
        ("DE", "H"),
        ("US", "H"),
    ]


def test_the_largest_host_countries_have_more_duty_stations(loaded):
    assert sorted(DutyStation.objects.filter(country__iso2="CD").values_list("name", flat=True)) == [
        "Beni",
        "Bukavu",
        "Bunia",
        "Goma",
        "Kalemie",
        "Kinshasa",
    ]
    per_country = [c.duty_stations.count() for c in Country.objects.exclude(region=Region.GLOBAL)]
    assert sum(1 for n in per_country if n >= 3) >= 40


# --- reporting groups and host entities ------------------------------------------------------


def test_reporting_groups_are_the_lines_of_the_report(loaded):
    assert list(ReportingGroup.objects.values_list("code", flat=True)) == [
        "un-secretariat",
        "undp",
        "unicef",
        "unhcr",
        "who",
        "unfpa",
        "iom",
        "un-women",
        "wfp",
        "other",
        "non-un",
    ]
    secretariat = ReportingGroup.objects.get(code="un-secretariat")
    assert (secretariat.name_en, secretariat.name_zh) == (
        "UN Secretariat entities and missions",
        "联合国秘书处实体和特派团",
    )


@pytest.mark.parametrize(
    ("acronym", "group"),
    [
        ("UNDP", "undp"),
        ("UNICEF", "unicef"),
        ("UNHCR", "unhcr"),
        ("WHO", "who"),
        ("UNFPA", "unfpa"),
        ("IOM", "iom"),
        ("UN Women", "un-women"),
        ("WFP", "wfp"),
        ("UNODC", "un-secretariat"),
        ("OHCHR", "un-secretariat"),
        ("OCHA", "un-secretariat"),
        ("UNMISS", "un-secretariat"),
        ("MONUSCO", "un-secretariat"),
        ("MINUSCA", "un-secretariat"),
        ("MINUSMA", "un-secretariat"),
        ("UNVMC", "un-secretariat"),
        ("UNAMA", "un-secretariat"),
        ("ESCWA", "other"),
        ("UNESCO", "other"),
        ("FAO", "other"),
        ("UNITAR", "other"),
    ],
)
def test_the_entities_the_report_names_are_in_its_reporting_groups(loaded, acronym, group):
    assert HostEntity.objects.get(acronym=acronym).reporting_group.code == group


def test_host_entities_have_groups_names_and_mission_parents(loaded):
    entities = list(HostEntity.objects.select_related("parent", "reporting_group"))
    assert len(entities) >= 80
    for entity in entities:
        assert entity.name_en and entity.name_zh, entity.acronym
    for entity in entities:
        if entity.type == HostEntity.Type.PEACEKEEPING:
            assert entity.parent.acronym == "DPO", entity.acronym
        if entity.type == HostEntity.Type.POLITICAL_MISSION:
            assert entity.parent.acronym == "DPPA", entity.acronym
        if entity.type == HostEntity.Type.REGIONAL_COMMISSION:
            assert entity.reporting_group.code == "other", entity.acronym
        if not entity.is_un:
            assert entity.reporting_group.code == "non-un", entity.acronym
    assert HostEntity.objects.get(acronym="MINUSMA").is_active is False
    assert HostEntity.objects.get(acronym="UNMISS").name_zh == "联合国南苏丹特派团"


# --- categories, SDGs, languages, expertise areas ----------------------------------------------


def test_eleven_categories_each_with_a_rule_in_force_mid_2023(loaded):
    categories = list(VolunteerCategory.objects.all())
    assert len(categories) == 11
    for category in categories:
        assert category.rule_on(dt.date(2023, 6, 30)) is not None, category.code
    assert sorted(c.code for c in categories if c.is_youth) == [
        "international-youth",
        "national-youth",
        "youth",
    ]
    assert sorted(c.code for c in categories if c.modality == "national") == [
        "community",
        "national-expert",
        "national-specialist",
        "national-university",
        "national-youth",
        "refugee",
    ]


def test_the_youth_rule_changed_with_the_unified_conditions_of_service(loaded):
    youth = VolunteerCategory.objects.get(code="international-youth")
    assert youth.rule_on(dt.date(2013, 12, 31)) is None
    assert youth.rule_on(dt.date(2021, 9, 30)).max_age == 29
    assert youth.rule_on(dt.date(2021, 10, 1)).max_age == 26
    current = youth.rule_on(dt.date(2023, 6, 30))
    assert (current.min_age, current.max_age, current.age_applies_through_end) == (18, 26, True)
    assert (current.min_duration_days, current.max_duration_days) == (180, 731)


def test_international_specialists_and_experts_rules(loaded):
    specialist = VolunteerCategory.objects.get(code="international-specialist").rule_on(dt.date(2023, 6, 30))
    expert = VolunteerCategory.objects.get(code="international-expert").rule_on(dt.date(2023, 6, 30))
    assert (specialist.min_age, specialist.min_experience_months, specialist.service_limit_days) == (
        27,
        36,
        1461,
    )
    assert specialist.service_limit_exempt_age == 65
    assert (expert.min_age, expert.min_experience_months) == (35, 180)


def test_seventeen_sdgs_with_chinese_names(loaded):
    sdgs = list(Sdg.objects.all())
    assert [s.number for s in sdgs] == list(range(1, 18))
    assert all(s.name_zh for s in sdgs)
    assert (sdgs[15].name_en, sdgs[15].name_zh) == (
        "Peace, justice and strong institutions",
        "和平、正义与强大机构",
    )


def test_languages_are_iso_639_1_with_the_un_official_ones_flagged(loaded):
    assert Language.objects.count() == len([lang for lang in pycountry.languages if hasattr(lang, "alpha_2")])
    official = Language.objects.filter(is_un_official=True)
    assert sorted(official.values_list("code", "name_zh")) == [
        ("ar", "阿拉伯语"),
        ("en", "英语"),
        ("es", "西班牙语"),
        ("fr", "法语"),
        ("ru", "俄语"),
        ("zh", "中文"),
    ]
    assert Language.objects.exclude(name_zh="").count() >= 26
    assert ExpertiseArea.objects.count() >= 35
    assert not ExpertiseArea.objects.filter(name_zh="").exists()


# --- changes, edits and bad files ---------------------------------------------------------------


def test_an_edit_made_since_the_last_load_is_kept_unless_overwritten(loaded):
    # given: headquarters turned Kenya's Global South flag off
    Country.objects.filter(iso2="KE").update(is_global_south=False, version=2)
    # when
    report = reference_load()
    # then
    assert report.of("geo.country").kept == 1
    assert report.of("geo.country").updated == 0
    assert Country.objects.get(iso2="KE").is_global_south is False
    # when: told to overwrite
    report = reference_load(overwrite=True)
    # then
    assert report.of("geo.country").updated == 1
    kenya = Country.objects.get(iso2="KE")
    assert (kenya.is_global_south, kenya.version) == (True, 3)


def test_a_change_in_the_files_updates_the_row_versions_it_and_audits_it(loaded, data_copy):
    # given: the file now classes Goma as E
    rewrite_csv(
        data_copy / "duty_stations.csv",
        lambda row: row.update(hardship_class="E") if row["name"] == "Goma" else None,
    )
    # when
    report = reference_load(data_dir=data_copy)
    # then
    assert report.of("geo.dutystation").updated == 1
    assert report.total("updated") == 1
    goma = DutyStation.objects.get(name="Goma")
    assert (goma.hardship_class, goma.version) == ("E", 2)
    record = AuditRecord.objects.get(verb="dutystation.updated")
    assert record.changes == {"hardship_class": ["D", "E"]}
    assert record.target_repr == "CD/Goma"


def test_a_bad_row_is_named_and_nothing_is_written(data_copy, db):
    rewrite_csv(
        data_copy / "countries.csv",
        lambda row: row.update(region="atlantis") if row["iso2"] == "KE" else None,
    )
    with pytest.raises(
        ReferenceDataError, match=r"countries.csv row \d+: region: Value 'atlantis' is not a valid choice"
    ):
        reference_load(data_dir=data_copy)
    assert not ReportingGroup.objects.exists()
    assert not Country.objects.exists()
    assert not LoadedRow.objects.exists()


def test_an_unknown_country_of_a_duty_station_is_named(data_copy, db):
    rewrite_csv(
        data_copy / "duty_stations.csv",
        lambda row: row.update(country="XX") if row["name"] == "Goma" else None,
    )
    with pytest.raises(
        ReferenceDataError, match=r"duty_stations.csv row \d+: country: no 'XX' in countries.csv"
    ):
        reference_load(data_dir=data_copy)
    assert not DutyStation.objects.exists()


def test_overlapping_rules_in_the_files_are_refused(data_copy, db):
    path = data_copy / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("effective_to: 2021-09-30", "effective_to: 2022-09-30", 1), encoding="utf-8")
    with pytest.raises(
        ReferenceDataError, match="international-specialist: the rule from 2014-01-01 is still in force"
    ):
        reference_load(data_dir=data_copy)
    assert not CategoryRule.objects.exists()


def test_a_duplicate_key_is_refused(data_copy, db):
    with (data_copy / "sdgs.csv").open("a", encoding="utf-8") as handle:
        handle.write("17,Partnerships,伙伴关系\n")
    with pytest.raises(
        ReferenceDataError, match=r"sdgs.csv row 19: '17' is already given in sdgs.csv row 18"
    ):
        reference_load(data_dir=data_copy)
    assert not Sdg.objects.exists()
