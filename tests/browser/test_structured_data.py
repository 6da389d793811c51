"""JSON-LD under the public CSP in Chromium (issue 6): a data block needs no nonce."""

import json

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.sample || event.blockedURI));
});
"""


def test_json_ld_without_nonce_is_not_blocked_but_a_script_would_be(
    page, live_server, make_article
):
    """Search engines read the JSON-LD; the CSP does not object to it, yet still stops scripts."""
    article = make_article(title_uk="Громади </script><script>window.pwned=1</script>")
    url = live_server.url + article.get_absolute_url()

    # The control, in a context of its own (the autouse fixture fails on any violation in
    # `page`): the same page with an inline script added on the way is blocked and reported,
    # so the absence of reports below means something.
    def add_script(route):
        response = route.fetch()
        body = response.text().replace("</body>", "<script>window.ran = 1</script></body>")
        route.fulfill(response=response, body=body)

    control = page.context.browser.new_context()
    try:
        tampered = control.new_page()
        tampered.add_init_script(VIOLATIONS)
        tampered.route(url, add_script)
        tampered.goto(url)
        assert tampered.evaluate("window.ran") is None
        assert any("script-src" in v for v in tampered.evaluate("window.__violations"))
    finally:
        control.close()

    page.add_init_script(VIOLATIONS)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    assert page.evaluate("window.__violations") == []
    assert not [m for m in messages if "Content Security Policy" in m]
    assert page.evaluate("window.pwned") is None
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    types = [json.loads(block)["@type"] for block in blocks]
    assert types == ["Organization", "BreadcrumbList", "NewsArticle"]
    news = json.loads(blocks[-1])
    assert news["headline"] == "Громади </script><script>window.pwned=1</script>"
