from support import html_pages


def test_strict_build_produces_both_languages(site):
    pages = html_pages(site)
    assert (site / "index.html").exists() and (site / "en" / "index.html").exists()
    assert len([p for p in pages if p.relative_to(site).parts[0] == "en"]) >= 10
