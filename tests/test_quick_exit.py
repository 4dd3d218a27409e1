"""Quick exit ("Snel weg"): a plain link without JavaScript; with it, the page hides at once and is
replaced in history, by click, keyboard or Shift pressed 3 times. Real build, real Chromium.

The site is built once for this module with an organisation file whose quick-exit destination is
a second loopback server (another origin, like the real neutral page; https, because the
organisation file accepts nothing else), because no outside host is reachable here.
"""

from __future__ import annotations

import http.server
import re
import shutil
import ssl
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from support import CHROMIUM_FLAGS, ROOT, build, chromium_path, html_pages, missing, serve

SUBPATH = "/vertrouwenspersoon/"
TEXT = yaml.safe_load((ROOT / "docs" / "_data" / "quick-exit.yml").read_text(encoding="utf-8"))
WIDTHS = (320, 1280)

pytestmark = pytest.mark.browser


class Neutral:
    """A stand-in for the neutral outside page: another origin, remembers what browsers sent it."""

    def __init__(self, tls_dir: Path):
        self.requests: list[dict] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            log_message = lambda *a, **k: None  # noqa: E731

            def do_GET(self):  # noqa: N802 (http.server API)
                outer.requests.append({"path": self.path, "referer": self.headers.get("Referer")})
                body = b"<!doctype html><html lang=nl><title>Het weer</title><p>Zonnig.</p></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(tls_dir / "cert.pem", tls_dir / "key.pem")
        self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_port}/weer/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def last_visit(self) -> dict:
        return [r for r in self.requests if r["path"] == "/weer/"][-1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def neutral(tmp_path_factory):
    """The neutral page over https with a throw-away self-signed certificate."""
    tls_dir = tmp_path_factory.mktemp("tls")
    if not shutil.which("openssl"):
        missing("openssl", "apt-get install openssl")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(tls_dir / "key.pem"), "-out", str(tls_dir / "cert.pem")],
                   check=True, capture_output=True)
    server = Neutral(tls_dir)
    yield server
    server.close()


@pytest.fixture(scope="module")
def qe_site(tmp_path_factory, neutral):
    """The example organisation, its quick-exit destination moved to the loopback neutral page."""
    folder = tmp_path_factory.mktemp("qe")
    org = shutil.copytree(ROOT / "examples" / "organisation", folder / "organisation")
    text = (org / "organisation.yml").read_text(encoding="utf-8")
    assert "quick_exit_url: https://www.buienradar.nl/" in text
    (org / "organisation.yml").write_text(text.replace("https://www.buienradar.nl/", neutral.url), encoding="utf-8")
    build(folder / "site", site_url="https://intranet.example.org" + SUBPATH, env={"VP_ORGANISATION": str(org)})
    return folder / "site"


@pytest.fixture
def page_factory(page_factory):
    """Contexts that accept the neutral page's self-signed certificate."""
    return lambda **kwargs: page_factory(ignore_https_errors=True, **kwargs)


@pytest.fixture(scope="module")
def qe_url(qe_site):
    with serve(qe_site, SUBPATH) as url:
        yield url


def lang_prefix(lang: str) -> str:
    return "" if lang == "nl" else f"{lang}/"


def visit(page_factory, url: str, *, width: int = 1280, javascript: bool = True, history: tuple = ()):
    """Open url in a fresh context, after the pages in `history` (so Back has somewhere to go)."""
    page = page_factory(javascript=javascript, viewport={"width": width, "height": 700})
    for earlier in history:
        page.goto(earlier)
    page.goto(url)
    return page


def wait_left(page, neutral):
    page.wait_for_url(neutral.url, timeout=5000)
    assert page.title() == "Het weer"


def assert_replaced(page, neutral, previous: str, length: int):
    """After leaving, Back must land on the page before the one that was left, never on it."""
    assert page.evaluate("history.length") == length, "leaving added a history entry instead of replacing one"
    page.go_back()
    assert page.url == previous, f"Back went to {page.url}, expected {previous}"


# --- Build output: on every page, in both languages -------------------------------------------


