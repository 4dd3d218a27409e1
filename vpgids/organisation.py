"""The organisation file (organisation.yml): load, validate and render contacts.

Everything organisation-specific lives in one YAML file at the top of the repository, apart from
mkdocs.yml, so that pulling a newer version of this project never conflicts with an organisation's
own settings. `ORGANISATION_FILE` selects another file (the tests use it).

This module is the ONE place that validates the file and renders a contact: the MkDocs hook, the
routing tree and the editor check all call `load()` and `render_contact()`.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import content_gate, entries
from .problems import Problem, ValidationError, display_path
from .wrapping import breakable
from .yamlfile import line_of
from .yamlfile import load as load_yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "en")

# Role id -> label per language (terms as pinned in terms-nl-en.md). Order = order on the contact page.
ROLES: dict[str, dict[str, str]] = {
    "internal-vp": {"nl": "Interne vertrouwenspersoon", "en": "Internal confidential adviser"},
    "external-vp": {"nl": "Externe vertrouwenspersoon", "en": "External confidential adviser"},
    "integrity-vp": {"nl": "Vertrouwenspersoon integriteit", "en": "Confidential integrity adviser"},
    "complaints-committee": {"nl": "Klachtencommissie", "en": "Complaints committee"},
    "reporting-procedure": {"nl": "Interne meldprocedure", "en": "Internal reporting procedure"},
    "occupational-physician": {"nl": "Bedrijfsarts", "en": "Occupational physician"},
    "hr": {"nl": "HR (personeelszaken)", "en": "HR (human resources)"},
    "works-council": {"nl": "Ondernemingsraad", "en": "Works council"},
}
VP_ROLES = ("internal-vp", "external-vp")
# Roles that are, unless a contact says `external: false`, engaged by the organisation from outside it
# (the routing tree's heading "door je organisatie ingeschakeld, van buiten").
EXTERNAL_ROLES = ("external-vp", "occupational-physician")
# Who may use the confidential adviser (`adviser_open_to:`): id -> words per language, in this order.
ADVISER_GROUPS: dict[str, dict[str, str]] = {
    "employees": {"nl": "medewerkers", "en": "employees"},
    "temp-workers": {"nl": "uitzendkrachten en gedetacheerden", "en": "temporary agency workers and seconded staff"},
    "interns": {"nl": "stagiairs", "en": "interns"},
    "volunteers": {"nl": "vrijwilligers", "en": "volunteers"},
    "self-employed": {"nl": "zzp'ers die voor de organisatie werken", "en": "self-employed people who work for the organisation"},
    "applicants": {"nl": "sollicitanten", "en": "job applicants"},
    "former-employees": {"nl": "oud-medewerkers", "en": "former employees"},
}
# Everyone who works in the organisation; an organisation that also helps applicants or former
# employees says so.
DEFAULT_ADVISER_OPEN_TO = ("employees", "temp-workers", "interns", "volunteers")

# A neutral public page: someone glancing at the screen after a quick exit sees the weather.
DEFAULT_QUICK_EXIT_URL = "https://www.buienradar.nl/"

LABELS = {
    "phone": {"nl": "Telefoon", "en": "Phone"},
    "email": {"nl": "E-mail", "en": "Email"},
    "web": {"nl": "Website", "en": "Website"},
    "hours": {"nl": "Bereikbaar", "en": "Available"},
    "location": {"nl": "Waar", "en": "Where"},
    "languages": {"nl": "Talen", "en": "Languages"},
    "example_number": {"nl": "voorbeeldnummer", "en": "example number"},
    "example_address": {"nl": "voorbeeldadres", "en": "example address"},
}

TOP_KEYS = {
    "example", "name", "site_url", "logo", "brand_colour", "quick_exit_url",
    "allow_indexing", "repository", "contacts", "site_owner", "adviser_open_to",
}
SITE_OWNER_KEYS = {"name", "email", "web"}
TOP_REQUIRED = ("name", "brand_colour", "contacts")
CONTACT_KEYS = {
    "id", "role", "name", "phone", "email", "web", "hours", "location", "languages", "note", "external",
}
CONTACT_REQUIRED = ("id", "role", "name")
CONTACT_TEXTS = ("hours", "location", "note")  # free text: must be given in both languages
LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}

# This file's words for the shared checks (vpgids/entries.py).
TEXT_WORDS = entries.TextWords(
    not_a_map=entries.Words("the {what} must be text in Dutch and English",
                            "write it as two lines under '{key}:': 'nl: …' and 'en: …'"),
    unknown_language=entries.Words("unknown language '{lang}' in the {what}", "use 'nl' (Dutch) and 'en' (English)"),
    missing=entries.Words("the {what} has no {language} text", "add '{lang}: …' under '{key}:'"),
    not_text=entries.Words("the {what} ({lang}) must be text", "put the text in quotes"),
)
CONTACT_IDS = entries.IdWords(
    bad=entries.Words("the contact id '{id}' has characters that cannot be used",
                      "use lowercase letters, digits and hyphens, e.g. vp-intern"),
    twice=entries.Words("the contact id '{id}' is used twice (first on line {first})", "give every contact its own id"),
)
NOT_A_CONTACT = entries.Words("this contact is not a list of fields",
                              "write each contact as '- id: …' followed by 'role:', 'name:' and so on")

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
NAME_UNSAFE = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")
COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LANG_CODE_RE = re.compile(r"^[a-z]{2,3}$")
PHONE_CHARS_RE = re.compile(r"^\+?[0-9 ()./-]+$")
# Marker a content page uses to show one contact: <!-- vp-contact: vp-intern -->; the contact
# page uses <!-- vp-contacts --> for the full list.
CONTACT_MARKER_RE = re.compile(r"<!--\s*vp-contact:\s*(?P<id>[^\s>]*)\s*-->")
CONTACTS_MARKER_RE = re.compile(r"<!--\s*vp-contacts\s*-->")
# Who answers questions about the site itself (not an adviser): <!-- vp-site-owner -->
SITE_OWNER_MARKER_RE = re.compile(r"<!--\s*vp-site-owner\s*-->")


@dataclass(frozen=True)
class Contact:
    id: str
    role: str
    name: dict[str, str]
    phone: str | None = None
    phone_href: str | None = None
    email: str | None = None
    web: str | None = None
    hours: dict[str, str] | None = None
    location: dict[str, str] | None = None
    languages: tuple[str, ...] = ()
    note: dict[str, str] | None = None
    line: int = 0
    external: bool | None = None  # None: by role (EXTERNAL_ROLES)

    @property
    def is_vp(self) -> bool:
        return self.role in VP_ROLES

    @property
    def is_external(self) -> bool:
        return self.role in EXTERNAL_ROLES if self.external is None else self.external


@dataclass(frozen=True)
class Organisation:
    path: Path
    name: dict[str, str]
    brand_colour: str
    contacts: tuple[Contact, ...]
    site_url: str | None = None
    logo: Path | None = None
    quick_exit_url: str = DEFAULT_QUICK_EXIT_URL
    allow_indexing: bool = False
    repository: str | None = None  # full "edit" URL of the docs folder, ending in "/"
    example: bool = False
    site_owner: dict | None = None  # {"name": {nl, en}, "email": str | None, "web": str | None}
    lines: dict = field(default_factory=dict)
    adviser_open_to: tuple[str, ...] = DEFAULT_ADVISER_OPEN_TO

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def by_role(self, role: str) -> list[Contact]:
        return [c for c in self.contacts if c.role == role]

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.contacts}

    def to_extra(self, logo_url: str | None = None) -> dict:
        """Plain dict for `config.extra.organisation` (templates and other hooks read it)."""
        return {
            "name": dict(self.name),
            "quick_exit_url": self.quick_exit_url,
            "brand_colour": self.brand_colour,
            "logo": logo_url,
            "allow_indexing": self.allow_indexing,
            "repository": self.repository,
            "example": self.example,
        }


# --------------------------------------------------------------------------- paths and loading


def organisation_path() -> Path:
    """The organisation file in use: organisation.yml in the organisation folder (vpgids.orgfolder)."""
    from .orgfolder import settings_file
    return settings_file()


def load(path: Path | str | None = None) -> Organisation:
    """Load and validate the organisation file; raise ValidationError listing every problem."""
    path = Path(path) if path else organisation_path()
    shown = display_path(path)
    data = load_yaml(path)  # raises ValidationError for a missing file or YAML syntax errors
    problems: list[Problem] = []

    def problem(line, message, fix):
        problems.append(Problem(shown, line, message, fix))

    if not isinstance(data, dict):
        problem(line_of(data), "the organisation file must be a list of settings (key: value)",
                "start from the example organisation.yml that comes with the project")
        raise ValidationError(problems)

    _unknown_keys(data, TOP_KEYS, "setting", problem)
    for key in TOP_REQUIRED:
        if key not in data or data[key] in (None, ""):
            problem(data.line if key not in data else data.lines[key],
                    f"the setting '{key}' is missing", f"add '{key}:' (see the example organisation.yml)")

    name = _texts(data, "name", "organisation name", problem, required=False)
    for lang, text in (name or {}).items():
        bad = NAME_UNSAFE.search(text)
        if bad:  # the name is in every page's <title> and header
            said = f"'{bad.group(0)}'" if bad.group(0) in "<>" else "an invisible control character"
            problem(data["name"].lines[lang], f"the organisation name ({lang}) contains {said}, which could "
                    "change every page (it is in the title and the header of each one)",
                    "write the name as plain text, without < and >")

    site_url = data.get("site_url")
    if site_url is not None:
        site_url = _url(data, "site_url", problem, schemes=("https",), what="site_url", site=True)

    logo = None
    if data.get("logo") not in (None, ""):
        logo_line = data.lines["logo"]
        raw = data["logo"]
        if not isinstance(raw, str):
            problem(logo_line, "the logo must be a file name", "write the path of the logo file, e.g. logo.svg")
        else:
            logo = (path.parent / raw).resolve()
            if logo.suffix.lower() not in LOGO_TYPES:
                problem(logo_line, f"the logo '{raw}' is not an image type the site can show",
                        "use an .svg, .png, .jpg or .webp file")
            elif not logo.is_file():
                problem(logo_line, f"the logo file '{raw}' does not exist (looked in {display_path(path.parent)})",
                        "put the file next to the organisation file or correct the path")
            elif (path.parent / raw).is_symlink():
                problem(logo_line, f"the logo '{raw}' is a link to another file, not a file",
                        "put a copy of the logo itself next to the organisation file")
            elif logo.suffix.lower() == ".svg":  # drawn in every page: shapes only, nothing that runs or loads
                try:
                    svg = logo.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    svg = logo.read_bytes().decode("utf-8", "replace")
                problems.extend(content_gate.svg_problems(svg, display_path(logo)))

    brand = data.get("brand_colour")
    if "brand_colour" in data and brand not in (None, ""):
        brand_line = data.lines["brand_colour"]
        if not isinstance(brand, str) or not COLOUR_RE.match(brand):
            problem(brand_line, f"the brand colour '{brand}' is not a colour code",
                    "write it as a hex code in quotes, e.g. \"#1d4f91\"")
        else:
            brand = _expand_hex(brand)
            ratio = contrast_ratio(brand, "#ffffff")
            if ratio < 4.5:
                problem(brand_line,
                        f"white text on the brand colour {brand} has a contrast of {ratio:.2f}:1, "
                        "below the 4.5:1 that WCAG AA requires (the header uses white text on it)",
                        f"use a darker shade, e.g. \"{darken_to_contrast(brand)}\"")

    quick_exit = DEFAULT_QUICK_EXIT_URL
    if data.get("quick_exit_url") is not None:
        quick_exit = _url(data, "quick_exit_url", problem, schemes=("https",), what="quick_exit_url") \
            or DEFAULT_QUICK_EXIT_URL

    allow_indexing = _bool(data, "allow_indexing", problem, default=False)
    example = _bool(data, "example", problem, default=False)

    repository = None
    if data.get("repository") is not None:
        repository = _url(data, "repository", problem, schemes=("https",), what="repository",
                          hint="the address of the docs folder's edit view, e.g. "
                               "https://github.com/example/vertrouwenspersoon-gids/edit/main/docs/")
        if repository and not repository.endswith("/"):
            repository += "/"

    contacts = _contacts(data, problem)
    site_owner = _site_owner(data, problem) if data.get("site_owner") is not None else None
    open_to = _groups(data, problem)

    if problems:
        raise ValidationError(problems)
    return Organisation(path=path, name=name, brand_colour=brand, contacts=tuple(contacts),
                        site_url=site_url, logo=logo, quick_exit_url=quick_exit,
                        allow_indexing=allow_indexing, repository=repository, example=example,
                        site_owner=site_owner, lines=dict(data.lines), adviser_open_to=open_to)


def _site_owner(data: dict, problem) -> dict | None:
    """site_owner: {name, email and/or web}: where readers report a mistake in the site itself."""
    owner, line = data["site_owner"], data.lines["site_owner"]
    if not isinstance(owner, dict):
        problem(line, "site_owner must have a name and an e-mail address or web address",
                "write it as lines under 'site_owner:': 'name: …' and 'email: …' (or 'web: https://…')")
        return None
    problems_seen: list[str] = []
    before = 0

    def counting(at, message, fix):
        problems_seen.append(message)
        problem(at, message, fix)

    _unknown_keys(owner, SITE_OWNER_KEYS, "site_owner setting", counting)
    name = _texts(owner, "name", "site owner's name", counting, required=True, allow_plain=True)
    email = owner.get("email")
    if email is not None and (not isinstance(email, str) or not EMAIL_RE.match(email)):
        counting(owner.lines["email"], f"the site owner's e-mail address '{email}' is not valid",
                 "write it as name@example.org, without 'mailto:'")
    web = _url(owner, "web", counting, schemes=("https",), what="the site owner") if owner.get("web") else None
    if not email and not owner.get("web"):
        counting(line, "site_owner has no e-mail address and no web address",
                 "add 'email: …' or 'web: https://…', so readers can reach the people who run the site")
    if len(problems_seen) > before:
        return None
    return {"name": name, "email": email, "web": web}


def _groups(data: dict, problem) -> tuple[str, ...]:
    """`adviser_open_to:` a list of ADVISER_GROUPS ids; missing means DEFAULT_ADVISER_OPEN_TO."""
    value = data.get("adviser_open_to")
    if value is None:
        return DEFAULT_ADVISER_OPEN_TO
    allowed = ", ".join(ADVISER_GROUPS)
    if not isinstance(value, list) or not value:
        problem(data.lines["adviser_open_to"], "'adviser_open_to' must be a list of groups",
                f"write e.g. [employees, temp-workers, interns]; groups: {allowed}")
        return DEFAULT_ADVISER_OPEN_TO
    groups = []
    for i, group in enumerate(value):
        if not isinstance(group, str) or group not in ADVISER_GROUPS:
            close = difflib.get_close_matches(str(group), list(ADVISER_GROUPS), n=1)
            problem(value.lines[i], f"unknown group '{group}' in 'adviser_open_to'",
                    f"did you mean '{close[0]}'?" if close else f"use one of: {allowed}")
        elif group not in groups:
            groups.append(group)
    return tuple(g for g in ADVISER_GROUPS if g in groups) or DEFAULT_ADVISER_OPEN_TO


def _unknown_keys(mapping: dict, allowed: set[str], what: str, problem) -> None:
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            fix = f"did you mean '{close[0]}'?" if close else \
                f"remove it; known {what}s are: {', '.join(sorted(allowed))}"
            problem(mapping.lines[key], f"unknown {what} '{key}'", fix)


def _texts(mapping: dict, key: str, what: str, problem, *, required: bool,
           allow_plain: bool = False) -> dict[str, str] | None:
    """A text given per language ({nl: ..., en: ...}); with allow_plain one string serves both."""
    if key not in mapping or mapping[key] is None:
        if required:
            problem(mapping.line, f"the {what} is missing", f"add '{key}:' with 'nl:' and 'en:' text")
        return None
    value, line = mapping[key], mapping.lines[key]
    if isinstance(value, str):
        if allow_plain and value.strip():
            return {lang: str(value) for lang in LANGUAGES}
        if not value.strip():
            problem(line, f"the {what} is empty", "fill it in, or remove the line")
            return None
        problem(line, f"the {what} must be given in Dutch and English",
                f"write it as two lines under '{key}:': 'nl: …' and 'en: …'")
        return None
    out = entries.text_map(value, line, TEXT_WORDS, problem, key=key, what=what)
    return out if len(out) == len(LANGUAGES) else None


def _url(mapping: dict, key: str, problem, *, schemes: tuple[str, ...], what: str,
         hint: str = "", site: bool = False) -> str | None:
    value, line = mapping[key], mapping.lines[key]
    reason = url_problem(value, schemes, site=site) if isinstance(value, str) else "scheme"
    if reason:
        need = " or ".join(f"{s}://" for s in schemes)
        said = "" if reason == "scheme" else f" ({reason})"
        problem(line, f"'{value}' is not a valid web address for {what}{said}",
                hint if hint and reason == "scheme" else
                f"write a full address starting with {need}" if reason == "scheme" else URL_FIX)
        return None
    return str(value)


# A web address the templates put between quotes in href="…": none of these may appear in it,
# so it can never end the attribute, add one (target="_blank"), or hide where it really goes.
URL_UNSAFE = {'"': "a double quote", "'": "a quote", "<": "'<'", ">": "'>'", "`": "a backquote",
              "\\": "a backslash", "{": "'{'", "}": "'}'", "|": "'|'", "^": "'^'"}
URL_FIX = ("write the address as the browser's address bar shows it after you open the page, starting with "
           "https://, without spaces, quotes or angle brackets")
HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def url_problem(value: str, schemes=("https",), *, site: bool = False) -> str:
    """Why `value` is not a safe web address ("" when it is; "scheme" when it does not start with
    one of `schemes`). `site`: the site's own address: https (http only on this computer, for
    `mkdocs serve`), and no ?query or #fragment, which would end up in every canonical link."""
    for ch in value:
        if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7f or ch in URL_UNSAFE:
            return ("it contains a space" if ch == " " else "it contains a line break or tab" if ch.isspace()
                    else URL_UNSAFE.get(ch) and f"it contains {URL_UNSAFE[ch]}" or "it contains a control character")
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return "it contains a '%' that is not followed by two hexadecimal digits"
    parts = urlsplit(value)
    host = parts.hostname or ""
    local = site and host in LOCAL_HOSTS and parts.scheme == "http"
    if parts.scheme not in schemes and not local:
        return "scheme"
    if not value.lower().startswith(f"{parts.scheme}://"):
        return "scheme"
    if "@" in parts.netloc:
        return "it has a name and '@' before the host, so it would lead somewhere else than it seems to"
    if not host or not HOST_RE.match(host) or ("." not in host and not local):
        return "it has no valid host name (such as www.example.org)"
    try:
        parts.port
    except ValueError:
        return "its port number is not valid"
    if site and ("?" in value or "#" in value):
        return "the site's address cannot have a ?query or a #fragment: every page address would carry it"
    return ""


