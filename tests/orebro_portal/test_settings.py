"""Settings come from the environment; each case runs in a fresh interpreter so the process' settings stay put."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'debug': settings.DEBUG, 'engine': settings.DATABASES['default']['ENGINE'],"
    "'cache': settings.CACHES['default']['BACKEND'], 'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
    "'broker': settings.CELERY_BROKER_URL}))"
)


def _settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"}}
    clean.update(DJANGO_SETTINGS_MODULE="orebro_portal.settings", PORTAL_DATA_DIR=tempfile.mkdtemp())
    clean.pop("DJANGO_SECRET_KEY", None)
    clean.update(env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_without_services_it_uses_sqlite_local_memory_and_eager_tasks():
    result = _settings_with(DJANGO_SECRET_KEY="x")
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocMemCache")
    assert values["eager"] is True


def test_database_and_redis_urls_select_postgresql_redis_and_a_real_broker():
    result = _settings_with(
        DJANGO_SECRET_KEY="x", DATABASE_URL="postgresql://u@db:5432/portal", REDIS_URL="redis://cache:6379/0"
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["cache"].endswith("RedisCache")
    assert values["eager"] is False
    assert values["broker"] == "redis://cache:6379/0"


def test_secret_key_is_required_unless_debugging():
    result = _settings_with()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert _settings_with(DJANGO_DEBUG="1").returncode == 0


def test_a_local_key_file_stands_in_for_the_variable(tmp_path):
    (tmp_path / "secret_key").write_text("from-the-key-file\n")
    result = _settings_with(PORTAL_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