def test_text_file_has_every_key_for_every_language():
    from hooks.quick_exit import KEYS, check_text  # noqa: PLC0415
    from vpgids.yamlfile import load  # noqa: PLC0415

    data = load(ROOT / "docs" / "_data" / "quick-exit.yml")
    assert check_text(data, "quick-exit.yml", ["nl", "en"]) == []
    assert set(data) == {"nl", "en"} and all(set(data[lang]) == set(KEYS) for lang in data)


def test_text_file_problems_name_file_and_line(tmp_path):
    from hooks.quick_exit import check_text  # noqa: PLC0415
    from vpgids.yamlfile import load  # noqa: PLC0415

    broken = (ROOT / "docs" / "_data" / "quick-exit.yml").read_text(encoding="utf-8")
    broken = broken.replace("  press_one: Shift. Press", "  press_on: Shift. Press")  # typo in English
    (tmp_path / "qe.yml").write_text(broken, encoding="utf-8")
    problems = [str(p) for p in check_text(load(tmp_path / "qe.yml"), "qe.yml", ["nl", "en", "de"])]
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "press_on:" in text)
    assert any(p.startswith(f"qe.yml:{line}: 'en' has an unknown key 'press_on'") for p in problems), problems
    assert any("'en' has no 'press_one'" in p for p in problems), problems
    assert any("the language 'de' has no words" in p for p in problems), problems


def test_organisation_destination_wins_and_unsafe_ones_are_refused():
    from types import SimpleNamespace  # noqa: PLC0415

    from hooks.quick_exit import check_destination, destination  # noqa: PLC0415

    both = SimpleNamespace(extra={"organisation": {"quick_exit_url": "https://org.example.org/"},
                                  "quick_exit_url": "https://fallback.example.org/"})
    assert destination(both)[0] == "https://org.example.org/"
    assert destination(SimpleNamespace(extra={"quick_exit_url": "https://fallback.example.org/"}))[0] == (
        "https://fallback.example.org/")
    assert check_destination("https://www.buienradar.nl/", "x") == []
    for unsafe in ("javascript:alert(1)", "", "/relative/", "data:text/html,hi"):
        assert check_destination(unsafe, "organisation.yml quick_exit_url"), unsafe


def test_every_page_has_button_skip_link_and_safety_link(qe_site, neutral):
    pages = html_pages(qe_site)
    assert len(pages) >= 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(qe_site).as_posix()
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        words = TEXT[lang]
        button = re.findall(r'<a href="([^"]*)" rel="noreferrer" class="qe__button" data-qe>([^<]*)</a>', html)
        skip = re.findall(r'<a href="([^"]*)" rel="noreferrer" class="md-skip qe-skip" data-qe>([^<]*)</a>', html)
        assert button == [(neutral.url, words["label"])], f"{rel}: button {button}"
        assert skip == [(neutral.url, words["skip_link"])], f"{rel}: skip link {skip}"
        # Tab order: Material's skip link, ours, the header, then the button (at the header's end).
        order = [html.index(s) for s in ('data-md-component="skip"', "qe-skip", "<header", "qe__button")]
        assert order == sorted(order), f"{rel}: quick-exit parts out of order {order}"
        for key in ("press_two", "press_one", "expired"):
            assert f'="{words[key]}"' in html, f"{rel}: announcement {key} missing"
        safety = re.findall(r'<a href="([^"]*)" class="qe-safety">([^<]*)</a>', html)
        assert len(safety) == 1 and safety[0][1] == words["safety_link"], f"{rel}: footer link {safety}"
        href = safety[0][0]
        if href.startswith("/"):  # the 404 page links by absolute path: it is served at any address
            assert href.startswith(SUBPATH), f"{rel}: {href}"
            target = qe_site / href[len(SUBPATH):] / "index.html"
        else:
            target = Path(urljoin(f"{qe_site}/{rel}", href)) / "index.html"
        assert target.exists(), f"{rel}: footer link {href} leads nowhere"
        assert f'<html lang="{lang}"' in target.read_text(encoding="utf-8"), f"{rel}: footer link to the other language"
        assert target.parent.name == "veilig-browsen", f"{rel}: {href}"