def _is_url(value: str, schemes=("http", "https")) -> bool:
    return not url_problem(value, schemes)


def site_url_problem(value: str) -> str:
    """Why the site's own address (site_url, SITE_URL) cannot be used ("" when it can)."""
    reason = url_problem(value, ("https",), site=True)
    return ("it must start with https:// (http:// only for http://127.0.0.1 or http://localhost while previewing)"
            if reason == "scheme" else reason)


def _bool(mapping: dict, key: str, problem, *, default: bool) -> bool:
    if mapping.get(key) is None:
        return default
    value = mapping[key]
    if not isinstance(value, bool):
        problem(mapping.lines[key], f"'{key}' must be true or false, not '{value}'", "write true or false")
        return default
    return value


def normalise_phone(raw: str) -> str | None:
    """The tel: form of a Dutch or international number, or None when it is not a phone number.

    Dutch: 10 digits starting with 0 (020 123 4567, 06-12345678), or a 0800/0900/0906/0909
    service number with 4–7 digits. International: + and 8–15 digits (E.164); +31 needs 9 more.
    """
    if not PHONE_CHARS_RE.match(raw):
        return None
    compact = raw.replace("(0)", "")
    digits = re.sub(r"\D", "", compact)
    if compact.strip().startswith("+"):
        if digits.startswith("31"):
            return "+" + digits if len(digits) == 11 and digits[2] != "0" else None
        return "+" + digits if 8 <= len(digits) <= 15 and digits[0] != "0" else None
    if re.match(r"^0(800|900|906|909)", digits):
        return digits if 8 <= len(digits) <= 11 else None
    if len(digits) == 10 and digits.startswith("0") and digits[1] != "0":
        return "+31" + digits[1:]
    return None


