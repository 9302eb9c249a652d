"""The interface in French, Spanish and Chinese: pages served in the asked language, and catalogs
that are complete, compiled and in step with the source.

When a catalog test fails, update the catalogs and translate what is new (docs/translations.md):

    .venv/bin/mobilize makemessages -l fr -l es -l zh_Hans --ignore ".venv/*" --ignore "var/*"
    (translate every new or fuzzy entry in src/mobilize/locale/*/LC_MESSAGES/django.po)
    .venv/bin/mobilize compilemessages --ignore ".venv/*"
"""

from __future__ import annotations

import ast
import functools
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info, to_locale
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
HOW_TO_FIX = (
    'run `.venv/bin/mobilize makemessages -l fr -l es -l zh_Hans --ignore ".venv/*" --ignore "var/*"`, '
    'translate every empty or fuzzy entry, then `.venv/bin/mobilize compilemessages --ignore ".venv/*"` '
    "(docs/translations.md)"
)

# The login page in each language: (page title, heading, button).
LOGIN_PAGE = {
    "fr": ("Se connecter", "Se connecter à Mobilize", "Se connecter"),
    "es": ("Iniciar sesión", "Iniciar sesión en Mobilize", "Iniciar sesión"),
    "zh-hans": ("登录", "登录 Mobilize", "登录"),
}

