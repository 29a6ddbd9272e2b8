"""Settings from the environment: typed, with the README's defaults, and every bad one named
in the one error raised at start-up (not just the first)."""
from datetime import timedelta

import pytest

from config import Config, SettingsError

MB = 1024 * 1024


@pytest.fixture
def environment(monkeypatch):
    """The process environment with none of our settings in it."""
    for name in ("DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "ALLOWED_HOSTS", "MAIL_PORT",
                 "IDLE_TIMEOUT_MINUTES", "FORM_ATTACHMENT_MAX_MB", "CHRONOLOGY_MAX_MB",
                 "DOCUMENT_MAX_MB", "REMINDER_WINDOWS_DAYS", "MAIL_USE_TLS", "PROXY_FIX",
                 "LEARNING_EMBEDDINGS", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_with_nothing_set_the_documented_defaults_apply(environment, tmp_path):
    settings = Config(tmp_path).as_dict()
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'dhr.sqlite3'}"
    assert settings["REDIS_URL"] is None and settings["RQ_QUEUE"] == "dhr"
    assert settings["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)
    assert settings["REMINDER_WINDOWS_DAYS"] == (14, 3)
    assert settings["FORM_REMIND_BEFORE_DAYS"] == (7, 2)
    assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert settings["MAX_CONTENT_LENGTH"] == 26 * MB  # the chronology's 25 MB, and 1 MB more
    assert settings["MAIL_PORT"] == 25 and settings["MAIL_USE_TLS"] is False
    assert settings["LEARNING_EMBEDDINGS"] is True and settings["PROXY_FIX"] is False
    assert settings["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_values_are_read_with_their_types(environment, tmp_path):
    for name, value in {"DATABASE_URL": "postgres://u@db.example.org/dhr", "MAIL_PORT": "587",
                        "MAIL_USE_TLS": "yes", "IDLE_TIMEOUT_MINUTES": "45",
                        "REMINDER_WINDOWS_DAYS": "3, 14,3", "DOCUMENT_MAX_MB": "40.5",
                        "ALLOWED_HOSTS": " A.example.org, ", "PROXY_FIX": "on",
                        "LEARNING_EMBEDDINGS": "0"}.items():
        environment.setenv(name, value)
    settings = Config(tmp_path).as_dict()
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example.org/dhr"
    assert settings["MAIL_PORT"] == 587 and settings["MAIL_USE_TLS"] is True
    assert settings["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=45)
    assert settings["REMINDER_WINDOWS_DAYS"] == (14, 3)
    assert settings["DOCUMENT_MAX_BYTES"] == int(40.5 * MB)
    assert settings["MAX_CONTENT_LENGTH"] == int(40.5 * MB) + MB
    assert settings["ALLOWED_HOSTS"] == ["a.example.org"]
    assert settings["PROXY_FIX"] is True and settings["LEARNING_EMBEDDINGS"] is False


def test_one_error_names_every_bad_setting(environment, tmp_path):
    bad = {"MAIL_PORT": "twenty-five", "IDLE_TIMEOUT_MINUTES": "half an hour",
           "REMINDER_WINDOWS_DAYS": "14,-3", "CHRONOLOGY_MAX_MB": "lots",
           "MAIL_USE_TLS": "perhaps", "PUBLIC_URL": "dhr.example.org"}
    for name, value in bad.items():
        environment.setenv(name, value)
    environment.setenv("FORM_ATTACHMENT_MAX_MB", "30")  # a good one among them
    with pytest.raises(SettingsError) as raised:
        Config(tmp_path)
    assert set(raised.value.problems) == set(bad)
    message = str(raised.value)
    for name in bad:
        assert f"  {name}: " in message
    assert "FORM_ATTACHMENT_MAX_MB" not in message
    assert "an absolute address such as https://dhr.example.org" in message