def _contacts(data: dict, problem) -> list[Contact]:
    raw = data.get("contacts")
    if raw is None:
        return []
    if not isinstance(raw, list):
        problem(data.lines["contacts"], "'contacts' must be a list of contacts",
                "start every contact with '- id: …' under 'contacts:'")
        return []
    contacts: list[Contact] = []
    ids = entries.Ids(problem, CONTACT_IDS)
    for _, _, item in entries.mappings(raw, problem, NOT_A_CONTACT):
        _unknown_keys(item, CONTACT_KEYS, "contact field", problem)
        for key in CONTACT_REQUIRED:
            if item.get(key) in (None, ""):
                problem(item.lines.get(key, item.line), f"this contact has no '{key}'", f"add '{key}:'")
        cid = item.get("id")
        if isinstance(cid, str) and cid:
            ids.check(cid, item.lines["id"])
        elif cid not in (None, ""):
            problem(item.lines["id"], "the contact id must be text", "use e.g. vp-intern")
        role = item.get("role")
        if isinstance(role, (dict, list)):  # e.g. a translation {nl: …, en: …}: roles are fixed words
            problem(item.lines["role"], "the role must be one word, not a list or a translation",
                    f"use one of: {', '.join(ROLES)} (the site shows its name in each language)")
            role = None
        elif role not in (None, "") and role not in ROLES:
            close = difflib.get_close_matches(str(role), list(ROLES), n=1)
            problem(item.lines["role"], f"unknown role '{role}'",
                    f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(ROLES)}")
        name = None
        if item.get("name") not in (None, ""):
            name = _texts(item, "name", "contact name", problem, required=True, allow_plain=True)
        phone = phone_href = email = web = None
        if item.get("phone") is not None:
            phone = str(item["phone"])
            phone_href = normalise_phone(phone)
            if not phone_href:
                problem(item.lines["phone"], f"'{phone}' is not a valid phone number",
                        "write a Dutch number with 10 digits (020 123 4567, 06 1234 5678), a 0800/0900 "
                        "number, or an international number starting with + (e.g. +31 20 123 4567)")
        if item.get("email") is not None:
            email = str(item["email"]).strip()
            if not EMAIL_RE.match(email):
                problem(item.lines["email"], f"'{email}' is not a valid e-mail address",
                        "write it as name@example.org, without 'mailto:'")
        if item.get("web") is not None:
            web = _url(item, "web", problem, schemes=("http", "https"), what="the contact's web address")
        if phone is None and email is None and item.get("web") is None:
            problem(item.line, "this contact has no phone number, e-mail address or web address",
                    "add at least one of 'phone:', 'email:' or 'web:' so readers can reach them")
        texts = {key: _texts(item, key, key, problem, required=False) for key in CONTACT_TEXTS}
        languages: list[str] = []
        if item.get("languages") is not None:
            value = item["languages"]
            if not isinstance(value, list) or not value:
                problem(item.lines["languages"], "'languages' must be a list of language codes",
                        "write e.g. [nl, en]")
            else:
                for i, code in enumerate(value):
                    if not isinstance(code, str) or not LANG_CODE_RE.match(code):
                        problem(value.lines[i], f"'{code}' is not a language code",
                                "use two-letter codes such as nl, en, de, tr, ar, pl")
                    else:
                        languages.append(code)
        contacts.append(Contact(
            id=str(cid or ""), role=str(role or ""), name=name or {}, phone=phone, phone_href=phone_href,
            email=email, web=web, hours=texts["hours"], location=texts["location"],
            languages=tuple(languages), note=texts["note"], line=item.line,
            external=_bool(item, "external", problem, default=None),
        ))
    # A misspelled role is reported on its own line; "no VP" would then only be noise.
    all_roles_known = all(c.role in ROLES for c in contacts)
    if all_roles_known and not any(c.role in VP_ROLES for c in contacts) and isinstance(raw, list) and raw:
        problem(data.lines["contacts"], "there is no confidential adviser (vertrouwenspersoon) among the contacts",
                "add a contact with 'role: internal-vp' or 'role: external-vp'")
    elif isinstance(raw, list) and not raw:
        problem(data.lines["contacts"], "the contact list is empty",
                "add at least one contact with 'role: internal-vp' or 'role: external-vp'")
    return contacts