# --- a small reader of .po files -----------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def read_po(path: Path) -> list[PoEntry]:
    """The entries of a .po file, the header first (an entry whose msgid is empty)."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    current: str | None = None  # the field that a continued string ("...") adds to
    index = 0
    for number, raw in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and current is not None):
            if current is not None:
                entries.append(entry)
            entry, current = PoEntry(), None
        if not line:
            continue
        if line.startswith("#"):
            entry.obsolete = entry.obsolete or line.startswith("#~")
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        match = _KEYWORD.match(line)
        if match:
            current, index = match.group(1).split("[")[0], int(match.group(2) or 0)
            entry.line = entry.line or number
            text = ast.literal_eval(match.group(3))
        else:
            text = ast.literal_eval(line)
        if current == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        elif current == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif current == "msgid":
            entry.msgid += text
        elif current == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
    return entries


def _po_path(language: str) -> Path:
    return LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"


def _nplurals(header: PoEntry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
    assert match, "the header of the catalog has no Plural-Forms"
    return int(match.group(1))


# --- what the source marks for translation (the msgids makemessages extracts) ---------------------

# xgettext's keywords as Django's makemessages sets them: name -> (position of the context, of the msgid).
_PY_KEYWORDS: dict[str, tuple[int | None, int]] = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
_STRING = r"u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
_TEMPLATE_CALL = re.compile(rf"(?<![\w.])(npgettext|ngettext|pgettext|gettext|_)\(((?:{_STRING}(?:,\s*)?)+)")


def _python_msgids(source: str) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        if name not in _PY_KEYWORDS:
            continue
        context_at, msgid_at = _PY_KEYWORDS[name]
        wanted = [msgid_at] if context_at is None else [context_at, msgid_at]
        if len(node.args) <= max(wanted):
            continue
        values = [node.args[i] for i in wanted]
        if not all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
            continue
        strings = [v.value for v in values if isinstance(v, ast.Constant)]
        if strings[-1]:
            found.add((strings[0], strings[1]) if context_at is not None else (None, strings[0]))
    return found


def _template_msgids(source: str) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for match in _TEMPLATE_CALL.finditer(templatize(source)):
        strings = ast.literal_eval("[" + match.group(2) + "]")
        if match.group(1) in {"pgettext", "npgettext"}:
            found.add((strings[0], strings[1]))
        else:
            found.add((None, strings[0]))
    return found


@functools.cache
def source_msgids() -> dict[tuple[str | None, str], str]:
    """Every string marked for translation under config/ and src/, with the first file marking it."""
    found: dict[tuple[str | None, str], str] = {}
    for folder in (ROOT / "config", ROOT / "src"):
        for path in sorted(folder.rglob("*")):
            if "locale" in path.parts or "__pycache__" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                keys = _python_msgids(path.read_text(encoding="utf-8"))
            elif path.suffix in {".html", ".txt"}:
                keys = _template_msgids(path.read_text(encoding="utf-8"))
            else:
                continue
            for key in keys:
                found.setdefault(key, str(path.relative_to(ROOT)))
    return found


# --- pages in each language -------------------------------------------------------------------------


def _assert_login_page_in(language: str, html: str) -> None:
    title, heading, button = LOGIN_PAGE[language]
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<title>{title} · Mobilize</title>" in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<button type="submit" class="button primary">{button}</button>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_login_page_follows_the_browser_language(client, language):
    # given a browser that asks for the language
    # when it opens the sign-in page
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=language)

    # then the page is in that language
    assert response.status_code == 200
    assert response["Content-Language"] == language
    _assert_login_page_in(language, response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_language_switcher_sets_the_language_of_the_next_pages(client, language):
    # given a browser that asks for English
    login = reverse("accounts:login")
    assert "<h1>Sign in to Mobilize</h1>" in client.get(login, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # when the person picks another language in the header
    response = client.post(reverse("set_language"), {"language": language, "next": login})

    # then the choice is remembered in the language cookie and wins over the browser's
    assert response.status_code == 302
    assert response["Location"] == login
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = client.get(login, HTTP_ACCEPT_LANGUAGE="en")
    _assert_login_page_in(language, page.content.decode())


@pytest.mark.django_db
def test_chinese_is_served_to_a_browser_asking_for_zh_cn(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    _assert_login_page_in("zh-hans", response.content.decode())


# --- the catalogs -----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_translates_every_entry(language):
    path = _po_path(language)
    assert path.exists(), f"{path} is missing: {HOW_TO_FIX}"
    header, *entries = read_po(path)
    assert header.msgid == "", f"{path} has no header"
    nplurals = _nplurals(header)
    problems = []
    for entry in entries:
        where = f"{path.relative_to(ROOT)}:{entry.line} {entry.msgid!r}"
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy (check the translation, then remove the flag)")
        forms = entry.msgstr
        expected_forms = nplurals if entry.msgid_plural is not None else 1
        if len(forms) != expected_forms or not all(forms.values()):
            problems.append(f"{where} is not translated ({expected_forms} form(s) needed)")
        wanted = set(_PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in forms.values():
            if text and set(_PLACEHOLDER.findall(text)) != wanted:
                problems.append(
                    f"{where}: the translation {text!r} must keep the placeholders {sorted(wanted)}"
                )
    assert not problems, f"{len(problems)} catalog problem(s); {HOW_TO_FIX}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_holds_every_string_of_the_source(language):
    catalog = {entry.key for entry in read_po(_po_path(language))[1:] if not entry.obsolete}

    missing = {key: where for key, where in source_msgids().items() if key not in catalog}

    assert not missing, (
        f"{len(missing)} string(s) of the source are not in the {language} catalog; {HOW_TO_FIX}:\n"
        + (
            "\n".join(
                f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
                for (ctx, msgid), where in sorted(missing.items(), key=lambda item: (item[1], item[0][1]))
            )
        )
    )


def test_source_reader_finds_the_strings_of_python_and_templates():
    python = (
        'from x import gettext_lazy as _\nA = _("Apple")\nB = pgettext_lazy("fruit", "Pear")\nC = _(name)\n'
    )
    template = (
        '{% load i18n %}{% translate "Plum" %}{% translate "Fig" context "tree" %}'
        "{% blocktranslate count n=k %}{{ n }} kiwi{% plural %}{{ n }} kiwis{% endblocktranslate %}"
        '{{ day|default:_("Now") }}{% include "x.html" with submit=_("Go") %}'
    )

    assert _python_msgids(python) == {(None, "Apple"), ("fruit", "Pear")}
    assert _template_msgids(template) == {
        (None, "Plum"),
        ("tree", "Fig"),
        (None, "%(n)s kiwi"),
        (None, "Now"),
        (None, "Go"),
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_its_source(language):
    po_path = _po_path(language)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: {HOW_TO_FIX}"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = []
    for entry in read_po(po_path)[1:]:
        if entry.obsolete:
            continue
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = compiled.gettext(entry.msgid)
            else:
                got = compiled.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr.get(0):
                stale.append(f"{entry.msgid!r}: the .mo has {got!r}")
            continue
        for form, text in entry.msgstr.items():
            n = next(n for n in (1, 2, 0, 5, 1_000_000) if compiled.plural(n) == form)  # type: ignore[attr-defined]
            if entry.msgctxt is None:
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != text:
                stale.append(f"{entry.msgid!r} (form {form}): the .mo has {got!r}")

    assert not stale, f"{mo_path.relative_to(ROOT)} is older than its .po; {HOW_TO_FIX}:\n" + "\n".join(stale)
