def test_health_check_answers(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