# --------------------------------------------------------------------------- colour


def _expand_hex(colour: str) -> str:
    colour = colour.lower()
    if len(colour) == 4:
        colour = "#" + "".join(ch * 2 for ch in colour[1:])
    return colour


def _luminance(colour: str) -> float:
    colour = _expand_hex(colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two hex colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_to_contrast(colour: str, target: float = 4.5) -> str:
    """The same hue, darkened in small steps until white text on it reaches the target."""
    colour = _expand_hex(colour)
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    for step in range(101):
        factor = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * factor):02x}" for c in rgb)
        if contrast_ratio(candidate, "#ffffff") >= target + 0.05:
            return candidate
    return "#000000"


# --------------------------------------------------------------------------- rendering

_LANGUAGE_NAMES = {
    "nl": {"nl": "Nederlands", "en": "Engels", "de": "Duits", "fr": "Frans", "tr": "Turks", "ar": "Arabisch",
           "pl": "Pools", "es": "Spaans", "uk": "Oekraïens", "pap": "Papiaments", "zgh": "Tamazight",
           "ber": "Berbers", "so": "Somalisch", "ti": "Tigrinya", "ru": "Russisch", "pt": "Portugees"},
    "en": {"nl": "Dutch", "en": "English", "de": "German", "fr": "French", "tr": "Turkish", "ar": "Arabic",
           "pl": "Polish", "es": "Spanish", "uk": "Ukrainian", "pap": "Papiamento", "zgh": "Tamazight",
           "ber": "Berber", "so": "Somali", "ti": "Tigrinya", "ru": "Russian", "pt": "Portuguese"},
}


