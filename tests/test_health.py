"""/healthz answers without sign-in, reveals no data, and reports Redis and the queue."""
import pytest


def test_health_embedded(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "not configured",
                             "queue": {"mode": "in-process"}}


@pytest.mark.parametrize("app_config", [{"REDIS_URL": "redis://127.0.0.1:1/0"}])
def test_health_reports_unreachable_redis(client, app_config):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["redis"] == "error" and response.json["database"] == "ok"


def test_health_with_redis(app, redis_url):
    app.config.update(REDIS_URL=redis_url, RQ_QUEUE="health-test")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json["queue"] == {"mode": "rq", "name": "health-test", "queued": 0,
                                      "failed": 0}


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
