def test_favicon_ico_answers(client):
    """Browsers ask every page for /favicon.ico; it is the site's icon, not a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