def language_name(code: str, lang: str) -> str:
    """Name of a spoken language in the page language; Babel (a Material dependency) knows the rest."""
    known = _LANGUAGE_NAMES[lang].get(code)
    if known:
        return known
    try:
        from babel import Locale
        return Locale(lang).languages.get(code, code)
    except Exception:  # noqa: BLE001 - an unknown code is shown as written
        return code


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_contact(contact: Contact, lang: str, *, heading_level: int = 3, example: bool = False,
                   anchor: bool = True) -> str:
    """One contact as escaped HTML: name heading, role, a definition list of ways to reach them, note.

    `example` marks phone numbers and addresses as fictional (the shipped example organisation).
    `anchor=False` leaves out the id, for pages that show the same contact more than once.
    """
    h = max(2, min(6, heading_level))
    ident = f' id="contact-{_e(contact.id)}"' if anchor else ""
    parts = [f'<div class="vp-contact vp-contact--{_e(contact.role)}"{ident}>',
             f'<h{h} class="vp-contact__name">{_e(contact.name[lang])}</h{h}>',
             f'<p class="vp-contact__role">{_e(ROLES[contact.role][lang])}</p>',
             '<dl class="vp-contact__details">']

    def row(label_key: str, value_html: str):
        parts.append(f"<dt>{_e(LABELS[label_key][lang])}</dt><dd>{value_html}</dd>")

    mark_number = f' <span class="vp-contact__example">({_e(LABELS["example_number"][lang])})</span>' \
        if example else ""
    mark_address = f' <span class="vp-contact__example">({_e(LABELS["example_address"][lang])})</span>' \
        if example else ""
    if contact.phone:
        row("phone", f'<a href="tel:{_e(contact.phone_href)}">{_e(contact.phone)}</a>{mark_number}')
    if contact.email:
        row("email", f'<a href="mailto:{_e(contact.email)}">{breakable(contact.email)}</a>{mark_address}')
    if contact.web:
        shown = re.sub(r"^https?://", "", contact.web).rstrip("/")
        row("web", f'<a href="{_e(contact.web)}">{breakable(shown)}</a>{mark_address}')
    if contact.hours:
        row("hours", _e(contact.hours[lang]))
    if contact.location:
        row("location", _e(contact.location[lang]))
    if contact.languages:
        row("languages", _e(", ".join(language_name(code, lang) for code in contact.languages)))
    parts.append("</dl>")
    if contact.note:
        parts.append(f'<p class="vp-contact__note">{_e(contact.note[lang])}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def render_contacts(organisation: Organisation, lang: str, *, contacts=None, heading_level: int = 3,
                    anchor: bool = True, anchored: set[str] | None = None) -> str:
    """Several contacts (default: all, in role order), for the contact page or a routing outcome.

    `anchored`: the ids of contacts that already have their id="contact-…" on this page; a contact
    in it is shown without one (ids are unique), and the ones given an id here are added to it.
    """
    chosen = list(contacts) if contacts is not None else \
        sorted(organisation.contacts, key=lambda c: list(ROLES).index(c.role))
    inner = "\n".join(render_contact(c, lang, heading_level=heading_level, example=organisation.example,
                                     anchor=_first_on_page(c, anchored) if anchor else False) for c in chosen)
    return f'<div class="vp-contacts">\n{inner}\n</div>'