# --- Without JavaScript: plain links -----------------------------------------------------------


def test_without_javascript_button_and_skip_link_are_plain_links(page_factory, qe_url, neutral):
    home, contact = qe_url, qe_url + "contact/"
    page = visit(page_factory, contact, javascript=False, history=(home,))
    page.click(".qe__button")
    wait_left(page, neutral)
    assert neutral.last_visit()["referer"] is None, "the neutral page learned where the reader came from"
    page.go_back()  # without JavaScript the page cannot replace itself: Back returns (the page says so)
    assert page.url == contact
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    wait_left(page, neutral)


# --- With JavaScript ---------------------------------------------------------------------------


def test_click_hides_page_and_replaces_history(page_factory, qe_url, neutral):
    home, contact = qe_url, qe_url + "contact/"
    page = visit(page_factory, contact, history=(home,))
    length = page.evaluate("history.length")
    page.wait_for_load_state("networkidle")  # the search worker fetches its files after load
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    hidden = page.evaluate("""() => new Promise(done => {
        const seen = {};
        window.addEventListener('pagehide', () => {}, {once: true});
        document.querySelector('.qe__button').click();
        seen.display = getComputedStyle(document.documentElement).display;
        seen.title = document.title;
        done(seen);
    })""")
    assert hidden["display"] == "none", "the page stays visible after activation"
    assert not re.search(r"\w", hidden["title"]), f"the tab still says {hidden['title']!r}"
    wait_left(page, neutral)
    assert requests and requests[0] == neutral.url, f"activation made other requests: {requests}"
    assert all(r.startswith(neutral.url[:-5]) for r in requests), f"activation made other requests: {requests}"
    assert neutral.last_visit()["referer"] is None
    assert_replaced(page, neutral, home, length)


def test_skip_link_comes_right_after_material_skip_link_and_leaves(page_factory, qe_url, neutral):
    home, contact = qe_url, qe_url + "contact/"
    page = visit(page_factory, contact, history=(home,))
    length = page.evaluate("history.length")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.md-skip:not(.qe-skip)')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.md-skip.qe-skip')")
    box = page.locator(".qe-skip").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, "the focused skip link is off screen"
    # Material fades skip links in (a 0.25 s transition); it must end fully visible.
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=3000)
    page.keyboard.press("Enter")
    wait_left(page, neutral)
    assert_replaced(page, neutral, home, length)


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_to_button_and_press_enter(page_factory, qe_url, neutral, width):
    home, contact = qe_url, qe_url + "contact/"
    page = visit(page_factory, contact, width=width, history=(home,))
    length = page.evaluate("history.length")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('qe__button')"):
            break
    else:
        pytest.fail("Tab never reached the button")
    page.keyboard.press("Enter")
    wait_left(page, neutral)
    assert_replaced(page, neutral, home, length)


def status(page) -> str:
    return page.locator(".qe__status").text_content()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_shift_three_times_announces_and_leaves(page_factory, qe_url, neutral, lang):
    home, contact = qe_url + lang_prefix(lang), qe_url + lang_prefix(lang) + "contact/"
    page = visit(page_factory, contact, history=(home,))
    length = page.evaluate("history.length")
    assert page.get_attribute(".qe__status", "role") == "status"
    page.keyboard.press("Shift")
    assert status(page) == TEXT[lang]["press_two"]
    page.keyboard.press("Shift")
    assert status(page) == TEXT[lang]["press_one"]
    page.keyboard.press("Shift")
    wait_left(page, neutral)
    assert_replaced(page, neutral, home, length)


def test_shift_counts_even_in_the_search_field(page_factory, qe_url, neutral):
    page = visit(page_factory, qe_url)
    page.click(".md-search__input")
    page.keyboard.type("hulp")
    for _ in range(3):
        page.keyboard.press("Shift")
    wait_left(page, neutral)


