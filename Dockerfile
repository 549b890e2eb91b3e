# Image for the Örebro governance portal: the same image runs gunicorn (web), the Celery worker and the one-shot
# migrate service in docker-compose.yml. Configuration comes from environment variables (see settings.py).
FROM python:3.11-slim-bookworm

# PYTHONPATH: the source tree in /app comes first on sys.path for every process (gunicorn, celery, manage.py), so
# BASE_DIR is /app and templates/ and static/ are found. The copy that `pip install .` puts into
# site-packages holds only the Python packages (no templates) and must never be the one imported; celery, for one,
# does not keep the working directory on sys.path.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    PORTAL_DATA_DIR=/data \
    DJANGO_STATIC_MANIFEST=1

# Runtime libraries WeasyPrint 70 loads through cffi (Pango, HarfBuzz with its subsetter) plus a font and MIME data.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libharfbuzz0b \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# A real home directory, so fontconfig (used by WeasyPrint) has a writable cache directory.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --create-home --home-dir /home/portal --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first, in their own layer: they change far less often than the source. The list is read from
# pyproject.toml (tomllib is in the standard library of Python 3.11), so it is not kept twice.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the source, and the project itself (setuptools needs the packages present to build it).
COPY . .
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf build *.egg-info

# /data/static is baked into the image (collected below); /data/media is where the named volume is mounted in
# docker-compose.yml. A new named volume is initialised from the image, so it starts out owned by `portal`.
RUN mkdir -p /data/static /data/media \
    && chown -R portal:portal /data

USER portal

# Collect static files at build time with the manifest storage (DJANGO_STATIC_MANIFEST=1). Settings refuse to load
# without a secret key when DEBUG is off, so a throwaway key is given to this command only; it is not kept in the image.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret python manage.py collectstatic --noinput

EXPOSE 8000

# /halsa/ answers 200 only when database, cache and broker answer. X-Forwarded-Proto keeps the check from being
# redirected to HTTPS when DJANGO_SECURE=1 (the header is ignored otherwise). The Host is 127.0.0.1, which must be
# in DJANGO_ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/halsa/', headers={'X-Forwarded-Proto': 'https'}), timeout=8)"]

CMD ["gunicorn", "orebro_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