def _first_on_page(contact: Contact, anchored: set[str] | None) -> bool:
    if anchored is None:
        return True
    first = contact.id not in anchored
    anchored.add(contact.id)
    return first


# --------------------------------------------------------------------------- markers in pages


def marker_problems(text: str, file: str, organisation: Organisation, *, first_line: int = 1) -> list[Problem]:
    """`file:line` problems for `<!-- vp-contact: id -->` markers naming an unknown contact.

    `first_line` is the line in the file where `text` starts (after front matter).
    """
    problems = []
    for match in CONTACT_MARKER_RE.finditer(text):
        cid = match.group("id")
        if organisation.contact(cid) is None:
            line = first_line + text.count("\n", 0, match.start())
            known = ", ".join(c.id for c in organisation.contacts)
            close = difflib.get_close_matches(cid, [c.id for c in organisation.contacts], n=1)
            fix = f"did you mean '{close[0]}'?" if close else f"use one of the ids in the organisation file: {known}"
            problems.append(Problem(file, line, f"there is no contact with the id '{cid}'", fix))
    return problems


MARKERS_RE = re.compile("|".join(f"(?:{r.pattern})" for r in (CONTACTS_MARKER_RE, CONTACT_MARKER_RE,
                                                               SITE_OWNER_MARKER_RE)))


