"""placette/core/markdown.py: user Markdown to safe HTML (markdown-it, then the nh3 allow-list)."""

import re

import pytest
from django.template import Context, Template

from placette.core.markdown import render


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "avant <script src=https://evil.example/x.js></script> après",
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">lien</a>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
        '<div style="position:fixed">cadre</div>',
        "<form action=https://evil.example><input name=x></form>",
    ],
)
def test_raw_html_is_escaped_never_rendered(text):
    html = render(text)
    assert not re.search(r"<(script|img|iframe|style|div|form|input)\b", html)
    assert not re.search(r"<a\b[^>]*onclick", html)


def test_typed_html_is_kept_as_visible_text():
    assert render("<b>gras</b>") == "<p>&lt;b&gt;gras&lt;/b&gt;</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](  javascript:alert(1))",
        "[clic](java&#115;cript:alert(1))",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        "[clic](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "[clic]: javascript:alert(1)\n\n[clic]",
    ],
)
def test_dangerous_link_schemes_never_become_links(text):
    html = render(text)
    assert "href" not in html, html


def test_safe_links_keep_their_address_and_get_a_rel():
    html = render("[Placette](https://placette.example/lieux/) et [écrire](mailto:a@example.org)")
    assert (
        '<a href="https://placette.example/lieux/" rel="nofollow noopener ugc">Placette</a>' in html
    )
    assert '<a href="mailto:a@example.org" rel="nofollow noopener ugc">écrire</a>' in html


def test_link_title_attribute_is_kept_but_escaped():
    html = render('[x](https://example.org "un titre \\" onmouseover=alert(1) \\"")')
    assert 'title="un titre &quot; onmouseover=alert(1) &quot;"' in html
    assert not re.search(r"\sonmouseover=", html.replace('title="un titre &quot; onmouseover', ""))


@pytest.mark.parametrize(
    "text",
    [
        "![une photo](https://tracker.example/pixel.png)",
        '<img src="https://tracker.example/p.png">',
    ],
)
def test_images_are_not_allowed_so_no_remote_request_happens(text):
    html = render(text)
    assert "<img" not in html
    assert not re.search(r"<[^>]*\ssrc=", html)


def test_headings_shift_one_level_down_and_h6_stays():
    html = render("# Un\n\n## Deux\n\n### Trois\n\n###### Six")
    assert "<h1>" not in html
    assert "<h2>Un</h2>" in html and "<h3>Deux</h3>" in html and "<h4>Trois</h4>" in html
    assert "<h6>Six</h6>" in html
    assert html.count("<h6>") == 1  # h5 → h6 and h6 → h6, never shifted twice


def test_tables_and_lists_work():
    html = render(
        "| Outil | Prix |\n|:--|--:|\n| Perceuse | 0 € |\n\n- un\n- deux\n\n3. trois\n4. quatre"
    )
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th align="left">Outil</th>' in html or "<th>Outil</th>" in html
    assert "<td>Perceuse</td>" in html or '<td align="left">Perceuse</td>' in html
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in html
    assert '<ol start="3">' in html


def test_emphasis_code_and_quotes():
    html = render("*a* **b** `c<d>`\n\n> citation\n\n```\n<script>\n```")
    assert "<em>a</em>" in html and "<strong>b</strong>" in html
    assert "<code>c&lt;d&gt;</code>" in html
    assert "<blockquote>" in html
    assert "<pre><code>&lt;script&gt;\n</code></pre>" in html


def test_strikethrough_is_kept():
    assert re.search(r"<(s|del)>e</\1>", render("~~e~~"))


def test_empty_and_none():
    assert render("") == "" and render(None) == ""


def test_template_filter_renders_and_is_not_escaped_twice():
    out = Template("{% load placette %}{{ text|markdown }}").render(
        Context({"text": "**gras** <script>x</script>"})
    )
    assert out == "<p><strong>gras</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