@pytest.mark.parametrize("other", ["Shift+A", "a", "Control", "Enter"])
def test_any_other_key_resets_the_count(page_factory, qe_url, neutral, other):
    page = visit(page_factory, qe_url + "contact/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press(other)  # Shift+A: Shift used to type a capital is not a signal either
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == qe_url + "contact/", f"left after Shift, Shift, {other}, Shift"
    assert page.evaluate("getComputedStyle(document.documentElement).display") != "none"
    assert status(page) == TEXT["nl"]["press_two"], "the count did not start again"


def test_shift_presses_expire_after_five_seconds(page_factory, qe_url):
    page = page_factory(viewport={"width": 1280, "height": 700})
    page.clock.install(time=1_800_000_000_000)
    page.goto(qe_url + "en/contact/")
    page.clock.pause_at(1_800_000_060_000)  # freeze time: only run_for moves it, however slow the machine
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(4000)
    assert status(page) == TEXT["en"]["press_one"]
    page.clock.run_for(1500)
    assert status(page) == TEXT["en"]["expired"]
    page.keyboard.press("Shift")
    assert status(page) == TEXT["en"]["press_two"], "after expiry the count must start from one"


@pytest.fixture(scope="module")
def bfcache_page(browser):
    """Playwright turns the back/forward cache off by default; this test needs a browser with it on."""
    instance = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS,
                                           ignore_default_args=["--disable-back-forward-cache"])
    yield instance.new_page()
    instance.close()


def test_page_restored_from_back_forward_cache_is_shown_again(bfcache_page, qe_url):
    """If leaving is interrupted (here: stopped like the Stop button does) and the reader comes back
    to the hidden page through the back/forward cache, it must be usable again, not blank."""
    contact, page = qe_url + "contact/", bfcache_page
    page.goto(contact)
    title = page.title()
    page.evaluate("""() => {
        window.restored = false;
        window.addEventListener('pageshow', e => { window.restored = e.persisted; });
        document.querySelector('.qe__button').click();
        window.stop();
    }""")
    assert page.evaluate("getComputedStyle(document.documentElement).display") == "none"
    page.goto(qe_url + "hulplijnen/")
    page.go_back(wait_until="commit")  # a restored page fires no new load event
    page.wait_for_function("window.restored !== undefined")
    assert page.url == contact
    assert page.evaluate("window.restored") is True, "not restored from the back/forward cache"
    assert page.evaluate("getComputedStyle(document.documentElement).display") != "none"
    assert page.title() == title
    page.keyboard.press("Shift")
    assert status(page) == TEXT["nl"]["press_two"], "the Shift count did not start again"


# --- Layout: always visible, never covering focused content ------------------------------------

COVERED = """sel => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return {inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 0,
            mine: !!hit && (hit === el || el.contains(hit)),
            hit: hit ? hit.outerHTML.slice(0, 120) : null};
}"""


def assert_visible(page, selector: str, when: str):
    result = page.evaluate(COVERED, selector)
    assert result["inView"], f"{selector} is not fully on screen {when}"
    assert result["mine"], f"{selector} is covered by {result['hit']} {when}"


OVERLAPPED_CONTROLS = """() => {
    const q = document.querySelector('.qe__button').getBoundingClientRect();
    const shown = el => { const r = el.getBoundingClientRect(), st = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.opacity !== '0'; };
    return [...document.querySelectorAll(
        '.md-header__button, .md-header__option .md-select, .md-search__input, .md-search__options button')]
        .filter(shown)
        .filter(el => { const r = el.getBoundingClientRect();
            return r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top; })
        .map(el => el.outerHTML.slice(0, 100));
}"""