def replace_markers(html_text: str, organisation: Organisation, lang: str) -> str:
    """Replace contact markers in rendered page HTML (unknown ids were reported before), in page
    order: a contact shown twice (the list of all contacts and a slot naming one) keeps its id once."""
    anchored: set[str] = set()

    def one(match):
        marker = match.group(0)
        if CONTACTS_MARKER_RE.fullmatch(marker):
            return render_contacts(organisation, lang, anchored=anchored)
        if SITE_OWNER_MARKER_RE.fullmatch(marker):
            return render_site_owner(organisation, lang)
        contact = organisation.contact(match.group("id"))
        if contact is None:
            return marker
        return render_contact(contact, lang, example=organisation.example,
                              anchor=_first_on_page(contact, anchored))

    return MARKERS_RE.sub(one, html_text)


SITE_OWNER_WORDS = {
    "nl": {"intro": "Vragen over deze site, of een fout gezien? Neem contact op met {name}:",
           "none": "Deze organisatie heeft nog niet ingevuld wie je kunt mailen over de site zelf. "
                   "Vraag het aan de afdeling die het intranet beheert."},
    "en": {"intro": "Questions about this site, or did you spot a mistake? Contact {name}:",
           "none": "This organisation has not yet filled in whom you can contact about the site itself. "
                   "Ask the department that runs the intranet."},
}


def render_site_owner(organisation: Organisation, lang: str) -> str:
    """Who runs the site (from site_owner:), escaped; an honest sentence when it is not set."""
    owner = organisation.site_owner
    words = SITE_OWNER_WORDS[lang]
    if not owner:
        return f'<p class="vp-site-owner">{_e(words["none"])}</p>'
    links = []
    if owner.get("email"):
        links.append(f'<a href="mailto:{_e(owner["email"])}">{_e(owner["email"])}</a>')
    if owner.get("web"):
        links.append(f'<a href="{_e(owner["web"])}">{_e(owner["web"])}</a>')
    return (f'<p class="vp-site-owner">{_e(words["intro"].format(name=owner["name"][lang]))} '
            f'{" / ".join(links)}.</p>')


__all__ = [
    "ROLES", "VP_ROLES", "LANGUAGES", "Contact", "Organisation", "organisation_path", "load",
    "render_contact", "render_contacts", "marker_problems", "replace_markers", "contrast_ratio",
    "normalise_phone", "ValidationError",
]