def assert_no_control_under_button(page, when: str):
    overlapped = page.evaluate(OVERLAPPED_CONTROLS)
    assert overlapped == [], f"the quick-exit button covers header controls {when}: {overlapped}"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_button_stays_visible_and_covers_no_header_control(page_factory, qe_url, width, lang):
    page = visit(page_factory, qe_url + lang_prefix(lang) + "veilig-browsen/", width=width)
    assert_visible(page, ".qe__button", "on load")
    assert_no_control_under_button(page, "on load")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert_visible(page, ".qe__button", "after scrolling")
    # Search open, with a query, so that its result list and clear button show.
    if width < 960:
        page.click("label.md-header__button[for=__search]")
    else:
        page.click(".md-search__input")
    page.keyboard.type("vertrouwenspersoon")
    page.wait_for_selector(".md-search-result__item")
    assert_visible(page, ".qe__button", "with the search open")
    assert_no_control_under_button(page, "with the search open")
    page.keyboard.press("Escape")
    if width < 960:  # the navigation drawer
        page.evaluate("document.getElementById('__drawer').click()")
        page.wait_for_timeout(400)
        assert_visible(page, ".qe__button", "with the navigation drawer open")


BANNER = """() => {
    // Material's own markup for an announcement banner (block announce) and the cookie consent.
    document.querySelector('[data-md-component=announce]').innerHTML =
        '<aside class="md-banner"><div class="md-banner__inner md-grid md-typeset"><p>' +
        'Let op: dit is een lange mededeling van de organisatie, met een <a href="#">link</a> aan het eind.'.repeat(3) +
        '</p></div></aside>';
    document.body.insertAdjacentHTML('beforeend', '<div class="md-consent" data-md-component="consent">' +
        '<div class="md-consent__overlay"></div><aside class="md-consent__inner"><form class="md-consent__form ' +
        'md-grid md-typeset"><p>Cookies?</p></form></aside></div>');
    scrollTo(0, 0);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_banner_and_consent_never_cover_the_button_nor_go_under_it(page_factory, qe_url, width):
    page = visit(page_factory, qe_url + "contact/", width=width)
    page.evaluate(BANNER)
    assert_visible(page, ".qe__button", "with a banner and the consent dialog shown")
    overlap = page.evaluate("""() => {
        const q = document.querySelector('.qe__button').getBoundingClientRect();
        return [...document.querySelectorAll('.md-banner p, .md-banner a')].map(el => el.getBoundingClientRect())
            .filter(r => r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top).length;
    }""")
    assert overlap == 0, "banner text runs under the quick-exit button"


FOCUS_WALK = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const q = document.querySelector('.qe__button').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const inHeader = !!el.closest('.md-header, .qe') || el.classList.contains('md-skip');
    const offScreen = r.right <= 0 || r.left >= innerWidth;  // e.g. the closed navigation drawer
    const overlap = r.width > 0 && r.height > 0 && r.left < q.right && r.right > q.left && r.top < q.bottom && r.bottom > q.top;
    const h = document.querySelector('.md-header').getBoundingClientRect();
    const underHeader = r.width > 0 && r.height > 0 && r.top < h.bottom && r.bottom > h.top && r.bottom > 0;
    return {id: el.outerHTML.slice(0, 100), inHeader, offScreen, overlap, underHeader, top: r.top};
}"""


# Walking back (Shift+Tab) is where sticky bars cover focus: the page scrolls up under them.
@pytest.mark.parametrize(("width", "direction"), [(320, "Tab"), (320, "Shift+Tab"), (1280, "Shift+Tab")])
def test_focused_elements_are_never_under_the_button(page_factory, qe_url, width, direction):
    page = visit(page_factory, qe_url + "veilig-browsen/", width=width)
    if direction == "Shift+Tab":  # start at the end, so that walking back scrolls the page up
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.locator(".md-footer-meta a").last.focus()
    seen, checked = set(), 0
    for _ in range(100):
        page.keyboard.press(direction)
        info = page.evaluate(FOCUS_WALK)
        if info is None:
            continue
        if info["id"] in seen and checked > 5:
            break
        seen.add(info["id"])
        if info["inHeader"] or info["offScreen"]:
            continue
        checked += 1
        assert not info["overlap"], f"focused element under the quick-exit button: {info}"
        assert not info["underHeader"], f"focused element under the sticky header: {info}"
    assert checked >= 10, f"only {checked} focusable elements checked"


def test_hidden_in_print(page_factory, qe_url):
    page = visit(page_factory, qe_url)
    page.emulate_media(media="print")
    for selector in (".qe", ".qe-skip"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display") == "none"
